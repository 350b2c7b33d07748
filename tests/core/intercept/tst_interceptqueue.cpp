// The intercept as the GUI drives it, through its model (InterceptQueue) with real clients waiting on the other
// side of the recording proxy: a held request is edited and forwarded, answered in the server's place, dropped, or
// forwarded by itself when nobody decides in time; a held response is edited; other connections keep flowing while
// one is held, and the requests of one connection keep their order.
#include "../../capture/proxy/pythonpeer.h"
#include "decoderregistry.h"
#include "intercept/callmarker.h"
#include "intercept/interceptqueue.h"
#include "proxyconnection.h"
#include "recordingproxy.h"
#include "server/xmlrpcserver.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// The built-in XML-RPC server (keep-alive, pipelining) behind the proxy, the intercept in the middle.
struct Harness
{
    DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CallCollector calls;
    CallMarker marker {calls};
    TrafficDecoder traffic {registry, DecodeOptions {}, marker};
    RecordingProxy proxy {traffic};
    XmlRpcServer server;
    InterceptQueue queue;
    QAbstractItemModelTester tester {&queue, QAbstractItemModelTester::FailureReportingMode::QtTest};
    quint16 port = 0;

    Harness()
    {
        queue.setCallIdLookup([this](quint64 stream, qint64 offset) { return marker.callIdAt(stream, offset); });
        ProxyCallPolicy policy;
        policy.registry = &registry;
        policy.interceptor = &queue;
        policy.marker = &marker;
        proxy.setCallPolicy(std::move(policy));
        if (!server.listen())
            return;
        if (proxy.start({ProxyRule {
                {QStringLiteral("127.0.0.1"), 0}, {QStringLiteral("127.0.0.1"), server.port()}, false, {}}}))
            port = proxy.listenAddress(0).port;
    }

    void intercept(const QString& filter, bool requests = true, bool responses = false)
    {
        queue.setEnabled(true);
        queue.setFilter(CallFilter::parse(filter));
        queue.setInterceptRequests(requests);
        queue.setInterceptResponses(responses);
    }

    bool waitForHeld(int rows = 1)
    {
        return QTest::qWaitFor([&] { return queue.rowCount() >= rows; }, 10000);
    }

    const Call* finished(const QString& method)
    {
        const Call* found = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                for (const Call& c : calls.calls) {
                    if (c.method() == method)
                        found = &c;
                }
                return found != nullptr;
            },
            5000);
        return found;
    }
};

// Calls one method with integer or string arguments on the proxy (argv: port, method, args...); prints the result,
// the fault, or the exception's type.
const char kClient[] = R"(
import sys, xmlrpc.client
args = [int(a) if a.lstrip("-").isdigit() else a for a in sys.argv[3:]]
try:
    print(getattr(xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1]), sys.argv[2])(*args))
except xmlrpc.client.Fault as f:
    print("Fault", f.faultCode, f.faultString)
except Exception as e:
    print(type(e).__name__)
)";

// Two requests written at once on one connection (HTTP/1.1 pipelining), then both responses read in order.
const char kPipelinedClient[] = R"(
import re, socket, sys
def post(body):
    return ("POST \x2fRPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(body)).encode() + body
add = b"<?xml version='1.0'?><methodCall><methodName>add</methodName><params><param><value><int>1</int></value></param><param><value><int>2</int></value></param></params></methodCall>"
echo = b"<?xml version='1.0'?><methodCall><methodName>echo</methodName><params><param><value><string>second</string></value></param></params></methodCall>"
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(post(add) + post(echo))
data = b""
while data.count(b"</methodResponse>") < 2:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
print(" ".join(re.findall(rb"<(?:int|i4|string)>([^<]*)<", data)[i].decode() for i in range(2)), flush=True)
)";

} // namespace

class TestInterceptQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void heldRequestIsEditedAndForwarded()
    {
        Harness h;
        QVERIFY(h.port != 0);
        h.intercept(QStringLiteral("method=add"));
        PythonPeer client;
        client.start(QString::fromLatin1(kClient),
                     {QString::number(h.port), QStringLiteral("add"), QStringLiteral("3"), QStringLiteral("4")});
        QVERIFY(h.waitForHeld());
        const HeldMessage& held = h.queue.message(0);
        QCOMPARE(held.direction, Direction::ClientToServer);
        QCOMPARE(held.request->method, QStringLiteral("add"));
        QCOMPARE(held.request->params.toDisplayString(), QStringLiteral("[3, 4]"));
        QCOMPARE(h.queue.data(h.queue.index(0, InterceptQueue::ValueColumn)).toString(), QStringLiteral("[3, 4]"));
        // The held call is known by its id (the call list shows it as held).
        QVERIFY(h.queue.callId(0) != 0);
        QCOMPARE(h.queue.heldCallIds(), QSet<quint64> {h.queue.callId(0)});

        // The client is still waiting; other connections flow meanwhile.
        QTest::qWait(200);
        QCOMPARE(client.process().state(), QProcess::Running);
        PythonPeer other;
        other.start(QString::fromLatin1(kClient),
                    {QString::number(h.port), QStringLiteral("echo"), QStringLiteral("meanwhile")});
        QVERIFY2(other.finish(), other.err().constData());
        QCOMPARE(other.out(), QByteArray("meanwhile\n"));
        QCOMPARE(client.process().state(), QProcess::Running);

        HoldDecision edit;
        edit.params = RpcValue::fromArray({RpcValue::fromInt(10), RpcValue::fromInt(20)});
        h.queue.decide(0, edit);
        QCOMPARE(h.queue.rowCount(), 0);
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("30\n"));
        const Call* call = h.finished(QStringLiteral("add"));
        QVERIFY(call);
        QCOMPARE(call->params().toDisplayString(), QStringLiteral("[3, 4]"));
        QCOMPARE(call->result().toInt(), 30);
        QCOMPARE(call->rule, QStringLiteral("intercept: forwarded edited"));
    }

    void heldRequestIsAnsweredInTheServersPlace()
    {
        Harness h;
        h.intercept(QStringLiteral("method=add"));
        PythonPeer client;
        client.start(QString::fromLatin1(kClient),
                     {QString::number(h.port), QStringLiteral("add"), QStringLiteral("2"), QStringLiteral("2")});
        QVERIFY(h.waitForHeld());
        HoldDecision answer;
        answer.kind = HoldDecision::Kind::Answer;
        answer.fault = RpcFault {RpcValue::fromInt(7), QStringLiteral("not today"), {}};
        h.queue.decide(0, answer);
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("Fault 7 not today\n"));
        const Call* call = h.finished(QStringLiteral("add"));
        QCOMPARE(call->status, CallStatus::Fault);
        QCOMPARE(call->rule, QStringLiteral("intercept: answered"));
    }

    void heldRequestIsDropped()
    {
        Harness h;
        h.intercept(QStringLiteral("method=add"));
        PythonPeer client;
        client.start(QString::fromLatin1(kClient),
                     {QString::number(h.port), QStringLiteral("add"), QStringLiteral("1"), QStringLiteral("1")});
        QVERIFY(h.waitForHeld());
        h.queue.drop(0);
        // xmlrpc.client tries once more on a new connection when the server closes without an answer: that
        // request is held as well, and dropped too.
        QVERIFY(h.waitForHeld());
        h.queue.drop(0);
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("RemoteDisconnected\n"));
        const Call* call = h.finished(QStringLiteral("add"));
        QCOMPARE(call->status, CallStatus::NoReply);
        QCOMPARE(call->rule, QStringLiteral("intercept: dropped"));
    }

    void undecidedMessageIsForwardedAfterTheTimeout()
    {
        Harness h;
        h.intercept(QStringLiteral("method=add"));
        h.queue.setTimeoutMs(600);
        QSignalSpy timedOut(&h.queue, &InterceptQueue::timedOut);
        PythonPeer client;
        client.start(QString::fromLatin1(kClient),
                     {QString::number(h.port), QStringLiteral("add"), QStringLiteral("5"), QStringLiteral("5")});
        QVERIFY(h.waitForHeld());
        QVERIFY(h.queue.remainingMs(0) <= 600);
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("10\n"));
        QCOMPARE(timedOut.count(), 1);
        QCOMPARE(timedOut.first().first().toString(), QStringLiteral("add"));
        QCOMPARE(h.queue.rowCount(), 0);
        QVERIFY(h.finished(QStringLiteral("add"))->rule.startsWith(QLatin1String("intercept: forwarded after 0.6 s")));
    }

    void heldResponseIsEdited()
    {
        Harness h;
        h.intercept(QStringLiteral("method=echo"), false, true);
        PythonPeer client;
        client.start(QString::fromLatin1(kClient),
                     {QString::number(h.port), QStringLiteral("echo"), QStringLiteral("original")});
        QVERIFY(h.waitForHeld());
        const HeldMessage& held = h.queue.message(0);
        QCOMPARE(held.direction, Direction::ServerToClient);
        QCOMPARE(held.response->result.toString(), QStringLiteral("original"));
        QCOMPARE(h.queue.data(h.queue.index(0, InterceptQueue::DirectionColumn)).toString(),
                 QStringLiteral("response"));
        HoldDecision edit;
        edit.result = RpcValue::fromString(QStringLiteral("edited"));
        h.queue.decide(0, edit);
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("edited\n"));
        const Call* call = h.finished(QStringLiteral("echo"));
        QCOMPARE(call->result().toString(), QStringLiteral("edited"));
        QCOMPARE(call->rule, QStringLiteral("intercept: response edited"));
    }

    void requestsOfOneConnectionKeepTheirOrder()
    {
        Harness h;
        h.intercept(QStringLiteral("method=add"));
        PythonPeer client;
        client.start(QString::fromLatin1(kPipelinedClient), {QString::number(h.port)});
        QVERIFY(h.waitForHeld());
        // echo came right behind add on the same connection: it waits for add, so nothing is answered yet.
        QTest::qWait(300);
        QCOMPARE(h.queue.rowCount(), 1);
        QCOMPARE(client.process().state(), QProcess::Running);
        QCOMPARE(h.server.connectionCount(), 1);
        h.queue.forward(0);
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("3 second\n"));
    }

    void stoppingTheProxyTakesItsHoldsAway()
    {
        Harness h;
        h.intercept(QStringLiteral("method=add"));
        PythonPeer client;
        client.start(QString::fromLatin1(kClient),
                     {QString::number(h.port), QStringLiteral("add"), QStringLiteral("1"), QStringLiteral("2")});
        QVERIFY(h.waitForHeld());
        QSignalSpy changed(&h.queue, &InterceptQueue::heldChanged);
        // The connection closes with the proxy: its held request can never be decided, and the client learns it.
        h.proxy.stop();
        QCOMPARE(h.queue.rowCount(), 0);
        QCOMPARE(changed.count(), 1);
        // The client's retry finds no proxy any more.
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("ConnectionRefusedError\n"));
    }
};

QTEST_GUILESS_MAIN(TestInterceptQueue)
#include "tst_interceptqueue.moc"
