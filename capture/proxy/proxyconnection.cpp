#include "proxyconnection.h"

#include "bytestreamsink.h"
#include "intercept/callmarker.h"
#include "intercept/endpointfollowstage.h"
#include "proxytls.h"
#include "tlschannel.h"

#include <QHostInfo>
#include <QSocketNotifier>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace rpcscope {

namespace {

constexpr qint64 kReadChunk = 64 * 1024;
// Reads per readiness notification: enough to move bulk data quickly, few enough to stay fair to other
// connections sharing the event loop.
constexpr int kReadsPerWakeup = 4;

Endpoint endpointOf(const QHostAddress& address, quint16 port)
{
    QHostAddress plain = address;
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        plain = QHostAddress(v4); // ::ffff:a.b.c.d as a.b.c.d
    return Endpoint {plain.toString(), port};
}

Endpoint addressOf(int fd, bool peer)
{
    sockaddr_storage storage {};
    socklen_t length = sizeof(storage);
    const int got = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&storage), &length)
                         : ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
    if (got != 0)
        return {};
    const QHostAddress address(reinterpret_cast<const sockaddr*>(&storage));
    quint16 port = 0;
    if (storage.ss_family == AF_INET)
        port = ntohs(reinterpret_cast<const sockaddr_in*>(&storage)->sin_port);
    else if (storage.ss_family == AF_INET6)
        port = ntohs(reinterpret_cast<const sockaddr_in6*>(&storage)->sin6_port);
    return endpointOf(address, port);
}

void setNoDelay(int fd)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

double wallClockSeconds()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1e6;
}

ProxyConnection::ProxyConnection(int clientFd, const ProxyRule& rule, quint64 streamId, ByteStreamSink& sink,
                                 ProxyRuleCounters& counters, std::shared_ptr<ProxyTls> tls, QObject* parent)
    : QObject(parent)
    , m_rule(rule)
    , m_streamId(streamId)
    , m_sink(sink)
    , m_counters(counters)
    , m_tls(rule.tls.enabled ? std::move(tls) : nullptr)
{
    Side& client = m_sides[Client];
    client.fd = clientFd;
    ::fcntl(clientFd, F_SETFL, ::fcntl(clientFd, F_GETFL) | O_NONBLOCK);
    setNoDelay(clientFd);
    m_clientEndpoint = addressOf(clientFd, true);
    m_localEndpoint = addressOf(clientFd, false);
    client.readNotifier = std::make_unique<QSocketNotifier>(clientFd, QSocketNotifier::Read);
    client.writeNotifier = std::make_unique<QSocketNotifier>(clientFd, QSocketNotifier::Write);
    client.writeNotifier->setEnabled(false);
    connect(client.readNotifier.get(), &QSocketNotifier::activated, this, [this] { onReadable(Client); });
    connect(client.writeNotifier.get(), &QSocketNotifier::activated, this, [this] { onWritable(Client); });
    m_connectTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &ProxyConnection::onTimeout);
}

ProxyConnection::~ProxyConnection()
{
    if (!m_finished)
        closeAll(false, false);
}

void ProxyConnection::start()
{
    if (m_rule.httpProxy) {
        // The origin is in the first request head: read it first.
        m_rewriter = std::make_unique<HttpProxyRewriter>();
        return;
    }
    if (m_tls) {
        // The client's ClientHello (its SNI name) comes first; the upstream is reached once it is read.
        startTls();
        return;
    }
    // Nothing is read from the client before the upstream answers: its bytes wait in the kernel.
    m_sides[Client].readNotifier->setEnabled(false);
    resolveAndConnect(m_rule.target);
}

void ProxyConnection::resolveAndConnect(const HostPort& target)
{
    m_target = target;
    m_connecting = true;
    m_connectTimer.start(connectTimeoutMs);
    QHostAddress literal;
    if (literal.setAddress(target.host)) {
        connectTo(literal, target.port);
        return;
    }
    QHostInfo::lookupHost(target.host, this, [this](const QHostInfo& info) {
        if (m_finished)
            return;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            failUpstream(QStringLiteral("cannot resolve the name: %1").arg(info.errorString()));
            return;
        }
        // Prefer IPv4, as most test servers listen on 127.0.0.1.
        QHostAddress chosen = info.addresses().first();
        for (const QHostAddress& a : info.addresses()) {
            if (a.protocol() == QAbstractSocket::IPv4Protocol) {
                chosen = a;
                break;
            }
        }
        connectTo(chosen, m_target.port);
    });
}

