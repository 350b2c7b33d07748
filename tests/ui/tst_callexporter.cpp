// Saving calls from the window: JSON Lines identical to what `rpcscope-cli decode --format jsonl` prints, and a pcap
// that tshark reads cleanly and that decodes again to the same calls (all of them, or only the selected ones).
#include "callexporter.h"
#include "callformat.h"
#include "captureloader.h"
#include "models/callstore.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

using namespace rpcscope;

namespace {

// Reads `files` into `store` the way the window does (worker thread, batches).
bool load(CallStore& store, const DecoderRegistry& registry, const QStringList& files)
{
    CaptureLoader loader(registry, DecodeOptions {});
    // As the window does: the loader decodes with the store's options, so the names of remote objects it learns
    // (Java RMI registry lookups) are the ones the store decodes calls again with.
    loader.setDecodeOptions(store.decodeOptions());
    QObject::connect(&loader, &CaptureLoader::callsReady, &store, &CallStore::appendEntries);
    // Queued to this thread like the batches, so it arrives after the last of them.
    bool done = false;
    QString failure;
    QObject::connect(&loader, &CaptureLoader::finished, &store, [&] { done = true; });
    QObject::connect(&loader, &CaptureLoader::fileFailed, &store,
                     [&](const QString&, const QString& reason) { failure = reason; });
    loader.load(files);
    if (!QTest::qWaitFor([&] { return done; }, 30000))
        return false;
    if (!failure.isEmpty()) {
        qWarning() << "load failed:" << failure;
        return false;
    }
    return true;
}

QList<QByteArray> jsonLines(const CallStore& store)
{
    QList<QByteArray> lines;
    for (int row = 0; row < store.size(); ++row)
        lines << callToJson(store.call(row));
    return lines;
}

QList<QByteArray> fileLines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = f.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

class TestCallExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatFromFileName_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("pcap");
        QTest::addRow("jsonl") << "calls.jsonl" << false;
        QTest::addRow("pcap") << "calls.pcap" << true;
        QTest::addRow("upper case") << "CALLS.PCAP" << true;
        QTest::addRow("cap") << "x.cap" << true;
        QTest::addRow("anything else") << "calls.txt" << false;
    }

    void formatFromFileName()
    {
        QFETCH(QString, path);
        QFETCH(bool, pcap);
        QCOMPARE(CallExporter::formatForPath(path) == CallExporter::Format::Pcap, pcap);
    }

    void jsonlIsTheClisFormat_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addRow("pyro4 serpent") << "pyro4/pyro4-serpent.pcap";
        QTest::addRow("java rmi") << "jrmp/hello.pcap";
        QTest::addRow("xml-rpc keep-alive") << "xmlrpc/xmlrpc-keepalive.pcap";
    }

    void jsonlIsTheClisFormat()
    {
        QFETCH(QString, fixture);
        const QString capture = rpcscope::test::dataPath(fixture);
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        QVERIFY(load(store, registry, {capture}));
        QVERIFY(store.size() > 0);

        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("calls.jsonl"));
        std::vector<int> all(std::size_t(store.size()));
        std::iota(all.begin(), all.end(), 0);
        const Status status = CallExporter::write(store, all, out, CallExporter::Format::Jsonl);
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error()));

        const auto cli = rpcscope::test::runCli(
            {QStringLiteral("decode"), capture, QStringLiteral("--format"), QStringLiteral("jsonl")});
        QCOMPARE(cli.exitCode, 0);
        QList<QByteArray> expected = cli.out.split('\n');
        expected.removeAll(QByteArray());
        const QList<QByteArray> saved = fileLines(out);
        QCOMPARE(saved.size(), store.size());
        QCOMPARE(saved, expected);
    }

    void pcapDecodesToTheSameCalls_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("calls");
        QTest::addRow("pyro4 serpent") << "pyro4/pyro4-serpent.pcap" << 7;
        QTest::addRow("xml-rpc types") << "xmlrpc/xmlrpc-types.pcap" << -1;
        QTest::addRow("xml-rpc keep-alive") << "xmlrpc/xmlrpc-keepalive.pcap" << -1;
        QTest::addRow("java rmi") << "jrmp/hello.pcap" << -1;
    }

    void pcapDecodesToTheSameCalls()
    {
        QFETCH(QString, fixture);
        QFETCH(int, calls);
        const QString capture = rpcscope::test::dataPath(fixture);
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        QVERIFY(load(store, registry, {capture}));
        QVERIFY(store.size() > 0);
        if (calls >= 0)
            QCOMPARE(store.size(), calls);

        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("calls.pcap"));
        std::vector<int> all(std::size_t(store.size()));
        std::iota(all.begin(), all.end(), 0);
        const Status status = CallExporter::write(store, all, out, CallExporter::Format::Pcap);
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error()));

        CallStore again(registry);
        QVERIFY(load(again, registry, {out}));
        QVERIFY(again.trafficStats().clean());
        // Same protocol, endpoints, times, latencies, methods, values and outcomes, call by call.
        QCOMPARE(jsonLines(again), jsonLines(store));
    }

    void selectedCallsOnly()
    {
        const QString capture = rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"));
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        QVERIFY(load(store, registry, {capture}));
        const std::vector<int> rows {1, 2};
        QCOMPARE(store.string(store.record(1).method), QStringLiteral("get_fortune"));

        QTemporaryDir dir;
        const QString pcap = dir.filePath(QStringLiteral("two.pcap"));
        QVERIFY(CallExporter::write(store, rows, pcap, CallExporter::Format::Pcap).ok());
        CallStore again(registry);
        QVERIFY(load(again, registry, {pcap}));
        QCOMPARE(again.size(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(again.string(again.record(i).method), store.string(store.record(rows[i]).method));
            QCOMPARE(again.record(i).status, store.record(rows[i]).status);
            QCOMPARE(again.call(i).params(), store.call(rows[i]).params());
        }

        const QString jsonl = dir.filePath(QStringLiteral("two.jsonl"));
        QVERIFY(CallExporter::write(store, rows, jsonl, CallExporter::Format::Jsonl).ok());
        const QList<QByteArray> lines = fileLines(jsonl);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], callToJson(store.call(1)));
        QCOMPARE(lines[1], callToJson(store.call(2)));
    }

    void tsharkReadsTheSavedPcap()
    {
        const QString tshark = rpcscope::test::tsharkPath();
        if (tshark.isEmpty())
            QSKIP("tshark is not installed");
        const QString capture = rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"));
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        QVERIFY(load(store, registry, {capture}));
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("calls.pcap"));
        std::vector<int> all(std::size_t(store.size()));
        std::iota(all.begin(), all.end(), 0);
        QVERIFY(CallExporter::write(store, all, out, CallExporter::Format::Pcap).ok());

        // Every payload byte of every message, in TCP segments with valid checksums and no sequence trouble.
        qint64 messageBytes = 0;
        for (int row = 0; row < store.size(); ++row)
            messageBytes += store.record(row).requestSize + store.record(row).responseSize;
        const auto fields
            = rpcscope::test::runProcess(tshark,
                                         {QStringLiteral("-n"), QStringLiteral("-r"), out, QStringLiteral("-o"),
                                          QStringLiteral("tcp.check_checksum:TRUE"), QStringLiteral("-T"),
                                          QStringLiteral("fields"), QStringLiteral("-e"), QStringLiteral("tcp.len")});
        QCOMPARE(fields.exitCode, 0);
        qint64 tcpBytes = 0;
        for (const QByteArray& line : fields.out.split('\n'))
            tcpBytes += line.trimmed().toLongLong();
        QCOMPARE(tcpBytes, messageBytes);

        const auto problems = rpcscope::test::runProcess(
            tshark,
            {QStringLiteral("-n"), QStringLiteral("-r"), out, QStringLiteral("-o"),
             QStringLiteral("tcp.check_checksum:TRUE"), QStringLiteral("-o"), QStringLiteral("ip.check_checksum:TRUE"),
             QStringLiteral("-Y"),
             QStringLiteral("tcp.checksum.status == 0 || ip.checksum.status == 0 || tcp.analysis.lost_segment "
                            "|| tcp.analysis.retransmission || tcp.analysis.out_of_order || _ws.malformed")});
        QCOMPARE(problems.exitCode, 0);
        QVERIFY2(problems.out.trimmed().isEmpty(), problems.out.constData());
    }

    void unwritablePathIsAnError()
    {
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        QVERIFY(load(store, registry, {rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"))}));
        const QString path = QStringLiteral("/nonexistent-dir/calls");
        for (auto format : {CallExporter::Format::Jsonl, CallExporter::Format::Pcap}) {
            const Status status = CallExporter::write(store, {0}, path, format);
            QVERIFY(!status.ok());
            QVERIFY2(status.error().contains(path), qPrintable(status.error()));
        }
    }
};

QTEST_GUILESS_MAIN(TestCallExporter)
#include "tst_callexporter.moc"
