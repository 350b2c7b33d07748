// The Pyro4 test daemon (core/server/pyro4daemon.cpp) against Debian's Pyro4.Proxy, with serpent and json.
#include "asyncprocess.h"
#include "server/pyro4daemon.h"

#include <QSignalSpy>
#include <QTest>

using namespace rpcscope;

class TestPyro4Daemon : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void stockProxy_data();
    void stockProxy();
    void unknownObjectIsRefused();
    void servedCallsAreReported();
    void badInputClosesOnlyThatConnection();

private:
    std::unique_ptr<Pyro4Daemon> m_daemon;
};

void TestPyro4Daemon::init()
{
    m_daemon = std::make_unique<Pyro4Daemon>();
    const Status s = m_daemon->listen();
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error()));
    QCOMPARE(m_daemon->uri(), QStringLiteral("PYRO:example.greeting@127.0.0.1:%1").arg(m_daemon->port()));
}

void TestPyro4Daemon::cleanup()
{
    m_daemon.reset();
}

void TestPyro4Daemon::stockProxy_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addRow("serpent") << "serpent";
    QTest::addRow("json") << "json";
}

void TestPyro4Daemon::stockProxy()
{
    QFETCH(QString, serializer);
    // No client configuration besides the serializer: the handshake metadata must be enough.
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, Pyro4
Pyro4.config.SERIALIZER = sys.argv[2]
port = sys.argv[1]
greeting = Pyro4.Proxy('PYRO:example.greeting@127.0.0.1:' + port)
print(repr(greeting.get_fortune('letian')))
print(repr(greeting.get_fortune(name='kw')))
calc = Pyro4.Proxy('PYRO:example.calculator@127.0.0.1:' + port)
print(calc.add(3, 4), calc.divide(7, 2), calc.add(2**62, 2**62))
try:
    calc.divide(1, 0)
except ZeroDivisionError as e:
    print('ZeroDivisionError', e, 'traceback' if 'ZeroDivisionError' in ''.join(e._pyroTraceback) else 'no traceback')
try:
    calc.nosuch()
except AttributeError as e:
    print('AttributeError')
try:
    calc.add(1)
except TypeError as e:
    print('TypeError', e)
daemon = Pyro4.Proxy('PYRO:Pyro.Daemon@127.0.0.1:' + port)
print(daemon.ping(), sorted(daemon.registered()), sorted(daemon.get_metadata('example.calculator', True)['methods']))
calc._pyroBind()
print(sorted(calc._pyroMethods))
)"),
                                                         {QString::number(m_daemon->port()), serializer});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0), QStringLiteral("'Hello, letian. \\n'"));
    QCOMPARE(lines.value(1), QStringLiteral("'Hello, kw. \\n'"));
    QCOMPARE(lines.value(2), QStringLiteral("7 3.5 9223372036854775808"));
    QCOMPARE(lines.value(3), QStringLiteral("ZeroDivisionError division by zero traceback"));
    QCOMPARE(lines.value(4), QStringLiteral("AttributeError"));
    QCOMPARE(lines.value(5), QStringLiteral("TypeError add() missing required argument: 'b'"));
    QCOMPARE(lines.value(6),
             QStringLiteral("None ['Pyro.Daemon', 'example.calculator', 'example.greeting'] "
                            "['add', 'divide']"));
    QCOMPARE(lines.value(7), QStringLiteral("['add', 'divide']"));
}

void TestPyro4Daemon::unknownObjectIsRefused()
{
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, Pyro4, Pyro4.errors
try:
    Pyro4.Proxy('PYRO:no.such@127.0.0.1:' + sys.argv[1]).anything()
except Pyro4.errors.CommunicationError as e:
    print(type(e).__name__, 'unknown object' in str(e))
print(Pyro4.Proxy('PYRO:example.greeting@127.0.0.1:' + sys.argv[1]).get_fortune('still up'))
)"),
                                                         {QString::number(m_daemon->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("CommunicationError True\nHello, still up. \n\n"));
}

void TestPyro4Daemon::servedCallsAreReported()
{
    QSignalSpy served(m_daemon.get(), &Pyro4Daemon::callServed);
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import sys, Pyro4
calc = Pyro4.Proxy('PYRO:example.calculator@127.0.0.1:' + sys.argv[1])
calc.add(1, 2)
try:
    calc.divide(1, 0)
except ZeroDivisionError:
    pass
)"),
                                                         {QString::number(m_daemon->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(served.size(), 3); // handshake, add, divide
    const Call connect = served.at(0).at(0).value<Call>();
    QCOMPARE(connect.method(), QStringLiteral("<connect>"));
    QCOMPARE(connect.object(), QStringLiteral("example.calculator"));
    const Call add = served.at(1).at(0).value<Call>();
    QCOMPARE(add.protocol, QStringLiteral("pyro4"));
    QCOMPARE(add.method(), QStringLiteral("add"));
    QCOMPARE(add.result(), RpcValue::fromInt(3));
    QCOMPARE(add.status, CallStatus::Ok);
    QVERIFY(add.request->bytes().startsWith("PYRO"));
    const Call divide = served.at(2).at(0).value<Call>();
    QCOMPARE(divide.status, CallStatus::Exception);
    QCOMPARE(divide.fault()->code, RpcValue::fromString(QStringLiteral("builtins.ZeroDivisionError")));
    QCOMPARE(divide.connectionId, add.connectionId);
}

void TestPyro4Daemon::badInputClosesOnlyThatConnection()
{
    QSignalSpy refused(m_daemon.get(), &Pyro4Daemon::connectionRefused);
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"(
import socket, struct, sys, Pyro4
port = int(sys.argv[1])
def closed_after(data):
    s = socket.create_connection(('127.0.0.1', port), timeout=5)
    s.sendall(data)
    return s.recv(100)
print(closed_after(b'GET / HTTP/1.1\r\n\r\n' + b'x' * 10))
# valid header, INVOKE before CONNECT
hdr = struct.pack('!4sHHHHiHHH', b'PYRO', 48, 4, 0, 1, 0, 1, 0, 0)
ck = (4 + 48 + 0 + 0 + 1 + 0 + 1 + 0x34E9) & 0xffff
print(closed_after(hdr + struct.pack('!H', ck)))
# a header announcing 2 GB
hdr = struct.pack('!4sHHHHiHHH', b'PYRO', 48, 1, 0, 0, 0x7fffffff, 1, 0, 0)
ck = (1 + 48 + 0x7fffffff + 0 + 1 + 0 + 0 + 0x34E9) & 0xffff
print(closed_after(hdr + struct.pack('!H', ck)))
print(Pyro4.Proxy('PYRO:example.calculator@127.0.0.1:%d' % port).add(20, 22))
)"),
                                                         {QString::number(m_daemon->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("b''\nb''\nb''\n42\n"));
    QCOMPARE(refused.size(), 3);
    QVERIFY2(refused.at(2).at(0).toString().contains(QStringLiteral("over the limit")),
             qPrintable(refused.at(2).at(0).toString()));
}

QTEST_GUILESS_MAIN(TestPyro4Daemon)
#include "tst_pyro4daemon.moc"
