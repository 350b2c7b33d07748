#include "pyro4daemon.h"

#include "server/pyro4connection.h"
#include "servertls.h"
#include "tcplisten.h"

#include <QMetaMethod>
#include <QTcpServer>
#include <QTcpSocket>

namespace rpcscope {

Pyro4Daemon::Pyro4Daemon(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<rpcscope::Call>("rpcscope::Call");
    createListener();
}

void Pyro4Daemon::createListener()
{
    delete m_server;
    m_server = rpcscope::makeListener(m_tls, this, [this](const QString& why) { Q_EMIT connectionRefused(why); });
    // Not newConnection: a TLS listener queues a connection only once its handshake is done.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &Pyro4Daemon::onNewConnection);
}

Status Pyro4Daemon::setProtocolVersion(int version)
{
    if (version != 4 && version != 5)
        return Error {QStringLiteral("Pyro protocol version %1 is not served (4 or 5)").arg(version)};
    if (m_server->isListening())
        return Error {
            QStringLiteral("the %1 server is already listening; set its version before it starts").arg(protocolName())};
    m_version = version;
    m_objects = Pyro4Objects(version);
    return Done {};
}

Status Pyro4Daemon::setTls(const std::optional<QSslConfiguration>& configuration)
{
    if (m_server->isListening())
        return Error {
            QStringLiteral("the %1 server is already listening; set TLS before it starts").arg(protocolName())};
    m_tls = configuration;
    createListener();
    return Done {};
}

Pyro4Daemon::~Pyro4Daemon()
{
    close();
}

Status Pyro4Daemon::listen(const QHostAddress& address, quint16 port)
{
    return listenOn(*m_server, address, port, protocolName());
}

void Pyro4Daemon::close()
{
    m_server->close();
    qDeleteAll(findChildren<Pyro4Connection*>(Qt::FindDirectChildrenOnly));
}

bool Pyro4Daemon::isListening() const
{
    return m_server->isListening();
}

QHostAddress Pyro4Daemon::address() const
{
    return m_server->serverAddress();
}

quint16 Pyro4Daemon::port() const
{
    return m_server->serverPort();
}

QString Pyro4Daemon::uri(const QString& object) const
{
    QString host = address().toString();
    if (address().protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("PYRO:%1@%2:%3").arg(object, host).arg(port());
}

bool Pyro4Daemon::wantsCalls() const
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&Pyro4Daemon::callServed);
    return isSignalConnected(signal);
}

void Pyro4Daemon::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        if (m_connectionCount >= m_limits.maxConnections) {
            Q_EMIT connectionRefused(QStringLiteral("too many connections (limit %1)").arg(m_limits.maxConnections));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        ++m_connectionCount;
        new Pyro4Connection(socket, this, ++m_connectionIds);
    }
}

} // namespace rpcscope
