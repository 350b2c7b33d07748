// The XML-RPC test server (core/server/xmlrpcserver.cpp) against Python's xmlrpc.client and raw HTTP clients.
#include "asyncprocess.h"
#include "server/xmlrpcserver.h"

#include <QSignalSpy>
#include <QTest>

using namespace rpcscope;

namespace {

// Prints repr() of what `expr` evaluates to after a round trip through echo, then whether it came back equal.
const char kEchoScript[] = R"(
import sys, datetime, xmlrpc.client
url, expr = sys.argv[1], sys.argv[2]
value = eval(expr)
proxy = xmlrpc.client.ServerProxy(url, allow_none=True, use_builtin_types=True)
back = proxy.echo(value)
print(repr(back))
print(back == value)
)";

} // namespace

class TestXmlRpcServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void echoEveryType_data();
    void echoEveryType();
    void addAndTypes();
    void introspection();
    void multicall();
    void faultCodes();
    void keepAliveUsesOneConnection();
    void http10ClosesAfterReply();
    void oversizedBodyIs413();
    void wrongPathAndMethod();
    void sleepDoesNotBlockOtherConnections();
    void servedCallsAreReported();
    void garbageDoesNotHurt();
    void requestInPieces();
    void pipelinedRequestsAnswerInOrder();

private:
    QString url() const { return m_server->url(); }
    std::unique_ptr<XmlRpcServer> m_server;
};

void TestXmlRpcServer::init()
{
    m_server = std::make_unique<XmlRpcServer>();
    const Status s = m_server->listen();
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error()));
    QVERIFY(m_server->port() != 0);
    QCOMPARE(m_server->address(), QHostAddress(QHostAddress::LocalHost));
}

void TestXmlRpcServer::cleanup()
{
    m_server.reset();
}

void TestXmlRpcServer::echoEveryType_data()
{
    QTest::addColumn<QString>("expr");
    QTest::addColumn<QString>("repr");
    QTest::addRow("int") << "42"
                         << "42";
    QTest::addRow("negative int") << "-2147483648"
                                  << "-2147483648";
    QTest::addRow("bool") << "False"
                          << "False";
    QTest::addRow("double") << "0.1"
                            << "0.1";
    QTest::addRow("double exponent") << "1.5e-300"
                                     << "1.5e-300";
    // No CR: Python's client writes it raw and XML line-end normalisation turns it into LF before we see it.
    QTest::addRow("string") << "'a <b> & \"c\"\\n\\t ünï 😀'"
                            << "'a <b> & \"c\"\\n\\t ünï 😀'";
    QTest::addRow("empty string") << "''"
                                  << "''";
    QTest::addRow("nil") << "None"
                         << "None";
    QTest::addRow("base64") << "b'\\x00\\x01\\xffbin'"
                            << "b'\\x00\\x01\\xffbin'";
    QTest::addRow("dateTime") << "datetime.datetime(2024, 2, 29, 23, 59, 58)"
                              << "datetime.datetime(2024, 2, 29, 23, 59, 58)";
    QTest::addRow("array") << "[1, 'two', [3.0, None]]"
                           << "[1, 'two', [3.0, None]]";
    QTest::addRow("struct") << "{'a': 1, 'b': {'c': [True]}}"
                            << "{'a': 1, 'b': {'c': [True]}}";
    QTest::addRow("empty containers") << "[[], {}]"
                                      << "[[], {}]";
}

void TestXmlRpcServer::echoEveryType()
{
    QFETCH(QString, expr);
    QFETCH(QString, repr);
    const test::ProcessResult r = test::runPythonServing(QLatin1String(kEchoScript), {url(), expr});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(QString::fromUtf8(r.out), repr + QStringLiteral("\nTrue\n"));
}

void TestXmlRpcServer::addAndTypes()
{
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy(sys.argv[1], allow_none=True, use_builtin_types=True)
print(p.add(3, 4), p.add(2147483647, 1), p.add(1.5, 2))
t = p.types()
print(sorted(t))
print(t['int'], t['i8'], t['boolean'], repr(t['string']), t['double'], t['dateTime.iso8601'], t['base64'], t['array'], t['struct'], t['nil'])
)"),
                                                         {url()});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0), QStringLiteral("7 2147483648 3.5"));
    QCOMPARE(lines.value(1),
             QStringLiteral("['array', 'base64', 'boolean', 'dateTime.iso8601', 'double', 'i8', 'int', "
                            "'nil', 'string', 'struct']"));
    QCOMPARE(lines.value(2),
             QStringLiteral("42 9007199254740993 True 'Hello, <world> & ünïcödé' 3.25 "
                            "1998-07-17 14:08:55 b\"you can't read this!\" [1, 'two'] {'member': 1} "
                            "None"));
}

