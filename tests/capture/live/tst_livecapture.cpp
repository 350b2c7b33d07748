// Live capture on the loopback interface against real Python XML-RPC traffic: calls appear within a second of
// their reply (over TLS too, with the key log the client writes during the capture), a wrong filter gives
// libpcap's error, interfaces are listed with their addresses.
#include "callformat.h"
#include "callsink.h"
#include "livecapture.h"
#include "networkinterfaces.h"
#include "testsupport.h"
#include "tls/tlscarrier.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <mutex>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

double now()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1e6;
}

// Calls arrive on the capture thread: keep them with the time they arrived.
class TimedSink : public CallSink
{
public:
    void callFinished(Call&& call) override
    {
        std::lock_guard lock(mutex);
        arrived.push_back(now());
        calls.push_back(std::move(call));
    }
    size_t count()
    {
        std::lock_guard lock(mutex);
        return calls.size();
    }
    std::mutex mutex;
    std::vector<Call> calls;
    std::vector<double> arrived;
};

// moc takes `//` inside a raw string for a comment, so the Python scripts' URLs write their slashes as \x2f.
const char kServer[] = R"(
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
s.register_function(lambda a, b: a + b, "add")
print(s.server_address[1], flush=True)
s.serve_forever()
)";

// Prints the time each reply arrived, then keeps its connection open for a while so that the calls cannot be
// completed by the connection closing.
const char kClient[] = R"(
import sys, time, xmlrpc.client
p = xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1])
for a in range(3):
    r = p.add(a, 10)
    print(r, repr(time.time()), flush=True)
    time.sleep(0.3)
time.sleep(1.5)
)";

// The same over HTTPS: a server wrapped in ssl (TLS 1.3), a client that writes its keys where SSLKEYLOGFILE says.
const char kTlsServer[] = R"(
import ssl, sys
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
s.register_function(lambda a, b: a + b, "add")
c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
c.load_cert_chain(sys.argv[1], sys.argv[2])
s.socket = c.wrap_socket(s.socket, server_side=True)
print(s.server_address[1], flush=True)
s.serve_forever()
)";

const char kTlsClient[] = R"(
import ssl, sys, time, xmlrpc.client
c = ssl.create_default_context(cafile=sys.argv[2])
p = xmlrpc.client.ServerProxy("https:\x2f\x2flocalhost:%s/RPC2" % sys.argv[1], context=c)
for a in range(3):
    r = p.add(a, 10)
    print(r, repr(time.time()), flush=True)
    time.sleep(0.3)
time.sleep(1.5)
)";

bool isLoopbackAvailable()
{
    auto interfaces = listNetworkInterfaces();
    if (!interfaces)
        return false;
    for (const NetworkInterface& i : *interfaces)
        if (i.name == QLatin1String("lo"))
            return true;
    return false;
}

} // namespace

