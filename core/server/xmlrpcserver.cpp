#include "xmlrpcserver.h"

#include "server/xmlrpcconnection.h"
#include "tcplisten.h"

#include <QMetaMethod>
#include <QTcpServer>
#include <QTcpSocket>

namespace rpcscope {

XmlRpcServer::XmlRpcServer(QObject* parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    qRegisterMetaType<rpcscope::Call>("rpcscope::Call");
    connect(m_server, &QTcpServer::newConnection, this, &XmlRpcServer::onNewConnection);
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
    return QStringLiteral("http://%1:%2/RPC2").arg(host).arg(port());
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
