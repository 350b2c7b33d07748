// What the bytes no field holds are, per protocol: HTTP line ends and separators, XML tags and indentation, the
// punctuation and keys of Pyro's serializers, the characters of a Java string. Checked on captured messages.
#include "explain/messagespans.h"
#include "explain/spanroles.h"
#include "explainfixtures.h"

#include <QTest>

using namespace rpcscope;

class TestSpanRoles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rolesOfCapturedBytes_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("call");
        QTest::addColumn<bool>("response");
        QTest::addColumn<int>("offset");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("says");
        const QString add = QStringLiteral("sample:xmlrpc-add.pcap");
        const QString greeting = QStringLiteral("sample:pyro4-greeting.pcap");
        const QString param0 = QStringLiteral("xmlrpc/body/methodCall/params/param[0]");
        QTest::addRow("space in the request line") << add << 1 << false << 4 << 1 << "separator"
                                                   << "xmlrpc/http/requestLine"
                                                   << " "
                                                   << "“method” and “target”";
        QTest::addRow("CRLF after the request line") << add << 1 << false << 19 << 2 << "crlf"
                                                     << "xmlrpc/http"
                                                     << "\\r\\n"
                                                     << "ends the request line";
        QTest::addRow("header name") << add << 1 << false << 21 << 4 << "header-name"
                                     << "xmlrpc/http/headers/Host"
                                     << "Host"
                                     << "“Host” header";
        QTest::addRow("colon after it") << add << 1 << false << 25 << 2 << "separator"
                                        << "xmlrpc/http/headers/Host"
                                        << ": "
                                        << "colon";
        QTest::addRow("header value") << add << 1 << false << 27 << 15 << "field"
                                      << "xmlrpc/http/headers/Host"
                                      << "127.0.0.1:38319"
                                      << "";
        QTest::addRow("CRLF after a header") << add << 1 << false << 42 << 2 << "crlf"
                                             << "xmlrpc/http/headers"
                                             << "\\r\\n"
                                             << "“Host” header line";
        QTest::addRow("blank line ending the headers") << add << 1 << false << 144 << 2 << "header-end"
                                                       << "xmlrpc/http/end"
                                                       << "\\r\\n"
                                                       << "ends the HTTP headers";
        QTest::addRow("LF between elements") << add << 1 << false << 167 << 1 << "line-end"
                                             << "xmlrpc/body"
                                             << "\\n"
                                             << "between XML elements";
        QTest::addRow("start tag of the root") << add << 1 << false << 168 << 12 << "start-tag"
                                               << "xmlrpc/body/methodCall"
                                               << "<methodCall>"
                                               << "<methodCall>";
        QTest::addRow("start tag of <params>") << add << 1 << false << 210 << 8 << "start-tag"
                                               << "xmlrpc/body/methodCall/params"
                                               << "<params>"
                                               << "<params>";
        QTest::addRow("start tag of <value>") << add << 1 << false << 227 << 7 << "start-tag" << param0 + "/value"
                                              << "<value>"
                                              << "<value>";
        QTest::addRow("start tag of <int>") << add << 1 << false << 234 << 5 << "start-tag" << param0 + "/value/int"
                                            << "<int>"
                                            << "<int>";
        QTest::addRow("the value 3") << add << 1 << false << 239 << 1 << "field" << param0 + "/value/int"
                                     << "3"
                                     << "integer";
        QTest::addRow("end tag of <int>") << add << 1 << false << 240 << 6 << "end-tag" << param0 + "/value/int"
                                          << "</int>"
                                          << "<int> element";
        QTest::addRow("end tag of <param>") << add << 1 << false << 255 << 8 << "end-tag" << param0 << "</param>"
                                            << "<param> element";
        QTest::addRow("response: the reason phrase's CRLF") << add << 1 << true << 15 << 2 << "crlf"
                                                            << "xmlrpc/http"
                                                            << "\\r\\n"
                                                            << "status line";
        QTest::addRow("serpent: opening parenthesis") << greeting << 2 << false << 50 << 1 << "punctuation"
                                                      << "pyro4/payload/value"
                                                      << "("
                                                      << "Opens the tuple";
        QTest::addRow("serpent: a key") << greeting << 3 << true << 106 << 6 << "key"
                                        << "pyro4/payload/value/args"
                                        << "'args'"
                                        << "serpent string";
        QTest::addRow("marshal: a dict") << "pyro4/pyro4-marshal.pcap" << 1 << true << 46 << 1 << "container-header"
                                         << "pyro4/payload/value"
                                         << "\\xfb"
                                         << "dict";
        QTest::addRow("marshal: a key") << "pyro4/pyro4-marshal.pcap" << 1 << true << 65 << 6 << "key"
                                        << "pyro4/payload/value/meta"
                                        << "\\xda\\x04meta"
                                        << "short string";
        QTest::addRow("marshal: end of a dict") << "pyro4/pyro4-marshal.pcap" << 1 << true << 146 << 1 << "end-marker"
                                                << "pyro4/payload/value/meta"
                                                << "0"
                                                << "NULL";
        QTest::addRow("msgpack: an array") << "pyro4/pyro4-msgpack.pcap" << 7 << false << 24 << 1 << "container-header"
                                           << "pyro4/payload/value"
                                           << "\\x94"
                                           << "fixarray";
        QTest::addRow("JRMP: a string's characters") << "sample:jrmp-hello.pcap" << 11 << true << 3 << 9 << "field"
                                                     << "protocolAck/endpoint/host"
                                                     << "\"127.0.0.1\""
                                                     << "modified UTF-8";
    }

    void rolesOfCapturedBytes()
    {
        QFETCH(QString, fixture);
        QFETCH(int, call);
        QFETCH(bool, response);
        QFETCH(int, offset);
        QFETCH(int, length);
        QFETCH(QString, role);
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(QString, says);
        const std::vector<Call> calls = test::callsWithTrees(fixture);
        QVERIFY(call <= int(calls.size()));
        const auto& message = response ? calls[std::size_t(call - 1)].response : calls[std::size_t(call - 1)].request;
        QVERIFY(message);
        const MessageExplanation e = explainMessage(*message);
        const ExplainSpan* span = e.spanAt(offset);
        QVERIFY(span);
        QCOMPARE(span->offset, offset);
        QCOMPARE(span->length, length);
        QCOMPARE(span->role, role);
        QCOMPARE(span->path, path);
        QCOMPARE(span->value, value);
        QVERIFY2(span->description.contains(says), qPrintable(span->description));
    }

    // XML in UTF-16: tags are found in two-byte characters, and their values are the characters, not the bytes.
    void utf16Markup()
    {
        DecodedMessage m;
        m.protocol = QStringLiteral("xmlrpc");
        const QString xml = QStringLiteral("<params>\n<param/></params>");
        QByteArray body("\xff\xfe", 2);
        for (QChar c : xml) {
            body += char(c.unicode() & 0xff);
            body += char(c.unicode() >> 8);
        }
        m.buffers = {body};
        m.tree.name = QStringLiteral("xmlrpc");
        m.tree.description = QStringLiteral("Message.");
        m.tree.offset = 0;
        m.tree.length = body.size();
        DecodeNode& b = m.tree.add(QStringLiteral("body"), QStringLiteral("text/xml"), QString(), 0, body.size(),
                                   QStringLiteral("Body."));
        b.add(QStringLiteral("bom"), QStringLiteral("bytes"), QString(), 0, 2, QStringLiteral("BOM."));
        b.add(QStringLiteral("params"), QStringLiteral("params"), QString(), 2, body.size() - 2,
              QStringLiteral("Params."))
            .add(QStringLiteral("param"), QStringLiteral("param"), QString(), 2 + 9 * 2, 8 * 2,
                 QStringLiteral("Param."));
        const MessageExplanation e = explainMessage(m);
        QStringList got;
        for (const ExplainSpan& s : e.spans)
            got << QStringLiteral("%1+%2 %3 %4").arg(s.offset).arg(s.length).arg(s.role, s.value);
        QCOMPARE(got.join(QStringLiteral(" | ")),
                 QStringLiteral("0+2 field \\xff\\xfe | 2+16 start-tag <params> | 18+2 line-end \n | 20+16 field "
                                "<\\x00p\\x00a\\x00r\\x00a\\x00m\\x00/\\x00>\\x00 | 36+18 end-tag </params>"));
    }

    void everyProtocolHasARoleFunction()
    {
        for (const char* id : {"xmlrpc", "pyro4", "jrmp"})
            QVERIFY2(spanroles::splitterFor(QString::fromLatin1(id)), id);
        QVERIFY(!spanroles::splitterFor(QStringLiteral("nope")));
    }
};

QTEST_GUILESS_MAIN(TestSpanRoles)
#include "tst_spanroles.moc"
