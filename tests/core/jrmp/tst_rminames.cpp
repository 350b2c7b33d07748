// Java RMI objects by name across the connections of a session (core/jrmp/rminames, ObjectNames): a registry
// rebind or lookup on one connection names the object whose calls travel on another, in the values, the trees and
// after decoding a call again (the GUI's call store); JMX sessions read by name with no options; and the same
// through the recording proxy, live, where a rule can pick a call by the object's name.
#include "decoderregistry.h"
#include "models/callstore.h"
#include "objectnames.h"
#include "pcapreplay.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

namespace {

const quint16 kObjectPort = 21200; // names/capture.sh: GreetingMaker's port

std::vector<Call> decode(const QString& fixture, DecodeOptions options)
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector sink;
    TrafficDecoder traffic(registry, std::move(options), sink);
    QString error;
    test::replayPcap(test::readData(fixture), &traffic, &error);
    traffic.finishAll(0);
    if (!error.isEmpty())
        qWarning("%s", qPrintable(error));
    std::sort(sink.calls.begin(), sink.calls.end(), [](const Call& a, const Call& b) { return a.id < b.id; });
    return std::move(sink.calls);
}

const Call* findCall(const std::vector<Call>& calls, const QString& method, int nth = 0)
{
    for (const Call& c : calls) {
        if (c.method() == method && nth-- == 0)
            return &c;
    }
    return nullptr;
}

QString knownAs(const DecodedMessage& request)
{
    const DecodeNode* objId = request.tree.findFirst(u"objID");
    const DecodeNode* node = objId ? objId->findFirst(u"knownAs") : nullptr;
    return node ? node->value : QString();
}

} // namespace

class TestRmiNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void callsOnTheObjectsConnectionAreNamed();
    void treesSayWhereTheNameCameFrom();
    void jmxReadsByNameWithoutOptions();
    void namesSurviveDecodingAgain();
    void namesHoldFromTheirMoment();
    void namesThroughTheProxy_data();
    void namesThroughTheProxy();
};

void TestRmiNames::callsOnTheObjectsConnectionAreNamed()
{
    const std::vector<Call> calls = decode(QStringLiteral("jrmp/names/names.pcap"), {});
    const Call* lookup = findCall(calls, QStringLiteral("lookup"));
    QVERIFY(lookup);
    QCOMPARE(lookup->object(), QStringLiteral("registry"));
    int named = 0;
    for (const Call& c : calls) {
        if (c.server.port != kObjectPort || c.method().startsWith(QLatin1Char('<'))
            || c.object() == QLatin1String("dgc"))
            continue;
        // Another connection than the lookup's, and every call on it is the looked-up object's.
        QVERIFY(c.connectionId != lookup->connectionId);
        QCOMPARE(c.object(), QStringLiteral("GreetingMaker (Greeting)"));
        ++named;
    }
    QCOMPARE(named, 11); // name, greet, add, scale, isFriend, initial, average, friends, ping, self, greet
}

void TestRmiNames::treesSayWhereTheNameCameFrom()
{
    DecodeOptions options;
    options.buildTree = true;
    const std::vector<Call> calls = decode(QStringLiteral("jrmp/names/names.pcap"), options);
    const Call* greet = nullptr;
    for (const Call& c : calls) {
        if (c.server.port == kObjectPort && c.params().toArray().size() == 1
            && c.params().toArray()[0].toString() == QLatin1String("letian"))
            greet = &c;
    }
    QVERIFY(greet);
    QCOMPARE(greet->request->tree.value, QStringLiteral("GreetingMaker (Greeting).#200f41a1529d0462"));
    QCOMPARE(knownAs(*greet->request), QStringLiteral("GreetingMaker (Greeting)"));
    const DecodeNode* node = greet->request->tree.findFirst(u"knownAs");
    // The server's rebind through the registry's network interface came first; the lookup said the same.
    QVERIFY2(node->description.contains(QLatin1String("registry rebind(\"GreetingMaker\")")),
             qPrintable(node->description));
    QVERIFY(node->description.contains(QLatin1String("example.Greeting")));
    QVERIFY(!node->hasBytes());
    QCOMPARE(greet->response->tree.value, QStringLiteral("from GreetingMaker (Greeting).#200f41a1529d0462"));
}

