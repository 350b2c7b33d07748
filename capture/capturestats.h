#pragma once

#include <QString>

namespace rpcscope {

/// What a capture source's packets turned out to be, so that nothing is skipped silently: the CLI prints the
/// problems, the GUI shows them in the status bar.
struct CaptureStats
{
    qint64 packets = 0;
    /// Bytes kept in the capture, and bytes the frames had on the wire.
    qint64 capturedBytes = 0;
    qint64 wireBytes = 0;
    qint64 tcpPackets = 0;
    /// Frames of other protocols (ARP, UDP, ICMP...): skipped, not a problem.
    qint64 nonTcpPackets = 0;
    /// IP fragments: not reassembled, so their bytes are missing from the streams.
    qint64 fragments = 0;
    /// Frames the snapshot length cut short (their missing bytes become gaps in the streams).
    qint64 truncatedPackets = 0;
    /// Frames whose headers cannot be right; the reason of the last one is kept.
    qint64 malformedPackets = 0;
    QString lastMalformedReason;
    /// Capture time of the first and last packet (seconds since the epoch); 0 before the first packet.
    double firstTimestamp = 0;
    double lastTimestamp = 0;

    bool clean() const { return fragments == 0 && truncatedPackets == 0 && malformedPackets == 0; }
    /// One sentence listing what is not clean, e.g. "3 IP fragments not reassembled, 1 malformed packet (...)".
    QString describeProblems() const;
};

} // namespace rpcscope
