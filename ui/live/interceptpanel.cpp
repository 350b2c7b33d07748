#include "interceptpanel.h"

#include "intercept/interceptqueue.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace rpcscope {

InterceptPanel::InterceptPanel(InterceptQueue& queue, std::vector<CallFilter::ProtocolName> protocols, QWidget* parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_protocols(std::move(protocols))
    , m_enabled(new QCheckBox(tr("&Intercept calls matching"), this))
    , m_filter(new QLineEdit(this))
    , m_requests(new QCheckBox(tr("Requests"), this))
    , m_responses(new QCheckBox(tr("Responses"), this))
    , m_timeout(new QSpinBox(this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this))
    , m_forwardAll(new QPushButton(tr("Forward &All"), this))
{
    m_enabled->setObjectName(QStringLiteral("interceptEnabled"));
    m_filter->setPlaceholderText(tr("method:add, protocol:pyro4 object:example.greeting, params~letian (empty: all)"));
    m_filter->setToolTip(tr("The call list's filter language, applied to each request (and, for responses, to the "
                            "call with its status and latency) passing through the proxy"));
    m_requests->setChecked(queue.interceptsRequests());
    m_responses->setChecked(queue.interceptsResponses());
    m_timeout->setRange(1, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setValue(queue.timeoutMs() / 1000);
    m_timeout->setToolTip(tr("A held message nobody decides on is forwarded after this long, so a forgotten "
                             "breakpoint never hangs a client"));
    m_status->setWordWrap(true);
    m_table->setModel(&queue);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    // The arguments (or result) get the room; the other columns are short.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(InterceptQueue::ValueColumn, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();

    auto* top = new QHBoxLayout;
    top->addWidget(m_enabled);
    top->addWidget(m_filter, 1);
    top->addWidget(m_requests);
    top->addWidget(m_responses);
    top->addWidget(new QLabel(tr("forward after"), this));
    top->addWidget(m_timeout);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_forwardAll);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    for (QCheckBox* box : {m_enabled, m_requests, m_responses})
        connect(box, &QCheckBox::toggled, this, &InterceptPanel::apply);
    connect(m_filter, &QLineEdit::editingFinished, this, &InterceptPanel::apply);
    connect(m_timeout, &QSpinBox::valueChanged, this, &InterceptPanel::apply);
    connect(m_forwardAll, &QPushButton::clicked, &queue, &InterceptQueue::forwardAll);
    connect(m_table, &QTableView::activated, this,
            [this](const QModelIndex& index) { Q_EMIT heldMessageChosen(index.row()); });
    connect(m_table, &QTableView::clicked, this,
            [this](const QModelIndex& index) { Q_EMIT heldMessageChosen(index.row()); });
    connect(&queue, &InterceptQueue::timedOut, this, [this](const QString& what) {
        m_status->setText(tr("%1 was forwarded: nobody decided within %2 s").arg(what).arg(m_timeout->value()));
    });
    connect(&queue, &InterceptQueue::heldChanged, this, [this] {
        m_forwardAll->setEnabled(m_queue.rowCount() > 0);
        if (m_queue.rowCount() > 0)
            m_status->setText(
                tr("%n message(s) held: pick one to edit it in the call details", nullptr, m_queue.rowCount()));
    });
    m_forwardAll->setEnabled(false);
    apply();
}

bool InterceptPanel::apply()
{
    const CallFilter filter = CallFilter::parse(m_filter->text(), m_protocols);
    if (!filter.isValid()) {
        m_status->setText(
            tr("Filter: %1 (at character %2)").arg(filter.error()->message).arg(filter.error()->position + 1));
        m_queue.setEnabled(false);
        return false;
    }
    m_queue.setFilter(filter);
    m_queue.setInterceptRequests(m_requests->isChecked());
    m_queue.setInterceptResponses(m_responses->isChecked());
    m_queue.setTimeoutMs(m_timeout->value() * 1000);
    m_queue.setEnabled(m_enabled->isChecked());
    if (m_queue.rowCount() == 0)
        m_status->setText(m_enabled->isChecked()
                              ? tr("Holding %1 matching %2 on their way through the proxy.")
                                    .arg(m_requests->isChecked() && m_responses->isChecked()
                                             ? tr("requests and responses")
                                             : m_responses->isChecked() ? tr("responses")
                                                                        : tr("requests"),
                                         m_filter->text().isEmpty() ? tr("anything") : m_filter->text())
                              : tr("Off: calls pass the proxy without stopping."));
    return true;
}

} // namespace rpcscope
