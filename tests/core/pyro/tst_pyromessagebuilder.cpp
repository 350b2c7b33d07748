// PyroMessageBuilder: Pyro4 messages with their checksum, 6-byte annotation chunks and compression only when it
// pays (from 200 bytes); Pyro5 messages with their magic number, correlation id, 8-byte annotation chunks and
// compression at level 4 past 100 bytes, as Pyro5 does; both read back by our decoder and by the real Pyro.
#include "pyro/pyro4/pyro4decoder.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5decoder.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyromessagebuilder.h"
#include "pyro/serpentwriter.h"
#include "pyrofixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace rpcscope;

class TestPyroMessageBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pyro4();
    void pyro5();
    void pyro5ReadByPyro5();
    void errors_data();
    void errors();
};

namespace {
DecodedMessage decode(const ProtocolDecoder& decoder, const QByteArray& bytes)
{
    DecodeContext context;
    context.direction = Direction::ServerToClient;
    return decoder.decode(bytes, context);
}

QByteArray serpent(const QString& text)
{
    return SerpentWriter::write(RpcValue::fromString(text));
}
} // namespace

void TestPyroMessageBuilder::pyro4()
{
    PyroMessageBuilder builder(4);
    builder.setType(pyro4::MsgResult)
        .setSeq(3)
        .setSerializer(pyro4::SerSerpent)
        .setPayload(serpent(QStringLiteral("x")));
    builder.addAnnotation("CORR", QByteArray(16, '\x01')).addAnnotation("XTRA", "hi");
    const Result<QByteArray> bytes = builder.build();
    QVERIFY(bytes);
    const Pyro4Header h = *Pyro4Header::read(*bytes);
    QCOMPARE(h.annotationsSize, quint16(22 + 8));
    QVERIFY(h.checksumValid());
    QCOMPARE(bytes->mid(24, 4), QByteArray("CORR"));
    // Compression only pays from 200 bytes, as in Pyro4.
    builder.setCompress(true);
    QVERIFY(!(Pyro4Header::read(*builder.build())->flags & pyro4::FlagCompressed));
    builder.setPayload(serpent(QString(400, QLatin1Char('a'))));
    const Result<QByteArray> compressed = builder.build();
    QVERIFY(Pyro4Header::read(*compressed)->flags & pyro4::FlagCompressed);
    const DecodedMessage m = decode(Pyro4Decoder(), *compressed);
    QCOMPARE(m.result.toString(), QString(400, QLatin1Char('a')));
}

void TestPyroMessageBuilder::pyro5()
{
    const QByteArray corr = QByteArray::fromHex("1111111122223333444455555555555f");
    PyroMessageBuilder builder(5);
    builder.setType(pyro::MsgResult)
        .setSeq(3)
        .setSerializer(pyro5::SerSerpent)
        .setPayload(serpent(QStringLiteral("x")));
    builder.addAnnotation("XTRA", "hi").setCorrelationId(corr);
    const Result<QByteArray> bytes = builder.build();
    QVERIFY(bytes);
    QVERIFY(Pyro5Header::isValidAt(*bytes));
    const Pyro5Header h = *Pyro5Header::read(*bytes);
    QCOMPARE(h.annotationsSize, quint32(8 + 2));
    QCOMPARE(h.flags, quint16(pyro5::FlagCorrelationId));
    QCOMPARE(h.correlationId, corr);
    QCOMPARE(bytes->mid(40, 10), QByteArray("XTRA\x00\x00\x00\x02hi", 10));
    // Pyro5 compresses whatever is over 100 bytes, even when that makes it longer; zlib level 4 starts 78 5e.
    builder.setCompress(true);
    QVERIFY(!(Pyro5Header::read(*builder.build())->flags & pyro5::FlagCompressed));
    builder.setPayload(serpent(QString(101, QLatin1Char('a'))));
    const Result<QByteArray> compressed = builder.build();
    const Pyro5Header c = *Pyro5Header::read(*compressed);
    QCOMPARE(c.flags, quint16(pyro5::FlagCompressed | pyro5::FlagCorrelationId));
    QCOMPARE(compressed->mid(50, 2), QByteArray("\x78\x5e"));
    const DecodedMessage m = decode(Pyro5Decoder(), *compressed);
    QCOMPARE(m.result.toString(), QString(101, QLatin1Char('a')));
    QCOMPARE(m.protocol, QStringLiteral("pyro5"));
}

