// Pyro5Header: the 40-byte header of real Pyro5 5.17 traffic read field by field (and protocol 501's 38 bytes),
// written back byte for byte, its tree with each field's bytes, the version-neutral frame (flags and serializer ids
// that mean something else in Pyro4), and the problems of damaged headers.
#include "decodenode.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroannotations.h"
#include "pyrofixtures.h"

#include <QTest>
#include <QtEndian>

using namespace rpcscope;

class TestPyro5Header : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsCapturedHeaders();
    void writesBack();
    void frame_data();
    void frame();
    void protocol501();
    void tree();
    void problems_data();
    void problems();
    void names();
};

void TestPyro5Header::readsCapturedHeaders()
{
    const std::vector<QByteArray> requests
        = test::pyroMessages(QStringLiteral("pyro5/pyro5-serpent"), 0, Direction::ClientToServer);
    const std::vector<QByteArray> replies
        = test::pyroMessages(QStringLiteral("pyro5/pyro5-serpent"), 0, Direction::ServerToClient);
    QVERIFY(requests.size() >= 3);
    const Pyro5Header connect = *Pyro5Header::read(requests[0]);
    QVERIFY(connect.hasTag());
    QCOMPARE(connect.version, quint16(502));
    QCOMPARE(connect.type, quint8(pyro::MsgConnect));
    QCOMPARE(connect.serializerId, quint8(pyro5::SerSerpent));
    QCOMPARE(connect.flags, quint16(0)); // a plain client thread has no correlation id
    QCOMPARE(connect.seq, quint16(0));
    QCOMPARE(connect.annotationsSize, quint32(0));
    QCOMPARE(connect.frameLength(), qint64(requests[0].size()));
    QCOMPARE(connect.correlationId, QByteArray(16, '\0'));
    QCOMPARE(connect.magic, quint16(0x4DC5));
    QVERIFY(connect.problems().empty());
    // The daemon sets a correlation id on every reply.
    const Pyro5Header ok = *Pyro5Header::read(replies[0]);
    QCOMPARE(ok.type, quint8(pyro::MsgConnectOk));
    QCOMPARE(ok.flags, quint16(pyro5::FlagCorrelationId));
    QVERIFY(ok.correlationIdSet());
    QVERIFY(ok.correlationId != QByteArray(16, '\0'));
    const Pyro5Header invoke = *Pyro5Header::read(requests[1]);
    QCOMPARE(invoke.type, quint8(pyro::MsgInvoke));
    QCOMPARE(invoke.seq, quint16(1));
    QCOMPARE(invoke.dataSize, quint32(requests[1].size() - 40));
}

void TestPyro5Header::writesBack()
{
    for (const QString& name : {QStringLiteral("pyro5/pyro5-serpent"), QStringLiteral("pyro5/pyro5-extras")}) {
        for (Direction dir : {Direction::ClientToServer, Direction::ServerToClient}) {
            for (const QByteArray& m : test::pyroMessages(name, 0, dir)) {
                const std::optional<Pyro5Header> h = Pyro5Header::read(m);
                QVERIFY(h);
                QCOMPARE(h->toBytes(), m.left(40));
            }
        }
    }
}

void TestPyro5Header::frame_data()
{
    QTest::addColumn<int>("flags");
    QTest::addColumn<int>("serializer");
    QTest::addColumn<QString>("meaning");
    QTest::addColumn<QString>("serializerName");
    QTest::addRow("exception, marshal") << 0x41 << 2 << "exception"
                                        << "marshal";
    QTest::addRow("compressed, json") << 0x02 << 3 << "compressed"
                                      << "json";
    QTest::addRow("oneway, msgpack") << 0x04 << 4 << "oneway"
                                     << "msgpack";
    QTest::addRow("batch") << 0x48 << 1 << "batch"
                           << "serpent";
    // Pyro4 means META_ON_CONNECT by 0x10 and ITEMSTREAMRESULT by 0x20; Pyro5 moved them.
    QTest::addRow("0x10 is an item stream") << 0x51 << 1 << "exception itemStream"
                                            << "serpent";
    QTest::addRow("0x20 keeps serialized") << 0x20 << 1 << "keepSerialized"
                                           << "serpent";
    QTest::addRow("ping") << 0x40 << 42 << ""
                          << "none (ping)";
    QTest::addRow("serializer 5 is none in Pyro5") << 0 << 5 << ""
                                                   << "unknown";
}

