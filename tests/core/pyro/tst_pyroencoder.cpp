// PyroEncoder and the writers: serpent output byte-identical to serpent 1.41, JSON identical to Pyro4's json
// serializer, marshal that Python reads back; whole Pyro4 messages that real Pyro4 4.82 parses (header checksum,
// annotations, compression) and deserializes (msgpack too), including exception results it re-raises; and a live
// exchange with a real Pyro4 daemon. Pyro5 messages are checked against real Pyro5 in tst_pyro5decoder.
#include "pyro/marshalwriter.h"
#include "pyro/pyrepr.h"
#include "pyro/pyro4/pyro4decoder.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyroencoder.h"
#include "pyro/pyrojsonreader.h"
#include "pyro/pyrojsonwriter.h"
#include "pyro/serpentparser.h"
#include "pyro/serpentwriter.h"
#include "pyrofixtures.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>

using namespace rpcscope;

class TestPyroEncoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void serpentWriterMatchesSerpent_data();
    void serpentWriterMatchesSerpent();
    void serpentWriterFromValues_data();
    void serpentWriterFromValues();
    void jsonWriterMatchesPyro_data();
    void jsonWriterMatchesPyro();
    void marshalWriterReadByPython();
    void jsonWriterLoneSurrogatesReadByPython();
    void pyroReadsOurMessages_data();
    void pyroReadsOurMessages();
    void roundTrip_data();
    void roundTrip();
    void errors_data();
    void errors();
    void liveDaemon_data();
    void liveDaemon();
};

namespace {

RpcValue str(const char* s)
{
    return RpcValue::fromString(QString::fromUtf8(s));
}

RpcValue tuple(RpcArray items)
{
    return RpcValue::fromArray(std::move(items), QStringLiteral("tuple"));
}

// Python reads each hex-encoded message with Pyro4's own Message.recv and serializers and describes what it got.
const char* kPyroReader = R"(
import json, sys
import Pyro4.util
from Pyro4.message import Message, FLAGS_COMPRESSED, FLAGS_EXCEPTION
class Conn:
    def __init__(self, data): self.data = data
    def recv(self, n):
        chunk, self.data = self.data[:n], self.data[n:]
        return chunk
out = []
for hexdata in json.loads(sys.stdin.read()):
    msg = Message.recv(Conn(bytes.fromhex(hexdata)))
    ser = Pyro4.util.get_serializer_by_id(msg.serializer_id) if msg.serializer_id != 42 else None
    compressed = bool(msg.flags & FLAGS_COMPRESSED)
    if ser is None:
        data = msg.data
    elif msg.type == 4:
        data = ser.deserializeCall(msg.data, compressed=compressed)
    else:
        data = ser.deserializeData(msg.data, compressed=compressed)
    if isinstance(data, BaseException):
        data = 'raised %s.%s%r tb=%r' % (type(data).__module__, type(data).__name__, data.args,
                                         getattr(data, '_pyroTraceback', None))
    else:
        data = repr(data)
    out.append('type=%d flags=%d seq=%d ser=%d ann=%s %s' % (msg.type, msg.flags, msg.seq, msg.serializer_id,
               sorted(msg.annotations), data))
print(json.dumps(out))
)";

DecodedMessage request(const QString& object, const QString& method, RpcArray params, RpcStruct kwargs = {})
{
    DecodedMessage m;
    m.kind = MessageKind::Request;
    m.object = object;
    m.method = method;
    m.params = RpcValue::fromArray(std::move(params));
    m.kwargs = RpcValue::fromStruct(std::move(kwargs));
    return m;
}

DecodedMessage response(RpcValue result)
{
    DecodedMessage m;
    m.kind = MessageKind::Response;
    m.result = std::move(result);
    return m;
}

DecodedMessage exceptionResponse(const QString& cls, const QString& message, const QString& traceback)
{
    DecodedMessage m;
    m.kind = MessageKind::Response;
    m.status = CallStatus::Exception;
    m.fault = RpcFault {RpcValue::fromString(cls), message, traceback};
    return m;
}

