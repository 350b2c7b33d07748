#pragma once

#include "bytestreamsink.h"
#include "result.h"

#include <memory>
#include <unordered_map>

namespace rpcscope {

class PcapWriter;
class TcpSynthesizer;

/// Writes byte streams (what passed through the recording proxy) as a pcap file that tshark and Wireshark open:
/// each connection gets a handshake, its data in segments of at most `maxSegment` bytes with consistent sequence
/// and acknowledgement numbers and checksums, FIN or RST where it ended, all at the times the bytes passed.
class PcapStreamRecorder : public ByteStreamSink
{
public:
    /// Largest TCP payload per packet: a full IPv4 packet (65535 bytes) minus IP and TCP headers.
    static constexpr int maxSegment = 65535 - 20 - 20;

    /// Creates (or truncates) `path`.
    static Result<std::unique_ptr<PcapStreamRecorder>> create(const QString& path);
    ~PcapStreamRecorder() override;

    void streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool startSeen) override;
    void streamData(quint64 id, Direction dir, QByteArrayView data, double ts) override;
    void streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts) override;
    void streamEnded(quint64 id, Direction dir, double ts, bool reset) override;
    void streamClosed(quint64 id, double ts) override;

    /// Writes buffered packets to the file. The first write error is kept and returned from then on.
    Status flush();
    qint64 packetsWritten() const;
    /// The first write error, empty while all is well.
    const QString& error() const { return m_error; }

private:
    explicit PcapStreamRecorder(std::unique_ptr<PcapWriter> writer);
    void check(const Status& status);

    struct Stream;
    std::unique_ptr<PcapWriter> m_writer;
    std::unordered_map<quint64, std::unique_ptr<Stream>> m_streams;
    QString m_error;
};

} // namespace rpcscope
