// Pyro5Decoder end to end on real Pyro5 5.17 traffic: the captured streams of every serializer fed through a
// TrafficDecoder (detection, framing, decoding, pairing by sequence number), the extras (compression, correlation id,
// annotations, PING, streamed iterators, properties, refused connections, a Pyro4 daemon answering a Pyro5 client),
// name-server lookups of both versions read as named calls, and golden trees of every message type. Our own
// messages against the real Pyro5 are in tst_pyro5interop, damaged messages in tst_pyro5malformed.
#include "callformat.h"
#include "decoderregistry.h"
#include "jsonwriter.h"
#include "pyro/pyro4/pyro4decoder.h"
#include "pyro/pyro5/pyro5decoder.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyrofixtures.h"
#include "trafficdecoder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace rpcscope;

class TestPyro5Decoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void capturedCalls_data();
    void capturedCalls();
    void capturedExtras();
    void mixedVersionsOnOneConnection();
    void nameServerLookups_data();
    void nameServerLookups();
    void jsonLinesGolden();
    void goldenTrees_data();
    void goldenTrees();
    void probe_data();
    void probe();
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

DecodedMessage decode(const QByteArray& bytes, Direction dir = Direction::ClientToServer)
{
    DecodeContext context;
    context.direction = dir;
    return Pyro5Decoder().decode(bytes, context);
}

QString capture(const char* name)
{
    return QStringLiteral("pyro5/pyro5-") + QLatin1String(name);
}

} // namespace

void TestPyro5Decoder::capturedCalls_data()
{
    QTest::addColumn<QString>("capture");
    QTest::addColumn<bool>("hasBatch");
    QTest::addColumn<QString>("paramsTag");
    QTest::addColumn<QString>("metaTag");
    QTest::addColumn<QByteArray>("echoJson");
    const QByteArray common = "\"tuple\":[1,[2,[3,\"three\"]]],\"list\":[2.5,null,true,false],\"set\":[7],"
                              "\"negative\":-7,\"text\":\"ünïcöde ✓\",\"inf\":{\"double\":\"Infinity\"},"
                              "\"empty\":[[],[],{}]";
    const QByteArray extra = ",\"bytes\":{\"base64\":\"AAFoaf8=\"},\"complex\":{\"real\":1.0,\"imag\":2.0}";
    // With the int key 42 the dict is a typed map.
    QByteArray typed = "{\"map\":[" + QByteArray("{" + common + extra + "}") + "]}";
    typed = "{\"map\":[[\"tuple\",[1,[2,[3,\"three\"]]]],[\"list\",[2.5,null,true,false]],[\"set\",[7]],"
            "[\"negative\",-7],[\"text\",\"ünïcöde ✓\"],[\"inf\",{\"double\":\"Infinity\"}],[\"empty\",[[],[],{}]],"
            "[\"bytes\",{\"base64\":\"AAFoaf8=\"}],[\"complex\",{\"real\":1.0,\"imag\":2.0}],[42,\"int key\"]]}";
    // Pyro5 sends the metadata as sets: serpent and marshal keep them, json and msgpack make them arrays.
    QTest::addRow("serpent") << capture("serpent") << true << "tuple"
                             << "set" << typed;
    QTest::addRow("marshal (no batch: Pyro5 cannot send one)") << capture("marshal") << false << ""
                                                               << "set" << typed;
    QTest::addRow("json") << capture("json") << true << ""
                          << "" << QByteArray("{" + common + "}");
    QTest::addRow("msgpack") << capture("msgpack") << true << ""
                             << "" << QByteArray("{" + common + extra + "}");
}

