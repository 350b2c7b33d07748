// Mock servers made from captures (core/server/mockserver.cpp, `rpcscope-cli serve --mock`): a capture this test
// makes of a stock client talking to a stock server (through `rpcscope-cli proxy --write`) becomes a mock that
// answers the same client run with the same output; calls that were not recorded get the latest answer to their
// method or a fault naming them; faults and exceptions come back as such; Pyro4 clients of any serializer are
// answered; recorded latencies are replayed on request; rules apply to mocks; jsonl works as well as a capture.
#include "testsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// moc takes `//` inside a raw string for a comment, so the Python scripts' URLs write their slashes as \x2f.
const char kXmlRpcServer[] = R"(
import time, xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer
def fail(why):
    raise xmlrpc.client.Fault(42, "refused: " + why)
def slow():
    time.sleep(0.4)
    return "slept"
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True)
s.register_function(lambda a, b: a + b, "add")
s.register_function(lambda d: {"keys": sorted(d), "n": len(d), "none": None, "f": 2.5}, "describe")
s.register_function(fail, "fail")
s.register_function(slow, "slow")
print(s.server_address[1], flush=True)
s.serve_forever()
)";

const char kXmlRpcClient[] = R"(
import sys, time, xmlrpc.client
p = xmlrpc.client.ServerProxy("http:\x2f\x2f%s/RPC2" % sys.argv[1], allow_none=True)
def show(f, *args):
    try:
        print(repr(f(*args)))
    except xmlrpc.client.Fault as e:
        print("Fault", e.faultCode, e.faultString)
show(p.add, 3, 4)
show(p.add, 10, 20)
show(p.describe, {"b": 1, "a": [1, 2]})
show(p.fail, "no reason")
t = time.monotonic()
show(p.slow)
print("slow took", "long" if time.monotonic() - t >= 0.35 else "short")
)";

const char kPyroServer[] = R"(
import Pyro4
Pyro4.config.SERIALIZERS_ACCEPTED = {"serpent", "json", "marshal", "pickle", "msgpack"}
@Pyro4.expose
class Greeting(object):
    def get_fortune(self, name):
        return "Hello, {0}. Tomorrow's lucky number is 12345678.".format(name)
    def stats(self, *values, scale=1):
        return {"sum": sum(values) * scale, "items": list(values), "tuple": (1, "a")}
    def divide(self, a, b):
        return a / b
d = Pyro4.Daemon(host="127.0.0.1", port=0)
d.register(Greeting(), "example.greeting")
print(d.locationStr.rsplit(":", 1)[1], flush=True)
d.requestLoop()
)";

const char kPyroClient[] = R"(
import sys, Pyro4
Pyro4.config.SERIALIZER = sys.argv[2]
with Pyro4.Proxy("PYRO:example.greeting@%s" % sys.argv[1]) as p:
    print(p.get_fortune("letian"))
    print(p.stats(1, 2, 3, scale=2))
    try:
        p.divide(1, 0)
    except ZeroDivisionError as e:
        print("ZeroDivisionError", e)
)";

bool waitForLine(QProcess& process, const QByteArray& needle, QByteArray& seen, bool stderrToo = false)
{
    QDeadlineTimer deadline(15000);
    while (!seen.contains(needle) && !deadline.hasExpired() && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        seen += process.readAllStandardOutput();
        if (stderrToo)
            seen += process.readAllStandardError();
    }
    return seen.contains(needle);
}