QByteArray encodeOrFail(const DecodedMessage& m, const EncodeOptions& options)
{
    const Result<QByteArray> r = PyroEncoder::encode(m, options, 4);
    if (!r) {
        QTest::qFail(qPrintable(r.error()), __FILE__, __LINE__);
        return {};
    }
    return *r;
}

DecodedMessage decodeOurs(const QByteArray& bytes, Direction dir)
{
    DecodeContext context;
    context.direction = dir;
    return Pyro4Decoder().decode(bytes, context);
}

} // namespace

void TestPyroEncoder::serpentWriterMatchesSerpent_data()
{
    QTest::addColumn<QByteArray>("serpent");
    const QStringList expressions = {
        QStringLiteral("('example.greeting', 'get_fortune', ('letian',), {})"),
        QStringLiteral("'Hello, letian. \\n'"),
        QStringLiteral(
            "[\"it's\", 'say \"hi\"', 'both \\' and \"', 'tab\\t\\x00\\x7f \\u00e9 \\u20ac \\U0001F600 \\u2028']"),
        QStringLiteral("[0, -1, 2**63 - 1, -2**63, 2**100, -2**70]"),
        QStringLiteral("[1.0, -0.0, 0.1, 1e16, 1e15, 1e-05, 0.0001, 3.141592653589793, 2.5e300, 5e-324]"),
        QStringLiteral("[float('inf'), -float('inf'), float('nan')]"),
        QStringLiteral("[1+2j, 1-2j, -0.5j, complex(float('inf'), 1)]"),
        QStringLiteral("(None, True, False, (), (1,), [], {}, set())"),
        QStringLiteral("{'a': {'b': [1, (2, 3)], 'c': {7, 8, 9}}, 'd': frozenset({'x'})}"),
        QStringLiteral("[b'\\x00\\x01hi\\xff', b'', bytearray(b'ab')]"),
        QStringLiteral("ValueError('bad value', 42)"),
        QStringLiteral("{'handshake': 'hello', 'meta': {'methods': ['get_fortune'], 'oneway': [], 'attrs': []}}"),
        // U+FEFF first and inside, lone surrogates; dicts with keys of other types than str (a typed map).
        QStringLiteral("['\\ufeffbom', 'mid\\ufeffdle', '\\ud800', 'a\\udfffb', '\\udc00\\ud800']"),
        QStringLiteral("{1: 'a', '1': 'b', (2, 3): 'c', 1.5: 'd', True: 'e', 2**70: 'f', -0.0: 'g'}"),
    };
    QJsonArray in;
    for (const QString& e : expressions)
        in.append(e);
    const QJsonArray out
        = test::runPythonJson(
              QStringLiteral("import base64, json, sys, serpent\n"
                             "print(json.dumps([[e, base64.b64encode(serpent.dumps(eval(e), "
                             "module_in_classname=True)).decode()] for e in json.loads(sys.stdin.read())]))"),
              in)
              .toArray();
    QCOMPARE(out.size(), in.size());
    for (const QJsonValue& row : out)
        QTest::addRow("%s", qPrintable(row.toArray()[0].toString()))
            << QByteArray::fromBase64(row.toArray()[1].toString().toLatin1());
}

void TestPyroEncoder::serpentWriterMatchesSerpent()
{
    // Read what serpent wrote, write it again: byte for byte the same text.
    QFETCH(QByteArray, serpent);
    const PyReadResult r = SerpentParser::parse(serpent, 0, {}, nullptr);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(QString::fromUtf8(SerpentWriter::write(r.value)), QString::fromUtf8(serpent));
}