void TestPyro5Decoder::capturedCalls()
{
    QFETCH(QString, capture);
    QFETCH(bool, hasBatch);
    QFETCH(QString, paramsTag);
    QFETCH(QString, metaTag);
    QFETCH(QByteArray, echoJson);
    const std::vector<Call> calls = test::decodePyroCapture(capture);
    QCOMPARE(calls.size(), std::size_t(hasBatch ? 8 : 7));
    for (const Call& c : calls) {
        QCOMPARE(c.protocol, QStringLiteral("pyro5"));
        QVERIFY2(c.notes.isEmpty(), qPrintable(c.notes.join(QLatin1String("; "))));
    }

    const Call& connect = calls[0];
    QCOMPARE(connect.method(), QStringLiteral("<connect>"));
    QCOMPARE(connect.object(), QStringLiteral("example.greeting"));
    QCOMPARE(toJson(connect.params()), QByteArray("[\"hello\"]"));
    QCOMPARE(connect.result().member(u"handshake")->toString(), QStringLiteral("hello"));
    const RpcValue& meta = *connect.result().member(u"meta");
    QCOMPARE(toJson(*meta.member(u"oneway")), QByteArray("[\"log\"]"));
    QCOMPARE(meta.member(u"oneway")->tag(), metaTag);
    QCOMPARE(toJson(*meta.member(u"attrs")), QByteArray("[\"mood\"]"));
    QCOMPARE(meta.member(u"methods")->toArray().size(), std::size_t(5));

    const Call& fortune = calls[1];
    QCOMPARE(fortune.method(), QStringLiteral("get_fortune"));
    QCOMPARE(toJson(fortune.params()), QByteArray("[\"letian\"]"));
    QCOMPARE(fortune.params().tag(), paramsTag);
    QCOMPARE(fortune.result().toString(), QStringLiteral("Hello, letian. \n"));
    QCOMPARE(fortune.request->pairKey, std::optional<quint32>(1));
    QCOMPARE(fortune.response->pairKey, std::optional<quint32>(1));

    const Call& fail = calls[2];
    QCOMPARE(fail.status, CallStatus::Exception);
    QCOMPARE(fail.fault()->code.toString(), QStringLiteral("builtins.ValueError"));
    QCOMPARE(fail.fault()->message, QStringLiteral("bad value, x"));
    QVERIFY(fail.fault()->detail.startsWith(QLatin1String("Traceback (most recent call last):\n")));
    QVERIFY(fail.fault()->detail.endsWith(QLatin1String("ValueError: ('bad value', 'x')\n")));
    // The remote traceback is in the tree, under the exception's attributes.
    QVERIFY(fail.response->tree.name.isEmpty()); // no trees in bulk decoding
    DecodeContext withTree;
    withTree.direction = Direction::ServerToClient;
    const DecodedMessage failTree = Pyro5Decoder().decode(fail.response->bytes(), withTree);
    QVERIFY(failTree.tree.findFirst(u"_pyroTraceback"));

    const Call& oneway = calls[3];
    QCOMPARE(oneway.method(), QStringLiteral("log"));
    QVERIFY(!oneway.request->expectsReply);
    QVERIFY(!oneway.response);
    QCOMPARE(oneway.status, CallStatus::Ok);
    QCOMPARE(Pyro5Header::read(oneway.request->bytes())->flags, quint16(pyro5::FlagOneway));

    const Call& keyword = calls[4];
    QCOMPARE(toJson(keyword.kwargs()), QByteArray("{\"name\":\"keyword\"}"));

    std::size_t next = 5;
    if (hasBatch) {
        const Call& batch = calls[next++];
        QCOMPARE(batch.method(), QStringLiteral("<batch>"));
        QCOMPARE(batch.subCalls.size(), std::size_t(3));
        QCOMPARE(batch.subCalls[0].result.toString(), QStringLiteral("Hello, a. \n"));
        QCOMPARE(toJson(batch.subCalls[1].result), QByteArray("[1,2]"));
        QCOMPARE(batch.subCalls[2].status, CallStatus::Exception);
        QCOMPARE(batch.subCalls[2].fault->code.toString(), QStringLiteral("builtins.ValueError"));
        QCOMPARE(batch.subCalls[2].fault->message, QStringLiteral("bad value, in batch"));
        QCOMPARE(Pyro5Header::read(batch.response->bytes())->flags, quint16(0x48));
    }

    // Integers past 64 bits (and at the edges of the 64-bit ranges) exact, whatever the serializer.
    const Call& big = calls[next++];
    const QByteArray bigJson = "[1267650600228229401496703205376,-1180591620717411303424,18446744073709551615,"
                               "9223372036854775808,-9223372036854775809,12345678901234567890123456789]";
    QCOMPARE(toJson(big.params().toArray().front()), bigJson);
    QCOMPARE(toJson(big.result()), bigJson);

    const Call& echo = calls[next];
    QCOMPARE(toJson(echo.params().toArray().front()), echoJson);
    QCOMPARE(toJson(echo.result()), echoJson);
}

