#include "packetprocessor.h"

namespace rpcscope {

PacketProcessor::PacketProcessor(const PacketDecoder& decoder, ByteStreamSink& sink, TcpReassembler::Options options)
    : m_decoder(decoder)
    , m_reassembler(sink, options)
{ }

void PacketProcessor::process(const RawPacket& packet)
{
    if (m_stats.packets == 0)
        m_stats.firstTimestamp = packet.ts;
    m_stats.lastTimestamp = packet.ts;
    m_stats.packets++;
    m_stats.capturedBytes += packet.data.size();
    m_stats.wireBytes += packet.wireLength;
    if (packet.truncated())
        m_stats.truncatedPackets++;

    const PacketDecoder::Outcome outcome = m_decoder.decode(packet, m_segment);
    switch (outcome.kind) {
    case PacketDecoder::Kind::Tcp:
        m_stats.tcpPackets++;
        m_reassembler.addSegment(m_segment, packet.ts);
        return;
    case PacketDecoder::Kind::NotTcp:
        m_stats.nonTcpPackets++;
        return;
    case PacketDecoder::Kind::Fragment:
        m_stats.fragments++;
        return;
    case PacketDecoder::Kind::Truncated:
        // Counted above; the bytes it carried show up as a gap once the peer acknowledges them.
        return;
    case PacketDecoder::Kind::Malformed:
        m_stats.malformedPackets++;
        if (outcome.reason != m_lastReason) {
            m_lastReason = outcome.reason;
            m_stats.lastMalformedReason = QString::fromLatin1(outcome.reason);
        }
        return;
    }
}

void PacketProcessor::finish()
{
    m_reassembler.finish(m_stats.lastTimestamp);
}

} // namespace rpcscope
