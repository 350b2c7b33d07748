// The composer engine (core/client/callexchange.cpp) against Python's SimpleXMLRPCServer, a real Pyro4 daemon
// and our own servers, and every way a call can go wrong.
#include "client/argumentliteral.h"
#include "client/callcollection.h"
#include "client/callexchange.h"
#include "client/callrepeater.h"
#include "client/copyas.h"
#include "client/pyroexchange.h"
#include "client/xmlrpcexchange.h"
#include "peerprocess.h"
#include "server/pyro4daemon.h"
#include "server/xmlrpcserver.h"

#include <QStringEncoder>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace rpcscope;

namespace {

ComposedCall xmlrpcCall(const QString& url, const QString& method, RpcArray params)
{
    ComposedCall c;
    c.endpoint = url;
    c.method = method;
    c.params = std::move(params);
    c.timeoutMs = 10000;
    return c;
}

} // namespace

class TestCallExchange : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void xmlrpcAgainstPython();
    void xmlrpcRawBody();
    void xmlrpcAgainstOurServer();
    void pyroAgainstRealDaemon_data();
    void pyroAgainstRealDaemon();
    void pyroAgainstOurDaemon();
    void refused();
    void timeout();
    void badEndpoints();
    void argumentLiterals();
    void replayStatistics();
    void copyAsSnippetsRun();
    void collectionRoundTrip();

private:
    test::PeerProcess m_python;
    test::PeerProcess m_pyro;
    QString m_pythonUrl;
    QString m_pyroUri;
};

void TestCallExchange::initTestCase()
{
    const QString port = m_python.start(QLatin1String(test::simpleXmlRpcServerScript()));
    QVERIFY2(!port.isEmpty(), qPrintable(m_python.error()));
    m_pythonUrl = QStringLiteral("http://127.0.0.1:%1/RPC2").arg(port);
    m_pyroUri = m_pyro.start(QLatin1String(test::pyro4DaemonScript()));
    QVERIFY2(m_pyroUri.startsWith(QStringLiteral("PYRO:example.greeting@127.0.0.1:")), qPrintable(m_pyro.error()));
}

void TestCallExchange::xmlrpcAgainstPython()
{
    CallOutcome o = CallExchange::run(
        xmlrpcCall(m_pythonUrl, QStringLiteral("add"), {RpcValue::fromInt(3), RpcValue::fromInt(4)}));
    QCOMPARE(o.kind, CallOutcomeKind::Ok);
    QCOMPARE(o.result, RpcValue::fromInt(7));
    QCOMPARE(o.httpStatus, 200);
    QVERIFY(o.elapsedMs > 0);
    QVERIFY(o.request && o.request->bytes().startsWith("POST /RPC2 HTTP/1.1\r\n"));
    QVERIFY(o.response && o.response->bytes().startsWith("HTTP/1.1 200"));

    const RpcValue nested = RpcValue::fromStruct(
        {{QStringLiteral("list"), RpcValue::fromArray({RpcValue::fromDouble(2.5), RpcValue::nil()})},
         {QStringLiteral("bytes"), RpcValue::fromBytes(QByteArray("\x00\x01", 2))},
         {QStringLiteral("text"), RpcValue::fromString(QStringLiteral("<&> ü"))}});
    o = CallExchange::run(xmlrpcCall(m_pythonUrl, QStringLiteral("echo"), {nested}));
    QCOMPARE(o.kind, CallOutcomeKind::Ok);
    QCOMPARE(o.result.member(u"text")->toString(), QStringLiteral("<&> ü"));
    QCOMPARE(o.result.member(u"bytes")->toBytes(), QByteArray("\x00\x01", 2));
    QCOMPARE(o.result.member(u"list")->toArray().at(0).toDouble(), 2.5);
    QVERIFY(o.result.member(u"list")->toArray().at(1).isNil());

    o = CallExchange::run(xmlrpcCall(m_pythonUrl, QStringLiteral("boom"), {}));
    QCOMPARE(o.kind, CallOutcomeKind::Fault);
    QVERIFY(o.fault);
    QCOMPARE(o.fault->code, RpcValue::fromInt(1));
    QCOMPARE(o.fault->message, QStringLiteral("<class 'ValueError'>:nope"));

    o = CallExchange::run(xmlrpcCall(QString(m_pythonUrl).replace(QStringLiteral("/RPC2"), QStringLiteral("/x")),
                                     QStringLiteral("add"), {}));
    QCOMPARE(o.kind, CallOutcomeKind::HttpError);
    QCOMPARE(o.httpStatus, 404);
    QVERIFY2(o.error.contains(QStringLiteral("HTTP 404")), qPrintable(o.error));
}

