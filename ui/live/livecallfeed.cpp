#include "livecallfeed.h"

namespace rpcscope {

LiveCallFeed::LiveCallFeed(QObject* parent)
    : QObject(parent)
{
    connect(&m_timer, &QTimer::timeout, this, &LiveCallFeed::flush);
    m_timer.start(intervalMs);
}

void LiveCallFeed::callStarted(const Call& call)
{
    // Entries are made on the source's thread, so the decoded values are freed there and not on the GUI thread.
    std::lock_guard lock(m_mutex);
    CallEntry pending = makeCallEntry(call, m_packer);
    pending.record.id += m_idOffset;
    pending.record.status = CallStatus::Pending;
    if (pending.stored.request)
        m_pendingRequests.insert(pending.record.id, pending.stored.request->bytes);
    m_batch.append(std::move(pending));
}

void LiveCallFeed::callFinished(Call&& call)
{
    std::lock_guard lock(m_mutex);
    CallEntry entry = makeCallEntry(call, m_packer, m_pendingRequests.take(call.id + m_idOffset));
    entry.record.id += m_idOffset;
    m_batch.append(std::move(entry));
    ++m_finished;
}

void LiveCallFeed::flush()
{
    QList<CallEntry> batch;
    {
        std::lock_guard lock(m_mutex);
        batch.swap(m_batch);
    }
    if (!batch.isEmpty())
        Q_EMIT callsReady(batch);
}

qint64 LiveCallFeed::finishedCalls() const
{
    std::lock_guard lock(m_mutex);
    return m_finished;
}

} // namespace rpcscope
