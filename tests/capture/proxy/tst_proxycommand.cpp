// `rpcscope-cli proxy` as a user runs it: calls printed as they complete, and a --write pcap that tshark reads
// with the same HTTP requests.
#include "pythonpeer.h"
#include "testsupport.h"

#include <QJsonArray>
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

// Three calls: the second is answered by a rule, the third rewritten by one.
const char kRuledClient[] = R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1])
out = [p.add(1, 2)]
try:
    p.add(3, 4)
except xmlrpc.client.Fault as f:
    out.append("Fault %d %s" % (f.faultCode, f.faultString))
out.append(p.add(5, 6))
print(*out)
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

    // --rule as a user writes it: the client gets the fault and the rewritten answer, each touched call carries its
    // rule in jsonl, and the pcap holds both sides: the client's (what it sent and got) and the server's (the
    // rewritten request, and no trace of the call answered in its place).
    void rulesChangeCallsAndThePcapHoldsBothSides()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kXmlRpcServer));
        const quint16 serverPort = server.readPort();
        QVERIFY(serverPort != 0);
        QTemporaryDir dir;
        const QString pcap = dir.filePath(QStringLiteral("ruled.pcap"));
        const quint16 port = freeTcpPort();
        const QString faultRule = QStringLiteral("method:add params~^\\[3, => fault 7 \"nope\"");
        const QString rewriteRule = QStringLiteral("method:add params~^\\[5, => rewrite params[0]=50");
        QProcess proxy;
        proxy.start(cliPath(),
                    {QStringLiteral("proxy"), QStringLiteral("--listen"), QStringLiteral(":%1").arg(port),
                     QStringLiteral("--to"), QStringLiteral("127.0.0.1:%1").arg(serverPort), QStringLiteral("--write"),
                     pcap, QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--rule"), faultRule,
                     QStringLiteral("--rule"), rewriteRule});
        QByteArray err;
        QVERIFY2(waitForListening(proxy, err), err.constData());
        const ProcessResult client = runPython(QString::fromLatin1(kRuledClient), {QString::number(port)});
        QCOMPARE(client.exitCode, 0);
        QCOMPARE(client.out, QByteArray("3 Fault 7 nope 56\n"));
        QByteArray out;
        QDeadlineTimer deadline(5000);
        while (out.count('\n') < 3 && !deadline.hasExpired()) {
            proxy.waitForReadyRead(100);
            out += proxy.readAllStandardOutput();
        }
        proxy.terminate();
        QVERIFY(proxy.waitForFinished(10000));
        QCOMPARE(proxy.exitCode(), 0);
        out += proxy.readAllStandardOutput();
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const QJsonObject plain = QJsonDocument::fromJson(lines[0]).object();
        QVERIFY(!plain.contains(QLatin1String("rule")));
        const QJsonObject faulted = QJsonDocument::fromJson(lines[1]).object();
        QCOMPARE(faulted.value(QLatin1String("status")).toString(), QStringLiteral("fault"));
        QCOMPARE(faulted.value(QLatin1String("rule")).toString(), faultRule);
        const QJsonObject rewritten = QJsonDocument::fromJson(lines[2]).object();
        // The client's call: its own arguments, the answer to the rewritten ones.
        QCOMPARE(QJsonDocument(rewritten.value(QLatin1String("params")).toArray()).toJson(QJsonDocument::Compact),
                 QByteArray("[5,6]"));
        QCOMPARE(rewritten.value(QLatin1String("result")).toInt(), 56);
        QCOMPARE(rewritten.value(QLatin1String("rule")).toString(), rewriteRule);

        const ProcessResult decoded
            = runCli({QStringLiteral("decode"), QStringLiteral("--format"), QStringLiteral("jsonl"), pcap}, {}, 20000);
        QVERIFY2(decoded.exitCode == 0, decoded.err.constData());
        QStringList seen;
        for (const QByteArray& line : decoded.out.trimmed().split('\n')) {
            const QJsonObject call = QJsonDocument::fromJson(line).object();
            const QByteArray params
                = QJsonDocument(call.value(QLatin1String("params")).toArray()).toJson(QJsonDocument::Compact);
            seen << QString::fromUtf8(params) + QLatin1Char(' ') + call.value(QLatin1String("status")).toString();
        }
        seen.sort();
        // Client side: [1,2], [3,4] (faulted by the proxy), [5,6]; server side: [1,2] and [50,6].
        QCOMPARE(seen,
                 (QStringList {QStringLiteral("[1,2] ok"), QStringLiteral("[1,2] ok"), QStringLiteral("[3,4] fault"),
                               QStringLiteral("[5,6] ok"), QStringLiteral("[50,6] ok")}));
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
        const QStringList rule {QStringLiteral("--listen"), QStringLiteral(":0"), QStringLiteral("--to"),
                                QStringLiteral("127.0.0.1:1")};
        QTest::addRow("follow-bind not an address")
            << rule + QStringList {QStringLiteral("--follow-bind"), QStringLiteral("proxy.example")}
            << QByteArray("--follow-bind needs an IP address (got 'proxy.example')");
        QTest::addRow("follow-bind without following")
            << rule
                + QStringList {QStringLiteral("--follow-bind"), QStringLiteral("127.0.0.1"),
                               QStringLiteral("--no-follow")}
            << QByteArray("--follow-bind and --no-follow exclude each other");
    }

    void badArgumentsAreUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        const ProcessResult r = runCli(QStringList {QStringLiteral("proxy")} + args, {}, 10000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }

    // A rule that does not parse, or that cannot act on the protocol it names, stops the proxy before it listens,
    // with the place of the error (the rules file's line and column).
    void badRulesStopTheProxyBeforeItListens_data()
    {
        QTest::addColumn<QStringList>("rules");
        QTest::addColumn<QString>("rulesFile");
        QTest::addColumn<QStringList>("messages");
        QTest::addRow("unknown filter field")
            << QStringList {QStringLiteral("methd:add => drop")} << QString()
            << QStringList {QStringLiteral("--rule column 1: unknown field 'methd'"), QStringLiteral("\n  ^^^^^")};
        QTest::addRow("rules file, line 4")
            << QStringList {}
            << QStringLiteral("# chaos for the add client\nmethod:add => delay 300ms\n\n"
                              "method:echo => fualt 1 \"x\"\n")
            << QStringList {QStringLiteral("chaos.rules:4:16: unknown action 'fualt'"),
                            QStringLiteral("  method:echo => fualt 1 \"x\"\n                 ^^^^^")};
        QTest::addRow("Java RMI fault with a number")
            << QStringList {QStringLiteral("protocol:jrmp => fault 4 \"no\"")} << QString()
            << QStringList {QStringLiteral("--rule: rule 'protocol:jrmp => fault 4 \"no\"' cannot act on"),
                            QStringLiteral("a Java RMI fault names an exception class")};
    }

    void badRulesStopTheProxyBeforeItListens()
    {
        QFETCH(QStringList, rules);
        QFETCH(QString, rulesFile);
        QFETCH(QStringList, messages);
        QTemporaryDir dir;
        QStringList args {QStringLiteral("proxy"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--to"), QStringLiteral("127.0.0.1:1")};
        for (const QString& rule : rules)
            args << QStringLiteral("--rule") << rule;
        if (!rulesFile.isEmpty()) {
            const QString path = dir.filePath(QStringLiteral("chaos.rules"));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(rulesFile.toUtf8());
            file.close();
            args << QStringLiteral("--rules") << path;
            for (QString& m : messages)
                m.replace(QStringLiteral("chaos.rules"), path);
        }
        const ProcessResult r = runCli(args, {}, 10000);
        QCOMPARE(r.exitCode, 2);
        for (const QString& m : messages)
            QVERIFY2(r.err.contains(m.toUtf8()), r.err.constData());
        QVERIFY2(!r.err.contains("listening on"), r.err.constData());
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
