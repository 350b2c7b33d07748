// Call rules in the recording proxy against stock clients: Python's xmlrpc.client and Pyro4 with each serializer
// (serpent, json, marshal, pickle, msgpack) through the proxy with each action (delay, fault, reply, drop, reset,
// rewrite), over TLS too. The clients' own output is what is checked, then the calls the proxy reported (each with
// the rule that touched it) and what the real server saw.
#include "decoderregistry.h"
#include "intercept/callmarker.h"
#include "intercept/callrule.h"
#include "proxyconnection.h"
#include "pythonpeer.h"
#include "recordingproxy.h"
#include "testsupport.h"
#include "tlspeers.h"
#include "trafficdecoder.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// The proxy with call rules, feeding a decoder through a CallMarker, as the CLI wires it.
struct Harness
{
    DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CallCollector calls;
    CallMarker marker {calls};
    TrafficDecoder traffic {registry, DecodeOptions {}, marker};
    RecordingProxy proxy {traffic};
    QStringList problems;

    quint16 start(quint16 targetPort, const QStringList& ruleTexts)
    {
        std::vector<CallRule> rules;
        for (const QString& text : ruleTexts) {
            RuleError error;
            std::optional<CallRule> rule = parseCallRule(text, error);
            if (!rule) {
                qWarning() << error.describe();
                return 0;
            }
            rules.push_back(std::move(*rule));
        }
        ProxyCallPolicy policy;
        policy.registry = &registry;
        policy.rules = std::make_shared<const CallRuleSet>(std::move(rules));
        policy.marker = &marker;
        proxy.setCallPolicy(std::move(policy));
        QObject::connect(&proxy, &RecordingProxy::problem, [this](const QString& p) { problems << p; });
        const Status started = proxy.start(
            {ProxyRule {{QStringLiteral("127.0.0.1"), 0}, {QStringLiteral("127.0.0.1"), targetPort}, false, {}}});
        return started ? proxy.listenAddress(0).port : 0;
    }

    /// The calls of method `method`, in the order they finished (waits for the decoder to see them).
    std::vector<const Call*> callsOf(const QString& method, std::size_t atLeast = 1)
    {
        std::vector<const Call*> found;
        QDeadlineTimer deadline(5000);
        do {
            found.clear();
            for (const Call& c : calls.calls) {
                if (c.method() == method)
                    found.push_back(&c);
            }
            if (found.size() >= atLeast)
                break;
            QTest::qWait(10);
        } while (!deadline.hasExpired());
        return found;
    }
};

// moc takes `//` inside a raw string for a comment, so the Python scripts' URLs write their slashes as \x2f.
// The server remembers the calls it really got (`seen`), so a test can tell answered-in-place from forwarded.
const char kXmlRpcServer[] = R"(
from xmlrpc.server import SimpleXMLRPCServer
seen = []
def log(name, f):
    def wrapped(*args):
        seen.append(name)
        return f(*args)
    return wrapped
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
for name, f in [("add", lambda a, b: a + b), ("shout", lambda t: t.upper()), ("slow", lambda: "slow ok"),
                ("dropme", lambda: "not dropped"), ("resetme", lambda: "not reset")]:
    s.register_function(log(name, f), name)
s.register_function(lambda: seen, "seen")
print(s.server_address[1], flush=True)
s.serve_forever()
)";

// One client object per action: drop and reset end their connection.
const char kXmlRpcClient[] = R"(
import sys, time, xmlrpc.client
url = "http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1]
def call(name, *args):
    try:
        return repr(getattr(xmlrpc.client.ServerProxy(url), name)(*args))
    except xmlrpc.client.Fault as f:
        return "Fault %d %s" % (f.faultCode, f.faultString)
    except Exception as e:
        return type(e).__name__
print(call("add", 3, 4))
print(call("add", 5, 6))
print(call("add", 1, 2))
print(call("shout", "hello"))
t = time.monotonic()
print(call("slow"), time.monotonic() - t >= 0.3)
print(call("dropme"))
print(call("resetme"))
print(call("seen"))
)";