void TestCallExchange::xmlrpcRawBody()
{
    ComposedCall c = xmlrpcCall(m_pythonUrl, {}, {});
    c.rawBody = "<?xml version='1.0'?><methodCall><methodName>system.listMethods</methodName></methodCall>";
    CallOutcome o = CallExchange::run(c);
    QCOMPARE(o.kind, CallOutcomeKind::Ok);
    QVERIFY(o.result.isArray());
    QVERIFY(o.result.toArray().size() >= 4);
    QCOMPARE(o.request->method, QStringLiteral("system.listMethods"));

    const Result<QByteArray> http = XmlRpcExchange::httpRequest(xmlrpcCall(
        QStringLiteral("http://user:pw@example.org:8080/RPC2?x=1"), QStringLiteral("add"), {RpcValue::fromInt(1)}));
    QVERIFY(http.ok());
    QVERIFY2(http->startsWith("POST /RPC2?x=1 HTTP/1.1\r\nHost: example.org:8080\r\n"), http->constData());
    QVERIFY(http->contains("Authorization: Basic dXNlcjpwdw==\r\n"));
    QVERIFY(http->contains("<methodName>add</methodName>"));
}

void TestCallExchange::xmlrpcAgainstOurServer()
{
    XmlRpcServer server;
    QVERIFY(server.listen().ok());
    CallOutcome o = CallExchange::run(xmlrpcCall(server.url(), QStringLiteral("fault"),
                                                 {RpcValue::fromInt(-5), RpcValue::fromString(QStringLiteral("no"))}));
    QCOMPARE(o.kind, CallOutcomeKind::Fault);
    QCOMPARE(o.fault->code, RpcValue::fromInt(-5));
    QCOMPARE(o.fault->message, QStringLiteral("no"));
    o = CallExchange::run(xmlrpcCall(server.url(), QStringLiteral("types"), {}));
    QCOMPARE(o.kind, CallOutcomeKind::Ok);
    QCOMPARE(o.result.toStruct().size(), XmlRpcMethods::typesValue().toStruct().size());
    QCOMPARE(o.result.member(u"i8")->toInt(), Q_INT64_C(9007199254740993));
    QCOMPARE(o.result.member(u"string")->toString(), XmlRpcMethods::typesValue().member(u"string")->toString());
    QVERIFY(o.result.member(u"nil")->isNil());

    // Numbers keep their type both ways: an ex:bigdecimal comes back exactly, whole doubles and -0.0 stay doubles.
    const RpcValue numbers = RpcValue::fromArray({RpcValue::fromDecimal(QStringLiteral("9876543210.0123456789")),
                                                  RpcValue::fromDouble(2.0), RpcValue::fromDouble(-0.0),
                                                  RpcValue::fromDouble(17179869184.0)});
    o = CallExchange::run(xmlrpcCall(server.url(), QStringLiteral("echo"), {numbers}));
    QCOMPARE(o.kind, CallOutcomeKind::Ok);
    QCOMPARE(o.result, numbers);
    QVERIFY(std::signbit(o.result.toArray().at(2).toDouble()));
    QVERIFY(
        o.response->bytes().contains("<ex:bigdecimal xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">"
                                     "9876543210.0123456789</ex:bigdecimal>"));

    // The server reads a UTF-16 body, and refuses a UCS-4 one with a fault that names it.
    const QString call = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-16\"?><methodCall><methodName>echo"
                                        "</methodName><params><param><value>\u65e5\u672c</value></param></params>"
                                        "</methodCall>");
    ComposedCall raw = xmlrpcCall(server.url(), {}, {});
    raw.rawBody = QStringEncoder(QStringConverter::Utf16LE, QStringConverter::Flag::WriteBom).encode(call);
    o = CallExchange::run(raw);
    QCOMPARE(o.kind, CallOutcomeKind::Ok);
    QCOMPARE(o.result, RpcValue::fromString(QStringLiteral("\u65e5\u672c")));
    raw.rawBody = QStringEncoder(QStringConverter::Utf32BE, QStringConverter::Flag::WriteBom).encode(call);
    o = CallExchange::run(raw);
    QCOMPARE(o.kind, CallOutcomeKind::Fault);
    QCOMPARE(o.fault->code, RpcValue::fromInt(-32700));
    QVERIFY2(o.fault->message.contains(QStringLiteral("UCS-4 (UTF-32BE)")), qPrintable(o.fault->message));
}

