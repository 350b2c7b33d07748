// Pyro4Header: the 24-byte header read field by field, its checksum computed exactly as Pyro4 4.82 computes it
// (checked against Pyro4's own Message.to_bytes), the tree of header fields with their byte ranges, and problems.
#include "decodenode.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyrofixtures.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace rpcscope;

class TestPyro4Header : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesPyroHeaders_data();
    void matchesPyroHeaders();
    void capturedInvoke();
    void validity_data();
    void validity();
    void problems_data();
    void problems();
    void tree();
    void names();
};

void TestPyro4Header::matchesPyroHeaders_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("flags");
    QTest::addColumn<int>("seq");
    QTest::addColumn<int>("serializer");
    QTest::addColumn<int>("dataSize");
    QTest::addColumn<int>("annotationsSize");
    QTest::addColumn<QByteArray>("pyroHeader");
    // type, flags, seq, serializer, data size, annotation value sizes
    const QJsonArray cases = {
        QJsonArray {1, 0x10, 0, 1, 75, 0},
        QJsonArray {4, 0, 1, 1, 75, 0},
        QJsonArray {5, 0, 1, 1, 110, 16},
        QJsonArray {5, 0x0b, 65535, 4, 70000, 16},
        QJsonArray {6, 0, 0, 42, 4, 0},
        QJsonArray {3, 0, 0, 3, 49, 0},
        QJsonArray {4, 0x7f, 40000, 6, 100000000, 300},
    };
    const QJsonArray out
        = test::runPythonJson(
              QStringLiteral("import json, sys\n"
                             "from Pyro4.message import Message\n"
                             "out = []\n"
                             "for t, f, seq, ser, size, ann in json.loads(sys.stdin.read()):\n"
                             "    m = Message(t, b'', ser, f, seq, {'XXXX': b'a' * ann} if ann else None)\n"
                             "    m.data_size = size\n"
                             "    out.append(m.to_bytes()[:24].hex())\n"
                             "print(json.dumps(out))\n"),
              cases)
              .toArray();
    QCOMPARE(out.size(), cases.size());
    for (qsizetype i = 0; i < cases.size(); ++i) {
        const QJsonArray c = cases[i].toArray();
        const int annotations = c[5].toInt() ? c[5].toInt() + 6 : 0;
        QTest::addRow("type %d flags 0x%02x seq %d ser %d size %d", c[0].toInt(), c[1].toInt(), c[2].toInt(),
                      c[3].toInt(), c[4].toInt())
            << c[0].toInt() << c[1].toInt() << c[2].toInt() << c[3].toInt() << c[4].toInt() << annotations
            << QByteArray::fromHex(out[i].toString().toLatin1());
    }
}

void TestPyro4Header::matchesPyroHeaders()
{
    QFETCH(int, type);
    QFETCH(int, flags);
    QFETCH(int, seq);
    QFETCH(int, serializer);
    QFETCH(int, dataSize);
    QFETCH(int, annotationsSize);
    QFETCH(QByteArray, pyroHeader);
    Pyro4Header h;
    h.type = static_cast<quint16>(type);
    h.flags = static_cast<quint16>(flags);
    h.seq = static_cast<quint16>(seq);
    h.serializerId = static_cast<quint16>(serializer);
    h.dataSize = dataSize;
    h.annotationsSize = static_cast<quint16>(annotationsSize);
    QCOMPARE(h.toBytes().toHex(), pyroHeader.toHex());
    const auto read = Pyro4Header::read(pyroHeader);
    QVERIFY(read);
    QVERIFY(read->checksumValid());
    QCOMPARE(read->dataSize, dataSize);
    QCOMPARE(read->frameLength(), 24 + annotationsSize + qint64(dataSize));
}

void TestPyro4Header::capturedInvoke()
{
    // get_fortune("letian") as sent by the real client: 50 59 52 4f 00 30 00 04 00 00 00 01 00 00 00 4b ...
    const QByteArray invoke = test::pyroMessages(QStringLiteral("pyro4-serpent"), 0, Direction::ClientToServer).at(1);
    const Pyro4Header h = *Pyro4Header::read(invoke);
    QVERIFY(h.hasMagic());
    QCOMPARE(h.version, quint16(48));
    QCOMPARE(h.type, quint16(pyro4::MsgInvoke));
    QCOMPARE(h.flags, quint16(0));
    QCOMPARE(h.seq, quint16(1));
    QCOMPARE(h.dataSize, 75);
    QCOMPARE(h.serializerId, quint16(pyro4::SerSerpent));
    QCOMPARE(h.annotationsSize, quint16(0));
    QCOMPARE(h.reserved, quint16(0));
    QCOMPARE(h.checksum, quint16(0x356A));
    QCOMPARE(h.expectedChecksum(), quint16(0x356A));
    QCOMPARE(h.frameLength(), invoke.size());
}

