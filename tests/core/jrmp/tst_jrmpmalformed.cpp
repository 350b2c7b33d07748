// The JRMP decoder on input it must survive: malformed messages (each problem with its text and offset), the
// malformed fixtures, sound trees for every captured message, and mutated messages that must neither crash nor
// produce nodes outside their bytes.
#include "jrmpdecodertesting.h"

#include <QRandomGenerator>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

class TestJrmpMalformed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void malformed_data();
    void malformed();
    void malformedFixtures_data();
    void malformedFixtures();
    void allCapturedMessagesHaveSoundTrees();
    void mutatedMessagesAreSafe();
};

void TestJrmpMalformed::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("direction");
    QTest::addColumn<QStringList>("problems");
    QTest::addRow("truncated call argument")
        << kLookupCall.left(46) << 0
        << QStringList {QStringLiteral("the data ends inside a string of 5 bytes (2 available) @44")};
    QTest::addRow("truncated call header")
        << kLookupCall.left(20) << 0
        << QStringList {
               QStringLiteral("the data ends inside a block of 34 bytes (13 present) @20"),
               QStringLiteral("the call header (ObjID, operation, hash: 34 bytes of block data) is incomplete @7")};
    QTest::addRow("wrong stream magic") << hex("50 acee0005 7722") << 0
                                        << QStringList {QStringLiteral("stream magic is 0xacee, not 0xACED @1")};
    QTest::addRow("call byte only") << hex("50") << 0
                                    << QStringList {QStringLiteral(
                                           "the data ends inside the stream header (magic AC ED, version 00 05) @1")};
    QTest::addRow("unknown return type") << hex("51 aced0005 770f 03 2c676f28 000001a20b83e94c 8003") << 1
                                         << QStringList {QStringLiteral(
                                                "unknown return type 3 (expected 1 normal or 2 exceptional) @7")};
    QTest::addRow("exceptional return without exception")
        << hex("51 aced0005 770f 02 2c676f28 000001a20b83e94c 8003") << 1
        << QStringList {QStringLiteral("exceptional return without the exception object @22")};
    QTest::addRow("bytes after the stream")
        << kLookupCall + hex("00 01") << 0
        << QStringList {QStringLiteral("2 bytes after the end of the serialization stream (at byte 49) @49")};
    QTest::addRow("unknown client message")
        << hex("99 01 02") << 0 << QStringList {QStringLiteral("0x99 is not a JRMP client message type @0")};
    QTest::addRow("unknown server message")
        << hex("50") << 1 << QStringList {QStringLiteral("0x50 is not a JRMP server message type @0")};
    QTest::addRow("short JRMI header") << hex("4a524d49 00") << 0
                                       << QStringList {QStringLiteral("the JRMI header is 5 of 7 bytes @5")};
    QTest::addRow("absurd array in a call")
        << hex("50 aced0005 7722 0000000000000002 00000000 0000000000000000 0000 00000001 f6b6898d8bf28643 "
               "75 72 0002 5b49 0000000000000001 02 0000 78 70 7fffffff")
        << 0
        << QStringList {QStringLiteral("array of 2147483647 int values (8589934588 bytes) exceeds the message limit of "
                                       "67108864 bytes @60")};
}

void TestJrmpMalformed::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, direction);
    QFETCH(QStringList, problems);
    const DecodedMessage m = decode(bytes, static_cast<Direction>(direction));
    QCOMPARE(m.status, CallStatus::Malformed);
    QCOMPARE(::problems(m), problems);
    // Each problem is an error node in the tree, and the tree stays within the bytes.
    int errors = 0;
    std::vector<const DecodeNode*> stack {&m.tree};
    while (!stack.empty()) {
        const DecodeNode* n = stack.back();
        stack.pop_back();
        errors += n->error ? 1 : 0;
        for (const DecodeNode& c : n->children)
            stack.push_back(&c);
    }
    QCOMPARE(errors, problems.size());
    QStringList bad;
    checkRanges(m.tree, bytes.size(), nullptr, bad);
    QCOMPARE(bad, QStringList());
}

