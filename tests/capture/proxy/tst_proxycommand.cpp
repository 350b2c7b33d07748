// `rpcscope-cli proxy` as a user runs it: calls printed as they complete, and a --write pcap that tshark reads
// with the same HTTP requests.
#include "pythonpeer.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope::test;

namespace {

// moc takes `//` inside a raw string for a comment, so the Python scripts' URLs write their slashes as \x2f.
const char kXmlRpcServer[] = R"(
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
s.register_function(lambda a, b: a + b, "add")
print(s.server_address[1], flush=True)
s.serve_forever()
)";

// Five calls from two client objects.
const char kXmlRpcClient[] = R"(
import sys, xmlrpc.client
url = "http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1]
p = xmlrpc.client.ServerProxy(url)
print(p.add(1, 2), p.add(3, 4), p.add(5, 6))
p = xmlrpc.client.ServerProxy(url)
print(p.add(7, 8), p.add(100, 200000))
)";

// Waits until the proxy says it listens (its first lines on standard error).
bool waitForListening(QProcess& proxy, QByteArray& err)
{
    QDeadlineTimer deadline(15000);
    while (!err.contains("listening on") && !deadline.hasExpired() && proxy.state() != QProcess::NotRunning) {
        proxy.waitForReadyRead(100);
        err += proxy.readAllStandardError();
    }
    return err.contains("listening on");
}

} // namespace

class TestProxyCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void printsCallsAndWritesAPcapThatTsharkReads()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kXmlRpcServer));
        const quint16 serverPort = server.readPort();
        QVERIFY(serverPort != 0);
        QTemporaryDir dir;
        const QString pcap = dir.filePath(QStringLiteral("proxy.pcap"));
        const quint16 port = freeTcpPort();

        QProcess proxy;
        proxy.start(cliPath(),
                    {QStringLiteral("proxy"), QStringLiteral("--listen"), QStringLiteral(":%1").arg(port),
                     QStringLiteral("--to"), QStringLiteral("127.0.0.1:%1").arg(serverPort), QStringLiteral("--write"),
                     pcap, QStringLiteral("--format"), QStringLiteral("jsonl")});
        QByteArray err;
        QVERIFY2(waitForListening(proxy, err), err.constData());
        QVERIFY2(err.contains(QStringLiteral("127.0.0.1:%1 → 127.0.0.1:%2").arg(port).arg(serverPort).toUtf8()),
                 err.constData());

        const ProcessResult client = runPython(QString::fromLatin1(kXmlRpcClient), {QString::number(port)});
        QCOMPARE(client.exitCode, 0);
        QCOMPARE(client.out, QByteArray("3 7 11\n15 200100\n"));

        // Each call is printed (and flushed) as soon as its reply passed: all five are there before we stop.
        QByteArray out;
        QDeadlineTimer deadline(5000);
        while (out.count('\n') < 5 && !deadline.hasExpired()) {
            proxy.waitForReadyRead(100);
            out += proxy.readAllStandardOutput();
        }
        QCOMPARE(out.count('\n'), 5);

        proxy.terminate(); // SIGTERM: a clean stop that writes the file
        QVERIFY(proxy.waitForFinished(10000));
        QCOMPARE(proxy.exitStatus(), QProcess::NormalExit);
        QCOMPARE(proxy.exitCode(), 0);
        out += proxy.readAllStandardOutput();
        err += proxy.readAllStandardError();
        // SimpleXMLRPCServer closes after each reply (HTTP/1.0): one connection per call.
        QVERIFY2(err.contains("5 connections (0 failed)"), err.constData());

        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);
        const int expected[] = {3, 7, 11, 15, 200100};
        for (int i = 0; i < 5; ++i) {
            const QJsonObject call = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(call.value(QStringLiteral("method")).toString(), QStringLiteral("add"));
            QCOMPARE(call.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
            QCOMPARE(call.value(QStringLiteral("result")).toInt(), expected[i]);
        }

        if (tsharkPath().isEmpty())
            QSKIP("tshark is not installed: the written pcap cannot be checked");
        const ProcessResult tshark
            = runProcess(tsharkPath(),
                         {QStringLiteral("-r"), pcap, QStringLiteral("-Y"), QStringLiteral("http.request"),
                          QStringLiteral("-T"), QStringLiteral("fields"), QStringLiteral("-e"),
                          QStringLiteral("http.request.method"), QStringLiteral("-e"), QStringLiteral("tcp.dstport")});
        QVERIFY2(tshark.exitCode == 0, tshark.err.constData());
        const QList<QByteArray> requests = tshark.out.trimmed().split('\n');
        QCOMPARE(requests.size(), lines.size());
        for (const QByteArray& r : requests)
            QCOMPARE(r, QByteArray("POST\t") + QByteArray::number(serverPort));
        // And the replies, with nothing malformed.
        const ProcessResult replies
            = runProcess(tsharkPath(),
                         {QStringLiteral("-r"), pcap, QStringLiteral("-Y"),
                          QStringLiteral("http.response.code == 200 || _ws.malformed"), QStringLiteral("-T"),
                          QStringLiteral("fields"), QStringLiteral("-e"), QStringLiteral("http.response.code")});
        QCOMPARE(replies.out.trimmed().split('\n').size(), 5);
        QVERIFY(!replies.out.contains("\t\n"));
    }

    void badArgumentsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("listen without to") << QStringList {QStringLiteral("--listen"), QStringLiteral(":1")}
                                           << QByteArray("each --listen needs a --to");
        QTest::addRow("nothing") << QStringList {} << QByteArray("nothing to do");
        QTest::addRow("bad port") << QStringList {QStringLiteral("--listen"), QStringLiteral(":99999"),
                                                  QStringLiteral("--to"), QStringLiteral("127.0.0.1:1")}
                                  << QByteArray("no valid port");
        QTest::addRow("bad format") << QStringList {QStringLiteral("--http-proxy"), QStringLiteral(":0"),
                                                    QStringLiteral("--format"), QStringLiteral("xml")}
                                    << QByteArray("unknown format 'xml'");
    }

    void badArgumentsAreUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const ProcessResult r = runCli(QStringList {QStringLiteral("proxy")} + args, {}, 10000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }

    void busyListenPortIsAnError()
    {
        QTcpServer busy;
        QVERIFY(busy.listen(QHostAddress::LocalHost, 0));
        const ProcessResult r = runCli({QStringLiteral("proxy"), QStringLiteral("--listen"),
                                        QStringLiteral("127.0.0.1:%1").arg(busy.serverPort()), QStringLiteral("--to"),
                                        QStringLiteral("127.0.0.1:1")},
                                       {}, 10000);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("cannot listen on 127.0.0.1:%1").arg(busy.serverPort()).toUtf8()),
                 r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestProxyCommand)
#include "tst_proxycommand.moc"
