// Pyro5Decoder on bad input: the named malformed messages of tests/data/pyro5/malformed (made from real messages by
// make_malformed.py) with their error texts and the same problems without a tree, length fields that claim
// gigabytes (skipped by the pipeline, never buffered), and thousands of mutations of the captured messages that
// must never break the decoder.
#include "decoderregistry.h"
#include "pyro/pyro5/pyro5decoder.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyrofixtures.h"
#include "trafficdecoder.h"

#include <QTest>

#include <algorithm>

using namespace rpcscope;

class TestPyro5Malformed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void malformed_data();
    void malformed();
    void deepNestingIsCutNotMalformed();
    void absurdLengthsAreSkippedNotBuffered_data();
    void absurdLengthsAreSkippedNotBuffered();
    void mutatedMessagesNeverBreakTheDecoder();
};

namespace {

DecodedMessage decode(const QByteArray& bytes, Direction dir = Direction::ClientToServer, DecodeOptions options = {})
{
    DecodeContext context;
    context.direction = dir;
    context.options = &options;
    return Pyro5Decoder().decode(bytes, context);
}

QByteArray fixture(const char* name)
{
    return test::readData(QStringLiteral("pyro5/malformed/%1.bin").arg(QLatin1String(name)));
}

const DecoderRegistry& registry()
{
    static const DecoderRegistry r = DecoderRegistry::withBuiltins();
    return r;
}

} // namespace

void TestPyro5Malformed::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("direction");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("method");
    QTest::addRow("truncated header") << fixture("pyro5_truncated_header") << 0
                                      << QStringLiteral("truncated: only 23 of the 40 header bytes") << QString();
    QTest::addRow("truncated message") << fixture("pyro5_truncated_message") << 0
                                       << QStringLiteral("truncated: the message has 105 of its 115 bytes")
                                       << QString();
    QTest::addRow("data length past the bytes")
        << fixture("pyro5_bad_data_length") << 0 << QStringLiteral("truncated: the message has 115 of its 1115 bytes")
        << QString();
    QTest::addRow("data length of 4 GiB")
        << fixture("pyro5_huge_data_length") << 0
        << QStringLiteral("truncated: the message has 115 of its 4294967335 bytes") << QString();
    QTest::addRow("annotation length past its area")
        << fixture("pyro5_bad_annotation_length") << 0
        << QStringLiteral("annotation ABCD claims 100 bytes but only 3 are left in the annotations area")
        << QStringLiteral("get_fortune");
    QTest::addRow("wrong magic number (values still shown)")
        << fixture("pyro5_wrong_magic") << 0
        << QStringLiteral("wrong magic number 0x4dc4 at the end of the header (Pyro5 writes 0x4dc5)")
        << QStringLiteral("get_fortune");
    QTest::addRow("wrong tag") << fixture("pyro5_wrong_tag") << 0
                               << QStringLiteral("wrong magic: the message does not start with \"PYRO\"") << QString();
    QTest::addRow("unknown serializer") << fixture("pyro5_unknown_serializer") << 0
                                        << QStringLiteral("unknown serializer id 9") << QString();
    QTest::addRow("flagged compressed, not zlib")
        << fixture("pyro5_bad_zlib") << 0 << QStringLiteral("corrupt zlib data: incorrect header check") << QString();
    QTest::addRow("RESULT payload cut inside the serpent text")
        << fixture("pyro5_result_cut_payload") << 1 << QStringLiteral("unterminated string literal") << QString();
}

void TestPyro5Malformed::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, direction);
    QFETCH(QString, problem);
    QFETCH(QString, method);
    const Direction dir = static_cast<Direction>(direction);
    const DecodedMessage m = decode(bytes, dir);
    QCOMPARE(m.status, CallStatus::Malformed);
    QCOMPARE(m.protocol, QStringLiteral("pyro5"));
    QStringList problems;
    for (const Problem& p : m.problems)
        problems << p.text;
    QVERIFY2(std::any_of(problems.begin(), problems.end(), [&](const QString& p) { return p.startsWith(problem); }),
             qPrintable(problems.join(QLatin1String(" | "))));
    QVERIFY(m.tree.hasError());
    QCOMPARE(m.method, method);
    QCOMPARE(m.kind, dir == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response);
    // Without a tree the same problems are found.
    DecodeOptions noTree;
    noTree.buildTree = false;
    const DecodedMessage bare = decode(bytes, dir, noTree);
    QCOMPARE(bare.status, CallStatus::Malformed);
    QCOMPARE(bare.problems.size(), m.problems.size());
}

