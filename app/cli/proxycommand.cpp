// rpcscope-cli proxy: a recording TCP proxy that prints every call passing through it as soon as it completes.
#include "commands.h"

#include "bytestreamtee.h"
#include "certs/certificateauthority.h"
#include "decoderregistry.h"
#include "intercept/callmarker.h"
#include "intercept/protocolactions.h"
#include "intercept/ruleload.h"
#include "javaoptions.h"
#include "livecallprinter.h"
#include "objectnames.h"
#include "pcapstreamrecorder.h"
#include "proxyconnection.h"
#include "recordingproxy.h"
#include "stopsignals.h"
#include "trafficdecoder.h"

#include <QAbstractEventDispatcher>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QTimer>

#include <cstdio>

using namespace rpcscope;

namespace {

const char kExamples[] = R"TEXT(
Each --listen is paired with the --to that follows it, in order. Bytes pass unchanged in both
directions (but for the endpoints of handed-out objects, see below), so any client and server work (XML-RPC, Pyro4, Pyro5, Java RMI); each call is printed the
moment its reply passes (text or jsonl, as 'rpcscope-cli decode' prints them). A request without a
reply becomes no-reply after --deadline seconds or when its connection closes.

With --http-proxy the proxy is an HTTP forward proxy: point a client's proxy setting at it, and
requests for http://HOST:PORT/... are forwarded to that origin and recorded.

With --tls every --listen rule terminates TLS: a client gets a certificate for the name it asked
for (SNI; without one, for the address it dialled and the --to host) signed by RpcScope's CA, which
it must trust ('rpcscope-cli ca --export FILE' writes it; see 'rpcscope-cli ca --help'). The proxy
speaks TLS to the --to server and checks its certificate for that same name (or the --to host)
against the system's CAs, the CAs in --upstream-cacert FILE instead, or not at all with
--upstream-insecure. Calls are decoded and written (--write) as plaintext. A failed handshake on
either side is printed with its reason; an upstream failure reaches the client as an alert. With
SSLKEYLOGFILE set, the secrets of both legs are appended to that file (as Python and curl do), so a
capture of the encrypted traffic decrypts too.

With --rule 'FILTER => ACTION' (repeatable) or --rules FILE (one rule per line, # comments) the
proxy changes calls on their way. FILTER is the call list's filter language, applied to the decoded
request (method:add, protocol:pyro4 object:example.greeting, params~letian); the first rule that
matches acts:
  delay 300ms | delay 2s      wait, then forward the request
  fault CODE "MESSAGE"        answer with a fault: XML-RPC faultCode/faultString, a Pyro exception
                              (Pyro4 or Pyro5) of class CODE (ValueError), a Java RMI exception
                              return (a JDK class)
  reply VALUE                 answer with VALUE (7, "patched", {"n": 1}) in the client's serializer
  drop | reset                close the connection without an answer | abort it
  rewrite PATH=VALUE          change an argument, then forward: params[0]=5, kwargs.timeout=3
A rule that does not parse stops the proxy before it listens, with the position of the error. Each
call a rule touched carries "rule" in jsonl ({rule: ...} in text); with --write the pcap holds each
connection twice: as the client saw it and as the server did.

Java RMI and Pyro hand out the endpoints of objects in their replies: a registry lookup returns a
stub that names the object's host and port, a Pyro name server a PYRO: URI. The proxy follows them:
for each endpoint a reply hands out it opens a listener of its own (once; the address of the
listener the reply came through, or --follow-bind HOST, and a free port), rewrites the reply to name
it, and forwards what arrives there to the real endpoint, so the calls on the object are recorded
too, as connections to the real endpoint (the pcap reads as the wire would). Objects handed out on a
followed connection are followed in turn, at most 64 endpoints. Each is printed once on standard
error ('following 127.0.0.1:1100 through 127.0.0.1:38211'). A stub with a custom client socket
factory (RMI over SSL) cannot be followed and is passed as written, with a note. --no-follow passes
replies as they come: only the connections to --listen addresses are recorded.

Listen hosts default to 127.0.0.1 (':8080' listens on loopback only). No privileges are needed.
Ctrl-C (SIGINT or SIGTERM) stops the proxy, finishes pending calls, writes the pcap and prints the
counters of each rule on standard error.

Examples:
  rpcscope-cli proxy --listen :8001 --to 127.0.0.1:8000
  rpcscope-cli proxy --listen :9091 --to 127.0.0.1:9090 --listen :1100 --to 127.0.0.1:1099 --format jsonl
  rpcscope-cli proxy --http-proxy :3128 --write traffic.pcap
  rpcscope-cli proxy --listen :1100 --to 127.0.0.1:1099 --java-classpath app.jar
  rpcscope-cli proxy --listen 0.0.0.0:1099 --to 10.0.0.5:1099 --follow-bind 0.0.0.0   # clients elsewhere
  rpcscope-cli proxy --tls --listen :8443 --to odoo.example.com:443
  rpcscope-cli proxy --tls --upstream-insecure --listen :9443 --to 127.0.0.1:8443 --write plain.pcap
  rpcscope-cli proxy --listen :8001 --to 127.0.0.1:8000 --rule 'method:add => fault 4 "no adding"'
  rpcscope-cli proxy --listen :9091 --to 127.0.0.1:9090 --rules chaos.rules --format jsonl
)TEXT";

int usageError(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli proxy: %s\nRun 'rpcscope-cli proxy --help' for the options.\n",
                 text.toLocal8Bit().constData());
    return 2;
}

