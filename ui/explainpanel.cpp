#include "explainpanel.h"

#include "models/fieldcounterpart.h"

#include <QEvent>
#include <QFontDatabase>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace rpcscope {

namespace {

QString pathText(const DecodeNode& root, const DecodeNode& node)
{
    QStringList names;
    for (const DecodeNode* n : pathTo(root, &node))
        names << n->name;
    if (names.size() > 1)
        names.removeFirst();
    return names.join(QStringLiteral(" › "));
}

QString whereText(const DecodedMessage& message, const DecodeNode& node, const QString& messageName)
{
    if (!node.hasBytes())
        return ExplainPanel::tr("derived from other fields; no bytes of its own");
    QString buffer = messageName;
    if (node.buffer > 0 && std::size_t(node.buffer) < message.bufferNames.size())
        buffer = ExplainPanel::tr("the %1's %2").arg(messageName, message.bufferNames[node.buffer]);
    if (node.length == 0)
        return ExplainPanel::tr("at byte %1 of %2 (empty)").arg(node.offset).arg(buffer);
    if (node.length == 1)
        return ExplainPanel::tr("byte %1 of %2").arg(node.offset).arg(buffer);
    return ExplainPanel::tr("bytes %1–%2 of %3 (%4 bytes)")
        .arg(node.offset)
        .arg(node.end() - 1)
        .arg(buffer)
        .arg(node.length);
}

} // namespace

ExplainPanel::ExplainPanel(QWidget* parent)
    : QWidget(parent)
    , m_browser(new QTextBrowser(this))
{
    m_browser->setOpenLinks(false);
    setMinimumWidth(200);
    m_browser->setAccessibleName(tr("Explanation of the selected field"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.toString() == QLatin1String("counterpart") && m_counterpart)
            Q_EMIT counterpartActivated(opposite(m_direction), m_counterpart);
    });
    render();
}

void ExplainPanel::setCall(std::shared_ptr<const Call> call)
{
    m_call = std::move(call);
    m_node = nullptr;
    render();
}

void ExplainPanel::showNode(Direction direction, const DecodeNode* node)
{
    m_direction = direction;
    m_node = node;
    render();
}

QString ExplainPanel::text() const
{
    return m_browser->toPlainText();
}

QString ExplainPanel::bytesHtml(const DecodedMessage& message, const DecodeNode& node) const
{
    if (!node.hasBytes() || node.length <= 0 || std::size_t(node.buffer) >= message.buffers.size())
        return {};
    const QByteArray& buffer = message.buffers[node.buffer];
    const QByteArray bytes = buffer.mid(node.offset, std::min<qint64>(node.length, kMaxBytesShown));
    QString out;
    // Eight bytes a line keeps the dump narrow enough for a side panel.
    constexpr int perLine = 8;
    for (qsizetype line = 0; line < bytes.size(); line += perLine) {
        const QByteArray chunk = bytes.mid(line, perLine);
        QString hex = QString::fromLatin1(chunk.toHex(' ')).leftJustified(perLine * 3, QLatin1Char(' '));
        QString text;
        for (char c : chunk)
            text += (c >= 0x20 && c < 0x7f) ? QChar(QLatin1Char(c)) : QChar(QLatin1Char('.'));
        out += QString(hex + QStringLiteral("  ") + text).toHtmlEscaped() + QLatin1Char('\n');
    }
    if (node.length > kMaxBytesShown)
        out += tr("… %1 more bytes").arg(node.length - kMaxBytesShown).toHtmlEscaped();
    return QStringLiteral("<pre style=\"font-family:'%1'\">%2</pre>")
        .arg(QFontDatabase::systemFont(QFontDatabase::FixedFont).family(), out);
}

void ExplainPanel::render()
{
    m_counterpart = nullptr;
    const QPalette& pal = palette();
    const QString dim = pal.color(QPalette::PlaceholderText).name();
    if (!m_call || !m_node) {
        m_browser->setHtml(tr("<p style=\"color:%1\">Select a field in the request or response tree, or click a byte, "
                              "and this panel explains it: what the field means, its bytes, and the matching field "
                              "in the other direction of the call.</p>"
                              "<p style=\"color:%1\">Turn on <b>View › Colour Bytes by Field</b> to see how the "
                              "message is laid out.</p>")
                               .arg(dim));
        return;
    }
    const bool isRequest = m_direction == Direction::ClientToServer;
    const auto& message = isRequest ? m_call->request : m_call->response;
    const auto& other = isRequest ? m_call->response : m_call->request;
    if (!message)
        return;
    const QString here = isRequest ? tr("request") : tr("response");
    const QString there = isRequest ? tr("response") : tr("request");
    const DecodeNode& node = *m_node;

    QString html;
    html += QStringLiteral("<h3>%1 <span style=\"color:%2; font-weight:normal\">%3</span></h3>")
                .arg(node.name.toHtmlEscaped(), dim, node.type.toHtmlEscaped());
    html += QStringLiteral("<p style=\"color:%1\">%2 › %3</p>")
                .arg(dim, here, pathText(message->tree, node).toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>")
                .arg(node.description.isEmpty() ? tr("<i>No description for this field.</i>")
                                                : node.description.toHtmlEscaped());
    if (!node.value.isEmpty())
        html += tr("<p><b>Value:</b> %1</p>").arg(node.value.left(1000).toHtmlEscaped());
    html += tr("<p><b>Where:</b> %1</p>").arg(whereText(*message, node, here));
    html += bytesHtml(*message, node);

    html += tr("<h4>In the %1</h4>").arg(there);
    if (!other || other->tree.name.isEmpty()) {
        html += tr("<p style=\"color:%1\">This call has no %2.</p>").arg(dim, there);
    } else {
        const Counterpart match = findCounterpart(message->tree, node, other->tree, m_direction);
        m_counterpart = match.node;
        if (match.node) {
            const DecodeNode& o = *match.node;
            html += tr("<p><a href=\"counterpart\">%1</a> <span style=\"color:%2\">%3</span> — %4</p>")
                        .arg(pathText(other->tree, o).toHtmlEscaped(), dim, o.type.toHtmlEscaped(),
                             match.how.toHtmlEscaped());
            if (!o.description.isEmpty())
                html += QStringLiteral("<p>%1</p>").arg(o.description.toHtmlEscaped());
            if (!o.value.isEmpty())
                html += tr("<p><b>Value:</b> %1</p>").arg(o.value.left(1000).toHtmlEscaped());
            html += tr("<p><b>Where:</b> %1</p>").arg(whereText(*other, o, there));
            html += bytesHtml(*other, o);
        }
    }
    m_browser->setHtml(html);
}

void ExplainPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render();
}

} // namespace rpcscope
