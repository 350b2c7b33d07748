#include "calldetailsview.h"

#include "callformat.h"
#include "messagepane.h"
#include "themecolors.h"

#include <QDateTime>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QVBoxLayout>

namespace rpcscope {

namespace {

QString captionFor(const QString& what, const DecodedMessage& m)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(qint64(m.firstSeen * 1000.0));
    QString caption = QStringLiteral("%1 · %2 bytes · %3")
                          .arg(what, QLocale::system().toString(m.size()), t.toString(QStringLiteral("HH:mm:ss.zzz")));
    if (!m.summary.isEmpty())
        caption += QStringLiteral(" · ") + m.summary;
    return caption;
}

} // namespace

CallDetailsView::CallDetailsView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_split(new QSplitter(Qt::Horizontal, this))
    , m_request(new MessagePane(Direction::ClientToServer, this))
    , m_response(new MessagePane(Direction::ServerToClient, this))
{
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setContentsMargins(4, 2, 4, 2);
    m_split->addWidget(m_request);
    m_split->addWidget(m_response);
    m_split->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_summary);
    layout->addWidget(m_split, 1);

    connect(m_request, &MessagePane::nodeSelected, this,
            [this](const DecodeNode* node) { Q_EMIT nodeSelected(Direction::ClientToServer, node); });
    connect(m_response, &MessagePane::nodeSelected, this,
            [this](const DecodeNode* node) { Q_EMIT nodeSelected(Direction::ServerToClient, node); });
    showCall(nullptr);
}

void CallDetailsView::insertPanel(QWidget* panel)
{
    // Between the summary line and the message panes.
    static_cast<QVBoxLayout*>(layout())->insertWidget(1, panel);
}

MessagePane* CallDetailsView::pane(Direction direction) const
{
    return direction == Direction::ClientToServer ? m_request : m_response;
}

void CallDetailsView::showCall(std::shared_ptr<const Call> call, const QString& protocolName)
{
    m_call = std::move(call);
    if (!m_call) {
        m_summary->setText(tr("<i>No call selected.</i> Open a capture (Ctrl+O) or drop one here, then pick a call "
                              "in the list."));
        m_request->setPlaceholder(tr("Request"), tr("Select a call to see its request."));
        m_response->setPlaceholder(tr("Response"), tr("Select a call to see its response."));
        return;
    }
    const Call& c = *m_call;
    const auto latency = c.latencyMs();
    QString line = QStringLiteral("<b>#%1</b> &nbsp;%2 &nbsp;·&nbsp; %3 → %4 &nbsp;·&nbsp; %5 &nbsp;·&nbsp; ")
                       .arg(c.id)
                       .arg(callSummary(c, 200).toHtmlEscaped(), c.client.toString(), c.server.toString(),
                            (protocolName.isEmpty() ? c.protocol : protocolName).toHtmlEscaped());
    const QColor statusColor = themecolors::statusText(c.status, palette());
    line += statusColor.isValid()
        ? QStringLiteral("<b style=\"color:%1\">%2</b>").arg(statusColor.name(), statusName(c.status))
        : statusName(c.status);
    if (latency)
        line += QStringLiteral(" &nbsp;·&nbsp; %1 ms").arg(*latency, 0, 'f', 3);
    if (!c.rule.isEmpty())
        line += tr("<br>Changed in flight: <b>%1</b>").arg(c.rule.toHtmlEscaped());
    for (const QString& note : c.notes)
        line += QStringLiteral("<br><span style=\"color:%1\">%2</span>")
                    .arg(themecolors::errorText(palette()).name(), note.toHtmlEscaped());
    m_summary->setText(line);

    if (c.request)
        m_request->setMessage(c.request, captionFor(tr("Request"), *c.request));
    else
        m_request->setPlaceholder(tr("Request"),
                                  tr("The request was not captured (the capture started after it "
                                     "was sent)."));
    if (c.response)
        m_response->setMessage(c.response, captionFor(tr("Response"), *c.response));
    else if (c.status == CallStatus::Pending)
        m_response->setPlaceholder(tr("Response"), tr("Waiting for the reply."));
    else if (c.request && !c.request->expectsReply)
        m_response->setPlaceholder(tr("Response"), tr("A oneway call: no reply is expected."));
    else
        m_response->setPlaceholder(
            tr("Response"),
            tr("No reply was seen: %1.").arg(c.notes.isEmpty() ? tr("the capture has none") : c.notes.first()));
}

void CallDetailsView::setOrientation(Qt::Orientation orientation)
{
    m_split->setOrientation(orientation);
}

Qt::Orientation CallDetailsView::orientation() const
{
    return m_split->orientation();
}

void CallDetailsView::setColorByField(bool on)
{
    m_request->setColorByField(on);
    m_response->setColorByField(on);
}

void CallDetailsView::selectNode(Direction direction, const DecodeNode* node)
{
    pane(direction)->selectNode(node);
}

QByteArray CallDetailsView::saveState() const
{
    return m_split->saveState();
}

void CallDetailsView::restoreState(const QByteArray& state)
{
    m_split->restoreState(state);
}

} // namespace rpcscope
