// PcapFileSource with PacketProcessor: captures of every supported link type, in pcap and pcapng, become the same
// stream events; frames that are not TCP, cut by the snapshot length or cut off at the end of the file are counted
// and reported; files that cannot be read give one sentence naming the file and the reason.
#include "capturebuilder.h"
#include "packetprocessor.h"
#include "pcapfilesource.h"
#include "recordingsink.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

constexpr Direction C2S = Direction::ClientToServer;
constexpr Direction S2C = Direction::ServerToClient;
using Format = CaptureBuilder::Format;

const Endpoint kClient4 {QStringLiteral("192.0.2.10"), 40000};
const Endpoint kServer4 {QStringLiteral("192.0.2.20"), 8000};
const Endpoint kClient6 {QStringLiteral("2001:db8::10"), 40000};
const Endpoint kServer6 {QStringLiteral("2001:db8::20"), 8000};

// A whole conversation: handshake, a request in two segments, a response, both FINs.
void addConversation(CaptureBuilder& capture, TcpSynthesizer& tcp, NullOrder order = NullOrder::Little)
{
    capture.add(tcp, tcp.handshake(100.0), order);
    capture.add(tcp, tcp.send(C2S, "REQUEST", 100.25, 4), order);
    capture.add(tcp, tcp.send(S2C, "RESPONSE", 100.5), order);
    capture.add(tcp, tcp.fin(C2S, 100.75), order);
    capture.add(tcp, tcp.fin(S2C, 101.0), order);
}

QStringList conversationEvents(const Endpoint& client, const Endpoint& server)
{
    return {QStringLiteral("open 1 %1 > %2 start").arg(client.toString(), server.toString()),
            QStringLiteral("data 1 > REQUEST"),
            QStringLiteral("data 1 < RESPONSE"),
            QStringLiteral("end 1 > fin"),
            QStringLiteral("end 1 < fin"),
            QStringLiteral("close 1")};
}

struct ReadOutcome
{
    PcapFileSource::Status status = PcapFileSource::Status::Error;
    QString error;
    int linkType = -1;
    RecordingSink sink;
    CaptureStats stats;
    std::vector<double> timestamps;
};

// Opens `path` and reads it to the end through a PacketProcessor into a RecordingSink.
std::unique_ptr<ReadOutcome> readCapture(const QString& path)
{
    auto outcome = std::make_unique<ReadOutcome>();
    auto source = PcapFileSource::open(path);
    if (!source) {
        outcome->error = source.error();
        return outcome;
    }
    outcome->linkType = (*source)->linkType();
    auto decoder = PacketDecoder::forLinkType((*source)->linkType());
    if (!decoder) {
        outcome->error = decoder.error();
        return outcome;
    }
    PacketProcessor processor(*decoder, outcome->sink);
    outcome->status = (*source)->readAll(processor, [&](const RawPacket& p) { outcome->timestamps.push_back(p.ts); });
    if (outcome->status != PcapFileSource::Status::End)
        outcome->error = (*source)->errorString();
    processor.finish();
    outcome->stats = processor.stats();
    return outcome;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

// An IPv4/UDP frame (a DNS query, say) and an ARP frame: neither is TCP.
QByteArray udpFrame()
{
    QByteArray f = QByteArray::fromHex("020000000002020000000001"
                                       "0800"
                                       "4500001c00004000401100000a0000010a000002"
                                       "d431003500080000");
    return f;
}
QByteArray arpFrame()
{
    return QByteArray::fromHex("ffffffffffff020000000001"
                               "0806"
                               "0001080006040001020000000001c0000201000000000000c0000202");
}

} // namespace

class TestPcapFileSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linkTypes_data()
    {
        QTest::addColumn<int>("fileLinkType");
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("v6");
        QTest::addColumn<int>("nullOrder");
        auto row = [](const char* name, int link, Format format, bool v6, NullOrder order = NullOrder::Little) {
            QTest::addRow("%s", name) << link << int(format) << v6 << int(order);
        };
        row("Ethernet IPv4", LinkType::Ethernet, Format::Pcap, false);
        row("Ethernet IPv6", LinkType::Ethernet, Format::Pcap, true);
        row("Linux cooked v1 IPv4", LinkType::LinuxSll, Format::Pcap, false);
        row("Linux cooked v1 IPv6", LinkType::LinuxSll, Format::Pcap, true);
        row("Linux cooked v2 IPv4", LinkType::LinuxSll2, Format::Pcap, false);
        row("Linux cooked v2 IPv6", LinkType::LinuxSll2, Format::Pcap, true);
        row("BSD loopback little-endian IPv4", LinkType::Null, Format::Pcap, false);
        row("BSD loopback big-endian IPv4", LinkType::Null, Format::Pcap, false, NullOrder::Big);
        row("BSD loopback IPv6", LinkType::Null, Format::Pcap, true);
        row("OpenBSD loop IPv4", LinkType::Loop, Format::Pcap, false);
        row("raw IP with IPv4", LinkType::Raw, Format::Pcap, false);
        row("raw IP with IPv6", LinkType::Raw, Format::Pcap, true);
        row("raw IPv4", LinkType::Ipv4, Format::Pcap, false);
        row("raw IPv6", LinkType::Ipv6, Format::Pcap, true);
        row("pcapng Ethernet IPv4", LinkType::Ethernet, Format::PcapNg, false);
        row("pcapng Linux cooked v2 IPv6", LinkType::LinuxSll2, Format::PcapNg, true);
        row("pcapng raw IPv4", LinkType::Raw, Format::PcapNg, false);
    }
    void linkTypes()
    {
        QFETCH(int, fileLinkType);
        QFETCH(int, format);
        QFETCH(bool, v6);
        QFETCH(int, nullOrder);
        const Endpoint client = v6 ? kClient6 : kClient4;
        const Endpoint server = v6 ? kServer6 : kServer4;
        TcpSynthesizer tcp(client, server);
        CaptureBuilder capture(fileLinkType, Format(format));
        addConversation(capture, tcp, NullOrder(nullOrder));
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("link.cap"), capture.bytes());

        const auto read = readCapture(path);
        QCOMPARE(read->error, QString());
        QCOMPARE(read->status, PcapFileSource::Status::End);
        QVERIFY2(PacketDecoder::supportsLinkType(read->linkType), qPrintable(QString::number(read->linkType)));
        QCOMPARE(read->sink.merged(), conversationEvents(client, server));
        QCOMPARE(read->stats.packets, capture.packets());
        QCOMPARE(read->stats.tcpPackets, capture.packets());
        QVERIFY(read->stats.clean());
        QCOMPARE(read->stats.firstTimestamp, 100.0);
        QCOMPARE(read->stats.lastTimestamp, 101.0);
    }

    void otherProtocolsAreSkipped()
    {
        TcpSynthesizer tcp(kClient4, kServer4);
        CaptureBuilder capture;
        capture.add(99.0, arpFrame());
        capture.add(tcp, tcp.handshake(100.0));
        capture.add(100.1, udpFrame());
        capture.add(tcp, tcp.send(C2S, "REQUEST", 100.25, 4));
        capture.add(tcp, tcp.send(S2C, "RESPONSE", 100.5));
        capture.add(tcp, tcp.fin(C2S, 100.75));
        capture.add(tcp, tcp.fin(S2C, 101.0));
        QTemporaryDir dir;
        const auto read = readCapture(writeFile(dir, QStringLiteral("mixed.pcap"), capture.bytes()));
        QCOMPARE(read->status, PcapFileSource::Status::End);
        QCOMPARE(read->sink.merged(), conversationEvents(kClient4, kServer4));
        QCOMPARE(read->stats.nonTcpPackets, 2);
        QCOMPARE(read->stats.tcpPackets, capture.packets() - 2);
        QVERIFY(read->stats.clean()); // other protocols are not a problem
    }

    void snapshotLengthCutsAreGaps()
    {
        TcpSynthesizer tcp(kClient4, kServer4);
        CaptureBuilder capture;
        capture.add(tcp, tcp.handshake(100.0));
        const auto request = tcp.send(C2S, "0123456789", 100.1);
        // Ethernet 14 + IPv4 20 + TCP 20 + the first 4 payload bytes: 6 bytes are missing.
        capture.add(request[0].ts, tcp.frame(request[0]), 14 + 20 + 20 + 4);
        capture.add(tcp, tcp.send(C2S, "next", 100.2));
        capture.add(tcp, tcp.fin(C2S, 100.3));
        capture.add(tcp, tcp.fin(S2C, 100.4));
        QTemporaryDir dir;
        const auto read = readCapture(writeFile(dir, QStringLiteral("snaplen.pcap"), capture.bytes()));
        QCOMPARE(read->status, PcapFileSource::Status::End);
        QCOMPARE(read->sink.merged(),
                 QStringList({"open 1 192.0.2.10:40000 > 192.0.2.20:8000 start", "data 1 > 0123", "gap 1 > 6",
                              "data 1 > next", "end 1 > fin", "end 1 < fin", "close 1"}));
        QCOMPARE(read->stats.truncatedPackets, 1);
        QVERIFY(read->stats.describeProblems().contains(QLatin1String("1 packet cut short by the capture's snapshot")));
    }

    void malformedFramesAreReported()
    {
        TcpSynthesizer tcp(kClient4, kServer4);
        CaptureBuilder capture;
        capture.add(tcp, tcp.handshake(100.0));
        QByteArray broken = tcp.frame(tcp.send(C2S, "lost", 100.1).front());
        broken[14] = 0x41; // IPv4 header length of 4 bytes
        capture.add(100.1, broken);
        capture.add(tcp, tcp.fin(C2S, 100.3));
        capture.add(tcp, tcp.fin(S2C, 100.4));
        QTemporaryDir dir;
        const auto read = readCapture(writeFile(dir, QStringLiteral("malformed.pcap"), capture.bytes()));
        QCOMPARE(read->status, PcapFileSource::Status::End);
        QCOMPARE(read->stats.malformedPackets, 1);
        QCOMPARE(read->stats.lastMalformedReason, QStringLiteral("IPv4 header length below 20 bytes"));
        QVERIFY(read->sink.events.contains(QStringLiteral("gap 1 > 4")));
    }

    void timestamps_data()
    {
        QTest::addColumn<bool>("nanoseconds");
        QTest::addRow("microsecond pcap") << false;
        QTest::addRow("nanosecond pcap") << true;
    }
    void timestamps()
    {
        QFETCH(bool, nanoseconds);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ts.pcap"));
        PcapWriter::Options options;
        options.nanoseconds = nanoseconds;
        const double ts = nanoseconds ? 1700000000.123456789 : 1700000000.123456;
        {
            auto writer = PcapWriter::create(path, options);
            QVERIFY(writer.ok());
            TcpSynthesizer tcp(kClient4, kServer4);
            QVERIFY(tcp.write(**writer, tcp.handshake(ts)));
        }
        const auto read = readCapture(path);
        QCOMPARE(read->timestamps.size(), size_t(3));
        // A double holds about 16 significant digits: nanoseconds survive to within a few hundred.
        QVERIFY2(std::abs(read->timestamps.front() - ts) < 5e-7,
                 qPrintable(QString::number(read->timestamps.front(), 'f', 9)));
        QVERIFY(read->timestamps[1] > read->timestamps[0]);
    }

    void truncatedFile_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<int>("cut");
        // The last record is the server's FIN: a 54-byte frame, so 16 + 54 bytes in pcap, 32 + 56 in pcapng.
        QTest::addRow("pcap: inside the last packet's bytes") << int(Format::Pcap) << 10;
        QTest::addRow("pcap: inside the last record header") << int(Format::Pcap) << 54 + 8;
        QTest::addRow("pcapng: inside the last block") << int(Format::PcapNg) << 20;
        QTest::addRow("pcapng: inside the last block header") << int(Format::PcapNg) << 88 - 4;
    }
    void truncatedFile()
    {
        QFETCH(int, format);
        QFETCH(int, cut);
        TcpSynthesizer tcp(kClient4, kServer4);
        CaptureBuilder capture(LinkType::Ethernet, Format(format));
        addConversation(capture, tcp);
        QTemporaryDir dir;
        const QByteArray bytes = capture.bytes().chopped(cut);
        const QString path = writeFile(dir, QStringLiteral("cut.pcap"), bytes);

        const auto read = readCapture(path);
        QCOMPARE(read->status, PcapFileSource::Status::Truncated);
        // Everything before the cut is decoded: only the server's FIN is lost.
        QCOMPARE(read->stats.packets, capture.packets() - 1);
        QCOMPARE(read->sink.merged(),
                 QStringList({"open 1 192.0.2.10:40000 > 192.0.2.20:8000 start", "data 1 > REQUEST",
                              "data 1 < RESPONSE", "end 1 > fin", "close 1"}));
        QVERIFY2(read->error.startsWith(path
                                        + QStringLiteral(": the capture ends in the middle of a packet record "
                                                         "after 7 complete packets")),
                 qPrintable(read->error));
    }

    void openErrors_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("reason");
        QTest::addRow("missing file") << "missing"
                                      << "No such file or directory";
        QTest::addRow("directory") << "directory"
                                   << "is a directory, not a capture file";
        QTest::addRow("empty file") << "empty"
                                    << "the file is empty, not a pcap or pcapng capture";
        QTest::addRow("text file") << "text"
                                   << "not a pcap or pcapng capture";
        QTest::addRow("only part of a file header") << "header"
                                                    << "not a pcap or pcapng capture";
        QTest::addRow("unreadable file") << "unreadable"
                                         << "Permission denied";
        QTest::addRow("unsupported link type") << "link"
                                               << "unsupported link-layer type 105";
    }
    void openErrors()
    {
        QFETCH(QString, what);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("no-such-file.pcap"));
        if (what == QLatin1String("directory")) {
            path = dir.path();
        } else if (what == QLatin1String("empty")) {
            path = writeFile(dir, QStringLiteral("empty.pcap"), {});
        } else if (what == QLatin1String("text")) {
            path = writeFile(dir, QStringLiteral("notes.pcap"), "These are my notes, not a capture.\n");
        } else if (what == QLatin1String("header")) {
            path = writeFile(dir, QStringLiteral("short.pcap"), PcapWriter::fileHeader({}).left(10));
        } else if (what == QLatin1String("unreadable")) {
            if (geteuid() == 0)
                QSKIP("running as root, which can read any file");
            path = writeFile(dir, QStringLiteral("secret.pcap"), CaptureBuilder().bytes());
            QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
        } else if (what == QLatin1String("link")) {
            path = writeFile(dir, QStringLiteral("wifi.pcap"), CaptureBuilder(LinkType::Ieee80211).bytes());
        }
        const auto read = readCapture(path);
        QVERIFY2(read->error.contains(reason), qPrintable(read->error));
        if (what != QLatin1String("link")) // the link type error comes from the decoder, which does not know the file
            QVERIFY2(read->error.startsWith(path + QStringLiteral(": ")), qPrintable(read->error));
        QVERIFY(!read->error.contains(QLatin1Char('\n')));
        QVERIFY(read->sink.events.isEmpty());
    }

    void progressOfAFile()
    {
        TcpSynthesizer tcp(kClient4, kServer4);
        CaptureBuilder capture;
        addConversation(capture, tcp);
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("progress.pcap"), capture.bytes());
        auto source = PcapFileSource::open(path);
        QVERIFY(source);
        QVERIFY(!(*source)->isStream());
        QCOMPARE((*source)->fileSize(), capture.bytes().size());
        QCOMPARE((*source)->progress(), 0.0);
        RawPacket packet;
        int n = 0;
        while ((*source)->next(packet) == PcapFileSource::Status::Packet)
            ++n;
        QCOMPARE(n, capture.packets());
        QCOMPARE((*source)->packetsRead(), capture.packets());
        QCOMPARE((*source)->progress(), 1.0);
        QCOMPARE((*source)->next(packet), PcapFileSource::Status::End);
    }

    void cancel()
    {
        TcpSynthesizer tcp(kClient4, kServer4);
        CaptureBuilder capture;
        addConversation(capture, tcp);
        QTemporaryDir dir;
        auto source = PcapFileSource::open(writeFile(dir, QStringLiteral("cancel.pcap"), capture.bytes()));
        QVERIFY(source);
        auto decoder = PacketDecoder::forLinkType((*source)->linkType());
        QVERIFY(decoder);
        RecordingSink sink;
        PacketProcessor processor(*decoder, sink);
        int seen = 0;
        const auto status = (*source)->readAll(processor, [&](const RawPacket&) {
            if (++seen == 2)
                (*source)->cancel();
        });
        QCOMPARE(status, PcapFileSource::Status::Cancelled);
        QCOMPARE(seen, 2);
    }
};

QTEST_GUILESS_MAIN(TestPcapFileSource)
#include "tst_pcapfilesource.moc"
