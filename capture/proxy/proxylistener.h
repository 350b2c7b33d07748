#pragma once

#include <QTcpServer>

namespace rpcscope {

/// A listening socket that hands accepted connections over as raw descriptors (the proxy does its own I/O on
/// them, see ProxyConnection) instead of wrapping them in QTcpSocket.
class ProxyListener : public QTcpServer
{
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;

Q_SIGNALS:
    /// A client connected; the receiver owns `fd` and must close it.
    void accepted(int fd);

protected:
    void incomingConnection(qintptr fd) override { Q_EMIT accepted(static_cast<int>(fd)); }
};

} // namespace rpcscope
