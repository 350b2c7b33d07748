// TLS records that stay encrypted (core/tls/tlsdecoder): recognised by their ClientHello on any port, framed into
// the bursts each side sends, shown with their headers and the handshake sent in the clear, status encrypted; and
// hostile records (forged lengths, unknown types, cut records) as errors with their place.
#include "tlsfixtures.h"

#include "callformat.h"
#include "tls/tlsdecoder.h"
#include "trafficdecoder.h"

#include <QTest>

using namespace rpcscope;

namespace {

std::vector<Call> decodeConnection(const test::ReplayedConnection& c, bool trees = true)
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector calls;
    DecodeOptions options;
    options.buildTree = trees;
    TrafficDecoder traffic(registry, options, calls);
    traffic.streamOpened(1, c.client, c.server, 1.0, true);
    double ts = 1.0;
    for (const auto& [dir, bytes] : c.segments)
        traffic.streamData(1, dir, bytes, ts += 0.001);
    traffic.streamClosed(1, ts);
    return std::move(calls.calls);
}

} // namespace

class TestTlsDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void probe_data()
    {
        QTest::addColumn<QByteArray>("client");
        QTest::addColumn<QByteArray>("server");
        QTest::addColumn<bool>("startSeen");
        QTest::addColumn<int>("confidence");
        QTest::addColumn<bool>("needMore");
        QTest::addRow("ClientHello") << QByteArray::fromHex("16030102000100") << QByteArray() << true << 100 << false;
        QTest::addRow("TLS 1.0 record version, ClientHello")
            << QByteArray::fromHex("16030100a001") << QByteArray() << true << 100 << false;
        QTest::addRow("too few bytes yet") << QByteArray::fromHex("1603") << QByteArray() << true << 0 << true;
        QTest::addRow("a handshake record that is not a ClientHello")
            << QByteArray::fromHex("16030300200b") << QByteArray() << true << 0 << false;
        QTest::addRow("HTTP") << QByteArray("POST /RPC2 HTTP/1.1\r\n") << QByteArray() << true << 0 << false;
        QTest::addRow("application data, start seen")
            << QByteArray::fromHex("1703030020") << QByteArray() << true << 0 << false;
        QTest::addRow("application data, joined late")
            << QByteArray::fromHex("1703030020") << QByteArray() << false << 60 << false;
        QTest::addRow("only the server's records, joined late")
            << QByteArray() << QByteArray::fromHex("1703030020") << false << 60 << false;
        QTest::addRow("record length over the limit")
            << QByteArray::fromHex("1603014e2001") << QByteArray() << true << 0 << false;
    }
    void probe()
    {
        QFETCH(QByteArray, client);
        QFETCH(QByteArray, server);
        QFETCH(bool, startSeen);
        QFETCH(int, confidence);
        QFETCH(bool, needMore);
        ProbeInput input;
        input.client = client;
        input.server = server;
        input.startSeen = startSeen;
        const ProbeResult r = TlsDecoder().probe(input);
        QCOMPARE(r.confidence, confidence);
        QCOMPARE(r.needMoreData, needMore);
    }

    // Without keys a real connection becomes one call per exchange: the handshake, then each request/reply burst.
    void encryptedConnection_data()
    {
        QTest::addColumn<int>("connection");
        QTest::addColumn<QString>("serverHello");
        QTest::addRow("TLS 1.2") << 0 << "ServerHello TLS 1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        QTest::addRow("TLS 1.3") << 4 << "ServerHello TLS 1.3, TLS_AES_256_GCM_SHA384";
    }
    void encryptedConnection()
    {
        QFETCH(int, connection);
        QFETCH(QString, serverHello);
        const test::TlsFixture f = test::loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        const std::vector<Call> calls = decodeConnection(f.connections[connection]);
        QVERIFY(calls.size() >= 5);
        for (const Call& call : calls) {
            QCOMPARE(call.protocol, QStringLiteral("tls"));
            QCOMPARE(call.status, CallStatus::Encrypted);
            QVERIFY(call.request && call.response);
            QCOMPARE(call.request->tree.name, QStringLiteral("tls"));
        }
        const Call& hello = calls.front();
        QCOMPARE(hello.method(), QStringLiteral("handshake"));
        QVERIFY2(hello.request->summary.startsWith(QStringLiteral("ClientHello for localhost")),
                 qPrintable(hello.request->summary));
        QVERIFY2(hello.response->summary.startsWith(serverHello), qPrintable(hello.response->summary));
        const DecodeNode* name = hello.request->tree.findFirst(u"host_name");
        QVERIFY(name);
        QCOMPARE(hello.request->bytes().mid(name->offset, name->length), QByteArray("localhost"));
        QCOMPARE(calls.back().method(), QStringLiteral("application data"));
        // Every byte of the connection is in some message: nothing hidden.
        qint64 total[2] = {0, 0};
        for (const Call& call : calls) {
            total[0] += call.request->size();
            total[1] += call.response->size();
        }
        QCOMPARE(total[0], f.connections[connection].bytes[0].size());
        QCOMPARE(total[1], f.connections[connection].bytes[1].size());
        // Each record node covers exactly one record of the message.
        for (const DecodeNode& record : calls.back().request->tree.children) {
            QCOMPARE(record.name, QStringLiteral("record"));
            const QByteArray bytes = calls.back().request->bytes().mid(record.offset, record.length);
            QCOMPARE(5 + ((quint8(bytes[3]) << 8) | quint8(bytes[4])), int(bytes.size()));
        }
    }

    void hostileRecords_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<int>("records");
        const QByteArray ok = QByteArray::fromHex("1703030004") + "abcd";
        QTest::addRow("record longer than 2^14 + 256") << ok + QByteArray::fromHex("17030341ff") + QByteArray(64, 'x')
                                                       << "not a TLS record: record length 16895 exceeds the TLS "
                                                          "limit of 16640 bytes"
                                                       << 1;
        QTest::addRow("unknown content type") << ok + QByteArray::fromHex("3003030001") + "x"
                                              << "not a TLS record: content type 48 is not a TLS record type" << 1;
        QTest::addRow("not version 3.x") << ok + QByteArray::fromHex("1702030001") + "x"
                                         << "not a TLS record: record version 0x0203 is not TLS" << 1;
        QTest::addRow("cut inside a record") << ok + QByteArray::fromHex("1703030100") + QByteArray(10, 'x')
                                             << "the stream ends 10 bytes into a TLS record of 256" << 2;
        QTest::addRow("cut inside a header")
            << ok + QByteArray::fromHex("1703") << "the stream ends 2 bytes into a TLS record header" << 1;
        QTest::addRow("a ClientHello claiming 16 MB")
            << QByteArray::fromHex("160301000801ffffff03030000") << QString() << 1;
    }
    void hostileRecords()
    {
        QFETCH(QByteArray, message);
        QFETCH(QString, problem);
        QFETCH(int, records);
        DecodeOptions options;
        DecodeContext context;
        context.options = &options;
        const DecodedMessage m = TlsDecoder().decode(message, context);
        int recordNodes = 0;
        for (const DecodeNode& n : m.tree.children)
            recordNodes += n.name == QLatin1String("record");
        QCOMPARE(recordNodes, records);
        if (problem.isEmpty()) {
            QVERIFY(m.problems.empty());
            QCOMPARE(m.status, CallStatus::Encrypted);
        } else {
            QCOMPARE(m.problems.size(), std::size_t(1));
            QCOMPARE(m.problems.front().text, problem);
            QCOMPARE(m.status, CallStatus::Malformed);
            QVERIFY(m.tree.hasError());
        }
        // Every node's bytes lie inside the message.
        std::function<void(const DecodeNode&)> inside = [&](const DecodeNode& n) {
            if (n.hasBytes())
                QVERIFY2(n.offset + n.length <= message.size(), qPrintable(n.name));
            for (const DecodeNode& c : n.children)
                inside(c);
        };
        inside(m.tree);
    }

    void framer()
    {
        const std::unique_ptr<StreamFramer> framer = TlsDecoder().createFramer();
        const QByteArray record = QByteArray::fromHex("1703030004") + "abcd";
        FrameHints hints;
        // Whole records wait for the peer to answer, then go as one message; a partial record stays behind.
        QCOMPARE(framer->cut(Direction::ClientToServer, QByteArray(record + record), hints).kind,
                 FrameCut::Kind::NeedMore);
        hints.peerSpoke = true;
        const FrameCut cut
            = framer->cut(Direction::ClientToServer, QByteArray(record + record + record.left(3)), hints);
        QCOMPARE(cut.kind, FrameCut::Kind::Message);
        QCOMPARE(cut.length, 2 * record.size());
        // Bytes that are no record stop the direction, with the reason.
        const FrameCut stop = framer->cut(Direction::ClientToServer, QByteArray("GET / HTTP/1.1\r\n"), hints);
        QCOMPARE(stop.kind, FrameCut::Kind::Stop);
        QVERIFY(stop.reason.startsWith(QStringLiteral("not a TLS record")));
        // After a gap: the next place where two records follow each other.
        QCOMPARE(framer->resync(Direction::ClientToServer, QByteArray(QByteArray("xyz") + record + record)), 3);
    }
};

QTEST_GUILESS_MAIN(TestTlsDecoder)
#include "tst_tlsdecoder.moc"