void TestPyro5Decoder::capturedExtras()
{
    const std::vector<Call> calls = test::decodePyroCapture(capture("extras"));
    QCOMPARE(calls.size(), std::size_t(13));
    // A correlation id set by the client travels in the header, and the daemon answers with the same one; the
    // client's own annotation is shown.
    const Call& fortune = calls[1];
    const Pyro5Header request = *Pyro5Header::read(fortune.request->bytes());
    const Pyro5Header reply = *Pyro5Header::read(fortune.response->bytes());
    QCOMPARE(request.correlationId.toHex(), QByteArray("11111111222233334444555555555555"));
    QCOMPARE(reply.correlationId, request.correlationId);
    const DecodedMessage tree = decode(fortune.request->bytes());
    QCOMPARE(tree.tree.find(u"header/header.correlationId")->value,
             QStringLiteral("11111111-2222-3333-4444-555555555555"));
    QCOMPARE(tree.tree.find(u"annotations/ABCD")->value,
             QStringLiteral("63 75 73 74 6f 6d 20 61 6e 6e 6f 74 61 74 69 6f 6e  \"custom annotation\""));
    // Compressed both ways (the client and the daemon both have COMPRESSION on).
    const QString longText = QStringLiteral("compress me ").repeated(40);
    QCOMPARE(calls[2].params().toArray().front().toString(), longText);
    QCOMPARE(calls[2].result().toString(), longText);
    QVERIFY(Pyro5Header::read(calls[2].request->bytes())->flags & pyro5::FlagCompressed);
    QVERIFY(Pyro5Header::read(calls[2].response->bytes())->flags & pyro5::FlagCompressed);
    QCOMPARE(calls[2].request->bufferNames.at(1), QStringLiteral("inflated payload"));
    QCOMPARE(calls[3].method(), QStringLiteral("<ping>"));
    QCOMPARE(calls[3].result().toString(), QStringLiteral("pong"));
    // A generator: the first RESULT names the stream (flags 0x51, STRM), the items come from Pyro.Daemon.
    const Call& count = calls[4];
    QCOMPARE(count.status, CallStatus::Ok);
    QCOMPARE(count.result().tag(), QStringLiteral("iterator"));
    const QString stream = count.result().member(u"stream")->toString();
    QCOMPARE(stream.size(), 36);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(calls[5 + i].object(), QStringLiteral("Pyro.Daemon"));
        QCOMPARE(calls[5 + i].method(), QStringLiteral("get_next_stream_item"));
        QCOMPARE(calls[5 + i].params().toArray().front().toString(), stream);
        QCOMPARE(calls[5 + i].result(), RpcValue::fromInt(i));
    }
    QCOMPARE(calls[8].fault()->code.toString(), QStringLiteral("builtins.StopIteration"));
    // Properties are read and written through __getattr__ and __setattr__.
    QCOMPARE(calls[9].method(), QStringLiteral("__getattr__"));
    QCOMPARE(calls[9].result().toString(), QStringLiteral("cheerful"));
    QCOMPARE(calls[10].method(), QStringLiteral("__setattr__"));
    QCOMPARE(toJson(calls[10].params()), QByteArray("[\"mood\",\"calm\"]"));
    // An unknown object is refused in the handshake.
    const Call& refused = calls[11];
    QCOMPARE(refused.object(), QStringLiteral("no.such.object"));
    QCOMPARE(refused.status, CallStatus::Exception);
    QCOMPARE(refused.fault()->code.toString(), QStringLiteral("CONNECTFAIL"));
    QCOMPARE(refused.fault()->message, QStringLiteral("unknown object"));
}

