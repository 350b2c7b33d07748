// ProxyConnection following the endpoints its server's replies hand out: the server's bytes go through an
// EndpointFollowStage on their way to the client. See ProxyFollowPolicy in proxyconnection.h.
#include "proxyconnection.h"

#include "intercept/endpointfollowstage.h"

namespace rpcscope {

void ProxyConnection::sendOn(int to, QByteArrayView data, double ts)
{
    if (!m_followPolicy || data.isEmpty() || m_finished) {
        sendPlain(to, data);
        return;
    }
    if (!m_follow) {
        const ProxyRule via = m_rule;
        const Endpoint dialled = m_localEndpoint;
        auto follow = m_followPolicy->follow;
        m_follow = std::make_unique<EndpointFollowStage>(
            *m_followPolicy->registry, m_followPolicy->options, m_clientEndpoint.port, m_serverEndpoint.port,
            [follow, via, dialled](const HandedOutEndpoint& real) { return follow(real, dialled, via); });
        m_followQuiet.setSingleShot(true);
        connect(&m_followQuiet, &QTimer::timeout, this, &ProxyConnection::onFollowQuiet);
    }
    QByteArray toClient;
    if (to == Upstream) {
        // The client's bytes are never held: the stage only learns from them where the server's messages end.
        sendPlain(Upstream, data);
        m_follow->clientBytes(data, ts, toClient);
    } else {
        m_follow->serverBytes(data, ts, toClient);
        if (m_follow->held() > 0)
            m_followQuiet.start(m_followPolicy->quietMs);
        else
            m_followQuiet.stop();
    }
    sendFollowed(toClient);
}

void ProxyConnection::sendFollowed(QByteArray& bytes)
{
    for (const QString& note : m_follow->takeNotes())
        Q_EMIT noted(QStringLiteral("%1 → %2: %3").arg(clientText(), m_serverEndpoint.toString(), note));
    sendPlain(Client, bytes);
}

void ProxyConnection::onFollowQuiet()
{
    if (!m_follow || m_finished)
        return;
    QByteArray toClient;
    m_follow->serverQuiet(toClient);
    sendFollowed(toClient);
}

void ProxyConnection::followClientEnded(double ts)
{
    if (!m_follow || m_finished)
        return;
    QByteArray toClient;
    m_follow->clientEnded(ts, toClient);
    sendFollowed(toClient);
}

void ProxyConnection::followServerEnded(double ts)
{
    if (!m_follow || m_finished)
        return;
    m_followQuiet.stop();
    QByteArray toClient;
    m_follow->serverEnded(ts, toClient);
    sendFollowed(toClient);
}

} // namespace rpcscope
