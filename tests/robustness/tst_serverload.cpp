// The built-in test servers (`rpcscope-cli serve`: XML-RPC and Pyro4) under load and faults: 1,000 concurrent
// connections each get their own answer; garbage gets an error reply or a closed connection; slow clients and
// clients that vanish mid-request or mid-response do not starve or crash anything; slow clients are timed out
// (408 or a close) although they never go idle; after every fault real Python clients (xmlrpc.client, Pyro4) are
// still served.

#include "pyro/pyro4/pyro4header.h"
#include "serverprocess.h"
#include "socketload.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace rpcscope;

namespace {

constexpr int kConnections = 1000;

// Real peers: the standard library's XML-RPC client and Debian's Pyro4, a few calls each.
const char kPythonClients[] = R"(
import sys, xmlrpc.client, Pyro4
xmlrpc_url, pyro_port = sys.argv[1], sys.argv[2]
proxy = xmlrpc.client.ServerProxy(xmlrpc_url)
assert proxy.echo("still here") == "still here"
assert proxy.add(2, 3) == 5
with Pyro4.Proxy("PYRO:example.greeting@127.0.0.1:" + pyro_port) as greeting:
    assert "python" in greeting.get_fortune("python")
print("ok")
)";

/// What one raw connection saw: bytes received and whether the server closed it, within `timeoutMs`.
struct RawOutcome
{
    QByteArray received;
    bool closedByServer = false;
};

RawOutcome sendRaw(quint16 port, const QByteArray& bytes, int timeoutMs)
{
    RawOutcome out;
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return out;
    socket.write(bytes);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            out.closedByServer = true;
            break;
        }
        socket.waitForReadyRead(100);
        out.received += socket.readAll();
        if (socket.state() == QAbstractSocket::UnconnectedState) {
            out.closedByServer = true;
            break;
        }
        // A complete error reply is enough: the server answered.
        if (test::httpReplyLength(out.received) > 0 || test::pyro4ReplyLength(out.received) > 0)
            break;
    }
    out.received += socket.readAll();
    return out;
}

QByteArray randomBytes(int n, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray b(n, Qt::Uninitialized);
    for (char& c : b)
        c = static_cast<char>(rng.bounded(256));
    return b;
}

} // namespace

class TestServerLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void thousandXmlRpcConnections();
    void thousandPyro4Connections();
    void garbageGetsAnErrorOrClose_data();
    void garbageGetsAnErrorOrClose();
    void slowClientsDoNotStarveOthers();
    void slowClientsTimeOut();
    void clientsVanishing();

private:
    void realClientsStillServed();
    test::CliProcess m_server;
    quint16 m_xmlrpc = 0;
    quint16 m_pyro = 0;
};

void TestServerLoad::initTestCase()
{
    test::raiseOpenFileLimit();
    QVERIFY2(m_server.start({QStringLiteral("serve"), QStringLiteral("--xmlrpc"), QStringLiteral("127.0.0.1:0"),
                             QStringLiteral("--pyro"), QStringLiteral("127.0.0.1:0")},
                            2),
             qPrintable(m_server.errors()));
    m_xmlrpc = m_server.port(QStringLiteral("xmlrpc"));
    m_pyro = m_server.port(QStringLiteral("pyro"));
    QVERIFY2(m_xmlrpc && m_pyro, qPrintable(m_server.lines().join(QLatin1Char('\n'))));
}

void TestServerLoad::realClientsStillServed()
{
    QVERIFY2(m_server.running(), qPrintable(m_server.errors()));
    const test::ProcessResult r
        = test::runPython(QString::fromLatin1(kPythonClients),
                          {QStringLiteral("http://127.0.0.1:%1/RPC2").arg(m_xmlrpc), QString::number(m_pyro)});
    QVERIFY2(r.exitCode == 0 && r.out.contains("ok"),
             qPrintable(QStringLiteral("python clients: exit %1%2, %3 %4")
                            .arg(r.exitCode)
                            .arg(r.timedOut ? QStringLiteral(" (timed out)") : QString())
                            .arg(QString::fromUtf8(r.out), QString::fromUtf8(r.err))));
}

