#include "tcplisten.h"

#include <QTcpServer>

namespace rpcscope {

Status listenOn(QTcpServer& server, const QHostAddress& address, quint16 port, const QString& what)
{
    if (server.isListening())
        return Error {
            QStringLiteral("the %1 server is already listening on port %2").arg(what).arg(server.serverPort())};
    // Qt's default backlog (50) overflows when a burst of clients connects at once: the kernel then drops their
    // handshakes and each waits on SYN retransmission, up to a minute. The recording proxy listens the same way.
    server.setListenBacklogSize(1024);
    if (!server.listen(address, port))
        return Error {QStringLiteral("cannot listen on %1:%2 for %3: %4")
                          .arg(address.toString())
                          .arg(port)
                          .arg(what, server.errorString())};
    return Done {};
}

} // namespace rpcscope
