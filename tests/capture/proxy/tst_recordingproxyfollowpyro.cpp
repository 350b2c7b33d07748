// The recording proxy following the endpoints Pyro replies hand out, with real Pyro4 and Pyro5 peers: clients resolving
// PYRONAME through a proxied name server (and --no-follow), a chain of objects each naming the next, TLS-terminated
// followed endpoints, and the limit on followed endpoints. The Java RMI side: tst_recordingproxyfollow.
#include "decoderregistry.h"
#include "followtesting.h"
#include "pythonpeer.h"
#include "recordingproxy.h"
#include "tlspeers.h"
#include "trafficdecoder.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// Two Pyro4 daemons over SSL (argv: CERT KEY): "example.directory" on the first answers where() with the URI of
// "example.greeting" on the second. Prints the first daemon's port, then serves both.
const char kSslDirectory[] = R"(
import sys, threading, Pyro4
Pyro4.config.SSL = True
Pyro4.config.SSL_SERVERCERT = sys.argv[1]
Pyro4.config.SSL_SERVERKEY = sys.argv[2]
@Pyro4.expose
class GreetingMaker(object):
    def get_fortune(self, name):
        return 'Hello, {0}. \n'.format(name)
greetings = Pyro4.Daemon(host='127.0.0.1', port=0)
greeting = greetings.register(GreetingMaker, 'example.greeting')
@Pyro4.expose
class Directory(object):
    def where(self):
        return greeting
directory = Pyro4.Daemon(host='127.0.0.1', port=0)
directory.register(Directory, 'example.directory')
threading.Thread(target=greetings.requestLoop, daemon=True).start()
print(directory.locationStr.split(':')[-1], greeting.port, flush=True)
directory.requestLoop()
)";

// A Pyro4 client over SSL trusting the CA file argv[2]: asks example.directory on port argv[1] where the greeting
// is, and calls it there.
const char kSslClient[] = R"(
import sys, Pyro4
Pyro4.config.SSL = True
Pyro4.config.SSL_CACERTS = sys.argv[2]
with Pyro4.Proxy('PYRO:example.directory@127.0.0.1:' + sys.argv[1]) as d:
    uri = d.where()
    print('where:', uri, flush=True)
with Pyro4.Proxy(uri) as g:
    print(g.get_fortune('tls').strip(), flush=True)
)";

// Three Pyro4 daemons: "example.directory" on the first answers where() with the URIs (as text) of the objects on
// the other two. Prints the three ports.
const char kDirectoryOfTwo[] = R"(
import threading, Pyro4
@Pyro4.expose
class Thing(object):
    def name(self):
        return 'thing'
daemons = [Pyro4.Daemon(host='127.0.0.1', port=0) for _ in range(3)]
uris = [str(daemons[i].register(Thing(), 'example.thing')) for i in (1, 2)]
@Pyro4.expose
class Directory(object):
    def where(self):
        return uris
daemons[0].register(Directory, 'example.directory')
for d in daemons[1:]:
    threading.Thread(target=d.requestLoop, daemon=True).start()
print(' '.join(d.locationStr.split(':')[-1] for d in daemons), flush=True)
daemons[0].requestLoop()
)";

// Three Pyro4 daemons in a chain: "example.step" on each answers next() with the URI of the next one (the last with
// None). Prints the three ports.
const char kChain[] = R"(
import threading, Pyro4
daemons = [Pyro4.Daemon(host='127.0.0.1', port=0) for _ in range(3)]
@Pyro4.expose
class Step(object):
    def __init__(self, following):
        self.following = following
    def next(self):
        return self.following
uris = [None]
for d in reversed(daemons):
    uris.insert(0, d.register(Step(uris[0]), 'example.step'))
for d in daemons[1:]:
    threading.Thread(target=d.requestLoop, daemon=True).start()
print(' '.join(d.locationStr.split(':')[-1] for d in daemons), flush=True)
daemons[0].requestLoop()
)";

// Walks the chain from port argv[1], printing each URI it is given.
const char kWalkChain[] = R"(
import sys, Pyro4
uri = 'PYRO:example.step@127.0.0.1:' + sys.argv[1]
while uri is not None:
    with Pyro4.Proxy(uri) as step:
        uri = step.next()
    print(uri, flush=True)
)";

const char kAskWhere[] = R"(
import sys, Pyro4
with Pyro4.Proxy('PYRO:example.directory@127.0.0.1:' + sys.argv[1]) as d:
    print(' '.join(d.where()), flush=True)
)";

} // namespace

class TestRecordingProxyFollowPyro : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void pyroNameServerAnswersAreFollowed_data();
    void pyroNameServerAnswersAreFollowed();
    void objectsHandedOutOnFollowedConnectionsAreFollowed();
    void tlsRulesFollowWithTls();
    void endpointsPastTheLimitAreLeftAndNamed();

