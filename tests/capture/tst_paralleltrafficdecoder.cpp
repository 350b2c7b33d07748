// ParallelTrafficDecoder: decoding the connections of a capture on several threads gives what one thread gives, call
// for call and byte for byte, on every capture in tests/data and resources/samples (XML-RPC in every encoding, Pyro4
// and Pyro5, Java RMI with names learned on one connection and used on another, TLS, damaged captures).
#include "callformat.h"
#include "decoderregistry.h"
#include "jsonwriter.h"
#include "models/callentry.h"
#include "models/callstore.h"
#include "objectnames.h"
#include "orderedcallemitter.h"
#include "packetprocessor.h"
#include "paralleltrafficdecoder.h"
#include "pcapfilesource.h"
#include "pcapngsecrets.h"
#include "testsupport.h"
#include "tlsdecryptingsink.h"
#include "tlskeysource.h"
#include "trafficdecoder.h"

#include <QDir>
#include <QDirIterator>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// What a user reads of a decode: every call as its jsonl line and its text line (with its number), and the
// problems and TLS lines the CLI prints.
struct Decoded
{
    QByteArrayList lines;
    QString problems;
    QStringList tls;
    qint64 namedObjects = 0;
};

class LineCollector : public CallSink, public ParallelTrafficDecoder::Output
{
public:
    explicit LineCollector(bool trees, const DecoderRegistry& registry)
        : m_trees(trees)
        , m_registry(registry)
    { }

    void callFinished(Call&& call) override
    {
        QByteArray json;
        JsonWriter writer(json);
        writeCallJson(writer, call, CallJsonOptions {m_trees});
        lines << callToText(call, 0, &m_registry).toUtf8() + '\n' + json;
    }
    void callReady(Call&& call, QByteArray&& formatted) override
    {
        if (formatted.isEmpty())
            callFinished(std::move(call));
        else
            lines << formatted;
    }

    QByteArrayList lines;

private:
    bool m_trees;
    const DecoderRegistry& m_registry;
};

QString keyLogOf(const QString& capture)
{
    QString base = capture;
    base.truncate(base.lastIndexOf(QLatin1Char('.')));
    const QString keys = base + QStringLiteral(".keys");
    return QFileInfo::exists(keys) ? keys : QString();
}

// The TLS keys for `path`: its key log beside it and its pcapng secrets blocks.
void addKeysOf(const QString& path, TlsKeySource& keys)
{
    if (const QString keyLog = keyLogOf(path); !keyLog.isEmpty())
        keys.addFile(keyLog);
    for (const QByteArray& text : readPcapngTlsSecrets(path))
        keys.addText(text, QStringLiteral("secrets block"));
}

// Feeds every packet of `source` to `sink`; returns the time of the last one.
double readInto(PcapFileSource& source, const PacketDecoder& packets, ByteStreamSink& sink)
{
    PacketProcessor processor(packets, sink);
    source.readAll(processor);
    processor.finish();
    return processor.stats().lastTimestamp;
}

// Decodes `path` as `rpcscope-cli decode` does: on one thread (workers == 0) or on `workers` threads; `formatOnWorkers`
// formats the jsonl lines on the workers, as the CLI does.
Decoded decode(const QString& path, int workers, bool trees, bool formatOnWorkers, int maxConnections = 0)
{
    Decoded d;
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    LineCollector collector(trees, registry);
    DecodeOptions options;
    options.buildTree = trees;
    options.objectNames = std::make_shared<ObjectNames>();
    if (maxConnections > 0)
        options.limits.maxConnections = maxConnections;
    TlsKeySource keys;
    addKeysOf(path, keys);
    auto source = PcapFileSource::open(path);
    if (!source)
        return d;
    auto packetDecoder = PacketDecoder::forLinkType((*source)->linkType());
    if (!packetDecoder)
        return d;
    TlsDecryptingSink::Options tlsOptions;
    tlsOptions.keepRecords = trees;
    tlsOptions.limits = options.limits;

    TrafficStats traffic;
    TlsStats tls;
    if (workers == 0) {
        OrderedCallEmitter ordered(collector);
        TrafficDecoder decoder(registry, options, ordered);
        TlsDecryptingSink stage(decoder, keys, tlsOptions);
        decoder.finishAll(readInto(**source, *packetDecoder, stage));
        traffic = decoder.stats();
        tls = stage.stats();
    } else {
        ParallelTrafficDecoder::Options parallelOptions;
        parallelOptions.workers = workers;
        parallelOptions.tls = tlsOptions;
        if (formatOnWorkers) {
            parallelOptions.format = [trees](const Call& call, QByteArray& out) {
                JsonWriter writer(out);
                writeCallJson(writer, call, CallJsonOptions {trees});
                return true;
            };
        }
        ParallelTrafficDecoder decoder(registry, options, keys, parallelOptions, collector);
        decoder.finish(readInto(**source, *packetDecoder, decoder));
        traffic = decoder.trafficStats();
        tls = decoder.tlsStats();
    }
    d.lines = std::move(collector.lines);
    d.problems = traffic.clean() ? QString() : traffic.describeProblems();
    d.tls = tls.describe(QStringLiteral("keys?"));
    d.namedObjects = options.objectNames->size();
    return d;
}

