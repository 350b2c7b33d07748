// PyroAnnotations: annotation chunks as a real Pyro4 4.82 writes them (CORR, HMAC with a key, a program's own
// 4-letter key) and as Pyro5 5.17 does (32-bit lengths, STRM), their tree nodes, truncated chunks, and writing them
// back.
#include "decodenode.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroannotations.h"
#include "pyrofixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace rpcscope;

class TestPyroAnnotations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsPyroChunks();
    void readsPyro5Chunks();
    void tree();
    void truncated_data();
    void truncated();
    void writesChunks();
};

namespace {
// A RESULT message as Pyro4 writes it with an HMAC key, a correlation id and a program's own annotation.
QByteArray pyroMessageWithAnnotations()
{
    const QJsonArray out
        = test::runPythonJson(QStringLiteral("import json, sys, uuid\n"
                                             "from Pyro4.message import Message\n"
                                             "corr = uuid.UUID('12345678-9abc-def0-1234-56789abcdef0').bytes\n"
                                             "m = Message(5, b'# serpent utf-8 python3.2\\n42', 1, 0, 3,"
                                             " {'CORR': corr, 'XTRA': b'hello'}, hmac_key=b'secret')\n"
                                             "print(json.dumps([m.to_bytes().hex()]))\n"),
                              QJsonArray {})
              .toArray();
    return QByteArray::fromHex(out[0].toString().toLatin1());
}

// A RESULT message as Pyro5 writes it with a correlation id (in the header), a program's annotation and STRM.
QByteArray pyro5MessageWithAnnotations()
{
    const QJsonArray out
        = test::runPythonJson(test::withPyro5(QStringLiteral(
                                  "import json, uuid\n"
                                  "from Pyro5.protocol import SendingMessage\n"
                                  "from Pyro5.callcontext import current_context\n"
                                  "current_context.correlation_id = uuid.UUID('12345678-9abc-def0-1234-56789abcdef0')\n"
                                  "m = SendingMessage(5, 0x10, 3, 1, b'# serpent utf-8 python3.2\\n42',"
                                  " {'XTRA': b'hello', 'STRM': b'0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'})\n"
                                  "print(json.dumps([m.data.hex()]))\n")),
                              QJsonArray {})
              .toArray();
    return QByteArray::fromHex(out[0].toString().toLatin1());
}
} // namespace

void TestPyroAnnotations::readsPyroChunks()
{
    const QByteArray message = pyroMessageWithAnnotations();
    const Pyro4Header h = *Pyro4Header::read(message);
    QCOMPARE(h.annotationsSize, quint16(6 + 16 + 6 + 5 + 6 + 20));
    const auto parsed = PyroAnnotations::read(QByteArrayView(message).sliced(24, h.annotationsSize), 24, 4);
    QVERIFY(parsed.error.isEmpty());
    QCOMPARE(parsed.chunks.size(), std::size_t(3));
    QCOMPARE(parsed.chunks[0].id, QByteArray("CORR"));
    QCOMPARE(parsed.chunks[0].offset, 24);
    QCOMPARE(PyroAnnotations::uuidText(parsed.chunks[0].value), QStringLiteral("12345678-9abc-def0-1234-56789abcdef0"));
    QCOMPARE(parsed.chunks[1].id, QByteArray("XTRA"));
    QCOMPARE(parsed.chunks[1].value, QByteArray("hello"));
    QCOMPARE(parsed.chunks[2].id, QByteArray("HMAC"));
    QCOMPARE(parsed.chunks[2].value.size(), 20);
    QCOMPARE(parsed.chunks[2].offset, 24 + 22 + 11);
}

void TestPyroAnnotations::readsPyro5Chunks()
{
    RPCSCOPE_REQUIRE_PYRO5();
    const QByteArray message = pyro5MessageWithAnnotations();
    const Pyro5Header h = *Pyro5Header::read(message);
    QCOMPARE(h.annotationsSize, quint32(8 + 5 + 8 + 36));
    QVERIFY(h.correlationIdSet());
    QCOMPARE(PyroAnnotations::uuidText(h.correlationId), QStringLiteral("12345678-9abc-def0-1234-56789abcdef0"));
    const auto parsed = PyroAnnotations::read(QByteArrayView(message).sliced(40, h.annotationsSize), 40, 5);
    QVERIFY(parsed.error.isEmpty());
    QCOMPARE(parsed.chunks.size(), std::size_t(2));
    QCOMPARE(parsed.chunks[0].id, QByteArray("XTRA"));
    QCOMPARE(parsed.chunks[0].value, QByteArray("hello"));
    QCOMPARE(parsed.chunks[1].id, QByteArray("STRM"));
    QCOMPARE(parsed.chunks[1].offset, 40 + 13);
    DecodeNode root;
    PyroAnnotations::addTree(root, parsed, 40, h.annotationsSize, 5, {});
    const DecodeNode* length = root.find(u"annotations/STRM/annotation.length");
    QVERIFY(length);
    QCOMPARE(length->type, QStringLiteral("u32"));
    QCOMPARE(length->offset, 40 + 13 + 4);
    QCOMPARE(length->length, 4);
    QCOMPARE(root.find(u"annotations/STRM/annotation.value")->value,
             QStringLiteral("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"));
    // Read with Pyro4's 16-bit lengths, the same bytes do not add up.
    QVERIFY(!PyroAnnotations::read(QByteArrayView(message).sliced(40, h.annotationsSize), 40, 4).error.isEmpty());
}

