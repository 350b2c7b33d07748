// rpcscope-cli decode: a capture file (or standard input) → calls, printed one per line in request order.
#include "commands.h"

#include "callformat.h"
#include "decoderregistry.h"
#include "javaoptions.h"
#include "jsonwriter.h"
#include "orderedcallemitter.h"
#include "packetprocessor.h"
#include "paralleltrafficdecoder.h"
#include "pcapfilesource.h"
#include "pcapngsecrets.h"
#include "tlsdecryptingsink.h"
#include "tlskeysource.h"
#include "trafficdecoder.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QStringList>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

using namespace rpcscope;

namespace {

const char kExamples[] = R"TEXT(
Output:
  text   one line per call, like tshark: number, time since the first packet, client -> server,
         protocol, method, status, latency, and a short summary of arguments and result.
  jsonl  one JSON object per line and call, in the order of the requests, with the keys protocol,
         client, server, start, latency_ms, method, object, params, result, fault, status
         (and calls for multicall/batch members, kwargs for Pyro4's keyword arguments,
         tls for TLS that was not decrypted, request_tree and response_tree with --tree).

Problems that cost data (gaps in the capture, malformed messages, IP fragments, a capture cut
short or damaged, an unsupported link-layer type) are summed up on standard error; the exit code
stays 0. A file that cannot be opened or is not a capture exits with 1, wrong options with 2.

TLS is decrypted on any port with the secrets of a key log (--tls-keylog, or the Decryption
Secrets Block of a pcapng file as 'editcap --inject-secrets tls,KEYS' writes it): clients write
one when the SSLKEYLOGFILE environment variable names a file (Python, curl, OpenSSL, browsers).
TLS connections that cannot be decrypted are listed as protocol tls, status encrypted, and
standard error says how many, to which server names, and why.

Examples:
  rpcscope-cli decode traffic.pcap
  rpcscope-cli decode traffic.pcapng --format jsonl > calls.jsonl
  rpcscope-cli decode traffic.pcap --format jsonl --tree | head -1
  tcpdump -i lo -U -w - 'tcp port 8000' | rpcscope-cli decode -
  ssh HOST tcpdump -U -w - 'tcp port 8080' | rpcscope-cli decode -
  rpcscope-cli decode rmi.pcap --java-signatures hello.signatures
  rpcscope-cli decode rmi.pcap --java-classpath build/classes:lib/api.jar
  rpcscope-cli decode https.pcap --tls-keylog keys.log
  SSLKEYLOGFILE=keys.log python3 client.py   # ... while tcpdump writes https.pcap

Java RMI: a registry lookup names the object it returns, so later calls to that object on any
connection show it as "GreetingMaker (Greeting)". The JDK's remote interfaces (registry, DGC,
activation, JMX over RMI: jconsole, VisualVM, JMX exporters) read by name without options; give
the classes of your own remote interfaces with --java-classpath (or their signatures with
--java-signatures) to name their methods and type their arguments and results.

From a pipe (- or a FIFO) each call is printed as soon as its reply is in; a request still
unanswered 30 s (capture time) later is printed as no-reply.

A capture file is decoded on every core (--threads): connections are shared out among threads,
and the output is the same, line for line, as with --threads 1.

Captures larger than one machine: each of N machines decodes a share of the same file, and the
jsonl of all shares together holds every call once:
  rpcscope-cli decode big.pcap --format jsonl --connections 1/3 > part1.jsonl   # and 2/3, 3/3
  rpcscope-cli decode big.pcap --format jsonl --from 2026-12-04T10:00:00Z --to 2026-12-04T11:00:00Z
A share of connections takes every Nth connection in the order they appear (Java RMI names learned
on another share's connections are not known to it); a time window takes the calls whose request
began in it (from inclusive, to exclusive), though every share reads the whole capture.
)TEXT";

enum class Format { Text, Jsonl };

constexpr double kNoLimit = std::numeric_limits<double>::infinity();

