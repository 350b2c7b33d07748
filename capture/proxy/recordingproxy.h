#pragma once

#include "proxyconnection.h"
#include "proxyrule.h"
#include "result.h"

#include <QObject>

#include <deque>
#include <memory>
#include <set>
#include <vector>

namespace rpcscope {

class ByteStreamSink;
class CertificateAuthority;
class ProxyConnection;
class ProxyListener;
class ProxyTls;

/// Whether and how the proxy follows the endpoints that replies hand out (see RecordingProxy::setFollowing).
struct ProxyFollowOptions
{
    /// Frames replies to find their endpoints; null: nothing is followed and replies pass as they come.
    const DecoderRegistry* registry = nullptr;
    DecodeOptions options;
    /// Address the listeners of followed endpoints use (an IP address); empty: the address of the listener the
    /// reply came through (the address its client dialled).
    QString bindHost;
    /// Followed endpoints at most; past it an endpoint is left as handed out and a problem says so.
    int maxEndpoints = 64;
};

/// An endpoint a reply handed out that the proxy follows: clients are sent to `listen`, which forwards to `real`.
struct FollowedEndpoint
{
    HostPort real;
    HostPort listen;
    /// The rule the listener forwards with (its target is `real`; TLS as the rule the endpoint came through).
    ProxyRule rule;
};

/// The recording proxy: listens on each rule's address, forwards every connection to its target (or, for an HTTP
/// forward-proxy rule, to the origin of its requests) and feeds the bytes of both directions to a ByteStreamSink,
/// typically a TrafficDecoder, so that proxied calls are decoded exactly like captured ones. Needs no privileges.
/// Event-driven: lives in the thread of its QObject, which must run an event loop.
class RecordingProxy : public QObject
{
    Q_OBJECT
public:
    /// `sink` must outlive the proxy.
    explicit RecordingProxy(ByteStreamSink& sink, QObject* parent = nullptr);
    ~RecordingProxy() override;

    /// The CA that signs the certificates TLS rules show their clients; needed before start() with a TLS rule.
    void setCertificateAuthority(std::shared_ptr<const CertificateAuthority> ca);
    /// TLS rules append their sessions' secrets to this file (NSS key log format); empty: none. Before start().
    void setTlsKeyLogFile(const QString& path) { m_keyLogFile = path; }
    /// Call rules, the intercept and where the server's side is recorded (see ProxyCallPolicy); connections
    /// accepted from now on follow it. Without rules or an interceptor bytes pass unframed.
    void setCallPolicy(ProxyCallPolicy policy) { m_policy = std::move(policy); }
    /// Follows the objects replies hand out (Java RMI stubs, Pyro URIs): each endpoint gets a listener of its own
    /// (opened on first sight, reused after), the reply is rewritten to name it, and the connections it accepts go to
    /// the real endpoint and are recorded as connections to it, following in turn. Before start().
    void setFollowing(ProxyFollowOptions options);
    bool isFollowing() const { return m_followPolicy.active(); }
    /// Endpoints followed since start(), in the order they were first handed out.
    int followedCount() const { return static_cast<int>(m_followed.size()); }
    const FollowedEndpoint& followed(int index) const { return m_followed[index]; }
    const ProxyRuleCounters& followedCounters(int index) const { return m_followedCounters[index]; }
    /// Replaces the call rules, for open connections too (their next requests).
    void setCallRules(std::shared_ptr<const CallRuleSet> rules);
    const ProxyCallPolicy& callPolicy() const { return m_policy; }

    /// Listens for every rule. Listen hosts must be IP addresses (or "localhost"); port 0 picks a free port (see
    /// listenAddress). On failure nothing listens and the error names the address (or the TLS setting, such as an
    /// unreadable upstream CA file) and the reason.
    Status start(const std::vector<ProxyRule>& rules);
    /// Stops listening and closes every connection (the sink sees each close).
    void stop();
    bool isRunning() const { return !m_listeners.empty(); }

    const std::vector<ProxyRule>& rules() const { return m_rules; }
    /// The address rule `index` listens on, with the actual port.
    HostPort listenAddress(int index) const;
    const ProxyRuleCounters& counters(int index) const { return m_counters[index]; }
    int openConnections() const { return static_cast<int>(m_connections.size()); }

Q_SIGNALS:
    /// Something went wrong with one connection (upstream refused, unreachable, request not proxiable).
    void problem(const QString& message);
    /// A connection was accepted or closed.
    void connectionsChanged();
    /// A reply handed out an endpoint not seen before, and the proxy now listens for it (followed(index)).
    void endpointFollowed(int index);

private:
    void accept(int rule, int fd);
    void acceptWith(const ProxyRule& rule, ProxyRuleCounters& counters, int fd);
    void release(ProxyConnection* connection);
    // Following (recordingproxyfollow.cpp).
    std::optional<HandedOutEndpoint> follow(const HandedOutEndpoint& real, const Endpoint& dialled,
                                            const ProxyRule& via);
    void stopFollowing();

    ByteStreamSink& m_sink;
    std::shared_ptr<const CertificateAuthority> m_ca;
    std::shared_ptr<ProxyTls> m_tls;
    QString m_keyLogFile;
    ProxyCallPolicy m_policy;
    std::vector<ProxyRule> m_rules;
    // A deque: connections keep references to their counters while followed endpoints are added.
    std::deque<ProxyRuleCounters> m_counters;
    std::vector<std::unique_ptr<ProxyListener>> m_listeners;
    std::vector<ProxyConnection*> m_connections;
    quint64 m_nextStreamId = 1;
    ProxyFollowOptions m_followOptions;
    ProxyFollowPolicy m_followPolicy;
    std::vector<FollowedEndpoint> m_followed;
    std::deque<ProxyRuleCounters> m_followedCounters;
    std::vector<std::unique_ptr<ProxyListener>> m_followListeners;
    std::set<QString> m_unfollowed; // endpoints past the limit, reported once each
};

} // namespace rpcscope
