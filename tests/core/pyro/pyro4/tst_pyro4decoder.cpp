// Pyro4Decoder end to end on real traffic: the captured streams of every serializer fed through a TrafficDecoder
// (detection, framing, decoding, pairing by sequence number) and the decode tree with byte ranges. Bad input is in
// tst_pyro4malformed, values that are easy to lose in tst_pyro4values.
#include "callformat.h"
#include "decoderregistry.h"
#include "jsonwriter.h"
#include "pyro/pyro4/pyro4decoder.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyropayload.h"
#include "pyrofixtures.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace rpcscope;

class TestPyro4Decoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void capturedCalls_data();
    void capturedCalls();
    void capturedExtras();
    void jsonLinesShape();
    void pairsBySequenceNumber();
    void invokeTree();
    void goldenTrees_data();
    void goldenTrees();
    void compressedPayloadHasItsOwnBuffer();
    void probe_data();
    void probe();
    void captureStartedMidStream();
    void rolesSwappedWhenDaemonSpeaksFirst();
    void noTreeWhenNotAsked();
    void keepSerializedBlob();
    void iteratorResult();
    void everyNodeIsDescribedAndInBounds_data();
    void everyNodeIsDescribedAndInBounds();
};

namespace {

QByteArray toJson(const RpcValue& v)
{
    QByteArray out;
    JsonWriter json(out);
    writeRpcValue(json, v);
    return out;
}

DecodedMessage decode(const QByteArray& bytes, Direction dir = Direction::ClientToServer, DecodeOptions options = {})
{
    Pyro4Decoder decoder;
    DecodeContext context;
    context.direction = dir;
    context.options = &options;
    return decoder.decode(bytes, context);
}

QByteArray serpent(const QByteArray& literal)
{
    return "# serpent utf-8 python3.2\n" + literal;
}

const DecoderRegistry& registry()
{
    static const DecoderRegistry r = DecoderRegistry::withBuiltins();
    return r;
}

const Endpoint kClient {QStringLiteral("127.0.0.1"), 40001};
const Endpoint kServer {QStringLiteral("127.0.0.1"), 9999};

} // namespace

void TestPyro4Decoder::capturedCalls_data()
{
    QTest::addColumn<QString>("capture");
    QTest::addColumn<bool>("hasBatch");
    QTest::addColumn<QByteArray>("echoJson");
    QTest::addColumn<QString>("paramsTag");
    QTest::addColumn<bool>("pythonContainers");
    const QByteArray common = "\"tuple\":[1,[2,[3,\"three\"]]],\"list\":[2.5,null,true,false],\"set\":[7],"
                              "\"big\":1267650600228229401496703205376,\"negative\":-7,\"text\":\"ünïcöde ✓\","
                              "\"inf\":{\"double\":\"Infinity\"},\"empty\":[[],[],{}]";
    // The dict has the int key 42, so it is a typed map: [[key, value], ...] with the key the number 42.
    const QByteArray full = "{\"map\":[[\"tuple\",[1,[2,[3,\"three\"]]]],[\"list\",[2.5,null,true,false]],"
                            "[\"set\",[7]],[\"big\",1267650600228229401496703205376],[\"negative\",-7],"
                            "[\"text\",\"ünïcöde ✓\"],[\"inf\",{\"double\":\"Infinity\"}],[\"empty\",[[],[],{}]],"
                            "[\"bytes\",{\"base64\":\"AAFoaf8=\"}],[\"complex\",{\"real\":1.0,\"imag\":2.0}],"
                            "[42,\"int key\"]]}";
    QTest::addRow("serpent") << QStringLiteral("pyro4-serpent") << true << full << QStringLiteral("tuple") << true;
    QTest::addRow("json") << QStringLiteral("pyro4-json") << true << QByteArray("{" + common + "}") << QString()
                          << false;
    // Pyro's marshal serializer sends the positional arguments as a list.
    QTest::addRow("marshal (no batch: Pyro4 cannot send one)")
        << QStringLiteral("pyro4-marshal") << false << full << QString() << true;
    QTest::addRow("pickle") << QStringLiteral("pyro4-pickle") << true << full << QStringLiteral("tuple") << true;
    QTest::addRow("msgpack")
        << QStringLiteral("pyro4-msgpack") << true
        << QByteArray("{" + common + ",\"bytes\":{\"base64\":\"AAFoaf8=\"},\"complex\":{\"real\":1.0,\"imag\":2.0}}")
        << QString() << false;
}

