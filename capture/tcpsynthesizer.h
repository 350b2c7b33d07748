#pragma once

#include "endpoint.h"
#include "message.h"
#include "result.h"
#include "tcpsegment.h"

#include <QByteArray>

#include <vector>

namespace rpcscope {

class PcapWriter;

/// Builds the packets of one TCP connection the way a real stack puts them on the wire: Ethernet, IPv4 or IPv6
/// (from the endpoints' addresses), TCP with consistent sequence and acknowledgement numbers and valid IP and TCP
/// checksums. The tests use it for synthetic captures, the recording proxy for `--write`.
///
/// Segments are produced in stream order and handed back as values, so a test can reorder, repeat, drop or alter
/// them before writing; segmentAt() makes extra copies at any stream offset (overlaps, conflicting
/// retransmissions) and write() can cut a frame short as a small snapshot length would.
class TcpSynthesizer
{
public:
    struct Segment
    {
        Direction dir = Direction::ClientToServer;
        quint32 seq = 0;
        quint32 ack = 0;
        quint8 flags = 0;
        quint16 window = 65535;
        QByteArray payload;
        double ts = 0;
    };

    /// Initial sequence numbers may be anything, including values just below 2^32 to test wrap-around.
    TcpSynthesizer(const Endpoint& client, const Endpoint& server, quint32 clientIsn = 1000, quint32 serverIsn = 50000);

    /// SYN, SYN-ACK, ACK.
    std::vector<Segment> handshake(double ts);
    /// `data` from `dir` in segments of at most `maxSegment` bytes (PSH on the last), each acknowledging all the
    /// peer has sent. Advances the stream.
    std::vector<Segment> send(Direction dir, QByteArrayView data, double ts, int maxSegment = 1460);
    /// A pure ACK of everything the peer has sent.
    Segment ack(Direction dir, double ts) const;
    /// FIN (with ACK); advances the stream by the FIN's sequence number.
    Segment fin(Direction dir, double ts);
    /// RST (with ACK) at the current position.
    Segment rst(Direction dir, double ts) const;
    /// A data segment carrying `payload` at `offset` bytes into `dir`'s stream (0 = the first data byte), without
    /// moving the stream: for retransmissions, overlaps and conflicting copies.
    Segment segmentAt(Direction dir, qint64 offset, QByteArray payload, double ts) const;

    quint32 isn(Direction dir) const { return m_isn[index(dir)]; }
    /// The sequence number of `dir`'s next byte.
    quint32 nextSeq(Direction dir) const { return m_next[index(dir)]; }
    const Endpoint& endpoint(Direction dir) const { return m_endpoint[index(dir)]; }

    /// The IP packet (IPv4 or IPv6 header, TCP header, payload) of `segment`, with checksums.
    QByteArray ipPacket(const Segment& segment) const;
    /// `ipPacket` in an Ethernet frame.
    QByteArray frame(const Segment& segment) const;
    /// Writes the Ethernet frame of `segment`; a `captureLength` below the frame's size keeps only that many bytes
    /// (as a small snapshot length would) while recording the full length on the wire.
    Status write(PcapWriter& writer, const Segment& segment, qint64 captureLength = -1) const;
    Status write(PcapWriter& writer, const std::vector<Segment>& segments) const;

private:
    Segment make(Direction dir, quint32 seq, quint8 flags, QByteArray payload, double ts) const;

    Endpoint m_endpoint[2];
    IpAddress m_address[2];
    quint32 m_isn[2];
    quint32 m_next[2];
};

} // namespace rpcscope
