// rpcscope-cli explain: one message of a capture, every byte attributed (text, HTML or JSON), or a tour as an HTML
// handout.
#include "commands.h"

#include "capturecalls.h"
#include "decoderregistry.h"
#include "explain/callexplain.h"
#include "explain/explainhtml.h"
#include "explain/explainjson.h"
#include "javaoptions.h"
#include "models/samplecaptures.h"
#include "models/walkthroughsteps.h"
#include "models/walkthroughtours.h"
#include "objectnames.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

using namespace rpcscope;

namespace {

const char kExamples[] = R"(
Output:
  text   a hex dump, 16 bytes a line, each line followed by the fields and other spans it shows
         ("…" where a span goes on from or to the next line): for a terminal or a slide.
  html   one self-contained page: hex and text coloured by field (the window's colours) with a
         legend, the tree with descriptions, every span in a table; hover links bytes and fields.
         Prints on A4.
  json   {"length": L, "spans": [{"offset", "length", "path", "role", "value", "description"}]}:
         spans in byte order that tile the message exactly. "role" is "field" for bytes a field
         holds as its value; other roles name bytes no field holds: start-tag, end-tag,
         empty-element-tag, line-end, indentation, whitespace (XML), crlf, header-end,
         header-name, separator (HTTP), punctuation, key (serpent, json), container-header,
         key, end-marker (marshal, msgpack), structure, unattributed.

Tours (--tour NAME, written as one HTML handout; NAME from --list-tours) use the bundled sample
captures, or the captures given.

Examples:
  rpcscope-cli explain resources/samples/xmlrpc-add.pcap --call 1
  rpcscope-cli explain resources/samples/xmlrpc-add.pcap --call 1 --response --format html > add.html
  rpcscope-cli explain traffic.pcap --call 3 --format json | jq '.spans[] | select(.role != "field")'
  rpcscope-cli explain --tour java-rmi > java-rmi-handout.html
)";

enum class Format { Text, Html, Json };

int usageError(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli explain: %s\nRun 'rpcscope-cli explain --help' for the options.\n",
                 text.toLocal8Bit().constData());
    return 2;
}

int failure(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli explain: %s\n", text.toLocal8Bit().constData());
    return 1;
}

bool writeOut(const QByteArray& bytes)
{
    return std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), stdout) == std::size_t(bytes.size())
        && std::fflush(stdout) == 0;
}

QString directionName(Direction d)
{
    return d == Direction::ClientToServer ? QStringLiteral("request") : QStringLiteral("response");
}

int explainCall(const QString& file, quint64 id, Direction direction, Format format, const DecodeOptions& options)
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    auto calls = readCaptureCalls(file, registry, options, [id](const Call& c) { return c.id == id; });
    if (!calls)
        return failure(calls.error());
    if (calls->empty())
        return failure(QStringLiteral("%1 has no call %2").arg(file).arg(id));
    const Call call = callWithTrees(calls->front(), registry, options);
    const auto& message = direction == Direction::ClientToServer ? call.request : call.response;
    if (!message)
        return failure(QStringLiteral("call %1 has no %2").arg(id).arg(directionName(direction)));
    const ProtocolDecoder* decoder = registry.find(call.protocol);
    const QString protocol = decoder ? decoder->displayName() : call.protocol;
    QByteArray out;
    switch (format) {
    case Format::Text:
        out = annotatedMessageText(call, direction, protocol).toUtf8();
        break;
    case Format::Html:
        out = messagePageHtml(call, direction, protocol, QFileInfo(file).fileName()).toUtf8();
        break;
    case Format::Json:
        out = explanationJson(explainMessage(*message)) + '\n';
        break;
    }
    return writeOut(out) ? 0 : failure(QStringLiteral("cannot write the output"));
}

int listTours()
{
    QByteArray out;
    for (const Tour& t : walkthroughTours())
        out += QStringLiteral("%1  %2 (samples: %3)\n")
                   .arg(QLatin1String(t.id), QString::fromUtf8(t.title), t.samples().join(QStringLiteral(", ")))
                   .toUtf8();
    return writeOut(out) ? 0 : 1;
}