void TestServerLoad::thousandXmlRpcConnections()
{
    std::vector<std::vector<test::ExchangeStep>> scripts;
    for (int i = 0; i < kConnections; ++i)
        scripts.push_back({{test::xmlRpcEchoRequest(QStringLiteral("conn-%1").arg(i)), test::httpReplyLength}});
    const auto outcomes = test::runConnections(QStringLiteral("127.0.0.1"), m_xmlrpc, scripts, 60000);
    for (int i = 0; i < kConnections; ++i) {
        const test::ConnectionOutcome& o = outcomes[static_cast<std::size_t>(i)];
        QVERIFY2(o.done, qPrintable(QStringLiteral("connection %1: %2").arg(i).arg(o.error)));
        QVERIFY(o.replies.front().startsWith("HTTP/1.1 200"));
        // Each connection gets its own answer, not a neighbour's.
        QVERIFY2(o.replies.front().contains(QByteArray("<string>conn-" + QByteArray::number(i) + "</string>")),
                 o.replies.front().constData());
    }
    realClientsStillServed();
}

void TestServerLoad::thousandPyro4Connections()
{
    std::vector<std::vector<test::ExchangeStep>> scripts;
    for (int i = 0; i < kConnections; ++i) {
        scripts.push_back({{test::pyro4Connect(), test::pyro4ReplyLength},
                           {test::pyro4GetFortune(2, QStringLiteral("conn-%1").arg(i)), test::pyro4ReplyLength}});
    }
    const auto outcomes = test::runConnections(QStringLiteral("127.0.0.1"), m_pyro, scripts, 60000);
    for (int i = 0; i < kConnections; ++i) {
        const test::ConnectionOutcome& o = outcomes[static_cast<std::size_t>(i)];
        QVERIFY2(o.done, qPrintable(QStringLiteral("connection %1: %2").arg(i).arg(o.error)));
        QCOMPARE(Pyro4Header::read(o.replies[0])->type, quint16(pyro4::MsgConnectOk));
        QCOMPARE(Pyro4Header::read(o.replies[1])->type, quint16(pyro4::MsgResult));
        QVERIFY2(o.replies[1].contains(QByteArray("conn-" + QByteArray::number(i))), o.replies[1].constData());
    }
    realClientsStillServed();
}

void TestServerLoad::garbageGetsAnErrorOrClose_data()
{
    QTest::addColumn<bool>("pyro");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("expectedReply"); // start of the reply, if the server answers at all
    const QByteArray noise = randomBytes(64 * 1024, 7);
    QTest::addRow("xmlrpc: 64 KiB of random bytes") << false << noise << QByteArray("HTTP/1.1 4");
    QTest::addRow("xmlrpc: GET") << false << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                                 << QByteArray("HTTP/1.1 405");
    QTest::addRow("xmlrpc: header without end (256 KiB)")
        << false << "POST /RPC2 HTTP/1.1\r\nX: " + QByteArray(256 * 1024, 'a') << QByteArray("HTTP/1.1 431");
    QTest::addRow("xmlrpc: body that is not XML")
        << false << QByteArray("POST /RPC2 HTTP/1.1\r\nContent-Length: 5\r\n\r\n\x00\x01\x02\x03\x04", 47)
        << QByteArray("HTTP/1.1 200");
    QTest::addRow("xmlrpc: Content-Length 10^12")
        << false << QByteArray("POST /RPC2 HTTP/1.1\r\nContent-Length: 1000000000000\r\n\r\n")
        << QByteArray("HTTP/1.1 413");
    QTest::addRow("pyro: 64 KiB of random bytes") << true << noise << QByteArray();
    QTest::addRow("pyro: PYRO magic, wrong version")
        << true << QByteArray("PYRO\x00\x2F", 6) + QByteArray(200, 'x') << QByteArray();
    Pyro4Header huge;
    huge.type = pyro4::MsgInvoke;
    huge.dataSize = 0x7FFFFFF0;
    huge.serializerId = pyro4::SerSerpent;
    QTest::addRow("pyro: data size 2 GiB") << true << huge.toBytes() + QByteArray(1000, 'x') << QByteArray();
}

