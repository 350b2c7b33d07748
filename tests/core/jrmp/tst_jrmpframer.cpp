// Framing JRMP, which has no length fields, and pairing its calls: the framer's decisions on single messages, and
// the real capture (tests/data/jrmp/hello.pcap) fed through the whole pipeline (TrafficDecoder) as it was captured,
// one byte at a time, from the middle of a connection, with the roles reversed, with junk and with a gap.
#include "decoderregistry.h"
#include "jrmp/javamethodtable.h"
#include "jrmp/jrmpframer.h"
#include "jrmptestdata.h"
#include "jsonwriter.h"
#include "orderedcallemitter.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QElapsedTimer>
#include <QTest>

using namespace rpcscope;
using rpcscope::test::hex;

namespace {

QString json(const RpcValue& v)
{
    QByteArray out;
    JsonWriter w(out);
    writeRpcValue(w, v);
    return QString::fromUtf8(out);
}

// One line per call: "port method status params -> result|fault", without what changes from capture to capture
// (ObjIDs, UIDs, client ports): a stub is written "stub <class> <ref> <endpoint>", the handshake and the DGC calls
// only by name and status (their values are checked in tst_jrmpdecoder).
QString stable(const RpcValue& v)
{
    if (const RpcValue* endpoint = v.member(u"endpoint")) {
        return QStringLiteral("stub %1 %2 %3")
            .arg(v.member(u"class")->toString(), v.member(u"ref")->toString(), endpoint->toString());
    }
    if (v.isArray()) {
        QStringList items;
        for (const RpcValue& item : v.toArray())
            items << stable(item);
        return QLatin1Char('[') + items.join(QLatin1Char(',')) + QLatin1Char(']');
    }
    return json(v);
}

QString describe(const Call& c)
{
    QString text = QStringLiteral("%1 %2 %3").arg(c.server.port).arg(c.method(), statusName(c.status));
    const QString& m = c.method();
    if (m == QLatin1String("<handshake>") || m == QLatin1String("dirty") || m == QLatin1String("clean")
        || m == QLatin1String("<dgc-ack>"))
        return text;
    text += QLatin1Char(' ') + stable(c.params());
    if (c.fault())
        text += QStringLiteral(" !") + c.fault()->code.toString();
    else if (c.response)
        text += QStringLiteral(" -> ") + stable(c.result());
    return text;
}

bool isPing(const Call& c)
{
    return c.method() == QLatin1String("<ping>");
}

struct Pipeline
{
    explicit Pipeline(std::shared_ptr<const JavaMethodTable> table = {}, bool trees = false)
        : ordered(sink)
        , decoder(registry(), options(std::move(table), trees), ordered)
    { }
    static const DecoderRegistry& registry()
    {
        static const DecoderRegistry r = DecoderRegistry::withBuiltins();
        return r;
    }
    static DecodeOptions options(std::shared_ptr<const JavaMethodTable> table, bool trees)
    {
        DecodeOptions o;
        o.buildTree = trees;
        o.javaMethods = std::move(table);
        return o;
    }
    /// The calls in request order, Pings left out (the client sends them as timing dictates).
    QStringList lines() const
    {
        QStringList out;
        for (const Call& c : sink.calls) {
            if (!isPing(c))
                out << describe(c);
        }
        return out;
    }
    /// Pings, all of which must have been answered.
    int answeredPings() const
    {
        int n = 0;
        for (const Call& c : sink.calls)
            n += isPing(c) && c.response && c.status == CallStatus::Ok ? 1 : 0;
        return n;
    }
    int pings() const { return int(std::count_if(sink.calls.begin(), sink.calls.end(), isPing)); }
    test::CallCollector sink;
    OrderedCallEmitter ordered;
    TrafficDecoder decoder;
};

// Feeds a connection's segments in capture order, each split into pieces of `chunk` bytes, after dropping the first
// `skipClientBytes` / `skipServerBytes` of each direction (a capture that starts mid-connection).
void feed(TrafficDecoder& d, quint64 id, const test::ReplayedConnection& c, int chunk, bool swap = false,
          qint64 skipClientBytes = 0, qint64 skipServerBytes = 0)
{
    double ts = 1.0;
    qint64 skip[2] = {skipClientBytes, skipServerBytes};
    for (const auto& [dir, bytes] : c.segments) {
        QByteArray data = bytes;
        qint64& s = skip[index(dir)];
        const qint64 drop = std::min<qint64>(s, data.size());
        data.remove(0, drop);
        s -= drop;
        for (qsizetype at = 0; at < data.size(); at += chunk) {
            ts += 0.001;
            d.streamData(id, swap ? opposite(dir) : dir,
                         QByteArrayView(data).sliced(at, std::min<qsizetype>(chunk, data.size() - at)), ts);
        }
    }
    d.streamEnded(id, Direction::ClientToServer, ts + 1, false);
    d.streamEnded(id, Direction::ServerToClient, ts + 1, false);
    d.streamClosed(id, ts + 1);
}

std::shared_ptr<const JavaMethodTable> helloTable()
{
    const auto t = JavaMethodTable::fromFile(test::dataPath(QStringLiteral("jrmp/hello.signatures")));
    return t.ok() ? *t : nullptr;
}

const test::ReplayedConnection& objectConnection()
{
    return test::helloConnection(test::kObjectPort, 1);
}

// The client's calls to the Hello object as they should come out, decoded with hello.signatures (the values the
// client printed in capture.sh's run: "Hello, letian", 7, [fortune 1, fortune 2], ...).
const QStringList kObjectCalls = {
    QStringLiteral("21100 <handshake> ok"),
    QStringLiteral("21100 dirty ok"),
    QStringLiteral("21100 sayHello ok [\"letian\"] -> \"Hello, letian\""),
    QStringLiteral("21100 add ok [3,4] -> 7"),
    QStringLiteral("21100 fortunes ok [2] -> [\"fortune 1\",\"fortune 2\"]"),
    QStringLiteral("21100 wordLengths ok [[\"hello\",\"world\",\"rmi\"]] -> {\"world\":5,\"hello\":5,\"rmi\":3}"),
    QStringLiteral("21100 move ok [{\"class\":\"Point\",\"fields\":{\"x\":1,\"y\":2,\"label\":\"start\"}},10,20] -> "
                   "{\"class\":\"Point\",\"fields\":{\"x\":11,\"y\":22,\"label\":\"start\"}}"),
    QStringLiteral("21100 total ok [[1,2,40000000000]] -> 40000000003"),
    QStringLiteral("21100 mood ok [true] -> \"HAPPY\""),
    QStringLiteral("21100 touch ok [] -> null"),
    QStringLiteral("21100 fail exception [] !java.lang.IllegalStateException"),
};

} // namespace

