#include "heldmessageeditor.h"

#include "client/argumentliteral.h"
#include "composer/valuetreeeditor.h"
#include "intercept/interceptqueue.h"
#include "jsonwriter.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace rpcscope {

namespace {

QString jsonText(const RpcValue& value)
{
    QByteArray out;
    JsonWriter json(out);
    writeRpcValue(json, value);
    return QString::fromUtf8(out);
}

} // namespace

HeldMessageEditor::HeldMessageEditor(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_tree(new ValueTreeEditor(this))
    , m_raw(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
    , m_answer(new QLineEdit(this))
    , m_faultCode(new QLineEdit(this))
    , m_faultMessage(new QLineEdit(this))
    , m_forward(new QPushButton(tr("&Forward"), this))
    , m_answerButton(new QPushButton(tr("A&nswer"), this))
    , m_drop(new QPushButton(tr("&Drop"), this))
{
    m_title->setWordWrap(true);
    m_raw->setPlaceholderText(tr("The values as text: [3, 4], {\"n\": 1}, \"text\""));
    m_raw->setTabChangesFocus(true);
    m_answer->setPlaceholderText(tr("value the client gets, e.g. 7 or \"patched\""));
    m_faultCode->setPlaceholderText(tr("4, or ValueError"));
    m_faultMessage->setPlaceholderText(tr("fault message"));
    m_forward->setToolTip(tr("Send the message on, as edited above"));
    m_answerButton->setToolTip(tr("Answer the client in the server's place: with the fault when a fault code is "
                                  "given, else with the value"));
    m_drop->setToolTip(tr("Close the connection without sending the message"));
    auto* editors = new QSplitter(Qt::Horizontal, this);
    editors->addWidget(m_tree);
    editors->addWidget(m_raw);
    auto* answerForm = new QFormLayout;
    answerForm->addRow(tr("Answer with"), m_answer);
    auto* faultRow = new QHBoxLayout;
    faultRow->addWidget(m_faultCode, 1);
    faultRow->addWidget(m_faultMessage, 3);
    answerForm->addRow(tr("or a fault"), faultRow);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_forward);
    buttons->addWidget(m_answerButton);
    buttons->addWidget(m_drop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(editors, 1);
    layout->addLayout(answerForm);
    layout->addLayout(buttons);
    connect(m_tree, &ValueTreeEditor::paramsEdited, this, &HeldMessageEditor::treeEdited);
    connect(m_raw, &QPlainTextEdit::textChanged, this, &HeldMessageEditor::rawEdited);
    connect(m_forward, &QPushButton::clicked, this, &HeldMessageEditor::forward);
    connect(m_answerButton, &QPushButton::clicked, this, &HeldMessageEditor::answer);
    connect(m_drop, &QPushButton::clicked, this, &HeldMessageEditor::drop);
    setHeld(nullptr, -1);
}

int HeldMessageEditor::currentRow() const
{
    return m_queue && m_row >= 0 ? m_queue->rowOfHold(m_streamId, m_holdId) : -1;
}

bool HeldMessageEditor::isResponse() const
{
    const int row = currentRow();
    return row >= 0 && m_queue->message(row).direction == Direction::ServerToClient;
}

void HeldMessageEditor::setHeld(InterceptQueue* queue, int row)
{
    disconnect(m_ticking);
    m_queue = queue;
    m_row = queue && row >= 0 && row < queue->rowCount() ? row : -1;
    if (m_row >= 0) {
        m_streamId = queue->message(m_row).streamId;
        m_holdId = queue->message(m_row).holdId;
        // The countdown in the title follows the queue's.
        m_ticking = connect(queue, &QAbstractItemModel::dataChanged, this, [this] {
            if (currentRow() >= 0)
                updateTitle();
        });
    }
    m_edited = false;
    m_syncing = true;
    const bool held = m_row >= 0;
    for (QWidget* w : std::initializer_list<QWidget*> {m_tree, m_raw, m_answer, m_faultCode, m_faultMessage, m_forward,
                                                       m_answerButton, m_drop})
        w->setEnabled(held);
    if (!held) {
        m_tree->setParams({});
        m_raw->clear();
        m_title->setText(tr("No message is held. Intercept calls in the Intercept panel."));
        m_status->clear();
        m_syncing = false;
        return;
    }
    const HeldMessage& m = queue->message(m_row);
    const RpcValue values = isResponse() ? RpcValue::fromArray({m.response->fault ? RpcValue() : m.response->result})
                                         : (m.request->params.isArray() ? m.request->params : RpcValue::fromArray({}));
    m_tree->setParams(values.toArray());
    m_raw->setPlainText(jsonText(isResponse() ? values.toArray().front() : values));
    m_status->clear();
    updateTitle();
    m_syncing = false;
}

void HeldMessageEditor::updateTitle()
{
    const int row = currentRow();
    const HeldMessage& m = m_queue->message(row);
    const QString what
        = m.request->object.isEmpty() ? m.request->method : m.request->object + QLatin1Char('.') + m.request->method;
    const quint64 id = m_queue->callId(row);
    QString text = isResponse() ? tr("<b>Held response</b> to %1 (call %2): edit the result, then Forward")
                                : tr("<b>Held request</b> %1 (call %2): edit the arguments, then Forward");
    text = text.arg(what.toHtmlEscaped(), id ? QString::number(id) : tr("?"));
    if (isResponse() && m.response->fault)
        text += tr(" — the server answered with a fault: %1 %2")
                    .arg(m.response->fault->code.toDisplayString(40), m.response->fault->message.toHtmlEscaped());
    text += tr(" · forwarded by itself in %1 s").arg((m_queue->remainingMs(row) + 999) / 1000);
    m_title->setText(text);
}

void HeldMessageEditor::treeEdited()
{
    if (m_syncing || currentRow() < 0)
        return;
    const Result<RpcArray> values = m_tree->params();
    if (!values) {
        m_status->setText(values.error());
        return;
    }
    m_syncing = true;
    m_edited = true;
    m_raw->setPlainText(isResponse() ? jsonText(values->empty() ? RpcValue() : values->front())
                                     : jsonText(RpcValue::fromArray(*values)));
    m_status->clear();
    m_syncing = false;
}

void HeldMessageEditor::rawEdited()
{
    if (m_syncing || currentRow() < 0)
        return;
    const QString text = m_raw->toPlainText().trimmed();
    Result<RpcValue> value = parseArgumentLiteral(QLatin1Char('[') + text + QLatin1Char(']'));
    if (!value || value->toArray().size() != 1 || (!isResponse() && !value->toArray().front().isArray())) {
        m_status->setText(isResponse() ? tr("Not one value: the raw text is kept, the tree is not changed")
                                       : tr("Not a list of arguments ([3, 4]): the raw text is kept"));
        return;
    }
    m_syncing = true;
    m_edited = true;
    const RpcValue v = value->toArray().front();
    m_tree->setParams(isResponse() ? RpcArray {v} : v.toArray());
    m_status->clear();
    m_syncing = false;
}

void HeldMessageEditor::forward()
{
    const int row = currentRow();
    if (row < 0)
        return;
    HoldDecision decision;
    if (m_edited) {
        const Result<RpcArray> values = m_tree->params();
        if (!values) {
            m_status->setText(values.error());
            return;
        }
        if (isResponse())
            decision.result = values->empty() ? RpcValue() : values->front();
        else
            decision.params = RpcValue::fromArray(*values);
    }
    InterceptQueue* queue = m_queue;
    setHeld(nullptr, -1);
    queue->decide(row, decision);
    Q_EMIT decided();
}

void HeldMessageEditor::answer()
{
    const int row = currentRow();
    if (row < 0)
        return;
    HoldDecision decision;
    decision.kind = HoldDecision::Kind::Answer;
    const QString code = m_faultCode->text().trimmed();
    if (!code.isEmpty()) {
        bool number = false;
        const qint64 n = code.toLongLong(&number);
        decision.fault
            = RpcFault {number ? RpcValue::fromInt(n) : RpcValue::fromString(code), m_faultMessage->text(), {}};
    } else {
        const QString text = m_answer->text().trimmed();
        Result<RpcValue> value = text.isEmpty() ? Result<RpcValue>(RpcValue())
                                                : parseArgumentLiteral(QLatin1Char('[') + text + QLatin1Char(']'));
        if (!value || value->toArray().size() != 1) {
            if (!text.isEmpty() && !text.startsWith(QLatin1Char('"')))
                value = parseArgumentLiteral(text);
            else
                value = Error {tr("not one value")};
            if (!value) {
                m_status->setText(tr("Answer with: %1").arg(value.error()));
                return;
            }
        } else if (!text.isEmpty()) {
            value = value->toArray().front();
        }
        decision.result = *value;
    }
    InterceptQueue* queue = m_queue;
    setHeld(nullptr, -1);
    queue->decide(row, decision);
    Q_EMIT decided();
}

void HeldMessageEditor::drop()
{
    const int row = currentRow();
    if (row < 0)
        return;
    InterceptQueue* queue = m_queue;
    setHeld(nullptr, -1);
    queue->drop(row);
    Q_EMIT decided();
}

} // namespace rpcscope
