#pragma once

#include "endpoint.h"
#include "httpproxyrewriter.h"
#include "intercept/endpointrewrite.h"
#include "intercept/messagerelay.h"
#include "proxyrule.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QSocketNotifier;

namespace rpcscope {

class ByteStreamSink;
class DecoderRegistry;
class EndpointFollowStage;
class ProxyTls;
class TlsChannel;

/// What a connection needs to apply call rules and intercepts (see MessageRelay); shared by all connections of a
/// proxy. Without rules and an interceptor a connection passes bytes as they come, with no framing at all.
struct ProxyCallPolicy
{
    const DecoderRegistry* registry = nullptr;
    DecodeOptions options;
    std::shared_ptr<const CallRuleSet> rules;
    Interceptor* interceptor = nullptr;
    CallMarker* marker = nullptr;
    /// Receives the proxy↔server side of each connection when rules or intercepts can change what the server sees
    /// (the pcap then holds both sides); the main sink gets the client's side. May be null.
    ByteStreamSink* upstreamSink = nullptr;

    bool active() const { return registry && ((rules && !rules->empty()) || interceptor); }
};

/// How a connection follows the endpoints its server's replies hand out (Java RMI stubs, Pyro URIs): the replies are
/// cut into messages (EndpointFollowStage) and each endpoint is put to `follow`, which answers with the proxy's own
/// listener for it (opened on first use) or nullopt. Shared by all connections of a proxy.
struct ProxyFollowPolicy
{
    const DecoderRegistry* registry = nullptr;
    DecodeOptions options;
    /// `real` was handed out on a connection of rule `via` that its client dialled at `dialled`.
    std::function<std::optional<HandedOutEndpoint>(const HandedOutEndpoint& real, const Endpoint& dialled,
                                                   const ProxyRule& via)>
        follow;
    /// Silence of the server after which a message without a length (a JRMP return) is taken as complete.
    int quietMs = 10;

    bool active() const { return registry && follow; }
};

/// One client connection through the recording proxy: the accepted socket, the socket to the upstream, and the
/// bytes between them. Bytes pass unchanged (in HTTP forward-proxy mode only request lines are rewritten to the
/// origin form) and each direction is fed to the sink as it passes.
///
/// Works on the raw non-blocking descriptors with QSocketNotifier rather than QTcpSocket, because QTcpSocket
/// closes both directions when the peer closes one: a client that half-closes after its request would never see
/// the reply. Here a FIN from one side becomes shutdown(SHUT_WR) towards the other once the bytes before it are
/// written, and a reset becomes a reset. Reading from a side stops while the bytes waiting to be written to the
/// other side are above `highWater`, so a slow reader never makes the proxy buffer without bound.
///
/// For a TLS rule both legs are TLS sessions over memory buffers (TlsChannel) on the same descriptors: the
/// client's ClientHello is read first, then the upstream is reached and its TLS handshake completed (verified as
/// the rule says) under the client's SNI name, and only then is the client shown a certificate for its names,
/// so an upstream failure reaches the client as a handshake_failure alert. The sink sees the plaintext.
///
/// With call rules or an intercept (ProxyCallPolicy) the plaintext goes through a MessageRelay instead, which may
/// hold, change, answer or drop whole messages: the sink then sees what the client sent and received, and the
/// policy's upstream sink what the server received and sent (proxyconnectionrelay.cpp).
class ProxyConnection : public QObject, private RelayOutput
{
    Q_OBJECT
public:
    static constexpr qint64 highWater = 1024 * 1024;
    static constexpr qint64 lowWater = 256 * 1024;
    static constexpr int connectTimeoutMs = 10000;

    /// Takes ownership of `clientFd`. `streamId` identifies the connection in the sink; the sink and `counters`
    /// must outlive the connection. `tls` is required for a TLS rule.
    ProxyConnection(int clientFd, const ProxyRule& rule, quint64 streamId, ByteStreamSink& sink,
                    ProxyRuleCounters& counters, std::shared_ptr<ProxyTls> tls, QObject* parent = nullptr);
    /// Applies `policy` to this connection's calls (before start(); the policy must outlive the connection).
    void setCallPolicy(const ProxyCallPolicy* policy) { m_policy = policy && policy->active() ? policy : nullptr; }
    /// Follows the endpoints the server's replies hand out (before start(); the policy must outlive the connection).
    /// Without, the server's bytes pass as they come.
    void setFollowPolicy(const ProxyFollowPolicy* policy)
    {
        m_followPolicy = policy && policy->active() && !m_rule.httpProxy ? policy : nullptr;
    }
    /// New rules for the calls still to come on this connection.
    void setCallRules(std::shared_ptr<const CallRuleSet> rules);
    /// The stream id of the proxy↔server side in the upstream sink: the client's id with bit 62 set.
    static quint64 upstreamStreamId(quint64 streamId) { return streamId | (quint64(1) << 62); }
    ~ProxyConnection() override;

