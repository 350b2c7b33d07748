#pragma once
// Test helper: builds capture files (classic pcap or pcapng) of one TCP conversation for any link-layer type, so
// that tests can check the whole file → PacketDecoder → TcpReassembler path on bytes a real capture would hold.

#include "pcapwriter.h"
#include "tcpsynthesizer.h"

#include <QBuffer>
#include <QtEndian>

#include <vector>

namespace rpcscope::test {

/// Link-layer types as numbered in capture files (LINKTYPE_*).
namespace LinkType {
constexpr int Null = 0;
constexpr int Ethernet = 1;
constexpr int Raw = 101;
constexpr int Loop = 108;
constexpr int LinuxSll = 113;
constexpr int Ipv4 = 228;
constexpr int Ipv6 = 229;
constexpr int LinuxSll2 = 276;
constexpr int Ieee80211 = 105; // not supported: for the error path
} // namespace LinkType

/// How the loopback header's address family is written (DLT_NULL uses the capturing host's byte order).
enum class NullOrder { Little, Big };

/// The frame of `segment` with the link-layer header of `linkType` in front of its IP packet.
inline QByteArray frameFor(const TcpSynthesizer& tcp, const TcpSynthesizer::Segment& segment, int linkType,
                           NullOrder order = NullOrder::Little)
{
    const QByteArray ip = tcp.ipPacket(segment);
    const bool v6 = (static_cast<quint8>(ip.at(0)) >> 4) == 6;
    const quint16 etherType = v6 ? 0x86DD : 0x0800;
    auto be16 = [](quint16 v) {
        QByteArray b(2, '\0');
        qToBigEndian(v, b.data());
        return b;
    };
    auto be32 = [](quint32 v) {
        QByteArray b(4, '\0');
        qToBigEndian(v, b.data());
        return b;
    };
    switch (linkType) {
    case LinkType::Ethernet:
        return tcp.frame(segment);
    case LinkType::LinuxSll: {
        // packet type (4 = sent by us), ARPHRD_LOOPBACK, address length, 8 address bytes, protocol
        QByteArray h = be16(4) + be16(772) + be16(6) + QByteArray(8, '\0') + be16(etherType);
        return h + ip;
    }
    case LinkType::LinuxSll2: {
        // protocol, reserved, interface index, ARPHRD_LOOPBACK, packet type, address length, 8 address bytes
        QByteArray h = be16(etherType) + be16(0) + be32(1) + be16(772) + QByteArray(1, '\4') + QByteArray(1, '\6')
            + QByteArray(8, '\0');
        return h + ip;
    }
    case LinkType::Null: {
        // AF_INET is 2 everywhere; AF_INET6 is 30 on macOS (where such captures come from), 10 on Linux.
        const quint32 family = v6 ? 30 : 2;
        QByteArray h(4, '\0');
        if (order == NullOrder::Little)
            qToLittleEndian(family, h.data());
        else
            qToBigEndian(family, h.data());
        return h + ip;
    }
    case LinkType::Loop:
        return be32(v6 ? 24 : 2) + ip;
    case LinkType::Raw:
    case LinkType::Ipv4:
    case LinkType::Ipv6:
        return ip;
    default:
        return tcp.frame(segment); // the bytes do not matter for unsupported types
    }
}

/// Writes packets to an in-memory capture, classic pcap or pcapng.
class CaptureBuilder
{
public:
    enum class Format { Pcap, PcapNg };

    explicit CaptureBuilder(int linkType = LinkType::Ethernet, Format format = Format::Pcap, bool nanoseconds = false)
        : m_linkType(linkType)
        , m_format(format)
    {
        if (format == Format::Pcap) {
            PcapWriter::Options options;
            options.linkType = linkType;
            options.nanoseconds = nanoseconds;
            m_bytes = PcapWriter::fileHeader(options);
        } else {
            // Section header block (byte-order magic, version 1.0, section length unknown), then one interface.
            QByteArray shb;
            putU32(shb, 0x1A2B3C4D);
            putU16(shb, 1);
            putU16(shb, 0);
            putU32(shb, 0xFFFFFFFF);
            putU32(shb, 0xFFFFFFFF);
            block(0x0A0D0D0A, shb);
            QByteArray idb;
            putU16(idb, static_cast<quint16>(linkType));
            putU16(idb, 0);
            putU32(idb, 262144);
            block(0x00000001, idb);
        }
    }

    /// Adds one frame; `captureLength` below its size keeps only that many bytes (a small snapshot length).
    void add(double ts, const QByteArray& frame, qint64 captureLength = -1)
    {
        const QByteArray kept = captureLength < 0 ? frame : frame.left(captureLength);
        const quint64 micros = static_cast<quint64>(ts * 1e6 + 0.5);
        if (m_format == Format::Pcap) {
            putU32(m_bytes, static_cast<quint32>(micros / 1000000));
            putU32(m_bytes, static_cast<quint32>(micros % 1000000));
            putU32(m_bytes, static_cast<quint32>(kept.size()));
            putU32(m_bytes, static_cast<quint32>(frame.size()));
            m_bytes += kept;
        } else {
            // Enhanced packet block: interface 0, microsecond timestamp (the default resolution) in two halves.
            QByteArray epb;
            putU32(epb, 0);
            putU32(epb, static_cast<quint32>(micros >> 32));
            putU32(epb, static_cast<quint32>(micros & 0xFFFFFFFFu));
            putU32(epb, static_cast<quint32>(kept.size()));
            putU32(epb, static_cast<quint32>(frame.size()));
            epb += kept;
            while (epb.size() % 4)
                epb += '\0';
            block(0x00000006, epb);
        }
        m_packets++;
    }

    /// Adds the frames of `segments` for `tcp`, framed for this builder's link type.
    void add(const TcpSynthesizer& tcp, const std::vector<TcpSynthesizer::Segment>& segments,
             NullOrder order = NullOrder::Little)
    {
        for (const auto& s : segments)
            add(s.ts, frameFor(tcp, s, m_linkType, order));
    }
    void add(const TcpSynthesizer& tcp, const TcpSynthesizer::Segment& segment, NullOrder order = NullOrder::Little)
    {
        add(segment.ts, frameFor(tcp, segment, m_linkType, order));
    }

    const QByteArray& bytes() const { return m_bytes; }
    int packets() const { return m_packets; }

private:
    static void putU32(QByteArray& out, quint32 v)
    {
        char b[4];
        qToLittleEndian(v, b);
        out.append(b, 4);
    }
    static void putU16(QByteArray& out, quint16 v)
    {
        char b[2];
        qToLittleEndian(v, b);
        out.append(b, 2);
    }
    void block(quint32 type, const QByteArray& body)
    {
        const quint32 total = static_cast<quint32>(12 + body.size());
        putU32(m_bytes, type);
        putU32(m_bytes, total);
        m_bytes += body;
        putU32(m_bytes, total);
    }

    int m_linkType;
    Format m_format;
    QByteArray m_bytes;
    int m_packets = 0;
};

} // namespace rpcscope::test