class TestJrmpFramer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cutsSingleMessages_data();
    void cutsSingleMessages();
    void returnAfterKnownVoidCall();
    void junkIsSkippedToTheNextMessage();
    void resyncFindsMessageStarts_data();
    void resyncFindsMessageStarts();
    void wholeCapture();
    void wholeCaptureWithSignatures();
    void oneByteAtATime_data();
    void oneByteAtATime();
    void midStreamStart();
    void rolesReversed();
    void junkBetweenCalls();
    void gapMarksTheCallIncomplete();
    void throughput();
};

void TestJrmpFramer::cutsSingleMessages_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<QByteArray>("pending");
    QTest::addColumn<bool>("peerSpoke");
    QTest::addColumn<bool>("ended");
    QTest::addColumn<QString>("cut");
    using namespace test::objectcall;
    const QByteArray lookup = test::helloCall(test::kRegistryPort, 1, test::registrycall::LookupHello);
    const QByteArray sayHello = test::helloCall(test::kObjectPort, 1, SayHello);
    const QByteArray moveCall = test::helloCall(test::kObjectPort, 1, Move);
    const QByteArray helloReturn = test::helloReturn(test::kObjectPort, 1, SayHello);
    const QByteArray addReturn = test::helloReturn(test::kObjectPort, 1, Add);
    const QByteArray voidReturn = test::helloReturn(test::kObjectPort, 1, Touch);
    const QByteArray exception = test::helloReturn(test::kObjectPort, 1, Fail);
    // Client messages (the framer starts expecting the JRMI header).
    QTest::addRow("header") << 0 << hex("4a524d49 0002 4b 0009") << false << false << "message 7";
    QTest::addRow("partial header") << 0 << hex("4a524d") << false << false << "need more";
    QTest::addRow("registry lookup: complete by its signature") << 0 << lookup << false << false << "message 49";
    QTest::addRow("registry lookup, half") << 0 << lookup.left(30) << true << false << "need more";
    QTest::addRow("user call: arguments unknown, wait") << 0 << sayHello << false << false << "need more";
    QTest::addRow("user call: the server answered") << 0 << sayHello << true << false << "message 50";
    QTest::addRow("user call: the connection ended") << 0 << sayHello << false << true << "message 50";
    QTest::addRow("user call then a Ping") << 0 << sayHello + hex("52") << false << false << "message 50";
    QTest::addRow("user call with an object and primitives after it")
        << 0 << moveCall << true << false << "message 127";
    QTest::addRow("truncated call, connection ended") << 0 << sayHello.left(45) << false << true << "need more";
    QTest::addRow("ping") << 0 << hex("52 52") << false << false << "message 1";
    QTest::addRow("dgc ack") << 0 << hex("54 2c676f28 000001a20b83e94c 8007") << false << false << "message 15";
    QTest::addRow("dgc ack, half") << 0 << hex("54 2c676f28") << false << false << "need more";
    // Server messages.
    QTest::addRow("protocol ack") << 1 << hex("4e 0009 3132372e302e302e31 0000ed38 51") << false << false
                                  << "message 16";
    QTest::addRow("protocol ack, half") << 1 << hex("4e 0009 3132") << false << false << "need more";
    QTest::addRow("protocol nack") << 1 << hex("4f") << false << false << "message 1";
    QTest::addRow("return with an object: one value") << 1 << helloReturn << false << false << "message 38";
    QTest::addRow("return with a primitive in the block") << 1 << addReturn << false << false << "message 26";
    QTest::addRow("return without a value: void or more to come") << 1 << voidReturn << false << false << "need more";
    QTest::addRow("void return, the client spoke again") << 1 << voidReturn << true << false << "message 22";
    QTest::addRow("exceptional return") << 1 << exception + hex("53") << false << false << "message 1992";
    QTest::addRow("exceptional return, half") << 1 << exception.left(1000) << true << false << "need more";
}