// For captures read from a pipe: the same defaults as the live capture (LiveCapture::Options).
constexpr double kStreamNoReplySeconds = 30;
constexpr double kStreamIdleSeconds = 300;
constexpr double kHousekeepingSeconds = 1;

// Formats finished calls into a large buffer and writes it to stdout in big blocks; calls are dropped once
// written, so memory stays flat however many calls a capture holds.
class CallPrinter : public CallSink, public ParallelTrafficDecoder::Output
{
public:
    CallPrinter(Format format, bool trees, const DecoderRegistry& registry)
        : m_format(format)
        , m_trees(trees)
        , m_registry(registry)
    {
        m_buffer.reserve(kBlock + kBlock / 4);
    }

    /// Text times are relative to the first packet of `capture`.
    void setTimeBase(const CaptureStats* capture) { m_capture = capture; }
    /// Only calls whose request began in [from, to) are printed (seconds since the epoch).
    void setWindow(double from, double to)
    {
        m_from = from;
        m_to = to;
    }

    /// The jsonl line of `call`, for formatting on the threads that decode.
    static void formatJson(const Call& call, bool trees, QByteArray& out)
    {
        JsonWriter json(out);
        writeCallJson(json, call, CallJsonOptions {trees});
    }

    /// For formatting on the threads that decode: the jsonl line of `call`, unless it is outside the time window.
    bool formatJsonIfInWindow(const Call& call, QByteArray& out) const
    {
        if (!inWindow(call))
            return false;
        // A fresh buffer per call on the workers: room for a typical line at once instead of growing in steps.
        out.reserve(kLineReserve);
        formatJson(call, m_trees, out);
        return true;
    }

    void callReady(Call&& call, QByteArray&& formatted) override
    {
        if (formatted.isEmpty()) {
            callFinished(std::move(call));
            return;
        }
        m_buffer += formatted;
        m_buffer += '\n';
        if (m_buffer.size() >= kBlock)
            writeOut();
    }

    void callFinished(Call&& call) override
    {
        if (!inWindow(call))
            return;
        if (m_format == Format::Jsonl) {
            formatJson(call, m_trees, m_buffer);
        } else {
            m_buffer += callToText(call, m_capture ? m_capture->firstTimestamp : 0.0, &m_registry).toUtf8();
            if (m_trees) {
                m_buffer += '\n';
                appendTree("request", call.request.get());
                appendTree("response", call.response.get());
            }
        }
        m_buffer += '\n';
        if (m_buffer.size() >= kBlock)
            writeOut();
    }

    bool pending() const { return !m_buffer.isEmpty(); }

    /// Writes what is buffered and flushes stdout; false if stdout could not take it.
    bool flush()
    {
        writeOut();
        if (std::fflush(stdout) != 0)
            m_failed = true;
        return !m_failed;
    }

private:
    static constexpr qsizetype kBlock = 1 << 20;
    static constexpr qsizetype kLineReserve = 512;

    bool inWindow(const Call& call) const
    {
        if (m_from <= -kNoLimit && m_to >= kNoLimit)
            return true;
        const double start = call.start();
        return start >= m_from && start < m_to;
    }

    void appendTree(const char* label, const DecodedMessage* message)
    {
        if (!message || message->tree.name.isEmpty())
            return;
        m_buffer += "    ";
        m_buffer += label;
        m_buffer += ":\n";
        const QStringList lines = dumpTree(message->tree).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString& line : lines) {
            m_buffer += "      ";
            m_buffer += line.toUtf8();
            m_buffer += '\n';
        }
    }

    void writeOut()
    {
        if (m_buffer.isEmpty())
            return;
        if (std::fwrite(m_buffer.constData(), 1, m_buffer.size(), stdout) != static_cast<size_t>(m_buffer.size()))
            m_failed = true;
        m_buffer.resize(0); // keeps the capacity: no reallocation for the next block
    }

    Format m_format;
    bool m_trees;
    const DecoderRegistry& m_registry;
    const CaptureStats* m_capture = nullptr;
    double m_from = -kNoLimit;
    double m_to = kNoLimit;
    QByteArray m_buffer;
    bool m_failed = false;
};

