#pragma once

#include "message.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QTcpSocket;

namespace rpcscope {

class ConnectionClocks;
class Pyro4Daemon;
struct Pyro4Header;

/// One client connection of the Pyro4 test daemon: frames messages by their header, expects CONNECT first, then
/// INVOKE and PING, and answers each with the request's sequence number and serializer.
class Pyro4Connection : public QObject
{
    Q_OBJECT
public:
    Pyro4Connection(QTcpSocket* socket, Pyro4Daemon* daemon, quint64 connectionId);
    ~Pyro4Connection() override;

private:
    void onReadyRead();
    void handleMessage(const QByteArray& bytes, const Pyro4Header& header, double firstSeen);
    void handleConnect(const DecodedMessage& request, const Pyro4Header& header);
    void handleInvoke(const DecodedMessage& request, const Pyro4Header& header);
    // Writes `reply` (encoded with `options`) and reports the exchange.
    void reply(const DecodedMessage& request, DecodedMessage reply, const QVariantMap& options);
    void shutDown(const QString& reason);

    QTcpSocket* m_socket;
    Pyro4Daemon* m_daemon;
    ConnectionClocks* m_clocks;
    quint64 m_connectionId;
    QByteArray m_buffer;
    bool m_connected = false; // the handshake is done
    bool m_closing = false;
    double m_firstByteTime = 0;
    std::shared_ptr<const DecodedMessage> m_request;
};

} // namespace rpcscope
