#include "mockserver.h"

#include "server/mockconnection.h"
#include "server/tcplisten.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace rpcscope {

MockServer::MockServer(const DecoderRegistry& registry, std::shared_ptr<const AnswerBook> answers, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
    , m_answers(std::move(answers))
{ }

MockServer::~MockServer()
{
    close();
}

Status MockServer::listen(const QHostAddress& address, quint16 port)
{
    close();
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::newConnection, this, &MockServer::onNewConnection);
    if (Status s = listenOn(*m_server, address, port, QStringLiteral("mock")); !s) {
        delete m_server;
        m_server = nullptr;
        return s;
    }
    return Done {};
}

void MockServer::close()
{
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    // Connections are children: they go with the server object, or now.
    for (MockConnection* c : findChildren<MockConnection*>(Qt::FindDirectChildrenOnly))
        delete c;
}

quint16 MockServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QHostAddress MockServer::address() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

void MockServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        if (m_connections >= m_limits.maxConnections) {
            Q_EMIT problem(QStringLiteral("refused a connection from %1: %2 connections are open already")
                               .arg(socket->peerAddress().toString())
                               .arg(m_connections));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_connections;
        new MockConnection(socket, *this, m_nextStream++);
    }
}

} // namespace rpcscope
