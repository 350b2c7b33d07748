// End to end on the real XML-RPC captures (tests/data/xmlrpc/*.pcap and resources/samples/xmlrpc-add.pcap, made by
// tests/data/xmlrpc/capture.sh with Python's xmlrpc.client and SimpleXMLRPCServer): every call's JSON line, as
// `rpcscope-cli decode --format jsonl` prints it (callToJson over the TrafficDecoder pipeline, in request order),
// with exact values; and the CLI itself on the bundled sample.
#include "../jrmp/pcapreplay.h"
#include "callformat.h"
#include "decoderregistry.h"
#include "jsonwriter.h"
#include "orderedcallemitter.h"
#include "testsupport.h"
#include "trafficdecoder.h"
#include "xmlrpc/xmlrpcdecoder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStringEncoder>
#include <QTest>

using namespace rpcscope;

namespace {

struct Decode
{
    QString error;
    QList<QJsonObject> calls;
};

class JsonLines : public CallSink
{
public:
    void callFinished(Call&& call) override
    {
        CallJsonOptions options;
        options.withTrees = withTrees;
        lines << callToJson(call, options);
    }
    bool withTrees = false;
    QList<QByteArray> lines;
};

QString filePath(const QString& file)
{
    return file == QLatin1String("sample") ? test::dataPath(QStringLiteral("../../resources/samples/xmlrpc-add.pcap"))
                                           : test::dataPath(file);
}

// The pcap replayed through the decoding pipeline into JSON lines, in request order.
Decode decode(const QString& file, bool withTrees = false)
{
    Decode d;
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    JsonLines lines;
    lines.withTrees = withTrees;
    OrderedCallEmitter ordered(lines);
    DecodeOptions options;
    options.buildTree = withTrees;
    TrafficDecoder traffic(registry, options, ordered);
    QFile f(filePath(file));
    if (!f.open(QIODevice::ReadOnly)) {
        d.error = f.errorString();
        return d;
    }
    test::replayPcap(f.readAll(), &traffic, &d.error);
    traffic.finishAll(1e10);
    for (const QByteArray& line : lines.lines)
        d.calls << QJsonDocument::fromJson(line).object();
    return d;
}

QByteArray compact(const QJsonValue& v)
{
    if (v.isArray())
        return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    if (v.isObject())
        return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    return QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

// The pcap replayed through the decoding pipeline into calls (with trees), in request order.
std::vector<Call> decodeCalls(const QString& file)
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector collector;
    OrderedCallEmitter ordered(collector);
    DecodeOptions options;
    options.buildTree = true;
    TrafficDecoder traffic(registry, options, ordered);
    QFile f(filePath(file));
    if (f.open(QIODevice::ReadOnly))
        test::replayPcap(f.readAll(), &traffic);
    traffic.finishAll(1e10);
    return std::move(collector.calls);
}

QByteArray encoded(const QString& text, const char* encoding)
{
    QStringEncoder encoder(encoding);
    return encoder.encode(text);
}

// The bytes a node covers in its message.
QByteArray covered(const DecodedMessage& m, const DecodeNode* n)
{
    if (!n || n->buffer >= int(m.buffers.size()))
        return "<missing>";
    return m.buffers[std::size_t(n->buffer)].mid(n->offset, n->length);
}

// The JSON string of bytes read as UTF-8, each invalid place a U+FFFD: what a body that is not UTF-8 shows.
QByteArray asUtf8(const QByteArray& bytes)
{
    QByteArray out;
    JsonWriter json(out);
    json.string(QString::fromUtf8(bytes));
    return out;
}

const QString kFidelity = QStringLiteral("xmlrpc/xmlrpc-fidelity.pcap");

// Re-serialised through QJsonDocument so that both sides print numbers the same way.
QByteArray normalised(const QByteArray& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]");
    return compact(doc.array().at(0));
}

} // namespace