void TestPyro4Header::validity_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    const QByteArray good = test::pyro4Message(pyro4::MsgInvoke, 0, 1, 1, QByteArray(75, 'x')).left(24);
    QTest::addRow("good header") << good << true;
    QTest::addRow("23 bytes") << good.left(23) << false;
    QByteArray magic = good;
    magic[0] = 'p';
    QTest::addRow("wrong magic") << magic << false;
    QByteArray version = good;
    version[5] = 0x31;
    QTest::addRow("version 49") << version << false;
    QByteArray checksum = good;
    checksum[23] = char(checksum[23] ^ 1);
    QTest::addRow("checksum off by one bit") << checksum << false;
    QByteArray seq = good;
    seq[11] = 2;
    QTest::addRow("seq changed, checksum not") << seq << false;
}

void TestPyro4Header::validity()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(Pyro4Header::isValidAt(bytes), valid);
}

void TestPyro4Header::problems_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("good") << test::pyro4Message(4, 0, 1, 1, "x").left(24) << QStringList();
    QTest::addRow("bad checksum") << test::pyro4Message(4, 0, 1, 1, QByteArray(75, 'x'), {}, 0x1234).left(24)
                                  << QStringList {QStringLiteral("header checksum mismatch: 0x1234, expected 0x356a")};
    QByteArray magic = test::pyro4Message(4, 0, 1, 1, "x").left(24);
    magic.replace(0, 4, "HTTP");
    QTest::addRow("wrong magic") << magic
                                 << QStringList {
                                        QStringLiteral("wrong magic: the message does not start with \"PYRO\"")};
    QByteArray pyro5 = test::pyro4Message(4, 0, 1, 1, "x").left(24);
    pyro5[4] = 0x01;
    pyro5[5] = char(0xF6);
    QTest::addRow("Pyro5 version") << pyro5
                                   << QStringList {QStringLiteral("unsupported protocol version 502 (Pyro4 is 48)"),
                                                   QStringLiteral("header checksum mismatch: 0x3520, expected 0x36e6")};
    Pyro4Header negative;
    negative.type = 4;
    negative.dataSize = -1;
    QTest::addRow("negative size") << negative.toBytes() << QStringList {QStringLiteral("negative data size -1")};
}

void TestPyro4Header::problems()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expected);
    QStringList texts;
    for (const Problem& p : Pyro4Header::read(bytes)->problems())
        texts << p.text;
    QCOMPARE(texts, expected);
}

void TestPyro4Header::tree()
{
    const QByteArray bytes
        = test::pyro4Message(pyro4::MsgResult, 0x0b, 7, pyro4::SerPickle, QByteArray(10, 'x'), {}, 0x1234);
    DecodeNode root;
    Pyro4Header::read(bytes)->addTree(root, 0);
    const DecodeNode* header = root.find(u"header");
    QVERIFY(header);
    QCOMPARE(header->length, 24);
    struct Field
    {
        const char* name;
        const char* value;
        qint64 offset;
        qint64 length;
    };
    const Field fields[] = {
        {"header.magic", "\"PYRO\"", 0, 4},
        {"header.version", "48", 4, 2},
        {"header.type", "5 (RESULT)", 6, 2},
        {"header.flags", "0x000b (EXCEPTION|COMPRESSED|BATCH)", 8, 2},
        {"header.seq", "7", 10, 2},
        {"header.dataSize", "10", 12, 4},
        {"header.serializer", "4 (pickle)", 16, 2},
        {"header.annotationsSize", "0", 18, 2},
        {"header.reserved", "0", 20, 2},
        {"header.checksum", "0x1234 (expected 0x353e)", 22, 2},
    };
    for (const Field& f : fields) {
        const DecodeNode* n = header->find(QString::fromLatin1(f.name));
        QVERIFY2(n, f.name);
        QCOMPARE(n->value, QLatin1StringView(f.value));
        QCOMPARE(n->offset, f.offset);
        QCOMPARE(n->length, f.length);
        QVERIFY2(!n->description.isEmpty(), f.name);
    }
    const DecodeNode* flags = header->find(u"header.flags");
    QCOMPARE(flags->children.size(), std::size_t(7));
    QCOMPARE(flags->find(u"flags.exception")->value, QStringLiteral("1 (set)"));
    QCOMPARE(flags->find(u"flags.oneway")->value, QStringLiteral("0"));
    QCOMPARE(flags->find(u"flags.batch")->value, QStringLiteral("1 (set)"));
    const DecodeNode* error = header->find(u"malformed");
    QVERIFY(error);
    QCOMPARE(error->value, QStringLiteral("header checksum mismatch: 0x1234, expected 0x353e (at byte 22)"));
    QCOMPARE(error->offset, 22);
}

void TestPyro4Header::names()
{
    QCOMPARE(pyro4::messageTypeName(2), QStringLiteral("CONNECTOK"));
    QCOMPARE(pyro4::messageTypeName(9), QStringLiteral("type 9"));
    QCOMPARE(pyro4::serializerName(6), QStringLiteral("msgpack"));
    QCOMPARE(pyro4::serializerName(42), QStringLiteral("none (ping)"));
    QCOMPARE(pyro4::serializerIdFromName(u"JSON"), quint16(2));
    QCOMPARE(pyro4::flagNames(0x54), QStringLiteral("ONEWAY|META_ON_CONNECT|KEEPSERIALIZED"));
    QCOMPARE(pyro4::flagNames(0), QStringLiteral("none"));
}

QTEST_GUILESS_MAIN(TestPyro4Header)
#include "tst_pyro4header.moc"
