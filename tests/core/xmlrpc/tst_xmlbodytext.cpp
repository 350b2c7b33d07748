// XmlBodyText: a body made ready for the XML reader. UTF-8 is parsed in place (no copy), anything else through a
// UTF-8 copy with offsets back to the body; bad bytes, refused encodings and generous readings become issues with
// the texts the user sees, at offsets in the body.
#include "xmlrpc/xmlbodytext.h"

#include <QStringEncoder>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::xmlrpc;

class TestXmlBodyText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void utf8IsReadInPlace()
    {
        const QByteArray body = "<methodCall><methodName>caf\xC3\xA9</methodName></methodCall>";
        const XmlBodyText text(body);
        QVERIFY(text.readable());
        QVERIFY(!text.malformed());
        QVERIFY(text.issues().empty());
        QVERIFY(!text.wire());
        QCOMPARE(text.text().data(), body.constData());
    }

    void utf16IsCopiedWithOffsets()
    {
        const QString xml = QStringLiteral("<methodCall><methodName>\u65e5\u672c</methodName></methodCall>");
        QStringEncoder encoder(QStringConverter::Utf16BE, QStringConverter::Flag::WriteBom);
        const QByteArray body = encoder.encode(xml);
        const XmlBodyText text(body);
        QVERIFY(text.readable());
        QVERIFY(text.issues().empty());
        QCOMPARE(text.text(), xml.toUtf8());
        QVERIFY(text.wire());
        const qint64 nameInText = xml.toUtf8().indexOf("<methodName>");
        QCOMPARE(text.wire()->toWire(nameInText), 2 + 2 * xml.indexOf(QLatin1String("<methodName>")));
    }

    void issues_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("charset");
        QTest::addColumn<bool>("readable");
        QTest::addColumn<QStringList>("texts");
        QTest::addColumn<QList<qint64>>("offsets");
        QTest::addColumn<QList<int>>("kinds");

        const int malformed = int(Problem::Kind::Malformed);
        const int lenient = int(Problem::Kind::Lenient);
        QTest::addRow("invalid UTF-8, declared")
            << QByteArray("<?xml version='1.0' encoding='utf-8'?><a>\xE9\xFF</a>") << QByteArray() << true
            << QStringList {QStringLiteral("invalid UTF-8 (0xE9) in a body read as UTF-8 (XML declaration); 2 invalid "
                                           "places in all")}
            << QList<qint64> {41} << QList<int> {malformed};
        QTest::addRow("UTF-8 from the HTTP charset, bad byte")
            << QByteArray("<a>\x80</a>") << QByteArray("utf-8") << true
            << QStringList {QStringLiteral("invalid UTF-8 (0x80) in a body read as UTF-8 (HTTP charset)")}
            << QList<qint64> {3} << QList<int> {malformed};
        QTest::addRow("refused, with a note first")
            << QByteArray("\xEF\xBB\xBF<?xml version='1.0' encoding='x-none'?><a/>") << QByteArray() << true
            << QStringList {QStringLiteral("the XML declaration names x-none, but the body starts with a UTF-8 byte "
                                           "order mark; read as UTF-8")}
            << QList<qint64> {0} << QList<int> {lenient};
        QTest::addRow("unknown HTTP charset")
            << QByteArray("<a/>") << QByteArray("x-none") << false
            << QStringList {QStringLiteral("the body's encoding \"x-none\" (HTTP charset) is not known here; the body "
                                           "is not read")}
            << QList<qint64> {0} << QList<int> {malformed};
    }

    void issues()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, charset);
        QFETCH(bool, readable);
        QFETCH(QStringList, texts);
        QFETCH(QList<qint64>, offsets);
        QFETCH(QList<int>, kinds);
        const XmlBodyText text(body, charset);
        QCOMPARE(text.readable(), readable);
        QStringList gotTexts;
        QList<qint64> gotOffsets;
        QList<int> gotKinds;
        for (const XmlBodyText::Issue& i : text.issues()) {
            gotTexts << i.text;
            gotOffsets << i.offset;
            gotKinds << int(i.kind);
        }
        QCOMPARE(gotTexts, texts);
        QCOMPARE(gotOffsets, offsets);
        QCOMPARE(gotKinds, kinds);
        QCOMPARE(text.malformed(), kinds.contains(int(Problem::Kind::Malformed)));
    }
};

QTEST_GUILESS_MAIN(TestXmlBodyText)
#include "tst_xmlbodytext.moc"
