#pragma once

#include "result.h"
#include "tcpsegment.h"

#include <QByteArrayView>
#include <QString>

namespace rpcscope {

/// One captured frame as a source hands it over: the bytes kept in the capture (valid until the next frame) and
/// the frame's length on the wire, larger than `data.size()` when the snapshot length cut it short.
struct RawPacket
{
    double ts = 0;
    QByteArrayView data;
    qint64 wireLength = 0;
    bool truncated() const { return wireLength > data.size(); }
};

/// Finds the TCP segment in a captured frame: link layer (Ethernet with 802.1Q/QinQ tags, Linux cooked v1/v2,
/// BSD loopback, raw IP), IPv4 (options; fragments are recognised, not reassembled), IPv6 (extension headers
/// skipped) and TCP (data offset, flags, sequence numbers). Every read is bounds-checked; nothing is allocated.
class PacketDecoder
{
public:
    /// What a frame turned out to be.
    enum class Kind {
        Tcp, ///< a TCP segment: the output segment is filled
        NotTcp, ///< another protocol (ARP, UDP, ICMP, a non-IP frame...): skipped
        Fragment, ///< an IPv4 or IPv6 fragment: not reassembled, skipped and counted
        Truncated, ///< the capture's snapshot length cut the frame before the end of the TCP header
        Malformed, ///< a header that cannot be right: `reason` says which field
    };
    struct Outcome
    {
        Kind kind = Kind::NotTcp;
        /// For Malformed and Truncated: a static sentence naming the header and field.
        const char* reason = nullptr;
    };

    /// A decoder for frames of `linkType` (a libpcap DLT value), or an error naming the link type if it is not
    /// one of those listed above.
    static Result<PacketDecoder> forLinkType(int linkType);
    static bool supportsLinkType(int linkType);
    /// libpcap's name and description of a link type, e.g. "EN10MB (Ethernet)", or "link type 147".
    static QString linkTypeName(int linkType);

    int linkType() const { return m_linkType; }
    /// Decodes one frame; on Kind::Tcp fills `out`, whose payload view points into `packet.data`.
    Outcome decode(const RawPacket& packet, TcpSegment& out) const;

private:
    explicit PacketDecoder(int linkType)
        : m_linkType(linkType)
    { }

    int m_linkType = 0;
};

} // namespace rpcscope
