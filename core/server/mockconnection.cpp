#include "mockconnection.h"

#include "intercept/answerbook.h"
#include "server/mockserver.h"

#include <QDateTime>
#include <QTcpSocket>

#include <sys/socket.h>

namespace rpcscope {

namespace {

double nowSeconds()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

Endpoint endpointOf(const QHostAddress& address, quint16 port)
{
    bool v4 = false;
    const quint32 ip4 = address.toIPv4Address(&v4);
    return Endpoint {v4 ? QHostAddress(ip4).toString() : address.toString(), port};
}

} // namespace

MockConnection::MockConnection(QTcpSocket* socket, MockServer& server, quint64 streamId)
    : QObject(&server)
    , m_socket(socket)
    , m_server(server)
{
    m_socket->setParent(this);
    RelayPolicy policy;
    policy.rules = server.m_rules;
    DecodeOptions options;
    options.buildTree = false;
    m_relay = std::make_unique<MessageRelay>(
        server.m_registry, options, std::move(policy), static_cast<RelayOutput&>(*this), streamId,
        endpointOf(socket->peerAddress(), socket->peerPort()), endpointOf(socket->localAddress(), socket->localPort()));
    m_due.setSingleShot(true);
    m_due.setTimerType(Qt::PreciseTimer);
    connect(&m_due, &QTimer::timeout, this, &MockConnection::deliverDue);
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        report(QStringLiteral("closed the connection from %1: idle for %2 s")
                   .arg(m_socket->peerAddress().toString())
                   .arg(m_server.m_limits.idleTimeoutMs / 1000));
        closeConnection(false);
    });
    m_idle.start(m_server.m_limits.idleTimeoutMs);
    connect(m_socket, &QTcpSocket::readyRead, this, &MockConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::readChannelFinished, this, [this] {
        if (m_relay)
            m_relay->clientEnded(nowSeconds());
    });
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
}

MockConnection::~MockConnection()
{
    m_server.m_connections--;
    // The relay refers to this object: it goes first.
    m_relay.reset();
}

void MockConnection::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    if (data.isEmpty() || m_closing)
        return;
    m_idle.start(m_server.m_limits.idleTimeoutMs);
    m_relay->fromClient(data, nowSeconds());
}

void MockConnection::clientSent(QByteArrayView bytes, double ts, const PredecodedMessage& decoded)
{
    Q_UNUSED(bytes);
    Q_UNUSED(ts);
    Q_UNUSED(decoded);
}

void MockConnection::toServer(QByteArrayView bytes, const DecodedMessage* request)
{
    if (!request || request->kind != MessageKind::Request) {
        // Handshake bytes of a protocol we do not answer, or bytes that are no call.
        report(QStringLiteral("closed the connection from %1: its bytes are not a call the mock can answer%2")
                   .arg(m_socket->peerAddress().toString(),
                        request ? QStringLiteral(" (%1)").arg(request->protocol) : QString()));
        closeConnection(false);
        return;
    }
    const ProtocolActions* actions = ProtocolActions::forProtocol(request->protocol);
    if (!actions || request->protocol == QLatin1String("jrmp")) {
        report(QStringLiteral("closed the connection from %1: %2 calls cannot be mocked")
                   .arg(m_socket->peerAddress().toString(), request->protocol));
        closeConnection(false);
        return;
    }
    const FramedRequest framed {bytes.toByteArray(), request};
    const QString call = AnswerBook::callText(request->object, request->method, request->params);
    const AnswerBook::Found found = m_server.m_answers->find(request->protocol, request->object, request->method,
                                                             request->params, request->kwargs);
    Result<Answer> made = Error {};
    QString how;
    if (found.call) {
        made = actions->replay(framed, found.call->answer);
        how = found.exact ? QStringLiteral("recorded") : QStringLiteral("latest recorded for the method");
    } else if (request->method == QLatin1String("<ping>")) {
        made = actions->reply(framed, RpcValue());
        how = QStringLiteral("ping");
    } else {
        const RpcValue code = request->protocol == QLatin1String("xmlrpc")
            ? RpcValue::fromInt(-32601)
            : RpcValue::fromString(QStringLiteral("LookupError"));
        made = actions->fault(framed, RpcFault {code, QStringLiteral("no recorded answer for %1").arg(call), {}});
        how = QStringLiteral("no recorded answer");
    }
    if (!made) {
        report(
            QStringLiteral("cannot answer %1 from %2: %3").arg(call, m_socket->peerAddress().toString(), made.error()));
        made = actions->fault(framed,
                              RpcFault {RpcValue::fromString(QStringLiteral("RuntimeError")),
                                        QStringLiteral("rpcscope mock cannot answer: %1").arg(made.error()),
                                        {}});
        if (!made) {
            closeConnection(false);
            return;
        }
    }
    Q_EMIT m_server.callAnswered(request->protocol, call, how);
    if (made->bytes.isEmpty())
        return; // oneway
    qint64 due = QDateTime::currentMSecsSinceEpoch();
    if (m_server.m_replayLatency && found.call && found.call->latencyMs > 0)
        due += qint64(found.call->latencyMs + 0.5);
    // Answers go in request order: one never overtakes an earlier, slower one.
    due = std::max(due, m_lastDueMs);
    m_lastDueMs = due;
    m_answers.push_back(PendingAnswer {std::move(made->bytes), due, made->closeAfter});
    // From the event loop, as a server's answer would come: never inside the relay's own call.
    if (!m_due.isActive())
        m_due.start(0);
}

void MockConnection::deliverDue()
{
    while (!m_answers.empty() && !m_closing) {
        const qint64 wait = m_answers.front().dueMs - QDateTime::currentMSecsSinceEpoch();
        if (wait > 0) {
            m_due.start(int(wait));
            return;
        }
        PendingAnswer answer = std::move(m_answers.front());
        m_answers.pop_front();
        m_relay->fromServer(answer.bytes, nowSeconds());
        if (answer.closeAfter) {
            m_relay->serverEnded(nowSeconds());
            return;
        }
    }
    if (m_clientEnded && m_answers.empty() && m_relay)
        m_relay->serverEnded(nowSeconds());
}

void MockConnection::toClient(QByteArrayView bytes)
{
    if (!m_closing)
        m_socket->write(bytes.data(), bytes.size());
}

void MockConnection::endToServer()
{
    m_clientEnded = true;
    if (m_answers.empty())
        m_relay->serverEnded(nowSeconds());
}

void MockConnection::endToClient()
{
    closeConnection(false);
}

void MockConnection::closeConnection(bool reset)
{
    if (m_closing)
        return;
    m_closing = true;
    m_due.stop();
    m_idle.stop();
    if (reset && m_socket->socketDescriptor() >= 0) {
        // A zero linger time makes the close send RST.
        const linger hard {1, 0};
        ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
        m_socket->abort();
        deleteLater();
        return;
    }
    m_socket->disconnectFromHost();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        deleteLater();
}

void MockConnection::report(const QString& problem)
{
    Q_EMIT m_server.problem(problem);
}

} // namespace rpcscope