const QStringList kXmlRpcRules = {
    QStringLiteral("method=add params:3 => fault 4 \"no threes\""),
    QStringLiteral("method=add params:5 => reply \"patched\""),
    QStringLiteral("method=shout => rewrite params[0]=\"rewritten\""),
    QStringLiteral("method=slow => delay 300ms"),
    QStringLiteral("method=dropme => drop"),
    QStringLiteral("method=resetme => reset"),
};

const char kPyroServer[] = R"(
import Pyro4, time
Pyro4.config.SERIALIZERS_ACCEPTED = {"serpent", "json", "marshal", "pickle", "msgpack"}
seen = []
@Pyro4.expose
class Calculator(object):
    def add(self, a, b):
        seen.append("add")
        return a + b
    def greet(self, name, punct="!"):
        seen.append("greet")
        return "hello " + name + punct
    def slow(self):
        return "slow ok"
    def dropme(self):
        return "not dropped"
    def resetme(self):
        return "not reset"
    def seen(self):
        return seen
d = Pyro4.Daemon(host="127.0.0.1", port=0)
d.register(Calculator(), "calc")
print(d.locationStr.rsplit(":", 1)[1], flush=True)
d.requestLoop()
)";

const char kPyroClient[] = R"(
import sys, time, Pyro4
Pyro4.config.SERIALIZER = sys.argv[2]
Pyro4.config.COMMTIMEOUT = 10
uri = "PYRO:calc@127.0.0.1:%s" % sys.argv[1]
def call(name, *args, **kwargs):
    try:
        with Pyro4.Proxy(uri) as p:
            return repr(getattr(p, name)(*args, **kwargs))
    except Exception as e:
        return "%s %s" % (type(e).__name__, e)
print(call("add", 3, 4))
print(call("add", 5, 6))
print(call("add", 1, 2))
print(call("greet", "bob", punct="."))
t = time.monotonic()
print(call("slow"), time.monotonic() - t >= 0.3)
print(call("dropme").split(":")[0])
print(call("resetme").split(":")[0])
print(call("seen"))
)";

const QStringList kPyroRules = {
    QStringLiteral("method=add params:3 => fault ValueError \"no threes\""),
    QStringLiteral("protocol:pyro4 method=add params:5 => reply {\"n\": [1, 2.5, \"x\"], \"ok\": true}"),
    QStringLiteral("method=greet => rewrite kwargs.punct=\"?\""),
    QStringLiteral("object:calc method=slow => delay 300ms"),
    QStringLiteral("method=dropme => drop"),
    QStringLiteral("method=resetme => reset"),
};