void TestJrmpFramer::cutsSingleMessages()
{
    QFETCH(int, direction);
    QFETCH(QByteArray, pending);
    QFETCH(bool, peerSpoke);
    QFETCH(bool, ended);
    QFETCH(QString, cut);
    JrmpFramer framer;
    const Direction dir = static_cast<Direction>(direction);
    if (dir == Direction::ClientToServer && !pending.startsWith("JRMI")) {
        // Past the handshake.
        QCOMPARE(framer.cut(dir, hex("4a524d49 0002 4b"), {}).length, 7);
        QCOMPARE(framer.cut(dir, hex("0009 3132372e302e302e31 00000000"), {}).length, 15);
    }
    FrameHints hints;
    hints.peerSpoke = peerSpoke;
    hints.ended = ended;
    const FrameCut c = framer.cut(dir, pending, hints);
    const QString got = c.kind == FrameCut::Kind::Message ? QStringLiteral("message %1").arg(c.length)
        : c.kind == FrameCut::Kind::NeedMore              ? QStringLiteral("need more")
        : c.kind == FrameCut::Kind::Skip                  ? QStringLiteral("skip %1").arg(c.length)
                                                          : QStringLiteral("stop");
    QCOMPARE(got, cut);
}

void TestJrmpFramer::returnAfterKnownVoidCall()
{
    // registry.rebind is void: its Return is complete with the 15-byte header alone, without waiting for the
    // client to speak again.
    const test::ReplayedConnection& c = test::helloConnection(test::kRegistryPort, 0);
    JrmpFramer framer;
    QCOMPARE(framer.cut(Direction::ClientToServer, c.segments[0].second, {}).length, 7);
    QCOMPARE(framer.cut(Direction::ServerToClient, c.segments[1].second, {}).length, 16);
    QCOMPARE(framer.cut(Direction::ClientToServer, c.segments[2].second, {}).length, 15);
    const QByteArray rebind = test::helloCall(test::kRegistryPort, 0, 0);
    QCOMPARE(rebind.size(), 308);
    QCOMPARE(framer.cut(Direction::ClientToServer, rebind, {}).length, 308);
    const QByteArray ret = test::helloReturn(test::kRegistryPort, 0, 0);
    QCOMPARE(ret.size(), 22);
    const FrameCut cut = framer.cut(Direction::ServerToClient, ret, {});
    QCOMPARE(int(cut.kind), int(FrameCut::Kind::Message));
    QCOMPARE(cut.length, 22);
}