void TestPyro4Decoder::capturedCalls()
{
    QFETCH(QString, capture);
    QFETCH(bool, hasBatch);
    QFETCH(QByteArray, echoJson);
    QFETCH(QString, paramsTag);
    QFETCH(bool, pythonContainers);
    const std::vector<Call> calls = test::decodePyroCapture(capture);
    QCOMPARE(calls.size(), std::size_t(hasBatch ? 7 : 6));
    for (const Call& c : calls) {
        QCOMPARE(c.protocol, QStringLiteral("pyro4"));
        QVERIFY2(c.notes.isEmpty(), qPrintable(c.notes.join(QLatin1String("; "))));
    }

    const Call& connect = calls[0];
    QCOMPARE(connect.method(), QStringLiteral("<connect>"));
    QCOMPARE(connect.object(), QStringLiteral("example.greeting"));
    QCOMPARE(toJson(connect.params()), QByteArray("[\"hello\"]"));
    QCOMPARE(connect.status, CallStatus::Ok);
    QCOMPARE(connect.result().member(u"handshake")->toString(), QStringLiteral("hello"));
    QCOMPARE(toJson(*connect.result().member(u"meta")->member(u"oneway")), QByteArray("[\"log\"]"));
    QCOMPARE(connect.result().member(u"meta")->member(u"methods")->toArray().size(), std::size_t(4));

    const Call& fortune = calls[1];
    QCOMPARE(fortune.object(), QStringLiteral("example.greeting"));
    QCOMPARE(fortune.method(), QStringLiteral("get_fortune"));
    QCOMPARE(toJson(fortune.params()), QByteArray("[\"letian\"]"));
    QCOMPARE(fortune.params().tag(), paramsTag);
    QCOMPARE(toJson(fortune.kwargs()), QByteArray("{}"));
    QCOMPARE(fortune.result().toString(), QStringLiteral("Hello, letian. \n"));
    QCOMPARE(fortune.status, CallStatus::Ok);
    QCOMPARE(fortune.request->pairKey, std::optional<quint32>(1));
    QCOMPARE(fortune.response->pairKey, std::optional<quint32>(1));

    const Call& fail = calls[2];
    QCOMPARE(fail.method(), QStringLiteral("fail"));
    QCOMPARE(fail.status, CallStatus::Exception);
    QVERIFY(fail.fault());
    QCOMPARE(fail.fault()->code.toString(), QStringLiteral("builtins.ValueError"));
    QCOMPARE(fail.fault()->message, QStringLiteral("bad value, x"));
    QVERIFY(fail.fault()->detail.startsWith(QLatin1String("Traceback (most recent call last):\n")));
    QVERIFY(fail.fault()->detail.endsWith(QLatin1String("ValueError: ('bad value', 'x')\n")));

    const Call& oneway = calls[3];
    QCOMPARE(oneway.method(), QStringLiteral("log"));
    QCOMPARE(toJson(oneway.params()), QByteArray("[\"fire and forget\"]"));
    QCOMPARE(oneway.status, CallStatus::Ok);
    QVERIFY(!oneway.request->expectsReply);
    QVERIFY(!oneway.response);

    const Call& keyword = calls[4];
    QCOMPARE(toJson(keyword.params()), QByteArray("[]"));
    QCOMPARE(toJson(keyword.kwargs()), QByteArray("{\"name\":\"keyword\"}"));
    QCOMPARE(keyword.result().toString(), QStringLiteral("Hello, keyword. \n"));

    if (hasBatch) {
        const Call& batch = calls[5];
        QCOMPARE(batch.method(), QStringLiteral("<batch>"));
        QCOMPARE(batch.status, CallStatus::Ok);
        QCOMPARE(batch.subCalls.size(), std::size_t(3));
        QCOMPARE(batch.subCalls[0].method, QStringLiteral("get_fortune"));
        QCOMPARE(toJson(batch.subCalls[0].params), QByteArray("[\"a\"]"));
        QCOMPARE(batch.subCalls[0].result.toString(), QStringLiteral("Hello, a. \n"));
        QCOMPARE(batch.subCalls[0].status, CallStatus::Ok);
        QCOMPARE(batch.subCalls[1].method, QStringLiteral("echo"));
        QCOMPARE(toJson(batch.subCalls[1].result), QByteArray("[1,2]"));
        QCOMPARE(batch.subCalls[2].method, QStringLiteral("fail"));
        QCOMPARE(batch.subCalls[2].status, CallStatus::Exception);
        QCOMPARE(batch.subCalls[2].fault->code.toString(), QStringLiteral("builtins.ValueError"));
        QCOMPARE(batch.subCalls[2].fault->message, QStringLiteral("bad value, in batch"));
    }

    const Call& echo = calls.back();
    QCOMPARE(echo.method(), QStringLiteral("echo"));
    QCOMPARE(toJson(echo.params().toArray().front()), echoJson);
    QCOMPARE(toJson(echo.result()), echoJson);
    if (pythonContainers) {
        const RpcMap& entries = echo.result().toMap();
        QCOMPARE(entries.size(), std::size_t(11));
        QCOMPARE(entries[0].second.tag(), QStringLiteral("tuple"));
        QCOMPARE(entries[2].second.tag(), QStringLiteral("set"));
        QCOMPARE(entries.back().first, RpcValue::fromInt(42));
    }
}

