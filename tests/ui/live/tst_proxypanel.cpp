// The Proxy panel: rules edited in its table, started, and the calls of a real Python client joining the call
// list live, with the per-rule counters following.
#include "../../capture/proxy/pythonpeer.h"
#include "decoderregistry.h"
#include "models/callstore.h"
#include "proxypanel.h"
#include "testsupport.h"
#include "tlspeers.h"
#include "tlsverifychooser.h"

#include <QCheckBox>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// moc takes `//` inside a raw string for a comment, so the Python scripts' URLs write their slashes as \x2f.
const char kServer[] = R"(
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
s.register_function(lambda a, b: a + b, "add")
print(s.server_address[1], flush=True)
s.serve_forever()
)";

const char kClient[] = R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1])
print(p.add(3, 4), p.add(5, 5))
)";

} // namespace

class TestProxyPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void proxiedCallsJoinTheCallList()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kServer));
        const quint16 serverPort = server.readPort();
        QVERIFY(serverPort != 0);

        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        ProxyPanel panel(store);
        panel.addRule(QStringLiteral("127.0.0.1:0"), QStringLiteral("127.0.0.1:%1").arg(serverPort));
        QSignalSpy running(&panel, &ProxyPanel::runningChanged);
        const Status started = panel.start();
        QVERIFY2(started.ok(), started ? "" : qPrintable(started.error()));
        QCOMPARE(running.size(), 1);
        QVERIFY(panel.isRunning());
        QVERIFY(!(panel.table()->editTriggers() & QAbstractItemView::DoubleClicked)); // rules fixed while running

        PythonPeer client;
        client.start(QString::fromLatin1(kClient), {QString::number(panel.listenPort(0))});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("7 10\n"));
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 2, 5000);
        // Requests are listed as pending first and replaced when their reply passes.
        QTRY_COMPARE_WITH_TIMEOUT(store.call(1).status, CallStatus::Ok, 3000);
        for (int row = 0; row < 2; ++row) {
            const Call call = store.call(row);
            QCOMPARE(call.method(), QStringLiteral("add"));
            QCOMPARE(call.status, CallStatus::Ok);
        }
        // One connection per call: SimpleXMLRPCServer closes after each reply (HTTP/1.0).
        QTRY_COMPARE_WITH_TIMEOUT(panel.table()->item(0, ProxyPanel::ConnectionsColumn)->text(), QStringLiteral("2"),
                                  3000);
        QVERIFY(panel.table()->item(0, ProxyPanel::SentColumn)->text() != QLatin1String("0"));
        panel.stop();
        QVERIFY(!panel.isRunning());
        QCOMPARE(running.size(), 2);
    }

    // A JDK client through a rule in front of an RMI registry (tests/data/jrmp/names, compiled here): the object the
    // lookup hands out is listed under the rules with its counters, and its calls join the call list as calls to
    // the object's own endpoint.
    void followedObjectsAreListed()
    {
        if (test::javaPath().isEmpty() || test::javacPath().isEmpty())
            QSKIP("java and javac (JDK 17) are needed for the Java peers; install openjdk-17-jdk-headless");
        QTemporaryDir dir;
        const QString classes = dir.filePath(QStringLiteral("classes"));
        QStringList javac {QStringLiteral("-J-XX:TieredStopAtLevel=1"), QStringLiteral("-d"), classes};
        for (const char* source :
             {"example/Greeting.java", "example/Named.java", "example/GreetingMaker.java", "GreetingClient.java"})
            javac << test::dataPath(QStringLiteral("jrmp/names/") + QLatin1String(source));
        const test::ProcessResult compiled = test::runProcess(test::javacPath(), javac, {}, 120000);
        QVERIFY2(compiled.exitCode == 0, compiled.err.constData());
        const quint16 registryPort = test::freeTcpPort();
        quint16 objectPort = test::freeTcpPort();
        while (objectPort == registryPort)
            objectPort = test::freeTcpPort();
        const QStringList jvm {QStringLiteral("-XX:TieredStopAtLevel=1"), QStringLiteral("-XX:+UseSerialGC"),
                               QStringLiteral("-Djava.rmi.server.hostname=127.0.0.1"), QStringLiteral("-cp"), classes};
        QProcess server;
        server.start(test::javaPath(),
                     jvm
                         + QStringList {QStringLiteral("example.GreetingMaker"), QString::number(registryPort),
                                        QString::number(objectPort)});
        const auto stopServer = qScopeGuard([&] {
            server.kill();
            server.waitForFinished(5000);
        });
        QVERIFY(server.waitForReadyRead(30000));

        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        ProxyPanel panel(store);
        QVERIFY(panel.isFollowing());
        panel.addRule(QStringLiteral("127.0.0.1:0"), QStringLiteral("127.0.0.1:%1").arg(registryPort));
        const Status started = panel.start();
        QVERIFY2(started.ok(), started ? "" : qPrintable(started.error()));
        QVERIFY(panel.findChild<QCheckBox*>() && !panel.findChild<QCheckBox*>()->isEnabled());

        QProcess client;
        client.start(test::javaPath(),
                     jvm + QStringList {QStringLiteral("GreetingClient"), QString::number(panel.listenPort(0))});
        QTRY_VERIFY_WITH_TIMEOUT(client.state() == QProcess::NotRunning, 30000);
        QVERIFY2(client.exitCode() == 0 && client.readAllStandardOutput().contains("done"),
                 client.readAllStandardError().constData());

        QTableWidget* followed = panel.followedTable();
        QCOMPARE(followed->rowCount(), 1);
        QVERIFY(!followed->isHidden());
        QCOMPARE(followed->item(0, ProxyPanel::ListenColumn)->text(), QStringLiteral("127.0.0.1:%1").arg(objectPort));
        QVERIFY(followed->item(0, ProxyPanel::TargetColumn)->text().startsWith(QLatin1String("127.0.0.1:")));
        QTRY_COMPARE_WITH_TIMEOUT(followed->item(0, ProxyPanel::ConnectionsColumn)->text(), QStringLiteral("1"), 3000);
        QVERIFY(followed->item(0, ProxyPanel::ReceivedColumn)->text() != QLatin1String("0"));
        auto greets = [&] {
            int n = 0;
            for (int row = 0; row < store.size(); ++row) {
                const Call call = store.call(row);
                n += call.server.port == objectPort && call.object() == QLatin1String("GreetingMaker (Greeting)");
            }
            return n;
        };
        QTRY_VERIFY_WITH_TIMEOUT(greets() >= 10, 5000);
        panel.stop();
        QCOMPARE(followed->rowCount(), 1); // still listed, with its final counters
    }

    void badRulesAreExplained_data()
    {
        QTest::addColumn<QString>("listen");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("error");
        QTest::addRow("no port") << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1:1")
                                 << QStringLiteral("Rule 1: '127.0.0.1' is not HOST:PORT");
        QTest::addRow("bad target") << QStringLiteral(":0") << QStringLiteral("host:http")
                                    << QStringLiteral("Rule 1: 'host:http' has no valid port");
    }

    void badRulesAreExplained()
    {
        QFETCH(QString, listen);
        QFETCH(QString, target);
        QFETCH(QString, error);
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        ProxyPanel panel(store);
        panel.addRule(listen, target);
        const Status started = panel.start();
        QVERIFY(!started.ok());
        QVERIFY2(started.error().startsWith(error), qPrintable(started.error()));
        QVERIFY(!panel.isRunning());
    }

    // A TLS rule: the upstream is verified with the CA file chosen under the table, the client trusts the CA
    // exported from the panel, and the calls join the list decoded; a client that does not trust it is named.
    void tlsRuleTerminatesTls()
    {
        QTemporaryDir temp;
        const CertificateFiles upstreamCert
            = makeSelfSigned(temp.path(), QStringLiteral("upstream"), QStringLiteral("DNS:localhost,IP:127.0.0.1"));
        PythonPeer server;
        server.start(QString::fromLatin1(httpsXmlRpcServerScript()), {upstreamCert.certificate, upstreamCert.key});
        const quint16 serverPort = server.readPort();
        QVERIFY(serverPort != 0);

        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        ProxyPanel panel(store);
        panel.setCaDirectory(temp.filePath(QStringLiteral("ca")));
        panel.addRule(QStringLiteral("127.0.0.1:0"), QStringLiteral("127.0.0.1:%1").arg(serverPort), true);
        panel.upstreamVerification()->setMode(TlsVerifyChooser::Mode::CaFile);
        Status started = panel.start();
        QVERIFY(!started.ok()); // the CA file is not chosen yet
        QCOMPARE(started.error(),
                 QStringLiteral("Rule 1: Choose the CA file to verify the server with (or verify "
                                "with the system's CAs)"));
        panel.upstreamVerification()->setCaFile(upstreamCert.certificate);
        started = panel.start();
        QVERIFY2(started.ok(), started ? "" : qPrintable(started.error()));
        QCOMPARE(panel.rules()->front().tls.upstreamCaFile, upstreamCert.certificate);
        const QString exported = temp.filePath(QStringLiteral("exported.pem"));
        QVERIFY(panel.exportCaCertificate(exported).ok());

        const QString url = QStringLiteral("https://localhost:%1/RPC2").arg(panel.listenPort(0));
        PythonPeer client;
        client.start(QString::fromLatin1(httpsXmlRpcClientScript()), {url, exported});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("7\n"));
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(store.call(0).status, CallStatus::Ok, 3000);
        QCOMPARE(store.call(0).method(), QStringLiteral("add"));

        QSignalSpy problems(&panel, &ProxyPanel::problem);
        PythonPeer untrusting;
        untrusting.start(QString::fromLatin1(httpsXmlRpcClientScript()), {url, QString()});
        QVERIFY(untrusting.finish());
        QCOMPARE(untrusting.exitCode(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(!problems.isEmpty(), 5000);
        QVERIFY2(problems.first().first().toString().contains(QLatin1String("refused RpcScope's certificate")),
                 qPrintable(problems.first().first().toString()));
        panel.stop();
    }

    void emptyTargetIsAnHttpProxy()
    {
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        ProxyPanel panel(store);
        panel.addRule(QStringLiteral(":0"), QString());
        auto rules = panel.rules();
        QVERIFY(rules.ok());
        QCOMPARE(rules->size(), size_t(1));
        QVERIFY(rules->front().httpProxy);
        QCOMPARE(rules->front().listen.host, QStringLiteral("127.0.0.1")); // loopback by default
    }
};

QTEST_MAIN(TestProxyPanel)
#include "tst_proxypanel.moc"
