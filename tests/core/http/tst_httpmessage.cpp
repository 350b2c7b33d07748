// Reading one framed HTTP message (readHttpMessage and what it builds on): head fields (case-insensitive, repeated,
// folded), chunked bodies with trailers de-chunked into a buffer of their own, gzip / zlib / raw deflate content
// coding, incomplete and corrupt bodies, and the inflate limit against zip bombs.
#include "http/httpcontentcoding.h"
#include "http/httphead.h"
#include "http/httpmessage.h"

#include <QTest>

#include <zlib.h>

using namespace rpcscope;
using http::HttpHead;

namespace {

// windowBits: 15 zlib, -15 raw deflate, 31 gzip.
QByteArray compressed(const QByteArray& data, int windowBits)
{
    z_stream zs {};
    deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(data.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(int(zs.total_out));
    deflateEnd(&zs);
    return out;
}

struct Read
{
    DecodedMessage message;
    http::HttpMessageParts parts;
};

Read readMessage(const QByteArray& bytes, HttpHead::Kind kind = HttpHead::Kind::Response, DecodeLimits limits = {})
{
    Read r;
    r.message.tree.name = QStringLiteral("root");
    r.parts = http::readHttpMessage(bytes, kind, r.message, &r.message.tree, limits);
    return r;
}

QByteArray payload(const Read& r)
{
    return r.parts.body.toByteArray();
}

} // namespace

class TestHttpMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headFields()
    {
        const QByteArray bytes = "HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nContent-type: text/xml\r\n"
                                 "X-Folded: first\r\n  second\r\nVia: a\r\nVia: b\r\nContent-length: 2\r\n\r\nok";
        // The head's fields are views into these bytes, which must outlive it.
        const QByteArrayView headBytes = QByteArrayView(bytes).first(bytes.indexOf("\r\n\r\n") + 4);
        const Result<HttpHead> head = http::parseHead(headBytes, HttpHead::Kind::Response);
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        QCOMPARE(head->versionMinor, 0);
        QCOMPARE(head->reason, QByteArrayView("OK"));
        QCOMPARE(head->value("content-type"), QByteArrayView("text/xml"));
        QCOMPARE(head->value("CONTENT-LENGTH"), QByteArrayView("2"));
        QCOMPARE(HttpHead::fieldValue(*head->field("x-folded")), QByteArray("first second"));
        QCOMPARE(head->headers.size(), std::size_t(6));
        QVERIFY(head->problems.empty());
        QCOMPARE(http::parseContentLength("12, 12"), qint64(12));
        QCOMPARE(http::parseContentLength("12, 13"), qint64(-1));
        QCOMPARE(http::parseContentLength("99999999999999999999999"), std::numeric_limits<qint64>::max());

        const Read r = readMessage(bytes);
        QCOMPARE(payload(r), QByteArray("ok"));
        const DecodeNode* server = r.message.tree.find(u"http/headers/Server");
        QVERIFY(server);
        QCOMPARE(bytes.mid(server->offset, server->length), QByteArray("Server: BaseHTTP/0.6 Python/3.11.2"));
        QCOMPARE(r.message.tree.find(u"http/statusLine/status")->value, QStringLiteral("200"));
    }

    // The Content-Type's charset names a body's encoding when the XML does not (RFC 7303); its value's offset is
    // kept so that a note about it can point there.
    void charset_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("charset");
        QTest::addColumn<QByteArray>("sent"); // the value as it appears in the message, empty when none

