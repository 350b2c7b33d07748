#pragma once

// A recording proxy in miniature for tst_pyroendpointrewriter's end-to-end test: listeners on loopback that
// forward to real endpoints and, on the way back, cut the server's bytes into Pyro messages and pass each through
// rewritePyroEndpoints, whose mapper opens a listener of its own for every endpoint handed out. It runs in a
// thread of its own so that a blocking Python client can talk through it.
#include "intercept/pyroendpointrewriter.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"

#include <QHostAddress>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QtEndian>

#include <atomic>
#include <map>
#include <memory>

namespace rpcscope::test {

class FollowingRelay : public QObject
{
public:
    /// A listener that forwards to `target`; its port.
    quint16 listen(const HandedOutEndpoint& target)
    {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0))
            return 0;
        QTcpServer* s = server.get();
        const quint16 port = s->serverPort();
        QObject::connect(s, &QTcpServer::newConnection, this, [this, s, target, port] {
            while (QTcpSocket* client = s->nextPendingConnection())
                relay(client, target, port);
        });
        m_servers.push_back(std::move(server));
        return port;
    }
    /// Messages from the server relayed through the listener on `port`, and endpoints rewritten in them.
    std::map<quint16, int> messages;
    int rewritten = 0;

private:
    void relay(QTcpSocket* client, const HandedOutEndpoint& target, quint16 port)
    {
        auto* upstream = new QTcpSocket(client);
        auto pending = std::make_shared<QByteArray>();
        QObject::connect(client, &QTcpSocket::readyRead, upstream,
                         [client, upstream] { upstream->write(client->readAll()); });
        QObject::connect(upstream, &QTcpSocket::readyRead, client, [this, client, upstream, pending, port] {
            pending->append(upstream->readAll());
            while (true) {
                const qint64 length = frameLength(*pending);
                if (length < 0 || pending->size() < length)
                    break;
                const QByteArray message = pending->first(length);
                pending->remove(0, length);
                const EndpointRewrite r = rewritePyroEndpoints(message, [this](const HandedOutEndpoint& e) {
                    return std::optional(HandedOutEndpoint {QStringLiteral("127.0.0.1"), listen(e)});
                });
                ++messages[port];
                rewritten += r.rewritten;
                client->write(r.bytes.isEmpty() ? message : r.bytes);
            }
        });
        QObject::connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        QObject::connect(upstream, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
        upstream->connectToHost(target.host, target.port);
    }

    // The length of the message at the start of `bytes` once its header is there (Pyro4's 24 bytes, Pyro5's 40).
    static qint64 frameLength(QByteArrayView bytes)
    {
        if (bytes.size() < 6)
            return -1;
        const bool pyro4 = qFromBigEndian<quint16>(bytes.data() + 4) == Pyro4Header::kVersion;
        const auto h4 = pyro4 ? Pyro4Header::read(bytes) : std::nullopt;
        const auto h5 = pyro4 ? std::nullopt : Pyro5Header::read(bytes);
        return h4 ? h4->frameLength() : h5 ? h5->frameLength() : -1;
    }

    std::vector<std::unique_ptr<QTcpServer>> m_servers;
};

/// The relay in its thread: start() returns the port of the listener for `target` once it listens; after stop(),
/// `messages` and `rewritten` say what went through.
class FollowingRelayThread : public QThread
{
public:
    quint16 start(const HandedOutEndpoint& target)
    {
        m_target = target;
        QThread::start();
        m_ready.acquire();
        return m_port;
    }
    void stop()
    {
        quit();
        wait();
    }
    std::map<quint16, int> messages;
    int rewritten = 0;

protected:
    void run() override
    {
        FollowingRelay relay;
        m_port = relay.listen(m_target);
        m_ready.release();
        exec();
        messages = relay.messages;
        rewritten = relay.rewritten;
    }

private:
    HandedOutEndpoint m_target;
    std::atomic<quint16> m_port = 0;
    QSemaphore m_ready;
};

} // namespace rpcscope::test
