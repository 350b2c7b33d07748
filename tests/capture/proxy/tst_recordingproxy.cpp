// The recording proxy against real peers: Python's xmlrpc client and server, Pyro4, and raw sockets for the TCP
// behaviour (bulk data both ways, half-close, many connections, a refused upstream, HTTP forward-proxy mode).
#include "callformat.h"
#include "callsink.h"
#include "decoderregistry.h"
#include "proxyconnection.h"
#include "pythonpeer.h"
#include "recordingproxy.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QSignalSpy>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// A proxy feeding a decoder, as the CLI and the GUI use it: following handed-out objects, so every server's bytes
// pass through the follow stage (framed for JRMP and Pyro, passed on once another protocol is recognised).
struct Harness
{
    DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector calls;
    TrafficDecoder traffic {registry, DecodeOptions {}, calls};
    RecordingProxy proxy {traffic};

    Harness()
    {
        ProxyFollowOptions follow;
        follow.registry = &registry;
        proxy.setFollowing(std::move(follow));
    }

    /// One plain forwarding rule to `targetPort`; returns the port the proxy listens on.
    quint16 forwardTo(quint16 targetPort)
    {
        const Status started = proxy.start(
            {ProxyRule {{QStringLiteral("127.0.0.1"), 0}, {QStringLiteral("127.0.0.1"), targetPort}, false, {}}});
        if (!started)
            qWarning() << started.error();
        return started ? proxy.listenAddress(0).port : 0;
    }
};

// moc takes `//` inside a raw string for a comment, so the Python scripts' URLs write their slashes as \x2f.
const char kXmlRpcServer[] = R"(
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
s.register_function(lambda a, b: a + b, "add")
s.register_function(lambda t: t.upper(), "shout")
print(s.server_address[1], flush=True)
s.serve_forever()
)";

const char kXmlRpcClient[] = R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1])
print(p.add(3, 4))
print(p.shout("hello"))
print(p.add(-10, 2.5))
)";

const char kPyroServer[] = R"(
import Pyro4
@Pyro4.expose
class Calculator(object):
    def add(self, a, b):
        return a + b
    def greet(self, name):
        return "hello " + name
d = Pyro4.Daemon(host="127.0.0.1", port=0)
d.register(Calculator(), "calc")
print(d.locationStr.rsplit(":", 1)[1], flush=True)
d.requestLoop()
)";

const char kPyroClient[] = R"(
import sys, Pyro4
with Pyro4.Proxy("PYRO:calc@127.0.0.1:%s" % sys.argv[1]) as p:
    print(p.add(3, 4))
    print(p.greet("proxy"))
)";

// Sends 10 MiB of seeded random bytes while receiving everything the peer sends; prints bytes received, the
// SHA-256 of what was received and of what was sent. Used on both ends.
const char kBulkPeer[] = R"(
import hashlib, random, socket, sys, threading
role, port, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = random.Random(seed).randbytes(10 << 20)
if role == "server":
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    print(srv.getsockname()[1], flush=True)
    c, _ = srv.accept()
else:
    c = socket.create_connection(("127.0.0.1", port))
def send():
    c.sendall(data)
    c.shutdown(socket.SHUT_WR)
t = threading.Thread(target=send)
t.start()
h = hashlib.sha256()
n = 0
while True:
    b = c.recv(1 << 16)
    if not b:
        break
    h.update(b)
    n += len(b)
t.join()
c.close()
print(n, h.hexdigest(), hashlib.sha256(data).hexdigest(), flush=True)
)";

// Reads until the client's FIN, then answers how much it got: works only if the proxy keeps the way back open
// after the client half-closed.
const char kHalfCloseServer[] = R"(
import socket
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(4)
print(srv.getsockname()[1], flush=True)
c, _ = srv.accept()
n = 0
while True:
    b = c.recv(65536)
    if not b:
        break
    n += len(b)
c.sendall(b"got %d bytes" % n)
c.close()
)";

const char kHalfCloseClient[] = R"(
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
c.sendall(b"x" * 100000)
c.shutdown(socket.SHUT_WR)
reply = b""
while True:
    b = c.recv(65536)
    if not b:
        break
    reply += b
print(reply.decode())
)";

const char kEchoServer[] = R"(
import socketserver
class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            b = self.request.recv(65536)
            if not b:
                break
            self.request.sendall(b)
class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    request_queue_size = 512
    allow_reuse_address = True
