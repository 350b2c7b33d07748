// detectXmlEncoding: how the bytes of an XML body are read, as XML 1.0 (§4.3.3, Appendix F) and RFC 7303 decide
// it: byte order marks, the byte patterns of UTF-16 and UCS-4 without one, the HTTP charset over the declaration,
// names Qt knows (through ICU: EUC-JP, Shift_JIS, windows-1252...) and those it does not, and the notes for names
// that disagree with the bytes. Also narrowedProlog, which lets the probe see a UTF-16 body's root element.
#include "xmlrpc/xmlencoding.h"
#include "xmlrpc/xmlprolog.h"

#include <QStringEncoder>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::xmlrpc;

namespace {

QByteArray encoded(const QString& text, const char* encoding, bool bom = false)
{
    QStringEncoder encoder(encoding, bom ? QStringConverter::Flag::WriteBom : QStringConverter::Flag::Default);
    return encoder.encode(text);
}

const QString kCall = QStringLiteral("<methodCall><methodName>m</methodName></methodCall>");
const QString kDeclared = QStringLiteral("<?xml version=\"1.0\" encoding=\"%1\"?>") + kCall;

} // namespace

class TestXmlEncoding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void detect_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("charset");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<QString>("description");
        QTest::addColumn<qint64>("bom");
        QTest::addColumn<QString>("note"); // the one note, or empty

        using K = XmlEncoding::Kind;
        const QByteArray call = kCall.toUtf8();
        QTest::addRow("nothing named: UTF-8") << call << QByteArray() << int(K::Utf8) << QByteArray("UTF-8")
                                              << "UTF-8 (no encoding named)" << qint64(0) << QString();
        QTest::addRow("UTF-8 declared") << kDeclared.arg(QStringLiteral("utf-8")).toUtf8() << QByteArray()
                                        << int(K::Utf8) << QByteArray("UTF-8") << "UTF-8 (XML declaration)" << qint64(0)
                                        << QString();
        QTest::addRow("UTF-8 byte order mark")
            << "\xEF\xBB\xBF" + call << QByteArray() << int(K::Utf8) << QByteArray("UTF-8") << "UTF-8 (byte order mark)"
            << qint64(3) << QString();
        QTest::addRow("UTF-8 mark beats a declared Latin-1")
            << "\xEF\xBB\xBF" + kDeclared.arg(QStringLiteral("ISO-8859-1")).toUtf8() << QByteArray() << int(K::Utf8)
            << QByteArray("UTF-8") << "UTF-8 (byte order mark)" << qint64(3)
            << "the XML declaration names iso-8859-1, but the body starts with a UTF-8 byte order mark; read as UTF-8";
        QTest::addRow("UTF-16LE mark") << encoded(kCall, "UTF-16LE", true) << QByteArray() << int(K::Utf16)
                                       << QByteArray("UTF-16LE") << "UTF-16LE (byte order mark)" << qint64(2)
                                       << QString();
        QTest::addRow("UTF-16BE mark, declared UTF-16")
            << encoded(kDeclared.arg(QStringLiteral("UTF-16")), "UTF-16BE", true) << QByteArray() << int(K::Utf16)
            << QByteArray("UTF-16BE") << "UTF-16BE (byte order mark)" << qint64(2) << QString();
        QTest::addRow("UTF-16LE without a mark")
            << encoded(kDeclared.arg(QStringLiteral("UTF-16LE")), "UTF-16LE") << QByteArray() << int(K::Utf16)
            << QByteArray("UTF-16LE") << "UTF-16LE (by its byte pattern)" << qint64(0)
            << "UTF-16 body without a byte order mark; XML 1.0 requires one (read as UTF-16LE by its byte pattern)";
        QTest::addRow("UTF-16 mark, declaration says Latin-1")
            << encoded(kDeclared.arg(QStringLiteral("ISO-8859-1")), "UTF-16LE", true) << QByteArray() << int(K::Utf16)
            << QByteArray("UTF-16LE") << "UTF-16LE (byte order mark)" << qint64(2)
            << "the XML declaration names iso-8859-1, but the body is UTF-16LE (byte order mark); read as UTF-16LE";
        QTest::addRow("UTF-16 mark, HTTP charset says UTF-8")
            << encoded(kCall, "UTF-16BE", true) << QByteArray("utf-8") << int(K::Utf16) << QByteArray("UTF-16BE")
            << "UTF-16BE (byte order mark)" << qint64(2)
            << "the HTTP charset names utf-8, but the body is UTF-16BE (byte order mark); read as UTF-16BE";
        QTest::addRow("UCS-4 big-endian mark")
            << encoded(kCall, "UTF-32BE", true) << QByteArray() << int(K::Refused) << QByteArray("UCS-4 (UTF-32BE)")
            << "UCS-4 (UTF-32BE) (byte order mark)" << qint64(4) << QString();
        QTest::addRow("UCS-4 little-endian without a mark")
            << encoded(kCall, "UTF-32LE") << QByteArray() << int(K::Refused) << QByteArray("UCS-4 (UTF-32LE)")
            << "UCS-4 (UTF-32LE) (by its byte pattern)" << qint64(0) << QString();
        QTest::addRow("UCS-4 in order 2143")
            << QByteArray("\x00\x00\x3C\x00\x00\x00\x6D\x00", 8) << QByteArray() << int(K::Refused)
            << QByteArray("UCS-4 in the unusual byte order 2143")
            << "UCS-4 in the unusual byte order 2143 (by its byte pattern)" << qint64(0) << QString();
        QTest::addRow("EBCDIC") << QByteArray("\x4C\x6F\xA7\x94") << QByteArray() << int(K::Refused)
                                << QByteArray("EBCDIC") << "EBCDIC (by its byte pattern)" << qint64(0) << QString();
        QTest::addRow("Latin-1 declared")
            << kDeclared.arg(QStringLiteral("ISO-8859-1")).toLatin1() << QByteArray() << int(K::Legacy)
            << QByteArray("ISO-8859-1") << "ISO-8859-1 (XML declaration)" << qint64(0) << QString();
        QTest::addRow("latin1 alias declared")
            << kDeclared.arg(QStringLiteral("latin1")).toLatin1() << QByteArray() << int(K::Legacy)
            << QByteArray("ISO-8859-1") << "ISO-8859-1 (XML declaration)" << qint64(0) << QString();
        QTest::addRow("EUC-JP declared") << kDeclared.arg(QStringLiteral("EUC-JP")).toLatin1() << QByteArray()
                                         << int(K::Legacy) << QByteArray("EUC-JP") << "EUC-JP (XML declaration)"
                                         << qint64(0) << QString();
        QTest::addRow("us-ascii declared is checked as ASCII")
            << kDeclared.arg(QStringLiteral("us-ascii")).toLatin1() << QByteArray() << int(K::Legacy)
            << QByteArray("US-ASCII") << "US-ASCII (XML declaration)" << qint64(0) << QString();
        QTest::addRow("HTTP charset when nothing is declared")
            << call << QByteArray("iso-8859-1") << int(K::Legacy) << QByteArray("ISO-8859-1")
            << "ISO-8859-1 (HTTP charset)" << qint64(0) << QString();
        QTest::addRow("HTTP charset and declaration agree by alias")
            << kDeclared.arg(QStringLiteral("latin1")).toLatin1() << QByteArray("iso-8859-1") << int(K::Legacy)
            << QByteArray("ISO-8859-1") << "ISO-8859-1 (HTTP charset)" << qint64(0) << QString();
        QTest::addRow("HTTP charset beats the declaration")
            << kDeclared.arg(QStringLiteral("EUC-JP")).toLatin1() << QByteArray("utf-8") << int(K::Utf8)
            << QByteArray("UTF-8") << "UTF-8 (HTTP charset)" << qint64(0)
            << "the HTTP charset names utf-8 and the XML declaration euc-jp; read as utf-8, as RFC 7303 says (Python's "
               "xmlrpc.client follows the declaration)";
        QTest::addRow("UTF-16 named for single bytes")
            << kDeclared.arg(QStringLiteral("UTF-16")).toLatin1() << QByteArray() << int(K::Utf8) << QByteArray("UTF-8")
            << "UTF-8 (by its byte pattern)" << qint64(0)
            << "the XML declaration names utf-16, but the body's characters are single bytes (\"<\" is one byte); read "
               "as UTF-8";
        QTest::addRow("unknown name") << kDeclared.arg(QStringLiteral("x-klingon")).toLatin1() << QByteArray()
                                      << int(K::Refused) << QByteArray("x-klingon") << "x-klingon (XML declaration)"
                                      << qint64(0) << QString();
        QTest::addRow("unknown HTTP charset")
            << call << QByteArray("x-klingon") << int(K::Refused) << QByteArray("x-klingon")
            << "x-klingon (HTTP charset)" << qint64(0) << QString();
    }

    void detect()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, charset);
        QFETCH(int, kind);
        QFETCH(QByteArray, name);
        QFETCH(QString, description);
        QFETCH(qint64, bom);
        QFETCH(QString, note);
        const XmlEncoding e = detectXmlEncoding(body, charset);
        QCOMPARE(int(e.kind), kind);
        QCOMPARE(e.name, name);
        QCOMPARE(e.description(), description);
        QCOMPARE(e.bomLength, bom);
        QCOMPARE(e.notes.size(), note.isEmpty() ? std::size_t(0) : std::size_t(1));
        if (!note.isEmpty())
            QCOMPARE(e.notes.front().text, note);
        if (e.kind == XmlEncoding::Kind::Refused)
            QVERIFY2(e.refusal.contains(QString::fromLatin1(name)), qPrintable(e.refusal));
    }

    // A note about the declaration points at the declaration's bytes, in whatever width they are.
    void noteOffsets()
    {
        const QByteArray body
            = encoded(QStringLiteral("\n") + kDeclared.arg(QStringLiteral("ISO-8859-1")), "UTF-16LE", true);
        const XmlEncoding e = detectXmlEncoding(body);
        QCOMPARE(e.notes.size(), std::size_t(1));
        const qint64 at = e.notes.front().offset;
        QCOMPARE(at, 4); // the mark, then one UTF-16 newline
        QCOMPARE(body.mid(at, e.notes.front().length),
                 encoded(QStringLiteral("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"), "UTF-16LE"));
    }

    void refusalTexts()
    {
        QCOMPARE(detectXmlEncoding(encoded(kCall, "UTF-32BE", true)).refusal,
                 QStringLiteral("the body is UCS-4 (UTF-32BE) (byte order mark), which is not read: XML requires only "
                                "UTF-8 and UTF-16, and XML-RPC peers (Python's expat) refuse UCS-4 too"));
        QCOMPARE(detectXmlEncoding(kCall.toUtf8(), "x-klingon").refusal,
                 QStringLiteral("the body's encoding \"x-klingon\" (HTTP charset) is not known here; the body is not "
                                "read"));
    }

    void narrowedPrologs_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("wide");
        QTest::addColumn<QByteArray>("root");
        const QString withUnicode = QStringLiteral("<?xml version='1.0'?><!-- \u00e9\U0001D11E --><methodCall/>");
        QTest::addRow("UTF-16LE with mark")
            << encoded(withUnicode, "UTF-16LE", true) << true << QByteArray("methodCall");
        QTest::addRow("UTF-16BE without") << encoded(withUnicode, "UTF-16BE") << true << QByteArray("methodCall");
        QTest::addRow("UCS-4 LE") << encoded(withUnicode, "UTF-32LE", true) << true << QByteArray("methodCall");
        QTest::addRow("UTF-8 is scanned as it is") << withUnicode.toUtf8() << false << QByteArray();
    }

    void narrowedPrologs()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, wide);
        QFETCH(QByteArray, root);
        const std::optional<QByteArray> narrowed = narrowedProlog(body);
        QCOMPARE(narrowed.has_value(), wide);
        if (!wide)
            return;
        const Prolog p = scanProlog(*narrowed);
        QCOMPARE(p.status, Prolog::Status::Root);
        QCOMPARE(p.rootName.toByteArray(), root);
        QCOMPARE(p.declarationOffset, 0);
    }
};

QTEST_GUILESS_MAIN(TestXmlEncoding)
#include "tst_xmlencoding.moc"
