#include "xmlrpcserver.h"

#include "server/xmlrpcconnection.h"
#include "servertls.h"
#include "tcplisten.h"

#include <QMetaMethod>
#include <QTcpServer>
#include <QTcpSocket>

namespace rpcscope {

XmlRpcServer::XmlRpcServer(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<rpcscope::Call>("rpcscope::Call");
    createListener();
}

void XmlRpcServer::createListener()
{
    delete m_server;
    m_server = rpcscope::makeListener(m_tls, this, [this](const QString& why) { Q_EMIT connectionRefused(why); });
    // Not newConnection: a TLS listener queues a connection only once its handshake is done.
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &XmlRpcServer::onNewConnection);
}

Status XmlRpcServer::setTls(const std::optional<QSslConfiguration>& configuration)
{
    if (m_server->isListening())
        return Error {QStringLiteral("the XML-RPC server is already listening; set TLS before it starts")};
    m_tls = configuration;
    createListener();
    return Done {};
}

XmlRpcServer::~XmlRpcServer()
{
    close();
}

Status XmlRpcServer::listen(const QHostAddress& address, quint16 port)
{
    return listenOn(*m_server, address, port, QStringLiteral("XML-RPC"));
}

void XmlRpcServer::close()
{
    m_server->close();
    const QList<XmlRpcConnection*> connections = findChildren<XmlRpcConnection*>(Qt::FindDirectChildrenOnly);
    qDeleteAll(connections);
}

bool XmlRpcServer::isListening() const
{
    return m_server->isListening();
}

QHostAddress XmlRpcServer::address() const
{
    return m_server->serverAddress();
}

quint16 XmlRpcServer::port() const
{
    return m_server->serverPort();
}

QString XmlRpcServer::url() const
{
    QString host = address().toString();
    if (address().protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("%1://%2:%3/RPC2")
        .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"), host)
        .arg(port());
}

bool XmlRpcServer::wantsCalls() const
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&XmlRpcServer::callServed);
    return isSignalConnected(signal);
}

void XmlRpcServer::onNewConnection()
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
        new XmlRpcConnection(socket, this, ++m_connectionIds);
    }
}

void XmlRpcServer::connectionClosed()
{
    --m_connectionCount;
}

} // namespace rpcscope
