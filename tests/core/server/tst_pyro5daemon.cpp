// The test daemon speaking Pyro5 (core/server/pyro4daemon.cpp with protocol version 5) against the real Pyro5 5.17
// client from ../shared/peers, with each of Pyro5's serializers. Skipped, saying why, when Pyro5 is absent.
#include "asyncprocess.h"
#include "server/pyro4daemon.h"

#include <QSignalSpy>
#include <QTest>

using namespace rpcscope;

class TestPyro5Daemon : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void stockProxy_data();
    void stockProxy();
    void batchPingAndCorrelation();
    void unknownObjectIsRefused();
    void pyro4ClientIsRefused();
    void servedCallsAreReported();

private:
    std::unique_ptr<Pyro4Daemon> m_daemon;
};

void TestPyro5Daemon::init()
{
    if (test::pyro5PeersPath().isEmpty())
        QSKIP("Pyro5 is not in ../shared/peers (Debian 12 does not package it): no Pyro5 peer to test against");
    m_daemon = std::make_unique<Pyro4Daemon>();
    QVERIFY(m_daemon->setProtocolVersion(5).ok());
    QVERIFY(!m_daemon->setProtocolVersion(3).ok());
    const Status s = m_daemon->listen();
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error()));
    QVERIFY(!m_daemon->setProtocolVersion(4).ok()); // not once it listens
    QCOMPARE(m_daemon->protocolVersion(), 5);
}

void TestPyro5Daemon::cleanup()
{
    m_daemon.reset();
}

void TestPyro5Daemon::stockProxy_data()
{
    QTest::addColumn<QString>("serializer");
    for (const char* s : {"serpent", "marshal", "json", "msgpack"})
        QTest::addRow("%s", s) << s;
}

void TestPyro5Daemon::stockProxy()
{
    QFETCH(QString, serializer);
    // No client configuration besides the serializer: the CONNECTOK metadata must be enough.
    const test::ProcessResult r = test::runPythonServing(test::withPyro5(QStringLiteral(R"py(
import Pyro5.api, Pyro5.errors
Pyro5.config.SERIALIZER = sys.argv[2]
port = sys.argv[1]
greeting = Pyro5.api.Proxy('PYRO:example.greeting@127.0.0.1:' + port)
print(repr(greeting.get_fortune('letian')))
print(repr(greeting.get_fortune(name='kw')))
calc = Pyro5.api.Proxy('PYRO:example.calculator@127.0.0.1:' + port)
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
daemon = Pyro5.api.Proxy('PYRO:Pyro.Daemon@127.0.0.1:' + port)
meta = daemon.get_metadata('example.calculator')
print(daemon.ping(), sorted(daemon.registered()), sorted(meta['methods']), type(meta['methods']).__name__)
calc._pyroBind()
print(sorted(calc._pyroMethods))
)py")),
                                                         {QString::number(m_daemon->port()), serializer});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0), QStringLiteral("'Hello, letian. \\n'"));
    QCOMPARE(lines.value(1), QStringLiteral("'Hello, kw. \\n'"));
    QCOMPARE(lines.value(2), QStringLiteral("7 3.5 9223372036854775808"));
    QCOMPARE(lines.value(3), QStringLiteral("ZeroDivisionError division by zero traceback"));
    QCOMPARE(lines.value(4), QStringLiteral("AttributeError"));
    QCOMPARE(lines.value(5), QStringLiteral("TypeError add() missing required argument: 'b'"));
    // Pyro5's daemon sends sets; json and msgpack can only carry them as lists.
    const bool sets = serializer == QLatin1String("serpent") || serializer == QLatin1String("marshal");
    QCOMPARE(lines.value(6),
             QStringLiteral("None ['Pyro.Daemon', 'example.calculator', 'example.greeting'] "
                            "['add', 'divide'] %1")
                 .arg(sets ? QStringLiteral("set") : QStringLiteral("list")));
    QCOMPARE(lines.value(7), QStringLiteral("['add', 'divide']"));
}

