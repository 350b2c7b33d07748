#include "connectionclocks.h"

namespace rpcscope {

ConnectionClocks::ConnectionClocks(const ConnectionLimits& limits, QObject* parent)
    : QObject(parent)
    , m_idleMs(limits.idleTimeoutMs)
    , m_requestMs(limits.requestTimeoutMs)
{
    m_idleTimer.setSingleShot(true);
    m_requestTimer.setSingleShot(true);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] {
        const qint64 quietMs = m_lastActivity.elapsed();
        if (quietMs < m_idleMs)
            return m_idleTimer.start(int(m_idleMs - quietMs));
        Q_EMIT expired(Expiry::Idle, QStringLiteral("idle for %1 ms").arg(m_idleMs));
    });
    connect(&m_requestTimer, &QTimer::timeout, this, [this] {
        if (!m_requestStart.isValid())
            return;
        const qint64 takenMs = m_requestStart.elapsed();
        if (takenMs < m_requestMs)
            return m_requestTimer.start(int(m_requestMs - takenMs));
        Q_EMIT expired(Expiry::Request,
                       QStringLiteral("request not complete %1 ms after its first byte").arg(m_requestMs));
    });
    m_lastActivity.start();
    m_idleTimer.start(m_idleMs);
}

void ConnectionClocks::received()
{
    m_lastActivity.restart();
}

void ConnectionClocks::setRequestPending(bool pending)
{
    if (!pending) {
        requestDone();
    } else if (!m_requestStart.isValid()) {
        m_requestStart.start();
        // Started once per request; when the request finishes first, the timer finds the clock stopped (or
        // restarted by the next request) and waits for the rest of that one.
        if (!m_requestTimer.isActive())
            m_requestTimer.start(m_requestMs);
    }
}

void ConnectionClocks::requestDone()
{
    m_requestStart.invalidate();
}

} // namespace rpcscope