void ProxyConnection::connectTo(const QHostAddress& address, quint16 port)
{
    sockaddr_storage storage {};
    socklen_t length = 0;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, 16);
        length = sizeof(sockaddr_in6);
    } else {
        auto* in4 = reinterpret_cast<sockaddr_in*>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    m_serverEndpoint = endpointOf(address, port);
    const int fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        failUpstream(errnoText(errno));
        return;
    }
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    setNoDelay(fd);
    Side& upstream = m_sides[Upstream];
    upstream.fd = fd;
    upstream.readNotifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
    upstream.readNotifier->setEnabled(false);
    upstream.writeNotifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Write);
    connect(upstream.readNotifier.get(), &QSocketNotifier::activated, this, [this] { onReadable(Upstream); });
    connect(upstream.writeNotifier.get(), &QSocketNotifier::activated, this, [this] {
        if (m_connecting)
            onConnectResult();
        else
            onWritable(Upstream);
    });
    if (::connect(fd, reinterpret_cast<sockaddr*>(&storage), length) == 0) {
        upstream.writeNotifier->setEnabled(false);
        onConnected();
    } else if (errno != EINPROGRESS) {
        failUpstream(errnoText(errno));
    }
    // else: the write notifier fires when the connection is made or refused.
}

void ProxyConnection::onConnectResult()
{
    Side& upstream = m_sides[Upstream];
    upstream.writeNotifier->setEnabled(false);
    int error = 0;
    socklen_t length = sizeof(error);
    ::getsockopt(upstream.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
        failUpstream(errnoText(error));
        return;
    }
    onConnected();
}

void ProxyConnection::onConnected()
{
    m_connecting = false;
    m_connected = true;
    if (m_tls) {
        // The clock keeps running: the upstream's TLS handshake must complete within it too.
        startUpstreamTls();
        return;
    }
    m_connectTimer.stop();
    const double now = wallClockSeconds();
    openStream(now);
    m_sides[Upstream].readNotifier->setEnabled(true);
    if (!m_sides[Client].readEof && !m_sides[Client].throttled)
        m_sides[Client].readNotifier->setEnabled(true);
    if (m_sides[Client].readEof)
        endDirection(Client, now);
    flush(Upstream);
}

void ProxyConnection::openStream(double ts)
{
    m_sink.streamOpened(m_streamId, m_clientEndpoint, m_serverEndpoint, ts, true);
    m_streamOpen = true;
    if (m_policy && m_policy->upstreamSink && !m_upstreamStreamOpen && m_sides[Upstream].fd >= 0) {
        m_policy->upstreamSink->streamOpened(upstreamStreamId(m_streamId), addressOf(m_sides[Upstream].fd, false),
                                             m_serverEndpoint, ts, true);
        m_upstreamStreamOpen = true;
    }
    if (!m_unrecorded.isEmpty()) {
        m_sink.streamData(m_streamId, Direction::ClientToServer, m_unrecorded, m_unrecordedTs);
        m_unrecorded.clear();
    }
    if (!m_unrecordedReply.isEmpty()) {
        m_sink.streamData(m_streamId, Direction::ServerToClient, m_unrecordedReply, m_unrecordedReplyTs);
        m_unrecordedReply.clear();
    }
}

void ProxyConnection::endDirection(int side, double ts)
{
    Side& from = m_sides[side];
    if (from.plaintextEnded || !m_streamOpen)
        return; // told once, and only about an open stream (onConnected tells about an early FIN)
    from.plaintextEnded = true;
    if (side == Client)
        followClientEnded(ts);
    if (m_relay) {
        // The relay decides when the other side hears of it: after what it still holds has gone on.
        if (side == Client) {
            m_sink.streamEnded(m_streamId, Direction::ClientToServer, ts, false);
            m_relay->clientEnded(ts);
        } else {
            recordUpstream(Direction::ServerToClient, {}, ts);
            m_relay->serverEnded(ts);
        }
        return;
    }
    if (side == Upstream)
        followServerEnded(ts); // what the follow stage holds goes to the client before the end
    m_sink.streamEnded(m_streamId, side == Client ? Direction::ClientToServer : Direction::ServerToClient, ts, false);
    // TLS: the other side learns it from a close_notify, queued before the FIN that follows once it is written.
    if (m_channels[other(side)] && tlsReady()) {
        m_channels[other(side)]->close();
        sendCiphertext(other(side));
    }
}

