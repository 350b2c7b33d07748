// LiveCallPrinter: the lines `rpcscope-cli capture` and `proxy` print, written the moment a call completes, or, for
// the proxy, gathered and written when its event loop is about to wait.
#include "decoderregistry.h"
#include "livecallprinter.h"
#include "packetprocessor.h"
#include "pcapfilesource.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <memory>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// The calls of a real capture (Python's xmlrpc.client and server, kept-alive connection), decoded as the CLI does.
std::vector<Call> callsOf(const QString& capture)
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    DecodeOptions options;
    options.buildTree = false;
    CallCollector collector;
    auto source = PcapFileSource::open(dataPath(capture));
    if (!source)
        return {};
    auto packetDecoder = PacketDecoder::forLinkType((*source)->linkType());
    if (!packetDecoder)
        return {};
    TrafficDecoder decoder(registry, options, collector);
    PacketProcessor processor(*packetDecoder, decoder);
    (*source)->readAll(processor);
    processor.finish();
    decoder.finishAll(processor.stats().lastTimestamp);
    return std::move(collector.calls);
}

QByteArray fileText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(cannot read)");
}

} // namespace

class TestLiveCallPrinter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachLineIsWrittenAtOnce_data()
    {
        QTest::addColumn<bool>("eachLine");
        QTest::addRow("flushed per line (capture)") << true;
        QTest::addRow("flushed by the caller (proxy)") << false;
    }

    void eachLineIsWrittenAtOnce()
    {
        QFETCH(bool, eachLine);
        std::vector<Call> calls = callsOf(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap"));
        QVERIFY(calls.size() >= 2);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.jsonl"));
        // A buffer larger than all the lines (glibc takes the size only with a buffer): what is in the file was
        // flushed. The file is closed before its buffer goes.
        std::vector<char> buffer(1 << 20);
        const std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(QFile::encodeName(path).constData(), "w"),
                                                                  &std::fclose);
        QVERIFY(out);
        std::setvbuf(out.get(), buffer.data(), _IOFBF, buffer.size());
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        LiveCallPrinter printer(out.get(), LiveCallPrinter::Format::Jsonl, registry, 0);
        printer.setFlushEachLine(eachLine);
        const QString firstMethod = calls[0].method();
        const qsizetype count = qsizetype(calls.size());
        for (Call& call : calls)
            printer.callFinished(std::move(call));

        // What a reader of the file sees before the printer is told to flush: every line, or (the proxy's way)
        // none yet.
        const QByteArray before = fileText(path);
        if (eachLine) {
            QCOMPARE(before.count('\n'), count);
        } else {
            QCOMPARE(before, QByteArray());
        }
        QVERIFY(printer.flush());
        const QByteArray after = fileText(path);
        QCOMPARE(after.count('\n'), count);
        QVERIFY2(after.startsWith("{\"protocol\":\"xmlrpc\""), after.left(80).constData());
        QVERIFY(after.contains(QByteArray("\"method\":\"" + firstMethod.toUtf8() + '"')));
        QCOMPARE(printer.printed(), qint64(count));
        QVERIFY(printer.ok());
    }

    void aFlushThatCannotWriteIsReported()
    {
        // /dev/full takes writes into the buffer and refuses them at the flush, as a full disk does.
        const std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen("/dev/full", "w"), &std::fclose);
        if (!out)
            QSKIP("no /dev/full on this machine");
        std::vector<Call> calls = callsOf(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap"));
        QVERIFY(!calls.empty());
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        LiveCallPrinter printer(out.get(), LiveCallPrinter::Format::Text, registry, 0);
        printer.setFlushEachLine(false);
        printer.callFinished(std::move(calls[0]));
        QVERIFY(printer.ok()); // nothing was written yet
        QVERIFY(!printer.flush());
        QVERIFY(!printer.ok());
    }
};

QTEST_GUILESS_MAIN(TestLiveCallPrinter)
#include "tst_livecallprinter.moc"
