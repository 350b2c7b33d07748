// Pyro4Decoder on bad input: named malformed messages with their error texts (and the same problems without a
// tree), length fields that claim gigabytes (skipped, never buffered), a pickle that would run code (shown, never
// run), and thousands of mutations of the captured messages that must never break the decoder.
#include "decoderregistry.h"
#include "jsonwriter.h"
#include "pyro/pyro4/pyro4decoder.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyropayload.h"
#include "pyrofixtures.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QTest>

#include <algorithm>

using namespace rpcscope;

class TestPyro4Malformed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void malformed_data();
    void malformed();
    void absurdLengthsAreSkippedNotBuffered_data();
    void absurdLengthsAreSkippedNotBuffered();
    void importingPickleIsShownNeverRun();
    void mutatedMessagesNeverBreakTheDecoder();
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

void TestPyro4Malformed::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("direction");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("method");
    const QByteArray invoke = test::pyroMessages(QStringLiteral("pyro4-serpent"), 0, Direction::ClientToServer).at(1);
    QTest::addRow("truncated header") << invoke.left(10) << 0
                                      << QStringLiteral("truncated: only 10 of the 24 header bytes") << QString();
    QTest::addRow("truncated frame") << invoke.left(60) << 0
                                     << QStringLiteral("truncated: the message has 60 of its 99 bytes") << QString();
    QByteArray magic = invoke;
    magic.replace(0, 4, "PYRX");
    QTest::addRow("wrong magic") << magic << 0
                                 << QStringLiteral("wrong magic: the message does not start with \"PYRO\"")
                                 << QString();
    QByteArray checksum = invoke;
    checksum[22] = 0x12;
    checksum[23] = 0x34;
    QTest::addRow("bad checksum (values still shown)")
        << checksum << 0 << QStringLiteral("header checksum mismatch: 0x1234, expected 0x356a")
        << QStringLiteral("get_fortune");
    QTest::addRow("corrupt zlib") << test::pyro4Message(pyro4::MsgResult, pyro4::FlagCompressed, 1, 1,
                                                        "not zlib at all")
                                  << 1 << QStringLiteral("corrupt zlib data: incorrect header check") << QString();
    QTest::addRow("truncated zlib") << test::pyro4Message(pyro4::MsgResult, pyro4::FlagCompressed, 1, 1,
                                                          PyroPayload::deflate(serpent("'x'")).chopped(3))
                                    << 1 << QStringLiteral("zlib data ends before the end of the compressed stream")
                                    << QString();
    QTest::addRow("unknown serializer") << test::pyro4Message(pyro4::MsgInvoke, 0, 1, 99, "??") << 0
                                        << QStringLiteral("unknown serializer id 99") << QString();
    QTest::addRow("bytes after the message")
        << invoke + "junk" << 0 << QStringLiteral("4 bytes after the end of the message")
        << QStringLiteral("get_fortune");
    QTest::addRow("INVOKE that is not a call")
        << test::pyro4Message(4, 0, 1, 1, serpent("['just','a','list']")) << 0
        << QStringLiteral("INVOKE payload is not (object, method, args, kwargs)") << QString();
    QTest::addRow("unknown message type") << test::pyro4Message(9, 0, 1, 1, serpent("None")) << 0
                                          << QStringLiteral("unknown message type 9") << QString();
    QByteArray version = invoke;
    version[5] = 0x31;
    QTest::addRow("protocol version 49") << version << 0
                                         << QStringLiteral("unsupported protocol version 49 (Pyro4 is 48)")
                                         << QString();
}