void TestPyro5Decoder::mixedVersionsOnOneConnection()
{
    // A Pyro5 client connecting to a Pyro4 daemon: the connection is Pyro5 (its client's first message), the
    // daemon's CONNECTFAIL is Pyro4-framed and marshal-encoded in Pyro4's numbering (id 3), and reads as such.
    const std::vector<Call> calls = test::decodePyroCapture(capture("extras"));
    const Call& refused = calls.back();
    QCOMPARE(refused.protocol, QStringLiteral("pyro5"));
    QCOMPARE(refused.request->protocol, QStringLiteral("pyro5"));
    QCOMPARE(refused.response->protocol, QStringLiteral("pyro4"));
    QCOMPARE(refused.status, CallStatus::Exception);
    QCOMPARE(refused.fault()->message, QStringLiteral("invalid data or unsupported protocol version"));
    QVERIFY(refused.notes.isEmpty());
    DecodeContext context;
    context.direction = Direction::ServerToClient;
    const DecodedMessage reply = Pyro5Decoder().decode(refused.response->bytes(), context);
    QCOMPARE(reply.tree.name, QStringLiteral("pyro4"));
    QCOMPARE(reply.tree.find(u"header/header.serializer")->value, QStringLiteral("3 (marshal)"));
}

void TestPyro5Decoder::nameServerLookups_data()
{
    QTest::addColumn<QString>("capture");
    QTest::addColumn<QString>("protocol");
    QTest::addRow("Pyro5 name server") << capture("names") << "pyro5";
    QTest::addRow("Pyro4 name server") << QStringLiteral("pyro4-names") << "pyro4";
}

void TestPyro5Decoder::nameServerLookups()
{
    // The daemon registers its object, a client lists the names and looks one up, then calls it by name (PYRONAME:
    // a lookup on a connection of its own, then a connection to the daemon the URI names).
    QFETCH(QString, capture);
    QFETCH(QString, protocol);
    const std::vector<Call> calls = test::decodePyroCapture(capture);
    QCOMPARE(calls.size(), std::size_t(9));
    for (const Call& c : calls)
        QCOMPARE(c.protocol, protocol);
    QCOMPARE(calls[1].object(), QStringLiteral("Pyro.NameServer"));
    QCOMPARE(calls[1].method(), QStringLiteral("register"));
    QCOMPARE(calls[1].params().toArray().front().toString(), QStringLiteral("example.greeting"));
    const Call& list = calls[3];
    QCOMPARE(list.method(), QStringLiteral("list"));
    const RpcValue* named = list.result().member(u"example.greeting");
    QVERIFY(named);
    QVERIFY(named->toString().startsWith(QLatin1String("PYRO:example.greeting@127.0.0.1:")));
    const QString uri = named->toString();
    // The lookup answers a URI object; it reads as the URI, and the value stays what was sent.
    const Call& lookup = calls[4];
    QCOMPARE(lookup.method(), QStringLiteral("lookup"));
    QCOMPARE(lookup.response->resultText, uri);
    QCOMPARE(callSummary(lookup), QStringLiteral("lookup(\"example.greeting\") → ") + uri);
    QCOMPARE(lookup.result().member(u"__class__")->toString(),
             protocol == QLatin1String("pyro5") ? QStringLiteral("Pyro5.core.URI") : QStringLiteral("Pyro4.core.URI"));
    QVERIFY(lookup.response->summary.endsWith(QStringLiteral("→ ") + uri));
    QCOMPARE(calls[6].response->resultText, uri);
    QCOMPARE(calls[8].method(), QStringLiteral("get_fortune"));
    QCOMPARE(calls[8].result().toString(), QStringLiteral("Hello, by name. \n"));
    QVERIFY(uri.endsWith(QLatin1Char(':') + QString::number(calls[8].server.port)) || calls[8].server.port == 9090);
}