class TestLiveCapture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsLoopbackWithItsAddress()
    {
        auto interfaces = listNetworkInterfaces();
        QVERIFY2(interfaces.ok(), interfaces ? "" : qPrintable(interfaces.error()));
        const NetworkInterface* lo = nullptr;
        for (const NetworkInterface& i : *interfaces)
            if (i.name == QLatin1String("lo"))
                lo = &i;
        if (!lo)
            QSKIP("this machine has no interface called lo");
        QVERIFY(lo->loopback);
        QVERIFY2(lo->addresses.contains(QStringLiteral("127.0.0.1/8")), qPrintable(lo->addresses.join(u',')));
        QVERIFY(lo->describe().startsWith(QStringLiteral("lo (loopback")));
    }

    void filterValidation_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("error");
        QTest::addRow("empty") << QString() << QString();
        QTest::addRow("port") << QStringLiteral("tcp port 8000") << QString();
        QTest::addRow("misspelt keyword") << QStringLiteral("tcp prot 8000") << QStringLiteral("syntax error");
        QTest::addRow("unfinished") << QStringLiteral("tcp port") << QStringLiteral("syntax error");
        QTest::addRow("bad port") << QStringLiteral("tcp port 99999") << QStringLiteral("illegal port number");
    }

    void filterValidation()
    {
        QFETCH(QString, filter);
        QFETCH(QString, error);
        const Status status = validateBpfFilter(filter);
        if (error.isEmpty()) {
            QVERIFY2(status.ok(), status ? "" : qPrintable(status.error()));
        } else {
            QVERIFY(!status.ok());
            QVERIFY2(status.error().contains(error), qPrintable(status.error()));
        }
    }

    void wrongFilterStopsTheStart()
    {
        if (!isLoopbackAvailable())
            QSKIP("no loopback interface called lo");
        TimedSink sink;
        LiveCaptureOptions options;
        options.interfaceName = QStringLiteral("lo");
        options.filter = QStringLiteral("tcp prot 80");
        auto capture = LiveCapture::start(options, sink);
        QVERIFY(!capture.ok());
        if (capture.error().contains(QStringLiteral("permission denied")))
            QSKIP("no capture rights (needs root or cap_net_raw,cap_net_admin)");
        QVERIFY2(capture.error().contains(QStringLiteral("invalid capture filter 'tcp prot 80'")),
                 qPrintable(capture.error()));
        QVERIFY2(capture.error().contains(QStringLiteral("syntax error")), qPrintable(capture.error()));
    }

    void unknownInterfaceIsNamed()
    {
        TimedSink sink;
        LiveCaptureOptions options;
        options.interfaceName = QStringLiteral("nosuchif0");
        auto capture = LiveCapture::start(options, sink);
        QVERIFY(!capture.ok());
        if (capture.error().contains(QStringLiteral("permission denied")))
            QSKIP("no capture rights (needs root or cap_net_raw,cap_net_admin)");
        QVERIFY2(capture.error().contains(QStringLiteral("nosuchif0")), qPrintable(capture.error()));
        QVERIFY2(capture.error().contains(QStringLiteral("no such interface")), qPrintable(capture.error()));
    }

    void callsAppearWithinOneSecondOfTheirReply()
    {
        if (!isLoopbackAvailable())
            QSKIP("no loopback interface called lo");
        QProcess server;
        server.start(pythonPath(), {QStringLiteral("-c"), QString::fromLatin1(kServer)});
        QVERIFY(server.waitForReadyRead(15000));
        const quint16 port = static_cast<quint16>(server.readLine().trimmed().toUInt());
        QVERIFY(port != 0);

        TimedSink sink;
        LiveCaptureOptions options;
        options.interfaceName = QStringLiteral("lo");
        options.filter = QStringLiteral("tcp port %1").arg(port);
        auto started = LiveCapture::start(options, sink);
        if (!started && started.error().contains(QStringLiteral("permission denied")))
            QSKIP("no capture rights (needs root or cap_net_raw,cap_net_admin)");
        QVERIFY2(started.ok(), started ? "" : qPrintable(started.error()));
        LiveCapture& capture = **started;

        const ProcessResult client = runPython(QString::fromLatin1(kClient), {QString::number(port)});
        QCOMPARE(client.exitCode, 0);
        // The client slept 1.5 s after its last reply with the connection still open: by then every call must
        // have been reported by its reply alone.
        const size_t beforeStop = sink.count();
        capture.stop();
        server.kill();
        server.waitForFinished();

        QCOMPARE(beforeStop, size_t(3));
        const QList<QByteArray> lines = client.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        std::lock_guard lock(sink.mutex);
        for (int i = 0; i < 3; ++i) {
            const QList<QByteArray> fields = lines[i].split(' ');
            QCOMPARE(fields[0], QByteArray::number(i + 10));
            const double replied = fields[1].toDouble();
            const Call& call = sink.calls[i];
            QCOMPARE(call.protocol, QStringLiteral("xmlrpc"));
            QCOMPARE(call.method(), QStringLiteral("add"));
            QCOMPARE(call.status, CallStatus::Ok);
            QVERIFY2(callToJson(call).contains(QByteArray(QByteArray("\"result\":") + QByteArray::number(i + 10))),
                     callToJson(call).constData());
            const double delay = sink.arrived[i] - replied;
            QVERIFY2(delay < 1.0, qPrintable(QStringLiteral("call %1 arrived %2 s after its reply").arg(i).arg(delay)));
        }
        const LiveCaptureStats stats = capture.stats();
        QVERIFY(!stats.running);
        QCOMPARE(stats.calls, qint64(3));
        QVERIFY(stats.packets >= 10);
        QCOMPARE(stats.kernelDrops, qint64(0));
        QCOMPARE(stats.openConnections, 0); // finished at stop, state freed
    }

    // The key log does not exist when the capture starts; the client creates it and appends its secrets during
    // the handshake, after the capture has seen the ServerHello: each call still appears, decrypted, within a second
    // of its reply.
    void tlsCallsAppearWithKeysWrittenDuringTheCapture()
    {
        if (!isLoopbackAvailable())
            QSKIP("no loopback interface called lo");
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        const ProcessResult made = runProcess(
            QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
             QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("2"),
             QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
             QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1")});
        if (made.exitCode != 0)
            QSKIP("the openssl command cannot make a certificate here");
        QProcess server;
        server.start(pythonPath(), {QStringLiteral("-c"), QString::fromLatin1(kTlsServer), cert, key});
        QVERIFY(server.waitForReadyRead(15000));
        const quint16 port = static_cast<quint16>(server.readLine().trimmed().toUInt());
        QVERIFY(port != 0);

        const QString keyLog = dir.filePath(QStringLiteral("keys.log"));
        TimedSink sink;
        LiveCaptureOptions options;
        options.interfaceName = QStringLiteral("lo");
        options.filter = QStringLiteral("tcp port %1").arg(port);
        options.tlsKeyLogs = {keyLog};
        auto started = LiveCapture::start(options, sink);
        if (!started && started.error().contains(QStringLiteral("permission denied")))
            QSKIP("no capture rights (needs root or cap_net_raw,cap_net_admin)");
        QVERIFY2(started.ok(), started ? "" : qPrintable(started.error()));
        LiveCapture& capture = **started;
        QVERIFY(!QFile::exists(keyLog));

        QProcess client;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SSLKEYLOGFILE"), keyLog);
        client.setProcessEnvironment(env);
        client.start(pythonPath(),
                     {QStringLiteral("-c"), QString::fromLatin1(kTlsClient), QString::number(port), cert});
        QVERIFY(client.waitForFinished(30000));
        QCOMPARE(client.exitCode(), 0);
        const size_t beforeStop = sink.count();
        capture.stop();
        server.kill();
        server.waitForFinished();

        QCOMPARE(beforeStop, size_t(3));
        const QList<QByteArray> lines = client.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        std::lock_guard lock(sink.mutex);
        for (int i = 0; i < 3; ++i) {
            const Call& call = sink.calls[i];
            QCOMPARE(call.protocol, QStringLiteral("xmlrpc"));
            QCOMPARE(call.method(), QStringLiteral("add"));
            QCOMPARE(call.status, CallStatus::Ok);
            QVERIFY(call.request->tls && call.request->tls->decrypted());
            QVERIFY2(callToJson(call).contains(QByteArray(QByteArray("\"result\":") + QByteArray::number(i + 10))),
                     callToJson(call).constData());
            const double delay = sink.arrived[i] - lines[i].split(' ')[1].toDouble();
            QVERIFY2(delay < 1.0, qPrintable(QStringLiteral("call %1 arrived %2 s after its reply").arg(i).arg(delay)));
        }
        const LiveCaptureStats stats = capture.stats();
        // SimpleXMLRPCServer speaks HTTP/1.0: one connection, one handshake, one key-log entry per call.
        QCOMPARE(stats.tls.connections, qint64(3));
        QCOMPARE(stats.tls.decrypted, qint64(3));
        QCOMPARE(stats.tls.undecryptedCount, qint64(0));
    }

    void unansweredRequestBecomesNoReplyAfterTheDeadline()
    {
        if (!isLoopbackAvailable())
            QSKIP("no loopback interface called lo");
        // A server that reads the request and never answers.
        QProcess server;
        server.start(pythonPath(), {QStringLiteral("-c"), QStringLiteral(R"(
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1], flush=True)
c, _ = s.accept()
c.recv(65536)
time.sleep(30)
)")});
        QVERIFY(server.waitForReadyRead(15000));
        const quint16 port = static_cast<quint16>(server.readLine().trimmed().toUInt());
        TimedSink sink;
        LiveCaptureOptions options;
        options.interfaceName = QStringLiteral("lo");
        options.filter = QStringLiteral("tcp port %1").arg(port);
        options.noReplyDeadline = 0.5;
        auto started = LiveCapture::start(options, sink);
        if (!started && started.error().contains(QStringLiteral("permission denied")))
            QSKIP("no capture rights (needs root or cap_net_raw,cap_net_admin)");
        QVERIFY2(started.ok(), started ? "" : qPrintable(started.error()));
        QProcess client;
        client.start(pythonPath(),
                     {QStringLiteral("-c"), QStringLiteral(R"(
import sys, xmlrpc.client
try:
    xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1]).add(1, 2)
except Exception:
    pass
)"),
                      QString::number(port)});
        QTRY_COMPARE_WITH_TIMEOUT(sink.count(), size_t(1), 5000);
        {
            std::lock_guard lock(sink.mutex);
            QCOMPARE(sink.calls[0].status, CallStatus::NoReply);
            QCOMPARE(sink.calls[0].method(), QStringLiteral("add"));
        }
        (*started)->stop();
        client.kill();
        server.kill();
        client.waitForFinished();
        server.waitForFinished();
        QCOMPARE(sink.count(), size_t(1));
    }

    void stopAndStartAgain()
    {
        if (!isLoopbackAvailable())
            QSKIP("no loopback interface called lo");
        TimedSink sink;
        LiveCaptureOptions options;
        options.interfaceName = QStringLiteral("lo");
        for (int round = 0; round < 3; ++round) {
            auto started = LiveCapture::start(options, sink);
            if (!started && started.error().contains(QStringLiteral("permission denied")))
                QSKIP("no capture rights (needs root or cap_net_raw,cap_net_admin)");
            QVERIFY2(started.ok(), started ? "" : qPrintable(started.error()));
            QVERIFY((*started)->isRunning());
            QTest::qWait(50);
            (*started)->stop();
            QVERIFY(!(*started)->isRunning());
        }
    }
};

QTEST_GUILESS_MAIN(TestLiveCapture)
#include "tst_livecapture.moc"