void TestJrmpFramer::junkIsSkippedToTheNextMessage()
{
    JrmpFramer framer;
    framer.resync(Direction::ClientToServer, {});
    const QByteArray lookup = test::helloCall(test::kRegistryPort, 1, test::registrycall::LookupHello);
    const QByteArray withJunk = hex("99 98 97") + lookup;
    const FrameCut junk = framer.cut(Direction::ClientToServer, withJunk, {});
    QCOMPARE(int(junk.kind), int(FrameCut::Kind::Skip));
    QCOMPARE(junk.length, 3);
    QVERIFY(junk.reason.contains(QLatin1String("do not start a JRMP message")));
    QCOMPARE(framer.cut(Direction::ClientToServer, lookup, {}).length, 49);
    // Junk without any message start is skipped whole...
    const FrameCut all = framer.cut(Direction::ClientToServer, QByteArray(100, 'x'), {});
    QCOMPARE(int(all.kind), int(FrameCut::Kind::Skip));
    QCOMPARE(all.length, 100);
    // ...but a tail that may begin a Call is kept for the next segment.
    const FrameCut tail = framer.cut(Direction::ClientToServer, hex("99 99 99 50 aced"), {});
    QCOMPARE(int(tail.kind), int(FrameCut::Kind::Skip));
    QCOMPARE(tail.length, 3);
}

void TestJrmpFramer::resyncFindsMessageStarts_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("at");
    const QByteArray lookup = test::helloCall(test::kRegistryPort, 1, test::registrycall::LookupHello);
    const QByteArray ret = test::helloReturn(test::kObjectPort, 1, test::objectcall::SayHello);
    QTest::addRow("call after a tail") << 0 << hex("0102 03") + lookup << qint64(3);
    QTest::addRow("return after a tail") << 1 << hex("ff ff") + ret << qint64(2);
    QTest::addRow("a stream header alone is not enough") << 0 << hex("00 aced0005 7722 00") << qint64(-1);
    QTest::addRow("return with a wrong type byte") << 1 << hex("51 aced0005 770f 07 00") << qint64(-1);
    QTest::addRow("a JRMI header") << 0 << hex("00 00 4a524d49 0002 4b") << qint64(2);
}