QStringList lines(const QByteArray& out)
{
    return QString::fromUtf8(out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestProxyConnectionRelay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void xmlRpcClientThroughEachAction()
    {
        PythonPeer server;
        server.start(QString::fromLatin1(kXmlRpcServer));
        const quint16 serverPort = server.readPort();
        QVERIFY(serverPort != 0);
        Harness h;
        const quint16 port = h.start(serverPort, kXmlRpcRules);
        QVERIFY(port != 0);

        PythonPeer client;
        client.start(QString::fromLatin1(kXmlRpcClient), {QString::number(port)});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.exitCode(), 0);
        const QStringList out = lines(client.out());
        QCOMPARE(out.value(0), QStringLiteral("Fault 4 no threes"));
        QCOMPARE(out.value(1), QStringLiteral("'patched'"));
        QCOMPARE(out.value(2), QStringLiteral("3"));
        QCOMPARE(out.value(3), QStringLiteral("'REWRITTEN'"));
        QCOMPARE(out.value(4), QStringLiteral("'slow ok' True"));
        QCOMPARE(out.value(5), QStringLiteral("RemoteDisconnected"));
        QCOMPARE(out.value(6), QStringLiteral("ConnectionResetError"));
        // The server never saw the calls answered, dropped or reset in its place.
        QCOMPARE(out.value(7), QStringLiteral("['add', 'shout', 'slow']"));

        // Each touched call is reported with its rule; untouched ones without.
        const std::vector<const Call*> adds = h.callsOf(QStringLiteral("add"), 3);
        QCOMPARE(adds.size(), std::size_t(3));
        QCOMPARE(adds[0]->status, CallStatus::Fault);
        QCOMPARE(adds[0]->fault()->message, QStringLiteral("no threes"));
        QCOMPARE(adds[0]->rule, kXmlRpcRules[0]);
        QCOMPARE(adds[1]->result().toString(), QStringLiteral("patched"));
        QCOMPARE(adds[1]->rule, kXmlRpcRules[1]);
        QCOMPARE(adds[2]->rule, QString());
        // The decoded request is what the client sent; the reply what the server answered to the rewritten one.
        const Call* shout = h.callsOf(QStringLiteral("shout")).front();
        QCOMPARE(shout->params().toDisplayString(), QStringLiteral("[\"hello\"]"));
        QCOMPARE(shout->result().toString(), QStringLiteral("REWRITTEN"));
        QCOMPARE(shout->rule, kXmlRpcRules[2]);
        const Call* slow = h.callsOf(QStringLiteral("slow")).front();
        QVERIFY2(*slow->latencyMs() >= 300, qPrintable(QString::number(*slow->latencyMs())));
        const Call* dropped = h.callsOf(QStringLiteral("dropme")).front();
        QCOMPARE(dropped->status, CallStatus::NoReply);
        QCOMPARE(dropped->rule, kXmlRpcRules[4]);
        QCOMPARE(h.callsOf(QStringLiteral("resetme")).front()->rule, kXmlRpcRules[5]);
        QVERIFY2(h.problems.isEmpty(), qPrintable(h.problems.join(QLatin1Char('\n'))));
    }

    void pyro4ClientThroughEachAction_data()
    {
        QTest::addColumn<QString>("serializer");
        for (const char* s : {"serpent", "json", "marshal", "pickle", "msgpack"})
            QTest::addRow("%s", s) << QString::fromLatin1(s);
    }

    void pyro4ClientThroughEachAction()
    {
        QFETCH(QString, serializer);
        PythonPeer server;
        server.start(QString::fromLatin1(kPyroServer));
        const quint16 serverPort = server.readPort();
        QVERIFY(serverPort != 0);
        Harness h;
        const quint16 port = h.start(serverPort, kPyroRules);
        QVERIFY(port != 0);

        PythonPeer client;
        client.start(QString::fromLatin1(kPyroClient), {QString::number(port), serializer});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.exitCode(), 0);
        const QStringList out = lines(client.out());
        // The stock client raises the exception class the rule named, and reads the reply in its own serializer.
        QCOMPARE(out.value(0), QStringLiteral("ValueError no threes"));
        QCOMPARE(out.value(1), QStringLiteral("{'n': [1, 2.5, 'x'], 'ok': True}"));
        QCOMPARE(out.value(2), QStringLiteral("3"));
        QCOMPARE(out.value(3), QStringLiteral("'hello bob?'"));
        QCOMPARE(out.value(4), QStringLiteral("'slow ok' True"));
        QCOMPARE(out.value(5), QStringLiteral("ConnectionClosedError receiving"));
        QVERIFY2(out.value(6).startsWith(QStringLiteral("ConnectionClosedError")), qPrintable(out.value(6)));
        QCOMPARE(out.value(7), QStringLiteral("['add', 'greet']"));

        const std::vector<const Call*> adds = h.callsOf(QStringLiteral("add"), 3);
        QCOMPARE(adds.size(), std::size_t(3));
        QCOMPARE(adds[0]->status, CallStatus::Exception);
        // As sent: the class name as the rule gave it, or for pickle the global it names (builtins.ValueError).
        QVERIFY2(adds[0]->fault()->code.toString().endsWith(QLatin1String("ValueError")),
                 qPrintable(adds[0]->fault()->code.toString()));
        QCOMPARE(adds[0]->rule, kPyroRules[0]);
        QCOMPARE(adds[1]->result().toDisplayString(), QStringLiteral("{n: [1, 2.5, \"x\"], ok: true}"));
        const Call* greet = h.callsOf(QStringLiteral("greet")).front();
        QCOMPARE(greet->kwargs().toDisplayString(), QStringLiteral("{punct: \".\"}"));
        QCOMPARE(greet->result().toString(), QStringLiteral("hello bob?"));
        QCOMPARE(greet->rule, kPyroRules[2]);
        QVERIFY2(h.problems.isEmpty(), qPrintable(h.problems.join(QLatin1Char('\n'))));
    }

    void ruleThatCannotActLetsTheCallThroughAndSaysWhy()
    {
        // XML-RPC has no keyword arguments: the call goes on unchanged, the proxy says why, the call says so.
        PythonPeer server;
        server.start(QString::fromLatin1(kXmlRpcServer));
        const quint16 serverPort = server.readPort();
        Harness h;
        const quint16 port = h.start(serverPort, {QStringLiteral("method=shout => rewrite kwargs.loud=true")});
        PythonPeer client;
        client.start(QStringLiteral("import sys, xmlrpc.client\n"
                                    "print(xmlrpc.client.ServerProxy('http:\\x2f\\x2f127.0.0.1:%s' % sys.argv[1])"
                                    ".shout('hi'))"),
                     {QString::number(port)});
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("HI\n"));
        QCOMPARE(h.problems.size(), 1);
        QVERIFY2(h.problems[0].contains(QLatin1String("cannot act on shout(\"hi\")")), qPrintable(h.problems[0]));
        QVERIFY2(h.problems[0].contains(QLatin1String("no keyword arguments")), qPrintable(h.problems[0]));
        const Call* shout = h.callsOf(QStringLiteral("shout")).front();
        QVERIFY2(shout->rule.endsWith(QLatin1String("(not applied: XML-RPC calls have no keyword arguments: rewrite "
                                                    "params[N] instead)")),
                 qPrintable(shout->rule));
    }

    void rulesApplyOverTls()
    {
        QTemporaryDir dir;
        const CertificateFiles upstreamCert
            = makeSelfSigned(dir.path(), QStringLiteral("upstream"), QStringLiteral("IP:127.0.0.1"));
        PythonPeer server;
        server.start(QString::fromLatin1(httpsXmlRpcServerScript()), {upstreamCert.certificate, upstreamCert.key});
        const quint16 serverPort = server.readPort();
        QVERIFY(serverPort != 0);
        const QString caDir = dir.filePath(QStringLiteral("ca"));
        const QString caFile = exportRpcScopeCa(caDir, dir.filePath(QStringLiteral("ca.pem")));
        const quint16 port = freeTcpPort();
        QProcess proxy;
        proxy.start(cliPath(),
                    {QStringLiteral("proxy"), QStringLiteral("--tls"), QStringLiteral("--ca-dir"), caDir,
                     QStringLiteral("--upstream-insecure"), QStringLiteral("--listen"), QStringLiteral(":%1").arg(port),
                     QStringLiteral("--to"), QStringLiteral("127.0.0.1:%1").arg(serverPort), QStringLiteral("--format"),
                     QStringLiteral("jsonl"), QStringLiteral("--rule"),
                     QStringLiteral("method:add => fault 4 \"over tls\"")});
        QByteArray err;
        QDeadlineTimer deadline(15000);
        while (!err.contains("listening on") && !deadline.hasExpired()) {
            proxy.waitForReadyRead(100);
            err += proxy.readAllStandardError();
        }
        QVERIFY2(err.contains("listening on"), err.constData());
        const ProcessResult client = runPython(QString::fromLatin1(httpsXmlRpcClientScript()),
                                               {QStringLiteral("https://127.0.0.1:%1/RPC2").arg(port), caFile});
        QCOMPARE(client.out, QByteArray("ERROR Fault <Fault 4: 'over tls'>\n"));
        proxy.terminate();
        QVERIFY(proxy.waitForFinished(10000));
        const QList<QByteArray> out = proxy.readAllStandardOutput().split('\n');
        const QJsonObject call = QJsonDocument::fromJson(out.value(0)).object();
        QCOMPARE(call.value(QLatin1String("method")).toString(), QStringLiteral("add"));
        QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("fault"));
        QCOMPARE(call.value(QLatin1String("rule")).toString(), QStringLiteral("method:add => fault 4 \"over tls\""));
    }
};

QTEST_GUILESS_MAIN(TestProxyConnectionRelay)
#include "tst_proxyconnectionrelay.moc"