void TestCallExchange::pyroAgainstRealDaemon_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addRow("serpent") << "serpent";
    QTest::addRow("json") << "json";
}

void TestCallExchange::pyroAgainstRealDaemon()
{
    QFETCH(QString, serializer);
    ComposedCall c;
    c.endpoint = m_pyroUri;
    c.method = QStringLiteral("get_fortune");
    c.params = {RpcValue::fromString(QStringLiteral("letian"))};
    c.serializer = serializer;
    CallOutcome o = CallExchange::run(c);
    QVERIFY2(o.kind == CallOutcomeKind::Ok, qPrintable(o.error));
    QCOMPARE(o.result, RpcValue::fromString(QStringLiteral("Hello, letian. \n")));
    QVERIFY(o.metadata.member(u"methods"));
    QCOMPARE(o.response->protocol, QStringLiteral("pyro4"));

    c.method = QStringLiteral("divide");
    c.params = {RpcValue::fromInt(1), RpcValue::fromInt(0)};
    o = CallExchange::run(c);
    QCOMPARE(o.kind, CallOutcomeKind::RemoteException);
    QCOMPARE(o.fault->code, RpcValue::fromString(QStringLiteral("builtins.ZeroDivisionError")));
    QCOMPARE(o.fault->message, QStringLiteral("division by zero"));
    QVERIFY(o.fault->detail.contains(QStringLiteral("Traceback")));

    c.method.clear(); // the handshake alone: the object's metadata
    o = CallExchange::run(c);
    QCOMPARE(o.kind, CallOutcomeKind::Ok);
    QStringList methods;
    for (const RpcValue& m : o.metadata.member(u"methods")->toArray())
        methods << m.toString();
    methods.sort();
    QCOMPARE(methods, QStringList({QStringLiteral("divide"), QStringLiteral("echo"), QStringLiteral("get_fortune")}));

    c.endpoint = QString(m_pyroUri).replace(QStringLiteral("example.greeting"), QStringLiteral("nope"));
    c.method = QStringLiteral("x");
    o = CallExchange::run(c);
    QCOMPARE(o.kind, CallOutcomeKind::RemoteException);
    QVERIFY2(o.error.contains(QStringLiteral("unknown object")), qPrintable(o.error));
}

void TestCallExchange::pyroAgainstOurDaemon()
{
    Pyro4Daemon daemon;
    QVERIFY(daemon.listen().ok());
    ComposedCall c;
    c.endpoint = daemon.uri(QStringLiteral("example.calculator"));
    c.method = QStringLiteral("divide");
    c.params = {RpcValue::fromInt(7), RpcValue::fromInt(2)};
    CallOutcome o = CallExchange::run(c);
    QCOMPARE(o.kind, CallOutcomeKind::Ok);
    QCOMPARE(o.result, RpcValue::fromDouble(3.5));
}