void TestJrmpFramer::resyncFindsMessageStarts()
{
    QFETCH(int, direction);
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, at);
    JrmpFramer framer;
    QCOMPARE(framer.resync(static_cast<Direction>(direction), bytes), at);
}

void TestJrmpFramer::wholeCapture()
{
    // Every connection of the capture through the pipeline, as a pcap reader would feed it. Without signatures
    // the user methods are named by hash and their primitives are raw block bytes.
    Pipeline p({}, true);
    QString error;
    test::replayPcap(test::readData(QStringLiteral("jrmp/hello.pcap")), &p.decoder, &error);
    p.decoder.finishAll(1e10);
    QCOMPARE(error, QString());
    std::map<quint64, QStringList> byConnection;
    for (const Call& c : p.sink.calls) {
        if (!isPing(c) && c.method() != QLatin1String("<dgc-ack>"))
            byConnection[c.connectionId] << describe(c);
    }
    QStringList connections;
    for (const auto& [id, lines] : byConnection)
        connections << lines.join(QLatin1String(" | "));
    connections.sort();
    const QString stub = QStringLiteral("stub Proxy[Hello] ");
    QStringList expected {
        // The server binds its three objects through the registry's network interface.
        QStringLiteral("21099 <handshake> ok | 21099 rebind ok [\"Hello\",%1UnicastRef 127.0.0.1:21100] -> null | "
                       "21099 rebind ok [\"Hello2\",%1UnicastRef2 127.0.0.1:21101] -> null | "
                       "21099 rebind ok [\"Hello3\",%1UnicastRef2 127.0.0.1:21102] -> null")
            .arg(stub),
        // The client lists and looks up; each stub tells it where the object lives.
        QStringLiteral("21099 <handshake> ok | 21099 list ok [] -> [\"Hello2\",\"Hello3\",\"Hello\"] | "
                       "21099 lookup exception [\"Missing\"] !java.rmi.NotBoundException | "
                       "21099 lookup ok [\"Hello\"] -> %1UnicastRef 127.0.0.1:21100 | "
                       "21099 lookup ok [\"Hello2\"] -> %1UnicastRef2 127.0.0.1:21101 | "
                       "21099 lookup ok [\"Hello3\"] -> %1UnicastRef2 127.0.0.1:21102")
            .arg(stub),
        QStringLiteral("21100 <handshake> ok | 21100 clean ok"),
        QStringLiteral("21100 <handshake> ok | 21100 dirty ok"),
        QStringLiteral(
            "21100 <handshake> ok | 21100 dirty ok | 21100 #742a8a860d6b7ee4 ok [\"letian\"] -> \"Hello, letian\" | "
            "21100 #94a9af306652c3a6 ok [{\"base64\":\"AAAAAwAAAAQ=\"}] -> {\"base64\":\"AAAABw==\"} | "
            "21100 #494672c939b17d53 ok [{\"base64\":\"AAAAAg==\"}] -> [\"fortune 1\",\"fortune 2\"] | "
            "21100 #eb9ddf634ee62670 ok [[\"hello\",\"world\",\"rmi\"]] -> {\"world\":5,\"hello\":5,\"rmi\":3} | "
            "21100 #613ffaa9a68dfebf ok [{\"class\":\"Point\",\"fields\":{\"x\":1,\"y\":2,\"label\":\"start\"}},"
            "{\"base64\":\"AAAACgAAABQ=\"}] -> "
            "{\"class\":\"Point\",\"fields\":{\"x\":11,\"y\":22,\"label\":\"start\"}} | "
            "21100 #b739dfcba3c88675 ok [[1,2,40000000000]] -> {\"base64\":\"AAAACVAvkAM=\"} | "
            "21100 #d96bde1c159b0c2e ok [{\"base64\":\"AQ==\"}] -> \"HAPPY\" | "
            "21100 #43e8b31d71da7d6e ok [] -> null | "
            "21100 #ccc05885e14f683b exception [] !java.lang.IllegalStateException"),
    };
    for (const char* port : {"21101", "21102"}) {
        expected << QStringLiteral("%1 <handshake> ok | %1 clean ok").arg(QLatin1String(port))
                 << QStringLiteral("%1 <handshake> ok | %1 dirty ok").arg(QLatin1String(port))
                 << QStringLiteral(
                        "%1 <handshake> ok | %1 dirty ok | %1 #742a8a860d6b7ee4 ok [\"Hello%2\"] -> \"Hello, Hello%2\"")
                        .arg(QLatin1String(port))
                        .arg(port[4] == '1' ? 2 : 3);
    }
    expected.sort();
    QCOMPARE(connections, expected);

    // Pairing: every call but the oneway DgcAcks got its own reply, in order, with a latency.
    QVector<QString> ackIds;
    QVector<QString> dgcAcks;
    for (const Call& c : p.sink.calls) {
        QCOMPARE(c.protocol, QStringLiteral("jrmp"));
        QVERIFY2(c.notes.isEmpty(), qPrintable(c.notes.join(QLatin1Char(';'))));
        if (c.method() == QLatin1String("<dgc-ack>")) {
            QVERIFY(!c.response);
            dgcAcks << c.params().toArray().at(0).toString();
            continue;
        }
        QVERIFY2(c.response, qPrintable(describe(c)));
        QVERIFY(c.latencyMs() && *c.latencyMs() >= 0);
        if (c.method() == QLatin1String("lookup") && c.status == CallStatus::Ok)
            ackIds << c.response->tree.find(u"blockData/ackId")->value;
    }
    QVERIFY(p.pings() > 0);
    QCOMPARE(p.answeredPings(), p.pings());
    // Each returned stub is acknowledged with a DgcAck quoting the UID of the Return that carried it.
    std::sort(ackIds.begin(), ackIds.end());
    std::sort(dgcAcks.begin(), dgcAcks.end());
    QCOMPARE(dgcAcks, ackIds);
    QCOMPARE(p.decoder.stats().malformedMessages, 0);
    QCOMPARE(p.decoder.stats().skippedBytes, 0);
    QCOMPARE(p.decoder.stats().connectionsByProtocol.value(QStringLiteral("jrmp")), 11);
}