void note(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli proxy: %s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

} // namespace

int runProxyCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Forward TCP connections to a server and print the calls that pass through."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address to listen on (HOST:PORT or :PORT for loopback)."),
                                    QStringLiteral("host:port"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("Server to forward the preceding --listen to."),
                                QStringLiteral("host:port"));
    const QCommandLineOption httpProxy(QStringLiteral("http-proxy"),
                                       QStringLiteral("Also act as an HTTP forward proxy on this address."),
                                       QStringLiteral("host:port"));
    const QCommandLineOption write(QStringLiteral("write"),
                                   QStringLiteral("Also write the traffic to this pcap file (synthesised TCP/IP)."),
                                   QStringLiteral("file"));
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")},
                                    QStringLiteral("Output format: text (default) or jsonl."), QStringLiteral("format"),
                                    QStringLiteral("text"));
    const QCommandLineOption deadline(QStringLiteral("deadline"),
                                      QStringLiteral("Seconds after which an unanswered request is no-reply (30)."),
                                      QStringLiteral("seconds"), QStringLiteral("30"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Terminate TLS on every --listen rule."));
    const QCommandLineOption upstreamCa(QStringLiteral("upstream-cacert"),
                                        QStringLiteral("With --tls: trust the CAs in FILE for the --to servers "
                                                       "instead of the system's."),
                                        QStringLiteral("file"));
    const QCommandLineOption upstreamInsecure(QStringLiteral("upstream-insecure"),
                                              QStringLiteral("With --tls: do not verify the --to servers' "
                                                             "certificates."));
    const QCommandLineOption caDir(QStringLiteral("ca-dir"),
                                   QStringLiteral("With --tls: RpcScope's CA directory (default: %1).")
                                       .arg(CertificateAuthority::defaultDirectory()),
                                   QStringLiteral("dir"));
    const QCommandLineOption rule(QStringLiteral("rule"),
                                  QStringLiteral("Change matching calls: 'FILTER => ACTION' (repeatable, first match "
                                                 "wins)."),
                                  QStringLiteral("rule"));
    const QCommandLineOption rulesFile(QStringLiteral("rules"),
                                       QStringLiteral("Read rules from FILE, one per line (# comments); they come "
                                                      "after the --rule ones."),
                                       QStringLiteral("file"));
    const QCommandLineOption noFollow(QStringLiteral("no-follow"),
                                      QStringLiteral("Do not follow the objects replies hand out (RMI stubs, Pyro "
                                                     "URIs): only the --listen connections are recorded."));
    const QCommandLineOption followBind(QStringLiteral("follow-bind"),
                                        QStringLiteral("Address the listeners of followed objects use (default: the "
                                                       "address of the listener the reply came through)."),
                                        QStringLiteral("host"));
    const JavaOptions java;
    parser.addOptions({help, listen, to, httpProxy, write, format, deadline, tls, upstreamCa, upstreamInsecure, caDir,
                       rule, rulesFile, noFollow, followBind});
    parser.addOptions(java.options());
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        const QByteArray text = parser.helpText().toLocal8Bit() + kExamples;
        std::fwrite(text.constData(), 1, text.size(), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));

    const QStringList listens = parser.values(listen);
    const QStringList targets = parser.values(to);
    if (listens.size() != targets.size())
        return usageError(QStringLiteral("each --listen needs a --to (got %1 --listen and %2 --to)")
                              .arg(listens.size())
                              .arg(targets.size()));
    const bool useTls = parser.isSet(tls);
    if (!useTls && (parser.isSet(upstreamCa) || parser.isSet(upstreamInsecure) || parser.isSet(caDir)))
        return usageError(QStringLiteral("--upstream-cacert, --upstream-insecure and --ca-dir go with --tls"));
    if (parser.isSet(upstreamCa) && parser.isSet(upstreamInsecure))
        return usageError(QStringLiteral("--upstream-cacert and --upstream-insecure exclude each other"));
    if (useTls && listens.isEmpty())
        return usageError(QStringLiteral("--tls needs a --listen HOST:PORT --to HOST:PORT rule"));
    ProxyTlsOptions tlsOptions;
    tlsOptions.enabled = useTls;
    tlsOptions.upstreamCaFile = parser.value(upstreamCa);
    tlsOptions.upstreamInsecure = parser.isSet(upstreamInsecure);
    std::vector<ProxyRule> rules;
    for (qsizetype i = 0; i < listens.size(); ++i) {
        auto from = HostPort::parse(listens[i], true);
        if (!from)
            return usageError(from.error());
        auto target = HostPort::parse(targets[i]);
        if (!target)
            return usageError(target.error());
        rules.push_back(ProxyRule {*from, *target, false, tlsOptions});
    }
    for (const QString& value : parser.values(httpProxy)) {
        auto from = HostPort::parse(value, true);
        if (!from)
            return usageError(from.error());
        rules.push_back(ProxyRule {*from, {}, true, {}});
    }
    if (rules.empty())
        return usageError(QStringLiteral("nothing to do: give --listen HOST:PORT --to HOST:PORT or --http-proxy"));
    const bool following = !parser.isSet(noFollow);
    const QString followHost = parser.value(followBind);
    if (!following && parser.isSet(followBind))
        return usageError(QStringLiteral("--follow-bind and --no-follow exclude each other"));
    if (!followHost.isEmpty() && followHost.compare(QLatin1String("localhost"), Qt::CaseInsensitive) != 0
        && QHostAddress(followHost).isNull())
        return usageError(QStringLiteral("--follow-bind needs an IP address (got '%1')").arg(followHost));
    const QString formatName = parser.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("jsonl"))
        return usageError(QStringLiteral("unknown format '%1' (use text or jsonl)").arg(formatName));
    bool deadlineOk = false;
    const double deadlineSeconds = parser.value(deadline).toDouble(&deadlineOk);
    if (!deadlineOk || deadlineSeconds <= 0)
        return usageError(QStringLiteral("--deadline needs a positive number of seconds"));

    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    Result<std::vector<CallRule>> callRules = loadCallRules(parser.values(rule), parser.values(rulesFile), registry);
    if (!callRules) {
        note(callRules.error());
        return 2;
    }
    for (const QString& warning : ruleWarnings(*callRules, registry))
        note(warning);

    std::shared_ptr<const CertificateAuthority> authority;
    if (useTls) {
        Result<CertificateAuthority> ca = CertificateAuthority::open(parser.value(caDir));
        if (!ca) {
            note(ca.error());
            return 1;
        }
        note(QStringLiteral("TLS: clients must trust %1%2 (SHA-256 %3)")
                 .arg(ca->certificatePath(), ca->isNew() ? QStringLiteral(", a CA made just now") : QString(),
                      ca->certificate().sha256Fingerprint()));
        authority = std::make_shared<const CertificateAuthority>(std::move(*ca));
    }

    QString javaWarning;
    auto javaMethods = java.load(parser, javaWarning);
    if (!javaMethods) {
        note(javaMethods.error());
        return 1;
    }
    if (!javaWarning.isEmpty())
        note(QStringLiteral("warning: ") + javaWarning);

    StopSignals stopSignals;
    DecodeOptions options;
    options.buildTree = false;
    options.javaMethods = std::move(javaMethods).value();
    // One session for the printed calls and the calls the rules look at: both name remote objects alike.
    options.objectNames = std::make_shared<ObjectNames>();
    LiveCallPrinter printer(
        stdout, formatName == QLatin1String("jsonl") ? LiveCallPrinter::Format::Jsonl : LiveCallPrinter::Format::Text,
        registry, wallClockSeconds());
    printer.setFlushEachLine(false);
    QObject::connect(QAbstractEventDispatcher::instance(), &QAbstractEventDispatcher::aboutToBlock,
                     [&printer] { printer.flush(); });
    CallMarker marker(printer);
    TrafficDecoder traffic(registry, options, marker);
    std::vector<ByteStreamSink*> sinks {&traffic};
    std::unique_ptr<PcapStreamRecorder> recorder;
    if (parser.isSet(write)) {
        auto created = PcapStreamRecorder::create(parser.value(write));
        if (!created) {
            note(created.error());
            return 1;
        }
        recorder = std::move(created).value();
        sinks.push_back(recorder.get());
    }
    ByteStreamTee tee(sinks);
    RecordingProxy proxy(tee);
    proxy.setCertificateAuthority(authority);
    if (!callRules->empty()) {
        ProxyCallPolicy policy;
        policy.registry = &registry;
        policy.options = options;
        policy.rules = std::make_shared<const CallRuleSet>(std::move(*callRules));
        policy.marker = &marker;
        policy.upstreamSink = recorder.get();
        proxy.setCallPolicy(std::move(policy));
    }
    if (following) {
        ProxyFollowOptions follow;
        follow.registry = &registry;
        follow.options = options;
        follow.bindHost = followHost;
        proxy.setFollowing(std::move(follow));
        QObject::connect(&proxy, &RecordingProxy::endpointFollowed, [&proxy](int index) {
            const FollowedEndpoint& f = proxy.followed(index);
            note(QStringLiteral("following %1 through %2").arg(f.real.toString(), f.listen.toString()));
        });
    }
    const QString keyLog = qEnvironmentVariable("SSLKEYLOGFILE");
    if (useTls && !keyLog.isEmpty()) {
        proxy.setTlsKeyLogFile(keyLog);
        note(QStringLiteral("TLS: appending the session keys to %1 (SSLKEYLOGFILE)").arg(keyLog));
    }
    if (Status started = proxy.start(rules); !started) {
        note(started.error());
        return 1;
    }
    for (int i = 0; i < static_cast<int>(rules.size()); ++i) {
        ProxyRule shown = rules[i];
        shown.listen = proxy.listenAddress(i);
        note(QStringLiteral("listening on %1").arg(shown.describe()));
    }
    QObject::connect(&proxy, &RecordingProxy::problem, [](const QString& message) { note(message); });

    // Unanswered requests become no-reply once the deadline passes, even on connections that stay open.
    QTimer expiry;
    QObject::connect(&expiry, &QTimer::timeout, [&] { traffic.expire(wallClockSeconds(), deadlineSeconds); });
    expiry.start(std::min(1000, static_cast<int>(deadlineSeconds * 500) + 1));
    QObject::connect(&stopSignals, &StopSignals::stopRequested, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();

    proxy.stop();
    traffic.finishAll(wallClockSeconds());
    printer.flush();
    int exitCode = 0;
    if (recorder) {
        if (Status flushed = recorder->flush(); !flushed) {
            note(QStringLiteral("cannot write %1: %2").arg(parser.value(write), flushed.error()));
            exitCode = 1;
        }
    }
    for (int i = 0; i < static_cast<int>(rules.size()); ++i) {
        const ProxyRuleCounters& c = proxy.counters(i);
        note(QStringLiteral("%1: %2 connections (%3 failed), %4 bytes to the server, %5 bytes back")
                 .arg(rules[i].describe())
                 .arg(c.connectionsAccepted)
                 .arg(c.connectionsFailed)
                 .arg(c.bytesClientToServer)
                 .arg(c.bytesServerToClient));
    }
    for (int i = 0; i < proxy.followedCount(); ++i) {
        const ProxyRuleCounters& c = proxy.followedCounters(i);
        note(QStringLiteral("followed %1 → %2: %3 connections (%4 failed), %5 bytes to the server, %6 bytes back")
                 .arg(proxy.followed(i).listen.toString(), proxy.followed(i).real.toString())
                 .arg(c.connectionsAccepted)
                 .arg(c.connectionsFailed)
                 .arg(c.bytesClientToServer)
                 .arg(c.bytesServerToClient));
    }
    if (!traffic.stats().clean())
        note(QStringLiteral("warning: ") + traffic.stats().describeProblems());
    if (!printer.ok()) {
        note(QStringLiteral("cannot write the output"));
        exitCode = 1;
    }
    return exitCode;
}
