#pragma once

#include "result.h"

#include <QHostAddress>

class QTcpServer;

namespace rpcscope {

/// Starts `server` listening for the test server named `what` ("XML-RPC", "Pyro4"); errors name the address and
/// the reason. Shared by XmlRpcServer and Pyro4Daemon so both report the same way.
Status listenOn(QTcpServer& server, const QHostAddress& address, quint16 port, const QString& what);

} // namespace rpcscope
