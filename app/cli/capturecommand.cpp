// rpcscope-cli capture: live capture with libpcap, printing calls as they complete (like tshark).
#include "commands.h"

#include "decoderregistry.h"
#include "javaoptions.h"
#include "livecallprinter.h"
#include "livecapture.h"
#include "networkinterfaces.h"
#include "stopsignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTimer>

#include <chrono>
#include <cstdio>

using namespace rpcscope;

namespace {

const char kExamples[] = R"TEXT(
Calls are printed the moment their reply is captured (text or jsonl, as 'rpcscope-cli decode'
prints them). A request without a reply becomes no-reply after --deadline seconds or when its
connection closes. Packets the kernel dropped are reported on standard error when the capture ends.

TLS is decrypted with --tls-keylog FILE: start the client with SSLKEYLOGFILE=FILE and each call is
printed as soon as both its reply and its keys are in; connections without keys are listed as
protocol tls, status encrypted, and summed up on standard error at the end.

Capturing needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities: run as root, or grant them once with
  sudo setcap cap_net_raw,cap_net_admin=eip "$(command -v rpcscope-cli)"
The recording proxy ('rpcscope-cli proxy') needs no rights at all.

Examples:
  rpcscope-cli capture --list-interfaces
  rpcscope-cli capture --interface lo --filter 'tcp port 8000'
  rpcscope-cli capture -i eth0 -F 'tcp port 1099' --format jsonl --count 10 --write rmi.pcap
  rpcscope-cli capture -i lo -F 'tcp port 9999' --java-classpath app.jar
  rpcscope-cli capture -i lo -F 'tcp port 8443' --tls-keylog /tmp/keys.log
)TEXT";

int usageError(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli capture: %s\nRun 'rpcscope-cli capture --help' for the options.\n",
                 text.toLocal8Bit().constData());
    return 2;
}

void note(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli capture: %s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

double nowSeconds()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1e6;
}

int listInterfaces()
{
    auto interfaces = listNetworkInterfaces();
    if (!interfaces) {
        note(interfaces.error());
        return 1;
    }
    int number = 0;
    for (const NetworkInterface& iface : *interfaces)
        std::printf("%d. %s\n", ++number, iface.describe().toLocal8Bit().constData());
    return 0;
}

} // namespace

int runCaptureCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Capture live traffic from a network interface and print the XML-RPC, Pyro4, Pyro5 and Java RMI calls in it."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption list({QStringLiteral("D"), QStringLiteral("list-interfaces")},
                                  QStringLiteral("List the interfaces with their addresses and exit."));
    const QCommandLineOption iface({QStringLiteral("i"), QStringLiteral("interface")},
                                   QStringLiteral("Interface to capture on (default: any)."), QStringLiteral("name"),
                                   QStringLiteral("any"));
    const QCommandLineOption filter({QStringLiteral("F"), QStringLiteral("filter")},
                                    QStringLiteral("BPF capture filter, e.g. 'tcp port 8000'."),
                                    QStringLiteral("expression"));
    const QCommandLineOption write({QStringLiteral("w"), QStringLiteral("write")},
                                   QStringLiteral("Also write the captured packets to this pcap file."),
                                   QStringLiteral("file"));
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")},
                                    QStringLiteral("Output format: text (default) or jsonl."), QStringLiteral("format"),
                                    QStringLiteral("text"));
    const QCommandLineOption count({QStringLiteral("c"), QStringLiteral("count")},
                                   QStringLiteral("Stop after this many calls."), QStringLiteral("N"));
    const QCommandLineOption duration({QStringLiteral("a"), QStringLiteral("duration")},
                                      QStringLiteral("Stop after this many seconds."), QStringLiteral("seconds"));
    const QCommandLineOption deadline(QStringLiteral("deadline"),
                                      QStringLiteral("Seconds after which an unanswered request is no-reply (30)."),
                                      QStringLiteral("seconds"), QStringLiteral("30"));
    const QCommandLineOption immediate(QStringLiteral("immediate"),
                                       QStringLiteral("libpcap immediate mode: each packet at once (drops more under "
                                                      "load; by default packets wait at most 10 ms)."));
    const QCommandLineOption keylog(
        QStringLiteral("tls-keylog"),
        QStringLiteral("Decrypt TLS with the secrets in this key log, read again as the client appends to it (it "
                       "need not exist yet; repeatable)."),
        QStringLiteral("file"));
    const JavaOptions java;
    parser.addOptions({help, list, iface, filter, write, format, count, duration, deadline, immediate, keylog});
    parser.addOptions(java.options());
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        const QByteArray text = parser.helpText().toLocal8Bit() + kExamples;
        std::fwrite(text.constData(), 1, text.size(), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1' (filters go in --filter)")
                              .arg(parser.positionalArguments().first()));
    if (parser.isSet(list))
        return listInterfaces();

    const QString formatName = parser.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("jsonl"))
        return usageError(QStringLiteral("unknown format '%1' (use text or jsonl)").arg(formatName));
    qint64 maxCalls = -1;
    if (parser.isSet(count)) {
        bool ok = false;
        maxCalls = parser.value(count).toLongLong(&ok);
        if (!ok || maxCalls <= 0)
            return usageError(QStringLiteral("--count needs a positive number"));
    }
    double seconds = -1;
    if (parser.isSet(duration)) {
        bool ok = false;
        seconds = parser.value(duration).toDouble(&ok);
        if (!ok || seconds <= 0)
            return usageError(QStringLiteral("--duration needs a positive number of seconds"));
    }
    LiveCaptureOptions options;
    QString javaWarning;
    auto javaMethods = java.load(parser, javaWarning);
    if (!javaMethods) {
        note(javaMethods.error());
        return 1;
    }
    if (!javaWarning.isEmpty())
        note(QStringLiteral("warning: ") + javaWarning);
    options.decode.javaMethods = std::move(javaMethods).value();
    options.interfaceName = parser.value(iface);
    options.filter = parser.value(filter);
    options.writePath = parser.value(write);
    options.immediate = parser.isSet(immediate);
    options.tlsKeyLogs = parser.values(keylog);
    options.keepTlsRecords = false; // calls are printed, not kept: the connection is all they need
    bool deadlineOk = false;
    options.noReplyDeadline = parser.value(deadline).toDouble(&deadlineOk);
    if (!deadlineOk || options.noReplyDeadline <= 0)
        return usageError(QStringLiteral("--deadline needs a positive number of seconds"));
    // A wrong filter is reported before anything is opened, in libpcap's words.
    if (Status valid = validateBpfFilter(options.filter); !valid) {
        note(QStringLiteral("invalid capture filter '%1': %2").arg(options.filter, valid.error()));
        return 2;
    }

    StopSignals stopSignals;
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    LiveCallPrinter printer(
        stdout, formatName == QLatin1String("jsonl") ? LiveCallPrinter::Format::Jsonl : LiveCallPrinter::Format::Text,
        registry, nowSeconds());
    printer.setLimit(maxCalls);
    auto started = LiveCapture::start(options, printer);
    if (!started) {
        note(started.error());
        return 1;
    }
    LiveCapture& capture = **started;
    note(QStringLiteral("capturing on %1%2")
             .arg(options.interfaceName,
                  options.filter.isEmpty() ? QString() : QStringLiteral(" (filter: %1)").arg(options.filter)));

    // The capture thread prints; the main thread only watches for the end: Ctrl-C, --count, --duration, an error.
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, [&] {
        if (!capture.isRunning() || (maxCalls > 0 && printer.printed() >= maxCalls) || !printer.ok())
            QCoreApplication::quit();
    });
    watch.start(20);
    if (seconds > 0)
        QTimer::singleShot(static_cast<int>(seconds * 1000), qApp, &QCoreApplication::quit);
    QObject::connect(&stopSignals, &StopSignals::stopRequested, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();
    capture.stop();

    const LiveCaptureStats stats = capture.stats();
    note(QStringLiteral("%1 packets, %2 calls, %3 dropped by the kernel, %4 by the interface")
             .arg(stats.packets)
             .arg(stats.calls)
             .arg(stats.kernelDrops)
             .arg(stats.interfaceDrops));
    if (!stats.traffic.clean())
        note(QStringLiteral("warning: ") + stats.traffic.describeProblems());
    const QString howToGetKeys = options.tlsKeyLogs.isEmpty()
        ? QStringLiteral("Decrypt them with --tls-keylog FILE and start the client with SSLKEYLOGFILE=FILE (Python's "
                         "ssl, curl, OpenSSL, Firefox and Chrome write their TLS secrets there).")
        : QStringLiteral("The client must write its secrets to the --tls-keylog file (SSLKEYLOGFILE=FILE) while "
                         "the capture runs.");
    for (const QString& line : stats.tls.describe(howToGetKeys))
        note(line);
    if (!stats.error.isEmpty()) {
        note(stats.error);
        return 1;
    }
    if (!printer.ok()) {
        note(QStringLiteral("cannot write the output"));
        return 1;
    }
    return 0;
}
