// PyroFramer: Pyro4 messages cut by 24 + annotations + data, Pyro5 ones by 40 (38 in protocol 501) + annotations
// + data, both versions on one stream; partial headers wait; absurd sizes are skipped with a reason and never
// buffered; resynchronisation needs "PYRO", the version and a valid checksum (Pyro4) or magic number (Pyro5): the
// tag alone is not enough.
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroframer.h"
#include "pyrofixtures.h"

#include <QTest>
#include <QtEndian>

using namespace rpcscope;

class TestPyroFramer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cuts_data();
    void cuts();
    void resync_data();
    void resync();
};

namespace {
QByteArray message(quint16 seq, const QByteArray& payload = QByteArray("# serpent utf-8 python3.2\n'x'"))
{
    return test::pyro4Message(pyro4::MsgInvoke, 0, seq, pyro4::SerSerpent, payload);
}

QByteArray headerWithSize(quint32 dataSize)
{
    Pyro4Header h;
    h.type = pyro4::MsgResult;
    h.serializerId = pyro4::SerSerpent;
    h.dataSize = static_cast<qint32>(dataSize);
    return h.toBytes();
}

QByteArray pyro5Header(quint32 dataSize, quint32 annotationsSize = 0)
{
    QByteArray h(40, '\0');
    h.replace(0, 4, "PYRO");
    qToBigEndian<quint16>(502, h.data() + 4);
    h[6] = 4;
    h[7] = 1;
    qToBigEndian<quint32>(dataSize, h.data() + 12);
    qToBigEndian<quint32>(annotationsSize, h.data() + 16);
    qToBigEndian<quint16>(0x4DC5, h.data() + 38);
    return h;
}

// Protocol 501 (Pyro5 5.0 and 5.1): 38 bytes, the annotations size in 16 bits at 16, the magic at 36.
QByteArray pyro501Header(quint32 dataSize, quint16 annotationsSize)
{
    QByteArray h(38, '\0');
    h.replace(0, 4, "PYRO");
    qToBigEndian<quint16>(501, h.data() + 4);
    h[6] = 4;
    h[7] = 1;
    qToBigEndian<quint32>(dataSize, h.data() + 12);
    qToBigEndian<quint16>(annotationsSize, h.data() + 16);
    qToBigEndian<quint16>(0x4DC5, h.data() + 36);
    return h;
}
} // namespace