void printLine(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli: %s\n", text.toLocal8Bit().constData());
}

int usageError(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli decode: %s\nRun 'rpcscope-cli decode --help' for the options.\n",
                 text.toLocal8Bit().constData());
    return 2;
}

const char kHowToGetKeys[] = "Decrypt them with --tls-keylog FILE: a client writes its TLS secrets to the file named "
                             "by the SSLKEYLOGFILE environment variable (Python's ssl, curl, OpenSSL, Firefox, "
                             "Chrome).";
const char kHowToGetMoreKeys[] = "The key log must be the one the client wrote while these connections ran (clients "
                                 "append to the file SSLKEYLOGFILE names); several --tls-keylog files can be given.";

// Everything that cost data, in one sentence; empty when the capture decoded cleanly.
QString describeProblems(const CaptureStats& capture, const TcpReassembler::Stats& tcp, const TrafficStats& traffic)
{
    QStringList parts;
    if (!capture.clean())
        parts << capture.describeProblems();
    if (!traffic.clean())
        parts << traffic.describeProblems();
    if (tcp.conflictingOverlaps > 0) {
        parts << QStringLiteral("%1 retransmitted segments with different bytes (the first copy was kept)")
                     .arg(tcp.conflictingOverlaps);
    }
    return parts.join(QStringLiteral(", "));
}

// Applies "--limit NAME=VALUE" to `limits`; returns what is wrong with the setting, or nothing.
QString setLimit(DecodeLimits& limits, const QString& setting)
{
    const qsizetype eq = setting.indexOf(QLatin1Char('='));
    const QString name = setting.left(eq).trimmed();
    bool ok = false;
    const qint64 value = eq < 0 ? 0 : setting.mid(eq + 1).trimmed().toLongLong(&ok);
    if (!ok || value <= 0)
        return QStringLiteral("--limit wants NAME=VALUE with a positive number, not '%1'").arg(setting);
    const qint64 intMax = std::numeric_limits<int>::max();
    if (name == QLatin1String("max-message-bytes"))
        limits.maxMessageBytes = value;
    else if (name == QLatin1String("max-header-bytes"))
        limits.maxHeaderBytes = value;
    else if (name == QLatin1String("max-depth"))
        limits.maxDepth = static_cast<int>(std::min(value, intMax));
    else if (name == QLatin1String("max-values"))
        limits.maxValues = value;
    else if (name == QLatin1String("max-string-bytes"))
        limits.maxStringBytes = value;
    else if (name == QLatin1String("max-stream-buffer"))
        limits.maxStreamBuffer = value;
    else if (name == QLatin1String("max-probe-bytes"))
        limits.maxProbeBytes = value;
    else if (name == QLatin1String("max-connections"))
        limits.maxConnections = static_cast<int>(std::min(value, intMax));
    else if (name == QLatin1String("max-named-objects"))
        limits.maxNamedObjects = value;
    else
        return QStringLiteral("unknown limit '%1'").arg(name);
    return {};
}

// "--connections N/M": the Nth of M shares of the capture's connections, in the order they appear.
struct ConnectionShare
{
    quint64 index = 0;
    quint64 count = 1;
};

std::optional<ConnectionShare> parseShare(const QString& text)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    if (parts.size() != 2)
        return std::nullopt;
    bool okIndex = false;
    bool okCount = false;
    const qlonglong index = parts[0].toLongLong(&okIndex);
    const qlonglong count = parts[1].toLongLong(&okCount);
    if (!okIndex || !okCount || count < 1 || index < 1 || index > count)
        return std::nullopt;
    return ConnectionShare {quint64(index - 1), quint64(count)};
}