class TestXmlRpcCaptures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void calls_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QByteArray>("params");
        QTest::addColumn<QByteArray>("result");
        QTest::addColumn<QByteArray>("fault");
        QTest::addColumn<QString>("status");

        const QString types = QStringLiteral("xmlrpc/xmlrpc-types.pcap");
        QTest::addRow("add(3, 4) -> 7") << types << 0 << "add" << QByteArray("[3,4]") << QByteArray("7")
                                        << QByteArray("null") << "ok";
        QTest::addRow("int") << types << 1 << "echo" << QByteArray("[-2147483648]") << QByteArray("-2147483648")
                             << QByteArray("null") << "ok";
        QTest::addRow("booleans") << types << 2 << "echo" << QByteArray("[[true,false]]") << QByteArray("[true,false]")
                                  << QByteArray("null") << "ok";
        QTest::addRow("string with escapes and unicode")
            << types << 3 << "echo" << QByteArray("[\"s<&> \u00e9\u20ac\"]") << QByteArray("\"s<&> \u00e9\u20ac\"")
            << QByteArray("null") << "ok";
        QTest::addRow("empty string") << types << 4 << "echo" << QByteArray("[\"\"]") << QByteArray("\"\"")
                                      << QByteArray("null") << "ok";
        QTest::addRow("double") << types << 5 << "echo" << QByteArray("[2.5]") << QByteArray("2.5")
                                << QByteArray("null") << "ok";
        QTest::addRow("dateTime") << types << 6 << "echo" << QByteArray("[{\"datetime\":\"20240102T03:04:05\"}]")
                                  << QByteArray("{\"datetime\":\"20240102T03:04:05\"}") << QByteArray("null") << "ok";
        QTest::addRow("base64") << types << 7 << "echo" << QByteArray("[{\"base64\":\"AGhp/w==\"}]")
                                << QByteArray("{\"base64\":\"AGhp/w==\"}") << QByteArray("null") << "ok";
        QTest::addRow("nil") << types << 8 << "echo" << QByteArray("[null]") << QByteArray("null") << QByteArray("null")
                             << "ok";
        QTest::addRow("struct") << types << 9 << "echo"
                                << QByteArray("[{\"name\":\"x\",\"n\":1,\"nested\":{\"list\":[1,\"two\",3.0]}}]")
                                << QByteArray("{\"name\":\"x\",\"n\":1,\"nested\":{\"list\":[1,\"two\",3.0]}}")
                                << QByteArray("null") << "ok";
        QTest::addRow("empty containers")
            << types << 10 << "echo" << QByteArray("[[[],{}]]") << QByteArray("[[],{}]") << QByteArray("null") << "ok";
        QTest::addRow("fault") << types << 11 << "fail" << QByteArray("[42,\"the answer is not allowed\"]")
                               << QByteArray("null")
                               << QByteArray("{\"code\":42,\"message\":\"the answer is not allowed\"}") << "fault";
        QTest::addRow("exception turned fault")
            << types << 12 << "divide" << QByteArray("[1,0]") << QByteArray("null")
            << QByteArray("{\"code\":1,\"message\":\"<class 'ZeroDivisionError'>:division by zero\"}") << "fault";
        QTest::addRow("system.listMethods")
            << types << 13 << "system.listMethods" << QByteArray("[]")
            << QByteArray("[\"add\",\"divide\",\"echo\",\"fail\",\"system.listMethods\",\"system.methodHelp\","
                          "\"system.methodSignature\",\"system.multicall\"]")
            << QByteArray("null") << "ok";
        QTest::addRow("system.methodHelp")
            << types << 14 << "system.methodHelp" << QByteArray("[\"add\"]")
            << QByteArray("\"add(a, b) -> the sum of two numbers\"") << QByteArray("null") << "ok";
        QTest::addRow("system.methodSignature")
            << types << 15 << "system.methodSignature" << QByteArray("[\"add\"]")
            << QByteArray("\"signatures not supported\"") << QByteArray("null") << "ok";
        QTest::addRow("system.multicall")
            << types << 16 << "system.multicall"
            << QByteArray("[[{\"methodName\":\"add\",\"params\":[1,2]},{\"methodName\":\"echo\",\"params\":[\"in a "
                          "batch\"]},{\"methodName\":\"fail\",\"params\":[7,\"batch fault\"]}]]")
            << QByteArray("[[3],[\"in a batch\"],{\"faultCode\":7,\"faultString\":\"batch fault\"}]")
            << QByteArray("null") << "ok";

        const QString keepalive = QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap");
        QTest::addRow("keep-alive add") << keepalive << 0 << "add" << QByteArray("[3,4]") << QByteArray("7")
                                        << QByteArray("null") << "ok";
        const QByteArray longString = '"' + QByteArray(70000, 'x') + '"';
        QTest::addRow("keep-alive 70,000-character string, gzipped reply")
            << keepalive << 1 << "echo" << '[' + longString + ']' << longString << QByteArray("null") << "ok";
        QTest::addRow("keep-alive fault")
            << keepalive << 2 << "fail" << QByteArray("[3,\"kept alive\"]") << QByteArray("null")
            << QByteArray("{\"code\":3,\"message\":\"kept alive\"}") << "fault";
        QTest::addRow("keep-alive double sum")
            << keepalive << 3 << "add" << QByteArray("[1.5,2]") << QByteArray("3.5") << QByteArray("null") << "ok";

        const QString sample = QStringLiteral("sample");
        QTest::addRow("sample add(3, 4) -> 7")
            << sample << 0 << "add" << QByteArray("[3,4]") << QByteArray("7") << QByteArray("null") << "ok";
        QTest::addRow("sample struct") << sample << 1 << "echo"
                                       << QByteArray("[{\"city\":\"Paris\",\"temperatures\":[12.5,14.0]}]")
                                       << QByteArray("{\"city\":\"Paris\",\"temperatures\":[12.5,14.0]}")
                                       << QByteArray("null") << "ok";
        QTest::addRow("sample fault")
            << sample << 3 << "divide" << QByteArray("[1,0]") << QByteArray("null")
            << QByteArray("{\"code\":1,\"message\":\"<class 'ZeroDivisionError'>:division by zero\"}") << "fault";
    }

    void calls()
    {
        QFETCH(QString, file);
        QFETCH(int, index);
        QFETCH(QString, method);
        QFETCH(QByteArray, params);
        QFETCH(QByteArray, result);
        QFETCH(QByteArray, fault);
        QFETCH(QString, status);
        const Decode d = decode(file);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QVERIFY(index < d.calls.size());
        const QJsonObject c = d.calls.at(index);
        QCOMPARE(c.value(QLatin1String("protocol")).toString(), QStringLiteral("xmlrpc"));
        QVERIFY(c.value(QLatin1String("object")).isNull());
        QCOMPARE(c.value(QLatin1String("method")).toString(), method);
        QCOMPARE(compact(c.value(QLatin1String("params"))), normalised(params));
        QCOMPARE(compact(c.value(QLatin1String("result"))), normalised(result));
        QCOMPARE(compact(c.value(QLatin1String("fault"))), normalised(fault));
        QCOMPARE(c.value(QLatin1String("status")).toString(), status);
        QVERIFY(c.value(QLatin1String("latency_ms")).toDouble() > 0);
        QVERIFY(c.value(QLatin1String("client")).toString().startsWith(QLatin1String("127.0.0.1:")));
    }

    void wholeCaptures_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("calls");
        QTest::addColumn<int>("connections");
        QTest::addRow("HTTP/1.0: one connection per call") << "xmlrpc/xmlrpc-types.pcap" << 17 << 17;
        QTest::addRow("HTTP/1.1: one kept-alive connection") << "xmlrpc/xmlrpc-keepalive.pcap" << 4 << 1;
        QTest::addRow("bundled sample") << "sample" << 4 << 4;
        QTest::addRow("encodings and numbers: none lost") << "xmlrpc/xmlrpc-fidelity.pcap" << 20 << 18;
    }

    void wholeCaptures()
    {
        QFETCH(QString, file);
        QFETCH(int, calls);
        QFETCH(int, connections);
        const Decode d = decode(file);
        QVERIFY2(d.error.isEmpty(), qPrintable(d.error));
        QCOMPARE(d.calls.size(), calls);
        QSet<QString> clients;
        for (const QJsonObject& c : d.calls)
            clients.insert(c.value(QLatin1String("client")).toString());
        QCOMPARE(clients.size(), connections);
    }

    void multicallSubCalls()
    {
        const Decode d = decode(QStringLiteral("xmlrpc/xmlrpc-types.pcap"));
        QCOMPARE(d.calls.size(), 17);
        const QJsonArray sub = d.calls.at(16).value(QLatin1String("calls")).toArray();
        QCOMPARE(compact(sub),
                 normalised("[{\"method\":\"add\",\"params\":[1,2],\"result\":3,\"fault\":null,\"status\":\"ok\"},"
                            "{\"method\":\"echo\",\"params\":[\"in a batch\"],\"result\":\"in a batch\",\"fault\":null,"
                            "\"status\":\"ok\"},"
                            "{\"method\":\"fail\",\"params\":[7,\"batch fault\"],\"result\":null,"
                            "\"fault\":{\"code\":7,\"message\":\"batch fault\"},\"status\":\"fault\"}]"));
    }

    void treeOfTheAddCall()
    {
        const Decode d = decode(QStringLiteral("sample"), true);
        QVERIFY(!d.calls.isEmpty());
        // Walk request_tree: xmlrpc → body → methodCall → params → param[0] → value → int.
        QJsonObject node = d.calls.at(0).value(QLatin1String("request_tree")).toObject();
        QCOMPARE(node.value(QLatin1String("name")).toString(), QStringLiteral("xmlrpc"));
        for (const char* name : {"body", "methodCall", "params", "param[0]", "value", "int"}) {
            QJsonObject next;
            for (const QJsonValue& child : node.value(QLatin1String("children")).toArray()) {
                if (child.toObject().value(QLatin1String("name")).toString() == QLatin1String(name))
                    next = child.toObject();
            }
            QVERIFY2(!next.isEmpty(), name);
            node = next;
        }
        QCOMPARE(node.value(QLatin1String("value")).toString(), QStringLiteral("3"));
        QCOMPARE(node.value(QLatin1String("length")).toInt(), 12); // <int>3</int>
    }

    // dumpTree() of single captured messages against tests/data/xmlrpc/*.expected.txt. After a deliberate change of
    // the tree (or a new capture), refresh them with RPCSCOPE_UPDATE_GOLDEN=1 and review the diff.
    void goldenTrees_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("connection");
        QTest::addColumn<bool>("request");
        QTest::addColumn<QString>("golden");
        QTest::addRow("add(3, 4) request") << "sample" << 0 << true << "add-request.expected.txt";
        QTest::addRow("7 response") << "sample" << 0 << false << "add-response.expected.txt";
        QTest::addRow("fault response") << "sample" << 3 << false << "fault-response.expected.txt";
    }

    void goldenTrees()
    {
        QFETCH(QString, file);
        QFETCH(int, connection);
        QFETCH(bool, request);
        QFETCH(QString, golden);
        QFile f(filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const std::vector<test::ReplayedConnection> conns = test::replayPcap(f.readAll(), nullptr);
        QVERIFY(connection < int(conns.size()));
        DecodeContext context;
        context.direction = request ? Direction::ClientToServer : Direction::ServerToClient;
        const DecodedMessage m = XmlRpcDecoder().decode(conns[std::size_t(connection)].bytes[request ? 0 : 1], context);
        QVERIFY(m.problems.empty());
        const QString tree = dumpTree(m.tree);
        const QString path = QStringLiteral(RPCSCOPE_TESTDATA_DIR "/xmlrpc/") + golden;
        if (qEnvironmentVariableIsSet("RPCSCOPE_UPDATE_GOLDEN")) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(tree.toUtf8());
        }
        QCOMPARE(tree, QString::fromUtf8(test::readData(QStringLiteral("xmlrpc/") + golden)));
    }

    // xmlrpc-fidelity.pcap (tests/data/xmlrpc/fidelity.py): bodies in every encoding, exact numbers and lenient
    // forms, each a call with exactly the JSON `rpcscope-cli decode --format jsonl` writes for it (doubles keep their
    // point, decimals their digits) and the first of its problems as the text output ends its line.
    void fidelityCalls_data()
    {
        QTest::addColumn<int>("index");
        QTest::addColumn<QByteArray>("json"); // "params":…,"result":…,"fault":…,"status":…
        QTest::addColumn<QString>("firstProblem");

        const QByteArray hello = "\"h\u00e9llo w\u00f6rld \u2713 \U0001D11E\"";
        const QByteArray japanese = "\"\u65e5\u672c\u8a9e\u306e\u30c6\u30b9\u30c8 \uff71\uff72\"";
        auto echoed = [](const QByteArray& v) -> QByteArray {
            return "\"params\":[" + v + "],\"result\":" + v + ",\"fault\":null,\"status\":\"ok\"";
        };
        auto failed = [](const QByteArray& params, const QByteArray& fault, const char* status) -> QByteArray {
            return "\"params\":" + params + ",\"result\":null,\"fault\":{\"code\":1,\"message\":\"" + fault
                + "\"},\"status\":\"" + status + '"';
        };
        const QString noMark = QStringLiteral("lenient: UTF-16 body without a byte order mark; XML 1.0 requires one "
                                              "(read as %1 by its byte pattern)");
        QTest::addRow("UTF-16LE with a byte order mark") << 0 << echoed(hello) << QString();
        QTest::addRow("UTF-16BE with a byte order mark, UTF-8 reply") << 1 << echoed(hello) << QString();
        QTest::addRow("add after them on the same connection")
            << 2 << QByteArray("\"params\":[3,4],\"result\":7,\"fault\":null,\"status\":\"ok\"") << QString();
        QTest::addRow("UTF-16LE without a mark") << 3 << echoed(japanese) << noMark.arg(QLatin1String("UTF-16LE"));
        QTest::addRow("UTF-16BE without mark or declaration")
            << 4 << echoed(japanese) << noMark.arg(QLatin1String("UTF-16BE"));
        QTest::addRow("UCS-4 refused")
            << 5
            << failed("[]", "<class 'xml.parsers.expat.ExpatError'>:not well-formed (invalid token): line 1, column 1",
                      "malformed")
            << "the body is UCS-4 (UTF-32LE) (byte order mark), which is not read: XML requires only UTF-8 and "
               "UTF-16, and XML-RPC peers (Python's expat) refuse UCS-4 too";
        QTest::addRow("Latin-1 without a name: invalid UTF-8")
            << 6
            << failed("[" + asUtf8(encoded(QStringLiteral("caf\u00e9 cr\u00e8me"), "ISO-8859-1")) + "]",
                      "<class 'xml.parsers.expat.ExpatError'>:not well-formed (invalid token): line 6, column 18",
                      "malformed")
            << "invalid UTF-8 (0xE9) in a body that names no encoding, which XML reads as UTF-8; 2 invalid places in "
               "all";
        QTest::addRow("Latin-1 named by the HTTP charset") << 7 << echoed("\"caf\u00e9 cr\u00e8me\"") << QString();
        QTest::addRow("EUC-JP declared") << 8 << echoed(japanese) << QString();
        QTest::addRow("EUC-JP without a name: invalid UTF-8")
            << 9
            << failed("[" + asUtf8(encoded(QString::fromUtf8(japanese.mid(1).chopped(1)), "EUC-JP")) + "]",
                      "<class 'xml.parsers.expat.ExpatError'>:not well-formed (invalid token): line 6, column 15",
                      "malformed")
            << "invalid UTF-8 (0xC6) in a body that names no encoding, which XML reads as UTF-8; 11 invalid places in "
               "all";
        QTest::addRow("windows-1252 declared") << 10 << echoed("\"\u20ac 5, caf\u00e9 cr\u00e8me\"") << QString();
        QTest::addRow("an encoding nobody knows")
            << 11 << failed("[]", "<class 'LookupError'>:unknown encoding: x-rpcscope-unknown", "malformed")
            << "the body's encoding \"x-rpcscope-unknown\" (XML declaration) is not known here; the body is not read";
        QTest::addRow("doubles keep their type")
            << 12 << echoed("[2.0,17179869184.0,1.1,-0.0,0.1,123456.789]") << QString();
        QTest::addRow("Python's exponents and infinity")
            << 13 << echoed("[1e+300,5e-324,{\"double\":\"Infinity\"}]")
            << "lenient: double written `1e+300`; the spec allows no exponent, only digits with a decimal point";
        QTest::addRow("ex:bigdecimal exact") << 14 << echoed("{\"decimal\":\"9876543210.0123456789\"}") << QString();
        QTest::addRow("boolean tRuE, refused by Python")
            << 15 << failed("[true]", "<class 'TypeError'>:bad boolean value", "fault")
            << "lenient: boolean written `tRuE`; the spec allows 0 or 1";
        QTest::addRow("boolean with blanks, refused by Python")
            << 16 << failed("[true]", "<class 'TypeError'>:bad boolean value", "fault")
            << "lenient: boolean written ` 1 `; the spec allows 0 or 1";
        QTest::addRow("newline before the declaration, refused by Python")
            << 17
            << failed("[\"first line\"]",
                      "<class 'xml.parsers.expat.ExpatError'>:XML or text declaration not at start of entity: line 2, "
                      "column 0",
                      "fault")
            << "lenient: 1 blank byte before the XML declaration (`\\n`); XML requires the declaration at the very "
               "start";
        QTest::addRow("junk after the root, refused by Python")
            << 18
            << failed("[\"then junk\"]",
                      "<class 'xml.parsers.expat.ExpatError'>:junk after document element: line 10, column 0", "fault")
            << "lenient: 5 bytes after the root element ignored: `junk\\n`; XML allows only comments, processing "
               "instructions and blanks there";
        QTest::addRow("a reply with boolean true")
            << 19 << QByteArray("\"params\":[true],\"result\":true,\"fault\":null,\"status\":\"ok\"")
            << "lenient: boolean written `true`; the spec allows 0 or 1";
    }

    void fidelityCalls()
    {
        QFETCH(int, index);
        QFETCH(QByteArray, json);
        QFETCH(QString, firstProblem);
        const std::vector<Call> calls = decodeCalls(kFidelity);
        QCOMPARE(calls.size(), std::size_t(20));
        const Call& call = calls[std::size_t(index)];
        const QByteArray line = callToJson(call);
        QVERIFY2(line.contains(json), line.constData());
        QCOMPARE(firstProblemNote(call), firstProblem);
    }

    // Tree nodes of bodies in other encodings cover the bytes as sent, and problems point at the bytes they are
    // about: what the hex pane shows beside the tree.
    void fidelityByteRanges()
    {
        const std::vector<Call> calls = decodeCalls(kFidelity);
        QCOMPARE(calls.size(), std::size_t(20));
        auto stringNode = [](const DecodedMessage& m) { return m.tree.findFirst(u"string"); };
        const QString hello = QStringLiteral("<string>h\u00e9llo w\u00f6rld \u2713 \U0001D11E</string>");
        const QString japanese
            = QStringLiteral("<string>\u65e5\u672c\u8a9e\u306e\u30c6\u30b9\u30c8 \uff71\uff72</string>");
        QCOMPARE(covered(*calls[0].request, stringNode(*calls[0].request)), encoded(hello, "UTF-16LE"));
        QCOMPARE(covered(*calls[0].response, stringNode(*calls[0].response)), encoded(hello, "UTF-16LE"));
        QCOMPARE(covered(*calls[1].request, stringNode(*calls[1].request)), encoded(hello, "UTF-16BE"));
        QCOMPARE(covered(*calls[1].response, stringNode(*calls[1].response)), hello.toUtf8());
        QCOMPARE(covered(*calls[3].request, stringNode(*calls[3].request)), encoded(japanese, "UTF-16LE"));
        QCOMPARE(covered(*calls[4].request, stringNode(*calls[4].request)), encoded(japanese, "UTF-16BE"));
        QCOMPARE(covered(*calls[7].request, stringNode(*calls[7].request)),
                 encoded(QStringLiteral("<string>caf\u00e9 cr\u00e8me</string>"), "ISO-8859-1"));
        QCOMPARE(covered(*calls[8].request, stringNode(*calls[8].request)), encoded(japanese, "EUC-JP"));
        QCOMPARE(covered(*calls[8].response, stringNode(*calls[8].response)), encoded(japanese, "EUC-JP"));
        QCOMPARE(calls[8].request->tree.find(u"body/encoding")->value, QStringLiteral("EUC-JP (XML declaration)"));

        // The UCS-4 body: refused at its first byte, all of it still in the tree's body node.
        const DecodedMessage& ucs4 = *calls[5].request;
        QCOMPARE(covered(ucs4, ucs4.tree.findFirst(u"malformed")), QByteArray("\xFF\xFE\x00\x00", 4));
        QCOMPARE(ucs4.problems.front().offset, ucs4.tree.find(u"body")->offset);
        // Invalid UTF-8: the first bad byte.
        const DecodedMessage& latin1 = *calls[6].request;
        QCOMPARE(covered(latin1, latin1.tree.findFirst(u"malformed")), QByteArray("\xE9"));
        QCOMPARE(latin1.bytes().mid(latin1.problems.front().offset, 5), QByteArray("\xE9 cr\xE8"));
        // Lenient notes: the bytes that were read generously.
        QCOMPARE(covered(*calls[15].request, calls[15].request->tree.findFirst(u"lenient")), QByteArray("tRuE"));
        QCOMPARE(calls[15].request->bytes().mid(calls[15].request->problems.front().offset, 4), QByteArray("tRuE"));
        QCOMPARE(covered(*calls[17].request, calls[17].request->tree.findFirst(u"lenient")), QByteArray("\n"));
        QCOMPARE(covered(*calls[18].request, calls[18].request->tree.findFirst(u"lenient")), QByteArray("junk\n"));
        // A whole double in the tree keeps its point.
        const DecodeNode* data = calls[12].request->tree.findFirst(u"data");
        QVERIFY(data);
        QCOMPARE(data->children.at(0).value, QStringLiteral("2.0"));
        QCOMPARE(data->children.at(2).value, QStringLiteral("1.1"));
        const DecodeNode* decimal = calls[14].response->tree.findFirst(u"ex:bigdecimal");
        QVERIFY(decimal);
        QCOMPARE(decimal->value, QStringLiteral("9876543210.0123456789"));
        QCOMPARE(covered(*calls[14].response, decimal),
                 QByteArray("<ex:bigdecimal xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">"
                            "9876543210.0123456789</ex:bigdecimal>"));
    }

    // The real CLI on the fidelity capture, against golden output (jsonl and text). After a deliberate change, or a
    // new capture, refresh them with RPCSCOPE_UPDATE_GOLDEN=1 and review the diff.
    void cliGolden_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("golden");
        QTest::addRow("jsonl") << QStringList {QStringLiteral("--format"), QStringLiteral("jsonl")}
                               << "xmlrpc-fidelity.expected.jsonl";
        QTest::addRow("text") << QStringList() << "xmlrpc-fidelity.expected.txt";
    }

    void cliGolden()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, golden);
        const test::ProcessResult p
            = test::runCli(QStringList {QStringLiteral("decode"), filePath(kFidelity)} + options);
        QVERIFY2(p.exitCode == 0, p.err.constData());
        QCOMPARE(p.err.trimmed(),
                 QByteArray("rpcscope-cli: ") + filePath(kFidelity).toUtf8() + ": warning: 4 malformed messages");
        const QString path = QStringLiteral(RPCSCOPE_TESTDATA_DIR "/xmlrpc/") + golden;
        if (qEnvironmentVariableIsSet("RPCSCOPE_UPDATE_GOLDEN")) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(p.out);
        }
        QCOMPARE(QString::fromUtf8(p.out), QString::fromUtf8(test::readData(QStringLiteral("xmlrpc/") + golden)));
    }

    void cliDecodesTheSample()
    {
        const test::ProcessResult p = test::runCli({QStringLiteral("decode"), filePath(QStringLiteral("sample")),
                                                    QStringLiteral("--format"), QStringLiteral("jsonl")});
        QVERIFY2(p.exitCode == 0, p.err.constData());
        const QList<QByteArray> lines = p.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        const QJsonObject add = QJsonDocument::fromJson(lines.front()).object();
        QCOMPARE(add.value(QLatin1String("protocol")).toString(), QStringLiteral("xmlrpc"));
        QCOMPARE(add.value(QLatin1String("method")).toString(), QStringLiteral("add"));
        QCOMPARE(compact(add.value(QLatin1String("params"))), QByteArray("[3,4]"));
        QCOMPARE(add.value(QLatin1String("result")).toInt(), 7);
        QCOMPARE(add.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestXmlRpcCaptures)
#include "tst_xmlrpccaptures.moc"
