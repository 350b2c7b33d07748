#pragma once

#include "certs/certificate.h"
#include "result.h"

#include <QSslConfiguration>

#include <functional>
#include <optional>

class QObject;
class QTcpServer;

namespace rpcscope {

/// What a test server presents when it speaks TLS: `identity`'s certificate chain and key; clients are not asked
/// for certificates. Fails when Qt cannot take the key.
Result<QSslConfiguration> serverTlsConfiguration(const ServerIdentity& identity);

/// The listener of a test server: a plain QTcpServer, or one that hands out QSslSockets once their TLS handshake is
/// done (QSslSocket is a QTcpSocket, so the connection classes need no change; connect to
/// pendingConnectionAvailable). A failed handshake (a client refusing the certificate, a client speaking plain
/// HTTP, one that stalls for 10 s) is reported through `refused` with the client's address and the reason; at most
/// 1000 handshakes run at once.
QTcpServer* makeListener(const std::optional<QSslConfiguration>& tls, QObject* parent,
                         std::function<void(const QString&)> refused);

} // namespace rpcscope