void TestPyro5Decoder::jsonLinesGolden()
{
    // Every call of every Pyro5 capture as `decode --format jsonl` writes it (members in the order it writes them,
    // values, faults and sub-calls in the mapping HACKING.md documents), each line after the capture's name.
    QByteArray actual;
    for (const char* name : {"serpent", "marshal", "json", "msgpack", "extras", "names"}) {
        for (const Call& c : test::decodePyroCapture(capture(name)))
            actual += QByteArray(name) + ' ' + callToJson(c) + '\n';
    }
    const QString golden = QStringLiteral("pyro5/pyro5-captures.expected.jsonl");
    if (qEnvironmentVariableIsSet("RPCSCOPE_UPDATE_GOLDEN")) {
        QFile f(QStringLiteral(RPCSCOPE_TESTDATA_DIR "/") + golden);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(actual);
    }
    const QList<QByteArray> expected = test::readData(golden).split('\n');
    const QList<QByteArray> lines = actual.split('\n');
    QCOMPARE(lines.size(), expected.size());
    for (qsizetype i = 0; i < lines.size(); ++i)
        QCOMPARE(lines[i], expected[i]);
}

void TestPyro5Decoder::goldenTrees_data()
{
    QTest::addColumn<QString>("capture");
    QTest::addColumn<int>("connection");
    QTest::addColumn<int>("direction");
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("golden");
    QTest::addRow("serpent CONNECT") << capture("serpent") << 0 << 0 << 0 << "pyro5/serpent-connect.expected.txt";
    QTest::addRow("serpent CONNECTOK") << capture("serpent") << 0 << 1 << 0 << "pyro5/serpent-connectok.expected.txt";
    QTest::addRow("CONNECTFAIL") << capture("extras") << 1 << 1 << 0 << "pyro5/connectfail.expected.txt";
    QTest::addRow("json INVOKE") << capture("json") << 0 << 0 << 1 << "pyro5/json-invoke.expected.txt";
    QTest::addRow("msgpack RESULT") << capture("msgpack") << 0 << 1 << 1 << "pyro5/msgpack-result.expected.txt";
    QTest::addRow("marshal exception RESULT")
        << capture("marshal") << 0 << 1 << 2 << "pyro5/marshal-exception.expected.txt";
    QTest::addRow("serpent oneway INVOKE") << capture("serpent") << 0 << 0 << 3 << "pyro5/serpent-oneway.expected.txt";
    QTest::addRow("msgpack batch INVOKE") << capture("msgpack") << 0 << 0 << 5 << "pyro5/msgpack-batch.expected.txt";
    QTest::addRow("compressed INVOKE with correlation id and annotation")
        << capture("extras") << 0 << 0 << 1 << "pyro5/extras-annotated-invoke.expected.txt";
    QTest::addRow("PING") << capture("extras") << 0 << 0 << 3 << "pyro5/ping.expected.txt";
    QTest::addRow("pong") << capture("extras") << 0 << 1 << 3 << "pyro5/pong.expected.txt";
}

void TestPyro5Decoder::goldenTrees()
{
    QFETCH(QString, capture);
    QFETCH(int, connection);
    QFETCH(int, direction);
    QFETCH(int, index);
    QFETCH(QString, golden);
    const Direction dir = static_cast<Direction>(direction);
    const DecodedMessage m = decode(test::pyroMessages(capture, connection, dir).at(index), dir);
    const QString actual = dumpTree(m.tree);
    if (qEnvironmentVariableIsSet("RPCSCOPE_UPDATE_GOLDEN")) {
        // Opt-in refresh after a deliberate change (review the diff): RPCSCOPE_UPDATE_GOLDEN=1 tst_pyro5decoder
        QFile f(QStringLiteral(RPCSCOPE_TESTDATA_DIR "/") + golden);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(actual.toUtf8());
    }
    const QString expected = QString::fromUtf8(test::readData(golden));
    if (actual != expected)
        qWarning().noquote() << "actual tree:\n" << actual;
    QCOMPARE(actual, expected);
}