void TestCallExchange::refused()
{
    const quint16 port = test::freeTcpPort();
    CallOutcome o = CallExchange::run(
        xmlrpcCall(QStringLiteral("http://127.0.0.1:%1/RPC2").arg(port), QStringLiteral("add"), {}));
    QCOMPARE(o.kind, CallOutcomeKind::Refused);
    QVERIFY2(o.error.contains(QStringLiteral("connection refused by 127.0.0.1:%1").arg(port)), qPrintable(o.error));
    ComposedCall c;
    c.endpoint = QStringLiteral("PYRO:x@127.0.0.1:%1").arg(port);
    c.method = QStringLiteral("m");
    QCOMPARE(CallExchange::run(c).kind, CallOutcomeKind::Refused);
}

void TestCallExchange::timeout()
{
    QTcpServer silent; // accepts and never answers
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    ComposedCall c
        = xmlrpcCall(QStringLiteral("http://127.0.0.1:%1/").arg(silent.serverPort()), QStringLiteral("add"), {});
    c.timeoutMs = 300;
    CallOutcome o = CallExchange::run(c);
    QCOMPARE(o.kind, CallOutcomeKind::Timeout);
    QVERIFY2(o.error.contains(QStringLiteral("within 300 ms")), qPrintable(o.error));
    QVERIFY(o.elapsedMs >= 250);
}

void TestCallExchange::badEndpoints()
{
    CallOutcome o = CallExchange::run(xmlrpcCall(QStringLiteral("ftp://x/"), QStringLiteral("a"), {}));
    QCOMPARE(o.kind, CallOutcomeKind::BadRequest);
    QVERIFY2(o.error.contains(QStringLiteral("not an http(s) URL")), qPrintable(o.error));
    QVERIFY(!PyroExchange::parseUri(QStringLiteral("PYRO:obj")).ok());
    // A name without a name server: Pyro's default, the one on localhost:9090.
    const Result<PyroUri> byName = PyroExchange::parseUri(QStringLiteral("PYRONAME:example.greeting"));
    QVERIFY(byName.ok() && byName->byName);
    QCOMPARE(byName->port, quint16(9090));
    const Result<PyroUri> v6 = PyroExchange::parseUri(QStringLiteral("PYRO:a.b@[::1]:9090"));
    QVERIFY(v6.ok());
    QCOMPARE(v6->object, QStringLiteral("a.b"));
    QCOMPARE(v6->host, QStringLiteral("::1"));
    QCOMPARE(v6->port, quint16(9090));
    o = CallExchange::run(xmlrpcCall(QStringLiteral("http://127.0.0.1:1/"), QStringLiteral("echo"),
                                     {RpcValue::fromString(QStringLiteral("\x01"))}));
    QCOMPARE(o.kind, CallOutcomeKind::BadRequest);
}