private:
    QTemporaryDir m_dir;
};

// With --tls, the listener of a followed endpoint terminates TLS as the rule's does: a Pyro4 client over SSL reaches
// an object another object's answer handed out, through the proxy, and both calls are decoded.
void TestRecordingProxyFollowPyro::tlsRulesFollowWithTls()
{
    const QString caDir = m_dir.filePath(QStringLiteral("ca"));
    const QString ca = test::exportRpcScopeCa(caDir, m_dir.filePath(QStringLiteral("rpcscope-ca.pem")));
    QVERIFY(!ca.isEmpty());
    const test::CertificateFiles upstream
        = test::makeSelfSigned(m_dir.path(), QStringLiteral("upstream"), QStringLiteral("DNS:localhost,IP:127.0.0.1"));
    QVERIFY(!upstream.certificate.isEmpty());
    QProcess daemons;
    daemons.start(test::pythonPath(),
                  {QStringLiteral("-c"), QString::fromLatin1(kSslDirectory), upstream.certificate, upstream.key});
    const auto stopDaemons = qScopeGuard([&] { stop(daemons); });
    QByteArray daemonOut;
    QVERIFY2(waitForText(daemons, daemonOut, "\n", 30000, false), daemons.readAllStandardError().constData());
    const QList<QByteArray> ports = daemonOut.trimmed().split(' ');
    QCOMPARE(ports.size(), 2);
    QList<quint16> taken {quint16(ports[0].toUShort()), quint16(ports[1].toUShort())};
    const quint16 proxyPort = freshPort(taken);

    QProcess proxy;
    QByteArray err;
    proxy.start(test::cliPath(),
                {QStringLiteral("proxy"), QStringLiteral("--tls"), QStringLiteral("--upstream-insecure"),
                 QStringLiteral("--ca-dir"), caDir, QStringLiteral("--listen"),
                 QStringLiteral("127.0.0.1:%1").arg(proxyPort), QStringLiteral("--to"),
                 QStringLiteral("127.0.0.1:") + QString::fromLatin1(ports[0]), QStringLiteral("--format"),
                 QStringLiteral("jsonl")});
    const auto stopProxy = qScopeGuard([&] { stop(proxy); });
    QVERIFY2(waitForText(proxy, err, "listening on", 30000, true), err.constData());
    const test::ProcessResult client
        = test::runPython(QString::fromLatin1(kSslClient), {QString::number(proxyPort), ca}, {}, 30000);
    QVERIFY2(client.exitCode == 0 && client.out.contains("Hello, tls."), client.err.constData());
    // The client was sent to the proxy's listener for the greeting daemon, not to the daemon.
    QVERIFY2(!client.out.contains(QByteArray(":" + ports[1] + "\n")), client.out.constData());
    proxy.terminate();
    QVERIFY(proxy.waitForFinished(15000));
    err += proxy.readAllStandardError();
    const QList<Recorded> calls = recordedCalls(proxy.readAllStandardOutput());
    QCOMPARE(methodsAt(calls, QStringLiteral("127.0.0.1:") + QString::fromLatin1(ports[0])),
             QStringList {QStringLiteral("where")});
    QCOMPARE(methodsAt(calls, QStringLiteral("127.0.0.1:") + QString::fromLatin1(ports[1])),
             QStringList {QStringLiteral("get_fortune")});
    QVERIFY2(err.contains(QByteArray("following 127.0.0.1:" + ports[1] + " through 127.0.0.1:")), err.constData());
    QVERIFY2(err.contains("1 connections (0 failed)"), err.constData());
}