void TestServerLoad::garbageGetsAnErrorOrClose()
{
    QFETCH(bool, pyro);
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, expectedReply);
    const RawOutcome o = sendRaw(pyro ? m_pyro : m_xmlrpc, bytes, 10000);
    qInfo().noquote() << "reply:" << o.received.left(120) << (o.closedByServer ? "(closed)" : "(still open)");
    QVERIFY2(o.closedByServer || !o.received.isEmpty(), "garbage got neither an answer nor a close within 10 s");
    if (!expectedReply.isEmpty() && !o.received.isEmpty())
        QVERIFY2(o.received.startsWith(expectedReply), o.received.left(200).constData());
    realClientsStillServed();
}

void TestServerLoad::slowClientsDoNotStarveOthers()
{
    // 100 clients dribble one byte of a request every 100 ms while real clients call.
    const QByteArray request = test::xmlRpcEchoRequest(QStringLiteral("slow"));
    std::vector<std::unique_ptr<QTcpSocket>> slow;
    for (int i = 0; i < 100; ++i) {
        slow.push_back(std::make_unique<QTcpSocket>());
        slow.back()->connectToHost(QStringLiteral("127.0.0.1"), i % 2 ? m_pyro : m_xmlrpc);
    }
    int sent = 0;
    QTimer drip;
    QObject::connect(&drip, &QTimer::timeout, [&] {
        for (auto& s : slow)
            if (s->state() == QAbstractSocket::ConnectedState)
                s->write(request.mid(sent % request.size(), 1));
        ++sent;
    });
    drip.start(100);
    QElapsedTimer timer;
    timer.start();
    // The Python clients run in their own process; keep the drip going meanwhile.
    QProcess python;
    python.start(test::pythonPath(),
                 {QStringLiteral("-c"), QString::fromLatin1(kPythonClients),
                  QStringLiteral("http://127.0.0.1:%1/RPC2").arg(m_xmlrpc), QString::number(m_pyro)});
    QTRY_VERIFY_WITH_TIMEOUT(python.state() == QProcess::NotRunning, 20000);
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    qInfo() << "real clients served in" << timer.elapsed() << "ms while 100 slow clients dripped";
    QVERIFY2(timer.elapsed() < 10000, "slow clients starved the others");
    int open = 0;
    for (auto& s : slow)
        open += s->state() == QAbstractSocket::ConnectedState ? 1 : 0;
    qInfo() << open << "of 100 slow clients still connected after" << sent << "drips";
}