// Passes on the connections of one share only; connection ids count from 1 in the order connections appear.
class ShareFilter : public ByteStreamSink
{
public:
    ShareFilter(ByteStreamSink& next, ConnectionShare share)
        : m_next(next)
        , m_share(share)
    { }

    void streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool startSeen) override
    {
        if (mine(id))
            m_next.streamOpened(id, client, server, ts, startSeen);
    }
    void streamData(quint64 id, Direction dir, QByteArrayView data, double ts) override
    {
        if (mine(id))
            m_next.streamData(id, dir, data, ts);
    }
    void streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts) override
    {
        if (mine(id))
            m_next.streamGap(id, dir, missingBytes, ts);
    }
    void streamEnded(quint64 id, Direction dir, double ts, bool reset) override
    {
        if (mine(id))
            m_next.streamEnded(id, dir, ts, reset);
    }
    void streamClosed(quint64 id, double ts) override
    {
        if (mine(id))
            m_next.streamClosed(id, ts);
    }

private:
    bool mine(quint64 id) const { return (id - 1) % m_share.count == m_share.index; }

    ByteStreamSink& m_next;
    ConnectionShare m_share;
};

// "--from/--to": an ISO 8601 date and time (UTC unless it names an offset) or seconds since the epoch.
std::optional<double> parseTime(const QString& text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (ok && std::isfinite(seconds))
        return seconds;
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    return time.toMSecsSinceEpoch() / 1000.0;
}

} // namespace

int runDecodeCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Decode the XML-RPC, Pyro4, Pyro5 and Java RMI calls in a pcap or pcapng capture and print one line per call, "
        "in the order of the requests."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")},
                                    QStringLiteral("Output format: text (default) or jsonl."), QStringLiteral("format"),
                                    QStringLiteral("text"));
    const QCommandLineOption tree(QStringLiteral("tree"),
                                  QStringLiteral("Include the full decode trees: request_tree and response_tree in "
                                                 "jsonl, indented below each line in text."));
    const JavaOptions java;
    const QCommandLineOption limit(
        QStringLiteral("limit"),
        QStringLiteral("Change a decoding limit, NAME=VALUE (repeatable): max-message-bytes, max-header-bytes, "
                       "max-depth, max-values, max-string-bytes, max-stream-buffer, max-probe-bytes, "
                       "max-connections, max-named-objects. See \"Limits\" in HACKING.md."),
        QStringLiteral("name=value"));
    const QCommandLineOption keylog(
        QStringLiteral("tls-keylog"),
        QStringLiteral("Decrypt TLS with the secrets in this key log (NSS format, as clients write it when "
                       "SSLKEYLOGFILE is set; repeatable)."),
        QStringLiteral("file"));
    const QCommandLineOption threads(
        QStringLiteral("threads"),
        QStringLiteral("Decode a capture file on this many threads (default: one per core; the output is the same)."),
        QStringLiteral("n"));
    const QCommandLineOption connections(
        QStringLiteral("connections"),
        QStringLiteral("Decode only share N of M of the connections (every Mth, in the order they appear), e.g. 1/4."),
        QStringLiteral("N/M"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("Print only calls whose request began at or after this time (ISO "
                                                 "8601, UTC unless an offset is given, or seconds since the epoch)."),
                                  QStringLiteral("time"));
    const QCommandLineOption to(QStringLiteral("to"),
                                QStringLiteral("Print only calls whose request began before this time."),
                                QStringLiteral("time"));
    parser.addOptions({help, format, tree, limit, keylog, threads, connections, from, to});
    parser.addOptions(java.options());
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The capture (pcap or pcapng), or - for standard input."));

    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        const QByteArray text = parser.helpText().toLocal8Bit() + kExamples;
        std::fwrite(text.constData(), 1, text.size(), stdout);
        return 0;
    }
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return usageError(files.isEmpty() ? QStringLiteral("no capture file given (use - for standard input)")
                                          : QStringLiteral("one capture file at a time, got %1").arg(files.size()));
    const QString formatName = parser.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("jsonl"))
        return usageError(QStringLiteral("unknown format '%1' (use text or jsonl)").arg(formatName));
    const Format outputFormat = formatName == QLatin1String("jsonl") ? Format::Jsonl : Format::Text;

    int threadCount = std::clamp(QThread::idealThreadCount(), 1, 16);
    if (parser.isSet(threads)) {
        bool ok = false;
        threadCount = parser.value(threads).toInt(&ok);
        if (!ok || threadCount < 1 || threadCount > 64)
            return usageError(
                QStringLiteral("--threads wants a number from 1 to 64, not '%1'").arg(parser.value(threads)));
    }
    std::optional<ConnectionShare> share;
    if (parser.isSet(connections)) {
        share = parseShare(parser.value(connections));
        if (!share)
            return usageError(QStringLiteral("--connections wants N/M with 1 <= N <= M, such as 1/4, not '%1'")
                                  .arg(parser.value(connections)));
    }
    double windowFrom = -kNoLimit;
    double windowTo = kNoLimit;
    for (const auto& [option, bound] : {std::pair {&from, &windowFrom}, std::pair {&to, &windowTo}}) {
        if (!parser.isSet(*option))
            continue;
        const auto time = parseTime(parser.value(*option));
        if (!time)
            return usageError(QStringLiteral("--%1 wants an ISO 8601 date and time (2026-12-04T10:00:00Z) or seconds "
                                             "since the epoch, not '%2'")
                                  .arg(option->names().first(), parser.value(*option)));
        *bound = *time;
    }

    DecodeOptions options;
    options.buildTree = parser.isSet(tree);
    for (const QString& setting : parser.values(limit)) {
        if (const QString error = setLimit(options.limits, setting); !error.isEmpty())
            return usageError(error);
    }
    QString javaWarning;
    auto javaMethods = java.load(parser, javaWarning);
    if (!javaMethods) {
        printLine(javaMethods.error());
        return 1;
    }
    if (!javaWarning.isEmpty())
        printLine(QStringLiteral("warning: ") + javaWarning);
    options.javaMethods = std::move(javaMethods).value();

    TlsKeySource keys;
    for (const QString& path : parser.values(keylog)) {
        if (Status added = keys.addFile(path); !added) {
            printLine(added.error());
            return 1;
        }
    }

    auto opened = PcapFileSource::open(files.first());
    if (!opened) {
        printLine(opened.error());
        return 1;
    }
    PcapFileSource& source = **opened;
    int secretsBlock = 0;
    for (const QByteArray& text : readPcapngTlsSecrets(source.path()))
        keys.addText(text, QStringLiteral("secrets block %1").arg(++secretsBlock));
    auto packetDecoder = PacketDecoder::forLinkType(source.linkType());
    if (!packetDecoder) {
        // A capture, but of frames we cannot take apart: like a capture without RPC, nothing to print, and the
        // reason said (the exit code stays 0, as for the other problems that cost data).
        printLine(source.displayName() + QStringLiteral(": warning: ") + packetDecoder.error()
                  + QStringLiteral("; no packet was decoded"));
        return 0;
    }

    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CallPrinter printer(outputFormat, options.buildTree, registry);
    printer.setWindow(windowFrom, windowTo);
    TlsDecryptingSink::Options tlsOptions;
    // From a pipe the capture is live somewhere: a client may still be writing the key log.
    tlsOptions.live = source.isStream();
    tlsOptions.limits = options.limits;
    tlsOptions.keepRecords = options.buildTree;

    // A file is decoded on several threads; a pipe on one, so that each call is printed as soon as it is complete.
    const bool parallel = threadCount > 1 && !source.isStream();
    std::unique_ptr<ParallelTrafficDecoder> parallelDecoder;
    std::unique_ptr<OrderedCallEmitter> ordered;
    std::unique_ptr<TrafficDecoder> traffic;
    std::unique_ptr<TlsDecryptingSink> tlsStage;
    ByteStreamSink* decoder = nullptr;
    if (parallel) {
        ParallelTrafficDecoder::Options parallelOptions;
        parallelOptions.workers = threadCount;
        parallelOptions.tls = tlsOptions;
        if (outputFormat == Format::Jsonl) {
            parallelOptions.format
                = [&printer](const Call& call, QByteArray& out) { return printer.formatJsonIfInWindow(call, out); };
        }
        parallelDecoder
            = std::make_unique<ParallelTrafficDecoder>(registry, options, keys, std::move(parallelOptions), printer);
        decoder = parallelDecoder.get();
    } else {
        ordered = std::make_unique<OrderedCallEmitter>(printer);
        traffic = std::make_unique<TrafficDecoder>(registry, options, *ordered);
        tlsStage = std::make_unique<TlsDecryptingSink>(*traffic, keys, tlsOptions);
        decoder = tlsStage.get();
    }
    std::optional<ShareFilter> shareFilter;
    if (share)
        decoder = &shareFilter.emplace(*decoder, *share);
    PacketProcessor processor(*packetDecoder, *decoder);
    printer.setTimeBase(&processor.stats());

    // From a pipe, calls are passed on as soon as they are complete (watching a live tcpdump); from a file,
    // output goes out in big blocks.
    // A pipe may run for hours (a remote tcpdump): as in a live capture, requests left unanswered become
    // no-reply and silent connections are freed, by the capture's clock, so that later calls are not held back
    // behind them and memory stays flat.
    std::function<void(const RawPacket&)> afterPacket;
    double lastHousekeeping = 0;
    if (source.isStream()) {
        afterPacket = [&](const RawPacket& packet) {
            if (packet.ts - lastHousekeeping >= kHousekeepingSeconds) {
                lastHousekeeping = packet.ts;
                tlsStage->poll(packet.ts);
                traffic->expire(packet.ts, kStreamNoReplySeconds);
                processor.expireIdle(packet.ts, kStreamIdleSeconds);
            }
            if (printer.pending())
                printer.flush();
        };
    }
    const PcapFileSource::Status status = source.readAll(processor, afterPacket);
    processor.finish();
    TrafficStats trafficStats;
    TlsStats tlsStats;
    if (parallelDecoder) {
        parallelDecoder->finish(processor.stats().lastTimestamp);
        trafficStats = parallelDecoder->trafficStats();
        tlsStats = parallelDecoder->tlsStats();
    } else {
        traffic->finishAll(processor.stats().lastTimestamp);
        trafficStats = traffic->stats();
        tlsStats = tlsStage->stats();
    }
    const bool written = printer.flush();

    // A record that cannot be read (cut off, or damaged so that libpcap stops) ends the capture early: what came
    // before it has been decoded and printed, so it is reported like the other problems that cost data.
    int exitCode = 0;
    if (status == PcapFileSource::Status::Truncated || status == PcapFileSource::Status::Error) {
        QString reason = source.errorReason();
        if (status == PcapFileSource::Status::Error)
            reason += QStringLiteral("; the %1 packets before it were decoded").arg(source.packetsRead());
        printLine(source.displayName() + QStringLiteral(": warning: ") + reason);
    }
    const QString problems = describeProblems(processor.stats(), processor.reassembler().stats(), trafficStats);
    if (!problems.isEmpty())
        printLine(source.displayName() + QStringLiteral(": warning: ") + problems);
    const char* howToGetKeys = keys.isEmpty() ? kHowToGetKeys : kHowToGetMoreKeys;
    for (const QString& line : tlsStats.describe(QLatin1String(howToGetKeys)))
        printLine(source.displayName() + QStringLiteral(": ") + line);
    if (!written) {
        printLine(QStringLiteral("cannot write the output"));
        exitCode = 1;
    }
    return exitCode;
}
