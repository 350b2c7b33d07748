// XmlRpcReader: every value type (and the ex: extensions) to RpcValue, envelopes and faults, byte ranges of the
// tree nodes, and the error texts with their offsets for malformed XML, wrong nesting, bad scalars, DOCTYPE and
// the depth/count limits.
#include "xmlrpctesting.h"

#include <QTest>

using namespace rpcscope;
using namespace rpcscope::xmlrpctest;

Q_DECLARE_METATYPE(rpcscope::RpcValue)

class TestXmlRpcReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void values_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<RpcValue>("expected");
        QTest::addColumn<QString>("nodeType");

        QTest::addRow("int") << QByteArray("<value><int>3</int></value>") << RpcValue::fromInt(3) << "int";
        QTest::addRow("i4 minimum") << QByteArray("<value><i4>-2147483648</i4></value>")
                                    << RpcValue::fromInt(-2147483648LL) << "i4";
        QTest::addRow("i8") << QByteArray("<value><i8>9007199254740993</i8></value>")
                            << tagged(RpcValue::fromInt(9007199254740993LL), "i8") << "i8";
        QTest::addRow("ex:i8") << QByteArray("<value><ex:i8>-5000000000</ex:i8></value>")
                               << tagged(RpcValue::fromInt(-5000000000LL), "i8") << "i8";
        QTest::addRow("ex:i1") << QByteArray("<value><ex:i1>-7</ex:i1></value>") << tagged(RpcValue::fromInt(-7), "i1")
                               << "i1";
        QTest::addRow("ex:i2") << QByteArray("<value><ex:i2>300</ex:i2></value>")
                               << tagged(RpcValue::fromInt(300), "i2") << "i2";
        QTest::addRow("int beyond 64 bits")
            << QByteArray("<value><ex:biginteger>123456789012345678901234567890</ex:biginteger></value>")
            << RpcValue::fromBigInt(QStringLiteral("123456789012345678901234567890")) << "biginteger";
        QTest::addRow("boolean 1") << QByteArray("<value><boolean>1</boolean></value>") << RpcValue::fromBool(true)
                                   << "boolean";
        QTest::addRow("boolean 0") << QByteArray("<value><boolean>0</boolean></value>") << RpcValue::fromBool(false)
                                   << "boolean";
        QTest::addRow("string with escapes")
            << QByteArray("<value><string>s&lt;&amp;&gt; &#233;\xE2\x82\xAC</string></value>")
            << RpcValue::fromString(QStringLiteral("s<&> \u00e9\u20ac")) << "string";
        QTest::addRow("string CDATA") << QByteArray("<value><string><![CDATA[<b>&]]></string></value>")
                                      << RpcValue::fromString(QStringLiteral("<b>&")) << "string";
        QTest::addRow("string of blanks keeps them") << QByteArray("<value><string>  </string></value>")
                                                     << RpcValue::fromString(QStringLiteral("  ")) << "string";
        QTest::addRow("empty string element")
            << QByteArray("<value><string/></value>") << RpcValue::fromString(QString()) << "string";
        QTest::addRow("untyped value is a string")
            << QByteArray("<value>abc def</value>") << RpcValue::fromString(QStringLiteral("abc def")) << "string";
        QTest::addRow("empty untyped value")
            << QByteArray("<value></value>") << RpcValue::fromString(QString()) << "string";
        QTest::addRow("self-closed value") << QByteArray("<value/>") << RpcValue::fromString(QString()) << "string";
        QTest::addRow("blanks around a typed value")
            << QByteArray("<value>\n  <int>1</int>\n</value>") << RpcValue::fromInt(1) << "int";
        QTest::addRow("double") << QByteArray("<value><double>2.5</double></value>") << RpcValue::fromDouble(2.5)
                                << "double";
        QTest::addRow("ex:float") << QByteArray("<value><ex:float>0.5</ex:float></value>")
                                  << tagged(RpcValue::fromDouble(0.5), "float") << "float";
        QTest::addRow("ex:float rounded once, as a Java float")
            << QByteArray("<value><ex:float>0.1</ex:float></value>")
            << tagged(RpcValue::fromDouble(double(0.1f)), "float") << "float";
        QTest::addRow("whole double") << QByteArray("<value><double>2.0</double></value>") << RpcValue::fromDouble(2.0)
                                      << "double";
        QTest::addRow("whole double past 32 bits") << QByteArray("<value><double>17179869184.0</double></value>")
                                                   << RpcValue::fromDouble(17179869184.0) << "double";
        QTest::addRow("1.1") << QByteArray("<value><double>1.1</double></value>") << RpcValue::fromDouble(1.1)
                             << "double";
        QTest::addRow("negative zero") << QByteArray("<value><double>-0.0</double></value>")
                                       << RpcValue::fromDouble(-0.0) << "double";
        QTest::addRow("ex:bigdecimal stays exact")
            << QByteArray("<value><ex:bigdecimal>9876543210.0123456789</ex:bigdecimal></value>")
            << RpcValue::fromDecimal(QStringLiteral("9876543210.0123456789")) << "bigdecimal";
        QTest::addRow("ex:bigdecimal with exponent")
            << QByteArray("<value><ex:bigdecimal>-1.50E+3</ex:bigdecimal></value>")
            << RpcValue::fromDecimal(QStringLiteral("-1.50E+3")) << "bigdecimal";
        QTest::addRow("dateTime, the spec's form")
            << QByteArray("<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>")
            << dateTime("19980717T14:08:55", 900684535000LL) << "dateTime.iso8601";
        QTest::addRow("ex:dateTime with milliseconds")
            << QByteArray("<value><ex:dateTime>2024-01-02T03:04:05.250Z</ex:dateTime></value>")
            << dateTime("2024-01-02T03:04:05.250Z", 1704164645250LL) << "dateTime";
        QTest::addRow("base64 as Python writes it") << QByteArray("<value><base64>\nAGhp/w==\n</base64></value>")
                                                    << RpcValue::fromBytes(QByteArray("\x00hi\xff", 4)) << "base64";
        QTest::addRow("empty base64") << QByteArray("<value><base64></base64></value>")
                                      << RpcValue::fromBytes(QByteArray()) << "base64";
        QTest::addRow("nil") << QByteArray("<value><nil/></value>") << RpcValue() << "nil";
        QTest::addRow("ex:nil") << QByteArray("<value><ex:nil/></value>") << RpcValue() << "nil";
        QTest::addRow("struct") << QByteArray(
            "<value><struct>\n<member>\n<name>a</name>\n<value><int>1</int></value>\n</member>\n"
            "<member><name>b</name><value>text</value></member></struct></value>")
                                << RpcValue::fromStruct(
                                       {{QStringLiteral("a"), RpcValue::fromInt(1)},
                                        {QStringLiteral("b"), RpcValue::fromString(QStringLiteral("text"))}})
                                << "struct";
        QTest::addRow("empty struct") << QByteArray("<value><struct></struct></value>") << RpcValue::fromStruct({})
                                      << "struct";
        QTest::addRow("array") << QByteArray(
            "<value><array><data>\n<value><int>1</int></value>\n<value><string>two</string></value>\n"
            "<value><double>3.0</double></value>\n</data></array></value>")
                               << RpcValue::fromArray({RpcValue::fromInt(1),
                                                       RpcValue::fromString(QStringLiteral("two")),
                                                       RpcValue::fromDouble(3.0)})
                               << "array";
        QTest::addRow("empty array") << QByteArray("<value><array><data></data></array></value>")
                                     << RpcValue::fromArray({}) << "array";
        QTest::addRow("nested")
            << QByteArray("<value><array><data><value><struct><member><name>k</name><value><array><data><value>"
                          "<nil/></value></data></array></value></member></struct></value></data></array></value>")
            << RpcValue::fromArray({RpcValue::fromStruct({{QStringLiteral("k"), RpcValue::fromArray({RpcValue()})}})})
            << "array";
    }

    void values()
    {
        QFETCH(QByteArray, value);
        QFETCH(RpcValue, expected);
        QFETCH(QString, nodeType);
        for (const bool tree : {false, true}) {
            const Read r = read(callWith(value), tree);
            QVERIFY2(r.problems.empty(), qPrintable(problemsText(r.problems)));
            QCOMPARE(r.body.kind, XmlRpcBody::Kind::Call);
            QCOMPARE(r.body.method, QStringLiteral("echo"));
            QCOMPARE(r.body.params.size(), std::size_t(1));
            QCOMPARE(r.body.params.front(), expected);
            if (tree) {
                const DecodeNode* v = r.tree.find(u"methodCall/params/param[0]/value");
                QVERIFY(v);
                QCOMPARE(v->type, nodeType);
                QCOMPARE(v->value, expected.toDisplayString());
            }
        }
    }

    void byteRangesAreExact()
    {
        // The article's call, as Python writes it, placed 100 bytes into a message.
        const QByteArray xml = "<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n<param>\n"
                               "<value><int>3</int></value>\n</param>\n<param>\n<value><int>4</int></value>\n</param>\n"
                               "</params>\n</methodCall>\n";
        QCOMPARE(xml.size(), 187);
        const qint64 base = 100;
        const Read r = read(xml, true, {}, base);
        QVERIFY2(r.problems.empty(), qPrintable(problemsText(r.problems)));
        auto range = [&](const char* path) {
            const DecodeNode* n = r.tree.find(QString::fromLatin1(path));
            return n ? xml.mid(n->offset - base, n->length) : QByteArray("<missing>");
        };
        QCOMPARE(range("methodCall/params/param[0]/value/int"), QByteArray("<int>3</int>"));
        QCOMPARE(range("methodCall/params/param[1]/value/int"), QByteArray("<int>4</int>"));
        QCOMPARE(range("methodCall/params/param[0]/value"), QByteArray("<value><int>3</int></value>"));
        QCOMPARE(range("methodCall/methodName"), QByteArray("<methodName>add</methodName>"));
        QCOMPARE(range("xmlDeclaration"), QByteArray("<?xml version='1.0'?>"));
        QCOMPARE(range("methodCall"), xml.mid(22, 164));
        QCOMPARE(r.tree.find(u"methodCall/params/param[0]")->value, QStringLiteral("3"));
        QCOMPARE(r.tree.find(u"methodCall/params/param[0]")->type, QStringLiteral("int"));
        QCOMPARE(r.tree.find(u"methodCall/methodName")->value, QStringLiteral("add"));
    }

    void responses_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<RpcValue>("result");
        QTest::addColumn<RpcValue>("faultCode");
        QTest::addColumn<QString>("faultString");

        QTest::addRow("result 7") << QByteArray("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
                                                "<value><int>7</int></value>\n</param>\n</params>\n"
                                                "</methodResponse>\n")
                                  << RpcValue::fromInt(7) << RpcValue() << QString();
        QTest::addRow("fault as Python writes it")
            << QByteArray("<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
                          "<name>faultCode</name>\n<value><int>42</int></value>\n</member>\n<member>\n"
                          "<name>faultString</name>\n<value><string>the answer</string></value>\n</member>\n"
                          "</struct></value>\n</fault>\n</methodResponse>\n")
            << RpcValue() << RpcValue::fromInt(42) << QStringLiteral("the answer");
        QTest::addRow("fault with i4 code, members swapped and an untyped string")
            << QByteArray("<methodResponse><fault><value><struct><member><name>faultString</name><value>oops</value>"
                          "</member><member><name>faultCode</name><value><i4>-32601</i4></value></member></struct>"
                          "</value></fault></methodResponse>")
            << RpcValue() << RpcValue::fromInt(-32601) << QStringLiteral("oops");
        QTest::addRow("Apache extensions namespace")
            << QByteArray("<methodResponse xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"><params>"
                          "<param><value><ex:nil/></value></param></params></methodResponse>")
            << RpcValue() << RpcValue() << QString();
    }

    void responses()
    {
        QFETCH(QByteArray, xml);
        QFETCH(RpcValue, result);
        QFETCH(RpcValue, faultCode);
        QFETCH(QString, faultString);
        const Read r = read(xml);
        QVERIFY2(r.problems.empty(), qPrintable(problemsText(r.problems)));
        QCOMPARE(r.body.kind, XmlRpcBody::Kind::Response);
        QCOMPARE(r.body.result, result);
        QCOMPARE(r.body.fault.has_value(), !faultString.isEmpty());
        if (r.body.fault) {
            QCOMPARE(r.body.fault->code, faultCode);
            QCOMPARE(r.body.fault->message, faultString);
            QVERIFY(r.tree.find(u"methodResponse/fault/value/struct/faultCode"));
        }
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QByteArray>("at"); // the problem is at the first occurrence of these bytes

        QTest::addRow("bad int") << callWith("<value><int>3x</int></value>")
                                 << "bad integer \"3x\" in <int> (expected decimal digits with an optional sign)"
                                 << QByteArray("3x</int>");
        QTest::addRow("bad boolean") << callWith("<value><boolean>2</boolean></value>")
                                     << "bad boolean \"2\" in <boolean> (expected 0 or 1)" << QByteArray("2</boolean>");
        QTest::addRow("bad double") << callWith("<value><double>1,5</double></value>")
                                    << "bad double \"1,5\" in <double> (expected a decimal number)"
                                    << QByteArray("1,5<");
        QTest::addRow("bad base64") << callWith("<value><base64>A*B=</base64></value>")
                                    << "bad base64 \"A*B=\" in <base64>" << QByteArray("A*B=");
        QTest::addRow("bad date") << callWith("<value><dateTime.iso8601>19981317T14:08:55</dateTime.iso8601></value>")
                                  << "bad dateTime \"19981317T14:08:55\" in <dateTime.iso8601> (expected a form like "
                                     "19980717T14:08:55)"
                                  << QByteArray("19981317");
        QTest::addRow("unknown type") << callWith("<value><float32>1</float32></value>")
                                      << "unknown XML-RPC type <float32>" << QByteArray("<float32>");
        QTest::addRow("two type elements")
            << callWith("<value><int>1</int><int>2</int></value>")
            << "<value> holds more than one element; <int> is ignored" << QByteArray("<int>2");
        QTest::addRow("member without name")
            << callWith("<value><struct><member><value>1</value></member></struct></value>")
            << "<member> without <name>" << QByteArray("<member>");
        QTest::addRow("wrong nesting: struct in data")
            << callWith("<value><array><data><struct/></data></array></value>")
            << "unexpected <struct> in <data> (expected <value>)" << QByteArray("<struct/>");
        QTest::addRow("wrong nesting: value in params")
            << QByteArray("<methodCall><methodName>m</methodName><params>"
                          "<value>1</value></params></methodCall>")
            << "unexpected <value> in <params> (expected <param>)" << QByteArray("<value>");
        QTest::addRow("mismatched end tag")
            << QByteArray("<methodCall><methodName>m</methodName><params><param><value><int>1</i4></value>")
            << "malformed XML: an end tag does not match its start tag" << QByteArray("</i4>");
        QTest::addRow("truncated document")
            << QByteArray("<methodCall><methodName>m</methodName><params><param>")
            << "malformed XML: the document ends before all its elements are closed" << QByteArray("");
        QTest::addRow("not XML-RPC") << QByteArray("<html><body/></html>")
                                     << "not XML-RPC: the root element is <html>, not <methodCall> or <methodResponse>"
                                     << QByteArray("<html>");
        QTest::addRow("not XML") << QByteArray("hello") << "the body is not XML" << QByteArray("hello");
        QTest::addRow("bad bigdecimal") << callWith("<value><ex:bigdecimal>1.2.3</ex:bigdecimal></value>")
                                        << "bad decimal \"1.2.3\" in <ex:bigdecimal> (expected digits with an optional "
                                           "point and exponent)"
                                        << QByteArray("1.2.3");
        QTest::addRow("base64 with a character too many") << callWith("<value><base64>AGhp/</base64></value>")
                                                          << "bad base64 \"AGhp/\" in <base64>" << QByteArray("AGhp/");
        QTest::addRow("one base64 character") << callWith("<value><base64>A</base64></value>")
                                              << "bad base64 \"A\" in <base64>" << QByteArray("A</base64>");
        QTest::addRow("no methodName") << QByteArray("<methodCall><params/></methodCall>")
                                       << "<methodCall> without <methodName>" << QByteArray("<methodCall>");
        QTest::addRow("response with two params")
            << QByteArray("<methodResponse><params><param><value>1</value></param><param><value>2</value></param>"
                          "</params></methodResponse>")
            << "<methodResponse> with 2 params; XML-RPC returns exactly one" << QByteArray("<params>");
        QTest::addRow("fault that is no struct")
            << QByteArray("<methodResponse><fault><value><int>1</int></value></fault></methodResponse>")
            << "the fault value is a int, not a struct" << QByteArray("<value>");
        QTest::addRow("DOCTYPE refused (billion laughs)")
            << QByteArray("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
                          "\"&lol;&lol;&lol;\">]>\n<methodCall><methodName>&lol2;</methodName></methodCall>")
            << "DOCTYPE refused: XML-RPC has no document types, and entity declarations are never expanded"
            << QByteArray("<!DOCTYPE");
        QTest::addRow("DOCTYPE refused (external entity)")
            << QByteArray("<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><methodCall><methodName>&xxe;"
                          "</methodName></methodCall>")
            << "DOCTYPE refused: XML-RPC has no document types, and entity declarations are never expanded"
            << QByteArray("<!DOCTYPE");
    }

    void errors()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, problem);
        QFETCH(QByteArray, at);
        const qint64 offset = at.isEmpty() ? xml.size() : xml.indexOf(at); // empty: the end
        QVERIFY(offset >= 0);
        for (const bool tree : {false, true}) {
            const Read r = read(xml, tree, {}, 1000);
            QVERIFY(!r.problems.empty());
            QCOMPARE(r.problems.front().text, problem);
            QCOMPARE(r.problems.front().offset, 1000 + offset);
            if (tree) {
                const DecodeNode* error = r.tree.findFirst(u"malformed");
                QVERIFY(error);
                QVERIFY(error->error);
                QCOMPARE(error->value, QStringLiteral("%1 (at byte %2)").arg(problem).arg(1000 + offset));
            }
        }
    }

    // Trees show every double through formatDouble: whole ones keep their point, 1.1 stays 1.1.
    void doubleTextsInTheTree()
    {
        const Read r = read(callWith("<value><array><data><value><double>2.0</double></value><value><double>"
                                     "17179869184.0</double></value><value><double>1.1</double></value><value><double>"
                                     "-0.0</double></value><value><ex:float>0.1</ex:float></value></data></array>"
                                     "</value>"));
        QVERIFY2(r.problems.empty(), qPrintable(problemsText(r.problems)));
        const DecodeNode* data = r.tree.find(u"methodCall/params/param[0]/value/array/data");
        QVERIFY(data);
        QStringList shown;
        for (const DecodeNode& item : data->children)
            shown << item.value;
        QCOMPARE(shown,
                 (QStringList {QStringLiteral("2.0"), QStringLiteral("17179869184.0"), QStringLiteral("1.1"),
                               QStringLiteral("-0.0"), QStringLiteral("0.1")}));
        QCOMPARE(data->children.at(0).children.at(0).name, QStringLiteral("double"));
        QCOMPARE(data->children.at(0).children.at(0).value, QStringLiteral("2.0"));
        QCOMPARE(r.tree.find(u"methodCall/params/param[0]")->value,
                 QStringLiteral("[2.0, 17179869184.0, 1.1, -0.0, 0.1]"));
    }

    void readableRestSurvivesAnError()
    {
        const Read r = read(callWith("<value><array><data><value><int>x</int></value><value><int>5</int></value>"
                                     "</data></array></value>"));
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.body.params.front(), RpcValue::fromArray({RpcValue(), RpcValue::fromInt(5)}));
    }

    void depthLimit()
    {
        constexpr int kDepth = 300;
        QByteArray value;
        for (int i = 0; i < kDepth; ++i)
            value += "<value><array><data>";
        for (int i = 0; i < kDepth; ++i)
            value += "</data></array></value>";
        DecodeLimits limits;
        limits.maxDepth = 256;
        const Read r = read(callWith(value), true, limits);
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems.front().text,
                 QStringLiteral("values nested deeper than 256 levels; the rest is not decoded"));
        // The 257th <value> from the outside, 20 bytes further per level.
        QCOMPARE(r.problems.front().offset, callWith({}).indexOf("</param>") + 256 * 20);
    }

    void valueCountLimit()
    {
        QByteArray value = "<value><array><data>";
        for (int i = 0; i < 100; ++i)
            value += "<value><int>1</int></value>";
        value += "</data></array></value>";
        DecodeLimits limits;
        limits.maxValues = 50;
        const Read r = read(callWith(value), false, limits);
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems.front().text,
                 QStringLiteral("more than 50 values in one message; the rest is not decoded"));
    }

    void denseMarkupIsRefusedBeforeParsing()
    {
        QByteArray many;
        for (int i = 0; i < 5000; ++i)
            many += "<a/>";
        const QByteArray xml = callWith("<value><string>" + many + "</string></value>");
        const Read r = read(xml);
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.problems.front().text,
                 QStringLiteral("5006 XML elements in %1 bytes: more than XML-RPC values need (at most %2 here); the "
                                "body is not decoded")
                     .arg(xml.size())
                     .arg(xml.size() / 8 + 64));
        QCOMPARE(r.body.kind, XmlRpcBody::Kind::None);
    }

    void stringLimit()
    {
        DecodeLimits limits;
        limits.maxStringBytes = 4;
        const Read r = read(callWith("<value><string>abcdefgh</string></value>"), false, limits);
        QCOMPARE(r.problems.size(), std::size_t(1));
        QCOMPARE(r.body.params.front(), RpcValue::fromString(QStringLiteral("abcd")));
    }

    void parseBody()
    {
        const Result<XmlRpcBody> ok = XmlRpcReader::parseBody(
            "<methodCall><methodName>add</methodName><params><param><value><int>3</int></value></param><param>"
            "<value><int>4</int></value></param></params></methodCall>");
        QVERIFY(ok);
        QCOMPARE(ok->method, QStringLiteral("add"));
        QCOMPARE(ok->params, (RpcArray {RpcValue::fromInt(3), RpcValue::fromInt(4)}));

        const Result<XmlRpcBody> bad = XmlRpcReader::parseBody("<methodCall><methodName>add</methodName><params>");
        QVERIFY(!bad);
        QVERIFY2(bad.error().startsWith(QStringLiteral("malformed XML")), qPrintable(bad.error()));

        // ISO-8859-1 declared: converted before reading.
        const Result<XmlRpcBody> latin = XmlRpcReader::parseBody(
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>caf\xE9</methodName></methodCall>");
        QVERIFY2(latin, qPrintable(latin ? QString() : latin.error()));
        QCOMPARE(latin->method, QStringLiteral("caf\u00e9"));

        // The HTTP charset names it when the declaration does not.
        const QByteArray undeclared = "<methodCall><methodName>caf\xE9</methodName></methodCall>";
        const Result<XmlRpcBody> charset = XmlRpcReader::parseBody(undeclared, {}, "iso-8859-1");
        QVERIFY2(charset, qPrintable(charset ? QString() : charset.error()));
        QCOMPARE(charset->method, QStringLiteral("caf\u00e9"));
        // Without it the byte 0xE9 is invalid UTF-8: an error, not a U+FFFD.
        const Result<XmlRpcBody> invalid = XmlRpcReader::parseBody(undeclared);
        QVERIFY(!invalid);
        QCOMPARE(invalid.error(),
                 QStringLiteral("invalid UTF-8 (0xE9) in a body that names no encoding, which XML "
                                "reads as UTF-8 (at byte 27)"));

        // UTF-16 with a byte order mark.
        const QString text = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-16\"?><methodCall><methodName>"
                                            "\u65e5\u672c</methodName></methodCall>");
        const QByteArray utf16
            = QByteArray("\xFF\xFE") + QByteArray(reinterpret_cast<const char*>(text.utf16()), text.size() * 2);
        const Result<XmlRpcBody> wide = XmlRpcReader::parseBody(utf16);
        QVERIFY2(wide, qPrintable(wide ? QString() : wide.error()));
        QCOMPARE(wide->method, QStringLiteral("\u65e5\u672c"));

        // A lenient reading is no error.
        const Result<XmlRpcBody> generous = XmlRpcReader::parseBody(callWith("<value><boolean>true</boolean></value>"));
        QVERIFY(generous);
        QCOMPARE(generous->params, RpcArray {RpcValue::fromBool(true)});

        // A refused encoding says which.
        const Result<XmlRpcBody> unknown = XmlRpcReader::parseBody(
            "<?xml version='1.0' encoding='x-no-such'?><methodCall><methodName>m</methodName></methodCall>");
        QVERIFY(!unknown);
        QCOMPARE(unknown.error(),
                 QStringLiteral("the body's encoding \"x-no-such\" (XML declaration) is not known "
                                "here; the body is not read (at byte 0)"));
    }
};

QTEST_GUILESS_MAIN(TestXmlRpcReader)
#include "tst_xmlrpcreader.moc"
