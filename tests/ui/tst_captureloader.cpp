// Calls loaded the way the window loads them (CaptureLoader on its worker thread, batches into a CallStore whose
// message bytes go to a spill file) and then selected: each shows the same tree, bytes and buffers as the same
// call decoded straight from the capture with trees, for captures of every protocol, TLS included.
#include "captureloader.h"
#include "models/callstore.h"
#include "testsupport.h"

#include "decoderregistry.h"
#include "orderedcallemitter.h"
#include "packetprocessor.h"
#include "pcapfilesource.h"
#include "pcapngsecrets.h"
#include "tlsdecryptingsink.h"
#include "tlskeysource.h"
#include "trafficdecoder.h"

#include <QFileInfo>

#include <QTest>

using namespace rpcscope;

namespace {

bool load(CallStore& store, const DecoderRegistry& registry, const QStringList& files, const QStringList& keyLogs)
{
    CaptureLoader loader(registry, DecodeOptions {});
    loader.setDecodeOptions(store.decodeOptions());
    loader.setTlsKeyLogs(keyLogs);
    QObject::connect(&loader, &CaptureLoader::callsReady, &store, &CallStore::appendEntries);
    bool done = false;
    QString failure;
    QObject::connect(&loader, &CaptureLoader::finished, &store, [&] { done = true; });
    QObject::connect(&loader, &CaptureLoader::fileFailed, &store,
                     [&](const QString&, const QString& reason) { failure = reason; });
    loader.load(files);
    if (!QTest::qWaitFor([&] { return done; }, 30000) || !failure.isEmpty()) {
        qWarning() << "load failed:" << failure;
        return false;
    }
    return true;
}

// The calls of `capture` decoded straight from the file with trees, on one thread, keys named as the loader names
// them (the key log's path, the file's secrets blocks by number).
std::vector<Call> decodeWithTrees(const QString& capture, const QStringList& keyLogs, QString* error)
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector calls;
    OrderedCallEmitter ordered(calls);
    DecodeOptions options;
    options.buildTree = true;
    TrafficDecoder traffic(registry, options, ordered);
    TlsKeySource keys;
    for (const QString& k : keyLogs) {
        if (Status added = keys.addFile(k); !added)
            *error = added.error();
    }
    int block = 0;
    for (const QByteArray& text : readPcapngTlsSecrets(capture))
        keys.addText(text, QStringLiteral("%1 secrets block %2").arg(QFileInfo(capture).fileName()).arg(++block));
    TlsDecryptingSink stage(traffic, keys, {});
    auto source = PcapFileSource::open(capture);
    if (!source) {
        *error = source.error();
        return {};
    }
    PacketProcessor processor(*PacketDecoder::forLinkType((*source)->linkType()), stage);
    (*source)->readAll(processor);
    processor.finish();
    traffic.finishAll(0.0);
    return std::move(calls.calls);
}

// What the details view shows of a message: the tree with descriptions, and every buffer the tree points into.
QString shown(const std::shared_ptr<const DecodedMessage>& m)
{
    if (!m)
        return QStringLiteral("(none)");
    QString text = dumpTree(m->tree, true);
    for (std::size_t i = 0; i < m->buffers.size(); ++i) {
        text += QStringLiteral("\nbuffer %1 %2: %3")
                    .arg(i)
                    .arg(i < m->bufferNames.size() ? m->bufferNames[i] : QString())
                    .arg(QString::fromLatin1(m->buffers[i].toHex()));
    }
    return text;
}

} // namespace

class TestCaptureLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void selectedCallMatchesAFreshDecode_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QStringList>("keyLogs");
        for (const char* c : {"xmlrpc/xmlrpc-keepalive.pcap", "xmlrpc/xmlrpc-types.pcap", "xmlrpc/xmlrpc-fidelity.pcap",
                              "pyro4/pyro4-serpent.pcap", "pyro4/pyro4-pickle.pcap", "pyro4/pyro4-extras.pcap",
                              "pyro5/pyro5-msgpack.pcap", "pyro5/pyro5-extras.pcap", "jrmp/hello.pcap"})
            QTest::addRow("%s", c) << QString::fromLatin1(c) << QStringList();
        QTest::addRow("tls xml-rpc") << "tls/tls-xmlrpc.pcap" << QStringList {"tls/tls-xmlrpc.keys"};
        QTest::addRow("tls 1.3 secrets block") << "tls/tls13-hrr-keyupdate-dsb.pcapng" << QStringList();
    }

    void selectedCallMatchesAFreshDecode()
    {
        QFETCH(QString, capture);
        QFETCH(QStringList, keyLogs);
        QStringList keyPaths;
        for (const QString& k : keyLogs)
            keyPaths << test::dataPath(k);
        QString error;
        const std::vector<Call> fresh = decodeWithTrees(test::dataPath(capture), keyPaths, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!fresh.empty());

        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        QVERIFY(load(store, registry, {test::dataPath(capture)}, keyPaths));
        QCOMPARE(std::size_t(store.size()), fresh.size());
        for (int row = 0; row < store.size(); ++row) {
            const Call& expected = fresh[std::size_t(row)];
            // Selecting a call: decoded again with trees from the bytes read back from the spill file.
            const Call selected = store.call(row, true);
            QCOMPARE(selected.id, expected.id);
            QCOMPARE(selected.status, expected.status);
            QCOMPARE(shown(selected.request), shown(expected.request));
            QCOMPARE(shown(selected.response), shown(expected.response));
        }
    }

    void storedCallsDoNotHoldTheirBytesInMemory()
    {
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        QVERIFY(load(store, registry, {test::dataPath(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap"))}, {}));
        QVERIFY(store.size() > 0);
        for (int row = 0; row < store.size(); ++row) {
            const StoredCall& stored = store.stored(row);
            QVERIFY(stored.request && !stored.request->bytes.isEmpty());
            // In the spill file, read back when the call is selected.
            QVERIFY(!stored.request->bytes.inMemory());
            QVERIFY(!stored.response || !stored.response->bytes.inMemory());
            QCOMPARE(stored.request->bytes.size(), qsizetype(store.record(row).requestSize));
        }
    }
};

QTEST_MAIN(TestCaptureLoader)
#include "tst_captureloader.moc"
