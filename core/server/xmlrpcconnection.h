#pragma once

#include "call.h"
#include "http/httpwriter.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QTcpSocket;

namespace rpcscope {

class ConnectionClocks;
class XmlRpcServer;

/// One client connection of the XML-RPC test server: cuts requests out of the stream, answers them in order and
/// applies the limits. Owned by the server; deletes itself when the socket closes.
class XmlRpcConnection : public QObject
{
    Q_OBJECT
public:
    XmlRpcConnection(QTcpSocket* socket, XmlRpcServer* server, quint64 connectionId);
    ~XmlRpcConnection() override;

private:
    struct Request;
    void onReadyRead();
    void processBuffer();
    void processRequests();
    // Answers with an HTTP error (no XML-RPC involved). `close` ends the connection after the reply.
    void sendError(int status, const QByteArray& text, bool close, const QByteArray& requestBytes = {});
    void dispatch(const Request& request);
    void sendReply(const Request& request, const QByteArray& xml, const RpcValue& result,
                   const std::optional<RpcFault>& fault, const QString& method, const RpcArray& params);
    void writeHttp(int status, const http::HeaderList& fields, const QByteArray& body, bool close, QByteArray* written);
    void emitCall(const QByteArray& requestBytes, const QByteArray& responseBytes, const QString& method,
                  const RpcArray& params, const RpcValue& result, const std::optional<RpcFault>& fault,
                  double requestTime);
    // Tells the server why the connection ends.
    void reportClosed(const QString& reason);
    void shutDown(const QString& reason);

    QTcpSocket* m_socket;
    XmlRpcServer* m_server;
    ConnectionClocks* m_clocks;
    quint64 m_connectionId;
    QByteArray m_buffer;
    qint64 m_headScanned = 0;
    bool m_waitingForReply = false;
    bool m_continueSent = false;
    bool m_closing = false;
    double m_firstByteTime = 0;
};

} // namespace rpcscope