// The RecordingProxy itself, with its limit lowered to one: the first endpoint a reply hands out is followed, the
// second is left as the server wrote it and a problem names it and the limit; stopping closes the followed listener.
void TestRecordingProxyFollowPyro::endpointsPastTheLimitAreLeftAndNamed()
{
    test::PythonPeer daemons;
    daemons.start(QString::fromLatin1(kDirectoryOfTwo));
    QDeadlineTimer deadline(15000);
    while (!daemons.process().canReadLine() && !deadline.hasExpired())
        daemons.process().waitForReadyRead(100);
    const QList<QByteArray> ports = daemons.process().readLine().trimmed().split(' ');
    QCOMPARE(ports.size(), 3);

    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector calls;
    TrafficDecoder traffic(registry, DecodeOptions {}, calls);
    RecordingProxy proxy(traffic);
    ProxyFollowOptions follow;
    follow.registry = &registry;
    follow.maxEndpoints = 1;
    proxy.setFollowing(std::move(follow));
    QSignalSpy problems(&proxy, &RecordingProxy::problem);
    QSignalSpy followed(&proxy, &RecordingProxy::endpointFollowed);
    const Status started = proxy.start({ProxyRule {
        {QStringLiteral("127.0.0.1"), 0}, {QStringLiteral("127.0.0.1"), quint16(ports[0].toUShort())}, false, {}}});
    QVERIFY(started.ok());

    test::PythonPeer client;
    client.start(QString::fromLatin1(kAskWhere), {QString::number(proxy.listenAddress(0).port)});
    QVERIFY2(client.finish(), client.err().constData());
    const QList<QByteArray> uris = client.out().trimmed().split(' ');
    QCOMPARE(uris.size(), 2);
    QCOMPARE(followed.size(), 1);
    QCOMPARE(proxy.followedCount(), 1);
    const FollowedEndpoint& f = proxy.followed(0);
    QCOMPARE(f.real.toString(), QStringLiteral("127.0.0.1:") + QString::fromLatin1(ports[1]));
    QCOMPARE(uris[0], "PYRO:example.thing@" + f.listen.toString().toUtf8());
    QCOMPARE(uris[1], "PYRO:example.thing@127.0.0.1:" + ports[2]);
    QCOMPARE(problems.size(), 1);
    const QString problem = problems[0][0].toString();
    QVERIFY2(problem.contains(QLatin1String("not following 127.0.0.1:") + QString::fromLatin1(ports[2]))
                 && problem.contains(QLatin1String("1 endpoints, its limit")),
             qPrintable(problem));

    // A second answer naming the same endpoints: the followed one is reused, the other not reported again.
    test::PythonPeer again;
    again.start(QString::fromLatin1(kAskWhere), {QString::number(proxy.listenAddress(0).port)});
    QVERIFY2(again.finish(), again.err().constData());
    QCOMPARE(again.out(), client.out());
    QCOMPARE(proxy.followedCount(), 1);
    QCOMPARE(problems.size(), 1);

    proxy.stop();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, f.listen.port);
    QVERIFY(!socket.waitForConnected(2000));
}