void TestCallExchange::argumentLiterals()
{
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("3")), RpcValue::fromInt(3));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("-3.5")), RpcValue::fromDouble(-3.5));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("1e3")), RpcValue::fromDouble(1000));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("true")), RpcValue::fromBool(true));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("null")), RpcValue::nil());
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("letian")), RpcValue::fromString(QStringLiteral("letian")));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("3"), true), RpcValue::fromString(QStringLiteral("3")));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("99999999999999999999")),
             RpcValue::fromBigInt(QStringLiteral("99999999999999999999")));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("[1,\"a\",{\"k\":2.5}]")),
             RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::fromString(QStringLiteral("a")),
                                  RpcValue::fromStruct({{QStringLiteral("k"), RpcValue::fromDouble(2.5)}})}));
    const Result<RpcValue> bad = parseArgumentLiteral(QStringLiteral("[1,"));
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().contains(QStringLiteral("--string")), qPrintable(bad.error()));

    // Numbers in JSON keep their type and digits, members their order (QJsonDocument would lose all three).
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("[2.0, -0.0, 1e300, 2, 99999999999999999999]")),
             RpcValue::fromArray({RpcValue::fromDouble(2.0), RpcValue::fromDouble(-0.0), RpcValue::fromDouble(1e300),
                                  RpcValue::fromInt(2), RpcValue::fromBigInt(QStringLiteral("99999999999999999999"))}));
    QVERIFY(std::signbit(parseArgumentLiteral(QStringLiteral("[-0.0]"))->toArray().front().toDouble()));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("{\"b\":1,\"a\":2}")),
             RpcValue::fromStruct(
                 {{QStringLiteral("b"), RpcValue::fromInt(1)}, {QStringLiteral("a"), RpcValue::fromInt(2)}}));
    // RpcScope's own JSON forms read back as what they stand for.
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("{\"decimal\":\"9876543210.0123456789\"}")),
             RpcValue::fromDecimal(QStringLiteral("9876543210.0123456789")));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("[{\"base64\":\"AGhp/w==\"},{\"datetime\":\"20240102T03:04:05\"}]")),
             RpcValue::fromArray({RpcValue::fromBytes(QByteArray("\x00hi\xff", 4)),
                                  RpcValue::fromDateTime({QStringLiteral("20240102T03:04:05"), std::nullopt})}));
    QVERIFY(std::isinf(parseArgumentLiteral(QStringLiteral("{\"double\":\"-Infinity\"}"))->toDouble()));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("{\"map\":[[1,\"a\"]]}")),
             RpcValue::fromMap({{RpcValue::fromInt(1), RpcValue::fromString(QStringLiteral("a"))}}));
    QCOMPARE(*parseArgumentLiteral(QStringLiteral("{\"struct\":{\"decimal\":\"1.5\"}}")),
             RpcValue::fromStruct({{QStringLiteral("struct"), RpcValue::fromDecimal(QStringLiteral("1.5"))}}));
    const Result<RpcValue> badDecimal = parseArgumentLiteral(QStringLiteral("{\"decimal\":1.5}"));
    QVERIFY(!badDecimal.ok());
    QCOMPARE(
        badDecimal.error(),
        QStringLiteral("{\"decimal\": ...} needs the decimal's digits as a string, like \"9876543210.0123456789\""));
}

void TestCallExchange::replayStatistics()
{
    XmlRpcServer server;
    QVERIFY(server.listen().ok());
    const ReplaySummary s = CallRepeater::run(
        xmlrpcCall(server.url(), QStringLiteral("add"), {RpcValue::fromInt(1), RpcValue::fromInt(2)}), 20);
    QCOMPARE(s.sent, 20);
    QCOMPARE(s.answered, 20);
    QCOMPARE(s.errors, 0);
    QVERIFY(s.minMs > 0);
    QVERIFY(s.minMs <= s.medianMs && s.medianMs <= s.p95Ms && s.p95Ms <= s.maxMs);

    const ReplaySummary refused = CallRepeater::run(
        xmlrpcCall(QStringLiteral("http://127.0.0.1:%1/").arg(test::freeTcpPort()), QStringLiteral("add"), {}), 3);
    QCOMPARE(refused.errors, 3);
    QCOMPARE(refused.answered, 0);
    QVERIFY(refused.firstError.contains(QStringLiteral("refused")));

    const ReplaySummary fixed = ReplaySummary::fromSamples({5, 1, 4, 2, 3}, 6, 1, QStringLiteral("x"));
    QCOMPARE(fixed.minMs, 1.0);
    QCOMPARE(fixed.medianMs, 3.0);
    QCOMPARE(fixed.p95Ms, 5.0);
    QCOMPARE(fixed.maxMs, 5.0);
    QVERIFY(fixed.toText().startsWith(QStringLiteral("6 calls: min 1.00 ms, median 3.00 ms")));
}