void TestPyro5Malformed::deepNestingIsCutNotMalformed()
{
    // 10,000 nested lists: reading stops at the depth limit, what was read stays, and the call is marked truncated.
    const DecodedMessage m = decode(fixture("pyro5_deep_nesting"));
    QCOMPARE(m.status, CallStatus::Ok);
    QVERIFY(m.truncated());
    QCOMPARE(m.method, QStringLiteral("echo"));
    QVERIFY2(std::any_of(m.problems.begin(), m.problems.end(),
                         [](const Problem& p) {
                             return p.kind == Problem::Kind::Truncated && p.text.contains(QLatin1String("deeper than"));
                         }),
             qPrintable(m.problems.empty() ? QString() : m.problems.front().text));
}

void TestPyro5Malformed::absurdLengthsAreSkippedNotBuffered_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("note");
    QTest::addRow("data size 4 GiB") << fixture("pyro5_huge_data_length").left(40)
                                     << QStringLiteral("Pyro5 message of 4294967335 bytes (data size 4294967295, "
                                                       "annotations 0) exceeds the limit of 67108864 bytes");
    QByteArray annotations = fixture("pyro5_huge_data_length").left(40);
    annotations.replace(12, 8, QByteArray("\x00\x00\x00\x05\xff\xff\xff\x00", 8));
    QTest::addRow("annotations size 4 GiB") << annotations
                                            << QStringLiteral("Pyro5 message of 4294967085 bytes (data size 5, "
                                                              "annotations 4294967040) exceeds the limit of 67108864 "
                                                              "bytes");
}

void TestPyro5Malformed::absurdLengthsAreSkippedNotBuffered()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, note);
    test::CallCollector sink;
    TrafficDecoder traffic(registry(), DecodeOptions {false, {}, {}}, sink);
    traffic.streamOpened(1, {QStringLiteral("127.0.0.1"), 40001}, {QStringLiteral("127.0.0.1"), 9999}, 1.0, true);
    traffic.streamData(1, Direction::ClientToServer, header, 1.0);
    // A megabyte of the claimed payload arrives: it is discarded, not kept.
    const QByteArray chunk(64 * 1024, 'x');
    for (int i = 0; i < 16; ++i)
        traffic.streamData(1, Direction::ClientToServer, chunk, 1.0 + i);
    QVERIFY2(traffic.bufferedBytes() < 64 * 1024, qPrintable(QString::number(traffic.bufferedBytes())));
    traffic.finishAll(20.0);
    QCOMPARE(sink.calls.size(), std::size_t(1));
    QCOMPARE(sink.calls[0].protocol, QStringLiteral("pyro5"));
    QCOMPARE(sink.calls[0].status, CallStatus::Malformed);
    QVERIFY2(sink.calls[0].notes.contains(note), qPrintable(sink.calls[0].notes.join(QLatin1String(" | "))));
    QVERIFY(traffic.stats().skippedBytes >= 16 * chunk.size());
}

void TestPyro5Malformed::mutatedMessagesNeverBreakTheDecoder()
{
    // Every captured message with bytes flipped, cut, duplicated: the decoder reports problems as values and keeps
    // every node inside its buffer (run it under AddressSanitizer to check reads as well).
    std::vector<QByteArray> messages;
    for (const char* name : {"serpent", "marshal", "json", "msgpack", "extras"}) {
        for (Direction dir : {Direction::ClientToServer, Direction::ServerToClient}) {
            for (const QByteArray& m : test::pyroMessages(QStringLiteral("pyro5/pyro5-") + QLatin1String(name), 0, dir))
                messages.push_back(m);
        }
    }
    quint32 seed = 54321;
    auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    const int rounds
        = qEnvironmentVariableIsSet("RPCSCOPE_FUZZ_ROUNDS") ? qEnvironmentVariableIntValue("RPCSCOPE_FUZZ_ROUNDS") : 40;
    int decoded = 0;
    for (const QByteArray& original : messages) {
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
            if (round % 2 == 0 && m.size() >= Pyro5Header::kSize) {
                Pyro5Header h = *Pyro5Header::read(m);
                if (h.annotationsSize <= quint32(m.size() - Pyro5Header::kSize)) {
                    h.dataSize = quint32(m.size() - Pyro5Header::kSize - h.annotationsSize);
                    h.version = Pyro5Header::kVersion;
                    m.replace(0, Pyro5Header::kSize, h.toBytes());
                }
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
            const bool malformed = std::any_of(d.problems.begin(), d.problems.end(),
                                               [](const Problem& p) { return p.kind == Problem::Kind::Malformed; });
            QCOMPARE(d.status == CallStatus::Malformed, malformed);
        }
    }
    QVERIFY(decoded > 1000);
}

QTEST_GUILESS_MAIN(TestPyro5Malformed)
#include "tst_pyro5malformed.moc"