void TestJrmpMalformed::malformedFixtures_data()
{
    // Named malformed messages derived from hello.pcap by tests/data/jrmp/malformed/make-malformed.py. The nested
    // arrays start after the 41-byte call header: the first (with its class descriptor) takes 40 bytes, each further
    // one 10, so the array at depth 257 starts at 41 + 40 + 256 * 10 = 2641.
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("direction");
    QTest::addColumn<QStringList>("problems");
    QTest::addRow("truncated header")
        << "call_truncated_header" << 0
        << QStringList {QStringLiteral("the data ends inside a block of 34 bytes (13 present) @20"),
                        QStringLiteral("the call header (ObjID, operation, hash: 34 bytes of "
                                       "block data) is incomplete @7")};
    QTest::addRow("bad length") << "call_bad_length" << 0
                                << QStringList {QStringLiteral(
                                       "the data ends inside a string of 65535 bytes (5 available) @44")};
    QTest::addRow("wrong stream magic") << "call_wrong_magic" << 0
                                        << QStringList {QStringLiteral("stream magic is 0xacee, not 0xACED @1")};
    QTest::addRow("wrong JRMI magic") << "header_wrong_magic" << 0
                                      << QStringList {QStringLiteral("0x4a is not a JRMP client message type @0")};
    QTest::addRow("deep nesting") << "call_deep_nesting" << 0
                                  << QStringList {QStringLiteral("nesting deeper than 256 levels @2641")};
    QTest::addRow("absurd array length in a return")
        << "return_bad_array_length" << 1
        << QStringList {QStringLiteral("array of 2147483647 int values (8589934588 bytes) exceeds the message limit of "
                                       "67108864 bytes @41")};
}

void TestJrmpMalformed::malformedFixtures()
{
    QFETCH(QString, file);
    QFETCH(int, direction);
    QFETCH(QStringList, problems);
    const QByteArray bytes = test::readData(QStringLiteral("jrmp/malformed/%1.bin").arg(file));
    QVERIFY(!bytes.isEmpty());
    const DecodedMessage m = decode(bytes, static_cast<Direction>(direction));
    QCOMPARE(m.status, CallStatus::Malformed);
    QCOMPARE(::problems(m), problems);
    QStringList bad;
    checkRanges(m.tree, bytes.size(), nullptr, bad);
    QCOMPARE(bad, QStringList());
    if (file == QLatin1String("call_deep_nesting")) {
        // Named and partly decoded up to the limit.
        QCOMPARE(m.method, QStringLiteral("lookup"));
        QVERIFY(m.tree.find(u"arg[0]"));
    }
}

void TestJrmpMalformed::allCapturedMessagesHaveSoundTrees()
{
    for (const test::ReplayedConnection& c : test::helloConnections()) {
        const DecodedMessage* lastRequest = nullptr;
        std::vector<DecodedMessage> requests;
        requests.reserve(c.segments.size());
        for (const auto& [dir, bytes] : c.segments) {
            const DecodedMessage m
                = decode(bytes, dir, dir == Direction::ServerToClient ? lastRequest : nullptr, helloTable());
            QVERIFY2(m.status != CallStatus::Malformed, qPrintable(problems(m).join(QLatin1Char(';'))));
            QStringList bad;
            checkRanges(m.tree, bytes.size(), nullptr, bad);
            QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char(';'))));
            QCOMPARE(m.tree.offset, 0);
            QCOMPARE(m.tree.length, bytes.size());
            if (dir == Direction::ClientToServer) {
                requests.push_back(m);
                lastRequest = &requests.back();
            }
        }
    }
}

void TestJrmpMalformed::mutatedMessagesAreSafe()
{
    // Every captured message with random bytes overwritten or cut short: decoding never fails hard and every node
    // stays inside the bytes. The seed is fixed so a failure can be reproduced.
    QRandomGenerator random(20240601);
    const auto table = helloTable();
    int decoded = 0;
    for (const test::ReplayedConnection& c : test::helloConnections()) {
        for (const auto& [dir, original] : c.segments) {
            for (int round = 0; round < 60; ++round) {
                QByteArray bytes = original;
                const int edits = 1 + int(random.bounded(3));
                for (int e = 0; e < edits; ++e)
                    bytes[qsizetype(random.bounded(quint32(bytes.size())))] = char(random.bounded(256));
                if (round % 4 == 3)
                    bytes.truncate(qsizetype(random.bounded(quint32(bytes.size()))) + 1);
                const DecodedMessage m = decode(bytes, dir, nullptr, table, round % 2 == 0);
                QStringList bad;
                checkRanges(m.tree, bytes.size(), nullptr, bad);
                if (!bad.isEmpty())
                    QFAIL(qPrintable(
                        QStringLiteral("%1: %2").arg(QString::fromLatin1(bytes.toHex()), bad.join(QLatin1Char(';')))));
                ++decoded;
            }
        }
    }
    QVERIFY(decoded > 2000);
}

QTEST_GUILESS_MAIN(TestJrmpMalformed)
#include "tst_jrmpmalformed.moc"