// Records what `client` (a Python script; argv[1] is HOST:PORT, then `extra`) does against `serverScript` through
// `rpcscope-cli proxy --write` into `pcap`; returns the client's output.
QByteArray record(const char* serverScript, const char* client, const QStringList& extra, const QString& pcap)
{
    QProcess server;
    server.start(pythonPath(), {QStringLiteral("-c"), QString::fromLatin1(serverScript)});
    server.waitForReadyRead(15000);
    const QByteArray serverPort = server.readLine().trimmed();
    const quint16 port = freeTcpPort();
    QProcess proxy;
    proxy.start(cliPath(),
                {QStringLiteral("proxy"), QStringLiteral("--listen"), QStringLiteral(":%1").arg(port),
                 QStringLiteral("--to"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(serverPort),
                 QStringLiteral("--write"), pcap});
    QByteArray seen;
    QDeadlineTimer deadline(15000);
    while (!seen.contains("listening on") && !deadline.hasExpired()) {
        proxy.waitForReadyRead(100);
        seen += proxy.readAllStandardError();
    }
    const ProcessResult run
        = runPython(QString::fromLatin1(client), QStringList {QStringLiteral("127.0.0.1:%1").arg(port)} + extra);
    proxy.terminate();
    proxy.waitForFinished(10000);
    server.kill();
    server.waitForFinished(5000);
    if (run.exitCode != 0)
        qWarning() << run.err;
    return run.out;
}

// A running `rpcscope-cli serve --mock …`, its address once it printed it.
struct Mock
{
    QProcess process;
    QString address;
    QByteArray err;

    bool start(const QStringList& args)
    {
        process.start(cliPath(), QStringList {QStringLiteral("serve")} + args);
        QByteArray out;
        if (!waitForLine(process, "\n", out))
            return false;
        const QRegularExpressionMatch m
            = QRegularExpression(QStringLiteral("^mock (\\S+) ")).match(QString::fromUtf8(out));
        address = m.captured(1);
        return m.hasMatch();
    }
    ~Mock()
    {
        process.terminate();
        process.waitForFinished(5000);
    }
};

} // namespace

class TestMockServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_xmlrpcPcap = m_dir.filePath(QStringLiteral("xmlrpc.pcap"));
        m_xmlrpcOut = record(kXmlRpcServer, kXmlRpcClient, {}, m_xmlrpcPcap);
        QCOMPARE(m_xmlrpcOut,
                 QByteArray("7\n30\n{'keys': ['a', 'b'], 'n': 2, 'none': None, 'f': 2.5}\n"
                            "Fault 42 refused: no reason\n'slept'\nslow took long\n"));
        m_pyroPcap = m_dir.filePath(QStringLiteral("pyro.pcap"));
        m_pyroOut = record(kPyroServer, kPyroClient, {QStringLiteral("serpent")}, m_pyroPcap);
        QCOMPARE(m_pyroOut,
                 QByteArray("Hello, letian. Tomorrow's lucky number is 12345678.\n"
                            "{'sum': 12, 'items': [1, 2, 3], 'tuple': (1, 'a')}\n"
                            "ZeroDivisionError division by zero\n"));
    }

    void xmlRpcMockAnswersTheSameRunTheSame()
    {
        Mock mock;
        QVERIFY(mock.start({QStringLiteral("--mock"), m_xmlrpcPcap}));
        const ProcessResult run = runPython(QString::fromLatin1(kXmlRpcClient), {mock.address});
        QCOMPARE(run.exitCode, 0);
        // Same output, but the slow call is answered at once unless latencies are replayed.
        QByteArray expected = m_xmlrpcOut;
        expected.replace("slow took long", "slow took short");
        QCOMPARE(run.out, expected);
    }

    void recordedLatencyIsReplayed()
    {
        Mock mock;
        QVERIFY(mock.start(
            {QStringLiteral("--mock"), m_xmlrpcPcap, QStringLiteral("--mock-latency"), QStringLiteral("recorded")}));
        const ProcessResult run = runPython(QString::fromLatin1(kXmlRpcClient), {mock.address});
        QCOMPARE(run.out, m_xmlrpcOut);
    }

    void unrecordedCallsGetTheLatestAnswerOrAFaultNamingThem()
    {
        Mock mock;
        QVERIFY(mock.start({QStringLiteral("--mock"), m_xmlrpcPcap}));
        const ProcessResult run = runPython(QStringLiteral(R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy("http:\x2f\x2f%s/RPC2" % sys.argv[1])
print(p.add(3, 4), p.add(9, 9))
try:
    p.never_recorded(1, "x")
except xmlrpc.client.Fault as e:
    print("Fault", e.faultCode, e.faultString)
)"),
                                            {mock.address});
        // add(9, 9) was not recorded: the latest recorded add answers (10 + 20).
        QCOMPARE(run.out, QByteArray("7 30\nFault -32601 no recorded answer for never_recorded(1, \"x\")\n"));
    }

    void pyro4MockAnswersEverySerializer_data()
    {
        QTest::addColumn<QString>("serializer");
        for (const char* s : {"serpent", "json", "marshal", "pickle", "msgpack"})
            QTest::addRow("%s", s) << QString::fromLatin1(s);
    }

    void pyro4MockAnswersEverySerializer()
    {
        // Recorded with serpent; the handshake and each answer go back in the client's serializer, with its
        // sequence numbers, and the recorded exception is raised again.
        QFETCH(QString, serializer);
        Mock mock;
        QVERIFY(mock.start({QStringLiteral("--mock"), m_pyroPcap}));
        const ProcessResult run = runPython(QString::fromLatin1(kPyroClient), {mock.address, serializer});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QByteArray expected = m_pyroOut;
        // Python's json and msgpack have no tuples: what a real daemon sends those clients as well.
        if (serializer == QLatin1String("json") || serializer == QLatin1String("msgpack"))
            expected.replace("(1, 'a')", "[1, 'a']");
        QCOMPARE(run.out, expected);
    }

    void rulesApplyToMocks()
    {
        Mock mock;
        QVERIFY(mock.start({QStringLiteral("--mock"), m_pyroPcap, QStringLiteral("--rule"),
                            QStringLiteral("method=get_fortune => fault KeyError \"ruled\"")}));
        const ProcessResult run = runPython(QStringLiteral(R"(
import sys, Pyro4
with Pyro4.Proxy("PYRO:example.greeting@%s" % sys.argv[1]) as p:
    try:
        p.get_fortune("x")
    except KeyError as e:
        print("KeyError", e)
    print(p.stats(1))
)"),
                                            {mock.address});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        // stats(1) was not recorded: the latest recorded stats answers.
        QCOMPARE(run.out, QByteArray("KeyError 'ruled'\n{'sum': 12, 'items': [1, 2, 3], 'tuple': (1, 'a')}\n"));
    }

    void jsonlMakesTheSameMock()
    {
        const ProcessResult decoded
            = runCli({QStringLiteral("decode"), QStringLiteral("--format"), QStringLiteral("jsonl"), m_xmlrpcPcap});
        QCOMPARE(decoded.exitCode, 0);
        const QString jsonl = m_dir.filePath(QStringLiteral("xmlrpc.jsonl"));
        QFile file(jsonl);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(decoded.out);
        file.close();
        Mock mock;
        QVERIFY(mock.start({QStringLiteral("--mock"), jsonl}));
        const ProcessResult run = runPython(QString::fromLatin1(kXmlRpcClient), {mock.address});
        QByteArray expected = m_xmlrpcOut;
        expected.replace("slow took long", "slow took short");
        QCOMPARE(run.out, expected);
    }

    void badMockFilesAreRefused()
    {
        const QString junk = m_dir.filePath(QStringLiteral("junk.jsonl"));
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"method\": \"add\", \"status\": \"ok\"}\nnot json\n");
        file.close();
        ProcessResult r = runCli({QStringLiteral("serve"), QStringLiteral("--mock"), junk});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("junk.jsonl: line 2 is not a JSON object"), r.err.constData());
        r = runCli({QStringLiteral("serve"), QStringLiteral("--mock"), m_dir.filePath(QStringLiteral("none.pcap"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("none.pcap"), r.err.constData());
        r = runCli({QStringLiteral("serve"), QStringLiteral("--mock"), m_xmlrpcPcap, QStringLiteral("--mock-latency"),
                    QStringLiteral("double")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--mock-latency is 'recorded' or 'none'"), r.err.constData());
    }

private:
    QTemporaryDir m_dir;
    QString m_xmlrpcPcap;
    QByteArray m_xmlrpcOut;
    QString m_pyroPcap;
    QByteArray m_pyroOut;
};

QTEST_GUILESS_MAIN(TestMockServer)
#include "tst_mockserver.moc"