void TestPyro4Malformed::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, direction);
    QFETCH(QString, problem);
    QFETCH(QString, method);
    const Direction dir = static_cast<Direction>(direction);
    const DecodedMessage m = decode(bytes, dir);
    QCOMPARE(m.status, CallStatus::Malformed);
    QStringList problems;
    for (const Problem& p : m.problems)
        problems << p.text;
    QVERIFY2(problems.contains(problem), qPrintable(problems.join(QLatin1String(" | "))));
    QVERIFY(m.tree.hasError());
    QCOMPARE(m.method, method);
    QCOMPARE(m.kind, dir == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response);
    // Without a tree the same problem is found.
    DecodeOptions noTree;
    noTree.buildTree = false;
    const DecodedMessage bare = decode(bytes, dir, noTree);
    QCOMPARE(bare.status, CallStatus::Malformed);
    QCOMPARE(bare.problems.size(), m.problems.size());
}

void TestPyro4Malformed::absurdLengthsAreSkippedNotBuffered_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("note");
    Pyro4Header h;
    h.type = pyro4::MsgInvoke;
    h.serializerId = 1;
    h.dataSize = 0x7FFFFFFF;
    QTest::addRow("Pyro4 data size 2 GiB") << h.toBytes()
                                           << QStringLiteral("Pyro4 message of 2147483671 bytes (data size 2147483647) "
                                                             "exceeds the limit of 67108864 bytes");
    QByteArray pyro5(40, '\0');
    pyro5.replace(0, 4, "PYRO");
    pyro5[4] = 0x01;
    pyro5[5] = char(0xF6);
    pyro5[6] = 1;
    pyro5.replace(12, 4, QByteArray(4, char(0xFF)));
    pyro5[38] = 0x4D;
    pyro5[39] = char(0xC5);
    QTest::addRow("Pyro5 data size 4 GiB") << pyro5
                                           << QStringLiteral("Pyro5 message of 4294967335 bytes (data size 4294967295, "
                                                             "annotations 0) exceeds the limit of 67108864 bytes");
}

void TestPyro4Malformed::absurdLengthsAreSkippedNotBuffered()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, note);
    test::CallCollector sink;
    TrafficDecoder traffic(registry(), DecodeOptions {false, {}, {}}, sink);
    traffic.streamOpened(1, kClient, kServer, 1.0, true);
    traffic.streamData(1, Direction::ClientToServer, header, 1.0);
    // A megabyte of the claimed payload arrives: it is discarded, not kept.
    const QByteArray chunk(64 * 1024, 'x');
    for (int i = 0; i < 16; ++i)
        traffic.streamData(1, Direction::ClientToServer, chunk, 1.0 + i);
    QVERIFY2(traffic.bufferedBytes() < 64 * 1024, qPrintable(QString::number(traffic.bufferedBytes())));
    traffic.finishAll(20.0);
    QCOMPARE(sink.calls.size(), std::size_t(1));
    QCOMPARE(sink.calls[0].status, CallStatus::Malformed);
    QVERIFY2(sink.calls[0].notes.contains(note), qPrintable(sink.calls[0].notes.join(QLatin1String(" | "))));
    QVERIFY(traffic.stats().skippedBytes >= 16 * chunk.size());
}

void TestPyro4Malformed::importingPickleIsShownNeverRun()
{
    // A pickle INVOKE whose argument would run os.system when a real daemon unpickled it.
    const QByteArray pickle = "(S'example.greeting'\nS'get_fortune'\n(cos\nsystem\n(S'echo pwned'\ntRt(dt.";
    const DecodedMessage m = decode(test::pyro4Message(pyro4::MsgInvoke, 0, 1, pyro4::SerPickle, pickle));
    QVERIFY2(m.problems.empty(), m.problems.empty() ? "" : qPrintable(m.problems.front().text));
    QCOMPARE(m.method, QStringLiteral("get_fortune"));
    const RpcValue& arg = m.params.toArray().at(0);
    QCOMPARE(arg.tag(), QStringLiteral("os.system"));
    QCOMPARE(toJson(arg), QByteArray("{\"__class__\":\"os.system\",\"args\":[\"echo pwned\"]}"));
    const DecodeNode* global = m.tree.findFirst(u"GLOBAL");
    QVERIFY(global);
    QCOMPARE(global->value, QStringLiteral("os system"));
    QVERIFY(m.tree.findFirst(u"REDUCE"));
    QCOMPARE(m.tree.find(u"payload/value/params/param[0]")->type, QStringLiteral("os.system"));
}