void TestPyroMessageBuilder::pyro5ReadByPyro5()
{
    RPCSCOPE_REQUIRE_PYRO5();
    PyroMessageBuilder builder(5);
    builder.setType(pyro::MsgResult).setSeq(7).setSerializer(pyro5::SerSerpent);
    builder.setPayload(serpent(QString(150, QLatin1Char('z')))).setCompress(true);
    builder.addAnnotation("ABCD", "data").setCorrelationId(QByteArray(16, '\x42'));
    const Result<QByteArray> bytes = builder.build();
    QVERIFY(bytes);
    const QJsonArray out
        = test::runPythonJson(test::withPyro5(QStringLiteral(
                                  "import json, sys, uuid\n"
                                  "from Pyro5.protocol import ReceivingMessage\n"
                                  "from Pyro5.serializers import serializers_by_id\n"
                                  "data = bytes.fromhex(json.loads(sys.stdin.read())[0])\n"
                                  "m = ReceivingMessage(data[:40], data[40:])\n"
                                  "value = serializers_by_id[m.serializer_id].loads(m.data)\n"
                                  "print(json.dumps([m.type, m.seq, m.flags, str(uuid.UUID(bytes=bytes(m.corr_id))),"
                                  " {k: bytes(v).decode() for k, v in m.annotations.items()}, value]))\n")),
                              QJsonArray {QString::fromLatin1(bytes->toHex())})
              .toArray();
    QCOMPARE(out.size(), 6);
    QCOMPARE(out[0].toInt(), 5);
    QCOMPARE(out[1].toInt(), 7);
    QCOMPARE(out[2].toInt(), pyro5::FlagCorrelationId); // Pyro5 clears COMPRESSED once it has inflated
    QCOMPARE(out[3].toString(), QStringLiteral("42424242-4242-4242-4242-424242424242"));
    QCOMPARE(out[4].toObject().value(QStringLiteral("ABCD")).toString(), QStringLiteral("data"));
    QCOMPARE(out[5].toString(), QString(150, QLatin1Char('z')));
}

void TestPyroMessageBuilder::errors_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("correlationId");
    QTest::addColumn<QString>("error");
    QTest::addRow("pyro4: key of 3 letters") << 4 << QByteArray("ABC") << QByteArray("x") << QByteArray()
                                             << QStringLiteral("annotation key must be 4 characters, not \"ABC\"");
    QTest::addRow("pyro4: 64 KiB value") << 4 << QByteArray("ABCD") << QByteArray(65536, 'x') << QByteArray()
                                         << QStringLiteral("annotation ABCD is longer than 65535 bytes");
    QTest::addRow("pyro5: key of 5 letters") << 5 << QByteArray("ABCDE") << QByteArray("x") << QByteArray()
                                             << QStringLiteral("annotation key must be 4 characters, not \"ABCDE\"");
    QTest::addRow("pyro5: correlation id of 4 bytes")
        << 5 << QByteArray("ABCD") << QByteArray("x") << QByteArray("abcd")
        << QStringLiteral("a correlation id has 16 bytes, not 4");
}

void TestPyroMessageBuilder::errors()
{
    QFETCH(int, version);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, correlationId);
    QFETCH(QString, error);
    PyroMessageBuilder builder(version);
    builder.setType(pyro::MsgResult).addAnnotation(key, value).setCorrelationId(correlationId);
    const Result<QByteArray> r = builder.build();
    QVERIFY(!r);
    QCOMPARE(r.error(), error);
}

QTEST_GUILESS_MAIN(TestPyroMessageBuilder)
#include "tst_pyromessagebuilder.moc"