void TestJrmpFramer::wholeCaptureWithSignatures()
{
    Pipeline p(helloTable());
    test::replayPcap(test::readData(QStringLiteral("jrmp/hello.pcap")), &p.decoder);
    p.decoder.finishAll(1e10);
    QStringList object;
    for (const Call& c : p.sink.calls) {
        if (c.server.port == test::kObjectPort && c.client.port == objectConnection().client.port && !isPing(c))
            object << describe(c);
        // The calls on an object name the object the registry handed out: its binding and interface.
        if (c.method() == QLatin1String("sayHello") && c.server.port == test::kObjectPort)
            QCOMPARE(c.object(), QStringLiteral("Hello (Hello)"));
    }
    QCOMPARE(object, kObjectCalls);
}

void TestJrmpFramer::oneByteAtATime_data()
{
    QTest::addColumn<int>("chunk");
    QTest::addRow("1 byte") << 1;
    QTest::addRow("7 bytes") << 7;
    QTest::addRow("whole segments") << 100000;
}

void TestJrmpFramer::oneByteAtATime()
{
    // No lengths on the wire: each message is found by parsing, however the bytes arrive.
    QFETCH(int, chunk);
    Pipeline p(helloTable());
    p.decoder.streamOpened(1, {QStringLiteral("127.0.0.1"), 40000}, {QStringLiteral("127.0.0.1"), 21100}, 1.0, true);
    feed(p.decoder, 1, objectConnection(), chunk);
    p.decoder.finishAll(1e10);
    QCOMPARE(p.lines(), kObjectCalls);
    QCOMPARE(p.answeredPings(), p.pings());
    QCOMPARE(p.decoder.stats().malformedMessages, 0);
}