void TestPyro4Malformed::mutatedMessagesNeverBreakTheDecoder()
{
    // Every captured message with bytes flipped, cut, duplicated: the decoder reports problems as values and keeps
    // every node inside its buffer (run it under AddressSanitizer to check reads as well).
    std::vector<QByteArray> messages;
    for (const char* name :
         {"pyro4-serpent", "pyro4-json", "pyro4-marshal", "pyro4-pickle", "pyro4-msgpack", "pyro4-extras"}) {
        for (Direction dir : {Direction::ClientToServer, Direction::ServerToClient}) {
            for (const QByteArray& m : test::pyroMessages(QString::fromLatin1(name), 0, dir))
                messages.push_back(m);
        }
    }
    quint32 seed = 12345;
    auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    int decoded = 0;
    for (const QByteArray& original : messages) {
        // RPCSCOPE_FUZZ_ROUNDS raises the number of mutations per message for a longer run.
        const int rounds = qEnvironmentVariableIsSet("RPCSCOPE_FUZZ_ROUNDS")
            ? qEnvironmentVariableIntValue("RPCSCOPE_FUZZ_ROUNDS")
            : 60;
        for (int round = 0; round < rounds; ++round) {
            QByteArray m = original;
            const int edits = 1 + int(next() % 4);
            for (int e = 0; e < edits && !m.isEmpty(); ++e) {
                const qsizetype at = qsizetype(next() % quint32(m.size()));
                switch (next() % 4) {
                case 0:
                    m[at] = char(m[at] ^ (1 << (next() % 8)));
                    break;
                case 1:
                    m.truncate(at);
                    break;
                case 2:
                    m.insert(at, m.mid(at, qsizetype(next() % 16)));
                    break;
                default:
                    m[at] = char(next());
                    break;
                }
            }
            // Keep the header consistent half of the time so the payload readers get the damaged bytes.
            if (round % 2 == 0 && m.size() >= 24) {
                Pyro4Header h = *Pyro4Header::read(m);
                h.dataSize = qint32(m.size() - 24 - h.annotationsSize);
                if (h.dataSize >= 0)
                    m.replace(0, 24, h.toBytes());
            }
            const DecodedMessage d = decode(m, round % 3 ? Direction::ClientToServer : Direction::ServerToClient);
            ++decoded;
            std::vector<const DecodeNode*> todo {&d.tree};
            while (!todo.empty()) {
                const DecodeNode* n = todo.back();
                todo.pop_back();
                if (n->hasBytes()) {
                    QVERIFY(std::size_t(n->buffer) < d.buffers.size());
                    QVERIFY2(n->end() <= d.buffers[n->buffer].size(),
                             qPrintable(QStringLiteral("%1 [%2,%3] past the %4 bytes of %5")
                                            .arg(n->name)
                                            .arg(n->offset)
                                            .arg(n->length)
                                            .arg(d.buffers[n->buffer].size())
                                            .arg(QString::fromLatin1(m.toHex()))));
                }
                for (const DecodeNode& c : n->children)
                    todo.push_back(&c);
            }
            // Only malformed problems make a malformed message; cuts and lenient readings leave the status.
            const bool malformed = std::any_of(d.problems.begin(), d.problems.end(),
                                               [](const Problem& p) { return p.kind == Problem::Kind::Malformed; });
            QCOMPARE(d.status == CallStatus::Malformed, malformed);
        }
    }
    QVERIFY(decoded > 1000);
}

QTEST_GUILESS_MAIN(TestPyro4Malformed)
#include "tst_pyro4malformed.moc"