void TestPyro5Header::frame()
{
    QFETCH(int, flags);
    QFETCH(int, serializer);
    QFETCH(QString, meaning);
    QFETCH(QString, serializerName);
    const QByteArray corr = QByteArray::fromHex("00112233445566778899aabbccddeeff");
    const QByteArray message = test::pyro5Message(pyro::MsgResult, quint16(flags), 9, quint8(serializer), "data",
                                                  QByteArray("ABCD\0\0\0\1x", 9), corr);
    const PyroFrame f = Pyro5Header::read(message)->frame();
    QStringList found;
    for (const auto& [set, name] : {std::pair {f.exception, "exception"},
                                    {f.compressed, "compressed"},
                                    {f.oneway, "oneway"},
                                    {f.batch, "batch"},
                                    {f.itemStream, "itemStream"},
                                    {f.keepSerialized, "keepSerialized"}}) {
        if (set)
            found << QLatin1String(name);
    }
    QCOMPARE(found.join(QLatin1Char(' ')), meaning);
    QCOMPARE(pyro::serializerName(f.serializer), serializerName);
    QCOMPARE(f.version, 5);
    QCOMPARE(f.seq, quint16(9));
    QCOMPARE(f.headerSize, 40);
    QCOMPARE(f.annotationsSize, 9);
    QCOMPARE(f.payloadOffset(), 49);
    QCOMPARE(f.frameLength(), 53);
    QCOMPARE(f.correlationId, corr); // pyro5Message sets CORR_ID with it
    QCOMPARE(f.protocolId(), QStringLiteral("pyro5"));
}

void TestPyro5Header::protocol501()
{
    QByteArray h(38, '\0');
    h.replace(0, 4, "PYRO");
    qToBigEndian<quint16>(501, h.data() + 4);
    h[6] = pyro::MsgInvoke;
    h[7] = pyro5::SerJson;
    qToBigEndian<quint16>(0x40, h.data() + 8);
    qToBigEndian<quint16>(12, h.data() + 10);
    qToBigEndian<quint32>(100, h.data() + 12);
    qToBigEndian<quint16>(9, h.data() + 16);
    h.replace(18, 16, QByteArray(16, '\x7f'));
    qToBigEndian<quint16>(0x4DC5, h.data() + 36);
    QVERIFY(Pyro5Header::isValidAt(h));
    const Pyro5Header r = *Pyro5Header::read(h);
    QCOMPARE(r.size(), 38);
    QCOMPARE(r.seq, quint16(12));
    QCOMPARE(r.annotationsSize, quint32(9));
    QCOMPARE(r.correlationId, QByteArray(16, '\x7f'));
    QCOMPARE(r.frameLength(), qint64(38 + 9 + 100));
    QVERIFY(r.problems().empty());
    DecodeNode root;
    r.addTree(root, 0);
    QCOMPARE(root.find(u"header/header.annotationsSize")->type, QStringLiteral("u16"));
    QCOMPARE(root.find(u"header/header.correlationId")->offset, 18);
    QCOMPARE(root.find(u"header/header.magicNumber")->offset, 36);
}

