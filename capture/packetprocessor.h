#pragma once

#include "capturestats.h"
#include "packetdecoder.h"
#include "tcpreassembler.h"

namespace rpcscope {

/// The packet path that every capture source shares (a pcap file, a pipe, a live interface): frames go through
/// PacketDecoder and TcpReassembler into a ByteStreamSink, and what was skipped is counted in CaptureStats.
class PacketProcessor
{
public:
    PacketProcessor(const PacketDecoder& decoder, ByteStreamSink& sink,
                    TcpReassembler::Options options = TcpReassembler::Options {});

    void process(const RawPacket& packet);
    /// End of input: everything still open is delivered and closed, at the time of the last packet.
    void finish();
    /// For live sources: see TcpReassembler::expireIdle.
    int expireIdle(double now, double idleSeconds) { return m_reassembler.expireIdle(now, idleSeconds); }

    const CaptureStats& stats() const { return m_stats; }
    const TcpReassembler& reassembler() const { return m_reassembler; }
    int linkType() const { return m_decoder.linkType(); }

private:
    PacketDecoder m_decoder;
    TcpReassembler m_reassembler;
    CaptureStats m_stats;
    TcpSegment m_segment;
    const char* m_lastReason = nullptr;
};

} // namespace rpcscope