s = Server(("127.0.0.1", 0), Echo)
print(s.server_address[1], flush=True)
s.serve_forever()
)";

// Opens all connections first, so that they are all open through the proxy at once, then talks on each.
const char kManyClients[] = R"(
import socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
conns = [socket.create_connection(("127.0.0.1", port), timeout=20) for _ in range(count)]
for i, c in enumerate(conns):
    c.sendall(b"message %d from connection %d\n" % (i * 7, i))
good = 0
for i, c in enumerate(conns):
    want = b"message %d from connection %d\n" % (i * 7, i)
    got = b""
    while len(got) < len(want):
        b = c.recv(4096)
        if not b:
            break
        got += b
    good += got == want
for c in conns:
    c.close()
print(good)
)";

const char kRefusedClient[] = R"(
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
try:
    c.sendall(b"hello")
    print("closed" if c.recv(100) == b"" else "data")
except ConnectionResetError:
    print("closed")
)";

const char kHttpProxyClient[] = R"(
import http.client, sys, xmlrpc.client
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for a, b in ((3, 4), (20, 22)):
    conn.request("POST", "http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[2], body=xmlrpc.client.dumps((a, b), "add"),
                 headers={"Content-Type": "text/xml"})
    r = conn.getresponse()
    print(r.status, xmlrpc.client.loads(r.read())[0][0])
)";

// Accepts one connection and reads nothing for a while, then everything: the proxy must stop reading from the
// client instead of queueing what the server does not take.
const char kSlowServer[] = R"(
import socket, time
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(4)
print(srv.getsockname()[1], flush=True)
c, _ = srv.accept()
time.sleep(1.5)
n = 0
while True:
    b = c.recv(1 << 16)
    if not b:
        break
    n += len(b)
c.close()
print(n, flush=True)
)";

const char kFastClient[] = R"(
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
c.sendall(bytes(32 << 20))
c.shutdown(socket.SHUT_WR)
c.recv(1)
print("sent")
)";

// One side resets its connection (SO_LINGER 0); the other side, through the proxy, must see a reset too.
const char kResetPeer[] = R"(
import socket, struct, sys, time
role, port, resetter = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if role == "server":
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    print(srv.getsockname()[1], flush=True)
    c, _ = srv.accept()
else:
    c = socket.create_connection(("127.0.0.1", port))
c.sendall(b"hello from " + role.encode())
time.sleep(0.3)
if resetter == role:
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
    print("did reset", flush=True)
else:
    try:
        while c.recv(65536):
            pass
        print("eof", flush=True)
    except ConnectionResetError:
        print("reset", flush=True)
)";

QByteArray jsonOf(const Call& call)
{
    return callToJson(call);
}

} // namespace

class TestRecordingProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void xmlRpcCallsPassAndAreReported()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kXmlRpcServer));
        const quint16 serverPort = server.readPort();
        QVERIFY(serverPort != 0);
        Harness h;
        const quint16 port = h.forwardTo(serverPort);
        QVERIFY(port != 0);

        PythonPeer client;
        client.start(QString::fromLatin1(kXmlRpcClient), {QString::number(port)});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.exitCode(), 0);
        QCOMPARE(client.out(), QByteArray("7\nHELLO\n-7.5\n"));

        // The replies have passed, so the calls are complete without waiting for the connection to close.
        QTRY_COMPARE_WITH_TIMEOUT(h.calls.calls.size(), size_t(3), 5000);
        const std::vector<Call>& calls = h.calls.calls;
        QCOMPARE(calls[0].protocol, QStringLiteral("xmlrpc"));
        QCOMPARE(calls[0].method(), QStringLiteral("add"));
        QCOMPARE(calls[1].method(), QStringLiteral("shout"));
        QCOMPARE(calls[2].method(), QStringLiteral("add"));
        for (const Call& call : calls)
            QCOMPARE(call.status, CallStatus::Ok);
        QVERIFY2(jsonOf(calls[0]).contains("\"result\":7"), jsonOf(calls[0]).constData());
        QVERIFY2(jsonOf(calls[1]).contains("\"result\":\"HELLO\""), jsonOf(calls[1]).constData());
        QCOMPARE(calls[0].server.port, serverPort);
        QCOMPARE(calls[0].client.address, QStringLiteral("127.0.0.1"));
        // SimpleXMLRPCServer speaks HTTP/1.0 and closes after each reply: one connection per call.
        QCOMPARE(h.proxy.counters(0).connectionsAccepted, 3);
        QVERIFY(h.proxy.counters(0).bytesClientToServer > 300);
        QVERIFY(h.proxy.counters(0).bytesServerToClient > 300);
    }

    void pyro4CallsPassAndAreReported()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kPyroServer));
        const quint16 serverPort = server.readPort();
        QVERIFY2(serverPort != 0, server.process().readAllStandardError().constData());
        Harness h;
        const quint16 port = h.forwardTo(serverPort);

        PythonPeer client;
        client.start(QString::fromLatin1(kPyroClient), {QString::number(port)});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.exitCode(), 0);
        QCOMPARE(client.out(), QByteArray("7\nhello proxy\n"));

        QTRY_VERIFY_WITH_TIMEOUT(h.calls.calls.size() >= 2, 5000);
        QStringList methods;
        for (const Call& call : h.calls.calls) {
            QCOMPARE(call.protocol, QStringLiteral("pyro4"));
            QCOMPARE(call.status, CallStatus::Ok);
            methods << call.method();
        }
        // The Pyro4 proxy asks for the object's metadata first, then makes our two calls.
        QVERIFY2(methods.contains(QStringLiteral("add")), qPrintable(methods.join(QLatin1Char(','))));
        QVERIFY2(methods.contains(QStringLiteral("greet")), qPrintable(methods.join(QLatin1Char(','))));
        for (const Call& call : h.calls.calls) {
            if (call.method() == QLatin1String("greet"))
                QVERIFY2(jsonOf(call).contains("hello proxy"), jsonOf(call).constData());
        }
    }

    void tenMebibytesEachWayArriveIntact()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kBulkPeer),
                     {QStringLiteral("server"), QStringLiteral("0"), QStringLiteral("1")});
        const quint16 serverPort = server.readPort();
        QVERIFY(serverPort != 0);
        Harness h;
        const quint16 port = h.forwardTo(serverPort);

        PythonPeer client;
        client.start(QString::fromLatin1(kBulkPeer),
                     {QStringLiteral("client"), QString::number(port), QStringLiteral("2")});
        QVERIFY2(client.finish(60000), client.err().constData());
        QVERIFY2(server.finish(10000), server.err().constData());
        const QList<QByteArray> c = client.out().trimmed().split(' ');
        const QList<QByteArray> s = server.out().trimmed().split(' ');
        QCOMPARE(c.size(), 3);
        QCOMPARE(s.size(), 3);
        QCOMPARE(c[0], QByteArray::number(10 << 20));
        QCOMPARE(s[0], QByteArray::number(10 << 20));
        QCOMPARE(s[1], c[2]); // what the server received is what the client sent
        QCOMPARE(c[1], s[2]); // and the other way round
        QCOMPARE(h.proxy.counters(0).bytesClientToServer, qint64(10 << 20));
        QCOMPARE(h.proxy.counters(0).bytesServerToClient, qint64(10 << 20));
        QTRY_COMPARE_WITH_TIMEOUT(h.proxy.openConnections(), 0, 5000);
    }

    void halfCloseKeepsTheWayBackOpen()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kHalfCloseServer));
        const quint16 serverPort = server.readPort();
        Harness h;
        const quint16 port = h.forwardTo(serverPort);
        PythonPeer client;
        client.start(QString::fromLatin1(kHalfCloseClient), {QString::number(port)});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("got 100000 bytes\n"));
        QTRY_COMPARE_WITH_TIMEOUT(h.proxy.openConnections(), 0, 5000);
    }

    void slowReaderDoesNotMakeTheProxyBuffer()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kSlowServer));
        const quint16 serverPort = server.readPort();
        Harness h;
        const quint16 port = h.forwardTo(serverPort);
        PythonPeer client;
        client.start(QString::fromLatin1(kFastClient), {QString::number(port)});
        QVERIFY2(client.finish(60000), client.err().constData());
        QVERIFY2(server.finish(10000), server.err().constData());
        QCOMPARE(server.out().trimmed(), QByteArray::number(32 << 20));
        // 32 MiB is more than the kernel buffers hold, so the proxy's queue reached its bound, and stayed there:
        // reading from the client paused instead of queueing the rest.
        const qint64 peak = h.proxy.counters(0).peakQueuedBytes;
        QVERIFY2(peak >= ProxyConnection::highWater, qPrintable(QString::number(peak)));
        QVERIFY2(peak <= ProxyConnection::highWater + 64 * 1024, qPrintable(QString::number(peak)));
    }

    void resetIsPropagated_data()
    {
        QTest::addColumn<QString>("resetter");
        QTest::addRow("client resets") << QStringLiteral("client");
        QTest::addRow("server resets") << QStringLiteral("server");
    }

    void resetIsPropagated()
    {
        QFETCH(QString, resetter);
        PythonPeer server;
        server.start(QString::fromLatin1(kResetPeer), {QStringLiteral("server"), QStringLiteral("0"), resetter});
        const quint16 serverPort = server.readPort();
        Harness h;
        const quint16 port = h.forwardTo(serverPort);
        PythonPeer client;
        client.start(QString::fromLatin1(kResetPeer), {QStringLiteral("client"), QString::number(port), resetter});
        QVERIFY2(client.finish(), client.err().constData());
        QVERIFY2(server.finish(), server.err().constData());
        PythonPeer& other = resetter == QLatin1String("client") ? server : client;
        PythonPeer& self = resetter == QLatin1String("client") ? client : server;
        QCOMPARE(self.out().trimmed(), QByteArray("did reset"));
        QCOMPARE(other.out().trimmed(), QByteArray("reset"));
        QTRY_COMPARE_WITH_TIMEOUT(h.proxy.openConnections(), 0, 5000);
    }

    void twoHundredConcurrentConnections()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kEchoServer));
        const quint16 serverPort = server.readPort();
        Harness h;
        const quint16 port = h.forwardTo(serverPort);
        PythonPeer client;
        client.start(QString::fromLatin1(kManyClients), {QString::number(port), QStringLiteral("200")});
        QVERIFY2(client.finish(60000), client.err().constData());
        QCOMPARE(client.out(), QByteArray("200\n"));
        QCOMPARE(h.proxy.counters(0).connectionsAccepted, 200);
        QCOMPARE(h.proxy.counters(0).connectionsFailed, 0);
        QTRY_COMPARE_WITH_TIMEOUT(h.proxy.openConnections(), 0, 5000);
        QCOMPARE(h.proxy.counters(0).connectionsOpen, 0);
    }

    void refusedUpstreamClosesTheClientAndIsReported()
    {
        const quint16 nobody = freeTcpPort();
        Harness h;
        const quint16 port = h.forwardTo(nobody);
        QSignalSpy problems(&h.proxy, &RecordingProxy::problem);
        PythonPeer client;
        client.start(QString::fromLatin1(kRefusedClient), {QString::number(port)});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("closed\n"));
        QCOMPARE(problems.size(), 1);
        const QString message = problems.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(nobody)), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(message));
        QCOMPARE(h.proxy.counters(0).connectionsFailed, 1);
        QTRY_COMPARE_WITH_TIMEOUT(h.proxy.openConnections(), 0, 5000);
    }

    void httpForwardProxyReachesTheOrigin()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kXmlRpcServer));
        const quint16 serverPort = server.readPort();
        Harness h;
        QVERIFY(h.proxy.start({ProxyRule {{QStringLiteral("127.0.0.1"), 0}, {}, true, {}}}));
        const quint16 port = h.proxy.listenAddress(0).port;
        PythonPeer client;
        client.start(QString::fromLatin1(kHttpProxyClient), {QString::number(port), QString::number(serverPort)});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("200 7\n200 42\n"));
        QTRY_COMPARE_WITH_TIMEOUT(h.calls.calls.size(), size_t(2), 5000);
        QCOMPARE(h.calls.calls[1].method(), QStringLiteral("add"));
        QVERIFY(jsonOf(h.calls.calls[1]).contains("\"result\":42"));
        QCOMPARE(h.calls.calls[1].server.port, serverPort);
    }

    void listeningOnABusyPortFails()
    {
        Harness h;
        const quint16 port = h.forwardTo(freeTcpPort());
        QVERIFY(port != 0);
        Harness other;
        const Status second = other.proxy.start(
            {ProxyRule {{QStringLiteral("127.0.0.1"), port}, {QStringLiteral("127.0.0.1"), 9}, false, {}}});
        QVERIFY(!second);
        QVERIFY2(second.error().contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(second.error()));
    }
};

QTEST_GUILESS_MAIN(TestRecordingProxy)
#include "tst_recordingproxy.moc"