void ProxyConnection::onTimeout()
{
    const bool upstreamPending = m_connecting
        || (m_connected && m_channels[Upstream] && m_channels[Upstream]->state() != TlsChannel::State::Established);
    if (!m_tls || upstreamPending) {
        failUpstream(QStringLiteral("no answer within %1 s").arg(connectTimeoutMs / 1000));
        return;
    }
    // A client that connects and says nothing (or not TLS) must not hold a TLS connection open forever.
    m_counters.connectionsFailed++;
    reportTls(QStringLiteral("the client %1 did not complete a TLS handshake within %2 s")
                  .arg(clientText())
                  .arg(connectTimeoutMs / 1000));
    closeAll(false);
}

void ProxyConnection::onReadable(int side)
{
    Side& from = m_sides[side];
    const int to = other(side);
    char buffer[kReadChunk];
    for (int round = 0; round < kReadsPerWakeup && !m_finished; ++round) {
        if (m_sides[to].pending() >= highWater) {
            from.throttled = true;
            from.readNotifier->setEnabled(false);
            return;
        }
        const ssize_t n = ::recv(from.fd, buffer, sizeof(buffer), 0);
        if (n > 0) {
            passOn(side, QByteArrayView(buffer, n), wallClockSeconds());
            if (n < static_cast<ssize_t>(sizeof(buffer)))
                return;
        } else if (n == 0) {
            onEof(side);
            return;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return;
        } else {
            propagateReset(side, errno);
            return;
        }
    }
}

void ProxyConnection::passOn(int from, QByteArrayView data, double ts)
{
    if (m_channels[from]) {
        receiveTls(from, data, ts);
        return;
    }
    if (from == Client && m_rewriter) {
        m_rewritten.clear();
        const HttpProxyRewriter::State state = m_rewriter->feed(data, m_rewritten);
        if (!m_rewritten.isEmpty())
            deliver(Client, m_rewritten, ts);
        if (state == HttpProxyRewriter::State::Refuse) {
            m_counters.connectionsFailed++;
            Q_EMIT failed(QStringLiteral("HTTP proxy request from %1 refused: %2")
                              .arg(clientText(), m_rewriter->refusalReason()));
            // Answer with the reason, then close: the client sees why.
            const QByteArray& refusal = m_rewriter->refusal();
            (void)::send(m_sides[Client].fd, refusal.constData(), refusal.size(), MSG_NOSIGNAL);
            closeAll(false);
            return;
        }
        if (!m_connecting && !m_connected && m_rewriter->hasOrigin())
            resolveAndConnect(m_rewriter->origin());
        return;
    }
    deliver(from, data, ts);
}

void ProxyConnection::record(int from, QByteArrayView data, double ts, const PredecodedMessage* decoded)
{
    const Direction dir = from == Client ? Direction::ClientToServer : Direction::ServerToClient;
    if (dir == Direction::ClientToServer)
        m_counters.bytesClientToServer += data.size();
    else
        m_counters.bytesServerToClient += data.size();
    if (m_streamOpen && decoded) {
        m_sink.streamMessage(m_streamId, dir, data, ts, *decoded);
    } else if (m_streamOpen) {
        m_sink.streamData(m_streamId, dir, data, ts);
    } else if (dir == Direction::ClientToServer) {
        if (m_unrecorded.isEmpty())
            m_unrecordedTs = ts;
        m_unrecorded.append(data);
    } else {
        if (m_unrecordedReply.isEmpty())
            m_unrecordedReplyTs = ts;
        m_unrecordedReply.append(data);
    }
}

void ProxyConnection::queue(int to, QByteArrayView data)
{
    Side& side = m_sides[to];
    if (side.pending() == 0) {
        side.out.clear();
        side.outHead = 0;
    }
    side.out.append(data);
    m_counters.peakQueuedBytes = std::max(m_counters.peakQueuedBytes, side.pending());
    // The client's descriptor is always there; the upstream's only once connected.
    if (m_connected || to == Client)
        flush(to);
}

void ProxyConnection::flush(int to)
{
    Side& side = m_sides[to];
    while (side.pending() > 0) {
        const ssize_t n = ::send(side.fd, side.out.constData() + side.outHead, side.pending(), MSG_NOSIGNAL);
        if (n > 0) {
            side.outHead += n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            side.writeNotifier->setEnabled(true);
            return;
        } else {
            // The side we write to reset (or vanished): the other side learns it the same way.
            propagateReset(to, n < 0 ? errno : ECONNRESET);
            return;
        }
    }
    side.writeNotifier->setEnabled(false);
    side.out.clear();
    side.outHead = 0;
    Side& source = m_sides[other(to)];
    if (source.throttled && !source.readEof) {
        source.throttled = false;
        source.readNotifier->setEnabled(true);
    }
    if (side.endQueued && !side.writeShut) {
        ::shutdown(side.fd, SHUT_WR);
        side.writeShut = true;
    }
    maybeFinish();
}

