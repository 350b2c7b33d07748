#include "socketload.h"

#include "pyro/pyro4/pyro4header.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpSocket>
#include <QTimer>

#include <memory>
#include <sys/resource.h>

namespace rpcscope::test {

namespace {

/// One scripted connection: sends a step, waits for its complete reply, goes on; counts itself done at the end.
class ScriptedConnection
{
public:
    ScriptedConnection(const std::vector<ExchangeStep>& steps, ConnectionOutcome& outcome, int& remaining)
        : m_steps(steps)
        , m_outcome(outcome)
        , m_remaining(remaining)
    {
        QObject::connect(&m_socket, &QTcpSocket::connected, [this] { sendStep(); });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { onRead(); });
        QObject::connect(&m_socket, &QTcpSocket::errorOccurred,
                         [this](QAbstractSocket::SocketError) { finish(m_socket.errorString()); });
    }

    void start(const QString& host, quint16 port) { m_socket.connectToHost(host, port); }

private:
    void sendStep()
    {
        if (m_step >= m_steps.size())
            return finish({});
        m_socket.write(m_steps[m_step].send);
    }
    void onRead()
    {
        m_buffer += m_socket.readAll();
        while (m_step < m_steps.size()) {
            const qsizetype n = m_steps[m_step].reply(m_buffer);
            if (n < 0)
                return;
            m_outcome.replies.push_back(m_buffer.left(n));
            m_buffer.remove(0, n);
            ++m_step;
            sendStep();
        }
    }
    void finish(const QString& error)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_outcome.done = error.isEmpty();
        m_outcome.error = error;
        m_socket.abort();
        --m_remaining;
    }

    const std::vector<ExchangeStep>& m_steps;
    ConnectionOutcome& m_outcome;
    int& m_remaining;
    QTcpSocket m_socket;
    QByteArray m_buffer;
    std::size_t m_step = 0;
    bool m_finished = false;
};

QByteArray pyro4Message(quint16 type, quint16 flags, quint16 seq, const QByteArray& payload)
{
    Pyro4Header h;
    h.type = type;
    h.flags = flags;
    h.seq = seq;
    h.dataSize = static_cast<qint32>(payload.size());
    h.serializerId = pyro4::SerSerpent;
    return h.toBytes() + payload;
}

} // namespace

std::vector<ConnectionOutcome> runConnections(const QString& host, quint16 port,
                                              const std::vector<std::vector<ExchangeStep>>& scripts, int timeoutMs)
{
    std::vector<ConnectionOutcome> outcomes(scripts.size());
    int remaining = static_cast<int>(scripts.size());
    std::vector<std::unique_ptr<ScriptedConnection>> connections;
    connections.reserve(scripts.size());
    for (std::size_t i = 0; i < scripts.size(); ++i) {
        connections.push_back(std::make_unique<ScriptedConnection>(scripts[i], outcomes[i], remaining));
        connections.back()->start(host, port);
    }
    QElapsedTimer timer;
    timer.start();
    while (remaining > 0 && timer.elapsed() < timeoutMs)
        QEventLoop().processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    for (ConnectionOutcome& o : outcomes) {
        if (!o.done && o.error.isEmpty())
            o.error = QStringLiteral("no complete reply after %1 ms").arg(timeoutMs);
    }
    return outcomes;
}

qsizetype httpReplyLength(const QByteArray& received)
{
    const qsizetype headEnd = received.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return -1;
    const QByteArray head = received.left(headEnd).toLower();
    const qsizetype at = head.indexOf("\r\ncontent-length:");
    const qsizetype body
        = at < 0 ? 0 : head.mid(at + 17, head.indexOf("\r\n", at + 2) - at - 17).trimmed().toLongLong();
    const qsizetype total = headEnd + 4 + body;
    return received.size() >= total ? total : -1;
}

qsizetype pyro4ReplyLength(const QByteArray& received)
{
    const std::optional<Pyro4Header> h = Pyro4Header::read(received);
    if (!h)
        return -1;
    const qint64 total = h->frameLength();
    return received.size() >= total ? total : -1;
}

QByteArray xmlRpcEchoRequest(const QString& text)
{
    const QByteArray body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>echo</methodName>\n<params>\n<param>\n"
                            "<value><string>"
        + text.toUtf8() + "</string></value>\n</param>\n</params>\n</methodCall>\n";
    return "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\nContent-Type: text/xml\r\n"
           "User-Agent: Python-xmlrpc/3.11\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray pyro4Connect()
{
    return pyro4Message(pyro4::MsgConnect, pyro4::FlagMetaOnConnect, 1,
                        "# serpent utf-8 python3.2\n{'handshake':'hello','object':'example.greeting'}");
}

QByteArray pyro4GetFortune(quint16 seq, const QString& name)
{
    return pyro4Message(pyro4::MsgInvoke, 0, seq,
                        "# serpent utf-8 python3.2\n('example.greeting','get_fortune',('" + name.toUtf8() + "',),{})");
}

void raiseOpenFileLimit()
{
    rlimit limit;
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace rpcscope::test