void TestPyroFramer::cuts_data()
{
    QTest::addColumn<QByteArray>("pending");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("length");
    QTest::addColumn<QString>("reason");
    using K = FrameCut::Kind;
    const QByteArray one = message(1);
    QTest::addRow("whole message") << one << int(K::Message) << qint64(one.size()) << QString();
    QTest::addRow("two messages: the first") << one + message(2) << int(K::Message) << qint64(one.size()) << QString();
    QTest::addRow("3 bytes of magic") << QByteArray("PYR") << int(K::NeedMore) << qint64(0) << QString();
    QTest::addRow("23 header bytes") << one.left(23) << int(K::NeedMore) << qint64(0) << QString();
    QTest::addRow("header without all data") << one.left(one.size() - 1) << int(K::NeedMore) << qint64(0) << QString();
    QTest::addRow("garbage before a message")
        << QByteArray("junk") + one << int(K::Skip) << qint64(4) << QStringLiteral("bytes that are not a Pyro message");
    QTest::addRow("garbage only") << QByteArray(100, 'z') << int(K::Skip) << qint64(100)
                                  << QStringLiteral("bytes that are not a Pyro message");
    QTest::addRow("garbage ending in the start of a magic")
        << QByteArray("zzzzPY") << int(K::Skip) << qint64(4) << QStringLiteral("bytes that are not a Pyro message");
    const QByteArray huge = headerWithSize(0x7FFFFFFF) + "tail";
    QTest::addRow("2 GiB data size") << huge << int(K::Skip) << qint64(24) + 0x7FFFFFFF
                                     << QStringLiteral("Pyro4 message of 2147483671 bytes (data size 2147483647) "
                                                       "exceeds the limit of 67108864 bytes");
    QTest::addRow("data size 0xFFFFFFFF is negative") << headerWithSize(0xFFFFFFFF) + one << int(K::Skip) << qint64(24)
                                                      << QStringLiteral("Pyro4 header with negative data size -1");
    QByteArray badChecksum = one;
    badChecksum[23] = char(badChecksum[23] ^ 0x40);
    QTest::addRow("bad checksum, plausible sizes") << badChecksum << int(K::Message) << qint64(one.size()) << QString();
    QByteArray badHuge = headerWithSize(0x7FFFFFFF);
    badHuge[23] = char(badHuge[23] ^ 0x40);
    QTest::addRow("bad checksum, absurd size") << badHuge + one << int(K::Skip) << qint64(24)
                                               << QStringLiteral("Pyro4 header with a bad checksum and an implausible "
                                                                 "size");
    QByteArray version = one;
    version[5] = 0x31;
    QTest::addRow("version 49") << version << int(K::Skip) << qint64(version.size())
                                << QStringLiteral("\"PYRO\" with unsupported protocol version 49");
    QTest::addRow("Pyro5 message") << pyro5Header(5) + "hello" << int(K::Message) << qint64(45) << QString();
    QTest::addRow("Pyro5 with annotations") << pyro5Header(5, 13) + "ABCD" + QByteArray("\0\0\0\5", 4) + "hellohello"
                                            << int(K::Message) << qint64(58) << QString();
    QTest::addRow("Pyro5 then Pyro4") << pyro5Header(5) + "hello" + one << int(K::Message) << qint64(45) << QString();
    QTest::addRow("39 Pyro5 header bytes") << pyro5Header(5).left(39) << int(K::NeedMore) << qint64(0) << QString();
    QTest::addRow("Pyro5 without all data") << pyro5Header(5) + "hell" << int(K::NeedMore) << qint64(0) << QString();
    QTest::addRow("Pyro5 with 4 GiB of data")
        << pyro5Header(0xFFFFFFFF) << int(K::Skip) << qint64(40) + 0xFFFFFFFFLL
        << QStringLiteral("Pyro5 message of 4294967335 bytes (data size 4294967295, annotations 0) exceeds the limit "
                          "of 67108864 bytes");
    QTest::addRow("Pyro5 with 4 GiB of annotations")
        << pyro5Header(0, 0xFFFFFFFF) << int(K::Skip) << qint64(40) + 0xFFFFFFFFLL
        << QStringLiteral("Pyro5 message of 4294967335 bytes (data size 0, annotations 4294967295) exceeds the limit "
                          "of 67108864 bytes");
    QByteArray wrongMagic = pyro5Header(5) + "hello";
    wrongMagic[39] = 0;
    QTest::addRow("Pyro5 wrong magic, plausible sizes") << wrongMagic << int(K::Message) << qint64(45) << QString();
    QByteArray wrongMagicHuge = pyro5Header(0xFFFFFF00);
    wrongMagicHuge[39] = 0;
    QTest::addRow("Pyro5 wrong magic, absurd size") << wrongMagicHuge + one << int(K::Skip) << qint64(40)
                                                    << QStringLiteral("a Pyro5 header without its magic 0x4DC5");
    QTest::addRow("protocol 501") << pyro501Header(5, 2) + "xyhello" << int(K::Message) << qint64(45) << QString();
}

void TestPyroFramer::cuts()
{
    QFETCH(QByteArray, pending);
    QFETCH(int, kind);
    QFETCH(qint64, length);
    QFETCH(QString, reason);
    PyroFramer framer;
    const DecodeLimits limits;
    FrameHints hints;
    hints.limits = &limits;
    const FrameCut cut = framer.cut(Direction::ClientToServer, pending, hints);
    QCOMPARE(int(cut.kind), kind);
    QCOMPARE(cut.length, length);
    QCOMPARE(cut.reason, reason);
}

void TestPyroFramer::resync_data()
{
    QTest::addColumn<QByteArray>("pending");
    QTest::addColumn<qint64>("start");
    const QByteArray one = message(5);
    QTest::addRow("at the start") << one << qint64(0);
    QTest::addRow("after the tail of a message") << one.mid(30) + one << qint64(one.size() - 30);
    // A payload that itself contains "PYRO" and even "PYRO\0\x30": only a checksum that adds up counts.
    const QByteArray decoy = message(6, QByteArray("# serpent utf-8 python3.2\n'PYRO\x00\x30\x00\x04 tricky PYRO'"));
    QTest::addRow("magic inside a payload") << decoy.mid(24) + one << qint64(decoy.size() - 24);
    QTest::addRow("no message start") << QByteArray("PYRO but nothing else of a header, PYRO") << qint64(-1);
    QTest::addRow("Pyro5 header") << QByteArray("xx") + pyro5Header(0) << qint64(2);
    QByteArray noMagic = pyro5Header(0);
    noMagic[38] = 0;
    QTest::addRow("Pyro5 header without its magic, then Pyro4") << noMagic + one << qint64(40);
    QTest::addRow("protocol 501 header") << QByteArray("x") + pyro501Header(0, 0) << qint64(1);
}

void TestPyroFramer::resync()
{
    QFETCH(QByteArray, pending);
    QFETCH(qint64, start);
    PyroFramer framer;
    QCOMPARE(framer.resync(Direction::ServerToClient, pending), start);
}

QTEST_GUILESS_MAIN(TestPyroFramer)
#include "tst_pyroframer.moc"