void TestXmlRpcServer::introspection()
{
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy(sys.argv[1])
print(p.system.listMethods())
print(p.system.methodSignature('add'))
print(p.system.methodSignature('echo'))
print(p.system.methodHelp('sleep'))
try:
    p.system.methodHelp('nope')
except xmlrpc.client.Fault as f:
    print(f.faultCode)
)"),
                                                         {url()});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0),
             QStringLiteral("['add', 'echo', 'fault', 'sleep', 'system.listMethods', "
                            "'system.methodHelp', 'system.methodSignature', 'system.multicall', "
                            "'types']"));
    QCOMPARE(lines.value(1), QStringLiteral("[['int', 'int', 'int'], ['double', 'double', 'double']]"));
    QCOMPARE(lines.value(2), QStringLiteral("signatures not supported"));
    QVERIFY2(lines.value(3).startsWith(QStringLiteral("sleep(ms)")), qPrintable(lines.value(3)));
    QCOMPARE(lines.value(4), QStringLiteral("-32601"));
}

void TestXmlRpcServer::multicall()
{
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy(sys.argv[1])
m = xmlrpc.client.MultiCall(p)
m.add(1, 2)
m.fault(7, 'seven')
m.echo('x')
m.nosuch()
results = m()
print(results.results)
out = []
for i in range(4):
    try:
        out.append(results[i])
    except xmlrpc.client.Fault as f:
        out.append((f.faultCode, f.faultString))
print(out)
)"),
                                                         {url()});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0),
             QStringLiteral("[[3], {'faultCode': 7, 'faultString': 'seven'}, ['x'], {'faultCode': "
                            "-32601, 'faultString': 'method \"nosuch\" is not supported'}]"));
    QCOMPARE(lines.value(1), QStringLiteral("[3, (7, 'seven'), 'x', (-32601, 'method \"nosuch\" is not supported')]"));
}

void TestXmlRpcServer::faultCodes()
{
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, http.client, urllib.parse, xmlrpc.client
url = sys.argv[1]
p = xmlrpc.client.ServerProxy(url)
def code(f):
    try:
        f()
    except xmlrpc.client.Fault as e:
        return e.faultCode
    return 'no fault'
print(code(lambda: p.nosuch(1)))
print(code(lambda: p.add('a')))
print(code(lambda: p.fault(1234, 'custom')))
u = urllib.parse.urlsplit(url)
c = http.client.HTTPConnection(u.hostname, u.port)
for body in (b'<methodCall><methodName>add</method', b'not xml at all', b'<methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>'):
    c.request('POST', '/RPC2', body, {'Content-Type': 'text/xml'})
    resp = c.getresponse()
    data = resp.read()
    try:
        xmlrpc.client.loads(data)
        print(resp.status, 'no fault')
    except xmlrpc.client.Fault as f:
        print(resp.status, f.faultCode)
)"),
                                                         {url()});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(QString::fromUtf8(r.out), QStringLiteral("-32601\n-32602\n1234\n200 -32700\n200 -32700\n200 -32600\n"));
}

void TestXmlRpcServer::keepAliveUsesOneConnection()
{
    QSignalSpy served(m_server.get(), &XmlRpcServer::callServed);
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy(sys.argv[1])
print([p.add(i, i) for i in range(5)])
)"),
                                                         {url()});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("[0, 2, 4, 6, 8]\n"));
    QCOMPARE(served.size(), 5);
    const quint64 first = served.at(0).at(0).value<Call>().connectionId;
    for (const QList<QVariant>& s : served)
        QCOMPARE(s.at(0).value<Call>().connectionId, first);
}

void TestXmlRpcServer::http10ClosesAfterReply()
{
    // A raw HTTP/1.0 client: the reply says so and the server closes, so reading to EOF ends.
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import socket, sys, xmlrpc.client
port = int(sys.argv[1])
body = xmlrpc.client.dumps((20, 22), 'add').encode()
s = socket.create_connection(('127.0.0.1', port), timeout=5)
s.sendall(b'POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n' % len(body) + body)
data = b''
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head, _, payload = data.partition(b'\r\n\r\n')
print(head.split(b'\r\n')[0].decode())
print(b'Connection: close' in head)
print(xmlrpc.client.loads(payload)[0][0])
)"),
                                                         {QString::number(m_server->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("HTTP/1.1 200 OK\nTrue\n42\n"));
}

void TestXmlRpcServer::oversizedBodyIs413()
{
    XmlRpcServer::Limits limits;
    limits.maxRequestBytes = 1000;
    m_server->setLimits(limits);
    QSignalSpy refused(m_server.get(), &XmlRpcServer::connectionRefused);
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy(sys.argv[1])
try:
    p.echo('x' * 5000)
except xmlrpc.client.ProtocolError as e:
    print(e.errcode)
print(xmlrpc.client.ServerProxy(sys.argv[1]).echo('small'))
)"),
                                                         {url()});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("413\nsmall\n"));
    QVERIFY(!refused.isEmpty());
    QVERIFY2(refused.first().first().toString().contains(QStringLiteral("limit of 1000")),
             qPrintable(refused.first().first().toString()));
}

void TestXmlRpcServer::wrongPathAndMethod()
{
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, http.client
c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=5)
for method, path in (('POST', '/other'), ('GET', '/RPC2'), ('POST', '/')):
    c.request(method, path, b'<methodCall><methodName>types</methodName></methodCall>' if method == 'POST' else None)
    resp = c.getresponse()
    resp.read()
    print(resp.status, resp.getheader('Allow'))
)"),
                                                         {QString::number(m_server->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("404 None\n405 POST\n200 None\n"));
}

