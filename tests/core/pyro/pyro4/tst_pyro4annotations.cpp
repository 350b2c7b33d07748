// Pyro4Annotations: annotation chunks as a real Pyro4 4.82 writes them (CORR, HMAC with a key, a program's own
// 4-letter key), their tree nodes, truncated chunks, and writing them back.
#include "decodenode.h"
#include "pyro/pyro4/pyro4annotations.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro4fixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace rpcscope;

class TestPyro4Annotations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsPyroChunks();
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
} // namespace

void TestPyro4Annotations::readsPyroChunks()
{
    const QByteArray message = pyroMessageWithAnnotations();
    const Pyro4Header h = *Pyro4Header::read(message);
    QCOMPARE(h.annotationsSize, quint16(6 + 16 + 6 + 5 + 6 + 20));
    const auto parsed = Pyro4Annotations::read(QByteArrayView(message).sliced(24, h.annotationsSize), 24);
    QVERIFY(parsed.error.isEmpty());
    QCOMPARE(parsed.chunks.size(), std::size_t(3));
    QCOMPARE(parsed.chunks[0].id, QByteArray("CORR"));
    QCOMPARE(parsed.chunks[0].offset, 24);
    QCOMPARE(Pyro4Annotations::uuidText(parsed.chunks[0].value),
             QStringLiteral("12345678-9abc-def0-1234-56789abcdef0"));
    QCOMPARE(parsed.chunks[1].id, QByteArray("XTRA"));
    QCOMPARE(parsed.chunks[1].value, QByteArray("hello"));
    QCOMPARE(parsed.chunks[2].id, QByteArray("HMAC"));
    QCOMPARE(parsed.chunks[2].value.size(), 20);
    QCOMPARE(parsed.chunks[2].offset, 24 + 22 + 11);
}

void TestPyro4Annotations::tree()
{
    const QByteArray message = pyroMessageWithAnnotations();
    const Pyro4Header h = *Pyro4Header::read(message);
    const auto parsed = Pyro4Annotations::read(QByteArrayView(message).sliced(24, h.annotationsSize), 24);
    DecodeNode root;
    Pyro4Annotations::addTree(root, parsed, 24, h.annotationsSize, {});
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

void TestPyro4Annotations::truncated_data()
{
    QTest::addColumn<QByteArray>("area");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("offset");
    QTest::addRow("chunk header cut") << QByteArray("CORR\x00", 5)
                                      << QStringLiteral("annotation chunk header cut short: 5 bytes left of the "
                                                        "annotations area")
                                      << qint64(24);
    QTest::addRow("value longer than the area") << QByteArray("CORR\x00\x10"
                                                              "abc",
                                                              9)
                                                << QStringLiteral("annotation CORR claims 16 bytes but only 3 are left "
                                                                  "in the annotations area")
                                                << qint64(28);
}

void TestPyro4Annotations::truncated()
{
    QFETCH(QByteArray, area);
    QFETCH(QString, error);
    QFETCH(qint64, offset);
    const auto parsed = Pyro4Annotations::read(area, 24);
    QCOMPARE(parsed.error, error);
    QCOMPARE(parsed.errorOffset, offset);
    DecodeNode root;
    Pyro4Annotations::addTree(root, parsed, 24, area.size(), {});
    QVERIFY(root.hasError());
}

void TestPyro4Annotations::writesChunks()
{
    const QByteArray written
        = Pyro4Annotations::write({{"CORR", QByteArray(16, '\x01')}, {"XTRA", QByteArray("hello")}});
    QCOMPARE(written.size(), 22 + 11);
    QCOMPARE(written.left(6), QByteArray("CORR\x00\x10", 6));
    const auto parsed = Pyro4Annotations::read(written, 0);
    QCOMPARE(parsed.chunks.size(), std::size_t(2));
    QCOMPARE(parsed.chunks[1].value, QByteArray("hello"));
}

QTEST_GUILESS_MAIN(TestPyro4Annotations)
#include "tst_pyro4annotations.moc"
