// The TLS stage end to end (capture/tls/tlsdecryptingsink) on the real captures of tests/data/tls: XML-RPC and
// Pyro4 over TLS decode exactly as the same calls in the clear, the plaintext equals tshark's with the same key
// log, each message shows the records that carried it (two buffers, both linked to the tree), a stored call
// decodes again to the same tree, keys come from key-log files and pcapng secrets blocks, and every connection
// that is not decrypted is listed with its server name and the reason.
#include "tlspipeline.h"

#include "../../core/jrmp/pcapreplay.h"
#include "../recordingsink.h"
#include "callformat.h"
#include "models/callstore.h"
#include "tls/tlscarrier.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;
using test::decodeWithKeys;

namespace {

// A call as JSON without what differs between two runs of the same calls: times and ports. (A decrypted call has
// no more: its line is the line of the same call in the clear.)
QJsonObject comparable(const Call& call)
{
    QJsonObject o = QJsonDocument::fromJson(callToJson(call)).object();
    for (const char* key : {"start", "latency_ms", "client", "server"})
        o.remove(QLatin1String(key));
    // Pyro4's handshake reply lists the exposed methods in the order of a Python set: not stable between runs.
    if (o.value(QLatin1String("method")) == QLatin1String("<connect>"))
        o.remove(QLatin1String("result"));
    return o;
}

bool sameTreesBelow(const DecodeNode& a, const DecodeNode& b, int bufferShift, QString* where)
{
    if (a.name != b.name || a.value != b.value || a.offset != b.offset || a.length != b.length
        || a.buffer != b.buffer + bufferShift || a.children.size() != b.children.size()) {
        *where = QStringLiteral("%1 = %2 [b%3:%4,%5] vs %6 = %7 [b%8:%9,%10]")
                     .arg(a.name, a.value)
                     .arg(a.buffer)
                     .arg(a.offset)
                     .arg(a.length)
                     .arg(b.name, b.value)
                     .arg(b.buffer)
                     .arg(b.offset)
                     .arg(b.length);
        return false;
    }
    for (std::size_t i = 0; i < a.children.size(); ++i) {
        if (!sameTreesBelow(a.children[i], b.children[i], bufferShift, where))
            return false;
    }
    return true;
}

// tshark's decrypted streams: `tshark -z follow,tls,raw,N` prints each direction's chunks as hex, the second
// node's indented.
std::pair<QByteArray, QByteArray> tsharkStreams(const QString& capture, const QString& keys, int stream)
{
    QProcess p;
    p.start(test::tsharkPath(),
            {QStringLiteral("-r"), capture, QStringLiteral("-o"), QStringLiteral("tls.keylog_file:") + keys,
             QStringLiteral("-q"), QStringLiteral("-z"), QStringLiteral("follow,tls,raw,%1").arg(stream)});
    p.waitForFinished(60000);
    QByteArray first;
    QByteArray second;
    for (const QByteArray& line : p.readAllStandardOutput().split('\n')) {
        const QByteArray hex = line.trimmed();
        if (hex.isEmpty()
            || !QRegularExpression(QStringLiteral("^[0-9a-f]+$")).match(QString::fromLatin1(hex)).hasMatch())
            continue;
        (line.startsWith('\t') ? second : first) += QByteArray::fromHex(hex);
    }
    return {first, second};
}

// Runs real TLS (Python's ssl over memory BIOs, OpenSSL underneath) between two ends that send the given plaintext
// segments in order, and prints what went over the wire: one "DIRECTION HEX" line per TLS flight. The client writes
// its secrets to KEYLOG. Input: the plaintext segments as "DIRECTION HEX" lines. Args: CERT KEY KEYLOG.
const char kTlsWrap[] = R"(
import ssl, sys
cert, key, keylog = sys.argv[1:4]
server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server_ctx.load_cert_chain(cert, key)
client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
client_ctx.check_hostname = False
client_ctx.verify_mode = ssl.CERT_NONE
client_ctx.keylog_filename = keylog
bios = [(ssl.MemoryBIO(), ssl.MemoryBIO()), (ssl.MemoryBIO(), ssl.MemoryBIO())]
ends = [client_ctx.wrap_bio(bios[0][0], bios[0][1], server_hostname="localhost"),
        server_ctx.wrap_bio(bios[1][0], bios[1][1], server_side=True)]
def flush(side):
    data = bios[side][1].read()
    if data:
        print(side, data.hex())
        bios[1 - side][0].write(data)
def drain(side):
    while True:
        try:
            if not ends[side].read(65536):
                return
        except ssl.SSLWantReadError:
            return
done = [False, False]
while not all(done):
    for side in (0, 1):
        if not done[side]:
            try:
                ends[side].do_handshake()
                done[side] = True
            except ssl.SSLWantReadError:
                pass
        flush(side)
for line in sys.stdin:
    side, payload = line.split()
    side = int(side)
    drain(1 - side)
    flush(1 - side)
    ends[side].write(bytes.fromhex(payload))
    flush(side)
)";

} // namespace

class TestTlsDecryptingSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameCallsAsInTheClear_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("keys");
        QTest::addColumn<QString>("clear");
        QTest::addColumn<int>("connections");
        QTest::addRow("XML-RPC, TLS 1.2 and 1.3, six suites") << "tls/tls-xmlrpc.pcap"
                                                              << "tls/tls-xmlrpc.keys"
                                                              << "tls/clear-xmlrpc.pcap" << 6;
        QTest::addRow("Pyro4 with SSL=True") << "tls/tls-pyro4.pcap"
                                             << "tls/tls-pyro4.keys"
                                             << "tls/clear-pyro4.pcap" << 1;
    }
    void sameCallsAsInTheClear()
    {
        QFETCH(QString, capture);
        QFETCH(QString, keys);
        QFETCH(QString, clear);
        QFETCH(int, connections);
        const test::TlsDecode tls = decodeWithKeys(capture, {keys});
        const test::TlsDecode plain = decodeWithKeys(clear, {});
        QVERIFY(tls.error.isEmpty());
        QVERIFY(!plain.calls.empty());
        QCOMPARE(tls.calls.size(), plain.calls.size() * std::size_t(connections));
        QCOMPARE(tls.tls.connections, connections);
        QCOMPARE(tls.tls.decrypted, connections);
        QCOMPARE(tls.tls.undecryptedCount, 0);
        QCOMPARE(plain.tls.connections, 0);
        for (std::size_t i = 0; i < tls.calls.size(); ++i) {
            const Call& call = tls.calls[i];
            QCOMPARE(comparable(call), comparable(plain.calls[i % plain.calls.size()]));
            QVERIFY(call.request->tls && call.request->tls->decrypted());
            QVERIFY(call.response->tls && call.response->tls->decrypted());
            // Sizes are those on the wire: the records, header and tag included.
            QVERIFY(call.requestSize() > plain.calls[i % plain.calls.size()].requestSize());
        }
    }

    // The decrypted bytes equal those tshark decrypts with the same key log, byte for byte, in both directions of
    // every connection (tshark is an independent implementation of the whole of it).
    void sameBytesAsTshark_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("keys");
        QTest::addRow("XML-RPC, six suites") << "tls/tls-xmlrpc.pcap"
                                             << "tls/tls-xmlrpc.keys";
        QTest::addRow("Pyro4") << "tls/tls-pyro4.pcap"
                               << "tls/tls-pyro4.keys";
        QTest::addRow("HelloRetryRequest and KeyUpdates") << "tls/tls13-hrr-keyupdate.pcap"
                                                          << "tls/tls13-hrr-keyupdate.keys";
    }
    void sameBytesAsTshark()
    {
        QFETCH(QString, capture);
        QFETCH(QString, keys);
        if (test::tsharkPath().isEmpty())
            QSKIP("tshark is not installed");
        TlsKeySource source;
        QVERIFY(source.addFile(test::dataPath(keys)).ok());
        test::RecordingSink plaintext;
        TlsDecryptingSink stage(plaintext, source, {});
        auto file = PcapFileSource::open(test::dataPath(capture));
        QVERIFY(file.ok());
        PacketProcessor processor(*PacketDecoder::forLinkType((*file)->linkType()), stage);
        (*file)->readAll(processor);
        processor.finish();
        QVERIFY(!plaintext.streams.empty());
        int stream = 0;
        for (const auto& [id, s] : plaintext.streams) {
            const auto [first, second] = tsharkStreams(test::dataPath(capture), test::dataPath(keys), stream++);
            QVERIFY2(!first.isEmpty() && !second.isEmpty(), "tshark decrypted nothing");
            const bool clientFirst = first.left(16) == s.bytes[0].left(16);
            QCOMPARE(clientFirst ? first : second, s.bytes[0]);
            QCOMPARE(clientFirst ? second : first, s.bytes[1]);
        }
    }

    // A decrypted message: buffer 0 holds the records that carried it, buffer 1 the decrypted bytes the protocol
    // decoder read; the tls node comes first and its records lie over buffer 0, everything else over buffer 1, and
    // the decoded tree is the same as in the clear but for that.
    void buffersAndTree()
    {
        const test::TlsDecode tls
            = decodeWithKeys(QStringLiteral("tls/tls-xmlrpc.pcap"), {QStringLiteral("tls/tls-xmlrpc.keys")}, true);
        const test::TlsDecode plain = decodeWithKeys(QStringLiteral("tls/clear-xmlrpc.pcap"), {}, true);
        const QByteArray wire
            = test::replayPcap(test::readData(QStringLiteral("tls/tls-xmlrpc.pcap")), nullptr)[3].bytes[0];
        const Call& call = tls.calls[12]; // add(3, 4) on the TLS 1.3 AES-128 connection
        const Call& clear = plain.calls[0];
        QCOMPARE(call.method(), QStringLiteral("add"));
        const DecodedMessage& m = *call.request;
        QCOMPARE(m.bufferNames.at(0), QStringLiteral("TLS records"));
        QCOMPARE(m.bufferNames.at(1), QStringLiteral("Decrypted"));
        QVERIFY(m.buffers[1].startsWith("POST /RPC2 HTTP/1.1\r\n"));
        QCOMPARE(tls::decodedBytes(m), m.buffers[1]);
        // The records are a piece of the client's TCP stream, as sent.
        QVERIFY(wire.contains(m.buffers[0]));
        const DecodeNode& tlsNode = m.tree.children.front();
        QCOMPARE(tlsNode.name, QStringLiteral("tls"));
        QCOMPARE(tlsNode.buffer, 0);
        QCOMPARE(tlsNode.length, m.buffers[0].size());
        QCOMPARE(tlsNode.find(u"server_name")->value, QStringLiteral("localhost"));
        QVERIFY(tlsNode.find(u"cipher_suite")->value.startsWith(QStringLiteral("TLS_AES_128_GCM_SHA256")));
        // The record nodes cover buffer 0 back to back; their decrypted parts cover buffer 1 back to back.
        qint64 wireAt = 0;
        qint64 plainAt = 0;
        for (const DecodeNode& record : tlsNode.children) {
            if (record.name != QLatin1String("record"))
                continue;
            QCOMPARE(record.offset, wireAt);
            wireAt += record.length;
            const DecodeNode* decrypted = record.find(u"decrypted");
            QVERIFY(decrypted);
            QCOMPARE(decrypted->buffer, 1);
            QCOMPARE(decrypted->offset, plainAt);
            plainAt += decrypted->length;
            const DecodeNode* tag = record.find(u"authentication_tag");
            QCOMPARE(tag->length, 16);
            QCOMPARE(tag->offset + tag->length, record.offset + record.length);
        }
        QCOMPARE(wireAt, m.buffers[0].size());
        QCOMPARE(plainAt, m.buffers[1].size());
        // Clicking a byte of the records finds a record field; a byte of the decrypted buffer a decoded field.
        QCOMPARE(m.tree.deepestAt(0, 0)->name, QStringLiteral("content_type"));
        const qint64 methodAt = m.buffers[1].indexOf("<methodName>add");
        QCOMPARE(m.tree.deepestAt(1, methodAt + 12)->value, QStringLiteral("add"));
        // Below the tls node, the tree of the clear call, read from buffer 1.
        DecodeNode withoutTls = m.tree;
        withoutTls.children.erase(withoutTls.children.begin());
        QString where;
        QVERIFY2(sameTreesBelow(withoutTls.children.back(), clear.request->tree.children.back(), 1, &where),
                 qPrintable(where));
        // The reply is gzip-compressed in neither; the big echo's is: its inflated body becomes buffer 2.
        const DecodedMessage& big = *tls.calls[15].response;
        QCOMPARE(big.buffers.size(), std::size_t(3));
        QVERIFY(big.bufferNames.at(2).contains(QStringLiteral("inflated")) || !big.bufferNames.at(2).isEmpty());
    }

    // The call store keeps a decrypted call as its decrypted bytes plus its records, and decodes it again to the
    // very tree the pipeline built; an encrypted call too.
    void storedCallsDecodeAgainToTheSameTree_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QStringList>("keys");
        QTest::addRow("decrypted XML-RPC") << "tls/tls-xmlrpc.pcap" << QStringList {"tls/tls-xmlrpc.keys"};
        QTest::addRow("decrypted Pyro4") << "tls/tls-pyro4.pcap" << QStringList {"tls/tls-pyro4.keys"};
        QTest::addRow("KeyUpdates") << "tls/tls13-hrr-keyupdate.pcap" << QStringList {"tls/tls13-hrr-keyupdate.keys"};
        QTest::addRow("not decrypted") << "tls/tls-xmlrpc.pcap" << QStringList();
    }
    void storedCallsDecodeAgainToTheSameTree()
    {
        QFETCH(QString, capture);
        QFETCH(QStringList, keys);
        const test::TlsDecode d = decodeWithKeys(capture, keys, true);
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        store.appendCalls(QList<Call>(d.calls.begin(), d.calls.end()));
        QCOMPARE(store.size(), int(d.calls.size()));
        for (int row = 0; row < store.size(); ++row) {
            const Call again = store.call(row, true);
            const Call& first = d.calls[row];
            QCOMPARE(again.status, first.status);
            for (const auto& [a, b] :
                 {std::pair {again.request, first.request}, std::pair {again.response, first.response}}) {
                QCOMPARE(bool(a), bool(b));
                if (!a)
                    continue;
                QCOMPARE(dumpTree(a->tree), dumpTree(b->tree));
                QCOMPARE(a->buffers, b->buffers);
                QCOMPARE(a->bufferNames, b->bufferNames);
                QCOMPARE(a->problems.size(), b->problems.size());
            }
            QCOMPARE(store.record(row).requestSize, quint32(first.requestSize()));
        }
    }

    // Java RMI over TLS: the real JRMP session of tests/data/jrmp/hello.pcap, each connection carried over real TLS
    // 1.3 (OpenSSL through Python's ssl, segment for segment), decodes to the calls of the clear session. All the
    // connections go through one pipeline, as in a capture: the registry's rebind on one names the calls on "Hello"
    // on another, the same behind TLS as in the clear.
    void javaRmiOverTlsDecodesAsInTheClear()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath(QStringLiteral("cert.pem"));
        const QString key = dir.filePath(QStringLiteral("key.pem"));
        const test::ProcessResult made = test::runProcess(
            QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
             QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("2"),
             QStringLiteral("-subj"), QStringLiteral("/CN=localhost")});
        if (made.exitCode != 0)
            QSKIP("the openssl command cannot make a certificate here");
        const auto clear = test::replayPcap(test::readData(QStringLiteral("jrmp/hello.pcap")), nullptr);
        QVERIFY(clear.size() >= 3);
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        // Both decodings, through the same pipeline: the clear segments directly, the TLS ones through the stage.
        test::CallCollector plainCalls;
        test::CallCollector tlsCalls;
        TrafficDecoder plain(registry, DecodeOptions {false, {}, {}}, plainCalls);
        TrafficDecoder decrypted(registry, DecodeOptions {false, {}, {}}, tlsCalls);
        TlsKeySource keys;
        TlsDecryptingSink stage(decrypted, keys, {});
        double ts = 1.0;
        quint64 stream = 0;
        for (const test::ReplayedConnection& c : clear) {
            QByteArray input;
            for (const auto& [d, bytes] : c.segments)
                input += QByteArray::number(index(d)) + ' ' + bytes.toHex() + '\n';
            ++stream;
            const QString keyLog = dir.filePath(QStringLiteral("keys-%1.log").arg(stream));
            const test::ProcessResult wrapped
                = test::runPython(QString::fromLatin1(kTlsWrap), {cert, key, keyLog}, input);
            QVERIFY2(wrapped.exitCode == 0, wrapped.err.constData());
            QVERIFY(keys.addFile(keyLog).ok());
            plain.streamOpened(stream, c.client, c.server, ts, true);
            stage.streamOpened(stream, c.client, c.server, ts, true);
            double plainTs = ts;
            for (const auto& [d, bytes] : c.segments)
                plain.streamData(stream, d, bytes, plainTs += 0.001);
            double tlsTs = ts;
            for (const QByteArray& line : wrapped.out.split('\n')) {
                if (line.isEmpty())
                    continue;
                stage.streamData(stream, line.startsWith('0') ? Direction::ClientToServer : Direction::ServerToClient,
                                 QByteArray::fromHex(line.mid(2)), tlsTs += 0.001);
            }
            ts = std::max(plainTs, tlsTs) + 0.001;
            plain.streamClosed(stream, ts);
            stage.streamClosed(stream, ts);
        }
        plain.finishAll(ts);
        decrypted.finishAll(ts);
        QCOMPARE(stage.stats().decrypted, qint64(clear.size()));
        QCOMPARE(tlsCalls.calls.size(), plainCalls.calls.size());
        const auto byId = [](const Call& a, const Call& b) { return a.id < b.id; };
        std::sort(plainCalls.calls.begin(), plainCalls.calls.end(), byId);
        std::sort(tlsCalls.calls.begin(), tlsCalls.calls.end(), byId);
        int named = 0;
        for (std::size_t i = 0; i < plainCalls.calls.size(); ++i) {
            QCOMPARE(tlsCalls.calls[i].protocol, QStringLiteral("jrmp"));
            QCOMPARE(comparable(tlsCalls.calls[i]), comparable(plainCalls.calls[i]));
            if (tlsCalls.calls[i].object().startsWith(QLatin1String("Hello (")))
                ++named;
        }
        QVERIFY(plainCalls.calls.size() >= 5);
        // sayHello, add, fortunes, ... on the object bound as "Hello", named on the object's own connection.
        QVERIFY2(named >= 5, qPrintable(QString::number(named)));
    }

    void secretsBlockNeedsNoKeyLog()
    {
        const test::TlsDecode d = decodeWithKeys(QStringLiteral("tls/tls13-hrr-keyupdate-dsb.pcapng"), {}, true);
        QCOMPARE(d.calls.size(), std::size_t(2));
        QCOMPARE(d.tls.decrypted, 1);
        QCOMPARE(d.calls[1].params().toArray().at(0).toDisplayString(), QStringLiteral("40"));
        const DecodeNode* keys = d.calls[0].request->tree.children.front().find(u"keys");
        QVERIFY(keys);
        QVERIFY2(keys->children.front().value.startsWith(QStringLiteral("secrets block line ")),
                 qPrintable(keys->children.front().value));
    }

    void notDecrypted_data()
    {
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("reason");
        QTest::addRow("no key log") << QStringList() << int(tls::NotDecrypted::NoKeyLog) << "no key log was given";
        QTest::addRow("another capture's key log")
            << QStringList {"tls/tls-pyro4.keys"} << int(tls::NotDecrypted::MissingKeys)
            << "the key log (tls-pyro4.keys) has no ";
    }
    void notDecrypted()
    {
        QFETCH(QStringList, keys);
        QFETCH(int, kind);
        QFETCH(QString, reason);
        const test::TlsDecode d = decodeWithKeys(QStringLiteral("tls/tls-xmlrpc.pcap"), keys, true);
        QCOMPARE(d.tls.connections, 6);
        QCOMPARE(d.tls.decrypted, 0);
        QCOMPARE(d.tls.undecryptedCount, 6);
        for (const TlsStats::Undecrypted& u : d.tls.undecrypted) {
            QCOMPARE(u.serverName, QStringLiteral("localhost"));
            QCOMPARE(int(u.kind), kind);
        }
        QVERIFY2(d.tls.undecrypted.front().reason.startsWith(reason), qPrintable(d.tls.undecrypted.front().reason));
        // Nothing hidden: every connection is listed, call by call, as encrypted, with the reason in its tree and
        // in its JSON.
        QVERIFY(!d.calls.empty());
        for (const Call& call : d.calls) {
            QCOMPARE(call.protocol, QStringLiteral("tls"));
            QCOMPARE(call.status, CallStatus::Encrypted);
            const DecodeNode* why = call.request->tree.find(u"connection/not_decrypted");
            QVERIFY(why);
            QVERIFY(why->value.startsWith(reason));
            const QJsonObject json = QJsonDocument::fromJson(callToJson(call)).object();
            QCOMPARE(json.value(QLatin1String("status")).toString(), QStringLiteral("encrypted"));
            const QJsonObject layer = json.value(QLatin1String("tls")).toObject();
            QCOMPARE(layer.value(QLatin1String("decrypted")).toBool(true), false);
            QVERIFY(layer.value(QLatin1String("reason")).toString().startsWith(reason));
            QCOMPARE(layer.value(QLatin1String("server_name")).toString(), QStringLiteral("localhost"));
        }
        const QStringList lines = d.tls.describe(QStringLiteral("HOW"));
        QCOMPARE(
            lines.first(),
            QStringLiteral("6 TLS connections could not be decrypted (listed as protocol tls, status encrypted):"));
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("  6 to localhost: ") + reason), qPrintable(lines.at(1)));
        QCOMPARE(lines.last(), QStringLiteral("  HOW"));
    }

    // A live capture reads the key log while the client writes it: a connection whose keys are not there yet is
    // held, and decrypted as soon as they are; one whose keys never come is passed on encrypted after the wait.
    void keysArriveDuringALiveCapture()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("keys.log"));
        TlsKeySource keys;
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# SSL/TLS secrets log file, generated by OpenSSL\n");
        file.flush();
        QVERIFY(keys.addFile(path).ok());
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        test::CallCollector calls;
        TrafficDecoder traffic(registry, DecodeOptions {false, {}, {}}, calls);
        TlsDecryptingSink::Options options;
        options.live = true;
        options.maxWaitSeconds = 5;
        TlsDecryptingSink stage(traffic, keys, options);
        const auto connections = test::replayPcap(test::readData(QStringLiteral("tls/tls-xmlrpc.pcap")), nullptr);
        const QByteArray keyText = test::readData(QStringLiteral("tls/tls-xmlrpc.keys"));
        // Connection 0 (TLS 1.2) gets its keys a moment after its handshake; connection 4 (TLS 1.3) never does.
        for (int k : {0, 4}) {
            const test::ReplayedConnection& c = connections[k];
            stage.streamOpened(c.id, c.client, c.server, 100.0, true);
            double ts = 100.0;
            for (const auto& [d, bytes] : c.segments)
                stage.streamData(c.id, d, bytes, ts += 0.001);
        }
        QVERIFY(calls.calls.empty());
        QCOMPARE(stage.heldConnections(), 2);
        // The client appends its line; the next look at the file finds it.
        const QByteArray random = connections[0].bytes[0].mid(11, 32).toHex();
        for (const QByteArray& line : keyText.split('\n')) {
            if (line.startsWith(QByteArray("CLIENT_RANDOM " + random)))
                file.write(line + '\n');
        }
        file.flush();
        QTest::qWait(30);
        stage.poll(101.0);
        QCOMPARE(stage.heldConnections(), 1);
        QCOMPARE(calls.calls.size(), std::size_t(4));
        QCOMPARE(calls.calls[0].method(), QStringLiteral("add"));
        stage.poll(107.0);
        QCOMPARE(stage.heldConnections(), 0);
        QCOMPARE(stage.stats().decrypted, 1);
        QCOMPARE(stage.stats().undecryptedCount, 1);
        QVERIFY(stage.stats().undecrypted.front().reason.endsWith(QStringLiteral("(waited 5 s for it)")));
    }
};

QTEST_GUILESS_MAIN(TestTlsDecryptingSink)
#include "tst_tlsdecryptingsink.moc"
