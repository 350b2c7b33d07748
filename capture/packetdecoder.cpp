#include "packetdecoder.h"

#include "bytecursor.h"

#include <pcap.h>

namespace rpcscope {

namespace {

using Kind = PacketDecoder::Kind;
using Outcome = PacketDecoder::Outcome;

// Link-layer header types as numbered in capture files. DLT_RAW is 12 on most systems and 14 on OpenBSD, and
// LINKTYPE_RAW (101) is its platform-independent file value, so all three mean "raw IP" here.
enum LinkType : int {
    kNull = 0,
    kEthernet = 1,
    kRaw = 12,
    kRawOpenBsd = 14,
    kRawLinktype = 101,
    kLoop = 108,
    kLinuxSll = 113,
    kIpv4 = 228,
    kIpv6 = 229,
    kLinuxSll2 = 276,
};

constexpr quint16 kEtherIpv4 = 0x0800;
constexpr quint16 kEtherIpv6 = 0x86DD;
constexpr int kMaxVlanTags = 8;
constexpr int kMaxIpv6ExtensionHeaders = 16;
constexpr quint8 kProtoTcp = 6;

// A header that does not fit in the captured bytes is the snapshot length's doing when the frame was cut short,
// and a broken frame otherwise.
Outcome shortHeader(const RawPacket& packet, const char* reason)
{
    return {packet.truncated() ? Kind::Truncated : Kind::Malformed, reason};
}

Outcome malformed(const char* reason)
{
    return {Kind::Malformed, reason};
}

// `captured` is the TCP segment as far as it was captured (Ethernet padding already removed); `wire` is its
// length according to the IP header.
Outcome decodeTcp(QByteArrayView captured, qint64 wire, const RawPacket& packet, TcpSegment& out)
{
    if (wire < 20)
        return malformed("IP payload too short for a TCP header");
    ByteCursor c(captured);
    if (!c.has(20))
        return shortHeader(packet, "the frame ends inside the TCP header");
    out.srcPort = c.u16be();
    out.dstPort = c.u16be();
    out.seq = c.u32be();
    out.ack = c.u32be();
    const quint16 offsetAndFlags = c.u16be();
    out.window = c.u16be();
    c.skip(4); // checksum, urgent pointer
    const qint64 headerLength = (offsetAndFlags >> 12) * 4;
    if (headerLength < 20)
        return malformed("TCP data offset below 20 bytes");
    if (headerLength > wire)
        return malformed("TCP data offset beyond the end of the segment");
    if (!c.skip(headerLength - 20))
        return shortHeader(packet, "the frame ends inside the TCP options");
    out.flags = static_cast<quint8>(offsetAndFlags & 0xFF);
    out.payload = c.rest();
    out.payloadLength = wire - headerLength;
    return {Kind::Tcp, nullptr};
}

Outcome decodeIpv4(ByteCursor& c, const RawPacket& packet, TcpSegment& out)
{
    if (!c.has(20))
        return shortHeader(packet, "the frame ends inside the IPv4 header");
    const quint8 versionAndLength = c.u8();
    if ((versionAndLength >> 4) != 4)
        return malformed("IPv4 header with a version other than 4");
    const qint64 headerLength = (versionAndLength & 0x0F) * 4;
    if (headerLength < 20)
        return malformed("IPv4 header length below 20 bytes");
    c.skip(1); // type of service
    const quint16 totalLength = c.u16be();
    c.skip(2); // identification
    const quint16 fragment = c.u16be();
    c.skip(1); // time to live
    const quint8 protocol = c.u8();
    c.skip(2); // header checksum
    const QByteArrayView src = c.bytes(4);
    const QByteArrayView dst = c.bytes(4);
    if (!c.skip(headerLength - 20))
        return shortHeader(packet, "the frame ends inside the IPv4 options");
    // More-fragments flag or a fragment offset: only the first fragment carries the TCP header, and never all
    // of the payload.
    if ((fragment & 0x3FFF) != 0)
        return {Kind::Fragment, nullptr};
    if (protocol != kProtoTcp)
        return {Kind::NotTcp, nullptr};
    const qint64 available = c.remaining();
    qint64 wire = available; // a total length of 0 is what TCP segmentation offload leaves in captures
    if (totalLength != 0) {
        if (totalLength < headerLength)
            return malformed("IPv4 total length smaller than its header");
        wire = totalLength - headerLength;
    }
    if (wire > available && !packet.truncated())
        return malformed("IPv4 total length beyond the end of the frame");
    out.src = IpAddress::v4(src.data());
    out.dst = IpAddress::v4(dst.data());
    return decodeTcp(c.rest().first(std::min(available, wire)), wire, packet, out);
}

Outcome decodeIpv6(ByteCursor& c, const RawPacket& packet, TcpSegment& out)
{
    if (!c.has(40))
        return shortHeader(packet, "the frame ends inside the IPv6 header");
    const quint32 versionClassFlow = c.u32be();
    if ((versionClassFlow >> 28) != 6)
        return malformed("IPv6 header with a version other than 6");
    const quint16 payloadLength = c.u16be();
    quint8 next = c.u8();
    c.skip(1); // hop limit
    const QByteArrayView src = c.bytes(16);
    const QByteArrayView dst = c.bytes(16);
    // A payload length of 0 means a jumbogram (or segmentation offload): the frame tells the length.
    qint64 wire = payloadLength != 0 ? payloadLength : c.remaining();
    for (int headers = 0; next != kProtoTcp; ++headers) {
        if (headers >= kMaxIpv6ExtensionHeaders)
            return malformed("more than 16 IPv6 extension headers");
        qint64 length = 0;
        quint8 following = 0;
        switch (next) {
        case 0: // hop-by-hop options
        case 43: // routing
        case 60: // destination options
        case 135: // mobility
        case 139: // host identity protocol
        case 140: // shim6
            if (!c.has(2))
                return shortHeader(packet, "the frame ends inside an IPv6 extension header");
            following = static_cast<quint8>(c.peek(0));
            length = (c.peek(1) + 1) * 8;
            break;
        case 51: // authentication header: length in 4-byte units, minus 2
            if (!c.has(2))
                return shortHeader(packet, "the frame ends inside an IPv6 extension header");
            following = static_cast<quint8>(c.peek(0));
            length = (c.peek(1) + 2) * 4;
            break;
        case 44: { // fragment
            if (!c.has(8))
                return shortHeader(packet, "the frame ends inside an IPv6 extension header");
            following = static_cast<quint8>(c.peek(0));
            const quint16 offsetAndMore = static_cast<quint16>((c.peek(2) << 8) | c.peek(3));
            // An "atomic fragment" (offset 0, no more fragments) is a whole packet.
            if ((offsetAndMore & 0xFFF9) != 0)
                return {Kind::Fragment, nullptr};
            length = 8;
            break;
        }
        default: // UDP, ICMPv6, ESP, no next header...
            return {Kind::NotTcp, nullptr};
        }
        if (!c.skip(length))
            return shortHeader(packet, "the frame ends inside an IPv6 extension header");
        wire -= length;
        if (wire < 0)
            return malformed("IPv6 extension headers longer than the payload length");
        next = following;
    }
    const qint64 available = c.remaining();
    if (wire > available && !packet.truncated())
        return malformed("IPv6 payload length beyond the end of the frame");
    out.src = IpAddress::v6(src.data());
    out.dst = IpAddress::v6(dst.data());
    return decodeTcp(c.rest().first(std::min(available, wire)), wire, packet, out);
}

Outcome decodeEtherType(ByteCursor& c, quint16 type, const RawPacket& packet, TcpSegment& out)
{
    // 802.1Q, 802.1ad (QinQ) and the pre-standard QinQ types: a 2-byte tag control field, then the real type.
    for (int tags = 0; type == 0x8100 || type == 0x88A8 || type == 0x9100 || type == 0x9200; ++tags) {
        if (tags >= kMaxVlanTags)
            return malformed("more than 8 VLAN tags");
        c.skip(2);
        type = c.u16be();
        if (c.failed())
            return shortHeader(packet, "the frame ends inside a VLAN tag");
    }
    if (type == kEtherIpv4)
        return decodeIpv4(c, packet, out);
    if (type == kEtherIpv6)
        return decodeIpv6(c, packet, out);
    return {Kind::NotTcp, nullptr};
}

Outcome decodeAddressFamily(ByteCursor& c, quint32 family, const RawPacket& packet, TcpSegment& out)
{
    // The loopback header holds the capturing host's AF_ value: AF_INET is 2 everywhere, AF_INET6 differs.
    if (family == 2)
        return decodeIpv4(c, packet, out);
    if (family == 10 || family == 24 || family == 28 || family == 30)
        return decodeIpv6(c, packet, out);
    return {Kind::NotTcp, nullptr};
}

Outcome decodeRawIp(ByteCursor& c, const RawPacket& packet, TcpSegment& out)
{
    const int first = c.peek();
    if (first < 0)
        return shortHeader(packet, "empty raw IP frame");
    if ((first >> 4) == 4)
        return decodeIpv4(c, packet, out);
    if ((first >> 4) == 6)
        return decodeIpv6(c, packet, out);
    return malformed("raw IP frame whose version is neither 4 nor 6");
}

} // namespace

bool PacketDecoder::supportsLinkType(int linkType)
{
    switch (linkType) {
    case kNull:
    case kEthernet:
    case kRaw:
    case kRawOpenBsd:
    case kRawLinktype:
    case kLoop:
    case kLinuxSll:
    case kIpv4:
    case kIpv6:
    case kLinuxSll2:
        return true;
    default:
        return false;
    }
}

QString PacketDecoder::linkTypeName(int linkType)
{
    if (linkType == kRawLinktype || linkType == kRawOpenBsd)
        return QStringLiteral("RAW (Raw IP)");
    const char* name = pcap_datalink_val_to_name(linkType);
    const char* description = pcap_datalink_val_to_description(linkType);
    if (!name)
        return QStringLiteral("link type %1").arg(linkType);
    QString text = QString::fromLatin1(name);
    if (description)
        text += QStringLiteral(" (%1)").arg(QString::fromLatin1(description));
    return text;
}

Result<PacketDecoder> PacketDecoder::forLinkType(int linkType)
{
    if (!supportsLinkType(linkType)) {
        return Error {QStringLiteral("unsupported link-layer type %1 (%2); RpcScope reads Ethernet, Linux cooked "
                                     "(SLL, SLL2), BSD loopback and raw IPv4/IPv6 captures")
                          .arg(linkType)
                          .arg(linkTypeName(linkType))};
    }
    return PacketDecoder(linkType);
}

PacketDecoder::Outcome PacketDecoder::decode(const RawPacket& packet, TcpSegment& out) const
{
    ByteCursor c(packet.data);
    switch (m_linkType) {
    case kEthernet: {
        c.skip(12); // destination and source MAC
        const quint16 type = c.u16be();
        if (c.failed())
            return shortHeader(packet, "the frame ends inside the Ethernet header");
        return decodeEtherType(c, type, packet, out);
    }
    case kLinuxSll: {
        c.skip(14); // packet type, ARPHRD type, address length, address
        const quint16 type = c.u16be();
        if (c.failed())
            return shortHeader(packet, "the frame ends inside the Linux cooked header");
        return decodeEtherType(c, type, packet, out);
    }
    case kLinuxSll2: {
        const quint16 type = c.u16be();
        c.skip(18); // reserved, interface index, ARPHRD type, packet type, address length, address
        if (c.failed())
            return shortHeader(packet, "the frame ends inside the Linux cooked v2 header");
        return decodeEtherType(c, type, packet, out);
    }
    case kNull: {
        // Host byte order of the machine that captured: read it little-endian, and swap when that gives a value
        // with only high bits set (a big-endian writer).
        quint32 family = c.u32le();
        if (c.failed())
            return shortHeader(packet, "the frame ends inside the loopback header");
        if ((family & 0xFFFF0000u) != 0 && (family & 0xFFFFu) == 0)
            family = qbswap(family);
        return decodeAddressFamily(c, family, packet, out);
    }
    case kLoop: {
        // Always network byte order, but be as lenient as for DLT_NULL.
        quint32 family = c.u32be();
        if (c.failed())
            return shortHeader(packet, "the frame ends inside the loopback header");
        if ((family & 0xFFFF0000u) != 0 && (family & 0xFFFFu) == 0)
            family = qbswap(family);
        return decodeAddressFamily(c, family, packet, out);
    }
    case kRaw:
    case kRawOpenBsd:
    case kRawLinktype:
        return decodeRawIp(c, packet, out);
    case kIpv4:
        return decodeIpv4(c, packet, out);
    case kIpv6:
        return decodeIpv6(c, packet, out);
    default:
        return malformed("unsupported link-layer type");
    }
}

} // namespace rpcscope
