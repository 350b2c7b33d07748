// rpcscope-cli call: send one XML-RPC or Pyro (4 or 5) call and print its result as JSON.
#include "commands.h"

#include "client/argumentliteral.h"
#include "client/callexchange.h"
#include "jsonwriter.h"

#include <QCommandLineParser>
#include <QFile>

#include <cstdio>

using namespace rpcscope;

namespace {

const char kDetails[] = R"(
URL is http(s)://host:port/path for XML-RPC, or PYRO:object@host:port for Pyro (--tls for Pyro over
SSL). PYRONAME:name[@host[:port]] first asks the name server (localhost:9090 unless given) for the
object's URI, then calls it. Pyro speaks Pyro5 and, when the server does not, Pyro4; standard error
says which was used. --pyro-version 4 or 5 speaks only that version.

TLS verifies the server's certificate against the system's CAs, or only the CAs in --cacert FILE
(for RpcScope's own test servers and proxy: 'rpcscope-cli ca --export FILE'); --insecure skips
the check. A certificate that is not accepted is a transport error that names the problem.

Each ARG is a typed literal: 3 (int), 3.5 or 2.0 (double), true/false, null, a JSON array or object
(2.0 in it stays a double), anything else a string; the JSON forms the output uses read back as
what they stand for: '{"decimal":"9876543210.0123456789"}' (ex:bigdecimal), '{"double":"NaN"}',
'{"base64":"AGk="}', '{"datetime":"20240102T03:04:05"}'. --string sends every ARG as a string.
--raw FILE sends that file as the XML-RPC body as is (in any encoding its XML declaration names).

The result is printed as JSON on standard output (exit 0). A fault or remote exception is printed
on standard error (exit 1); a transport error (refused, timeout, HTTP error, bad reply) exits 2.

Examples:
  rpcscope-cli call http://127.0.0.1:8080/RPC2 add 3 4
  rpcscope-cli call http://127.0.0.1:8080/RPC2 echo '{"a":[1,2.5,null]}'
  rpcscope-cli call PYRO:example.greeting@127.0.0.1:9090 get_fortune letian
  rpcscope-cli call --serializer json PYRO:example.calculator@127.0.0.1:9090 divide 7 2
  rpcscope-cli call --pyro-version 5 --serializer msgpack PYRO:example.greeting@127.0.0.1:9091 get_fortune me
  rpcscope-cli call PYRONAME:example.greeting@127.0.0.1:9090 get_fortune letian
  rpcscope-cli call --cacert rpcscope-ca-cert.pem https://localhost:8443/RPC2 add 3 4
  rpcscope-cli call --tls --cacert rpcscope-ca-cert.pem PYRO:example.greeting@127.0.0.1:9443 get_fortune me
)";

int usageError(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli call: %s\nRun 'rpcscope-cli call --help' for the options.\n",
                 text.toLocal8Bit().constData());
    return 2;
}

} // namespace

int runCallCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Send one XML-RPC or Pyro call and print the result."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption asString(QStringLiteral("string"), QStringLiteral("Send every ARG as a string."));
    const QCommandLineOption raw(QStringLiteral("raw"), QStringLiteral("Send FILE as the XML-RPC request body."),
                                 QStringLiteral("file"));
    const QCommandLineOption serializer(QStringLiteral("serializer"),
                                        QStringLiteral("Pyro serializer: serpent (default), json, marshal or "
                                                       "(Pyro5) msgpack."),
                                        QStringLiteral("name"), QStringLiteral("serpent"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Seconds to wait for the reply (10)."),
                                     QStringLiteral("seconds"), QStringLiteral("10"));
    const QCommandLineOption pyroVersion(QStringLiteral("pyro-version"),
                                         QStringLiteral("Pyro: speak only this version, 4 or 5 (default: Pyro5, "
                                                        "else Pyro4)."),
                                         QStringLiteral("4|5"));
    const QCommandLineOption tls(QStringLiteral("tls"), QStringLiteral("Pyro: connect with TLS (Pyro's SSL)."));
    const QCommandLineOption cacert(QStringLiteral("cacert"),
                                    QStringLiteral("TLS: trust only the CAs in this PEM file (not the system's)."),
                                    QStringLiteral("file"));
    const QCommandLineOption insecure({QStringLiteral("k"), QStringLiteral("insecure")},
                                      QStringLiteral("TLS: do not verify the server's certificate."));
    parser.addOptions({help, asString, raw, serializer, pyroVersion, timeout, tls, cacert, insecure});
    parser.addPositionalArgument(QStringLiteral("URL"),
                                 QStringLiteral("http(s)://…, PYRO:object@host:port or PYRONAME:name[@host:port]"));
    parser.addPositionalArgument(QStringLiteral("METHOD"), QStringLiteral("Method name (not with --raw)."));
    parser.addPositionalArgument(QStringLiteral("ARG"), QStringLiteral("Arguments."), QStringLiteral("[ARG…]"));
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        std::printf("%s%s", qPrintable(parser.helpText()), kDetails);
        return 0;
    }
    QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return usageError(QStringLiteral("a URL is required"));

    ComposedCall call;
    call.endpoint = positional.takeFirst();
    call.serializer = parser.value(serializer);
    bool ok = false;
    const double seconds = parser.value(timeout).toDouble(&ok);
    if (!ok || seconds <= 0)
        return usageError(QStringLiteral("--timeout wants a positive number of seconds"));
    call.timeoutMs = int(seconds * 1000);
    if (parser.isSet(pyroVersion)) {
        const QString v = parser.value(pyroVersion);
        if (v != QLatin1String("4") && v != QLatin1String("5"))
            return usageError(QStringLiteral("--pyro-version wants 4 or 5, not '%1'").arg(v));
        if (!call.isPyro())
            return usageError(QStringLiteral("--pyro-version is for PYRO: and PYRONAME: URIs"));
        call.pyroVersion = v.toInt();
    }
    if (parser.isSet(tls) && !call.isPyro())
        return usageError(QStringLiteral("--tls is for PYRO: URIs; XML-RPC uses TLS with an https:// URL"));
    if (parser.isSet(cacert) && parser.isSet(insecure))
        return usageError(QStringLiteral("--cacert and --insecure exclude each other"));
    call.pyroTls = parser.isSet(tls);
    call.caFile = parser.value(cacert);
    call.insecure = parser.isSet(insecure);
    if ((!call.caFile.isEmpty() || call.insecure) && !call.usesTls())
        return usageError(call.isPyro() ? QStringLiteral("--cacert and --insecure need --tls for a PYRO: URI")
                                        : QStringLiteral("--cacert and --insecure are for https:// URLs"));

    if (parser.isSet(raw)) {
        if (call.isPyro())
            return usageError(QStringLiteral("--raw sends an XML-RPC body; it cannot be used with a PYRO: URI"));
        if (!positional.isEmpty())
            return usageError(QStringLiteral("--raw takes the method and arguments from the file"));
        QFile file(parser.value(raw));
        if (!file.open(QIODevice::ReadOnly))
            return usageError(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        call.rawBody = file.readAll();
        if (call.rawBody.isEmpty())
            return usageError(QStringLiteral("%1 is empty").arg(file.fileName()));
    } else {
        if (positional.isEmpty())
            return usageError(QStringLiteral("a METHOD is required"));
        call.method = positional.takeFirst();
        for (const QString& text : positional) {
            Result<RpcValue> value = parseArgumentLiteral(text, parser.isSet(asString));
            if (!value)
                return usageError(value.error());
            call.params.push_back(std::move(*value));
        }
    }

    const CallOutcome outcome = CallExchange::run(call);
    if (call.isPyro() && outcome.pyroVersion != 0) {
        // Standard output is the result alone; how it was reached goes to standard error.
        if (!outcome.resolvedUri.isEmpty())
            std::fprintf(stderr, "rpcscope-cli call: %s is %s\n", qPrintable(call.endpoint),
                         qPrintable(outcome.resolvedUri));
        if (call.pyroVersion == 0) {
            std::fprintf(stderr, "rpcscope-cli call: used Pyro%d%s\n", outcome.pyroVersion,
                         outcome.pyroFellBack ? " (the server did not accept Pyro5)" : "");
        }
    }
    QByteArray out;
    JsonWriter json(out);
    switch (outcome.kind) {
    case CallOutcomeKind::Ok:
        writeRpcValue(json, outcome.result);
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
        std::fputc('\n', stdout);
        return 0;
    case CallOutcomeKind::Fault:
    case CallOutcomeKind::RemoteException: {
        const RpcFault fault = outcome.fault.value_or(RpcFault {});
        json.beginObject();
        json.key(QLatin1StringView(outcome.kind == CallOutcomeKind::Fault ? "fault" : "exception"));
        json.beginObject();
        json.key(QLatin1StringView("code"));
        writeRpcValue(json, fault.code);
        json.key(QLatin1StringView("message"));
        json.string(fault.message);
        if (!fault.detail.isEmpty()) {
            json.key(QLatin1StringView("detail"));
            json.string(fault.detail);
        }
        json.endObject();
        json.endObject();
        std::fwrite(out.constData(), 1, size_t(out.size()), stderr);
        std::fputc('\n', stderr);
        return 1;
    }
    default:
        std::fprintf(
            stderr, "rpcscope-cli call: %s: %s%s\n", qPrintable(outcomeName(outcome.kind)), qPrintable(outcome.error),
            outcome.certificateRejected ? " (trust its CA with --cacert FILE, or skip the check with --insecure)" : "");
        return 2;
    }
}
