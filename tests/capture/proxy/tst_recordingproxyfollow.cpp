// `rpcscope-cli proxy` in front of a Java RMI registry only, with real JDK 17 peers compiled here (the names, JMX and
// hello fixtures' sources, tests/data/jrmp): the stubs the registry hands out are followed, so the calls on the
// objects are recorded too, as calls to the objects' real endpoints, in the printed calls and in the written pcap;
// with --no-follow only the registry's calls are. The Pyro side, TLS and the limit: tst_recordingproxyfollowpyro.
#include "followtesting.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

const QStringList kQuickJvm {QStringLiteral("-XX:TieredStopAtLevel=1"), QStringLiteral("-XX:+UseSerialGC"),
                             QStringLiteral("-Djava.rmi.server.hostname=127.0.0.1")};

} // namespace

class TestRecordingProxyFollow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void registryLookupIsFollowed_data();
    void registryLookupIsFollowed();
    void jmxNewClientIsFollowed();
    void stubWithASocketFactoryPassesWithANote();

private:
    struct Run
    {
        QByteArray out;
        QByteArray err;
        QByteArray client;
        QString pcap;
    };
    void skipWithoutJava();
    /// Starts `server` (main class and arguments), a proxy in front of `registryPort` only, runs `client`, and stops.
    void run(const QStringList& server, quint16 registryPort, const QStringList& client, const QStringList& proxyArgs,
             Run& result);

    QTemporaryDir m_dir;
    QString m_classes;
};

void TestRecordingProxyFollow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (test::javaPath().isEmpty() || test::javacPath().isEmpty())
        return; // the Java tests skip, saying why
    m_classes = m_dir.filePath(QStringLiteral("classes"));
    QStringList javac {QStringLiteral("-J-XX:TieredStopAtLevel=1"), QStringLiteral("-J-XX:+UseSerialGC"),
                       QStringLiteral("-d"), m_classes};
    for (const char* source :
         {"names/example/Greeting.java", "names/example/Named.java", "names/example/GreetingMaker.java",
          "names/GreetingClient.java", "jmx/JmxClient.java", "jmx/JmxTarget.java", "Hello.java", "HelloServer.java",
          "HelloClient.java", "HelloSocketFactory.java", "Point.java"})
        javac << test::dataPath(QStringLiteral("jrmp/") + QLatin1String(source));
    const test::ProcessResult compiled = test::runProcess(test::javacPath(), javac, {}, 120000);
    QVERIFY2(compiled.exitCode == 0, compiled.err.constData());
}

void TestRecordingProxyFollow::skipWithoutJava()
{
    if (m_classes.isEmpty())
        QSKIP("java and javac (JDK 17) are needed for the Java peers; install openjdk-17-jdk-headless");
}

void TestRecordingProxyFollow::run(const QStringList& serverArgs, quint16 registryPort, const QStringList& clientArgs,
                                   const QStringList& proxyArgs, Run& result)
{
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.start(test::javaPath(), kQuickJvm + serverArgs);
    const auto stopServer = qScopeGuard([&] { stop(server); });
    QByteArray serverOut;
    QVERIFY2(waitForText(server, serverOut, "ready", 60000, false), serverOut.constData());

    QList<quint16> taken {registryPort};
    const quint16 proxyPort = freshPort(taken);
    result.pcap = m_dir.filePath(QStringLiteral("follow-%1.pcap").arg(proxyPort));
    QProcess proxy;
    proxy.start(test::cliPath(),
                QStringList {QStringLiteral("proxy"), QStringLiteral("--listen"),
                             QStringLiteral("127.0.0.1:%1").arg(proxyPort), QStringLiteral("--to"),
                             QStringLiteral("127.0.0.1:%1").arg(registryPort), QStringLiteral("--write"), result.pcap,
                             QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--java-classpath"),
                             m_classes}
                    + proxyArgs);
    const auto stopProxy = qScopeGuard([&] { stop(proxy); });
    QVERIFY2(waitForText(proxy, result.err, "listening on", 30000, true), result.err.constData());

    const test::ProcessResult client = test::runProcess(test::javaPath(),
                                                        kQuickJvm + QStringList {QStringLiteral("-cp"), m_classes}
                                                            + clientArgs + QStringList {QString::number(proxyPort)},
                                                        {}, 60000);
    QVERIFY2(client.exitCode == 0 && client.out.contains("done"), client.err.constData());
    result.client = client.out;

    proxy.terminate(); // SIGTERM: finishes pending calls and writes the pcap
    QVERIFY(proxy.waitForFinished(15000));
    QCOMPARE(proxy.exitCode(), 0);
    result.out = proxy.readAllStandardOutput();
    result.err += proxy.readAllStandardError();
}