void TestPyroEncoder::serpentWriterFromValues_data()
{
    QTest::addColumn<RpcValue>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("1-tuple") << tuple({str("letian")}) << QByteArray("('letian',)");
    QTest::addRow("empty tuple") << tuple({}) << QByteArray("()");
    QTest::addRow("untagged array is a list")
        << RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::nil()}) << QByteArray("[1,None]");
    QTest::addRow("empty set") << RpcValue::fromArray({}, QStringLiteral("set")) << QByteArray("()");
    QTest::addRow("struct is a dict") << RpcValue::fromStruct({{QStringLiteral("k"), RpcValue::fromBool(true)}})
                                      << QByteArray("{'k':True}");
    QTest::addRow("bytes") << RpcValue::fromBytes("hi") << QByteArray("{'data': 'aGk=', 'encoding': 'base64'}");
    QTest::addRow("big int") << RpcValue::fromBigInt(QStringLiteral("-1267650600228229401496703205376"))
                             << QByteArray("-1267650600228229401496703205376");
    QTest::addRow("datetime as its text")
        << RpcValue::fromDateTime({QStringLiteral("2024-01-02T03:04:05"), {}}) << QByteArray("'2024-01-02T03:04:05'");
}

void TestPyroEncoder::serpentWriterFromValues()
{
    QFETCH(RpcValue, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(SerpentWriter::write(value),
             QByteArray(SerpentWriter::kHeader.data(), SerpentWriter::kHeader.size()) + expected);
}

void TestPyroEncoder::jsonWriterMatchesPyro_data()
{
    QTest::addColumn<QByteArray>("json");
    const QStringList expressions = {
        QStringLiteral("{'object': 'example.greeting', 'method': 'get_fortune', 'params': ('letian',), 'kwargs': {}}"),
        QStringLiteral(
            "['tab\\t\"q\" back\\\\slash \\x00\\x1f\\x7f', '\\u00fcn\\u00efc\\u00f6de \\u2713 \\U0001F600']"),
        QStringLiteral("[0, -1, 2**100, 1.5, -0.0, 1e16, 1e-05, float('inf'), -float('inf'), float('nan')]"),
        QStringLiteral("[None, True, False, [], {}, {'a': {'b': [1]}}]"),
        QStringLiteral("ValueError('bad value', 42)"),
        // U+FEFF first and inside; an int and a str key with the same JSON text (both written).
        QStringLiteral("['\\ufeffbom', 'mid\\ufeffdle', {1: 'a', '1': 'b'}]"),
    };
    QJsonArray in;
    for (const QString& e : expressions)
        in.append(e);
    const QJsonArray out = test::runPythonJson(QStringLiteral("import base64, json, sys\n"
                                                              "import Pyro4.util\n"
                                                              "s = Pyro4.util.get_serializer('json')\n"
                                                              "print(json.dumps([[e, base64.b64encode(s.dumps(eval(e)))"
                                                              ".decode()] for e in json.loads(sys.stdin.read())]))"),
                                               in)
                               .toArray();
    QCOMPARE(out.size(), in.size());
    for (const QJsonValue& row : out)
        QTest::addRow("%s", qPrintable(row.toArray()[0].toString()))
            << QByteArray::fromBase64(row.toArray()[1].toString().toLatin1());
}

void TestPyroEncoder::jsonWriterMatchesPyro()
{
    QFETCH(QByteArray, json);
    const PyReadResult r = PyroJsonReader::parse(json, 0, {}, nullptr);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(QString::fromUtf8(PyroJsonWriter::write(r.value)), QString::fromUtf8(json));
}

void TestPyroEncoder::marshalWriterReadByPython()
{
    const std::vector<RpcValue> values = {
        tuple({str("example.greeting"), str("get_fortune"), RpcValue::fromArray({str("letian")}),
               RpcValue::fromStruct({})}),
        RpcValue::fromArray({RpcValue::fromInt(0), RpcValue::fromInt(-2147483648LL), RpcValue::fromInt(2147483648LL),
                             RpcValue::fromInt(std::numeric_limits<qint64>::min()),
                             RpcValue::fromBigInt(QStringLiteral("1267650600228229401496703205376")),
                             RpcValue::fromBigInt(QStringLiteral("-1180591620717411303424"))}),
        RpcValue::fromArray({RpcValue::fromDouble(1.5), RpcValue::fromBytes(QByteArray("\x00\xff", 2)),
                             str("\xc3\xbcn\xc3\xaf"), RpcValue::fromString(QString(300, QLatin1Char('x'))),
                             RpcValue::nil(), RpcValue::fromBool(true),
                             RpcValue::fromArray({RpcValue::fromInt(7)}, QStringLiteral("set"))}),
        RpcValue::fromStruct(
            {{QStringLiteral("real"), RpcValue::fromDouble(1)}, {QStringLiteral("imag"), RpcValue::fromDouble(-2)}},
            QStringLiteral("complex")),
        // Python's marshal writes a lone surrogate with 'surrogatepass', and so do we; U+FEFF is kept.
        RpcValue::fromArray({RpcValue::fromString(QString(QChar(0xD800))),
                             RpcValue::fromString(QStringLiteral("a") + QChar(0xDFFF) + QStringLiteral("b")),
                             RpcValue::fromString(QString(QChar(0xFEFF)) + QStringLiteral("bom\U0001F600"))}),
        // A map keeps the types of its keys: 1 and '1' are two keys.
        RpcValue::fromMap({{RpcValue::fromInt(1), str("a")},
                           {str("1"), str("b")},
                           {tuple({RpcValue::fromInt(2), RpcValue::fromInt(3)}), str("c")},
                           {RpcValue::nil(), str("d")},
                           {RpcValue::fromBigInt(QStringLiteral("1180591620717411303424")), str("e")}}),
    };
    QJsonArray in;
    for (const RpcValue& v : values)
        in.append(QString::fromLatin1(MarshalWriter::write(v).toHex()));
    const QJsonArray out = test::runPythonJson(QStringLiteral("import json, marshal, sys\n"
                                                              "print(json.dumps([repr(marshal.loads(bytes.fromhex(h)))"
                                                              " for h in json.loads(sys.stdin.read())]))"),
                                               in)
                               .toArray();
    QCOMPARE(out.size(), qsizetype(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i)
        QCOMPARE(out[i].toString(), PyRepr::repr(values[i]));
}

void TestPyroEncoder::pyroReadsOurMessages_data()
{
    QTest::addColumn<DecodedMessage>("message");
    QTest::addColumn<QVariantMap>("options");
    QTest::addColumn<QString>("expected");
    const QString tb = QStringLiteral("Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: no\n");
    for (const char* ser : {"serpent", "json", "marshal", "msgpack"}) {
        const QString s = QString::fromLatin1(ser);
        const QVariantMap base {{QStringLiteral("serializer"), s}, {QStringLiteral("seq"), 1}};
        const int id = pyro4::serializerIdFromName(s);
        DecodedMessage connect = request(QStringLiteral("example.greeting"), QStringLiteral("<connect>"), {});
        QTest::addRow("%s CONNECT", ser) << connect << QVariantMap {{QStringLiteral("serializer"), s}}
                                         << QStringLiteral("type=1 flags=16 seq=0 ser=%1 ann=[] {'handshake': 'hello', "
                                                           "'object': 'example.greeting'}")
                                                .arg(id);
        QTest::addRow("%s INVOKE", ser)
            << request(QStringLiteral("example.greeting"), QStringLiteral("get_fortune"), {str("letian")},
                       {{QStringLiteral("loud"), RpcValue::fromBool(true)}})
            << base
            << QStringLiteral("type=4 flags=0 seq=1 ser=%1 ann=[] ('example.greeting', 'get_fortune', %2, {'loud': "
                              "True})")
                   .arg(id)
                   .arg(s == QLatin1String("serpent") ? QStringLiteral("('letian',)") : QStringLiteral("['letian']"));
        DecodedMessage oneway = request(QStringLiteral("example.greeting"), QStringLiteral("log"), {str("x")});
        oneway.expectsReply = false;
        QTest::addRow("%s oneway INVOKE", ser)
            << oneway << base
            << QStringLiteral("type=4 flags=4 seq=1 ser=%1 ann=[] ('example.greeting', 'log', %2, {})")
                   .arg(id)
                   .arg(s == QLatin1String("serpent") ? QStringLiteral("('x',)") : QStringLiteral("['x']"));
        QTest::addRow("%s RESULT", ser)
            << response(str("Hello, letian. \n")) << base
            << QStringLiteral("type=5 flags=0 seq=1 ser=%1 ann=[] 'Hello, letian. \\n'").arg(id);
        QTest::addRow("%s exception RESULT", ser)
            << exceptionResponse(QStringLiteral("builtins.ValueError"), QStringLiteral("bad value"), tb) << base
            << QStringLiteral("type=5 flags=1 seq=1 ser=%1 ann=[] raised builtins.ValueError('bad value',) "
                              "tb=['Traceback (most recent call last):\\n', '  File \"x.py\", line 1\\n', "
                              "'ValueError: no\\n']")
                   .arg(id);
    }
    QTest::addRow("Pyro error class re-raised")
        << exceptionResponse(QStringLiteral("Pyro4.errors.DaemonError"), QStringLiteral("unknown object"), {})
        << QVariantMap {{QStringLiteral("seq"), 9}}
        << QStringLiteral("type=5 flags=1 seq=9 ser=1 ann=[] raised Pyro4.errors.DaemonError('unknown object',) "
                          "tb=None");
    DecodedMessage connectOk = response(RpcValue::fromStruct(
        {{QStringLiteral("handshake"), str("hello")},
         {QStringLiteral("meta"),
          RpcValue::fromStruct({{QStringLiteral("methods"), RpcValue::fromArray({str("get_fortune")})},
                                {QStringLiteral("oneway"), RpcValue::fromArray({})},
                                {QStringLiteral("attrs"), RpcValue::fromArray({})}})}}));
    connectOk.method = QStringLiteral("<connect>");
    QTest::addRow("CONNECTOK with metadata and CORR")
        << connectOk
        << QVariantMap {{QStringLiteral("annotations"), QVariantMap {{QStringLiteral("CORR"), QByteArray(16, '\x11')}}}}
        << QStringLiteral("type=2 flags=16 seq=0 ser=1 ann=['CORR'] {'handshake': 'hello', 'meta': {'methods': "
                          "['get_fortune'], 'oneway': [], 'attrs': []}}");
    DecodedMessage fail = exceptionResponse(QString(), QStringLiteral("refused"), {});
    fail.method = QStringLiteral("<connect>");
    QTest::addRow("CONNECTFAIL in marshal")
        << fail << QVariantMap {{QStringLiteral("serializer"), QStringLiteral("marshal")}}
        << QStringLiteral("type=3 flags=0 seq=0 ser=3 ann=[] 'refused'");
    DecodedMessage batch = request(QStringLiteral("example.greeting"), QStringLiteral("<batch>"), {});
    SubCall a;
    a.method = QStringLiteral("get_fortune");
    a.params = RpcValue::fromArray({str("a")});
    SubCall b;
    b.method = QStringLiteral("echo");
    b.params = RpcValue::fromArray({RpcValue::fromInt(2)});
    batch.subCalls = {a, b};
    QTest::addRow("batch INVOKE") << batch << QVariantMap {{QStringLiteral("seq"), 5}}
                                  << QStringLiteral("type=4 flags=8 seq=5 ser=1 ann=[] ('example.greeting', '<batch>', "
                                                    "[('get_fortune', ('a',), {}), ('echo', (2,), {})], None)");
    DecodedMessage ping = request(QString(), QStringLiteral("<ping>"), {});
    QTest::addRow("PING") << ping << QVariantMap {} << QStringLiteral("type=6 flags=0 seq=0 ser=42 ann=[] b'ping'");
    QTest::addRow("compressed RESULT")
        << response(RpcValue::fromString(QStringLiteral("z").repeated(300)))
        << QVariantMap {{QStringLiteral("compress"), true}}
        << QStringLiteral("type=5 flags=2 seq=0 ser=1 ann=[] '%1'").arg(QStringLiteral("z").repeated(300));
}

void TestPyroEncoder::pyroReadsOurMessages()
{
    QFETCH(DecodedMessage, message);
    QFETCH(QVariantMap, options);
    QFETCH(QString, expected);
    const QByteArray bytes = encodeOrFail(message, options);
    QVERIFY(Pyro4Header::isValidAt(bytes));
    const QJsonArray out
        = test::runPythonJson(QString::fromLatin1(kPyroReader), QJsonArray {QString::fromLatin1(bytes.toHex())})
              .toArray();
    QCOMPARE(out.size(), 1);
    QCOMPARE(out[0].toString(), expected);
}

void TestPyroEncoder::jsonWriterLoneSurrogatesReadByPython()
{
    // UTF-8 has no form for a lone surrogate, JSON's \\u escape has: Pyro's json serializer reads it back.
    const RpcValue value = RpcValue::fromArray(
        {RpcValue::fromString(QString(QChar(0xD800))),
         RpcValue::fromString(QStringLiteral("a") + QChar(0xDFFF) + QStringLiteral("b") + QChar(0xFEFF)),
         RpcValue::fromString(QStringLiteral("\U0001F600"))});
    const QByteArray json = PyroJsonWriter::write(value);
    QVERIFY(json.isValidUtf8());
    const QJsonArray out = test::runPythonJson(QStringLiteral("import json, sys\n"
                                                              "import Pyro4.util\n"
                                                              "s = Pyro4.util.get_serializer('json')\n"
                                                              "h = json.loads(sys.stdin.read())[0]\n"
                                                              "print(json.dumps([repr(s.loads(bytes.fromhex(h)))]))"),
                                               QJsonArray {QString::fromLatin1(json.toHex())})
                               .toArray();
    QCOMPARE(out.at(0).toString(), PyRepr::repr(value));
}

void TestPyroEncoder::roundTrip_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addRow("serpent") << QStringLiteral("serpent");
    QTest::addRow("json") << QStringLiteral("json");
    QTest::addRow("marshal") << QStringLiteral("marshal");
}

void TestPyroEncoder::roundTrip()
{
    QFETCH(QString, serializer);
    const QVariantMap options {{QStringLiteral("serializer"), serializer}, {QStringLiteral("seq"), 77}};
    const DecodedMessage call
        = request(QStringLiteral("example.greeting"), QStringLiteral("get_fortune"),
                  {str("letian"), RpcValue::fromInt(3)}, {{QStringLiteral("x"), RpcValue::nil()}});
    const DecodedMessage in = decodeOurs(encodeOrFail(call, options), Direction::ClientToServer);
    QVERIFY(in.problems.empty());
    QCOMPARE(in.kind, MessageKind::Request);
    QCOMPARE(in.object, call.object);
    QCOMPARE(in.method, call.method);
    QCOMPARE(PyRepr::repr(RpcValue::fromArray(in.params.toArray())), QStringLiteral("['letian', 3]"));
    QCOMPARE(PyRepr::repr(in.kwargs), QStringLiteral("{'x': None}"));
    QCOMPARE(in.pairKey, std::optional<quint32>(77));
    const DecodedMessage out = decodeOurs(encodeOrFail(exceptionResponse(QStringLiteral("builtins.KeyError"),
                                                                         QStringLiteral("k"), QStringLiteral("tb\n")),
                                                       options),
                                          Direction::ServerToClient);
    QCOMPARE(out.status, CallStatus::Exception);
    QCOMPARE(out.fault->code.toString(), QStringLiteral("builtins.KeyError"));
    QCOMPARE(out.fault->message, QStringLiteral("k"));
    QCOMPARE(out.fault->detail, QStringLiteral("tb\n"));
    QCOMPARE(out.pairKey, std::optional<quint32>(77));
}

void TestPyroEncoder::errors_data()
{
    QTest::addColumn<QVariantMap>("options");
    QTest::addColumn<QString>("error");
    QTest::addRow("unknown serializer") << QVariantMap {{QStringLiteral("serializer"), QStringLiteral("yaml")}}
                                        << QStringLiteral("unknown Pyro4 serializer \"yaml\"");
    QTest::addRow("pickle is not written") << QVariantMap {{QStringLiteral("serializer"), QStringLiteral("pickle")}}
                                           << QStringLiteral("cannot write the pickle serializer (serpent, json, "
                                                             "marshal and msgpack can be written)");
    QTest::addRow("unknown type") << QVariantMap {{QStringLiteral("type"), QStringLiteral("hello")}}
                                  << QStringLiteral("unknown Pyro4 message type \"hello\"");
    QTest::addRow("annotation key of 7 letters")
        << QVariantMap {{QStringLiteral("annotations"), QVariantMap {{QStringLiteral("TOOLONG"), QByteArray("x")}}}}
        << QStringLiteral("annotation key must be 4 characters, not \"TOOLONG\"");
}

void TestPyroEncoder::errors()
{
    QFETCH(QVariantMap, options);
    QFETCH(QString, error);
    const Result<QByteArray> r = PyroEncoder::encode(request(QStringLiteral("o"), QStringLiteral("m"), {}), options, 4);
    QVERIFY(!r);
    QCOMPARE(r.error(), error);
}

void TestPyroEncoder::liveDaemon_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addRow("serpent") << QStringLiteral("serpent");
    QTest::addRow("json") << QStringLiteral("json");
    QTest::addRow("marshal") << QStringLiteral("marshal");
}

