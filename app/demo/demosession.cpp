#include "demosession.h"

#include "client/callexchange.h"
#include "client/composedcall.h"
#include "recordingproxy.h"
#include "server/pyro4daemon.h"
#include "server/xmlrpcserver.h"
#include "trafficdecoder.h"

#include <QDateTime>

namespace rpcscope {

namespace {

double nowSeconds()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

ComposedCall composed(const QString& endpoint, const QString& method, RpcArray params)
{
    ComposedCall call;
    call.endpoint = endpoint;
    call.method = method;
    call.params = std::move(params);
    call.timeoutMs = 5000;
    // The demo's daemon speaks Pyro4: without this each Pyro call would first try Pyro5, and the refused attempt
    // would show in the demo's own list as a call that got no reply.
    call.pyroVersion = 4;
    return call;
}

QString describeCall(const ComposedCall& call)
{
    QStringList args;
    for (const RpcValue& v : call.params)
        args << v.toDisplayString();
    return QStringLiteral("%1(%2) to %3").arg(call.method, args.join(QStringLiteral(", ")), call.endpoint);
}

} // namespace

DemoSession::DemoSession(CallSink& sink, QObject* parent)
    : QObject(parent)
    , m_registry(DecoderRegistry::withBuiltins())
    , m_traffic(std::make_unique<TrafficDecoder>(m_registry, DecodeOptions {}, sink))
    , m_xmlrpc(std::make_unique<XmlRpcServer>())
    , m_pyro(std::make_unique<Pyro4Daemon>())
    , m_proxy(std::make_unique<RecordingProxy>(*m_traffic))
{
    // A live source: unanswered requests become no-reply instead of waiting for the end of input.
    m_expiry.setInterval(1000);
    connect(&m_expiry, &QTimer::timeout, this, [this] { m_traffic->expire(nowSeconds(), 30.0); });
}

DemoSession::~DemoSession()
{
    stop();
}

Status DemoSession::start()
{
    if (Status s = m_xmlrpc->listen(); !s)
        return Error {QStringLiteral("demo: the XML-RPC test server could not start: %1").arg(s.error())};
    if (Status s = m_pyro->listen(); !s)
        return Error {QStringLiteral("demo: the Pyro4 test daemon could not start: %1").arg(s.error())};
    const HostPort loopbackAnyPort {QStringLiteral("127.0.0.1"), 0};
    std::vector<ProxyRule> rules(2);
    rules[0].listen = loopbackAnyPort;
    rules[0].target = {QStringLiteral("127.0.0.1"), m_xmlrpc->port()};
    rules[1].listen = loopbackAnyPort;
    rules[1].target = {QStringLiteral("127.0.0.1"), m_pyro->port()};
    if (Status s = m_proxy->start(rules); !s)
        return Error {QStringLiteral("demo: the recording proxy could not start: %1").arg(s.error())};
    m_expiry.start();

    const QString xmlrpc = xmlRpcUrl();
    const QString greeting = pyroUri();
    const QString calculator
        = QString(greeting).replace(QStringLiteral("example.greeting"), QStringLiteral("example.calculator"));
    RpcStruct point {{QStringLiteral("x"), RpcValue::fromInt(3)},
                     {QStringLiteral("y"), RpcValue::fromDouble(4.5)},
                     {QStringLiteral("label"), RpcValue::fromString(QStringLiteral("origin ✓"))}};
    m_script = {
        composed(xmlrpc, QStringLiteral("add"), {RpcValue::fromInt(3), RpcValue::fromInt(4)}),
        composed(greeting, QStringLiteral("get_fortune"), {RpcValue::fromString(QStringLiteral("letian"))}),
        composed(xmlrpc, QStringLiteral("echo"), {RpcValue::fromStruct(std::move(point))}),
        composed(xmlrpc, QStringLiteral("fault"),
                 {RpcValue::fromInt(4), RpcValue::fromString(QStringLiteral("Too many parameters"))}),
        composed(calculator, QStringLiteral("divide"), {RpcValue::fromInt(1), RpcValue::fromInt(0)}),
        composed(calculator, QStringLiteral("add"), {RpcValue::fromInt(40), RpcValue::fromInt(2)}),
    };
    return Done {};
}

void DemoSession::run()
{
    m_sent = 0;
    m_failures = 0;
    sendNext();
}

void DemoSession::sendNext()
{
    if (m_sent >= int(m_script.size())) {
        Q_EMIT finished(m_failures);
        return;
    }
    const ComposedCall& call = m_script[size_t(m_sent)];
    Q_EMIT sending(describeCall(call));
    CallExchange* exchange = CallExchange::create(call, this);
    connect(exchange, &CallExchange::finished, this, [this, exchange](const CallOutcome& outcome) {
        exchange->deleteLater();
        const bool answered = outcome.kind == CallOutcomeKind::Ok || outcome.kind == CallOutcomeKind::Fault
            || outcome.kind == CallOutcomeKind::RemoteException;
        if (!answered)
            ++m_failures;
        ++m_sent;
        // Let the proxy pass the reply on (and the decoder see it) before the next call starts.
        QTimer::singleShot(50, this, &DemoSession::sendNext);
    });
    exchange->start();
}

void DemoSession::stop()
{
    m_expiry.stop();
    if (m_proxy)
        m_proxy->stop();
    if (m_xmlrpc)
        m_xmlrpc->close();
    if (m_pyro)
        m_pyro->close();
    if (m_traffic)
        m_traffic->finishAll(nowSeconds());
}

QString DemoSession::xmlRpcUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/RPC2").arg(m_proxy->listenAddress(0).port);
}

QString DemoSession::pyroUri() const
{
    return QStringLiteral("PYRO:example.greeting@127.0.0.1:%1").arg(m_proxy->listenAddress(1).port);
}

QStringList DemoSession::describe() const
{
    return {
        QStringLiteral("Demo: the built-in XML-RPC server (%1) and Pyro4 daemon (%2) run on loopback, each behind "
                       "a recording proxy; the calls below were sent through the proxies and decoded from the "
                       "bytes the proxy saw.")
            .arg(m_xmlrpc->url(), m_pyro->uri()),
        QStringLiteral("Try it yourself: python3 -c \"import xmlrpc.client as x; "
                       "print(x.ServerProxy('%1').add(3, 4))\"")
            .arg(xmlRpcUrl()),
        QStringLiteral("With your own traffic: rpcscope-cli proxy --listen 127.0.0.1:8081 --to HOST:PORT, open a "
                       "pcap, or capture live (needs capture rights)."),
    };
}

} // namespace rpcscope
