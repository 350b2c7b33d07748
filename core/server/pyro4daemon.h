#pragma once

#include "call.h"
#include "result.h"
#include "server/connectionlimits.h"
#include "server/pyro4objects.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <optional>

class QTcpServer;

namespace rpcscope {

/// The built-in Pyro test daemon: Pyro4 (protocol 48, the default) with the serpent, json and marshal serializers,
/// or Pyro5 (protocol 502, `setProtocolVersion(5)`) with serpent, marshal, json and msgpack, serving `Pyro4Objects`
/// (example.greeting, example.calculator and the daemon's own Pyro.Daemon). The CONNECT handshake answers with the
/// object's metadata, so a stock `Pyro4.Proxy("PYRO:example.greeting@127.0.0.1:PORT")` (or `Pyro5.api.Proxy`)
/// works without client configuration. A Pyro5 daemon sets a correlation id on every reply, the request's or a new
/// one, as Pyro5's own does. Event-driven on the owning thread; one connection object per client.
///
/// Bad input closes the offending connection with a reason (`connectionRefused`): a header that is not of the
/// daemon's protocol, a message over `maxMessageBytes`, anything but CONNECT first. A serializer the version does
/// not accept gets a CONNECTFAIL (or an exception RESULT) naming it, as Pyro does.
class Pyro4Daemon : public QObject
{
    Q_OBJECT
public:
    /// Past requestTimeoutMs a message's connection is closed (Pyro has no message for it).
    struct Limits : ConnectionLimits
    {
        qint64 maxMessageBytes = 16 * 1024 * 1024;
    };

    explicit Pyro4Daemon(QObject* parent = nullptr);
    ~Pyro4Daemon() override;

    /// 4 (Pyro4, protocol 48) or 5 (Pyro5, protocol 502). Before listen().
    Status setProtocolVersion(int version);
    int protocolVersion() const { return m_version; }
    /// "Pyro4" or "Pyro5".
    QString protocolName() const { return QStringLiteral("Pyro%1").arg(m_version); }

    /// Speak TLS with `configuration` (see serverTlsConfiguration), or plain TCP with nullopt. Before listen().
    Status setTls(const std::optional<QSslConfiguration>& configuration);
    bool usesTls() const { return m_tls.has_value(); }

    /// Starts listening; port 0 picks a free port (see `port()`). Binds to loopback unless told otherwise.
    Status listen(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    void close();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    /// "PYRO:<object>@127.0.0.1:PORT" (object defaults to example.greeting).
    QString uri(const QString& object = QString(Pyro4Objects::kGreeting)) const;

    void setLimits(const Limits& limits) { m_limits = limits; }
    const Limits& limits() const { return m_limits; }
    const Pyro4Objects& objects() const { return m_objects; }
    int connectionCount() const { return m_connectionCount; }
    bool wantsCalls() const;

Q_SIGNALS:
    /// One exchange served (handshake, invocation, ping): decoded request and reply with their bytes.
    void callServed(const rpcscope::Call& call);
    void connectionRefused(const QString& reason);

private:
    friend class Pyro4Connection;
    void onNewConnection();
    void connectionClosed() { --m_connectionCount; }
    quint64 nextCallId() { return ++m_callCount; }

    void createListener();

    QTcpServer* m_server = nullptr;
    std::optional<QSslConfiguration> m_tls;
    int m_version = 4;
    Pyro4Objects m_objects;
    Limits m_limits;
    int m_connectionCount = 0;
    quint64 m_connectionIds = 0;
    quint64 m_callCount = 0;
};

} // namespace rpcscope