void TestPyro5Header::tree()
{
    const QByteArray reply
        = test::pyroMessages(QStringLiteral("pyro5/pyro5-serpent"), 0, Direction::ServerToClient).at(0);
    const Pyro5Header h = *Pyro5Header::read(reply);
    DecodeNode root;
    h.addTree(root, 0);
    const DecodeNode* header = root.find(u"header");
    QVERIFY(header);
    QCOMPARE(header->length, 40);
    QVERIFY(!header->hasError());
    struct Field
    {
        const char16_t* name;
        qint64 offset;
        qint64 length;
    };
    for (const Field& f : {Field {u"header.magic", 0, 4}, Field {u"header.version", 4, 2}, Field {u"header.type", 6, 1},
                           Field {u"header.serializer", 7, 1}, Field {u"header.flags", 8, 2},
                           Field {u"header.seq", 10, 2}, Field {u"header.dataSize", 12, 4},
                           Field {u"header.annotationsSize", 16, 4}, Field {u"header.correlationId", 20, 16},
                           Field {u"header.reserved", 36, 2}, Field {u"header.magicNumber", 38, 2}}) {
        const DecodeNode* n = header->find(QStringView(f.name));
        QVERIFY2(n, qPrintable(QString::fromUtf16(f.name)));
        QCOMPARE(n->offset, f.offset);
        QCOMPARE(n->length, f.length);
    }
    QCOMPARE(header->find(u"header.type")->value, QStringLiteral("2 (CONNECTOK)"));
    QCOMPARE(header->find(u"header.serializer")->value, QStringLiteral("1 (serpent)"));
    QCOMPARE(header->find(u"header.flags")->value, QStringLiteral("0x0040 (CORR_ID)"));
    QCOMPARE(header->find(u"header.flags/flags.corr_id")->value, QStringLiteral("1 (set)"));
    QCOMPARE(header->find(u"header.correlationId")->value, PyroAnnotations::uuidText(h.correlationId));
    QCOMPARE(header->find(u"header.magicNumber")->value, QStringLiteral("0x4dc5 (valid)"));
}

void TestPyro5Header::problems_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("expected");
    auto header = [] { return test::pyro5Message(4, 0, 1, 1, "x").left(40); };
    QTest::addRow("good") << header() << QStringList();
    QByteArray tag = header();
    tag.replace(0, 4, "PYRX");
    QTest::addRow("wrong tag") << tag
                               << QStringList {QStringLiteral("wrong magic: the message does not start with \"PYRO\"")};
    QByteArray magic = header();
    magic[39] = 0x00;
    QTest::addRow("wrong magic number") << magic
                                        << QStringList {QStringLiteral("wrong magic number 0x4d00 at the end of the "
                                                                       "header (Pyro5 writes 0x4dc5)")};
    QByteArray version = header();
    version[5] = char(0xF7);
    QTest::addRow("version 503") << version
                                 << QStringList {QStringLiteral("unsupported protocol version 503 (Pyro5 is 502)")};
}

void TestPyro5Header::problems()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, expected);
    QStringList texts;
    for (const Problem& p : Pyro5Header::read(bytes)->problems())
        texts << p.text;
    QCOMPARE(texts.join(QLatin1String(" | ")), expected.join(QLatin1String(" | ")));
    DecodeNode root;
    Pyro5Header::read(bytes)->addTree(root, 0);
    QCOMPARE(root.hasError(), !expected.isEmpty());
}

void TestPyro5Header::names()
{
    QCOMPARE(pyro5::flagNames(0x4D), QStringLiteral("EXCEPTION|ONEWAY|BATCH|CORR_ID"));
    QCOMPARE(pyro5::flagNames(0), QStringLiteral("none"));
    QCOMPARE(pyro5::flagName(0x100), QStringLiteral("0x0100"));
    // The same serializers under other numbers than Pyro4's.
    QCOMPARE(pyro5::serializerName(2), QStringLiteral("marshal"));
    QCOMPARE(pyro5::serializerName(3), QStringLiteral("json"));
    QCOMPARE(pyro5::serializerName(4), QStringLiteral("msgpack"));
    QCOMPARE(pyro5::serializerName(6), QStringLiteral("serializer 6"));
    QCOMPARE(pyro5::serializerId(pyro::Serializer::Msgpack), quint8(4));
    QCOMPARE(pyro5::serializerId(pyro::Serializer::Pickle), quint8(0));
}

QTEST_GUILESS_MAIN(TestPyro5Header)
#include "tst_pyro5header.moc"