void TestCallExchange::copyAsSnippetsRun()
{
    const ComposedCall add
        = xmlrpcCall(m_pythonUrl, QStringLiteral("add"), {RpcValue::fromInt(40), RpcValue::fromInt(2)});
    const Result<QString> python = copyas::pythonXmlRpc(add);
    QVERIFY(python.ok());
    test::ProcessResult r = test::runPython(*python);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("42\n"));

    const ComposedCall echo
        = xmlrpcCall(m_pythonUrl, QStringLiteral("echo"), {RpcValue::fromString(QStringLiteral("it's <ok>"))});
    const Result<QString> curl = copyas::curl(echo);
    QVERIFY(curl.ok());
    r = test::runProcess(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), *curl});
    if (r.exitCode == 127)
        QSKIP("curl is not installed");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains("<string>it's &lt;ok&gt;</string>"), r.out.constData());

    ComposedCall pyro;
    pyro.endpoint = m_pyroUri;
    pyro.method = QStringLiteral("get_fortune");
    pyro.params = {RpcValue::fromString(QStringLiteral("letian"))};
    pyro.serializer = QStringLiteral("json");
    const Result<QString> pyroSnippet = copyas::pythonPyro4(pyro);
    QVERIFY(pyroSnippet.ok());
    r = test::runPython(*pyroSnippet);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("Hello, letian. \n\n"));
    QVERIFY(!copyas::curl(pyro).ok());

    const Result<QString> raw = copyas::rawHttp(add);
    QVERIFY(raw.ok());
    QVERIFY(raw->startsWith(QStringLiteral("POST /RPC2 HTTP/1.1\r\n")));
    QCOMPARE(copyas::pythonLiteral(RpcValue::fromArray(
                 {RpcValue::fromBool(true), RpcValue::nil(), RpcValue::fromDouble(2)}, QStringLiteral("tuple"))),
             QStringLiteral("(True, None, 2.0)"));
}

void TestCallExchange::collectionRoundTrip()
{
    NamedCall xml {QStringLiteral("every type"),
                   xmlrpcCall(QStringLiteral("http://h/RPC2"), QStringLiteral("echo"), {})};
    RpcValue big = RpcValue::fromInt(Q_INT64_C(9007199254740993));
    big.setTag(QStringLiteral("i8"));
    xml.call.params = {RpcValue::fromInt(-1),
                       big,
                       RpcValue::fromBool(true),
                       RpcValue::fromDouble(0.1),
                       RpcValue::fromString(QStringLiteral("ü<")),
                       RpcValue::fromBytes(QByteArray("\x00\xff", 2)),
                       RpcValue::fromDateTime(RpcDateTime {QStringLiteral("19980717T14:08:55"), std::nullopt}),
                       RpcValue::nil(),
                       RpcValue::fromBigInt(QStringLiteral("123456789012345678901234567890")),
                       RpcValue::fromStruct({{QStringLiteral("b"), RpcValue::fromArray({RpcValue::fromInt(1)})},
                                             {QStringLiteral("a"), RpcValue::fromString(QStringLiteral("x"))}})};
    NamedCall pyro {QStringLiteral("fortune"), {}};
    pyro.call.endpoint = QStringLiteral("PYRO:example.greeting@127.0.0.1:9090");
    pyro.call.method = QStringLiteral("get_fortune");
    pyro.call.serializer = QStringLiteral("json");
    pyro.call.kwargs = {{QStringLiteral("name"), RpcValue::fromString(QStringLiteral("letian"))}};

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("collection.json"));
    QVERIFY(callcollection::save(path, {xml, pyro}).ok());
    const Result<std::vector<NamedCall>> back = callcollection::load(path);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error()));
    QCOMPARE(back->size(), size_t(2));
    QCOMPARE(back->at(0).name, xml.name);
    QCOMPARE(back->at(0).call.params, xml.call.params);
    QCOMPARE(back->at(1).call.kwargs, pyro.call.kwargs);
    QCOMPARE(back->at(1).call.serializer, QStringLiteral("json"));

    const Result<std::vector<NamedCall>> bad = callcollection::fromJson(
        R"({"format":"rpcscope-collection","requests":[{"name":"n","params":[{"type":"int","value":"x"}]}]})");
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().contains(QStringLiteral("parameter 1")), qPrintable(bad.error()));
    QVERIFY(!callcollection::fromJson("{}").ok());
    QVERIFY(!callcollection::load(dir.filePath(QStringLiteral("missing.json"))).ok());
}

QTEST_GUILESS_MAIN(TestCallExchange)
#include "tst_callexchange.moc"
