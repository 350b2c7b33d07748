// Pyro5 interop at the byte level: our messages of every kind and serializer read by Pyro5 5.17's own
// ReceivingMessage and serializers (exceptions re-created as Pyro5 does), and a live exchange with a real Pyro5
// daemon decoded by our decoder. Skipped, saying why, when the Pyro5 package is absent.
#include "pyro/pyrepr.h"
#include "pyro/pyro5/pyro5decoder.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyrofixtures.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>

using namespace rpcscope;

class TestPyro5Interop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pyro5ReadsOurMessages_data();
    void pyro5ReadsOurMessages();
    void liveDaemon_data();
    void liveDaemon();
};

namespace {

RpcValue str(const char* s)
{
    return RpcValue::fromString(QString::fromUtf8(s));
}

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

QByteArray encodeOrFail(const DecodedMessage& m, const EncodeOptions& options)
{
    const Result<QByteArray> r = Pyro5Decoder().encode(m, options);
    if (!r) {
        QTest::qFail(qPrintable(r.error()), __FILE__, __LINE__);
        return {};
    }
    return *r;
}

DecodedMessage decode(const QByteArray& bytes, Direction dir)
{
    DecodeContext context;
    context.direction = dir;
    return Pyro5Decoder().decode(bytes, context);
}

} // namespace

void TestPyro5Interop::pyro5ReadsOurMessages_data()
{
    QTest::addColumn<DecodedMessage>("message");
    QTest::addColumn<QVariantMap>("options");
    QTest::addColumn<QString>("expected");
    const QString tb = QStringLiteral("Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: no\n");
    for (const char* ser : {"serpent", "marshal", "json", "msgpack"}) {
        const QString s = QString::fromLatin1(ser);
        const int id = pyro5::serializerId(*pyro::serializerFromName(s));
        const QVariantMap base {{QStringLiteral("serializer"), s}, {QStringLiteral("seq"), 1}};
        // Pyro5's msgpack serializer hands the call over as the list msgpack read, the others as a tuple.
        const QString open = s == QLatin1String("msgpack") ? QStringLiteral("[") : QStringLiteral("(");
        const QString close = s == QLatin1String("msgpack") ? QStringLiteral("]") : QStringLiteral(")");
        QTest::addRow("%s CONNECT", ser)
            << request(QStringLiteral("example.greeting"), QStringLiteral("<connect>"), {}) << base
            << QStringLiteral("type=1 flags=0 seq=1 ser=%1 {'handshake': 'hello', 'object': 'example.greeting'}")
                   .arg(id);
        QTest::addRow("%s INVOKE", ser)
            << request(QStringLiteral("example.greeting"), QStringLiteral("get_fortune"), {str("letian")},
                       {{QStringLiteral("loud"), RpcValue::fromBool(true)}})
            << base
            << QStringLiteral("type=4 flags=0 seq=1 ser=%1 call %2'example.greeting', 'get_fortune', %3, {'loud': "
                              "True}%4")
                   .arg(id)
                   .arg(open,
                        s == QLatin1String("serpent") ? QStringLiteral("('letian',)") : QStringLiteral("['letian']"),
                        close);
        DecodedMessage oneway = request(QStringLiteral("example.greeting"), QStringLiteral("log"), {str("x")});
        oneway.expectsReply = false;
        QTest::addRow("%s oneway INVOKE", ser)
            << oneway << base
            << QStringLiteral("type=4 flags=4 seq=1 ser=%1 call %2'example.greeting', 'log', %3, {}%4")
                   .arg(id)
                   .arg(open, s == QLatin1String("serpent") ? QStringLiteral("('x',)") : QStringLiteral("['x']"),
                        close);
        DecodedMessage big;
        big.kind = MessageKind::Response;
        big.result = RpcValue::fromArray({RpcValue::fromBigInt(QStringLiteral("1267650600228229401496703205376")),
                                          RpcValue::fromInt(-7), str("\xc3\xbc")});
        QTest::addRow("%s RESULT", ser) << big << base
                                        << QStringLiteral(
                                               "type=5 flags=0 seq=1 ser=%1 [1267650600228229401496703205376, "
                                               "-7, 'ü']")
                                               .arg(id);
        DecodedMessage fault;
        fault.kind = MessageKind::Response;
        fault.status = CallStatus::Exception;
        fault.fault = RpcFault {RpcValue::fromString(QStringLiteral("builtins.ValueError")), QStringLiteral("bad"), tb};
        QTest::addRow("%s exception RESULT", ser)
            << fault << base
            << QStringLiteral("type=5 flags=1 seq=1 ser=%1 raised builtins.ValueError('bad',) "
                              "tb=['Traceback (most recent call last):\\n', '  File \"x.py\", line 1\\n', "
                              "'ValueError: no\\n']")
                   .arg(id);
    }
    DecodedMessage batch = request(QStringLiteral("example.greeting"), QStringLiteral("<batch>"), {});
    SubCall a;
    a.method = QStringLiteral("get_fortune");
    a.params = RpcValue::fromArray({str("a")});
    batch.subCalls = {a};
    QTest::addRow("batch INVOKE") << batch << QVariantMap {{QStringLiteral("seq"), 5}}
                                  << QStringLiteral("type=4 flags=8 seq=5 ser=1 call ('example.greeting', '<batch>', "
                                                    "[('get_fortune', ('a',), {})], None)");
    DecodedMessage connectOk;
    connectOk.kind = MessageKind::Response;
    connectOk.method = QStringLiteral("<connect>");
    connectOk.result = RpcValue::fromStruct(
        {{QStringLiteral("handshake"), str("hello")},
         {QStringLiteral("meta"),
          RpcValue::fromStruct({{QStringLiteral("methods"), RpcValue::fromArray({str("a")}, QStringLiteral("set"))},
                                {QStringLiteral("oneway"), RpcValue::fromArray({}, QStringLiteral("set"))},
                                {QStringLiteral("attrs"), RpcValue::fromArray({}, QStringLiteral("set"))}})}});
    QTest::addRow("CONNECTOK with sets and a correlation id")
        << connectOk
        << QVariantMap {{QStringLiteral("correlationId"), QStringLiteral("01234567-89ab-cdef-0123-456789abcdef")}}
        // serpent has no literal for an empty set: it writes (), as it does for Pyro5's own daemon.
        << QStringLiteral("type=2 flags=64 seq=0 ser=1 {'handshake': 'hello', 'meta': {'methods': {'a'}, 'oneway': "
                          "(), 'attrs': ()}} corr=01234567-89ab-cdef-0123-456789abcdef");
    DecodedMessage ping = request(QString(), QStringLiteral("<ping>"), {});
    QTest::addRow("PING") << ping << QVariantMap {} << QStringLiteral("type=6 flags=0 seq=0 ser=42 b'ping'");
    DecodedMessage compressed;
    compressed.kind = MessageKind::Response;
    compressed.result = RpcValue::fromString(QStringLiteral("z").repeated(120));
    QTest::addRow("compressed RESULT")
        << compressed << QVariantMap {{QStringLiteral("compress"), true}}
        << QStringLiteral("type=5 flags=0 seq=0 ser=1 '%1'").arg(QStringLiteral("z").repeated(120));
}