void TestJrmpFramer::midStreamStart()
{
    // The capture begins 200 bytes into the DGC dirty call: the rest of it is skipped up to the next Call, and the
    // replies before the first complete call cannot be paired; the calls after it decode normally.
    const test::ReplayedConnection& c = objectConnection();
    qint64 skippedClient = 0;
    bool inSkip = false;
    for (const auto& [dir, bytes] : c.segments) {
        if (dir != Direction::ClientToServer)
            continue;
        if (bytes == test::helloCall(test::kObjectPort, 1, test::objectcall::Dirty))
            inSkip = true;
        else if (bytes.startsWith('\x50'))
            break;
        if (inSkip)
            skippedClient += bytes.size();
    }
    Pipeline p(helloTable());
    p.decoder.streamOpened(1, {QStringLiteral("127.0.0.1"), 40000}, {QStringLiteral("127.0.0.1"), 21100}, 1.0, false);
    feed(p.decoder, 1, c, 100000, false, 7 + 15 + 200, 16);
    p.decoder.finishAll(1e10);
    QStringList paired;
    int orphans = 0;
    for (const Call& call : p.sink.calls) {
        if (call.notes.contains(QStringLiteral("reply without a captured request"))) {
            ++orphans;
            continue;
        }
        if (!isPing(call))
            paired << describe(call);
    }
    QVERIFY(orphans >= 1);
    QCOMPARE(p.sink.calls.front().result().member(u"class")->toString(), QStringLiteral("java.rmi.dgc.Lease"));
    QCOMPARE(paired, kObjectCalls.mid(2));
    QCOMPARE(p.decoder.stats().skippedBytes, skippedClient - 200);
}

void TestJrmpFramer::rolesReversed()
{
    // Seen mid-connection with the server taken for the client: the Return pattern in the "client" bytes tells.
    Pipeline p(helloTable());
    p.decoder.streamOpened(1, {QStringLiteral("127.0.0.1"), 21100}, {QStringLiteral("127.0.0.1"), 40000}, 1.0, false);
    feed(p.decoder, 1, objectConnection(), 100000, true, 7 + 15 + 451, 16 + 287);
    p.decoder.finishAll(1e10);
    QCOMPARE(p.lines(), kObjectCalls.mid(2));
    QCOMPARE(p.sink.calls.back().client.toString(), QStringLiteral("127.0.0.1:40000"));
    QCOMPARE(p.sink.calls.back().server.toString(), QStringLiteral("127.0.0.1:21100"));
}

void TestJrmpFramer::junkBetweenCalls()
{
    Pipeline p(helloTable());
    p.decoder.streamOpened(1, {QStringLiteral("127.0.0.1"), 40000}, {QStringLiteral("127.0.0.1"), 21100}, 1.0, true);
    const QByteArray add = test::helloCall(test::kObjectPort, 1, test::objectcall::Add);
    double ts = 1;
    for (const auto& [dir, bytes] : objectConnection().segments) {
        if (bytes == add)
            p.decoder.streamData(1, dir, QByteArray(20, '\x99'), ts += 0.001);
        p.decoder.streamData(1, dir, bytes, ts += 0.001);
    }
    p.decoder.finishAll(1e10);
    QStringList lines = p.lines();
    QCOMPARE(lines.size(), kObjectCalls.size() + 1);
    const auto junk = std::find_if(p.sink.calls.begin(), p.sink.calls.end(),
                                   [](const Call& c) { return c.status == CallStatus::Malformed; });
    QVERIFY(junk != p.sink.calls.end());
    QCOMPARE(junk->requestSize(), 20);
    QVERIFY2(junk->notes.join(QLatin1Char(' ')).contains(QLatin1String("do not start a JRMP message")),
             qPrintable(junk->notes.join(QLatin1Char(' '))));
    lines.removeAll(describe(*junk));
    QCOMPARE(lines, kObjectCalls);
}

