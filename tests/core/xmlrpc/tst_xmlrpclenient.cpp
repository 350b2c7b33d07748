// XmlRpcReader's lenient readings: forms a strict peer (Python's xmlrpc.client, expat) refuses but that are read,
// each noted as a `lenient` problem with what the spec allows, at the bytes concerned, with a `lenient` node in the
// tree and the status kept: booleans, blanks around numbers, ints past their bits, exponents and infinities, dates,
// unpadded base64, <array> without <data>, mixed content, method names with blanks, what comes before the XML
// declaration and after the root element. Well-formed epilogs are no note.
#include "xmlrpctesting.h"

#include <QTest>

#include <limits>

using namespace rpcscope;
using namespace rpcscope::xmlrpctest;

Q_DECLARE_METATYPE(rpcscope::RpcValue)

class TestXmlRpcLenient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Forms a strict peer refuses but that are read (as Python or most libraries read them), each noted with what
    // the spec allows: the status stays, the problem is `lenient`, and the tree has a `lenient` node at the place.
    void lenientValues_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<RpcValue>("expected");
        QTest::addColumn<QString>("note");
        QTest::addColumn<QByteArray>("at"); // the note is at the first occurrence of these bytes

        QTest::addRow("boolean tRuE") << QByteArray("<value><boolean>tRuE</boolean></value>")
                                      << RpcValue::fromBool(true) << "boolean written `tRuE`; the spec allows 0 or 1"
                                      << QByteArray("tRuE");
        QTest::addRow("boolean false") << QByteArray("<value><boolean>false</boolean></value>")
                                       << RpcValue::fromBool(false) << "boolean written `false`; the spec allows 0 or 1"
                                       << QByteArray("false");
        QTest::addRow("boolean with blanks")
            << QByteArray("<value><boolean> 1 </boolean></value>") << RpcValue::fromBool(true)
            << "boolean written ` 1 `; the spec allows 0 or 1" << QByteArray(" 1 ");
        QTest::addRow("int with sign and blanks")
            << QByteArray("<value><int> +42\n</int></value>") << RpcValue::fromInt(42)
            << "int written ` +42\\n`; the spec allows no blanks around the digits" << QByteArray(" +42");
        QTest::addRow("int past 32 bits")
            << QByteArray("<value><int>4294967296</int></value>") << RpcValue::fromInt(4294967296LL)
            << "<int> holds 4294967296, beyond the 32 bits it allows; read as written" << QByteArray("4294967296");
        QTest::addRow("i4 past 64 bits")
            << QByteArray("<value><i4>-99999999999999999999</i4></value>")
            << RpcValue::fromBigInt(QStringLiteral("-99999999999999999999"))
            << "<i4> holds -99999999999999999999, beyond the 32 bits it allows; read as written" << QByteArray("-9999");
        QTest::addRow("ex:i1 past 8 bits")
            << QByteArray("<value><ex:i1>128</ex:i1></value>") << tagged(RpcValue::fromInt(128), "i1")
            << "<ex:i1> holds 128, beyond the 8 bits it allows; read as written" << QByteArray("128");
        QTest::addRow("double with exponent (Python writes them)")
            << QByteArray("<value><double>-1e+100</double></value>") << RpcValue::fromDouble(-1e100)
            << "double written `-1e+100`; the spec allows no exponent, only digits with a decimal point"
            << QByteArray("-1e+100");
        QTest::addRow("double inf (Python writes it)")
            << QByteArray("<value><double>inf</double></value>")
            << RpcValue::fromDouble(std::numeric_limits<double>::infinity())
            << "double written `inf`; the spec has no infinity or NaN" << QByteArray("inf");
        QTest::addRow("double -Infinity (Java writes it)")
            << QByteArray("<value><double>-Infinity</double></value>")
            << RpcValue::fromDouble(-std::numeric_limits<double>::infinity())
            << "double written `-Infinity`; the spec has no infinity or NaN" << QByteArray("-Infinity");
        QTest::addRow("double past its range") << QByteArray("<value><double>1e400</double></value>")
                                               << RpcValue::fromDouble(std::numeric_limits<double>::infinity())
                                               << "double written `1e400`, beyond the range of a double; read as "
                                                  "Infinity"
                                               << QByteArray("1e400");
        QTest::addRow("double with blanks")
            << QByteArray("<value><double> 2.5</double></value>") << RpcValue::fromDouble(2.5)
            << "double written ` 2.5`; the spec allows no blanks around the number" << QByteArray(" 2.5");
        QTest::addRow("dateTime with dashes")
            << QByteArray("<value><dateTime.iso8601>1998-07-17T14:08:55</dateTime.iso8601></value>")
            << dateTime("1998-07-17T14:08:55", 900684535000LL)
            << "dateTime written `1998-07-17T14:08:55`; the spec's form is YYYYMMDDTHH:MM:SS (19980717T14:08:55)"
            << QByteArray("1998-");
        QTest::addRow("dateTime with zone")
            << QByteArray("<value><dateTime.iso8601>1998-07-17T16:08:55+02:00</dateTime.iso8601></value>")
            << dateTime("1998-07-17T16:08:55+02:00", 900684535000LL)
            << "dateTime written `1998-07-17T16:08:55+02:00`; the spec's form is YYYYMMDDTHH:MM:SS "
               "(19980717T14:08:55)"
            << QByteArray("1998-");
        QTest::addRow("base64 without padding")
            << QByteArray("<value><base64>AGhp/w</base64></value>") << RpcValue::fromBytes(QByteArray("\x00hi\xff", 4))
            << "base64 without its = padding; Python's reader refuses it" << QByteArray("AGhp/w");
        QTest::addRow("array without data")
            << QByteArray("<value><array><value>1</value></array></value>")
            << RpcValue::fromArray({RpcValue::fromString(QStringLiteral("1"))})
            << "<array> without <data>; its values are read anyway" << QByteArray("<array>");
        QTest::addRow("text beside a type element")
            << QByteArray("<value>x <int>1</int></value>") << RpcValue::fromInt(1)
            << "text `x` beside <int> in <value> ignored; a value holds one type element or text" << QByteArray("x ");
    }

    void lenientValues()
    {
        QFETCH(QByteArray, value);
        QFETCH(RpcValue, expected);
        QFETCH(QString, note);
        QFETCH(QByteArray, at);
        const QByteArray xml = callWith(value);
        for (const bool tree : {false, true}) {
            const Read r = read(xml, tree, {}, 1000);
            QCOMPARE(r.problems.size(), std::size_t(1));
            QCOMPARE(r.problems.front().kind, Problem::Kind::Lenient);
            QCOMPARE(r.problems.front().text, note);
            QCOMPARE(r.problems.front().offset, 1000 + xml.indexOf(at));
            QCOMPARE(r.body.params.size(), std::size_t(1));
            QCOMPARE(r.body.params.front(), expected);
            if (tree) {
                const DecodeNode* n = r.tree.findFirst(u"lenient");
                QVERIFY(n);
                QVERIFY(!n->error);
                QCOMPARE(n->type, QStringLiteral("note"));
                QCOMPARE(n->value, note);
                QCOMPARE(n->offset, 1000 + xml.indexOf(at));
                QVERIFY(!r.tree.hasError());
            }
        }
    }

    // Generosity about the document itself: pugixml accepts all of these silently, XML (and Python's expat) does not.
    void lenientDocuments_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("note");
        QTest::addColumn<QByteArray>("at");
        QTest::addColumn<QByteArray>("covered"); // the bytes the note's node covers

        const QByteArray call = "<methodCall><methodName>add</methodName><params><param><value><int>3</int></value>"
                                "</param></params></methodCall>";
        QTest::addRow("newline before the declaration")
            << "\n<?xml version='1.0'?>\n" + call
            << "1 blank byte before the XML declaration (`\\n`); XML requires the declaration at the very start"
            << QByteArray("\n<?xml") << QByteArray("\n");
        QTest::addRow("declaration after a comment")
            << "<!-- hi --><?xml version='1.0'?>" + call
            << "the XML declaration comes after other markup; XML requires it at the very start" << QByteArray("<?xml")
            << QByteArray("<?xml version='1.0'?>");
        QTest::addRow("junk after the root element")
            << "<?xml version='1.0'?>\n" + call + "\n<!-- fine -->\njunk\n"
            << "5 bytes after the root element ignored: `junk\\n`; XML allows only comments, processing instructions "
               "and blanks there"
            << QByteArray("junk") << QByteArray("junk\n");
        QTest::addRow("a second root element")
            << call + "<methodCall/>"
            << "13 bytes after the root element ignored: `<methodCall/>`; XML allows only comments, processing "
               "instructions and blanks there"
            << QByteArray("<methodCall/>") << QByteArray("<methodCall/>");
        QTest::addRow("method name with blanks")
            << QByteArray("<methodCall><methodName> add\n</methodName><params><param><value><int>3</int></value>"
                          "</param></params></methodCall>")
            << "method name written ` add\\n`; read as `add` without the blanks" << QByteArray(" add")
            << QByteArray(" add\n");
    }

    void lenientDocuments()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, note);
        QFETCH(QByteArray, at);
        QFETCH(QByteArray, covered);
        for (const bool tree : {false, true}) {
            const Read r = read(xml, tree);
            QCOMPARE(r.problems.size(), std::size_t(1));
            QCOMPARE(r.problems.front().kind, Problem::Kind::Lenient);
            QCOMPARE(r.problems.front().text, note);
            QCOMPARE(r.problems.front().offset, xml.indexOf(at));
            QCOMPARE(r.body.method, QStringLiteral("add"));
            QCOMPARE(r.body.params, RpcArray {RpcValue::fromInt(3)});
            if (tree) {
                const DecodeNode* n = r.tree.findFirst(u"lenient");
                QVERIFY(n);
                QCOMPARE(xml.mid(n->offset, n->length), covered);
            }
        }
    }

    void wellFormedEpilogsAreNoNote_data()
    {
        QTest::addColumn<QByteArray>("xml");
        const QByteArray call = "<methodCall><methodName>m</methodName></methodCall>";
        QTest::addRow("blanks") << call + "\n\n";
        QTest::addRow("comment and PI") << call + "\n<!-- c --><?pi x?>\n";
        QTest::addRow("nested elements named like the root")
            << QByteArray("<methodCall><methodName>m</methodName><params><param><value><string><![CDATA[</methodCall>"
                          "junk]]></string></value></param></params><!-- </methodCall> --></methodCall>\n");
        QTest::addRow("self-closed last element") << QByteArray("<methodResponse><params><param><value><nil/></value>"
                                                                "</param></params></methodResponse>");
    }

    void wellFormedEpilogsAreNoNote()
    {
        QFETCH(QByteArray, xml);
        const Read r = read(xml, false);
        QVERIFY2(r.problems.empty(), qPrintable(problemsText(r.problems)));
    }
};

QTEST_GUILESS_MAIN(TestXmlRpcLenient)
#include "tst_xmlrpclenient.moc"
