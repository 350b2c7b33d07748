#pragma once

#include "packetdecoder.h"
#include "result.h"

#include <QString>

#include <atomic>
#include <functional>
#include <memory>

struct pcap;

namespace rpcscope {

class PacketProcessor;

/// Reads a pcap or pcapng capture through libpcap, packet by packet: from a file, or from standard input ("-") or a
/// FIFO as the bytes arrive. Progress and cancellation may be used from another thread (a GUI loading a file in the
/// background); reading itself happens on one thread.
class PcapFileSource
{
public:
    enum class Status {
        Packet, ///< `packet` holds the next packet
        End, ///< the capture ended cleanly
        Truncated, ///< the capture ends inside a packet record (a writer that was killed): errorString() says more
        Error, ///< the capture cannot be read any further: errorString()
        Cancelled, ///< cancel() was called
    };

    /// Opens `path` ("-" for standard input). The error names the file and says why it cannot be read.
    static Result<std::unique_ptr<PcapFileSource>> open(const QString& path);
    ~PcapFileSource();
    PcapFileSource(const PcapFileSource&) = delete;
    PcapFileSource& operator=(const PcapFileSource&) = delete;

    /// The path as given, and the name to use in messages ("standard input" for "-").
    const QString& path() const { return m_path; }
    const QString& displayName() const { return m_displayName; }
    /// The libpcap link-layer type (DLT) of the packets.
    int linkType() const { return m_linkType; }
    /// True when the capture arrives as a stream (standard input, a pipe or FIFO): packets come as the writer
    /// produces them, so results should be passed on (flushed) as they come rather than at the end.
    bool isStream() const { return m_stream; }

    /// Reads the next packet. The bytes `packet.data` points to stay valid until the next call.
    Status next(RawPacket& packet);
    /// Reads every remaining packet into `processor`, calling `afterPacket` (if set) after each one. Returns how
    /// reading ended: End, Truncated, Error or Cancelled.
    Status readAll(PacketProcessor& processor, const std::function<void(const RawPacket&)>& afterPacket = {});
    /// For Truncated and Error: a sentence naming the file, the packet and libpcap's reason.
    QString errorString() const { return m_displayName + QStringLiteral(": ") + m_error; }
    /// The same without the file name.
    const QString& errorReason() const { return m_error; }

    /// Packets read so far.
    qint64 packetsRead() const { return m_packets.load(std::memory_order_relaxed); }
    /// Bytes of the file consumed so far (updated every few hundred packets); safe to call from any thread.
    qint64 bytesRead() const { return m_bytesRead.load(std::memory_order_relaxed); }
    /// Size of the file, or -1 for a stream.
    qint64 fileSize() const { return m_fileSize; }
    /// bytesRead() / fileSize() in [0, 1], or -1 for a stream; safe to call from any thread.
    double progress() const;
    /// Makes the reading thread stop at the next packet (next() returns Cancelled); safe to call from any thread.
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }

private:
    PcapFileSource() = default;
    void updatePosition();

    QString m_path;
    QString m_displayName;
    pcap* m_pcap = nullptr;
    int m_linkType = 0;
    bool m_stream = false;
    qint64 m_fileSize = -1;
    qint64 m_streamBytes = 0; // approximate position for streams, which cannot tell it
    QString m_error;
    std::atomic<qint64> m_packets {0};
    std::atomic<qint64> m_bytesRead {0};
    std::atomic<bool> m_cancelled {false};
};

} // namespace rpcscope