void TestRmiNames::jmxReadsByNameWithoutOptions()
{
    const std::vector<Call> calls = decode(QStringLiteral("jrmp/jmx/jmx.pcap"), {});
    const Call* lookup = findCall(calls, QStringLiteral("lookup"));
    QVERIFY(lookup);
    QCOMPARE(lookup->params().toArray().at(0).toString(), QStringLiteral("jmxrmi"));
    // Only the lookup names the JMX server here (the agent binds it inside its own VM).
    const Call* newClient = findCall(calls, QStringLiteral("newClient"));
    QVERIFY(newClient);
    QCOMPARE(newClient->object(), QStringLiteral("jmxrmi (RMIServer)"));
    // The connection object newClient returned is known by its interface.
    const Call* getAttribute = findCall(calls, QStringLiteral("getAttribute"));
    QVERIFY(getAttribute);
    QCOMPARE(getAttribute->object(), QStringLiteral("RMIConnection"));
    QCOMPARE(getAttribute->params().toArray().at(0).toString(), QStringLiteral("java.lang:type=Memory"));
    QCOMPARE(getAttribute->params().toArray().at(1).toString(), QStringLiteral("HeapMemoryUsage"));
    const RpcStruct usage = getAttribute->result().toStruct();
    QCOMPARE(usage.size(), std::size_t(4));
    QCOMPARE(usage[3].first, QStringLiteral("used"));
    QVERIFY(usage[3].second.toInt() > 0);
    QCOMPARE(findCall(calls, QStringLiteral("getAttribute"), 1)->params().toArray().at(1).toString(),
             QStringLiteral("Uptime"));
    QVERIFY(findCall(calls, QStringLiteral("getAttribute"), 1)->result().toInt() > 0);
    // Canonical names: the client wrote "java.lang:type=MemoryPool,name=G1 Old Gen".
    QCOMPARE(findCall(calls, QStringLiteral("isRegistered"))->params().toArray().at(0).toString(),
             QStringLiteral("java.lang:name=G1 Old Gen,type=MemoryPool"));
    // MarshalledObjects: the operation's arguments and the attribute to set.
    const Call* cpu = findCall(calls, QStringLiteral("invoke"), 1);
    QVERIFY(cpu);
    QCOMPARE(cpu->params().toArray().at(1).toString(), QStringLiteral("getThreadCpuTime"));
    QCOMPARE(cpu->params().toArray().at(2).toArray().at(0).toInt(), qint64(1));
    const RpcStruct verbose = findCall(calls, QStringLiteral("setAttribute"))->params().toArray().at(1).toStruct();
    QCOMPARE(verbose.size(), std::size_t(1));
    QCOMPARE(verbose[0].first, QStringLiteral("Verbose"));
    QCOMPARE(verbose[0].second.toBool(), false);
    for (const Call& c : calls)
        QVERIFY2(c.status == CallStatus::Ok && !c.truncated(), qPrintable(c.method()));
}

void TestRmiNames::namesSurviveDecodingAgain()
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CallStore store(registry);
    // Sources decode with the store's options: they share its names of remote objects.
    std::vector<Call> calls = decode(QStringLiteral("jrmp/names/names.pcap"), store.decodeOptions());
    store.appendCalls(QList<Call>(calls.begin(), calls.end()));
    int row = -1;
    for (int r = 0; r < store.size(); ++r) {
        if (store.string(store.record(r).method) == QLatin1String("#94a9af306652c3a6"))
            row = r;
    }
    QVERIFY(row >= 0);
    QCOMPARE(store.string(store.record(row).object), QStringLiteral("GreetingMaker (Greeting)"));
    const Call again = store.call(row, true);
    QCOMPARE(again.object(), QStringLiteral("GreetingMaker (Greeting)"));
    QCOMPARE(knownAs(*again.request), QStringLiteral("GreetingMaker (Greeting)"));
    QCOMPARE(again.response->tree.value, QStringLiteral("from GreetingMaker (Greeting).#94a9af306652c3a6"));

    // A store of another session never learned the name: decoded again there, the call shows its ObjID.
    CallStore other(registry);
    other.appendCalls(QList<Call>(calls.begin(), calls.end()));
    const Call unnamed = other.call(row, true);
    QVERIFY2(unnamed.object().contains(QLatin1Char('@')), qPrintable(unnamed.object()));
    QVERIFY(knownAs(*unnamed.request).isEmpty());
}