    /// Resolves and connects to the target (or, in HTTP forward-proxy mode, waits for the first request head).
    void start();
    /// Closes both sides at once (the proxy is stopping); the sink sees the connection close.
    void abort();
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    /// The upstream could not be reached, a request could not be proxied, or a TLS handshake failed (the client
    /// refused RpcScope's certificate, the upstream's did not verify); the message names both ends and the reason.
    void failed(const QString& message);
    /// Both sides are closed; the connection may be deleted.
    void finished();
    /// Something the user should know that is not a failure: a handed-out stub that cannot be followed.
    void noted(const QString& message);

private:
    enum SideIndex { Client = 0, Upstream = 1 };
    struct Side
    {
        int fd = -1;
        std::unique_ptr<QSocketNotifier> readNotifier;
        std::unique_ptr<QSocketNotifier> writeNotifier;
        QByteArray out; // bytes waiting to be written to this side, from outHead on
        qint64 outHead = 0;
        bool readEof = false; // this side sent its FIN
        bool writeShut = false; // we sent our FIN to this side
        bool throttled = false; // reading paused because the other side's queue is full
        bool plaintextEnded = false; // the sink was told this side's direction ended (FIN or close_notify)
        bool endQueued = false; // send our FIN to this side once its queue is written
        qint64 pending() const { return out.size() - outHead; }
    };

    static int other(int side) { return side == Client ? Upstream : Client; }
    void resolveAndConnect(const HostPort& target);
    void connectTo(const QHostAddress& address, quint16 port);
    void onConnectResult();
    void onConnected();
    void onReadable(int side);
    void onWritable(int side);
    void passOn(int from, QByteArrayView data, double ts);
    void queue(int to, QByteArrayView data);
    void flush(int to);
    void onEof(int side);
    void propagateReset(int from, int error);
    void failUpstream(const QString& reason);
    void maybeFinish();
    void closeAll(bool reset, bool notify = true);
    void record(int from, QByteArrayView data, double ts, const PredecodedMessage* decoded = nullptr);
    QString clientText() const { return m_clientEndpoint.toString(); }
    void onTimeout();
    void openStream(double ts);
    void endDirection(int side, double ts);

    // Call rules and intercepts (proxyconnectionrelay.cpp).
    void deliver(int from, QByteArrayView plaintext, double ts);
    void recordPassing();
    void sendPlain(int to, QByteArrayView data);
    void recordUpstream(Direction dir, QByteArrayView data, double ts);
    void endTowards(int to);
    void clientSent(QByteArrayView bytes, double ts, const PredecodedMessage& decoded) override;
    void toServer(QByteArrayView bytes, const DecodedMessage* request) override;
    void toClient(QByteArrayView bytes) override;
    void endToServer() override;
    void endToClient() override;
    void closeConnection(bool reset) override;
    void report(const QString& problem) override;

    // Following handed-out endpoints (proxyconnectionfollow.cpp).
    void sendOn(int to, QByteArrayView data, double ts);
    void followClientEnded(double ts);
    void followServerEnded(double ts);
    void onFollowQuiet();
    void sendFollowed(QByteArray& bytes);

    // TLS rules (proxyconnectiontls.cpp).
    void startTls();
    void receiveTls(int from, QByteArrayView ciphertext, double ts);
    void driveTls(int side, double ts);
    void sendCiphertext(int side);
    void onClientHello();
    void startUpstreamTls();
    void onUpstreamTlsReady();
    void onTlsFailed(int side);
    void onTlsHandshakeEof(int side);
    void refuseClient();
    void reportTls(const QString& message);
    QStringList certificateNames() const;
    bool tlsReady() const { return m_tlsEstablished; }

    ProxyRule m_rule;
    quint64 m_streamId;
    ByteStreamSink& m_sink;
    ProxyRuleCounters& m_counters;
    Side m_sides[2];
    Endpoint m_clientEndpoint;
    Endpoint m_serverEndpoint;
    HostPort m_target;
    bool m_connecting = false;
    bool m_connected = false;
    bool m_streamOpen = false;
    bool m_finished = false;
    QByteArray m_unrecorded; // HTTP proxy mode: rewritten request bytes read before the upstream was connected
    double m_unrecordedTs = 0;
    std::unique_ptr<HttpProxyRewriter> m_rewriter;
    QByteArray m_rewritten;
    QTimer m_connectTimer;
    QByteArray m_unrecordedReply; // TLS: plaintext from the upstream before the client's handshake completed
    double m_unrecordedReplyTs = 0;
    std::shared_ptr<ProxyTls> m_tls;
    std::unique_ptr<TlsChannel> m_channels[2]; // TLS rules: the session with each side
    Endpoint m_localEndpoint; // the address the client dialled
    QString m_upstreamName; // TLS: the name the upstream's certificate is checked against
    bool m_tlsEstablished = false; // TLS: both handshakes are done and the stream is open
    // Bytes being passed on and not yet recorded: a send that fails records them before the connection's end.
    struct Passing
    {
        int from;
        QByteArrayView data;
        double ts;
    };
    std::optional<Passing> m_passing;
    const ProxyCallPolicy* m_policy = nullptr;
    std::unique_ptr<MessageRelay> m_relay;
    std::shared_ptr<const CallRuleSet> m_rulesOverride;
    bool m_upstreamStreamOpen = false;
    const ProxyFollowPolicy* m_followPolicy = nullptr;
    std::unique_ptr<EndpointFollowStage> m_follow;
    QTimer m_followQuiet;
};

/// Seconds since the epoch, with microseconds: the timestamp of bytes passing through the proxy.
double wallClockSeconds();

} // namespace rpcscope