void TestJrmpFramer::gapMarksTheCallIncomplete()
{
    // 10 bytes of the wordLengths call were never captured.
    Pipeline p(helloTable());
    p.decoder.streamOpened(1, {QStringLiteral("127.0.0.1"), 40000}, {QStringLiteral("127.0.0.1"), 21100}, 1.0, true);
    const QByteArray wordLengths = test::helloCall(test::kObjectPort, 1, test::objectcall::WordLengths);
    double ts = 1;
    for (const auto& [dir, bytes] : objectConnection().segments) {
        if (bytes == wordLengths) {
            p.decoder.streamData(1, dir, bytes.left(50), ts += 0.001);
            p.decoder.streamGap(1, dir, 10, ts += 0.001);
            p.decoder.streamData(1, dir, bytes.mid(60), ts += 0.001);
            continue;
        }
        p.decoder.streamData(1, dir, bytes, ts += 0.001);
    }
    p.decoder.finishAll(1e10);
    const auto broken = std::find_if(p.sink.calls.begin(), p.sink.calls.end(),
                                     [](const Call& c) { return c.status == CallStatus::Malformed; });
    QVERIFY(broken != p.sink.calls.end());
    QCOMPARE(broken->method(), QStringLiteral("wordLengths"));
    QVERIFY2(broken->notes.join(QLatin1Char(' ')).contains(QLatin1String("10 bytes missing from the capture")),
             qPrintable(broken->notes.join(QLatin1Char(' '))));
    // Its reply is still paired with it, and every other call is whole.
    QVERIFY(broken->response);
    QCOMPARE(broken->result().member(u"hello")->toInt(), 5);
    QStringList lines = p.lines();
    lines.removeAll(describe(*broken));
    QStringList expected = kObjectCalls;
    expected.removeAt(test::objectcall::WordLengths + 1);
    QCOMPARE(lines, expected);
}

void TestJrmpFramer::throughput()
{
    // 20,000 add(3, 4) calls and their returns on one connection, decoded without trees as the CLI does.
    const test::ReplayedConnection& c = objectConnection();
    const QByteArray call = test::helloCall(test::kObjectPort, 1, test::objectcall::Add);
    const QByteArray ret = test::helloReturn(test::kObjectPort, 1, test::objectcall::Add);
    QCOMPARE(call.size(), 49);
    QCOMPARE(ret.size(), 26);
    constexpr int kCalls = 20000;
    Pipeline p(helloTable());
    QElapsedTimer timer;
    timer.start();
    p.decoder.streamOpened(1, {QStringLiteral("127.0.0.1"), 40000}, {QStringLiteral("127.0.0.1"), 21100}, 1.0, true);
    double ts = 1;
    // The handshake: header, ProtocolAck, client endpoint.
    p.decoder.streamData(1, Direction::ClientToServer, c.segments[0].second, ts);
    p.decoder.streamData(1, Direction::ServerToClient, c.segments[1].second, ts);
    p.decoder.streamData(1, Direction::ClientToServer, c.segments[2].second, ts);
    for (int i = 0; i < kCalls; ++i) {
        p.decoder.streamData(1, Direction::ClientToServer, call, ts += 0.0001);
        p.decoder.streamData(1, Direction::ServerToClient, ret, ts += 0.0001);
    }
    p.decoder.finishAll(ts + 1);
    const qint64 ms = std::max<qint64>(1, timer.elapsed());
    QCOMPARE(int(p.sink.calls.size()), kCalls + 1);
    QCOMPARE(p.sink.calls.back().result().toInt(), 7);
    qInfo("JRMP: %d calls in %lld ms = %.0f calls/s", kCalls, ms, kCalls * 1000.0 / ms);
}

QTEST_GUILESS_MAIN(TestJrmpFramer)
#include "tst_jrmpframer.moc"