void TestRecordingProxyFollow::registryLookupIsFollowed_data()
{
    QTest::addColumn<bool>("follow");
    QTest::addRow("following (the default)") << true;
    QTest::addRow("--no-follow") << false;
}

void TestRecordingProxyFollow::registryLookupIsFollowed()
{
    QFETCH(bool, follow);
    skipWithoutJava();
    QList<quint16> taken;
    const quint16 registryPort = freshPort(taken);
    const quint16 objectPort = freshPort(taken);
    Run r;
    run({QStringLiteral("-cp"), m_classes, QStringLiteral("example.GreetingMaker"), QString::number(registryPort),
         QString::number(objectPort)},
        registryPort, {QStringLiteral("GreetingClient")},
        follow ? QStringList() : QStringList {QStringLiteral("--no-follow")}, r);
    if (QTest::currentTestFailed())
        return;
    // The client got the same answers either way.
    QVERIFY(r.client.contains("greet: Hello, letian\n"));
    QVERIFY(r.client.contains("self: Hello, again\n"));

    const QString registry = QStringLiteral("127.0.0.1:%1").arg(registryPort);
    const QString object = QStringLiteral("127.0.0.1:%1").arg(objectPort);
    const QStringList objectMethods {QStringLiteral("dirty"),   QStringLiteral("name"),    QStringLiteral("greet"),
                                     QStringLiteral("add"),     QStringLiteral("scale"),   QStringLiteral("isFriend"),
                                     QStringLiteral("initial"), QStringLiteral("average"), QStringLiteral("friends"),
                                     QStringLiteral("ping"),    QStringLiteral("self"),    QStringLiteral("greet")};
    const QList<Recorded> printed = recordedCalls(r.out);
    const test::ProcessResult decoded
        = test::runCli({QStringLiteral("decode"), r.pcap, QStringLiteral("--format"), QStringLiteral("jsonl"),
                        QStringLiteral("--java-classpath"), m_classes},
                       {}, 30000);
    QVERIFY2(decoded.exitCode == 0, decoded.err.constData());
    const QList<Recorded> written = recordedCalls(decoded.out);
    for (const QList<Recorded>& calls : {printed, written}) {
        QVERIFY2(methodsAt(calls, registry).contains(QLatin1String("lookup")), r.out.constData());
        for (const Recorded& c : calls)
            QVERIFY2(c.status == QLatin1String("ok") || c.status.isEmpty(), qPrintable(c.method + c.status));
        if (follow) {
            // Every call on the object, on its real endpoint (DGC dirty first, then the client's methods).
            QStringList methods = methodsAt(calls, object);
            methods.removeAll(QStringLiteral("clean"));
            QCOMPARE(methods, objectMethods);
            int named = 0;
            for (const Recorded& c : calls)
                named += c.object == QLatin1String("GreetingMaker (Greeting)");
            QCOMPARE(named, objectMethods.size() - 1);
        } else {
            QVERIFY2(methodsAt(calls, object).isEmpty(), r.out.constData());
        }
        // Nothing recorded on any other server: the proxy's own listeners never show.
        for (const Recorded& c : calls)
            QVERIFY2(c.server == registry || c.server == object, qPrintable(c.server));
    }
    const QByteArray following = QStringLiteral("following %1 through 127.0.0.1:").arg(object).toUtf8();
    QCOMPARE(r.err.count(following), follow ? 1 : 0);
    QVERIFY2(!r.err.contains("cannot"), r.err.constData());
}