void TestPyroAnnotations::tree()
{
    const QByteArray message = pyroMessageWithAnnotations();
    const Pyro4Header h = *Pyro4Header::read(message);
    const auto parsed = PyroAnnotations::read(QByteArrayView(message).sliced(24, h.annotationsSize), 24, 4);
    DecodeNode root;
    PyroAnnotations::addTree(root, parsed, 24, h.annotationsSize, 4, {});
    const DecodeNode* area = root.find(u"annotations");
    QVERIFY(area);
    QCOMPARE(area->value, QStringLiteral("3 chunks"));
    QCOMPARE(area->offset, 24);
    QCOMPARE(area->length, h.annotationsSize);
    const DecodeNode* corr = area->find(u"CORR/annotation.value");
    QCOMPARE(corr->type, QStringLiteral("uuid"));
    QCOMPARE(corr->value, QStringLiteral("12345678-9abc-def0-1234-56789abcdef0"));
    QCOMPARE(corr->offset, 30);
    QCOMPARE(corr->length, 16);
    QCOMPARE(area->find(u"CORR/annotation.length")->value, QStringLiteral("16"));
    const DecodeNode* hmac = area->find(u"HMAC/annotation.value");
    QCOMPARE(hmac->type, QStringLiteral("hmac-sha1"));
    QCOMPARE(hmac->value.size(), 40);
    QCOMPARE(hmac->value, QString::fromLatin1(parsed.chunks[2].value.toHex()));
    const DecodeNode* extra = area->find(u"XTRA");
    QCOMPARE(extra->value, QStringLiteral("68 65 6c 6c 6f  \"hello\""));
    QCOMPARE(extra->length, 11);
}

void TestPyroAnnotations::truncated_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QByteArray>("area");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("offset");
    QTest::addRow("chunk header cut") << 4 << QByteArray("CORR\x00", 5)
                                      << QStringLiteral("annotation chunk header cut short: 5 bytes left of the "
                                                        "annotations area")
                                      << qint64(24);
    QTest::addRow("value longer than the area") << 4
                                                << QByteArray("CORR\x00\x10"
                                                              "abc",
                                                              9)
                                                << QStringLiteral("annotation CORR claims 16 bytes but only 3 are left "
                                                                  "in the annotations area")
                                                << qint64(28);
    QTest::addRow("pyro5: chunk header cut") << 5 << QByteArray("ABCD\x00\x00\x00", 7)
                                             << QStringLiteral("annotation chunk header cut short: 7 bytes left of "
                                                               "the annotations area")
                                             << qint64(24);
    QTest::addRow("pyro5: value longer than the area")
        << 5 << QByteArray("ABCD\x00\x00\x00\x64xyz", 11)
        << QStringLiteral("annotation ABCD claims 100 bytes but only 3 are left in the annotations area") << qint64(28);
}

void TestPyroAnnotations::truncated()
{
    QFETCH(int, version);
    QFETCH(QByteArray, area);
    QFETCH(QString, error);
    QFETCH(qint64, offset);
    const auto parsed = PyroAnnotations::read(area, 24, version);
    QCOMPARE(parsed.error, error);
    QCOMPARE(parsed.errorOffset, offset);
    DecodeNode root;
    PyroAnnotations::addTree(root, parsed, 24, area.size(), version, {});
    QVERIFY(root.hasError());
}

void TestPyroAnnotations::writesChunks()
{
    const QByteArray written
        = PyroAnnotations::write({{"CORR", QByteArray(16, '\x01')}, {"XTRA", QByteArray("hello")}}, 4);
    QCOMPARE(written.size(), 22 + 11);
    QCOMPARE(written.left(6), QByteArray("CORR\x00\x10", 6));
    const auto parsed = PyroAnnotations::read(written, 0, 4);
    QCOMPARE(parsed.chunks.size(), std::size_t(2));
    QCOMPARE(parsed.chunks[1].value, QByteArray("hello"));
    const QByteArray wide = PyroAnnotations::write({{"XTRA", QByteArray("hello")}}, 5);
    QCOMPARE(wide, QByteArray("XTRA\x00\x00\x00\x05hello", 13));
    QCOMPARE(PyroAnnotations::read(wide, 0, 5).chunks.front().value, QByteArray("hello"));
}

QTEST_GUILESS_MAIN(TestPyroAnnotations)
#include "tst_pyroannotations.moc"
