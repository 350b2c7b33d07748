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
    Call pending = call;
    pending.id += m_idOffset;
    pending.status = CallStatus::Pending;
    std::lock_guard lock(m_mutex);
    m_batch.append(std::move(pending));
}

void LiveCallFeed::callFinished(Call&& call)
{
    call.id += m_idOffset;
    std::lock_guard lock(m_mutex);
    m_batch.append(std::move(call));
    ++m_finished;
}

void LiveCallFeed::flush()
{
    QList<Call> batch;
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