void ProxyConnection::onWritable(int side)
{
    Side& target = m_sides[side];
    // Compact once the written part dominates, so the queue does not keep growing at its head.
    if (target.outHead > lowWater && target.outHead > target.pending()) {
        target.out.remove(0, target.outHead);
        target.outHead = 0;
    }
    flush(side);
    Side& source = m_sides[other(side)];
    if (source.throttled && target.pending() < lowWater && !source.readEof && !m_finished) {
        source.throttled = false;
        source.readNotifier->setEnabled(true);
    }
}

void ProxyConnection::onEof(int side)
{
    Side& from = m_sides[side];
    from.readEof = true;
    from.readNotifier->setEnabled(false);
    if (m_tls && !tlsReady()) {
        onTlsHandshakeEof(side);
        return;
    }
    endDirection(side, wallClockSeconds());
    if (side == Client && !m_connected) {
        // The client left before the upstream answered (or, as an HTTP proxy client, before a whole request).
        m_sides[Upstream].endQueued = !m_relay;
        if (!m_connecting)
            closeAll(false);
        return;
    }
    const int to = other(side);
    if (!m_relay) {
        m_sides[to].endQueued = true;
        if (m_sides[to].pending() == 0 && !m_sides[to].writeShut) {
            ::shutdown(m_sides[to].fd, SHUT_WR);
            m_sides[to].writeShut = true;
        }
    }
    maybeFinish();
}

void ProxyConnection::propagateReset(int from, int error)
{
    Q_UNUSED(error);
    if (m_finished)
        return;
    recordPassing();
    if (m_streamOpen) {
        const double now = wallClockSeconds();
        const Direction dir = from == Client ? Direction::ClientToServer : Direction::ServerToClient;
        m_sink.streamEnded(m_streamId, dir, now, true);
    }
    closeAll(true);
}

void ProxyConnection::failUpstream(const QString& reason)
{
    if (m_finished)
        return;
    m_counters.connectionsFailed++;
    Q_EMIT failed(
        QStringLiteral("cannot reach %1 for the client %2: %3").arg(m_target.toString(), clientText(), reason));
    if (m_tls && !tlsReady())
        refuseClient(); // a handshake_failure alert: the client learns that the proxy gave up
    if (m_rewriter) {
        const QByteArray body
            = "rpcscope proxy: cannot reach " + m_target.toString().toUtf8() + ": " + reason.toUtf8() + "\n";
        const QByteArray response = "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                    "Content-Length: "
            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        (void)::send(m_sides[Client].fd, response.constData(), response.size(), MSG_NOSIGNAL);
    }
    closeAll(false);
}

void ProxyConnection::maybeFinish()
{
    if (m_finished)
        return;
    const Side& client = m_sides[Client];
    const Side& upstream = m_sides[Upstream];
    if (client.readEof && upstream.readEof && client.pending() == 0 && upstream.pending() == 0)
        closeAll(false);
}

void ProxyConnection::closeAll(bool reset, bool notify)
{
    if (m_finished)
        return;
    recordPassing();
    m_finished = true;
    m_connectTimer.stop();
    if (m_relay)
        m_relay->abandon();
    for (Side& side : m_sides) {
        // This may run inside a notifier's own signal: let the event loop delete them.
        for (auto* notifier : {&side.readNotifier, &side.writeNotifier}) {
            if (*notifier) {
                (*notifier)->setEnabled(false);
                notifier->release()->deleteLater();
            }
        }
        if (side.fd < 0)
            continue;
        if (reset) {
            // A zero linger time makes close() send RST instead of FIN.
            const linger hard {1, 0};
            ::setsockopt(side.fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
        }
        ::close(side.fd);
        side.fd = -1;
    }
    const double now = wallClockSeconds();
    if (m_streamOpen) {
        m_sink.streamClosed(m_streamId, now);
        m_streamOpen = false;
    }
    if (m_upstreamStreamOpen) {
        m_policy->upstreamSink->streamClosed(upstreamStreamId(m_streamId), now);
        m_upstreamStreamOpen = false;
    }
    if (m_policy && m_policy->marker)
        m_policy->marker->forgetStream(m_streamId);
    if (notify)
        Q_EMIT finished();
}

void ProxyConnection::abort()
{
    closeAll(false);
}

} // namespace rpcscope
