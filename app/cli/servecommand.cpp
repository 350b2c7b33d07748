// rpcscope-cli serve: the built-in XML-RPC server and Pyro4 daemon, until SIGINT/SIGTERM.
#include "commands.h"

#include "certs/certificateauthority.h"
#include "decoderregistry.h"
#include "intercept/answerbook.h"
#include "intercept/ruleload.h"
#include "recordedcalls.h"
#include "server/mockserver.h"
#include "server/pyro4daemon.h"
#include "server/servertls.h"
#include "server/xmlrpcserver.h"
#include "stopsignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <optional>

using namespace rpcscope;

namespace {

const char kDetails[] = R"(
Without --xmlrpc or --pyro both servers start on loopback, each on a free port. Once a server is
ready one line is printed on standard output (the port is the real one when 0 was asked for):
  xmlrpc http://127.0.0.1:PORT/RPC2
  pyro PYRO:example.greeting@127.0.0.1:PORT
XML-RPC methods: add, echo, types, fault, sleep, system.listMethods, system.methodSignature,
system.methodHelp, system.multicall. Pyro4 objects: example.greeting (get_fortune),
example.calculator (add, divide), Pyro.Daemon. Ctrl-C (SIGINT or SIGTERM) stops the servers.

With --tls both servers speak TLS (the XML-RPC line then says https://; Pyro4 clients set
Pyro4.config.SSL = True). The certificate is --cert FILE with --key FILE (PEM), or else one made at
start for localhost, 127.0.0.1, ::1 and the listen addresses, signed by RpcScope's CA, which clients
must trust: 'rpcscope-cli ca --export FILE' writes it (see 'rpcscope-cli ca --help').

With --mock CAPTURE (a pcap/pcapng, or calls.jsonl written by rpcscope-cli; repeatable) the servers
answer from the recorded calls instead: each call gets the recorded answer to the same protocol,
object, method and arguments; without one, the latest recorded answer to that method; without any,
a fault naming the call: no recorded answer for never_recorded(1). Recorded faults and exceptions
are answered as such. Every --xmlrpc and --pyro address (or, without them, one free port on
loopback, printed as "mock HOST:PORT") then answers XML-RPC and Pyro4 alike; Pyro4's handshake is
answered as recorded, with the client's sequence numbers and serializer. --mock-latency recorded
replays each call's recorded latency; --rule and --rules apply the proxy's rules first (see
'rpcscope-cli proxy --help'). Java RMI calls cannot be mocked.

Examples:
  rpcscope-cli serve
  rpcscope-cli serve --xmlrpc 127.0.0.1:8080 --pyro :9090 --log
  rpcscope-cli serve --tls --xmlrpc :8443 --pyro :9443
  rpcscope-cli serve --tls --cert server.pem --key server-key.pem
  rpcscope-cli serve --mock calls.pcap --xmlrpc :8080 --mock-latency recorded
  rpcscope-cli serve --mock calls.jsonl --pyro :9090 --rule 'method:divide => fault ZeroDivisionError "no"'
)";

struct HostPort
{
    QHostAddress address;
    quint16 port = 0;
};

// "HOST:PORT", ":PORT" (loopback), "PORT", or "[v6]:PORT".
std::optional<HostPort> parseHostPort(const QString& text)
{
    QString host;
    QString port = text;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1String("]:"));
        if (close < 0)
            return std::nullopt;
        host = text.mid(1, close - 1);
        port = text.mid(close + 2);
    } else if (const qsizetype colon = text.lastIndexOf(QLatin1Char(':')); colon >= 0) {
        host = text.left(colon);
        port = text.mid(colon + 1);
    }
    bool ok = false;
    const uint number = port.toUInt(&ok);
    if (!ok || number > 65535)
        return std::nullopt;
    HostPort out;
    out.port = quint16(number);
    if (host.isEmpty() || host == QLatin1String("localhost"))
        out.address = QHostAddress(QHostAddress::LocalHost);
    else if (!out.address.setAddress(host))
        return std::nullopt;
    return out;
}

int usageError(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli serve: %s\nRun 'rpcscope-cli serve --help' for the options.\n",
                 text.toLocal8Bit().constData());
    return 2;
}

