#include "interceptqueue.h"

namespace rpcscope {

InterceptQueue::InterceptQueue(QObject* parent)
    : QAbstractTableModel(parent)
{
    // Once a second: the Waiting column counts down, and messages past their time are forwarded.
    m_ticker.setInterval(250);
    connect(&m_ticker, &QTimer::timeout, this, &InterceptQueue::tick);
}

InterceptQueue::~InterceptQueue()
{
    // Whatever is still held goes on: a closing window never leaves a client hanging.
    forwardAll();
}

void InterceptQueue::setCallIdLookup(std::function<quint64(quint64, qint64)> lookup)
{
    m_callIdLookup = std::move(lookup);
}

int InterceptQueue::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int InterceptQueue::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

quint64 InterceptQueue::callId(int row) const
{
    const Entry& e = m_entries[row];
    if (e.callId == 0 && m_callIdLookup)
        e.callId = m_callIdLookup(e.message.streamId, e.message.requestOffset);
    return e.callId;
}

QSet<quint64> InterceptQueue::heldCallIds() const
{
    QSet<quint64> ids;
    for (int row = 0; row < rowCount(); ++row) {
        if (const quint64 id = callId(row))
            ids.insert(id);
    }
    return ids;
}

int InterceptQueue::rowOfCall(quint64 id) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (callId(row) == id)
            return row;
    }
    return -1;
}

QString InterceptQueue::describe(const Entry& entry) const
{
    const DecodedMessage& request = *entry.message.request;
    return request.object.isEmpty() ? request.method : request.object + QLatin1Char('.') + request.method;
}

QVariant InterceptQueue::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const Entry& e = m_entries[index.row()];
    const bool response = e.message.direction == Direction::ServerToClient;
    switch (index.column()) {
    case CallColumn: {
        const quint64 id = callId(index.row());
        return id ? QVariant(id) : QVariant();
    }
    case DirectionColumn:
        return response ? tr("response") : tr("request");
    case MethodColumn:
        return describe(e);
    case ValueColumn:
        if (response) {
            const DecodedMessage& r = *e.message.response;
            return r.fault ? QStringLiteral("%1: %2").arg(r.fault->code.toDisplayString(40), r.fault->message)
                           : r.result.toDisplayString(120);
        }
        return e.message.request->params.toDisplayString(120);
    case WaitingColumn:
        return tr("%1 s").arg((e.deadline.remainingTime() + 999) / 1000);
    }
    return {};
}

QVariant InterceptQueue::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case CallColumn:
        return tr("No.");
    case DirectionColumn:
        return tr("Held");
    case MethodColumn:
        return tr("Method");
    case ValueColumn:
        return tr("Arguments / result");
    case WaitingColumn:
        return tr("Forwarded in");
    }
    return {};
}

bool InterceptQueue::holdsRequest(const CallFilter::Facts& request) const
{
    return m_enabled && m_requests && m_filter.isValid() && m_filter.matches(request);
}

bool InterceptQueue::holdsResponse(const CallFilter::Facts& call) const
{
    return m_enabled && m_responses && m_filter.isValid() && m_filter.matches(call);
}

int InterceptQueue::rowOfHold(quint64 streamId, quint64 holdId) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (m_entries[row].message.streamId == streamId && m_entries[row].message.holdId == holdId)
            return row;
    }
    return -1;
}

void InterceptQueue::hold(const HeldMessage& message, QPointer<MessageRelay> relay)
{
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.push_back(Entry {message, relay, relay.data(), QDeadlineTimer(m_timeoutMs), 0});
    endInsertRows();
    if (!m_ticker.isActive())
        m_ticker.start();
    Q_EMIT messageHeld(row);
    Q_EMIT heldChanged();
}

void InterceptQueue::release(const MessageRelay* relay, quint64 holdId)
{
    for (int row = 0; row < rowCount(); ++row) {
        if (m_entries[row].relayKey == relay && m_entries[row].message.holdId == holdId) {
            remove(row);
            return;
        }
    }
}

void InterceptQueue::remove(int row)
{
    beginRemoveRows({}, row, row);
    m_entries.erase(m_entries.begin() + row);
    endRemoveRows();
    if (m_entries.empty())
        m_ticker.stop();
    Q_EMIT heldChanged();
}

void InterceptQueue::decide(int row, const HoldDecision& decision)
{
    if (row < 0 || row >= rowCount())
        return;
    const QPointer<MessageRelay> relay = m_entries[row].relay;
    const quint64 holdId = m_entries[row].message.holdId;
    remove(row);
    // The relay may answer at once and close its connection, which can come back here (release): decide last.
    if (relay)
        relay->resolve(holdId, decision);
}

void InterceptQueue::drop(int row)
{
    HoldDecision decision;
    decision.kind = HoldDecision::Kind::Drop;
    decide(row, decision);
}

void InterceptQueue::forwardAll()
{
    while (!m_entries.empty())
        forward(0);
}

void InterceptQueue::tick()
{
    for (int row = 0; row < rowCount();) {
        if (!m_entries[row].deadline.hasExpired()) {
            ++row;
            continue;
        }
        const QString what = describe(m_entries[row]);
        HoldDecision decision;
        decision.note = tr("intercept: forwarded after %1 s without a decision").arg(m_timeoutMs / 1000.0);
        decide(row, decision);
        Q_EMIT timedOut(what);
    }
    if (!m_entries.empty())
        Q_EMIT dataChanged(index(0, WaitingColumn), index(rowCount() - 1, WaitingColumn));
}

} // namespace rpcscope
