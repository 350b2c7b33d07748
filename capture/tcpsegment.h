#pragma once

#include <QByteArrayView>
#include <QString>

#include <compare>
#include <cstring>

namespace rpcscope {

/// An IPv4 or IPv6 address kept as the 4 or 16 bytes of the packet (network order): no allocation per packet.
struct IpAddress
{
    quint8 bytes[16] = {};
    /// 4 or 6; 0 for an address that was never set.
    quint8 version = 0;

    static IpAddress v4(const void* fourBytes)
    {
        IpAddress a;
        std::memcpy(a.bytes, fourBytes, 4);
        a.version = 4;
        return a;
    }
    static IpAddress v6(const void* sixteenBytes)
    {
        IpAddress a;
        std::memcpy(a.bytes, sixteenBytes, 16);
        a.version = 6;
        return a;
    }
    /// Parses "192.0.2.1" or "2001:db8::1"; an unset address if the text is neither.
    static IpAddress fromString(const QString& text);
    /// Dotted quad for IPv4, RFC 5952 text for IPv6 ("::1").
    QString toString() const;

    bool operator==(const IpAddress&) const = default;
    std::strong_ordering operator<=>(const IpAddress& o) const
    {
        if (version != o.version)
            return version <=> o.version;
        const int c = std::memcmp(bytes, o.bytes, sizeof bytes);
        return c < 0 ? std::strong_ordering::less
                     : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
    }
};

/// TCP header flag bits (the low byte of the flags field).
namespace TcpFlag {
constexpr quint8 Fin = 0x01;
constexpr quint8 Syn = 0x02;
constexpr quint8 Rst = 0x04;
constexpr quint8 Psh = 0x08;
constexpr quint8 Ack = 0x10;
constexpr quint8 Urg = 0x20;
constexpr quint8 Ece = 0x40;
constexpr quint8 Cwr = 0x80;
} // namespace TcpFlag

/// One TCP segment as PacketDecoder found it in a captured frame. `payload` points into the frame (valid while the
/// frame is); `payloadLength` is what the sender put on the wire, larger than `payload.size()` when the capture's
/// snapshot length cut the packet short.
struct TcpSegment
{
    IpAddress src;
    IpAddress dst;
    quint16 srcPort = 0;
    quint16 dstPort = 0;
    quint32 seq = 0;
    quint32 ack = 0;
    quint8 flags = 0;
    quint16 window = 0;
    QByteArrayView payload;
    qint64 payloadLength = 0;

    bool has(quint8 flag) const { return (flags & flag) != 0; }
    bool truncated() const { return payloadLength > payload.size(); }
};

} // namespace rpcscope