// Collects list entries as the capture loader does: made on the workers (Options::makeEntry, one CallEntryMaker per
// worker), or on the reading thread from whole calls.
class EntryCollector : public CallSink, public ParallelTrafficDecoder::Output
{
public:
    void callFinished(Call&& call) override { entries << makeCallEntry(call, m_packer); }
    void callReady(Call&& call, QByteArray&& formatted) override
    {
        Q_UNUSED(formatted);
        callFinished(std::move(call));
    }
    void entryReady(CallEntry&& entry) override { entries << std::move(entry); }

    QList<CallEntry> entries;

private:
    BytePacker m_packer;
};

// What the window shows of `path` decoded as the capture loader decodes it (no trees; on one thread, or entries made on
// `workers` workers): every row of the call list, every message's bytes, and every call selected (decoded again with
// its tree from the bytes read back) as its jsonl line with trees.
QStringList shownInTheWindow(const QString& path, int workers)
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    EntryCollector collector;
    DecodeOptions options;
    options.buildTree = false;
    options.objectNames = std::make_shared<ObjectNames>();
    TlsKeySource keys;
    addKeysOf(path, keys);
    auto source = PcapFileSource::open(path);
    if (!source)
        return {source.error()};
    auto packetDecoder = PacketDecoder::forLinkType((*source)->linkType());
    if (!packetDecoder)
        return {packetDecoder.error()};
    TlsDecryptingSink::Options tlsOptions;
    tlsOptions.limits = options.limits;
    std::vector<std::unique_ptr<CallEntryMaker>> makers;
    if (workers == 0) {
        OrderedCallEmitter ordered(collector);
        TrafficDecoder decoder(registry, options, ordered);
        TlsDecryptingSink stage(decoder, keys, tlsOptions);
        decoder.finishAll(readInto(**source, *packetDecoder, stage));
    } else {
        ParallelTrafficDecoder::Options parallelOptions;
        parallelOptions.workers = workers;
        parallelOptions.tls = tlsOptions;
        for (int i = 0; i < workers; ++i)
            makers.push_back(std::make_unique<CallEntryMaker>());
        parallelOptions.makeEntry = [&makers](const Call& call, int worker, CallEntry& entry) {
            entry = makers[std::size_t(worker)]->make(call);
            return true;
        };
        ParallelTrafficDecoder decoder(registry, options, keys, parallelOptions, collector);
        decoder.finish(readInto(**source, *packetDecoder, decoder));
    }
    CallStore store(registry, options);
    store.appendEntries(collector.entries);
    QStringList shown;
    for (int row = 0; row < store.size(); ++row) {
        const CallRecord& r = store.record(row);
        QString line = QStringLiteral("%1 %2 %3 -> %4 %5 %6 %7 %8 %9")
                           .arg(r.id)
                           .arg(r.start, 0, 'f', 6)
                           .arg(store.string(r.client), store.string(r.server), store.string(r.protocol),
                                store.string(r.object), store.string(r.method), statusName(r.status))
                           .arg(r.hasLatency() ? QString::number(r.latencyMs, 'f', 3) : QString());
        line += QStringLiteral(" %1/%2 B truncated=%3 notes=%4 rule=%5")
                    .arg(r.requestSize)
                    .arg(r.responseSize)
                    .arg(r.truncated)
                    .arg(store.notes(row).join(QLatin1Char(';')), store.rule(row));
        const StoredCall stored = store.stored(row);
        for (const std::optional<StoredMessage>* m : {&stored.request, &stored.response})
            line += QLatin1Char(' ')
                + (*m ? QString::fromLatin1((*m)->bytes.toByteArray().toHex()) : QStringLiteral("-"));
        QByteArray json;
        JsonWriter writer(json);
        writeCallJson(writer, store.call(row, true), CallJsonOptions {true});
        shown << line << QString::fromUtf8(json);
    }
    return shown;
}

