#include "commands.h"

#include "demosession.h"
#include "livecallprinter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <cstdio>

using namespace rpcscope;

// `rpcscope-cli demo`: the GUI's built-in demo without a display. Starts the test servers behind the recording
// proxy, sends the article's calls through it, prints each recorded call as it completes, and exits.
int runDemoCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Run the built-in demo without a display: start the XML-RPC test server and the Pyro4 "
                       "daemon on free loopback ports, each behind a recording proxy, send the article's calls "
                       "(add(3, 4), get_fortune(\"letian\"), a fault and a remote exception) through the proxies, "
                       "and print the calls the proxy recorded.\n\nExamples:\n  rpcscope-cli demo\n"
                       "  rpcscope-cli demo --format jsonl"));
    parser.addHelpOption();
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")},
                                    QStringLiteral("Output format: text (default) or jsonl."), QStringLiteral("format"),
                                    QStringLiteral("text"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")},
                                   QStringLiteral("Do not explain what the demo does on standard error."));
    parser.addOption(format);
    parser.addOption(quiet);
    if (!parser.parse(args)) {
        std::fprintf(stderr, "rpcscope-cli demo: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    const QString formatName = parser.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("jsonl")) {
        std::fprintf(stderr, "rpcscope-cli demo: unknown format '%s' (use text or jsonl)\n", qPrintable(formatName));
        return 2;
    }

    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    LiveCallPrinter printer(
        stdout, formatName == QLatin1String("jsonl") ? LiveCallPrinter::Format::Jsonl : LiveCallPrinter::Format::Text,
        registry, double(QDateTime::currentMSecsSinceEpoch()) / 1000.0);
    DemoSession demo(printer);
    if (Status started = demo.start(); !started) {
        std::fprintf(stderr, "rpcscope-cli: %s\n", qPrintable(started.error()));
        return 1;
    }
    if (!parser.isSet(quiet)) {
        for (const QString& line : demo.describe())
            std::fprintf(stderr, "%s\n", qPrintable(line));
        std::fflush(stderr);
    }
    int failures = 0;
    QObject::connect(&demo, &DemoSession::finished, [&failures](int failed) {
        failures = failed;
        QCoreApplication::quit();
    });
    // A demo that cannot finish in this time is broken; say so rather than hang.
    bool timedOut = false;
    QTimer::singleShot(60000, [&timedOut] {
        timedOut = true;
        QCoreApplication::quit();
    });
    QTimer::singleShot(0, &demo, &DemoSession::run);
    QCoreApplication::exec();
    demo.stop();
    if (timedOut) {
        std::fprintf(stderr, "rpcscope-cli demo: the demo did not finish within 60 s\n");
        return 1;
    }
    if (failures > 0) {
        std::fprintf(stderr, "rpcscope-cli demo: %d call(s) got no answer\n", failures);
        return 1;
    }
    return 0;
}
