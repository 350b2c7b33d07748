#include "recordingproxy.h"

#include "proxyconnection.h"
#include "proxylistener.h"
#include "proxytls.h"

#include <QHostAddress>

#include <algorithm>

#include <unistd.h>

namespace rpcscope {

RecordingProxy::RecordingProxy(ByteStreamSink& sink, QObject* parent)
    : QObject(parent)
    , m_sink(sink)
{ }

RecordingProxy::~RecordingProxy()
{
    m_listeners.clear();
    for (ProxyConnection* c : m_connections) {
        c->disconnect(this);
        delete c;
    }
}

void RecordingProxy::setCertificateAuthority(std::shared_ptr<const CertificateAuthority> ca)
{
    m_ca = std::move(ca);
}

Status RecordingProxy::start(const std::vector<ProxyRule>& rules)
{
    stop();
    if (rules.empty())
        return Error {QStringLiteral("no proxy rule given")};
    m_tls.reset();
    for (const ProxyRule& rule : rules) {
        if (!rule.tls.enabled)
            continue;
        if (rule.httpProxy)
            return Error {QStringLiteral("%1: TLS is for forwarding rules, not the HTTP proxy").arg(rule.describe())};
        if (!m_tls) {
            Result<std::shared_ptr<ProxyTls>> tls = ProxyTls::create(m_ca);
            if (!tls)
                return Error {tls.error()};
            m_tls = std::move(*tls);
            if (!m_keyLogFile.isEmpty()) {
                if (Status logging = m_tls->setKeyLogFile(m_keyLogFile); !logging)
                    return logging;
            }
        }
        // Check the upstream CA file now, not at the first client.
        if (Result<ssl_ctx_st*> context = m_tls->upstreamContext(rule.tls); !context)
            return Error {QStringLiteral("%1: %2").arg(rule.describe(), context.error())};
    }
    m_rules = rules;
    m_counters.assign(rules.size(), ProxyRuleCounters {});
    m_followed.clear();
    m_followedCounters.clear();
    m_unfollowed.clear();
    for (size_t i = 0; i < rules.size(); ++i) {
        const HostPort& listen = rules[i].listen;
        QHostAddress address;
        if (listen.host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
            address = QHostAddress(QHostAddress::LocalHost);
        else if (!address.setAddress(listen.host)) {
            m_listeners.clear();
            return Error {
                QStringLiteral("cannot listen on %1: the listen host must be an IP address").arg(listen.toString())};
        }
        auto listener = std::make_unique<ProxyListener>();
        // Room for bursts of connections (Qt's default backlog is 50).
        listener->setListenBacklogSize(1024);
        if (!listener->listen(address, listen.port)) {
            const QString why = listener->errorString();
            m_listeners.clear();
            return Error {QStringLiteral("cannot listen on %1: %2").arg(listen.toString(), why)};
        }
        const int rule = static_cast<int>(i);
        connect(listener.get(), &ProxyListener::accepted, this, [this, rule](int fd) { accept(rule, fd); });
        m_listeners.push_back(std::move(listener));
    }
    return Done {};
}

void RecordingProxy::stop()
{
    m_listeners.clear();
    stopFollowing();
    const std::vector<ProxyConnection*> connections = std::move(m_connections);
    m_connections.clear();
    for (ProxyConnection* c : connections) {
        c->disconnect(this);
        c->abort();
        c->deleteLater();
    }
    for (ProxyRuleCounters& counters : m_counters)
        counters.connectionsOpen = 0;
    for (ProxyRuleCounters& counters : m_followedCounters)
        counters.connectionsOpen = 0;
    if (!connections.empty())
        Q_EMIT connectionsChanged();
}

HostPort RecordingProxy::listenAddress(int index) const
{
    HostPort address = m_rules.at(index).listen;
    if (index < static_cast<int>(m_listeners.size()))
        address.port = m_listeners[index]->serverPort();
    return address;
}

void RecordingProxy::accept(int rule, int fd)
{
    acceptWith(m_rules[rule], m_counters[rule], fd);
}

void RecordingProxy::acceptWith(const ProxyRule& rule, ProxyRuleCounters& counters, int fd)
{
    counters.connectionsAccepted++;
    counters.connectionsOpen++;
    auto* connection = new ProxyConnection(fd, rule, m_nextStreamId++, m_sink, counters, m_tls, this);
    connection->setCallPolicy(&m_policy);
    connection->setFollowPolicy(&m_followPolicy);
    m_connections.push_back(connection);
    connect(connection, &ProxyConnection::failed, this, &RecordingProxy::problem);
    connect(connection, &ProxyConnection::noted, this, &RecordingProxy::problem);
    connect(connection, &ProxyConnection::finished, this, [this, connection, &counters] {
        counters.connectionsOpen--;
        release(connection);
    });
    Q_EMIT connectionsChanged();
    connection->start();
}

void RecordingProxy::setCallRules(std::shared_ptr<const CallRuleSet> rules)
{
    m_policy.rules = rules;
    for (ProxyConnection* c : m_connections)
        c->setCallRules(rules);
}

void RecordingProxy::release(ProxyConnection* connection)
{
    auto it = std::find(m_connections.begin(), m_connections.end(), connection);
    if (it != m_connections.end()) {
        *it = m_connections.back();
        m_connections.pop_back();
    }
    connection->deleteLater();
    Q_EMIT connectionsChanged();
}

} // namespace rpcscope