void TestXmlRpcServer::sleepDoesNotBlockOtherConnections()
{
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, threading, time, xmlrpc.client
url = sys.argv[1]
order = []
def slow():
    xmlrpc.client.ServerProxy(url).sleep(800)
    order.append('sleep')
t = threading.Thread(target=slow)
t.start()
time.sleep(0.1)
start = time.monotonic()
xmlrpc.client.ServerProxy(url).add(1, 1)
order.append('add')
fast = time.monotonic() - start
t.join()
print(order, fast < 0.5)
)"),
                                                         {url()});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("['add', 'sleep'] True\n"));
}

void TestXmlRpcServer::servedCallsAreReported()
{
    QSignalSpy served(m_server.get(), &XmlRpcServer::callServed);
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy(sys.argv[1])
p.add(3, 4)
try:
    p.fault(9, 'nine')
except xmlrpc.client.Fault:
    pass
)"),
                                                         {url()});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(served.size(), 2);
    const Call add = served.at(0).at(0).value<Call>();
    QCOMPARE(add.protocol, QStringLiteral("xmlrpc"));
    QCOMPARE(add.method(), QStringLiteral("add"));
    QCOMPARE(add.params(), RpcValue::fromArray({RpcValue::fromInt(3), RpcValue::fromInt(4)}));
    QCOMPARE(add.result(), RpcValue::fromInt(7));
    QCOMPARE(add.status, CallStatus::Ok);
    QCOMPARE(add.server.port, m_server->port());
    QVERIFY(add.request->bytes().startsWith("POST /RPC2 HTTP/1.1\r\n"));
    QVERIFY(add.response->bytes().startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(add.response->bytes().contains("<int>7</int>"));
    const Call fault = served.at(1).at(0).value<Call>();
    QCOMPARE(fault.status, CallStatus::Fault);
    QVERIFY(fault.fault());
    QCOMPARE(fault.fault()->code, RpcValue::fromInt(9));
    QCOMPARE(fault.fault()->message, QStringLiteral("nine"));
}

void TestXmlRpcServer::garbageDoesNotHurt()
{
    // Binary junk, a header block that never ends, a huge Content-Length: each connection gets an error or is
    // closed, and the server still answers afterwards.
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import socket, sys, xmlrpc.client
port = int(sys.argv[1])
def exchange(data):
    s = socket.create_connection(('127.0.0.1', port), timeout=5)
    try:
        s.sendall(data)
    except OSError:
        pass
    out = b''
    try:
        while True:
            c = s.recv(65536)
            if not c:
                break
            out += c
    except OSError:
        pass
    return out.split(b'\r\n')[0].decode(errors='replace')
print(exchange(b'\x00\xff' * 100 + b'\r\n\r\n'))
print(exchange(b'POST /RPC2 HTTP/1.1\r\n' + b'X-Long: ' + b'a' * 70000))
print(exchange(b'POST /RPC2 HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n'))
print(exchange(b'POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'))
print(xmlrpc.client.ServerProxy('http://127.0.0.1:%d/RPC2' % port).add(1, 2))
)"),
                                                         {QString::number(m_server->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out,
             QByteArray("HTTP/1.1 400 Bad Request\nHTTP/1.1 431 Request Header Fields Too Large\n"
                        "HTTP/1.1 413 Content Too Large\nHTTP/1.1 501 Not Implemented\n3\n"));
}

void TestXmlRpcServer::requestInPieces()
{
    // Head and body arrive in separate segments, the body itself in two, as slow clients and proxies send them.
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import socket, sys, time, xmlrpc.client
body = xmlrpc.client.dumps((40, 2), 'add').encode()
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
s.sendall(b'POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n' % len(body))
time.sleep(0.05)
s.sendall(b'\r\n')
time.sleep(0.05)
s.sendall(body[:10])
time.sleep(0.05)
s.sendall(body[10:])
data = b''
while b'</methodResponse>' not in data:
    data += s.recv(65536)
print(xmlrpc.client.loads(data.partition(b'\r\n\r\n')[2])[0][0])
)"),
                                                         {QString::number(m_server->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("42\n"));
}

void TestXmlRpcServer::pipelinedRequestsAnswerInOrder()
{
    // Three requests in one segment, the first a sleep: the replies come back in request order.
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import socket, sys, xmlrpc.client
def request(method, *args):
    body = xmlrpc.client.dumps(args, method).encode()
    return b'POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n' % len(body) + body
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
s.sendall(request('sleep', 200) + request('add', 1, 2) + request('echo', 'last'))
data = b''
while data.count(b'</methodResponse>') < 3:
    data += s.recv(65536)
print([xmlrpc.client.loads(part.partition(b'\r\n\r\n')[2] + b'</methodResponse>')[0][0]
       for part in data.split(b'</methodResponse>')[:3]])
)"),
                                                         {QString::number(m_server->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("[200, 3, 'last']\n"));
}

QTEST_GUILESS_MAIN(TestXmlRpcServer)
#include "tst_xmlrpcserver.moc"