void TestPyro5Daemon::batchPingAndCorrelation()
{
    const test::ProcessResult r = test::runPythonServing(test::withPyro5(QStringLiteral(R"py(
import uuid, Pyro5.api, Pyro5.protocol, Pyro5.callcontext
port = sys.argv[1]
with Pyro5.api.Proxy('PYRO:example.calculator@127.0.0.1:' + port) as calc:
    batch = Pyro5.api.BatchProxy(calc)
    batch.add(1, 1)
    batch.add(2, 2)
    batch.divide(1, 0)
    batch.add(3, 3)
    results = batch()
    print(next(results), next(results))
    try:
        next(results)
    except ZeroDivisionError as e:
        print('batch stopped at', type(e).__name__)
    Pyro5.protocol.SendingMessage.ping(calc._pyroConnection)
    print('ping ok')
    # The daemon answers with the request's correlation id (and makes one when there is none).
    Pyro5.api.current_context.correlation_id = uuid.UUID('11111111-2222-3333-4444-555555555555')
    calc._pyroConnection.send(Pyro5.protocol.SendingMessage(Pyro5.protocol.MSG_INVOKE, 0, 9, 1,
        b"('example.calculator','add',(1,2),{})").data)
    reply = Pyro5.protocol.recv_stub(calc._pyroConnection)
    print(reply.seq, reply.flags & Pyro5.protocol.FLAGS_CORR_ID != 0, str(uuid.UUID(bytes=reply.corr_id)))
)py")),
                                                         {QString::number(m_daemon->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out,
             QByteArray("2 4\nbatch stopped at ZeroDivisionError\nping ok\n"
                        "9 True 11111111-2222-3333-4444-555555555555\n"));
}

void TestPyro5Daemon::unknownObjectIsRefused()
{
    const test::ProcessResult r = test::runPythonServing(test::withPyro5(QStringLiteral(R"py(
import Pyro5.api, Pyro5.errors
try:
    Pyro5.api.Proxy('PYRO:no.such@127.0.0.1:' + sys.argv[1]).anything()
except Pyro5.errors.CommunicationError as e:
    print(type(e).__name__, 'unknown object' in str(e))
print(Pyro5.api.Proxy('PYRO:example.greeting@127.0.0.1:' + sys.argv[1]).get_fortune('still up'))
)py")),
                                                         {QString::number(m_daemon->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("CommunicationError True\nHello, still up. \n\n"));
}

void TestPyro5Daemon::pyro4ClientIsRefused()
{
    // A Pyro4 client gets the connection closed with a reason, and the daemon goes on serving Pyro5.
    QSignalSpy refused(m_daemon.get(), &Pyro4Daemon::connectionRefused);
    const test::ProcessResult r = test::runPythonServing(QStringLiteral(R"py(
import sys, Pyro4, Pyro4.errors
try:
    Pyro4.Proxy('PYRO:example.greeting@127.0.0.1:' + sys.argv[1]).get_fortune('x')
except Pyro4.errors.CommunicationError as e:
    print(type(e).__name__)
)py"),
                                                         {QString::number(m_daemon->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(r.out, QByteArray("ConnectionClosedError\n"));
    QVERIFY(refused.size() >= 1);
    QVERIFY2(refused.first().first().toString().contains(QLatin1String("not a Pyro5 protocol 502 header")),
             qPrintable(refused.first().first().toString()));
}

void TestPyro5Daemon::servedCallsAreReported()
{
    QSignalSpy served(m_daemon.get(), &Pyro4Daemon::callServed);
    const test::ProcessResult r = test::runPythonServing(test::withPyro5(QStringLiteral(R"py(
import Pyro5.api
Pyro5.config.SERIALIZER = 'msgpack'
calc = Pyro5.api.Proxy('PYRO:example.calculator@127.0.0.1:' + sys.argv[1])
calc.add(1, 2)
try:
    calc.divide(1, 0)
except ZeroDivisionError:
    pass
)py")),
                                                         {QString::number(m_daemon->port())});
    QVERIFY2(r.exitCode == 0, test::describe(r).constData());
    QCOMPARE(served.size(), 3); // handshake, add, divide
    const Call add = served.at(1).first().value<Call>();
    QCOMPARE(add.protocol, QStringLiteral("pyro5"));
    QCOMPARE(add.method(), QStringLiteral("add"));
    QCOMPARE(add.result(), RpcValue::fromInt(3));
    const Call divide = served.at(2).first().value<Call>();
    QCOMPARE(divide.status, CallStatus::Exception);
    QCOMPARE(divide.fault()->code.toString(), QStringLiteral("builtins.ZeroDivisionError"));
}

QTEST_GUILESS_MAIN(TestPyro5Daemon)
#include "tst_pyro5daemon.moc"