void TestPyro4Decoder::capturedExtras()
{
    const std::vector<Call> calls = test::decodePyroCapture(QStringLiteral("pyro4-extras"));
    QCOMPARE(calls.size(), std::size_t(5));
    // Connect without metadata: {'handshake': 'hello'} only, answered by the bare handshake.
    QCOMPARE(calls[0].method(), QStringLiteral("<connect>"));
    QCOMPARE(calls[0].object(), QString());
    QCOMPARE(toJson(calls[0].result()), QByteArray("\"hello\""));
    QCOMPARE(calls[1].result().toString(), QStringLiteral("Hello, letian. \n"));
    // Compressed both ways: the request and the reply carry zlib data of a 480-character argument.
    const QString longText = QStringLiteral("compress me ").repeated(40);
    QCOMPARE(calls[2].params().toArray().front().toString(), longText);
    QCOMPARE(calls[2].result().toString(), longText);
    QVERIFY(Pyro4Header::read(calls[2].request->bytes())->flags & pyro4::FlagCompressed);
    QVERIFY(Pyro4Header::read(calls[2].response->bytes())->flags & pyro4::FlagCompressed);
    QCOMPARE(calls[2].request->bufferNames.at(1), QStringLiteral("inflated payload"));
    // PING after the handshake: seq 0 again, answered with pong.
    QCOMPARE(calls[3].method(), QStringLiteral("<ping>"));
    QCOMPARE(calls[3].result().toString(), QStringLiteral("pong"));
    QCOMPARE(calls[3].status, CallStatus::Ok);
    // A pickle client refused by a daemon that does not accept pickle: the CONNECTFAIL is marshal-encoded.
    const Call& refused = calls[4];
    QCOMPARE(refused.method(), QStringLiteral("<connect>"));
    QCOMPARE(refused.status, CallStatus::Exception);
    QCOMPARE(refused.fault()->code.toString(), QStringLiteral("CONNECTFAIL"));
    QCOMPARE(refused.fault()->message, QStringLiteral("message used serializer that is not accepted: 4"));
    QCOMPARE(Pyro4Header::read(refused.response->bytes())->serializerId, quint16(pyro4::SerMarshal));
    QCOMPARE(Pyro4Header::read(refused.request->bytes())->serializerId, quint16(pyro4::SerPickle));
}

