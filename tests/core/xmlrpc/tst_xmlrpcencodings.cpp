// XmlRpcDecoder on bodies in every encoding: UTF-16 with and without a byte order mark, legacy encodings named by
// the XML declaration or the HTTP charset (ISO-8859-1, windows-1252, EUC-JP, Shift_JIS), and bodies that are refused
// (UCS-4, EBCDIC, unknown names) or hold bytes invalid in their encoding. Values, the problems' texts and offsets,
// and every node's range in the bytes as sent; UTF-16 calls and refused ones through the stream pipeline.
#include "xmlrpctesting.h"

#include <QTest>

using namespace rpcscope;
using namespace rpcscope::xmlrpctest;

class TestXmlRpcEncodings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Every encoding XML-RPC peers send is read, and every node still covers the bytes as sent (not a UTF-8 copy):
    // the <string> node of a UTF-16 body covers the UTF-16 bytes of `<string>...</string>`.
    void encodings_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("encodingNode");
        QTest::addColumn<QString>("note"); // the one lenient note, or empty
        QTest::addColumn<QByteArray>("wireEncoding"); // for the bytes the <string> node must cover

        const QString japanese = QStringLiteral("\u65e5\u672c\u8a9e \u30c6\u30b9\u30c8");
        const QString mixed = QStringLiteral("h\u00e9llo \u2713 \U0001D11E");
        const QString declared16 = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n") + kEchoCall;
        QTest::addRow("UTF-16LE with a byte order mark")
            << encoded(declared16.arg(mixed), "UTF-16LE", true) << QByteArray("text/xml") << mixed
            << "UTF-16LE (byte order mark)" << QString() << QByteArray("UTF-16LE");
        QTest::addRow("UTF-16BE with a byte order mark")
            << encoded(declared16.arg(mixed), "UTF-16BE", true) << QByteArray("text/xml") << mixed
            << "UTF-16BE (byte order mark)" << QString() << QByteArray("UTF-16BE");
        QTest::addRow("UTF-16LE without a byte order mark")
            << encoded(declared16.arg(japanese), "UTF-16LE") << QByteArray("text/xml") << japanese
            << "UTF-16LE (by its byte pattern)"
            << "UTF-16 body without a byte order mark; XML 1.0 requires one (read as UTF-16LE by its byte pattern)"
            << QByteArray("UTF-16LE");
        QTest::addRow("UTF-16BE without mark or declaration")
            << encoded(kEchoCall.arg(japanese), "UTF-16BE") << QByteArray("text/xml") << japanese
            << "UTF-16BE (by its byte pattern)"
            << "UTF-16 body without a byte order mark; XML 1.0 requires one (read as UTF-16BE by its byte pattern)"
            << QByteArray("UTF-16BE");
        QTest::addRow("EUC-JP declared") << encoded(
            QStringLiteral("<?xml version='1.0' encoding='EUC-JP'?>\n") + kEchoCall.arg(japanese), "EUC-JP")
                                         << QByteArray("text/xml") << japanese << "EUC-JP (XML declaration)"
                                         << QString() << QByteArray("EUC-JP");
        QTest::addRow("Shift_JIS declared") << encoded(
            QStringLiteral("<?xml version='1.0' encoding='Shift_JIS'?>\n") + kEchoCall.arg(japanese), "Shift_JIS")
                                            << QByteArray("text/xml") << japanese << "Shift_JIS (XML declaration)"
                                            << QString() << QByteArray("Shift_JIS");
        const QString euro = QStringLiteral("\u20ac 5, caf\u00e9");
        QTest::addRow("windows-1252 declared") << encoded(
            QStringLiteral("<?xml version='1.0' encoding='windows-1252'?>") + kEchoCall.arg(euro), "windows-1252")
                                               << QByteArray("text/xml") << euro << "windows-1252 (XML declaration)"
                                               << QString() << QByteArray("windows-1252");
        const QString cafe = QStringLiteral("caf\u00e9 cr\u00e8me");
        QTest::addRow("ISO-8859-1 declared") << encoded(
            QStringLiteral("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>") + kEchoCall.arg(cafe), "ISO-8859-1")
                                             << QByteArray("text/xml") << cafe << "ISO-8859-1 (XML declaration)"
                                             << QString() << QByteArray("ISO-8859-1");
        QTest::addRow("ISO-8859-1 from the HTTP charset")
            << encoded(kEchoCall.arg(cafe), "ISO-8859-1") << QByteArray("text/xml; charset=ISO-8859-1") << cafe
            << "ISO-8859-1 (HTTP charset)" << QString() << QByteArray("ISO-8859-1");
        QTest::addRow("quoted HTTP charset")
            << encoded(kEchoCall.arg(cafe), "ISO-8859-1") << QByteArray("text/xml;charset=\"latin1\"") << cafe
            << "ISO-8859-1 (HTTP charset)" << QString() << QByteArray("ISO-8859-1");
        QTest::addRow("HTTP charset over the declaration (RFC 7303)")
            << encoded(QStringLiteral("<?xml version='1.0' encoding='utf-8'?>") + kEchoCall.arg(cafe), "ISO-8859-1")
            << QByteArray("text/xml; charset=iso-8859-1") << cafe << "ISO-8859-1 (HTTP charset)"
            << "the HTTP charset names iso-8859-1 and the XML declaration utf-8; read as iso-8859-1, as RFC 7303 says "
               "(Python's xmlrpc.client follows the declaration)"
            << QByteArray("ISO-8859-1");
        QTest::addRow("UTF-8 with a byte order mark")
            << encoded(kEchoCall.arg(mixed), "UTF-8", true) << QByteArray("text/xml") << mixed
            << "UTF-8 (byte order mark)" << QString() << QByteArray("UTF-8");
        QTest::addRow("UTF-16 declared on single bytes")
            << encoded(declared16.arg(cafe), "UTF-8") << QByteArray("text/xml") << cafe << "UTF-8 (by its byte pattern)"
            << "the XML declaration names utf-16, but the body's characters are single bytes (\"<\" is one byte); read "
               "as UTF-8"
            << QByteArray("UTF-8");
    }

    void encodings()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, value);
        QFETCH(QString, encodingNode);
        QFETCH(QString, note);
        QFETCH(QByteArray, wireEncoding);
        const QByteArray bytes = requestOfType(body, contentType);
        for (const bool tree : {true, false}) {
            const DecodedMessage m = decode(bytes, Direction::ClientToServer, nullptr, tree);
            QCOMPARE(m.status, CallStatus::Ok);
            QCOMPARE(m.method, QStringLiteral("echo"));
            QCOMPARE(m.params, RpcValue::fromArray({RpcValue::fromString(value)}));
            QCOMPARE(m.problems.size(), note.isEmpty() ? std::size_t(0) : std::size_t(1));
            if (!note.isEmpty()) {
                QCOMPARE(m.problems.front().kind, Problem::Kind::Lenient);
                QCOMPARE(m.problems.front().text, note);
            }
            // Node ranges are in the message as sent; no UTF-8 copy is added.
            QCOMPARE(m.buffers.size(), std::size_t(1));
            if (!tree)
                continue;
            QCOMPARE(m.tree.find(u"body/encoding")->value, encodingNode);
            const DecodeNode* string = m.tree.findFirst(u"string");
            QVERIFY(string);
            QCOMPARE(covered(m, string),
                     encoded(QStringLiteral("<string>%1</string>").arg(value), wireEncoding.constData()));
            const DecodeNode* call = m.tree.find(u"body/methodCall");
            QCOMPARE(call->offset + call->length, bytes.size());
            QCOMPARE(covered(m, call), encoded(kEchoCall.arg(value), wireEncoding.constData()));
        }
    }

    // Bodies that cannot be read say why and where, as a malformed message; nothing is dropped or shown as if fine.
    void unreadableBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<qint64>("at"); // offset in the body
        QTest::addColumn<qint64>("length"); // of the error node
        QTest::addColumn<QString>("shown"); // the parameter still read, or empty when nothing can be read

        const QString cafe = QStringLiteral("caf\u00e9");
        QTest::addRow("UCS-4 big-endian with a byte order mark")
            << encoded(kEchoCall.arg(cafe), "UTF-32BE", true) << QByteArray("text/xml")
            << "the body is UCS-4 (UTF-32BE) (byte order mark), which is not read: XML requires only UTF-8 and UTF-16, "
               "and XML-RPC peers (Python's expat) refuse UCS-4 too"
            << qint64(0) << qint64(4) << QString();
        QTest::addRow("UCS-4 little-endian without a mark")
            << encoded(kEchoCall.arg(cafe), "UTF-32LE") << QByteArray("text/xml")
            << "the body is UCS-4 (UTF-32LE) (by its byte pattern), which is not read: XML requires only UTF-8 and "
               "UTF-16, and XML-RPC peers (Python's expat) refuse UCS-4 too"
            << qint64(0) << qint64(4) << QString();
        QTest::addRow("an encoding Qt does not know")
            << QByteArray("<?xml version='1.0' encoding='x-rpcscope-none'?>")
                + kEchoCall.arg(QStringLiteral("a")).toUtf8()
            << QByteArray("text/xml")
            << "the body's encoding \"x-rpcscope-none\" (XML declaration) is not known here; the body is not read"
            << qint64(0) << qint64(4) << QString();
        QTest::addRow("EBCDIC") << QByteArray("\x4C\x6F\xA7\x94\x93\x40") << QByteArray("text/xml")
                                << "the body is EBCDIC (it starts with \"<?xm\" in EBCDIC), which is not read"
                                << qint64(0) << qint64(4) << QString();
        const QByteArray latin1 = encoded(kEchoCall.arg(cafe), "ISO-8859-1");
        QTest::addRow("Latin-1 that names no encoding")
            << latin1 << QByteArray("text/xml")
            << "invalid UTF-8 (0xE9) in a body that names no encoding, which XML reads as UTF-8"
            << qint64(latin1.indexOf('\xE9')) << qint64(1) << QStringLiteral("caf\ufffd");
        const QByteArray eucjp = encoded(kEchoCall.arg(QStringLiteral("\u65e5\u672c")), "EUC-JP");
        QTest::addRow("EUC-JP that names no encoding")
            << eucjp << QByteArray("text/xml")
            << "invalid UTF-8 (0xC6) in a body that names no encoding, which XML reads as UTF-8; 4 invalid places in "
               "all"
            << qint64(eucjp.indexOf('\xC6')) << qint64(1) << QStringLiteral("\ufffd\ufffd\ufffd\ufffd");
        QTest::addRow("UTF-8 named, Latin-1 sent")
            << QByteArray("<?xml version='1.0' encoding='UTF-8'?>") + latin1 << QByteArray("text/xml")
            << "invalid UTF-8 (0xE9) in a body read as UTF-8 (XML declaration)" << qint64(38 + latin1.indexOf('\xE9'))
            << qint64(1) << QStringLiteral("caf\ufffd");
        QByteArray badEucJp = QByteArray("<?xml version='1.0' encoding='EUC-JP'?>") + latin1;
        QTest::addRow("bytes that are no EUC-JP")
            << badEucJp << QByteArray("text/xml") << "invalid EUC-JP (0xE9) in a body read as EUC-JP (XML declaration)"
            << qint64(badEucJp.indexOf('\xE9')) << qint64(1) << QStringLiteral("caf\ufffd");
        QByteArray surrogate = encoded(kEchoCall.arg(QStringLiteral("ab")), "UTF-16LE", true);
        const qint64 b = surrogate.indexOf(QByteArray("b\0", 2));
        surrogate[b] = '\x00';
        surrogate[b + 1] = '\xD8';
        QTest::addRow("UTF-16 with an unpaired surrogate")
            << surrogate << QByteArray("text/xml")
            << "invalid UTF-16LE (an unpaired surrogate 0xD800) in a body read as UTF-16LE (byte order mark)" << b
            << qint64(2) << QStringLiteral("a\ufffd");
        const QByteArray odd = encoded(kEchoCall.arg(QStringLiteral("ab")), "UTF-16BE", true) + '\n';
        QTest::addRow("UTF-16 with an odd byte at the end")
            << odd << QByteArray("text/xml")
            << "invalid UTF-16BE (a last byte that is half a character) in a body read as UTF-16BE (byte order mark)"
            << qint64(odd.size() - 1) << qint64(1) << QStringLiteral("ab");
    }

    void unreadableBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, problem);
        QFETCH(qint64, at);
        QFETCH(qint64, length);
        QFETCH(QString, shown);
        const QByteArray bytes = requestOfType(body, contentType);
        const qint64 bodyStart = bytes.size() - body.size();
        for (const bool tree : {true, false}) {
            const DecodedMessage m = decode(bytes, Direction::ClientToServer, nullptr, tree);
            QCOMPARE(m.status, CallStatus::Malformed);
            QVERIFY(!m.problems.empty());
            QCOMPARE(m.problems.front().kind, Problem::Kind::Malformed);
            QCOMPARE(m.problems.front().text, problem);
            QCOMPARE(m.problems.front().offset, bodyStart + at);
            if (shown.isEmpty())
                QVERIFY2(m.params.toArray().empty(), qPrintable(m.params.toDisplayString()));
            else
                QCOMPARE(m.params, RpcValue::fromArray({RpcValue::fromString(shown)}));
            if (tree) {
                const DecodeNode* error = m.tree.findFirst(u"malformed");
                QVERIFY(error);
                QCOMPARE(error->offset, bodyStart + at);
                QCOMPARE(error->length, length);
                QCOMPARE(covered(m, error), body.mid(at, length));
                QCOMPARE(covered(m, m.tree.find(u"body")), body);
            }
        }
    }

    // A UTF-16 call does not take the rest of its connection down with it.
    void utf16CallOnAKeptAliveConnection()
    {
        const QString body = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n")
            + kEchoCall.arg(QStringLiteral("\u00e9t\u00e9"));
        Pipeline p;
        p.client(requestOfType(encoded(body, "UTF-16LE", true), "text/xml; charset=utf-16"));
        p.server(response(kSevenBody, "HTTP/1.1"));
        p.client(request(kAddBody)).server(response(kSevenBody, "HTTP/1.1"));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(2));
        QCOMPARE(calls[0].method(), QStringLiteral("echo"));
        QCOMPARE(calls[0].params(), RpcValue::fromArray({RpcValue::fromString(QStringLiteral("\u00e9t\u00e9"))}));
        QCOMPARE(calls[0].status, CallStatus::Ok);
        QCOMPARE(calls[0].result(), RpcValue::fromInt(7));
        QCOMPARE(calls[1].method(), QStringLiteral("add"));
        QCOMPARE(calls[1].result(), RpcValue::fromInt(7));
    }

    // A refused body is still a call, with its reason, and its reply pairs with it.
    void ucs4CallIsShownWithItsReason()
    {
        Pipeline p;
        p.client(requestOfType(encoded(kEchoCall.arg(QStringLiteral("x")), "UTF-32BE", true), "text/xml"));
        p.server(response(faultBody(1, "&lt;class 'xml.parsers.expat.ExpatError'&gt;:not well-formed"), "HTTP/1.1"));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(1));
        QCOMPARE(calls[0].status, CallStatus::Malformed);
        QVERIFY2(calls[0].notes.join(QLatin1Char('\n')).contains(QStringLiteral("UCS-4 (UTF-32BE)")),
                 qPrintable(calls[0].notes.join(QLatin1Char('\n'))));
        QCOMPARE(calls[0].fault()->code, RpcValue::fromInt(1));
    }
};

QTEST_GUILESS_MAIN(TestXmlRpcEncodings)
#include "tst_xmlrpcencodings.moc"