// A followed connection's replies are followed too: the proxy stands before the first daemon only, and the client
// walks a chain of three daemons, each naming the next, through the proxy's listeners.
void TestRecordingProxyFollowPyro::objectsHandedOutOnFollowedConnectionsAreFollowed()
{
    test::PythonPeer chain;
    chain.start(QString::fromLatin1(kChain));
    QDeadlineTimer deadline(15000);
    while (!chain.process().canReadLine() && !deadline.hasExpired())
        chain.process().waitForReadyRead(100);
    const QList<QByteArray> ports = chain.process().readLine().trimmed().split(' ');
    QCOMPARE(ports.size(), 3);
    QList<quint16> taken;
    for (const QByteArray& port : ports)
        taken << port.toUShort();
    const quint16 proxyPort = freshPort(taken);

    QProcess proxy;
    QByteArray err;
    proxy.start(test::cliPath(),
                {QStringLiteral("proxy"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(proxyPort),
                 QStringLiteral("--to"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(ports[0]),
                 QStringLiteral("--format"), QStringLiteral("jsonl")});
    const auto stopProxy = qScopeGuard([&] { stop(proxy); });
    QVERIFY2(waitForText(proxy, err, "listening on", 30000, true), err.constData());
    const test::ProcessResult client
        = test::runPython(QString::fromLatin1(kWalkChain), {QString::number(proxyPort)}, {}, 30000);
    QVERIFY2(client.exitCode == 0, client.err.constData());
    // The client was given the proxy's listeners, never a daemon's port.
    const QList<QByteArray> given = client.out.trimmed().split('\n');
    QCOMPARE(given.size(), 3);
    QCOMPARE(given[2], QByteArray("None"));
    for (const QByteArray& port : ports)
        QVERIFY2(!client.out.contains(QByteArray(":" + port + "\n")), client.out.constData());
    proxy.terminate();
    QVERIFY(proxy.waitForFinished(15000));
    err += proxy.readAllStandardError();
    const QList<Recorded> calls = recordedCalls(proxy.readAllStandardOutput());
    for (const QByteArray& port : ports)
        QCOMPARE(methodsAt(calls, QStringLiteral("127.0.0.1:") + QString::fromLatin1(port)),
                 QStringList {QStringLiteral("next")});
    QCOMPARE(err.count("following "), 2);
    QVERIFY(err.contains(QByteArray("following 127.0.0.1:" + ports[2] + " through 127.0.0.1:")));
}

void TestRecordingProxyFollowPyro::pyroNameServerAnswersAreFollowed_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("follow");
    QTest::addRow("Pyro4") << 4 << true;
    QTest::addRow("Pyro4, --no-follow") << 4 << false;
    QTest::addRow("Pyro5") << 5 << true;
}

// The name server (python3 -m Pyro4.naming / Pyro5.nameserver) behind the proxy, the daemon registered there directly;
// the client (tests/data/pyro*/greeting_client.py names) lists and looks up through the proxy, then calls the object
// by its PYRONAME.
void TestRecordingProxyFollowPyro::pyroNameServerAnswersAreFollowed()
{
    QFETCH(int, version);
    QFETCH(bool, follow);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (version == 5) {
        if (test::pyro5PeersPath().isEmpty())
            QSKIP("Pyro5 is not in ../shared/peers beside the source folder");
        environment.insert(QStringLiteral("PYTHONPATH"), test::pyro5PeersPath());
    }
    environment.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    const QString data = QStringLiteral("pyro%1/").arg(version);
    QList<quint16> taken;
    const quint16 nsPort = freshPort(taken);
    const quint16 daemonPort = freshPort(taken);
    const quint16 proxyPort = freshPort(taken);

    QProcess ns;
    ns.setProcessEnvironment(environment);
    ns.setProcessChannelMode(QProcess::MergedChannels);
    ns.start(test::pythonPath(),
             {QStringLiteral("-m"), version == 5 ? QStringLiteral("Pyro5.nameserver") : QStringLiteral("Pyro4.naming"),
              QStringLiteral("-n"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(nsPort)});
    const auto stopNs = qScopeGuard([&] { stop(ns); });
    QByteArray nsOut;
    QVERIFY2(waitForText(ns, nsOut, "NS running", 30000, false), nsOut.constData());

    QProcess daemon;
    daemon.setProcessEnvironment(environment);
    daemon.setProcessChannelMode(QProcess::MergedChannels);
    daemon.start(test::pythonPath(),
                 {test::dataPath(data + QStringLiteral("greeting_server.py")), QString::number(daemonPort),
                  QString::number(nsPort)});
    const auto stopDaemon = qScopeGuard([&] { stop(daemon); });
    QByteArray daemonOut;
    QVERIFY2(waitForText(daemon, daemonOut, "ready", 30000, false), daemonOut.constData());

    QProcess proxy;
    QByteArray err;
    proxy.start(test::cliPath(),
                QStringList {QStringLiteral("proxy"), QStringLiteral("--listen"),
                             QStringLiteral("127.0.0.1:%1").arg(proxyPort), QStringLiteral("--to"),
                             QStringLiteral("127.0.0.1:%1").arg(nsPort), QStringLiteral("--format"),
                             QStringLiteral("jsonl")}
                    + (follow ? QStringList() : QStringList {QStringLiteral("--no-follow")}));
    const auto stopProxy = qScopeGuard([&] { stop(proxy); });
    QVERIFY2(waitForText(proxy, err, "listening on", 30000, true), err.constData());

    QProcess client;
    client.setProcessEnvironment(environment);
    client.start(test::pythonPath(),
                 {test::dataPath(data + QStringLiteral("greeting_client.py")), QString::number(proxyPort),
                  QStringLiteral("names")});
    QVERIFY(client.waitForFinished(30000));
    const QByteArray clientOut = client.readAllStandardOutput();
    QVERIFY2(client.exitCode() == 0 && clientOut.contains("Hello, by name."), client.readAllStandardError());
    proxy.terminate();
    QVERIFY(proxy.waitForFinished(15000));
    const QList<Recorded> calls = recordedCalls(proxy.readAllStandardOutput());
    err += proxy.readAllStandardError();

    const QString nameServer = QStringLiteral("127.0.0.1:%1").arg(nsPort);
    const QString object = QStringLiteral("127.0.0.1:%1").arg(daemonPort);
    const QStringList nsMethods = methodsAt(calls, nameServer);
    QVERIFY2(nsMethods.contains(QLatin1String("lookup")) && nsMethods.contains(QLatin1String("list")),
             qPrintable(nsMethods.join(QLatin1Char(' '))));
    if (follow) {
        // The client printed the URI the name server answered: the proxy's listener, not the daemon.
        QVERIFY2(!clientOut.contains(QStringLiteral("@%1").arg(object).toUtf8()), clientOut.constData());
        QVERIFY2(methodsAt(calls, object).contains(QLatin1String("get_fortune")), err.constData());
        QCOMPARE(err.count(QStringLiteral("following %1 through 127.0.0.1:").arg(object).toUtf8()), 1);
    } else {
        QVERIFY(clientOut.contains(QStringLiteral("@%1").arg(object).toUtf8()));
        QVERIFY(methodsAt(calls, object).isEmpty());
        QVERIFY(!err.contains("following"));
    }
    for (const Recorded& c : calls)
        QVERIFY2(c.server == nameServer || c.server == object, qPrintable(c.server));
}

QTEST_GUILESS_MAIN(TestRecordingProxyFollowPyro)
#include "tst_recordingproxyfollowpyro.moc"
