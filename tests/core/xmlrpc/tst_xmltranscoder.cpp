// The conversion of non-UTF-8 bodies to UTF-8 for the XML reader, with the map back to the original bytes (so
// tree nodes cover the bytes as sent), the UTF-8 check that finds the first invalid byte, and the bad places of
// UTF-16 and legacy encodings (EUC-JP through ICU, whose stand-in for bad bytes is U+001A).
#include "xmlrpc/xmltranscoder.h"

#include <QStringEncoder>
#include <QTest>

using namespace rpcscope::xmlrpc;

namespace {

QByteArray encoded(const QString& text, const char* encoding, bool bom = false)
{
    QStringEncoder encoder(encoding, bom ? QStringConverter::Flag::WriteBom : QStringConverter::Flag::Default);
    return encoder.encode(text);
}

XmlEncoding encodingOf(XmlEncoding::Kind kind, const char* name, bool bigEndian = false, qint64 bom = 0)
{
    XmlEncoding e;
    e.kind = kind;
    e.name = name;
    e.bigEndian = bigEndian;
    e.bomLength = bom;
    return e;
}

} // namespace

class TestXmlTranscoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wireOffsetsRuns()
    {
        WireOffsets w(2); // after a 2-byte mark
        for (int i = 0; i < 100; ++i)
            w.append(1, 2); // ASCII in UTF-16
        w.append(3, 2); // one BMP character
        w.append(4, 4); // one surrogate pair
        for (int i = 0; i < 10; ++i)
            w.append(1, 2);
        QCOMPARE(w.runCount(), std::size_t(4));
        QCOMPARE(w.textLength(), 117);
        QCOMPARE(w.wireEnd(), 2 + 200 + 2 + 4 + 20);
        QCOMPARE(w.toWire(0), 2);
        QCOMPARE(w.toWire(99), 2 + 198);
        QCOMPARE(w.toWire(100), 202); // the BMP character
        QCOMPARE(w.toWire(101), 202); // inside it: its start
        QCOMPARE(w.toWire(103), 204); // the pair
        QCOMPARE(w.toWire(107), 208); // ASCII again
        QCOMPARE(w.toWire(117), w.wireEnd());
        QCOMPARE(w.toWire(500), w.wireEnd());
    }

    void utf8Check_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("length");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<QString>("what");

        QTest::addRow("ASCII") << QByteArray("plain <text> that is long enough for the fast path") << qint64(-1)
                               << qint64(0) << qint64(0) << QString();
        QTest::addRow("every width") << QByteArray("a\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E\xF4\x8F\xBF\xBF")
                                     << qint64(-1) << qint64(0) << qint64(0) << QString();
        QTest::addRow("Latin-1 byte") << QByteArray("<methodName>caf\xE9</methodName>") << qint64(15) << qint64(1)
                                      << qint64(1) << "0xE9";
        QTest::addRow("two bad places") << QByteArray("12345678\xE9x\xFFy") << qint64(8) << qint64(1) << qint64(2)
                                        << "0xE9";
        QTest::addRow("overlong slash") << QByteArray("a\xC0\xAF") << qint64(1) << qint64(1) << qint64(2) << "0xC0";
        QTest::addRow("overlong three bytes")
            << QByteArray("a\xE0\x80\xAF") << qint64(1) << qint64(1) << qint64(3) << "0xE0";
        QTest::addRow("surrogate") << QByteArray("\xED\xA0\x80") << qint64(0) << qint64(1) << qint64(3) << "0xED";
        QTest::addRow("past U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << qint64(0) << qint64(1) << qint64(4)
                                       << "0xF4";
        QTest::addRow("cut at the end") << QByteArray("ab\xE2\x82") << qint64(2) << qint64(2) << qint64(1)
                                        << "0xE2 0x82";
        QTest::addRow("lone continuation") << QByteArray("ab\x80") << qint64(2) << qint64(1) << qint64(1) << "0x80";
    }

    void utf8Check()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, offset);
        QFETCH(qint64, length);
        QFETCH(qint64, count);
        QFETCH(QString, what);
        const BadBytes bad = findInvalidUtf8(bytes);
        QCOMPARE(bad.offset, offset);
        QCOMPARE(bad.length, length);
        QCOMPARE(bad.count, count);
        QCOMPARE(bad.what, what);
    }

    // Every character's text offset maps to the offset of its bytes in the original, whatever their widths.
    void offsetsMapEveryCharacter_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QByteArray>("encoding");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("bom");
        const QString mixed = QStringLiteral("<a>h\u00e9llo \u65e5\u672c \U0001D11E!</a>");
        const QString japanese = QStringLiteral("<a>\u65e5\u672c\u8a9e \uff71\uff72 x</a>"); // incl. half-width kana
        QTest::addRow("UTF-16LE with mark") << mixed << QByteArray("UTF-16LE") << int(XmlEncoding::Kind::Utf16) << true;
        QTest::addRow("UTF-16BE") << mixed << QByteArray("UTF-16BE") << int(XmlEncoding::Kind::Utf16) << false;
        QTest::addRow("EUC-JP (1, 2 and 3 bytes)")
            << japanese << QByteArray("EUC-JP") << int(XmlEncoding::Kind::Legacy) << false;
        QTest::addRow("Shift_JIS") << japanese << QByteArray("Shift_JIS") << int(XmlEncoding::Kind::Legacy) << false;
        QTest::addRow("ISO-2022-JP (escape sequences)")
            << japanese.left(6) + QStringLiteral("</a>") << QByteArray("ISO-2022-JP") << int(XmlEncoding::Kind::Legacy)
            << false;
        QTest::addRow("windows-1252") << QStringLiteral("<a>\u20ac caf\u00e9</a>") << QByteArray("windows-1252")
                                      << int(XmlEncoding::Kind::Legacy) << false;
    }

    void offsetsMapEveryCharacter()
    {
        QFETCH(QString, text);
        QFETCH(QByteArray, encoding);
        QFETCH(int, kind);
        QFETCH(bool, bom);
        const QByteArray wire = encoded(text, encoding.constData(), bom);
        const XmlEncoding e
            = encodingOf(XmlEncoding::Kind(kind), encoding.constData(), encoding.endsWith("BE"), bom ? 2 : 0);
        const TranscodedXml t = transcodeToUtf8(wire, e);
        QVERIFY2(!t.bad.found(), qPrintable(t.bad.what));
        QCOMPARE(t.utf8, text.toUtf8());
        QCOMPARE(t.offsets.wireEnd(), wire.size());
        // Each prefix of the text ends where the encoding of that prefix ends.
        QStringEncoder encoder(encoding.constData());
        qint64 textOffset = 0;
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i).isLowSurrogate())
                continue;
            QByteArray prefix = encoded(text.left(i), encoding.constData(), bom);
            if (encoding == "ISO-2022-JP" && i > 0 && text.at(i).unicode() < 0x80 && text.at(i - 1).unicode() >= 0x80)
                prefix = encoded(text.left(i) + QLatin1Char('x'), encoding.constData()).chopped(1); // with its escape
            QCOMPARE(t.offsets.toWire(textOffset), prefix.size());
            textOffset += text.mid(i, text.at(i).isHighSurrogate() ? 2 : 1).toUtf8().size();
        }
    }

    void badPlaces_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QByteArray>("encoding");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("length");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("text");

        using K = XmlEncoding::Kind;
        QTest::addRow("EUC-JP: a lone lead byte before ASCII")
            << QByteArray("<a>\xE9<b>") << QByteArray("EUC-JP") << int(K::Legacy) << qint64(3) << qint64(1) << qint64(1)
            << "0xE9" << QStringLiteral("<a>\ufffd<b>");
        QTest::addRow("EUC-JP: bytes that are never characters, each counted")
            << QByteArray("\xFF\xFFx\xFF\xFFy") << QByteArray("EUC-JP") << int(K::Legacy) << qint64(0) << qint64(1)
            << qint64(4) << "0xFF" << QStringLiteral("\ufffd\ufffdx\ufffd\ufffdy");
        QTest::addRow("EUC-JP: half a character at the end")
            << QByteArray("ab\xC6") << QByteArray("EUC-JP") << int(K::Legacy) << qint64(2) << qint64(1) << qint64(1)
            << "0xC6 at the end, not a whole character" << QStringLiteral("ab");
        QTest::addRow("US-ASCII: a byte above 0x7F")
            << QByteArray("ab\xE9") << QByteArray("US-ASCII") << int(K::Legacy) << qint64(2) << qint64(1) << qint64(1)
            << "0xE9" << QStringLiteral("ab\ufffd");
        QTest::addRow("UTF-16LE: unpaired low surrogate")
            << QByteArray("a\0\x00\xDC"
                          "b\0",
                          6)
            << QByteArray("UTF-16LE") << int(K::Utf16) << qint64(2) << qint64(2) << qint64(1)
            << "an unpaired surrogate 0xDC00" << QStringLiteral("a\ufffdb");
        QTest::addRow("UTF-16BE: high surrogate at the end")
            << QByteArray("\0a\xD8\x00", 4) << QByteArray("UTF-16BE") << int(K::Utf16) << qint64(2) << qint64(2)
            << qint64(1) << "an unpaired surrogate 0xD800" << QStringLiteral("a\ufffd");
        QTest::addRow("UTF-16LE: odd length")
            << QByteArray("a\0b", 3) << QByteArray("UTF-16LE") << int(K::Utf16) << qint64(2) << qint64(1) << qint64(1)
            << "a last byte that is half a character" << QStringLiteral("a");
    }

    void badPlaces()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QByteArray, encoding);
        QFETCH(int, kind);
        QFETCH(qint64, offset);
        QFETCH(qint64, length);
        QFETCH(qint64, count);
        QFETCH(QString, what);
        QFETCH(QString, text);
        const TranscodedXml t
            = transcodeToUtf8(wire, encodingOf(XmlEncoding::Kind(kind), encoding.constData(), encoding.endsWith("BE")));
        QCOMPARE(t.bad.offset, offset);
        QCOMPARE(t.bad.length, length);
        QCOMPARE(t.bad.count, count);
        QCOMPARE(t.bad.what, what);
        QCOMPARE(QString::fromUtf8(t.utf8), text);
    }
};

QTEST_GUILESS_MAIN(TestXmlTranscoder)
#include "tst_xmltranscoder.moc"
