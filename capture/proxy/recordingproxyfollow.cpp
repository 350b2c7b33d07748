// RecordingProxy following the endpoints replies hand out: a listener per endpoint, opened on first sight.
#include "recordingproxy.h"

#include "proxylistener.h"

#include <QHostAddress>

namespace rpcscope {

namespace {

bool sameHost(const QString& a, const QString& b)
{
    if (a.compare(b, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress x(a);
    const QHostAddress y(b);
    return !x.isNull() && x.isEqual(y, QHostAddress::TolerantConversion);
}

} // namespace

void RecordingProxy::setFollowing(ProxyFollowOptions options)
{
    m_followOptions = std::move(options);
    m_followPolicy = {};
    if (!m_followOptions.registry)
        return;
    m_followPolicy.registry = m_followOptions.registry;
    m_followPolicy.options = m_followOptions.options;
    m_followPolicy.options.buildTree = false;
    m_followPolicy.follow = [this](const HandedOutEndpoint& real, const Endpoint& dialled, const ProxyRule& via) {
        return follow(real, dialled, via);
    };
}

void RecordingProxy::stopFollowing()
{
    m_followListeners.clear();
}

std::optional<HandedOutEndpoint> RecordingProxy::follow(const HandedOutEndpoint& real, const Endpoint& dialled,
                                                        const ProxyRule& via)
{
    if (m_listeners.empty() || real.port == 0)
        return std::nullopt; // stopped
    const QString bindHost = m_followOptions.bindHost.isEmpty() ? dialled.address : m_followOptions.bindHost;
    QHostAddress bindAddress;
    if (bindHost.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        bindAddress = QHostAddress(QHostAddress::LocalHost);
    else if (!bindAddress.setAddress(bindHost))
        return std::nullopt;
    // What the client is told: the listener's address, or when it listens on all addresses the one it dialled.
    const bool anyAddress = bindAddress == QHostAddress(QHostAddress::AnyIPv4)
        || bindAddress == QHostAddress(QHostAddress::AnyIPv6) || bindAddress == QHostAddress(QHostAddress::Any);
    const QString shownHost = anyAddress ? dialled.address : bindAddress.toString();

    // An endpoint that is already the proxy's (a reply on a followed connection naming its own object again).
    for (std::size_t i = 0; i < m_listeners.size(); ++i) {
        const HostPort at = listenAddress(static_cast<int>(i));
        if (at.port == real.port && sameHost(at.host, real.host))
            return std::nullopt;
    }
    for (const FollowedEndpoint& f : m_followed) {
        if (f.listen.port == real.port && sameHost(f.listen.host, real.host))
            return std::nullopt;
    }
    // An endpoint a rule forwards to already (a JMX agent whose objects share the registry's port).
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        const ProxyRule& rule = m_rules[i];
        if (!rule.httpProxy && rule.tls == via.tls && rule.target.port == real.port
            && sameHost(rule.target.host, real.host) && i < m_listeners.size()) {
            const HostPort at = listenAddress(static_cast<int>(i));
            QHostAddress listening(at.host);
            const bool ruleOnAny
                = listening == QHostAddress(QHostAddress::AnyIPv4) || listening == QHostAddress(QHostAddress::AnyIPv6);
            return HandedOutEndpoint {ruleOnAny ? dialled.address : at.host, at.port};
        }
    }
    for (const FollowedEndpoint& f : m_followed) {
        if (f.real.port == real.port && sameHost(f.real.host, real.host) && f.rule.tls == via.tls
            && sameHost(f.rule.listen.host, bindAddress.toString()))
            return HandedOutEndpoint {shownHost, f.listen.port};
    }
    const QString realText = HostPort {real.host, real.port}.toString();
    if (static_cast<int>(m_followed.size()) >= m_followOptions.maxEndpoints) {
        if (m_unfollowed.insert(realText).second)
            Q_EMIT problem(QStringLiteral("not following %1: the proxy already follows %2 endpoints, its limit; "
                                          "clients connect to %1 directly and those calls are not recorded")
                               .arg(realText)
                               .arg(m_followOptions.maxEndpoints));
        return std::nullopt;
    }
    auto listener = std::make_unique<ProxyListener>();
    listener->setListenBacklogSize(1024);
    if (!listener->listen(bindAddress, 0)) {
        if (m_unfollowed.insert(realText).second)
            Q_EMIT problem(QStringLiteral("not following %1: cannot listen on %2: %3")
                               .arg(realText, bindAddress.toString(), listener->errorString()));
        return std::nullopt;
    }
    FollowedEndpoint followed;
    followed.real = HostPort {real.host, real.port};
    followed.listen = HostPort {bindAddress.toString(), listener->serverPort()};
    followed.rule = ProxyRule {followed.listen, followed.real, false, via.tls};
    const int index = static_cast<int>(m_followed.size());
    m_followed.push_back(followed);
    m_followedCounters.emplace_back();
    connect(listener.get(), &ProxyListener::accepted, this,
            [this, index](int fd) { acceptWith(m_followed[index].rule, m_followedCounters[index], fd); });
    m_followListeners.push_back(std::move(listener));
    Q_EMIT endpointFollowed(index);
    return HandedOutEndpoint {shownHost, followed.listen.port};
}

} // namespace rpcscope
