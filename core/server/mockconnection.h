#pragma once

#include "intercept/messagerelay.h"

#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>

class QTcpSocket;

namespace rpcscope {

class MockServer;

/// One client of a MockServer: its bytes go through a MessageRelay (rules first), and what the relay forwards to
/// "the server" is answered from the recorded calls, after the recorded latency when asked, in request order.
class MockConnection : public QObject, private RelayOutput
{
    Q_OBJECT
public:
    MockConnection(QTcpSocket* socket, MockServer& server, quint64 streamId);
    ~MockConnection() override;

private:
    struct PendingAnswer
    {
        QByteArray bytes;
        qint64 dueMs = 0;
        bool closeAfter = false;
    };

    void onReadyRead();
    void deliverDue();

    void clientSent(QByteArrayView bytes, double ts, const PredecodedMessage& decoded) override;
    void toServer(QByteArrayView bytes, const DecodedMessage* request) override;
    void toClient(QByteArrayView bytes) override;
    void endToServer() override;
    void endToClient() override;
    void closeConnection(bool reset) override;
    void report(const QString& problem) override;

    QTcpSocket* m_socket;
    MockServer& m_server;
    std::unique_ptr<MessageRelay> m_relay;
    std::deque<PendingAnswer> m_answers;
    QTimer m_due;
    QTimer m_idle;
    qint64 m_lastDueMs = 0;
    bool m_clientEnded = false;
    bool m_closing = false;
};

} // namespace rpcscope
