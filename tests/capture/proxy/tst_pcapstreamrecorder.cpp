// What the proxy's --write produces, read back through our own pcap reader and TCP reassembly: the same streams
// byte for byte, with a real handshake, segments that fit in an IPv4 packet, FIN or RST where the stream ended.
#include "../recordingsink.h"
#include "packetprocessor.h"
#include "pcapfilesource.h"
#include "pcapstreamrecorder.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

class TestPcapStreamRecorder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamsReadBackIdentical()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("proxy.pcap"));
        QByteArray big(300 * 1024, Qt::Uninitialized);
        QRandomGenerator(7).fillRange(reinterpret_cast<quint32*>(big.data()), big.size() / 4);
        const Endpoint client {QStringLiteral("127.0.0.1"), 40000};
        const Endpoint server {QStringLiteral("127.0.0.1"), 8000};
        const Endpoint client6 {QStringLiteral("::1"), 40001};
        const Endpoint server6 {QStringLiteral("::1"), 8001};
        {
            auto recorder = PcapStreamRecorder::create(path);
            QVERIFY(recorder.ok());
            PcapStreamRecorder& r = **recorder;
            r.streamOpened(1, client, server, 1000.0, true);
            r.streamOpened(2, client6, server6, 1000.1, true);
            r.streamData(1, Direction::ClientToServer, "POST /RPC2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi", 1000.2);
            r.streamData(1, Direction::ServerToClient, big, 1000.3);
            r.streamData(2, Direction::ClientToServer, "ping", 1000.4);
            r.streamEnded(1, Direction::ClientToServer, 1000.5, false);
            r.streamEnded(1, Direction::ServerToClient, 1000.6, false);
            r.streamClosed(1, 1000.6);
            r.streamEnded(2, Direction::ServerToClient, 1000.7, true);
            r.streamClosed(2, 1000.7);
            QVERIFY(r.flush().ok());
            QVERIFY(r.packetsWritten() > 10);
        }

        auto source = PcapFileSource::open(path);
        QVERIFY2(source.ok(), source ? "" : qPrintable(source.error()));
        auto decoder = PacketDecoder::forLinkType((*source)->linkType());
        QVERIFY(decoder.ok());
        RecordingSink sink;
        PacketProcessor processor(*decoder, sink);
        qint64 largest = 0;
        QCOMPARE((*source)->readAll(processor,
                                    [&](const RawPacket& p) { largest = std::max<qint64>(largest, p.data.size()); }),
                 PcapFileSource::Status::End);
        processor.finish();
        QVERIFY(processor.stats().clean());
        QCOMPARE(processor.reassembler().stats().gaps, 0);
        // Ethernet + IPv4 + TCP headers around at most PcapStreamRecorder::maxSegment bytes: one IPv4 packet.
        QVERIFY2(largest <= 14 + 65535, qPrintable(QString::number(largest)));
        QVERIFY(largest > 60000); // the 300 KiB reply went out in large segments

        QCOMPARE(sink.streams.size(), size_t(2));
        const RecordingSink::Stream& s1 = sink.streams.begin()->second;
        QVERIFY(s1.startSeen);
        QCOMPARE(s1.client, client);
        QCOMPARE(s1.server, server);
        QCOMPARE(s1.bytes[0], QByteArray("POST /RPC2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi"));
        QCOMPARE(s1.bytes[1], big);
        QVERIFY(s1.ended[0] && s1.ended[1] && !s1.reset && s1.closed);
        const RecordingSink::Stream& s2 = std::next(sink.streams.begin())->second;
        QCOMPARE(s2.client, client6);
        QCOMPARE(s2.bytes[0], QByteArray("ping"));
        QVERIFY(s2.reset);
    }

    void unwritablePathIsAnError()
    {
        auto recorder = PcapStreamRecorder::create(QStringLiteral("/nonexistent-dir/x.pcap"));
        QVERIFY(!recorder.ok());
        QVERIFY2(recorder.error().contains(QStringLiteral("/nonexistent-dir/x.pcap")), qPrintable(recorder.error()));
    }
};

QTEST_GUILESS_MAIN(TestPcapStreamRecorder)
#include "tst_pcapstreamrecorder.moc"