void TestServerLoad::slowClientsTimeOut()
{
    // A server of its own with a short request deadline; the idle timeout stays long, so only the request clock
    // can end these connections: their clients send a byte every 100 ms and are never idle.
    test::CliProcess server;
    QVERIFY2(server.start({QStringLiteral("serve"), QStringLiteral("--xmlrpc"), QStringLiteral("127.0.0.1:0"),
                           QStringLiteral("--pyro"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--log"),
                           QStringLiteral("--request-timeout"), QStringLiteral("1.5")},
                          2),
             qPrintable(server.errors()));
    const quint16 xmlrpcPort = server.port(QStringLiteral("xmlrpc"));
    const quint16 pyroPort = server.port(QStringLiteral("pyro"));
    QVERIFY(xmlrpcPort && pyroPort);

    const QByteArray xmlrpcRequest = test::xmlRpcEchoRequest(QStringLiteral("slow"));
    const QByteArray pyroRequest = test::pyro4Connect();
    struct Slow
    {
        std::unique_ptr<QTcpSocket> socket;
        const QByteArray* request = nullptr;
        qint64 closedAfterMs = -1;
        QByteArray received;
    };
    std::vector<Slow> slow;
    for (int i = 0; i < 20; ++i) {
        Slow s;
        s.socket = std::make_unique<QTcpSocket>();
        s.request = i % 2 ? &pyroRequest : &xmlrpcRequest;
        s.socket->connectToHost(QStringLiteral("127.0.0.1"), i % 2 ? pyroPort : xmlrpcPort);
        QVERIFY(s.socket->waitForConnected(5000));
        slow.push_back(std::move(s));
    }
    // At 10 bytes a second, neither request would be complete before 4 s.
    QVERIFY(xmlrpcRequest.size() > 40 && pyroRequest.size() > 40);
    QElapsedTimer timer;
    timer.start();
    int sent = 0;
    QTimer drip;
    QObject::connect(&drip, &QTimer::timeout, [&] {
        for (Slow& s : slow) {
            s.received += s.socket->readAll();
            if (s.socket->state() == QAbstractSocket::ConnectedState && sent < s.request->size())
                s.socket->write(s.request->mid(sent, 1));
            else if (s.closedAfterMs < 0)
                s.closedAfterMs = timer.elapsed();
        }
        ++sent;
    });
    drip.start(100);
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(slow.begin(), slow.end(), [](const Slow& s) { return s.closedAfterMs >= 0; }),
                             10000);
    drip.stop();
    for (const Slow& s : slow) {
        // Not before the deadline (1.5 s), and long before the request could have been complete (4 s).
        QVERIFY2(s.closedAfterMs >= 1400 && s.closedAfterMs < 4000,
                 qPrintable(QStringLiteral("closed after %1 ms").arg(s.closedAfterMs)));
        if (s.request == &xmlrpcRequest) {
            QVERIFY2(s.received.startsWith("HTTP/1.1 408 "), s.received.left(200).constData());
            QVERIFY2(s.received.contains("request not complete 1500 ms after its first byte"), s.received.constData());
        } else {
            QCOMPARE(s.received, QByteArray()); // Pyro has no message for this: the connection is closed
        }
    }
    qInfo() << "20 slow clients closed after" << slow.front().closedAfterMs << "to" << slow.back().closedAfterMs
            << "ms," << sent << "drips";
    // The server says why, and is still serving real clients.
    server.process().waitForReadyRead(500);
    const QString log = QString::fromUtf8(server.process().readAllStandardError());
    QVERIFY2(log.contains(QStringLiteral("request not complete 1500 ms after its first byte")), qPrintable(log));
    QVERIFY2(log.contains(QStringLiteral("Pyro4 connection from 127.0.0.1:")), qPrintable(log));
    const test::ProcessResult r
        = test::runPython(QString::fromLatin1(kPythonClients),
                          {QStringLiteral("http://127.0.0.1:%1/RPC2").arg(xmlrpcPort), QString::number(pyroPort)});
    QVERIFY2(r.exitCode == 0 && r.out.contains("ok"), r.err.constData());
}

void TestServerLoad::clientsVanishing()
{
    const QByteArray request = test::xmlRpcEchoRequest(QStringLiteral("gone"));
    const QByteArray big = test::xmlRpcEchoRequest(QString(512 * 1024, QLatin1Char('b')));
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    auto open = [&](quint16 port) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(QStringLiteral("127.0.0.1"), port);
        return sockets.back().get();
    };
    for (int i = 0; i < 100; ++i) {
        open(m_xmlrpc)->write(request.left(request.size() / 2)); // mid-request
        open(m_xmlrpc)->write(big); // a big reply nobody reads
        QTcpSocket* p = open(m_pyro);
        p->write(test::pyro4Connect() + test::pyro4GetFortune(2, QStringLiteral("gone")).left(30));
    }
    for (auto& s : sockets)
        s->waitForConnected(2000);
    for (auto& s : sockets)
        s->flush();
    QTest::qWait(300);
    // Vanish: half with a reset, half with a normal close.
    for (std::size_t i = 0; i < sockets.size(); ++i) {
        if (i % 2)
            sockets[i]->abort();
        else
            sockets[i]->disconnectFromHost();
    }
    sockets.clear();
    QTest::qWait(300);
    realClientsStillServed();
}

QTEST_GUILESS_MAIN(TestServerLoad)
#include "tst_serverload.moc"