void TestPyroEncoder::liveDaemon()
{
    // Our CONNECT and INVOKEs sent to a real Pyro4 daemon on 127.0.0.1; its replies decoded by our decoder.
    QFETCH(QString, serializer);
    const quint16 port = test::freeTcpPort();
    QVERIFY(port);
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::MergedChannels);
    daemon.start(test::pythonPath(),
                 {test::dataPath(QStringLiteral("pyro4/greeting_server.py")), QString::number(port)});
    QVERIFY(daemon.waitForStarted(10000));
    auto cleanup = qScopeGuard([&] {
        daemon.kill();
        daemon.waitForFinished(5000);
    });
    QElapsedTimer timer;
    timer.start();
    while (!daemon.readAll().contains("ready") && timer.elapsed() < 15000)
        daemon.waitForReadyRead(200);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));

    // Sends one message and reads one reply, framed by its header.
    auto exchange = [&](const DecodedMessage& m, quint16 seq) -> DecodedMessage {
        socket.write(encodeOrFail(m, {{QStringLiteral("serializer"), serializer}, {QStringLiteral("seq"), seq}}));
        QByteArray reply;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            if (reply.size() >= 24 && reply.size() >= Pyro4Header::read(reply)->frameLength())
                break;
            socket.waitForReadyRead(200);
            reply += socket.readAll();
        }
        return decodeOurs(reply, Direction::ServerToClient);
    };

    const DecodedMessage connected
        = exchange(request(QStringLiteral("example.greeting"), QStringLiteral("<connect>"), {}), 0);
    QVERIFY2(connected.problems.empty(), connected.problems.empty() ? "" : qPrintable(connected.problems[0].text));
    QCOMPARE(connected.result.member(u"handshake")->toString(), QStringLiteral("hello"));
    QCOMPARE(PyRepr::repr(*connected.result.member(u"meta")->member(u"oneway")), QStringLiteral("['log']"));

    const DecodedMessage fortune
        = exchange(request(QStringLiteral("example.greeting"), QStringLiteral("get_fortune"), {str("letian")}), 1);
    QCOMPARE(fortune.result.toString(), QStringLiteral("Hello, letian. \n"));
    QCOMPARE(fortune.pairKey, std::optional<quint32>(1));

    DecodedMessage oneway = request(QStringLiteral("example.greeting"), QStringLiteral("log"), {str("quiet")});
    oneway.expectsReply = false;
    socket.write(encodeOrFail(oneway, {{QStringLiteral("serializer"), serializer}, {QStringLiteral("seq"), 2}}));

    const DecodedMessage failed
        = exchange(request(QStringLiteral("example.greeting"), QStringLiteral("fail"), {str("y")}), 3);
    QCOMPARE(failed.pairKey, std::optional<quint32>(3)); // nothing came back for the oneway call in between
    QCOMPARE(failed.status, CallStatus::Exception);
    QCOMPARE(failed.fault->code.toString(), QStringLiteral("builtins.ValueError"));
    QCOMPARE(failed.fault->message, QStringLiteral("bad value, y"));
    QVERIFY(failed.fault->detail.contains(QLatin1String("raise ValueError(\"bad value\", what)")));
}

QTEST_GUILESS_MAIN(TestPyroEncoder)
#include "tst_pyroencoder.moc"