        QTest::addRow("none") << QByteArray("text/xml") << QByteArray() << QByteArray();
        QTest::addRow("plain") << QByteArray("text/xml; charset=ISO-8859-1") << QByteArray("iso-8859-1")
                               << QByteArray("ISO-8859-1");
        QTest::addRow("no blank, upper-case name")
            << QByteArray("text/xml;CHARSET=utf-8") << QByteArray("utf-8") << QByteArray("utf-8");
        QTest::addRow("quoted") << QByteArray("text/xml; charset=\"EUC-JP\"") << QByteArray("euc-jp")
                                << QByteArray("EUC-JP");
        QTest::addRow("after another parameter") << QByteArray("application/xml; version=1; charset = Shift_JIS ")
                                                 << QByteArray("shift_jis") << QByteArray("Shift_JIS");
        QTest::addRow("a parameter that only ends in charset")
            << QByteArray("text/xml; xcharset=latin1") << QByteArray() << QByteArray();
    }

    void charset()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, charset);
        QFETCH(QByteArray, sent);
        const QByteArray bytes
            = "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nContent-Length: 4\r\n\r\n<a/>";
        const Read r = readMessage(bytes);
        QCOMPARE(r.parts.charset, charset);
        if (sent.isEmpty())
            QCOMPARE(r.parts.charsetOffset, -1);
        else
            QCOMPARE(bytes.mid(r.parts.charsetOffset, sent.size()), sent);
    }

    void codings_data()
    {
        QTest::addColumn<QByteArray>("coding");
        QTest::addColumn<int>("windowBits");
        QTest::addColumn<QString>("format");
        QTest::addRow("gzip") << QByteArray("gzip") << 31 << "gzip";
        QTest::addRow("x-gzip") << QByteArray("x-gzip") << 31 << "gzip";
        QTest::addRow("deflate as zlib (RFC)") << QByteArray("deflate") << 15 << "zlib";
        QTest::addRow("deflate as raw deflate (common)") << QByteArray("deflate") << -15 << "raw deflate";
        QTest::addRow("gzip label on zlib data") << QByteArray("gzip") << 15 << "zlib";
    }

    void codings()
    {
        QFETCH(QByteArray, coding);
        QFETCH(int, windowBits);
        QFETCH(QString, format);
        const QByteArray xml
            = "<?xml version='1.0'?>\n<methodResponse>" + QByteArray(3000, ' ') + "</methodResponse>\n";
        const QByteArray body = compressed(xml, windowBits);
        const QByteArray bytes = "HTTP/1.1 200 OK\r\nContent-Encoding: " + coding
            + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        const Read r = readMessage(bytes);
        QVERIFY(r.message.problems.empty());
        QCOMPARE(payload(r), xml);
        QCOMPARE(r.parts.bodyBuffer, 1);
        QCOMPARE(r.message.buffers.at(1), xml);
        const DecodeNode* inflated = r.message.tree.find(u"body/inflated");
        QVERIFY(inflated);
        QCOMPARE(inflated->type, format);
        QCOMPARE(inflated->buffer, 1);
    }

    void chunkedWithTrailers()
    {
        const QByteArray bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "5;ext=\"x\"\r\nhello\r\n7\r\n, world\r\n0\r\nX-Sum: 12\r\n\r\n";
        const Read r = readMessage(bytes);
        QVERIFY(r.message.problems.empty());
        QCOMPARE(payload(r), QByteArray("hello, world"));
        QCOMPARE(r.message.bufferNames.at(std::size_t(r.parts.bodyBuffer)), QStringLiteral("body (de-chunked)"));
        const DecodeNode* chunk = r.message.tree.find(u"body/chunk[1]/data");
        QVERIFY(chunk);
        QCOMPARE(bytes.mid(chunk->offset, chunk->length), QByteArray(", world"));
        QCOMPARE(r.message.tree.find(u"body/lastChunk")->value, QStringLiteral("0 bytes"));
        const DecodeNode* trailer = r.message.tree.find(u"body/trailers/X-Sum");
        QVERIFY(trailer);
        QCOMPARE(trailer->value, QStringLiteral("12"));
        QCOMPARE(bytes.mid(trailer->offset, trailer->length), QByteArray("X-Sum: 12"));
    }

    void chunkedThenGzip()
    {
        const QByteArray xml = "<methodResponse/>";
        const QByteArray gz = compressed(xml, 31);
        const QByteArray bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
            + QByteArray::number(5, 16) + "\r\n" + gz.left(5) + "\r\n" + QByteArray::number(gz.size() - 5, 16) + "\r\n"
            + gz.mid(5) + "\r\n0\r\n\r\n";
        const Read r = readMessage(bytes);
        QVERIFY(r.message.problems.empty());
        QCOMPARE(payload(r), xml);
        QCOMPARE(r.message.buffers.size(), std::size_t(3)); // message, de-chunked, inflated
    }

    void problems_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<qint64>("offset");

        QTest::addRow("short body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
                                    << "the body is incomplete: 3 of 10 bytes" << qint64(42);
        QTest::addRow("incomplete chunked body")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
            << "the chunked body is incomplete" << qint64(53);
        QTest::addRow("bad chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n")
                                        << "bad chunk size \"xyz\"" << qint64(47);
        QTest::addRow("corrupt gzip") << QByteArray(
            "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 14\r\n\r\n"
            "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff",
            77) << "corrupt gzip data: invalid block type"
                                      << qint64(63);
        QTest::addRow("truncated gzip") << "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n"
                + compressed(QByteArray(5000, 'a'), 31).left(20)
                                        << "the gzip data is truncated (ends after 0 inflated bytes)" << qint64(43);
        QTest::addRow("unsupported coding")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx")
            << "unsupported Content-Encoding \"br\"; the body is shown as sent" << qint64(41);
        QTest::addRow("head ending in a lone CR")
            << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n\r")
            << "the header block is incomplete (no empty line after the fields)" << qint64(24);
        QTest::addRow("no start line") << QByteArray("hello\r\n\r\n") << "not an HTTP status line" << qint64(0);
        QTest::addRow("header without colon")
            << QByteArray("HTTP/1.1 200 OK\r\nbroken line\r\nContent-Length: 0\r\n\r\n")
            << "header line without a colon" << qint64(17);
    }

    void problems()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        QFETCH(qint64, offset);
        const Read r = readMessage(bytes);
        QVERIFY(!r.message.problems.empty());
        QCOMPARE(r.message.problems.front().text, problem);
        QCOMPARE(r.message.problems.front().offset, offset);
        QCOMPARE(r.message.status, CallStatus::Malformed);
        QVERIFY(r.message.tree.hasError());
    }

    void zipBombStopsAtTheLimit()
    {
        const QByteArray bomb = compressed(QByteArray(8 * 1024 * 1024, '\0'), 31);
        QVERIFY(bomb.size() < 20000);
        const Result<http::InflatedBody> r = http::inflateBody(bomb, http::ContentCoding::Gzip, 1024 * 1024);
        QVERIFY(!r);
        QCOMPARE(r.error(), QStringLiteral("inflated body exceeds the limit of 1048576 bytes"));

        DecodeLimits limits;
        limits.maxMessageBytes = 1024 * 1024;
        const Read m = readMessage("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                                       + QByteArray::number(bomb.size()) + "\r\n\r\n" + bomb,
                                   HttpHead::Kind::Response, limits);
        QCOMPARE(m.message.problems.front().text, QStringLiteral("inflated body exceeds the limit of 1048576 bytes"));
        QCOMPARE(m.message.buffers.size(), std::size_t(1));
    }

    void concatenatedGzipMembers()
    {
        const QByteArray both = compressed("hello, ", 31) + compressed("world", 31);
        const Result<http::InflatedBody> r = http::inflateBody(both, http::ContentCoding::Gzip, 1000);
        QVERIFY2(r, qPrintable(r ? QString() : r.error()));
        QCOMPARE(r->data, QByteArray("hello, world"));
    }
};

QTEST_GUILESS_MAIN(TestHttpMessage)
#include "tst_httpmessage.moc"
