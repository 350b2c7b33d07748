// ProxyConnection with call rules or an intercept: plaintext goes through a MessageRelay, which decides what each
// side receives; both sides are recorded as they really were. See the class comment in proxyconnection.h.
#include "proxyconnection.h"

#include "bytestreamsink.h"
#include "intercept/callmarker.h"
#include "tlschannel.h"

#include <QSocketNotifier>

#include <sys/socket.h>

namespace rpcscope {

void ProxyConnection::setCallRules(std::shared_ptr<const CallRuleSet> rules)
{
    m_rulesOverride = std::move(rules);
    if (m_relay)
        m_relay->setRules(m_rulesOverride);
}

void ProxyConnection::deliver(int from, QByteArrayView plaintext, double ts)
{
    if (!m_policy) {
        // The bytes go on first and are recorded (and decoded, in the sinks) after, so the peer is already at work
        // while we decode. Should the send end the connection, the end is recorded after these bytes (see
        // recordPassing()).
        m_passing = Passing {from, plaintext, ts};
        sendOn(other(from), plaintext, ts);
        recordPassing();
        return;
    }
    if (!m_relay) {
        RelayPolicy policy;
        policy.rules = m_rulesOverride ? m_rulesOverride : m_policy->rules;
        policy.interceptor = m_policy->interceptor;
        policy.marker = m_policy->marker;
        m_relay = std::make_unique<MessageRelay>(*m_policy->registry, m_policy->options, std::move(policy),
                                                 static_cast<RelayOutput&>(*this), m_streamId, m_clientEndpoint,
                                                 m_serverEndpoint);
    }
    if (from == Client) {
        m_relay->fromClient(plaintext, ts);
    } else {
        recordUpstream(Direction::ServerToClient, plaintext, ts);
        m_relay->fromServer(plaintext, ts);
    }
}

void ProxyConnection::recordPassing()
{
    if (!m_passing)
        return;
    const Passing passing = *m_passing;
    m_passing.reset();
    record(passing.from, passing.data, passing.ts);
}

void ProxyConnection::sendPlain(int to, QByteArrayView data)
{
    if (m_finished || data.isEmpty())
        return;
    if (TlsChannel* channel = m_channels[to].get()) {
        channel->send(data);
        sendCiphertext(to);
        return;
    }
    // Without TLS only an HTTP-proxy client's bytes can come before the upstream is there; queue() keeps them.
    queue(to, data);
}

void ProxyConnection::recordUpstream(Direction dir, QByteArrayView data, double ts)
{
    if (!m_upstreamStreamOpen)
        return;
    ByteStreamSink& sink = *m_policy->upstreamSink;
    if (data.isEmpty())
        sink.streamEnded(upstreamStreamId(m_streamId), dir, ts, false);
    else
        sink.streamData(upstreamStreamId(m_streamId), dir, data, ts);
}

void ProxyConnection::clientSent(QByteArrayView bytes, double ts, const PredecodedMessage& decoded)
{
    record(Client, bytes, ts, decoded ? &decoded : nullptr);
}

void ProxyConnection::toServer(QByteArrayView bytes, const DecodedMessage* request)
{
    Q_UNUSED(request);
    const double now = wallClockSeconds();
    recordUpstream(Direction::ClientToServer, bytes, now);
    sendOn(Upstream, bytes, now);
}

void ProxyConnection::toClient(QByteArrayView bytes)
{
    // What the client receives is the client's side of the recording (before a followed endpoint is rewritten: the
    // recording shows the endpoints as the server handed them out).
    const double now = wallClockSeconds();
    record(Upstream, bytes, now);
    sendOn(Client, bytes, now);
}

void ProxyConnection::endTowards(int to)
{
    Side& side = m_sides[to];
    if (side.endQueued || m_finished)
        return;
    if (m_channels[to] && tlsReady()) {
        m_channels[to]->close();
        sendCiphertext(to);
    }
    side.endQueued = true;
    if (side.pending() == 0 && !side.writeShut && side.fd >= 0 && (to == Client || m_connected)) {
        ::shutdown(side.fd, SHUT_WR);
        side.writeShut = true;
    }
    maybeFinish();
}

void ProxyConnection::endToServer()
{
    recordUpstream(Direction::ClientToServer, {}, wallClockSeconds());
    endTowards(Upstream);
}

void ProxyConnection::endToClient()
{
    followServerEnded(wallClockSeconds()); // what the follow stage holds goes before the end
    if (m_streamOpen)
        m_sink.streamEnded(m_streamId, Direction::ServerToClient, wallClockSeconds(), false);
    endTowards(Client);
}

void ProxyConnection::closeConnection(bool reset)
{
    if (m_finished)
        return;
    if (reset) {
        propagateReset(Client, 0);
        return;
    }
    // What was already queued for the client (earlier answers) goes first, as far as the socket takes it.
    if (m_channels[Client] && tlsReady()) {
        m_channels[Client]->close();
        sendCiphertext(Client);
    }
    flush(Client);
    if (!m_finished)
        closeAll(false);
}

void ProxyConnection::report(const QString& problem)
{
    Q_EMIT failed(problem);
}

} // namespace rpcscope