void TestRmiNames::namesHoldFromTheirMoment()
{
    // A session that learns a name only after the calls were sent: they stay unnamed, also when decoded again.
    const std::vector<Call> first = decode(QStringLiteral("jrmp/names/names.pcap"), {});
    const Call* add = findCall(first, QStringLiteral("#94a9af306652c3a6"));
    QVERIFY(add);
    QCOMPARE(add->object(), QStringLiteral("GreetingMaker (Greeting)"));
    QString key;
    for (const RpcMember& m : findCall(first, QStringLiteral("lookup"))->result().toStruct()) {
        if (m.first == QLatin1String("objID"))
            key = m.second.toString();
    }
    QVERIFY2(key.contains(QLatin1Char('@')), qPrintable(key));

    DecodeOptions options;
    options.objectNames = std::make_shared<ObjectNames>();
    options.objectNames->learn(QStringLiteral("jrmp"),
                               ObjectFact {key, QStringLiteral("Later"), {QStringLiteral("x.Y")}, {}},
                               add->request->firstSeen + 1000, 100);
    options.objectNames->learn(QStringLiteral("jrmp"),
                               ObjectFact {key, QStringLiteral("Earlier"), {QStringLiteral("x.Y")}, {}}, 0, 100);
    // Without the capture's own rebind and lookup (a fresh decode learns them again, but they say GreetingMaker
    // from their own moments on, after "Earlier"): decode the add call alone.
    DecodeContext context;
    context.options = &options;
    context.time = add->request->firstSeen;
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    const DecodedMessage again = registry.find(QStringLiteral("jrmp"))->decode(add->request->bytes(), context);
    QCOMPARE(again.object, QStringLiteral("Earlier (Y)"));
    context.time = add->request->firstSeen + 1000;
    QCOMPARE(registry.find(QStringLiteral("jrmp"))->decode(add->request->bytes(), context).object,
             QStringLiteral("Later (Y)"));
}

void TestRmiNames::namesThroughTheProxy_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addRow("bytes passed as they come") << QString();
    // With a rule the proxy cuts each connection into messages and decodes them itself (MessageGate): the rule sees
    // the name the session learned from the lookup on the registry's connection, so it matches on the other one.
    QTest::addRow("a rule on the named object") << QStringLiteral("object:jmxrmi => delay 1ms");
}

