#pragma once

#include "callsink.h"
#include "models/callentry.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <mutex>

namespace rpcscope {

/// Hands calls from a live source (the capture thread, or the proxy on the GUI thread) to the call list in small
/// batches, every `intervalMs`, so the list grows live without a model update per call. Requests show up as
/// pending as soon as they are seen and are replaced when they finish. Call ids are shifted by `idOffset` so
/// they continue after the calls already listed.
class LiveCallFeed : public QObject, public CallSink
{
    Q_OBJECT
public:
    static constexpr int intervalMs = 100;

    explicit LiveCallFeed(QObject* parent = nullptr);

    void setIdOffset(quint64 offset) { m_idOffset = offset; }
    quint64 idOffset() const { return m_idOffset; }
    /// Safe from any thread.
    void callStarted(const Call& call) override;
    void callFinished(Call&& call) override;
    /// Sends what is waiting now (at stop).
    void flush();
    qint64 finishedCalls() const;

Q_SIGNALS:
    void callsReady(const QList<rpcscope::CallEntry>& calls);

private:
    mutable std::mutex m_mutex;
    QList<CallEntry> m_batch;
    /// Used under the mutex: sources may call from more than one thread.
    BytePacker m_packer;
    /// The request bytes of calls listed as pending, packed once and shared with the finished call.
    QHash<quint64, PackedBytes> m_pendingRequests;
    quint64 m_idOffset = 0;
    qint64 m_finished = 0;
    QTimer m_timer;
};

} // namespace rpcscope
