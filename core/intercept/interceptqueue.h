#pragma once

#include "intercept/messagerelay.h"
#include "models/callfilter.h"

#include <QAbstractTableModel>
#include <QDeadlineTimer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <vector>

namespace rpcscope {

/// The intercept ("breakpoints" on calls): requests and/or responses matching a filter are held until the user
/// forwards them (edited or not), answers them in the server's place, or drops the connection; a held message is
/// forwarded unchanged once `timeoutMs` has passed (60 s by default), so a forgotten breakpoint never hangs a
/// client. As a table model it lists the held messages, oldest first: what the GUI shows and what tests drive.
///
/// Lives on the thread of the proxy whose relays it serves (the GUI thread).
class InterceptQueue : public QAbstractTableModel, public Interceptor
{
    Q_OBJECT
public:
    enum Column { CallColumn, DirectionColumn, MethodColumn, ValueColumn, WaitingColumn, ColumnCount };
    static constexpr int defaultTimeoutMs = 60000;

    explicit InterceptQueue(QObject* parent = nullptr);
    ~InterceptQueue() override;

    /// The calls to hold (the call list's filter language); an empty filter holds every call.
    void setFilter(const CallFilter& filter) { m_filter = filter; }
    const CallFilter& filter() const { return m_filter; }
    void setInterceptRequests(bool on) { m_requests = on; }
    void setInterceptResponses(bool on) { m_responses = on; }
    bool interceptsRequests() const { return m_requests; }
    bool interceptsResponses() const { return m_responses; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    /// Off: nothing is held (what is held already stays until decided or timed out). Off by default.
    void setEnabled(bool on) { m_enabled = on; }
    bool isEnabled() const { return m_enabled; }
    int timeoutMs() const { return m_timeoutMs; }
    /// How a held message finds its call's id (the proxy's CallMarker), for `heldCallIds`.
    void setCallIdLookup(std::function<quint64(quint64 stream, qint64 requestOffset)> lookup);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const HeldMessage& message(int row) const { return m_entries[row].message; }
    /// The call id of a held message (0 until the call is known), and of all held messages.
    quint64 callId(int row) const;
    QSet<quint64> heldCallIds() const;
    /// The row of the held message of call `callId`, or -1.
    int rowOfCall(quint64 callId) const;
    /// The row of hold `holdId` of connection `streamId` (rows move as messages are decided), or -1.
    int rowOfHold(quint64 streamId, quint64 holdId) const;
    /// Milliseconds left before row `row` is forwarded by itself.
    qint64 remainingMs(int row) const { return m_entries[row].deadline.remainingTime(); }

    /// Decides row `row`: forward (with edits), answer, or drop. The row goes away.
    void decide(int row, const HoldDecision& decision);
    void forward(int row) { decide(row, {}); }
    void drop(int row);
    /// Forwards every held message unchanged (intercept switched off).
    void forwardAll();

    // Interceptor
    bool holdsRequest(const CallFilter::Facts& request) const override;
    bool wantsResponses() const override { return m_enabled && m_responses; }
    bool holdsResponse(const CallFilter::Facts& call) const override;
    void hold(const HeldMessage& message, QPointer<MessageRelay> relay) override;
    void release(const MessageRelay* relay, quint64 holdId) override;

Q_SIGNALS:
    /// A message is held at `row` (the newest).
    void messageHeld(int row);
    /// The set of held calls changed (a hold came, went, or its call became known).
    void heldChanged();
    /// A held message was forwarded because nobody decided in time.
    void timedOut(const QString& what);

private:
    struct Entry
    {
        HeldMessage message;
        QPointer<MessageRelay> relay;
        const MessageRelay* relayKey = nullptr;
        QDeadlineTimer deadline;
        mutable quint64 callId = 0;
    };
    void remove(int row);
    void tick();
    QString describe(const Entry& entry) const;

    CallFilter m_filter;
    bool m_enabled = false;
    bool m_requests = true;
    bool m_responses = false;
    int m_timeoutMs = defaultTimeoutMs;
    std::vector<Entry> m_entries;
    QTimer m_ticker;
    std::function<quint64(quint64, qint64)> m_callIdLookup;
};

} // namespace rpcscope
