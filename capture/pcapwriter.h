#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

class QIODevice;

namespace rpcscope {

/// Writes a classic pcap file (the format every tool reads): the file header, then one record per packet. Used by
/// the tests to build captures and by the recording proxy to save what passed through it.
class PcapWriter
{
public:
    struct Options
    {
        /// Link-layer type (DLT) of the packets; 1 = Ethernet.
        int linkType = 1;
        /// Snapshot length announced in the header.
        quint32 snaplen = 262144;
        /// Nanosecond timestamps (magic a1b23c4d) instead of microseconds.
        bool nanoseconds = false;
    };

    /// Creates (or truncates) `path` and writes the file header.
    static Result<std::unique_ptr<PcapWriter>> create(const QString& path, Options options);
    static Result<std::unique_ptr<PcapWriter>> create(const QString& path) { return create(path, Options {}); }
    /// Writes to an open device (a file, a buffer, a pipe), which must outlive the writer.
    PcapWriter(QIODevice& device, Options options);
    ~PcapWriter();
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;

    /// Writes one packet record: `captured` are the bytes kept, `wireLength` the frame's length on the wire (-1:
    /// the same as captured; larger for a packet cut short by the snapshot length). `ts`: seconds since the epoch.
    Status writePacket(double ts, QByteArrayView captured, qint64 wireLength = -1);
    /// Writes buffered records through to the device.
    Status flush();
    qint64 packetsWritten() const { return m_packets; }
    const Options& options() const { return m_options; }

    /// The 24-byte file header for `options`.
    static QByteArray fileHeader(const Options& options);

private:
    Status writeOut();

    std::unique_ptr<QIODevice> m_ownedDevice;
    QIODevice* m_device = nullptr;
    Options m_options;
    QByteArray m_buffer;
    QString m_error;
    qint64 m_packets = 0;
};

} // namespace rpcscope