void logCall(const Call& call)
{
    QString what = call.object().isEmpty() ? call.method() : call.object() + QLatin1Char('.') + call.method();
    QString outcome;
    if (call.status == CallStatus::Ok)
        outcome = call.result().toDisplayString(80);
    else if (call.fault())
        outcome = QStringLiteral("%1: %2").arg(call.fault()->code.toDisplayString(60), call.fault()->message);
    std::fprintf(stderr, "%s %s %s -> %s %s\n", qPrintable(call.protocol), qPrintable(call.client.toString()),
                 qPrintable(what), qPrintable(statusName(call.status)), qPrintable(outcome));
    std::fflush(stderr);
}

void printLine(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli serve: %s\n", qPrintable(text));
    std::fflush(stderr);
}

int runMock(const QCommandLineParser& parser, const QStringList& files, const QCommandLineOption& latency,
            const QCommandLineOption& rule, const QCommandLineOption& rulesFile, const QCommandLineOption& xmlrpc,
            const QCommandLineOption& pyro, const QCommandLineOption& log, const QCommandLineOption& tls,
            const QCommandLineOption& idleTimeout)
{
    if (parser.isSet(tls))
        return usageError(QStringLiteral("--mock does not speak TLS yet: put 'rpcscope-cli proxy --tls' in front"));
    const QString latencyMode = parser.value(latency);
    if (latencyMode != QLatin1String("recorded") && latencyMode != QLatin1String("none"))
        return usageError(QStringLiteral("--mock-latency is 'recorded' or 'none', not '%1'").arg(latencyMode));
    std::vector<HostPort> listens;
    std::vector<QString> kinds;
    for (const QCommandLineOption* option : {&xmlrpc, &pyro}) {
        for (const QString& value : parser.values(*option)) {
            const std::optional<HostPort> at = parseHostPort(value);
            if (!at)
                return usageError(QStringLiteral("--%1 wants HOST:PORT, not '%2'").arg(option->names().first(), value));
            listens.push_back(*at);
            kinds.push_back(option->names().first());
        }
    }
    if (listens.empty()) {
        listens.push_back(HostPort {QHostAddress(QHostAddress::LocalHost), 0});
        kinds.push_back(QString());
    }
    int idleMs = ConnectionLimits {}.idleTimeoutMs;
    if (parser.isSet(idleTimeout)) {
        bool ok = false;
        const double seconds = parser.value(idleTimeout).toDouble(&ok);
        if (!ok || !(seconds > 0) || seconds > 86400)
            return usageError(QStringLiteral("--idle-timeout wants seconds (more than 0, at most 86400)"));
        idleMs = std::max(1, int(seconds * 1000));
    }

    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    Result<std::vector<CallRule>> rules = loadCallRules(parser.values(rule), parser.values(rulesFile), registry);
    if (!rules) {
        printLine(rules.error());
        return 2;
    }
    auto book = std::make_shared<AnswerBook>();
    for (const QString& file : files) {
        Result<int> added = loadRecordedCalls(file, registry, *book);
        if (!added) {
            printLine(added.error());
            return 2;
        }
        if (*added == 0)
            printLine(QStringLiteral("warning: %1 holds no answered call").arg(file));
    }
    if (book->isEmpty()) {
        printLine(QStringLiteral("no recorded call to answer with: every call will get a 'no recorded answer' fault"));
    }
    QStringList counts;
    const QHash<QString, int> byProtocol = book->protocolCounts();
    for (auto it = byProtocol.constBegin(); it != byProtocol.constEnd(); ++it)
        counts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    counts.sort();
    if (byProtocol.contains(QStringLiteral("jrmp")))
        printLine(QStringLiteral("warning: the recorded Java RMI calls cannot be mocked and are not answered"));

    StopSignals stop;
    std::vector<std::unique_ptr<MockServer>> servers;
    const std::shared_ptr<const CallRuleSet> ruleSet = std::make_shared<const CallRuleSet>(std::move(*rules));
    for (std::size_t i = 0; i < listens.size(); ++i) {
        auto server = std::make_unique<MockServer>(registry, book);
        server->setRules(ruleSet);
        server->setReplayLatency(latencyMode == QLatin1String("recorded"));
        ConnectionLimits limits;
        limits.idleTimeoutMs = idleMs;
        server->setLimits(limits);
        QObject::connect(server.get(), &MockServer::problem, [](const QString& message) { printLine(message); });
        if (parser.isSet(log)) {
            QObject::connect(server.get(), &MockServer::callAnswered,
                             [](const QString& protocol, const QString& call, const QString& how) {
                                 printLine(QStringLiteral("%1 %2 -> %3").arg(protocol, call, how));
                             });
        }
        if (Status s = server->listen(listens[i].address, listens[i].port); !s) {
            printLine(s.error());
            return 2;
        }
        const QString host = server->address().protocol() == QAbstractSocket::IPv6Protocol
            ? QStringLiteral("[%1]").arg(server->address().toString())
            : server->address().toString();
        const QString at = QStringLiteral("%1:%2").arg(host).arg(server->port());
        std::printf("mock %s (%s)\n", qPrintable(at),
                    qPrintable(counts.isEmpty() ? QStringLiteral("no calls") : counts.join(QStringLiteral(", "))));
        if (kinds[i] == QLatin1String("xmlrpc"))
            std::printf("xmlrpc http://%s/RPC2\n", qPrintable(at));
        else if (kinds[i] == QLatin1String("pyro"))
            std::printf("pyro %s\n", qPrintable(at));
        servers.push_back(std::move(server));
    }
    std::fflush(stdout);
    QObject::connect(&stop, &StopSignals::stopRequested, QCoreApplication::instance(), &QCoreApplication::quit);
    QCoreApplication::exec();
    return 0;
}

} // namespace

int runServeCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run the built-in XML-RPC and Pyro4 test servers."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption xmlrpc(QStringLiteral("xmlrpc"),
                                    QStringLiteral("Serve XML-RPC on HOST:PORT (:PORT for loopback, 0 for a free "
                                                   "port)."),
                                    QStringLiteral("host:port"));
    const QCommandLineOption pyro(QStringLiteral("pyro"), QStringLiteral("Serve Pyro4 on HOST:PORT."),
                                  QStringLiteral("host:port"));
    const QCommandLineOption log(QStringLiteral("log"), QStringLiteral("Print each served call on standard error."));
    const QCommandLineOption maxBytes(QStringLiteral("max-message-bytes"),
                                      QStringLiteral("Largest request accepted per message (16 MiB)."),
                                      QStringLiteral("bytes"));
    const QCommandLineOption idleTimeout(QStringLiteral("idle-timeout"),
                                         QStringLiteral("Close a connection that sends nothing for this long (120)."),
                                         QStringLiteral("seconds"));
    const QCommandLineOption requestTimeout(QStringLiteral("request-timeout"),
                                            QStringLiteral("Give up on a request not complete this long after its "
                                                           "first byte: XML-RPC answers 408, Pyro4 closes (30)."),
                                            QStringLiteral("seconds"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Speak TLS on every listener."));
    const QCommandLineOption cert(QStringLiteral("cert"),
                                  QStringLiteral("With --tls: the server's certificate chain (PEM; may hold the key "
                                                 "too)."),
                                  QStringLiteral("file"));
    const QCommandLineOption key(QStringLiteral("key"), QStringLiteral("With --tls: the key of --cert (PEM)."),
                                 QStringLiteral("file"));
    const QCommandLineOption caDir(QStringLiteral("ca-dir"),
                                   QStringLiteral("With --tls and no --cert: RpcScope's CA directory (default: %1).")
                                       .arg(CertificateAuthority::defaultDirectory()),
                                   QStringLiteral("dir"));
    const QCommandLineOption mock(QStringLiteral("mock"),
                                  QStringLiteral("Answer from the calls recorded in FILE (pcap, pcapng or jsonl; "
                                                 "repeatable)."),
                                  QStringLiteral("file"));
    const QCommandLineOption mockLatency(QStringLiteral("mock-latency"),
                                         QStringLiteral("With --mock: 'recorded' answers after each call's recorded "
                                                        "latency, 'none' at once (default)."),
                                         QStringLiteral("recorded|none"), QStringLiteral("none"));
    const QCommandLineOption rule(QStringLiteral("rule"),
                                  QStringLiteral("With --mock: change matching calls first, 'FILTER => ACTION' "
                                                 "(repeatable)."),
                                  QStringLiteral("rule"));
    const QCommandLineOption rulesFile(QStringLiteral("rules"), QStringLiteral("With --mock: rules from FILE."),
                                       QStringLiteral("file"));
    parser.addOptions({help, xmlrpc, pyro, log, maxBytes, idleTimeout, requestTimeout, tls, cert, key, caDir, mock,
                       mockLatency, rule, rulesFile});
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        std::printf("%s%s", qPrintable(parser.helpText()), kDetails);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));

    if (parser.isSet(mock))
        return runMock(parser, parser.values(mock), mockLatency, rule, rulesFile, xmlrpc, pyro, log, tls, idleTimeout);
    if (parser.isSet(mockLatency) || parser.isSet(rule) || parser.isSet(rulesFile))
        return usageError(QStringLiteral("--mock-latency, --rule and --rules go with --mock"));

    const bool both = !parser.isSet(xmlrpc) && !parser.isSet(pyro);
    std::optional<HostPort> xmlrpcAt;
    std::optional<HostPort> pyroAt;
    if (both || parser.isSet(xmlrpc)) {
        xmlrpcAt = parser.isSet(xmlrpc) ? parseHostPort(parser.value(xmlrpc)) : HostPort {QHostAddress::LocalHost, 0};
        if (!xmlrpcAt)
            return usageError(QStringLiteral("--xmlrpc wants HOST:PORT, not '%1'").arg(parser.value(xmlrpc)));
    }
    if (both || parser.isSet(pyro)) {
        pyroAt = parser.isSet(pyro) ? parseHostPort(parser.value(pyro)) : HostPort {QHostAddress::LocalHost, 0};
        if (!pyroAt)
            return usageError(QStringLiteral("--pyro wants HOST:PORT, not '%1'").arg(parser.value(pyro)));
    }
    qint64 limit = 16 * 1024 * 1024;
    if (parser.isSet(maxBytes)) {
        bool ok = false;
        limit = parser.value(maxBytes).toLongLong(&ok);
        if (!ok || limit <= 0)
            return usageError(QStringLiteral("--max-message-bytes wants a positive number"));
    }

    // Seconds as the user thinks of them, fractions allowed; milliseconds inside, at most a day.
    auto milliseconds = [&](const QCommandLineOption& option, int fallback) -> std::optional<int> {
        if (!parser.isSet(option))
            return fallback;
        bool ok = false;
        const double seconds = parser.value(option).toDouble(&ok);
        if (!ok || !(seconds > 0) || seconds > 86400)
            return std::nullopt;
        return std::max(1, int(seconds * 1000));
    };
    const std::optional<int> idleMs = milliseconds(idleTimeout, XmlRpcServer::Limits {}.idleTimeoutMs);
    if (!idleMs)
        return usageError(QStringLiteral("--idle-timeout wants seconds (more than 0, at most 86400), not '%1'")
                              .arg(parser.value(idleTimeout)));
    const std::optional<int> requestMs = milliseconds(requestTimeout, XmlRpcServer::Limits {}.requestTimeoutMs);
    if (!requestMs)
        return usageError(QStringLiteral("--request-timeout wants seconds (more than 0, at most 86400), not '%1'")
                              .arg(parser.value(requestTimeout)));

    if (!parser.isSet(tls) && (parser.isSet(cert) || parser.isSet(key) || parser.isSet(caDir)))
        return usageError(QStringLiteral("--cert, --key and --ca-dir go with --tls"));
    if (parser.isSet(key) && !parser.isSet(cert))
        return usageError(QStringLiteral("--key needs --cert"));
    if (parser.isSet(cert) && parser.isSet(caDir))
        return usageError(QStringLiteral("--ca-dir makes a certificate; it cannot be used with --cert"));
    std::optional<QSslConfiguration> tlsConfiguration;
    if (parser.isSet(tls)) {
        Result<ServerIdentity> identity = Error {};
        QString origin;
        if (parser.isSet(cert)) {
            identity = ServerIdentity::readPemFiles(parser.value(cert),
                                                    parser.isSet(key) ? parser.value(key) : parser.value(cert));
            origin = parser.value(cert);
        } else {
            Result<CertificateAuthority> ca = CertificateAuthority::open(parser.value(caDir));
            if (!ca) {
                std::fprintf(stderr, "rpcscope-cli serve: %s\n", qPrintable(ca.error()));
                return 2;
            }
            QStringList names {QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
            for (const std::optional<HostPort>& at : {xmlrpcAt, pyroAt}) {
                const QString address = at ? at->address.toString() : QString();
                if (at && !at->address.isLoopback() && at->address != QHostAddress::Any
                    && at->address != QHostAddress::AnyIPv6 && at->address != QHostAddress::AnyIPv4
                    && !names.contains(address))
                    names << address;
            }
            identity = ca->issueServerIdentity(names);
            origin = QStringLiteral("a certificate for %1 signed by RpcScope's CA; clients trust %2")
                         .arg(names.join(QStringLiteral(", ")), ca->certificatePath());
        }
        if (!identity) {
            std::fprintf(stderr, "rpcscope-cli serve: %s\n", qPrintable(identity.error()));
            return 2;
        }
        Result<QSslConfiguration> configuration = serverTlsConfiguration(*identity);
        if (!configuration) {
            std::fprintf(stderr, "rpcscope-cli serve: %s\n", qPrintable(configuration.error()));
            return 2;
        }
        tlsConfiguration = *configuration;
        std::fprintf(stderr, "rpcscope-cli serve: TLS with %s\n", qPrintable(origin));
    }

    StopSignals stop; // before anything could start a thread
    XmlRpcServer xmlrpcServer;
    Pyro4Daemon pyroDaemon;
    if (parser.isSet(log)) {
        QObject::connect(&xmlrpcServer, &XmlRpcServer::callServed, &logCall);
        QObject::connect(&pyroDaemon, &Pyro4Daemon::callServed, &logCall);
        auto refused = [](const QString& why) {
            std::fprintf(stderr, "rpcscope-cli serve: %s\n", qPrintable(why));
            std::fflush(stderr);
        };
        QObject::connect(&xmlrpcServer, &XmlRpcServer::connectionRefused, refused);
        QObject::connect(&pyroDaemon, &Pyro4Daemon::connectionRefused, refused);
    }
    if (Status s = xmlrpcServer.setTls(tlsConfiguration); !s)
        return usageError(s.error());
    if (Status s = pyroDaemon.setTls(tlsConfiguration); !s)
        return usageError(s.error());
    if (xmlrpcAt) {
        XmlRpcServer::Limits limits;
        limits.maxRequestBytes = limit;
        limits.idleTimeoutMs = *idleMs;
        limits.requestTimeoutMs = *requestMs;
        xmlrpcServer.setLimits(limits);
        if (Status s = xmlrpcServer.listen(xmlrpcAt->address, xmlrpcAt->port); !s) {
            std::fprintf(stderr, "rpcscope-cli serve: %s\n", qPrintable(s.error()));
            return 2;
        }
        std::printf("xmlrpc %s\n", qPrintable(xmlrpcServer.url()));
    }
    if (pyroAt) {
        Pyro4Daemon::Limits limits;
        limits.maxMessageBytes = limit;
        limits.idleTimeoutMs = *idleMs;
        limits.requestTimeoutMs = *requestMs;
        pyroDaemon.setLimits(limits);
        if (Status s = pyroDaemon.listen(pyroAt->address, pyroAt->port); !s) {
            std::fprintf(stderr, "rpcscope-cli serve: %s\n", qPrintable(s.error()));
            return 2;
        }
        std::printf("pyro %s\n", qPrintable(pyroDaemon.uri()));
    }
    std::fflush(stdout);
    QObject::connect(&stop, &StopSignals::stopRequested, QCoreApplication::instance(), &QCoreApplication::quit);
    QCoreApplication::exec();
    xmlrpcServer.close();
    pyroDaemon.close();
    return 0;
}