void TestPyro5Interop::pyro5ReadsOurMessages()
{
    // Pyro5's own ReceivingMessage and serializers read what we write (exceptions re-created as Pyro5 does).
    RPCSCOPE_REQUIRE_PYRO5();
    QFETCH(DecodedMessage, message);
    QFETCH(QVariantMap, options);
    QFETCH(QString, expected);
    const QByteArray bytes = encodeOrFail(message, options);
    QVERIFY(Pyro5Header::isValidAt(bytes));
    const QJsonArray out = test::runPythonJson(test::withPyro5(QStringLiteral(R"(
import json, sys, uuid
from Pyro5.protocol import ReceivingMessage, FLAGS_CORR_ID
from Pyro5.serializers import serializers_by_id
data = bytes.fromhex(json.loads(sys.stdin.read())[0])
m = ReceivingMessage(data[:40], data[40:])
ser = serializers_by_id.get(m.serializer_id)
if ser is None:
    value = bytes(m.data)
elif m.type == 4:
    value = 'call ' + repr(ser.loadsCall(m.data))
else:
    value = ser.loads(m.data)
if isinstance(value, BaseException):
    value = 'raised %s.%s%r tb=%r' % (type(value).__module__, type(value).__name__, value.args,
                                      getattr(value, '_pyroTraceback', None))
elif not isinstance(value, str) or not value.startswith('call '):
    value = repr(value)
text = 'type=%d flags=%d seq=%d ser=%d %s' % (m.type, m.flags, m.seq, m.serializer_id, value)
if m.flags & FLAGS_CORR_ID:
    text += ' corr=' + str(uuid.UUID(bytes=bytes(m.corr_id)))
print(json.dumps([text]))
)")),
                                               QJsonArray {QString::fromLatin1(bytes.toHex())})
                               .toArray();
    QCOMPARE(out.size(), 1);
    QCOMPARE(out[0].toString(), expected);
}

void TestPyro5Interop::liveDaemon_data()
{
    QTest::addColumn<QString>("serializer");
    for (const char* s : {"serpent", "marshal", "json", "msgpack"})
        QTest::addRow("%s", s) << QString::fromLatin1(s);
}

void TestPyro5Interop::liveDaemon()
{
    // Our CONNECT and INVOKEs sent to a real Pyro5 daemon on 127.0.0.1; its replies decoded by our decoder.
    RPCSCOPE_REQUIRE_PYRO5();
    QFETCH(QString, serializer);
    const quint16 port = test::freeTcpPort();
    QVERIFY(port);
    QProcess daemon;
    daemon.setProcessChannelMode(QProcess::MergedChannels);
    daemon.start(test::pythonPath(),
                 {QStringLiteral("-c"),
                  test::withPyro5(QStringLiteral("import runpy, sys\n"
                                                 "sys.argv = sys.argv[1:]\n"
                                                 "runpy.run_path(sys.argv[0], run_name='__main__')\n")),
                  test::dataPath(QStringLiteral("pyro5/greeting_server.py")), QString::number(port)});
    QVERIFY(daemon.waitForStarted(10000));
    auto cleanup = qScopeGuard([&] {
        daemon.kill();
        daemon.waitForFinished(5000);
    });
    QElapsedTimer timer;
    timer.start();
    QByteArray started;
    while (!started.contains("ready") && timer.elapsed() < 15000) {
        daemon.waitForReadyRead(200);
        started += daemon.readAll();
    }
    QVERIFY2(started.contains("ready"), started.constData());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));

    auto exchange = [&](const DecodedMessage& m, quint16 seq) -> DecodedMessage {
        socket.write(encodeOrFail(m, {{QStringLiteral("serializer"), serializer}, {QStringLiteral("seq"), seq}}));
        QByteArray reply;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10000) {
            if (reply.size() >= 40 && reply.size() >= Pyro5Header::read(reply)->frameLength())
                break;
            socket.waitForReadyRead(200);
            reply += socket.readAll();
        }
        return decode(reply, Direction::ServerToClient);
    };

    const DecodedMessage connected
        = exchange(request(QStringLiteral("example.greeting"), QStringLiteral("<connect>"), {}), 0);
    QVERIFY2(connected.problems.empty(), connected.problems.empty() ? "" : qPrintable(connected.problems[0].text));
    QCOMPARE(connected.result.member(u"handshake")->toString(), QStringLiteral("hello"));
    QCOMPARE(PyRepr::repr(RpcValue::fromArray(connected.result.member(u"meta")->member(u"oneway")->toArray())),
             QStringLiteral("['log']"));
    QVERIFY(!Pyro5Header::read(connected.bytes())->correlationId.isEmpty());

    const DecodedMessage fortune
        = exchange(request(QStringLiteral("example.greeting"), QStringLiteral("get_fortune"), {str("letian")}), 1);
    QCOMPARE(fortune.result.toString(), QStringLiteral("Hello, letian. \n"));
    QCOMPARE(fortune.pairKey, std::optional<quint32>(1));

    const RpcValue big = RpcValue::fromBigInt(QStringLiteral("-1180591620717411303424"));
    const DecodedMessage echoed
        = exchange(request(QStringLiteral("example.greeting"), QStringLiteral("echo"), {big}), 2);
    QCOMPARE(echoed.result, big);

    DecodedMessage oneway = request(QStringLiteral("example.greeting"), QStringLiteral("log"), {str("quiet")});
    oneway.expectsReply = false;
    socket.write(encodeOrFail(oneway, {{QStringLiteral("serializer"), serializer}, {QStringLiteral("seq"), 3}}));

    const DecodedMessage failed
        = exchange(request(QStringLiteral("example.greeting"), QStringLiteral("fail"), {str("y")}), 4);
    QCOMPARE(failed.pairKey, std::optional<quint32>(4)); // nothing came back for the oneway call in between
    QCOMPARE(failed.status, CallStatus::Exception);
    QCOMPARE(failed.fault->code.toString(), QStringLiteral("builtins.ValueError"));
    QCOMPARE(failed.fault->message, QStringLiteral("bad value, y"));
    QVERIFY(failed.fault->detail.contains(QLatin1String("raise ValueError(\"bad value\", what)")));

    // A batch: Pyro5's own marshal client cannot send one, ours can, and the daemon runs it.
    DecodedMessage batch = request(QStringLiteral("example.greeting"), QStringLiteral("<batch>"), {});
    SubCall a;
    a.method = QStringLiteral("get_fortune");
    a.params = RpcValue::fromArray({str("b")});
    batch.subCalls = {a, a};
    const DecodedMessage batched = exchange(batch, 5);
    QCOMPARE(batched.subCalls.size(), std::size_t(2));
    QCOMPARE(batched.subCalls[1].result.toString(), QStringLiteral("Hello, b. \n"));
}

QTEST_GUILESS_MAIN(TestPyro5Interop)
#include "tst_pyro5interop.moc"
