// The raw text pane's rendering: HTTP headers with pretty-printed XML, derived bodies, framed payloads (Pyro4
// shape), binary messages, and XML that cannot or must not be pretty-printed.
#include "models/messagetext.h"

#include <QTest>

using namespace rpcscope;

namespace {

DecodedMessage bytesOnly(const QByteArray& bytes)
{
    DecodedMessage m;
    m.buffers = {bytes};
    m.bufferNames = {QStringLiteral("message")};
    return m;
}

} // namespace

class TestMessageText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void render_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("text");
        QTest::addRow("XML-RPC request")
            << QByteArray("POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n\r\n<?xml "
                          "version=\"1.0\"?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n<param>\n<value>"
                          "<int>3</int></value>\n</param>\n</params>\n</methodCall>\n")
            << "POST /RPC2 HTTP/1.1\nHost: 127.0.0.1\nContent-Type: text/xml\n\n<?xml version=\"1.0\"?>\n<methodCall>\n"
               "  <methodName>add</methodName>\n  <params>\n    <param>\n      <value>\n        <int>3</int>\n"
               "      </value>\n    </param>\n  </params>\n</methodCall>\n";
        QTest::addRow("string content kept as sent")
            << QByteArray("HTTP/1.0 200 OK\r\n\r\n<methodResponse><params><param><value><string>  two  spaces "
                          "&amp; more</string></value></param></params></methodResponse>")
            << "HTTP/1.0 200 OK\n\n<methodResponse>\n  <params>\n    <param>\n      <value>\n        <string>  two  "
               "spaces &amp; more</string>\n      </value>\n    </param>\n  </params>\n</methodResponse>\n";
        QTest::addRow("not well-formed XML shown as sent")
            << QByteArray("POST / HTTP/1.1\r\n\r\n<methodCall><methodName>x</methodCall>")
            << "POST / HTTP/1.1\n\n<methodCall><methodName>x</methodCall>\n\n(shown as sent: not well-formed XML at "
               "line 1, column 38: Opening and ending tag mismatch.)";
        QTest::addRow("DOCTYPE never expanded")
            << QByteArray("POST / HTTP/1.1\r\n\r\n<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>")
            << "POST / HTTP/1.1\n\n<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>\n\n(shown as sent: the document declares "
               "a "
               "DOCTYPE, which is not expanded)";
        QTest::addRow("empty body") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                                    << "GET / HTTP/1.1\nHost: a\n\n(empty body)";
        QTest::addRow("plain text") << QByteArray("hello\nworld") << "hello\nworld";
        QTest::addRow("binary: printable runs")
            << QByteArray("\xac\xed\x00\x05w\x22\x00\x01java.lang.String\x00\x00\x7fok", 29)
            << "(binary, 29 bytes; printable text in it:)\n000008: java.lang.String\n";
        QTest::addRow("no bytes") << QByteArray() << "(no bytes)";
    }

    void render()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, text);
        QCOMPARE(MessageText::render(bytesOnly(bytes)), text);
    }

    void derivedBodyIsShown()
    {
        DecodedMessage m = bytesOnly("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<a/>\n\r\n0\r\n\r\n");
        m.buffers.push_back("<a/>\n");
        m.bufferNames.push_back(QStringLiteral("de-chunked body"));
        QCOMPARE(MessageText::render(m),
                 QStringLiteral("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n(de-chunked body)\n<a/>\n"));
    }

    void framedPayload()
    {
        DecodedMessage m = bytesOnly(QByteArray("PYRO\x00\x30", 6) + "{\"a\":[1,2]}");
        m.tree.name = QStringLiteral("pyro4");
        DecodeNode& header
            = m.tree.add(QStringLiteral("header"), QStringLiteral("header"), QStringLiteral("INVOKE seq 1"), 0, 6);
        header.add(QStringLiteral("header.magic"), QStringLiteral("bytes"), QStringLiteral("\"PYRO\""), 0, 4);
        header.add(QStringLiteral("header.version"), QStringLiteral("u16"), QStringLiteral("48"), 4, 2);
        m.tree.add(QStringLiteral("payload"), QStringLiteral("json"), QStringLiteral("11 bytes"), 6, 11);
        QCOMPARE(MessageText::render(m),
                 QStringLiteral("header: INVOKE seq 1\n"
                                "  header.magic = \"PYRO\"\n"
                                "  header.version = 48\n"
                                "\npayload (json, 11 bytes):\n"
                                "{\n    \"a\": [\n        1,\n        2\n    ]\n}\n"));
    }

    void textDetection_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("text");
        QTest::addRow("ascii") << QByteArray("abc def\r\n") << true;
        QTest::addRow("utf-8") << QByteArray("ünïcödé ✓") << true;
        QTest::addRow("invalid utf-8") << QByteArray("\xff\xfe\x41", 3) << false;
        QTest::addRow("many control bytes") << QByteArray("a\x01\x02\x03\x04", 5) << false;
    }

    void textDetection()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, text);
        QCOMPARE(MessageText::looksLikeText(bytes), text);
    }

    void hugeBodyIsCut()
    {
        const QByteArray body(MessageText::kMaxBytes + 10, 'x');
        const QString text = MessageText::render(bytesOnly("HTTP/1.1 200 OK\r\n\r\n" + body));
        QVERIFY(text.endsWith(QStringLiteral("\n… (10 more bytes not shown)")));
    }
};

QTEST_GUILESS_MAIN(TestMessageText)
#include "tst_messagetext.moc"
