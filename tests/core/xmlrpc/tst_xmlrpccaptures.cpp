// End to end on the real XML-RPC captures (tests/data/xmlrpc/*.pcap and resources/samples/xmlrpc-add.pcap, made by
// tests/data/xmlrpc/capture.sh with Python's xmlrpc.client and SimpleXMLRPCServer): every call's JSON line, as
// `rpcscope-cli decode --format jsonl` prints it (callToJson over the TrafficDecoder pipeline, in request order),
// with exact values; and the CLI itself on the bundled sample.
#include "../jrmp/pcapreplay.h"
#include "callformat.h"
#include "decoderregistry.h"
#include "orderedcallemitter.h"
#include "testsupport.h"
#include "trafficdecoder.h"
#include "xmlrpc/xmlrpcdecoder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
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