void TestPyro5Decoder::probe_data()
{
    QTest::addColumn<QByteArray>("client");
    QTest::addColumn<QByteArray>("server");
    QTest::addColumn<bool>("startSeen");
    QTest::addColumn<int>("pyro5");
    QTest::addColumn<int>("pyro4");
    QTest::addColumn<bool>("needMore");
    QTest::addColumn<bool>("swap");
    const auto requests = test::pyroMessages(capture("serpent"), 0, Direction::ClientToServer);
    const auto replies = test::pyroMessages(capture("serpent"), 0, Direction::ServerToClient);
    const QByteArray pyro4Connect
        = test::pyroMessages(QStringLiteral("pyro4-serpent"), 0, Direction::ClientToServer).at(0);
    QTest::addRow("CONNECT from the client") << requests[0] << QByteArray() << true << 100 << 0 << false << false;
    QTest::addRow("Pyro4 CONNECT") << pyro4Connect << QByteArray() << true << 0 << 100 << false << false;
    QTest::addRow("6 bytes: version 502") << requests[0].left(6) << QByteArray() << true << 0 << 0 << true << false;
    QTest::addRow("39 header bytes") << requests[0].left(39) << QByteArray() << true << 0 << 0 << true << false;
    QTest::addRow("INVOKE first") << requests[1] << QByteArray() << true << 95 << 0 << false << false;
    QTest::addRow("RESULT from the presumed client") << replies[1] << requests[1] << true << 95 << 0 << false << true;
    QTest::addRow("only the daemon spoke") << QByteArray() << replies[0] << true << 90 << 0 << false << false;
    QTest::addRow("mid-stream: tail of a message, then INVOKE")
        << requests[1].mid(45) + requests[1] << QByteArray() << false << 80 << 0 << false << false;
    QByteArray badMagic = requests[0];
    badMagic[39] = 0;
    QTest::addRow("tag and version, wrong magic") << badMagic << QByteArray() << true << 40 << 0 << false << false;
}

void TestPyro5Decoder::probe()
{
    QFETCH(QByteArray, client);
    QFETCH(QByteArray, server);
    QFETCH(bool, startSeen);
    QFETCH(int, pyro5);
    QFETCH(int, pyro4);
    QFETCH(bool, needMore);
    QFETCH(bool, swap);
    ProbeInput in;
    in.client = client;
    in.server = server;
    in.startSeen = startSeen;
    const ProbeResult r5 = Pyro5Decoder().probe(in);
    const ProbeResult r4 = Pyro4Decoder().probe(in);
    QCOMPARE(r5.confidence, pyro5);
    QCOMPARE(r4.confidence, pyro4);
    QCOMPARE(r5.needMoreData, needMore);
    QCOMPARE(r5.swapRoles, swap);
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    const DecoderRegistry::Detection d = registry.detect(in);
    if (pyro5 > 0 || pyro4 > 0)
        QCOMPARE(d.decoder->id(), pyro5 > 0 ? QStringLiteral("pyro5") : QStringLiteral("pyro4"));
}

void TestPyro5Decoder::everyNodeIsDescribedAndInBounds_data()
{
    QTest::addColumn<QString>("capture");
    for (const char* name : {"serpent", "marshal", "json", "msgpack", "extras", "names"})
        QTest::addRow("%s", name) << capture(name);
}

void TestPyro5Decoder::everyNodeIsDescribedAndInBounds()
{
    // The teaching view needs a name, a type, a description and exact bytes for every field of every message.
    QFETCH(QString, capture);
    int messages = 0;
    for (int connection : {0, 1, 2, 3}) {
        for (Direction dir : {Direction::ClientToServer, Direction::ServerToClient}) {
            for (const QByteArray& bytes : test::pyroMessages(capture, connection, dir)) {
                const DecodedMessage m = decode(bytes, dir);
                QVERIFY2(m.problems.empty(), qPrintable(m.problems.empty() ? QString() : m.problems[0].text));
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
    QVERIFY(messages >= 13);
}

QTEST_GUILESS_MAIN(TestPyro5Decoder)
#include "tst_pyro5decoder.moc"