void TestRecordingProxyFollow::jmxNewClientIsFollowed()
{
    skipWithoutJava();
    QList<quint16> taken;
    const quint16 registryPort = freshPort(taken);
    const quint16 connectorPort = freshPort(taken);
    Run r;
    run({QStringLiteral("-Dcom.sun.management.jmxremote.port=%1").arg(registryPort),
         QStringLiteral("-Dcom.sun.management.jmxremote.rmi.port=%1").arg(connectorPort),
         QStringLiteral("-Dcom.sun.management.jmxremote.authenticate=false"),
         QStringLiteral("-Dcom.sun.management.jmxremote.ssl=false"), QStringLiteral("-cp"), m_classes,
         QStringLiteral("JmxTarget")},
        registryPort, {QStringLiteral("JmxClient")}, {}, r);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(r.client.contains("getMBeanCount: true"));
    const QString registry = QStringLiteral("127.0.0.1:%1").arg(registryPort);
    const QString connector = QStringLiteral("127.0.0.1:%1").arg(connectorPort);
    const QList<Recorded> calls = recordedCalls(r.out);
    QCOMPARE(methodsAt(calls, registry), QStringList {QStringLiteral("lookup")});
    const QStringList methods = methodsAt(calls, connector);
    // newClient on the RMIServer stub the lookup handed out, then the RMIConnection stub newClient handed out.
    QVERIFY2(methods.contains(QLatin1String("newClient")), r.out.constData());
    for (const char* m : {"getMBeanCount", "getAttribute", "getAttributes", "invoke", "close"})
        QVERIFY2(methods.contains(QLatin1String(m)), m);
    int onConnection = 0;
    for (const Recorded& c : calls)
        onConnection += c.object == QLatin1String("RMIConnection");
    QVERIFY(onConnection >= 10);
    // One listener serves both stubs (they share the connector's port).
    QCOMPARE(r.err.count("following "), 1);
}

// tests/data/jrmp's HelloServer exports Hello (UnicastRef), Hello2 (UnicastRef2) and Hello3 (UnicastRef2 with a
// client socket factory) on three consecutive ports: the first two are followed, the third passes with a note and
// its calls go to the object directly.
void TestRecordingProxyFollow::stubWithASocketFactoryPassesWithANote()
{
    skipWithoutJava();
    QList<quint16> taken;
    const quint16 registryPort = freshPort(taken);
    quint16 objectPort = 0;
    for (int attempt = 0; attempt < 50 && objectPort == 0; ++attempt) {
        const quint16 base = freshPort(taken);
        QTcpServer a;
        QTcpServer b;
        if (base < 65000 && a.listen(QHostAddress::LocalHost, base + 1) && b.listen(QHostAddress::LocalHost, base + 2)
            && !taken.contains(base + 1) && !taken.contains(base + 2))
            objectPort = base;
    }
    QVERIFY(objectPort != 0);
    Run r;
    run({QStringLiteral("-cp"), m_classes, QStringLiteral("HelloServer"), QString::number(registryPort),
         QString::number(objectPort)},
        registryPort, {QStringLiteral("HelloClient")}, {}, r);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(r.client.contains("Hello3 sayHello: Hello, Hello3"));
    const QList<Recorded> calls = recordedCalls(r.out);
    auto at = [&](int offset) { return methodsAt(calls, QStringLiteral("127.0.0.1:%1").arg(objectPort + offset)); };
    QVERIFY2(at(0).contains(QLatin1String("sayHello")) && at(0).contains(QLatin1String("move")), r.out.constData());
    QVERIFY2(at(1).contains(QLatin1String("sayHello")), r.out.constData());
    QVERIFY2(at(2).isEmpty(), r.out.constData());
    QCOMPARE(r.err.count("following "), 2);
    const QByteArray note = QStringLiteral("has a custom client socket factory (HelloSocketFactory): it cannot be "
                                           "followed and is passed as written")
                                .toUtf8();
    QVERIFY2(r.err.contains(note) && r.err.contains(QByteArray::number(objectPort + 2)), r.err.constData());
}

QTEST_GUILESS_MAIN(TestRecordingProxyFollow)
#include "tst_recordingproxyfollow.moc"