void TestRmiNames::namesThroughTheProxy()
{
    QFETCH(QString, rule);
    if (test::javaPath().isEmpty() || test::javacPath().isEmpty())
        QSKIP("java and javac (JDK 17) are needed for the JMX peers; install openjdk-17-jdk-headless");
    // The JMX agent listens on 127.0.0.2, its stubs name 127.0.0.3 (java.rmi.server.hostname), where the proxy
    // listens: every connection the client opens, to the registry and to the objects, passes the proxy. The
    // registry and the connector listen on two ports, so the lookup and the calls it names travel on two
    // connections.
    QTemporaryDir dir;
    const QString classes = dir.filePath(QStringLiteral("classes"));
    const test::ProcessResult compiled
        = test::runProcess(test::javacPath(),
                           {QStringLiteral("-J-XX:TieredStopAtLevel=1"), QStringLiteral("-J-XX:+UseSerialGC"),
                            QStringLiteral("-d"), classes, test::dataPath(QStringLiteral("jrmp/jmx/JmxTarget.java")),
                            test::dataPath(QStringLiteral("jrmp/jmx/JmxClient.java"))},
                           {}, 120000);
    QVERIFY2(compiled.exitCode == 0, compiled.err.constData());
    const QString p = QString::number(test::freeTcpPort());
    QString r = QString::number(test::freeTcpPort());
    while (r == p)
        r = QString::number(test::freeTcpPort());

    QProcess target;
    target.setProcessChannelMode(QProcess::MergedChannels);
    target.start(test::javaPath(),
                 {QStringLiteral("-XX:TieredStopAtLevel=1"), QStringLiteral("-XX:+UseSerialGC"),
                  QStringLiteral("-Dcom.sun.management.jmxremote.port=") + p,
                  QStringLiteral("-Dcom.sun.management.jmxremote.rmi.port=") + r,
                  QStringLiteral("-Dcom.sun.management.jmxremote.host=127.0.0.2"),
                  QStringLiteral("-Djava.rmi.server.hostname=127.0.0.3"),
                  QStringLiteral("-Dcom.sun.management.jmxremote.authenticate=false"),
                  QStringLiteral("-Dcom.sun.management.jmxremote.ssl=false"), QStringLiteral("-cp"), classes,
                  QStringLiteral("JmxTarget")});
    QByteArray targetOut;
    QDeadlineTimer ready(20000);
    while (!targetOut.contains("ready") && !ready.hasExpired() && target.state() != QProcess::NotRunning) {
        target.waitForReadyRead(100);
        targetOut += target.readAll();
    }
    QVERIFY2(targetOut.contains("ready"), targetOut.constData());

    QStringList proxyArgs {
        QStringLiteral("proxy"),          QStringLiteral("--listen"),       QStringLiteral("127.0.0.3:") + p,
        QStringLiteral("--to"),           QStringLiteral("127.0.0.2:") + p, QStringLiteral("--listen"),
        QStringLiteral("127.0.0.3:") + r, QStringLiteral("--to"),           QStringLiteral("127.0.0.2:") + r,
        QStringLiteral("--format"),       QStringLiteral("jsonl")};
    if (!rule.isEmpty())
        proxyArgs << QStringLiteral("--rule") << rule;
    QProcess proxy;
    proxy.start(test::cliPath(), proxyArgs);
    QByteArray err;
    QDeadlineTimer listening(15000);
    while (!err.contains("listening on") && !listening.hasExpired() && proxy.state() != QProcess::NotRunning) {
        proxy.waitForReadyRead(100);
        err += proxy.readAllStandardError();
    }
    QVERIFY2(err.contains("listening on"), err.constData());

    // The client's JVM resolves the stubs' host 127.0.0.3 too: the proxy sees every connection.
    const test::ProcessResult client = test::runProcess(
        test::javaPath(),
        {QStringLiteral("-XX:TieredStopAtLevel=1"), QStringLiteral("-XX:+UseSerialGC"), QStringLiteral("-cp"), classes,
         QStringLiteral("JmxClient"), p, QStringLiteral("127.0.0.3")},
        {}, 60000);
    QVERIFY2(client.exitCode == 0, QByteArray(client.out + client.err).constData());
    QVERIFY2(client.out.contains("done"), client.out.constData());

    proxy.terminate();
    QVERIFY(proxy.waitForFinished(10000));
    target.kill();
    target.waitForFinished(5000);
    const QByteArray out = proxy.readAllStandardOutput();
    err += proxy.readAllStandardError();
    QHash<QString, QString> objectOf;
    QHash<QString, QString> serverOf;
    QHash<QString, QString> ruleOf;
    for (const QByteArray& line : out.split('\n')) {
        const QJsonObject call = QJsonDocument::fromJson(line).object();
        if (call.isEmpty())
            continue;
        const QString method = call.value(QLatin1String("method")).toString();
        objectOf.insert(method, call.value(QLatin1String("object")).toString());
        serverOf.insert(method, call.value(QLatin1String("server")).toString());
        ruleOf.insert(method, call.value(QLatin1String("rule")).toString());
    }
    QVERIFY2(!objectOf.isEmpty(), err.constData());
    // The proxy reports the server it forwarded to.
    QCOMPARE(serverOf.value(QStringLiteral("lookup")), QStringLiteral("127.0.0.2:") + p);
    QCOMPARE(serverOf.value(QStringLiteral("newClient")), QStringLiteral("127.0.0.2:") + r);
    QCOMPARE(objectOf.value(QStringLiteral("lookup")), QStringLiteral("registry"));
    QCOMPARE(objectOf.value(QStringLiteral("newClient")), QStringLiteral("jmxrmi (RMIServer)"));
    QCOMPARE(objectOf.value(QStringLiteral("getAttribute")), QStringLiteral("RMIConnection"));
    QCOMPARE(objectOf.value(QStringLiteral("invoke")), QStringLiteral("RMIConnection"));
    QCOMPARE(objectOf.value(QStringLiteral("close")), QStringLiteral("RMIConnection"));
    // Only the call on the object bound as jmxrmi was touched by the rule (when there is one).
    QCOMPARE(ruleOf.value(QStringLiteral("newClient")), rule);
    QCOMPARE(ruleOf.value(QStringLiteral("lookup")), QString());
    QCOMPARE(ruleOf.value(QStringLiteral("getAttribute")), QString());
}

QTEST_GUILESS_MAIN(TestRmiNames)
#include "tst_rminames.moc"