void TestPyro4Decoder::jsonLinesShape()
{
    // The calls as `decode --format jsonl` prints them (core/callformat), checked here without the pcap reader.
    const std::vector<Call> calls = test::decodePyroCapture(QStringLiteral("pyro4-serpent"));
    QCOMPARE(calls.size(), std::size_t(7));
    auto line = [&](std::size_t i) { return QJsonDocument::fromJson(callToJson(calls[i])).object(); };
    QJsonObject fortune = line(1);
    QCOMPARE(fortune.keys(),
             QStringList({QStringLiteral("client"), QStringLiteral("fault"), QStringLiteral("kwargs"),
                          QStringLiteral("latency_ms"), QStringLiteral("method"), QStringLiteral("object"),
                          QStringLiteral("params"), QStringLiteral("protocol"), QStringLiteral("result"),
                          QStringLiteral("server"), QStringLiteral("start"), QStringLiteral("status")}));
    for (const char* varying : {"client", "server", "start", "latency_ms"})
        fortune.remove(QLatin1StringView(varying));
    QCOMPARE(QJsonDocument(fortune).toJson(QJsonDocument::Compact),
             QByteArray("{\"fault\":null,\"kwargs\":{},\"method\":\"get_fortune\",\"object\":\"example.greeting\","
                        "\"params\":[\"letian\"],\"protocol\":\"pyro4\",\"result\":\"Hello, letian. \\n\","
                        "\"status\":\"ok\"}"));
    const QJsonObject connect = line(0);
    QCOMPARE(connect.value(QStringLiteral("method")).toString(), QStringLiteral("<connect>"));
    QVERIFY(!connect.contains(QStringLiteral("kwargs")));
    const QJsonObject fail = line(2);
    QCOMPARE(QJsonDocument(fail.value(QStringLiteral("fault")).toObject()).toJson(QJsonDocument::Compact),
             QByteArray("{\"code\":\"builtins.ValueError\",\"message\":\"bad value, x\"}"));
    QCOMPARE(fail.value(QStringLiteral("status")).toString(), QStringLiteral("exception"));
    QVERIFY(fail.value(QStringLiteral("result")).isNull());
    const QJsonObject oneway = line(3);
    QCOMPARE(oneway.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QVERIFY(oneway.value(QStringLiteral("latency_ms")).isNull());
    const QJsonArray batch = line(5).value(QStringLiteral("calls")).toArray();
    QCOMPARE(batch.size(), 3);
    QCOMPARE(batch[2].toObject().value(QStringLiteral("status")).toString(), QStringLiteral("exception"));
}

void TestPyro4Decoder::pairsBySequenceNumber()
{
    // Replies arriving in another order than the requests (and a seq that wrapped) still find their request.
    test::CallCollector sink;
    TrafficDecoder traffic(registry(), DecodeOptions {false, {}, {}}, sink);
    traffic.streamOpened(1, kClient, kServer, 1.0, true);
    auto invoke = [](quint16 seq, const char* arg) {
        return test::pyro4Message(pyro4::MsgInvoke, 0, seq, pyro4::SerSerpent,
                                  serpent("('obj','m',('" + QByteArray(arg) + "',),{})"));
    };
    auto result = [](quint16 seq, const char* value) {
        return test::pyro4Message(pyro4::MsgResult, 0, seq, pyro4::SerSerpent, serpent("'" + QByteArray(value) + "'"));
    };
    traffic.streamData(1, Direction::ClientToServer, QByteArray(invoke(65535, "a") + invoke(0, "b") + invoke(1, "c")),
                       1.0);
    traffic.streamData(1, Direction::ServerToClient, result(1, "C"), 2.0);
    // A reply split across three reads.
    const QByteArray r0 = result(0, "B");
    traffic.streamData(1, Direction::ServerToClient, r0.left(5), 3.0);
    traffic.streamData(1, Direction::ServerToClient, r0.mid(5, 20), 3.1);
    traffic.streamData(1, Direction::ServerToClient, r0.mid(25), 3.2);
    traffic.streamData(1, Direction::ServerToClient, result(65535, "A"), 4.0);
    traffic.finishAll(5.0);
    QCOMPARE(sink.calls.size(), std::size_t(3));
    QStringList pairs;
    for (const Call& c : sink.calls)
        pairs << c.params().toArray().front().toString() + QLatin1Char('=') + c.result().toString();
    QCOMPARE(pairs, QStringList({QStringLiteral("c=C"), QStringLiteral("b=B"), QStringLiteral("a=A")}));
    QCOMPARE(sink.calls[1].latencyMs().value(), 2200.0);
}

void TestPyro4Decoder::invokeTree()
{
    const std::vector<QByteArray> requests
        = test::pyroMessages(QStringLiteral("pyro4-serpent"), 0, Direction::ClientToServer);
    const DecodedMessage m = decode(requests.at(1));
    QCOMPARE(m.kind, MessageKind::Request);
    QCOMPARE(m.summary, QStringLiteral("INVOKE #1 example.greeting.get_fortune('letian')"));
    QCOMPARE(m.tree.name, QStringLiteral("pyro4"));
    QCOMPARE(m.tree.value, m.summary);
    QCOMPARE(m.tree.length, 99);
    struct Node
    {
        const char* path;
        const char* type;
        const char* value;
        qint64 offset;
        qint64 length;
    };
    const Node nodes[] = {
        {"header/header.type", "u16", "4 (INVOKE)", 6, 2},
        {"header/header.seq", "u16", "1", 10, 2},
        {"header/header.dataSize", "i32", "75", 12, 4},
        {"header/header.serializer", "u16", "1 (serpent)", 16, 2},
        {"header/header.checksum", "u16", "0x356a (valid)", 22, 2},
        {"payload", "serpent", "75 bytes", 24, 75},
        {"payload/serpent.header", "comment", "# serpent utf-8 python3.2", 24, 26},
        {"payload/value", "tuple", "4 items", 50, 49},
        {"payload/value/object", "str", "\"example.greeting\"", 51, 18},
        {"payload/value/method", "str", "\"get_fortune\"", 70, 13},
        {"payload/value/params", "tuple", "1 item", 84, 11},
        {"payload/value/params/param[0]", "str", "\"letian\"", 85, 8},
        {"payload/value/kwargs", "dict", "0 items", 96, 2},
    };
    for (const Node& n : nodes) {
        const DecodeNode* node = m.tree.find(QString::fromLatin1(n.path));
        QVERIFY2(node, n.path);
        QCOMPARE(node->type, QLatin1StringView(n.type));
        QCOMPARE(node->value, QString::fromUtf8(n.value));
        QCOMPARE(node->offset, n.offset);
        QCOMPARE(node->length, n.length);
        QVERIFY2(!node->description.isEmpty(), n.path);
    }
    // The RESULT carries a CORR annotation shown as a UUID.
    const std::vector<QByteArray> replies
        = test::pyroMessages(QStringLiteral("pyro4-serpent"), 0, Direction::ServerToClient);
    const DecodedMessage r = decode(replies.at(1), Direction::ServerToClient);
    QCOMPARE(r.kind, MessageKind::Response);
    QCOMPARE(r.result.toString(), QStringLiteral("Hello, letian. \n"));
    const DecodeNode* corr = r.tree.find(u"annotations/CORR/annotation.value");
    QVERIFY(corr);
    QCOMPARE(corr->type, QStringLiteral("uuid"));
    QCOMPARE(corr->value.size(), 36);
    QCOMPARE(r.tree.find(u"payload/value")->offset, 24 + 22 + 26);
}

void TestPyro4Decoder::goldenTrees_data()
{
    QTest::addColumn<QString>("capture");
    QTest::addColumn<int>("direction");
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("golden");
    QTest::addRow("serpent INVOKE get_fortune")
        << QStringLiteral("pyro4-serpent") << 0 << 1 << QStringLiteral("pyro4/serpent-invoke.expected.txt");
    QTest::addRow("json exception RESULT")
        << QStringLiteral("pyro4-json") << 1 << 2 << QStringLiteral("pyro4/json-exception.expected.txt");
    QTest::addRow("pickle INVOKE get_fortune")
        << QStringLiteral("pyro4-pickle") << 0 << 1 << QStringLiteral("pyro4/pickle-invoke.expected.txt");
    QTest::addRow("marshal CONNECTOK") << QStringLiteral("pyro4-marshal") << 1 << 0
                                       << QStringLiteral("pyro4/marshal-connectok.expected.txt");
}

void TestPyro4Decoder::goldenTrees()
{
    QFETCH(QString, capture);
    QFETCH(int, direction);
    QFETCH(int, index);
    QFETCH(QString, golden);
    const Direction dir = static_cast<Direction>(direction);
    const DecodedMessage m = decode(test::pyroMessages(capture, 0, dir).at(index), dir);
    const QString actual = dumpTree(m.tree);
    if (qEnvironmentVariableIsSet("RPCSCOPE_UPDATE_GOLDEN")) {
        // Opt-in refresh after a deliberate change (review the diff): RPCSCOPE_UPDATE_GOLDEN=1 tst_pyro4decoder
        QFile f(QStringLiteral(RPCSCOPE_TESTDATA_DIR "/") + golden);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(actual.toUtf8());
    }
    const QString expected = QString::fromUtf8(test::readData(golden));
    if (actual != expected)
        qWarning().noquote() << "actual tree:\n" << actual;
    QCOMPARE(actual, expected);
}

void TestPyro4Decoder::compressedPayloadHasItsOwnBuffer()
{
    const std::vector<QByteArray> replies
        = test::pyroMessages(QStringLiteral("pyro4-extras"), 0, Direction::ServerToClient);
    const DecodedMessage m = decode(replies.at(2), Direction::ServerToClient);
    QVERIFY(m.problems.empty());
    QCOMPARE(m.buffers.size(), std::size_t(2));
    QCOMPARE(m.bufferNames[1], QStringLiteral("inflated payload"));
    const DecodeNode* payload = m.tree.find(u"payload");
    QCOMPARE(payload->type, QStringLiteral("zlib"));
    QCOMPARE(payload->buffer, 0);
    const DecodeNode* inflated = m.tree.find(u"payload/inflated");
    QCOMPARE(inflated->buffer, 1);
    QCOMPARE(inflated->offset, 0);
    QCOMPARE(inflated->length, m.buffers[1].size());
    const DecodeNode* value = m.tree.find(u"payload/inflated/value");
    QCOMPARE(value->buffer, 1);
    QCOMPARE(value->offset, 26);
    QCOMPARE(m.buffers[1].mid(value->offset, 13), QByteArray("'compress me "));
    QCOMPARE(m.tree.deepestAt(1, 30), value);
}

void TestPyro4Decoder::probe_data()
{
    QTest::addColumn<QByteArray>("client");
    QTest::addColumn<QByteArray>("server");
    QTest::addColumn<bool>("startSeen");
    QTest::addColumn<int>("confidence");
    QTest::addColumn<bool>("needMore");
    QTest::addColumn<bool>("swap");
    const QByteArray connect = test::pyroMessages(QStringLiteral("pyro4-serpent"), 0, Direction::ClientToServer).at(0);
    const QByteArray connectOk
        = test::pyroMessages(QStringLiteral("pyro4-serpent"), 0, Direction::ServerToClient).at(0);
    const QByteArray invoke = test::pyroMessages(QStringLiteral("pyro4-serpent"), 0, Direction::ClientToServer).at(1);
    const QByteArray result = test::pyroMessages(QStringLiteral("pyro4-serpent"), 0, Direction::ServerToClient).at(1);
    QTest::addRow("CONNECT from the client") << connect << QByteArray() << true << 100 << false << false;
    QTest::addRow("partial header") << connect.left(10) << QByteArray() << true << 0 << true << false;
    QTest::addRow("3 bytes of magic") << QByteArray("PYR") << QByteArray() << true << 0 << true << false;
    QTest::addRow("INVOKE first (handshake missed)") << invoke << QByteArray() << true << 95 << false << false;
    QTest::addRow("RESULT from the presumed client") << result << invoke << true << 95 << false << true;
    QTest::addRow("CONNECTOK from the presumed client") << connectOk << QByteArray() << false << 95 << false << true;
    QTest::addRow("only the daemon spoke") << QByteArray() << connectOk << true << 90 << false << false;
    QTest::addRow("HTTP") << QByteArray("POST /RPC2 HTTP/1.1\r\n") << QByteArray() << true << 0 << false << false;
    QTest::addRow("mid-stream: tail of a message, then INVOKE")
        << invoke.mid(40) + invoke << QByteArray() << false << 80 << false << false;
    QTest::addRow("mid-stream: nothing recognisable yet")
        << QByteArray(100, 'x') << QByteArray() << false << 0 << true << false;
    QByteArray badChecksum = connect;
    badChecksum[23] = 0;
    QTest::addRow("magic and version, bad checksum") << badChecksum << QByteArray() << true << 40 << false << false;
}

void TestPyro4Decoder::probe()
{
    QFETCH(QByteArray, client);
    QFETCH(QByteArray, server);
    QFETCH(bool, startSeen);
    QFETCH(int, confidence);
    QFETCH(bool, needMore);
    QFETCH(bool, swap);
    ProbeInput in;
    in.client = client;
    in.server = server;
    in.startSeen = startSeen;
    const ProbeResult r = Pyro4Decoder().probe(in);
    QCOMPARE(r.confidence, confidence);
    QCOMPARE(r.needMoreData, needMore);
    QCOMPARE(r.swapRoles, swap);
}

void TestPyro4Decoder::captureStartedMidStream()
{
    // The capture starts 10 bytes into the first INVOKE: the handshake and that call are lost, the rest decodes.
    test::CallCollector sink;
    TrafficDecoder traffic(registry(), DecodeOptions {false, {}, {}}, sink);
    traffic.streamOpened(1, kClient, kServer, 0.0, false);
    int clientMessages = 0;
    int serverMessages = 0;
    for (const test::PyroChunk& c : test::loadPyroChunks(QStringLiteral("pyro4-serpent"))) {
        int& seen = c.direction == Direction::ClientToServer ? clientMessages : serverMessages;
        ++seen;
        if (seen == 1)
            continue; // CONNECT and CONNECTOK were before the capture started
        QByteArray data = c.data;
        if (c.direction == Direction::ClientToServer && seen == 2)
            data = data.mid(10);
        traffic.streamData(1, c.direction, data, c.ts);
    }
    traffic.finishAll(1e10);
    QVERIFY(sink.calls.size() >= 6);
    // The reply to the lost request stands alone; everything after it pairs normally.
    QCOMPARE(sink.calls[0].notes, QStringList {QStringLiteral("reply without a captured request")});
    QCOMPARE(sink.calls[0].result().toString(), QStringLiteral("Hello, letian. \n"));
    QCOMPARE(sink.calls[1].method(), QStringLiteral("fail"));
    QCOMPARE(sink.calls[1].status, CallStatus::Exception);
    QCOMPARE(sink.calls.back().method(), QStringLiteral("echo"));
    QCOMPARE(sink.calls.back().status, CallStatus::Ok);
}

void TestPyro4Decoder::rolesSwappedWhenDaemonSpeaksFirst()
{
    // The capture tool guessed the roles wrong (no SYN seen): the daemon's bytes come as "client" bytes.
    test::CallCollector sink;
    TrafficDecoder traffic(registry(), DecodeOptions {false, {}, {}}, sink);
    traffic.streamOpened(1, kServer, kClient, 0.0, false);
    const std::vector<test::PyroChunk> chunks = test::loadPyroChunks(QStringLiteral("pyro4-serpent"));
    // Start with the daemon's CONNECTOK, then everything else as it came, with directions flipped.
    for (std::size_t i = 1; i < chunks.size(); ++i) {
        const test::PyroChunk& c = chunks[i];
        traffic.streamData(1, opposite(c.direction), c.data, c.ts);
    }
    traffic.finishAll(1e10);
    QVERIFY(sink.calls.size() >= 6);
    const Call& fortune = sink.calls[1];
    QCOMPARE(fortune.method(), QStringLiteral("get_fortune"));
    QCOMPARE(fortune.result().toString(), QStringLiteral("Hello, letian. \n"));
    QCOMPARE(fortune.client.toString(), kClient.toString());
    QCOMPARE(fortune.server.toString(), kServer.toString());
}

void TestPyro4Decoder::noTreeWhenNotAsked()
{
    const QByteArray invoke = test::pyroMessages(QStringLiteral("pyro4-pickle"), 0, Direction::ClientToServer).at(1);
    DecodeOptions options;
    options.buildTree = false;
    const DecodedMessage m = decode(invoke, Direction::ClientToServer, options);
    QCOMPARE(m.tree.count(), 1);
    QVERIFY(m.tree.name.isEmpty());
    QCOMPARE(m.method, QStringLiteral("get_fortune"));
    QCOMPARE(toJson(m.params), QByteArray("[\"letian\"]"));
}

void TestPyro4Decoder::keepSerializedBlob()
{
    // An INVOKE with a SerializedBlob, as Pyro4's proxy builds it: flag 0x40 and the target in a BLBI annotation.
    const QJsonValue out
        = test::runPythonJson(QStringLiteral("import json, marshal\n"
                                             "import Pyro4.util\n"
                                             "from Pyro4.message import Message\n"
                                             "s = Pyro4.util.get_serializer('serpent')\n"
                                             "data = s.dumpsCall('example.greeting', 'store', ('blob data',), {})\n"
                                             "blbi = marshal.dumps(('blob-info', 'example.greeting', 'store'))\n"
                                             "m = Message(4, data, 1, 0x40, 8, {'BLBI': blbi})\n"
                                             "print(json.dumps([m.to_bytes().hex()]))\n"),
                              QJsonArray {});
    const DecodedMessage m = decode(QByteArray::fromHex(out.toArray()[0].toString().toLatin1()));
    QVERIFY(m.problems.empty());
    QCOMPARE(m.object, QStringLiteral("example.greeting"));
    QCOMPARE(m.method, QStringLiteral("store"));
    QCOMPARE(toJson(m.params), QByteArray("[\"blob data\"]"));
    const DecodeNode* blbi = m.tree.find(u"annotations/BLBI/annotation.value");
    QVERIFY(blbi);
    QCOMPARE(blbi->type, QStringLiteral("marshal"));
    const DecodeNode* info = blbi->find(u"value/[0]");
    QVERIFY(info);
    QCOMPARE(info->value, QStringLiteral("\"blob-info\""));
    QCOMPARE(m.tree.find(u"header/header.flags")->value, QStringLiteral("0x0040 (KEEPSERIALIZED)"));
}

void TestPyro4Decoder::iteratorResult()
{
    // A method returning a generator: the daemon answers with flags EXCEPTION|ITEMSTREAMRESULT and the stream id
    // in STRM; a Pyro4 4.82 client takes the flag first and iterates, so the call is ok and its result a stream.
    const QJsonValue out = test::runPythonJson(
        QStringLiteral("import json\n"
                       "import Pyro4.errors, Pyro4.util\n"
                       "from Pyro4.message import Message\n"
                       "s = Pyro4.util.get_serializer('serpent')\n"
                       "data = s.dumps(Pyro4.errors.ProtocolError('result of call is an iterator'))\n"
                       "m = Message(5, data, 1, 0x21, 4, {'STRM': b'9f1c-stream'})\n"
                       "print(json.dumps([m.to_bytes().hex()]))\n"),
        QJsonArray {});
    const DecodedMessage m
        = decode(QByteArray::fromHex(out.toArray()[0].toString().toLatin1()), Direction::ServerToClient);
    QVERIFY(m.problems.empty());
    QCOMPARE(m.status, CallStatus::Ok);
    QVERIFY(!m.fault);
    QCOMPARE(m.result.tag(), QStringLiteral("iterator"));
    QCOMPARE(toJson(m.result), QByteArray("{\"stream\":\"9f1c-stream\"}"));
    QCOMPARE(m.tree.find(u"annotations/STRM/annotation.value")->value, QStringLiteral("9f1c-stream"));
}

void TestPyro4Decoder::everyNodeIsDescribedAndInBounds_data()
{
    QTest::addColumn<QString>("capture");
    for (const char* name :
         {"pyro4-serpent", "pyro4-json", "pyro4-marshal", "pyro4-pickle", "pyro4-msgpack", "pyro4-extras"})
        QTest::addRow("%s", name) << QString::fromLatin1(name);
}

void TestPyro4Decoder::everyNodeIsDescribedAndInBounds()
{
    // The teaching view needs a name, a type, a description and exact bytes for every field of every message.
    QFETCH(QString, capture);
    int messages = 0;
    for (int connection : {0, 1}) {
        for (Direction dir : {Direction::ClientToServer, Direction::ServerToClient}) {
            for (const QByteArray& bytes : test::pyroMessages(capture, connection, dir)) {
                const DecodedMessage m = decode(bytes, dir);
                QVERIFY(m.problems.empty());
                ++messages;
                std::vector<const DecodeNode*> todo {&m.tree};
                while (!todo.empty()) {
                    const DecodeNode* n = todo.back();
                    todo.pop_back();
                    const QString where = QStringLiteral("%1 in %2").arg(n->name, m.summary);
                    QVERIFY2(!n->name.isEmpty() && !n->type.isEmpty(), qPrintable(where));
                    QVERIFY2(!n->description.isEmpty(), qPrintable(where));
                    QVERIFY2(n->hasBytes(), qPrintable(where));
                    QVERIFY2(n->buffer >= 0 && std::size_t(n->buffer) < m.buffers.size(), qPrintable(where));
                    QVERIFY2(n->end() <= m.buffers[n->buffer].size(), qPrintable(where));
                    for (const DecodeNode& c : n->children)
                        todo.push_back(&c);
                }
            }
        }
    }
    QVERIFY(messages >= 9);
}

QTEST_GUILESS_MAIN(TestPyro4Decoder)
#include "tst_pyro4decoder.moc"
