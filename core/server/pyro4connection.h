#pragma once

#include "message.h"
#include "pyro/pyroframe.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>

#include <memory>

class QTcpSocket;

namespace rpcscope {

class ConnectionClocks;
class Pyro4Daemon;

/// One client connection of the Pyro test daemon (Pyro4 or Pyro5, the daemon's version): frames messages by their
/// header, expects CONNECT first, then INVOKE and PING, and answers each with the request's sequence number and
/// serializer (and, for Pyro5, a correlation id).
class Pyro4Connection : public QObject
{
    Q_OBJECT
public:
    Pyro4Connection(QTcpSocket* socket, Pyro4Daemon* daemon, quint64 connectionId);
    ~Pyro4Connection() override;

private:
    void onReadyRead();
    void handleMessage(const QByteArray& bytes, const PyroFrame& header, double firstSeen);
    void handleConnect(const DecodedMessage& request, const PyroFrame& header);
    void handleInvoke(const DecodedMessage& request, const PyroFrame& header);
    // The serializer, seq (and Pyro5 correlation id) of the reply to `header`.
    QVariantMap encodeOptions(pyro::Serializer serializer, const PyroFrame& header) const;
    bool acceptedSerializer(pyro::Serializer serializer) const;
    QString errorClass(const char* name) const;
    // Writes `reply` (encoded with `options`) and reports the exchange.
    void reply(const DecodedMessage& request, DecodedMessage reply, const QVariantMap& options);
    void shutDown(const QString& reason);

    QTcpSocket* m_socket;
    Pyro4Daemon* m_daemon;
    int m_version; // the daemon's, fixed for the connection
    ConnectionClocks* m_clocks;
    quint64 m_connectionId;
    QByteArray m_buffer;
    bool m_connected = false; // the handshake is done
    bool m_closing = false;
    double m_firstByteTime = 0;
    std::shared_ptr<const DecodedMessage> m_request;
};

} // namespace rpcscope