int explainTour(const Tour& tour, const QStringList& files, const DecodeOptions& options)
{
    QStringList captures = files;
    if (captures.isEmpty()) {
        for (const QString& sample : tour.samples()) {
            const QString path = samplecaptures::find(sample);
            if (path.isEmpty())
                return failure(QStringLiteral("the sample capture %1 is not installed (looked in “%2”); give the "
                                              "captures on the command line or set RPCSCOPE_SAMPLES_DIR")
                                   .arg(sample, samplecaptures::directory()));
            captures << path;
        }
    }
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    std::vector<Call> calls;
    for (const QString& f : captures) {
        auto read = readCaptureCalls(f, registry, options, {});
        if (!read)
            return failure(read.error());
        for (Call& c : *read)
            calls.push_back(std::move(c));
    }
    const std::vector<int> found = tour.findCalls(calls);
    std::vector<Call> decoded;
    decoded.reserve(found.size());
    for (int index : found)
        decoded.push_back(index >= 0 ? callWithTrees(calls[std::size_t(index)], registry, options) : Call {});
    std::vector<const Call*> tourCalls;
    QStringList missing;
    for (std::size_t i = 0; i < found.size(); ++i) {
        tourCalls.push_back(found[i] >= 0 ? &decoded[i] : nullptr);
        if (found[i] < 0)
            missing << QString::fromUtf8(tour.calls[i].method);
    }
    if (!missing.isEmpty())
        return failure(QStringLiteral("the captures hold none of the tour's calls %1").arg(missing.join(", ")));
    std::vector<HandoutStep> steps;
    for (const WalkthroughStep& s : tour.steps(tourCalls)) {
        const Call* call = nullptr;
        for (const Call& c : decoded) {
            if (c.id == s.callId && c.request)
                call = &c;
        }
        const auto& message = call ? (s.direction == Direction::ClientToServer ? call->request : call->response)
                                   : std::shared_ptr<const DecodedMessage>();
        steps.push_back({s.title, s.text, message.get(),
                         message ? WalkthroughSteps::resolve(message->tree, s.indexPath) : nullptr});
    }
    const QByteArray out = handoutHtml(QString::fromUtf8(tour.title), QString::fromUtf8(tour.intro), steps).toUtf8();
    return writeOut(out) ? 0 : failure(QStringLiteral("cannot write the output"));
}

} // namespace

int runExplainCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Explain one message of a capture byte by byte: which field holds each byte, and what the "
                       "bytes that no field holds are (XML tags, CRLFs, indentation, punctuation)."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption callOption(QStringLiteral("call"),
                                        QStringLiteral("The call to explain: its number in 'rpcscope-cli decode'."),
                                        QStringLiteral("N"));
    const QCommandLineOption response(QStringLiteral("response"),
                                      QStringLiteral("Explain the call's response (default: its request)."));
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")},
                                    QStringLiteral("Output format: text (default), html or json."),
                                    QStringLiteral("format"), QStringLiteral("text"));
    const QCommandLineOption tour(QStringLiteral("tour"),
                                  QStringLiteral("Write the walkthrough NAME as one HTML handout (see --list-tours)."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption listTourOption(QStringLiteral("list-tours"), QStringLiteral("List the tours."));
    const JavaOptions java;
    parser.addOptions({help, callOption, response, format, tour, listTourOption});
    parser.addOptions(java.options());
    parser.addPositionalArgument(QStringLiteral("CAPTURE"), QStringLiteral("The capture (pcap or pcapng)."));
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        const QByteArray text = parser.helpText().toLocal8Bit() + kExamples;
        return writeOut(text) ? 0 : 1;
    }
    if (parser.isSet(listTourOption))
        return listTours();

    DecodeOptions options;
    QString javaWarning;
    auto javaMethods = java.load(parser, javaWarning);
    if (!javaMethods)
        return failure(javaMethods.error());
    if (!javaWarning.isEmpty())
        std::fprintf(stderr, "rpcscope-cli explain: warning: %s\n", javaWarning.toLocal8Bit().constData());
    options.javaMethods = std::move(javaMethods).value();
    // One session for reading the captures and decoding the chosen calls again with their trees, so that a Java RMI
    // call shows the object a registry lookup named, as 'decode' shows it.
    options.objectNames = std::make_shared<ObjectNames>();
    const QStringList files = parser.positionalArguments();
    const QString formatName = parser.value(format);
    if (parser.isSet(tour)) {
        const Tour* t = findTour(parser.value(tour));
        if (!t) {
            QStringList names;
            for (const Tour& known : walkthroughTours())
                names << QLatin1String(known.id);
            return usageError(
                QStringLiteral("unknown tour '%1' (tours: %2)").arg(parser.value(tour), names.join(", ")));
        }
        if (formatName != QLatin1String("html") && parser.isSet(format))
            return usageError(QStringLiteral("a tour is written as HTML only"));
        if (parser.isSet(callOption) || parser.isSet(response))
            return usageError(QStringLiteral("--tour picks its own calls; leave out --call and --response"));
        return explainTour(*t, files, options);
    }

    if (files.size() != 1)
        return usageError(files.isEmpty() ? QStringLiteral("no capture file given")
                                          : QStringLiteral("one capture file at a time, got %1").arg(files.size()));
    if (!parser.isSet(callOption))
        return usageError(QStringLiteral("which call? Give --call N (the number 'rpcscope-cli decode' prints)"));
    bool ok = false;
    const quint64 id = parser.value(callOption).toULongLong(&ok);
    if (!ok || id == 0)
        return usageError(
            QStringLiteral("--call wants a call number (1, 2, …), not '%1'").arg(parser.value(callOption)));
    Format outputFormat = Format::Text;
    if (formatName == QLatin1String("html"))
        outputFormat = Format::Html;
    else if (formatName == QLatin1String("json"))
        outputFormat = Format::Json;
    else if (formatName != QLatin1String("text"))
        return usageError(QStringLiteral("unknown format '%1' (use text, html or json)").arg(formatName));
    return explainCall(files.first(), id,
                       parser.isSet(response) ? Direction::ServerToClient : Direction::ClientToServer, outputFormat,
                       options);
}