// Only the jsonl half of LineCollector's lines (for comparing with lines formatted on the workers).
QByteArrayList jsonOnly(const QByteArrayList& lines)
{
    QByteArrayList out;
    for (const QByteArray& line : lines)
        out << line.mid(line.indexOf('\n') + 1);
    return out;
}

QStringList everyCapture()
{
    QStringList captures;
    for (const QString& root :
         {QStringLiteral(RPCSCOPE_TESTDATA_DIR), QStringLiteral(RPCSCOPE_TESTDATA_DIR "/../../resources/samples")}) {
        QDirIterator it(root, {QStringLiteral("*.pcap"), QStringLiteral("*.pcapng")}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext())
            captures << QDir::cleanPath(it.next());
    }
    captures.sort();
    return captures;
}

} // namespace

class TestParallelTrafficDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameCallsAsOneThread_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList captures = everyCapture();
        QVERIFY2(captures.size() >= 25, qPrintable(QStringLiteral("only %1 captures found").arg(captures.size())));
        for (const QString& path : captures)
            QTest::addRow("%s", qPrintable(QDir(QStringLiteral(RPCSCOPE_TESTDATA_DIR)).relativeFilePath(path))) << path;
    }

    // Every call, its number, its jsonl line (with and without trees), the problems and the TLS report.
    void sameCallsAsOneThread()
    {
        QFETCH(QString, path);
        for (bool trees : {false, true}) {
            const Decoded one = decode(path, 0, trees, false);
            for (int workers : {2, 3}) {
                const Decoded many = decode(path, workers, trees, false);
                QCOMPARE(many.lines.size(), one.lines.size());
                for (qsizetype i = 0; i < one.lines.size(); ++i)
                    QCOMPARE(many.lines[i], one.lines[i]);
                QCOMPARE(many.problems, one.problems);
                QCOMPARE(many.tls, one.tls);
                QCOMPARE(many.namedObjects, one.namedObjects);
            }
            const Decoded formatted = decode(path, 2, trees, true);
            QCOMPARE(formatted.lines, jsonOnly(one.lines));
        }
    }

    // Entries made on the workers, as the window's loader makes them: the same rows, bytes and selected calls as
    // entries made of one thread's calls.
    void sameListEntriesAsOneThread_data() { sameCallsAsOneThread_data(); }
    void sameListEntriesAsOneThread()
    {
        QFETCH(QString, path);
        const QStringList one = shownInTheWindow(path, 0);
        for (int workers : {2, 3}) {
            const QStringList many = shownInTheWindow(path, workers);
            QCOMPARE(many.size(), one.size());
            for (qsizetype i = 0; i < one.size(); ++i)
                QCOMPARE(many[i], one[i]);
        }
    }

    // Java RMI: the registry lookup on one connection names the object whose calls come on others; the workers
    // must see the names exactly when one thread would.
    void namesLearnedOnOtherConnections()
    {
        const QString path = dataPath(QStringLiteral("jrmp/names/names.pcap"));
        const Decoded one = decode(path, 0, false, false);
        QVERIFY(one.namedObjects > 0);
        int named = 0;
        for (const QByteArray& line : one.lines)
            named += line.contains("GreetingMaker") ? 1 : 0;
        QVERIFY2(named >= 2, "the fixture must name objects on calls");
        for (int round = 0; round < 5; ++round) {
            const Decoded many = decode(path, 4, false, false);
            QCOMPARE(many.lines, one.lines);
        }
    }

    // The connection limit counts the connections of all workers together.
    void connectionLimitOverAllWorkers()
    {
        const QString path = dataPath(QStringLiteral("pyro4/pyro4-names.pcap"));
        const Decoded one = decode(path, 0, false, false, 1);
        QVERIFY(one.problems.contains(QStringLiteral("connection")));
        const Decoded many = decode(path, 2, false, false, 1);
        QCOMPARE(many.lines, one.lines);
        QCOMPARE(many.problems, one.problems);
    }
};

QTEST_GUILESS_MAIN(TestParallelTrafficDecoder)
#include "tst_paralleltrafficdecoder.moc"
