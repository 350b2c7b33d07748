#include "pcapstreamrecorder.h"

#include "pcapwriter.h"
#include "tcpsynthesizer.h"

namespace rpcscope {

struct PcapStreamRecorder::Stream
{
    TcpSynthesizer tcp;
    bool ended[2] = {false, false};
    bool reset = false;
};

Result<std::unique_ptr<PcapStreamRecorder>> PcapStreamRecorder::create(const QString& path)
{
    auto writer = PcapWriter::create(path);
    if (!writer)
        return Error {writer.error()};
    return std::unique_ptr<PcapStreamRecorder>(new PcapStreamRecorder(std::move(writer).value()));
}

PcapStreamRecorder::PcapStreamRecorder(std::unique_ptr<PcapWriter> writer)
    : m_writer(std::move(writer))
{ }

PcapStreamRecorder::~PcapStreamRecorder()
{
    flush();
}

void PcapStreamRecorder::check(const Status& status)
{
    if (!status && m_error.isEmpty())
        m_error = status.error();
}

void PcapStreamRecorder::streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool)
{
    // Initial sequence numbers vary per connection, as a real stack's do.
    const quint32 isn = static_cast<quint32>(id * 2654435761u);
    auto stream = std::make_unique<Stream>(Stream {TcpSynthesizer(client, server, isn, ~isn)});
    check(stream->tcp.write(*m_writer, stream->tcp.handshake(ts)));
    m_streams[id] = std::move(stream);
}

void PcapStreamRecorder::streamData(quint64 id, Direction dir, QByteArrayView data, double ts)
{
    auto it = m_streams.find(id);
    if (it == m_streams.end() || data.isEmpty())
        return;
    TcpSynthesizer& tcp = it->second->tcp;
    check(tcp.write(*m_writer, tcp.send(dir, data, ts, maxSegment)));
}

void PcapStreamRecorder::streamGap(quint64, Direction, qint64, double)
{
    // The proxy sees every byte: it never reports gaps.
}

void PcapStreamRecorder::streamEnded(quint64 id, Direction dir, double ts, bool reset)
{
    auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    Stream& stream = *it->second;
    if (stream.reset || stream.ended[index(dir)])
        return;
    stream.ended[index(dir)] = true;
    if (reset) {
        stream.reset = true;
        check(stream.tcp.write(*m_writer, stream.tcp.rst(dir, ts)));
    } else {
        check(stream.tcp.write(*m_writer, stream.tcp.fin(dir, ts)));
    }
}

void PcapStreamRecorder::streamClosed(quint64 id, double ts)
{
    auto it = m_streams.find(id);
    if (it == m_streams.end())
        return;
    Stream& stream = *it->second;
    if (!stream.reset) {
        // Close what is still open, then acknowledge the last FIN, as the stack would.
        for (Direction dir : {Direction::ClientToServer, Direction::ServerToClient}) {
            if (!stream.ended[index(dir)]) {
                stream.ended[index(dir)] = true;
                check(stream.tcp.write(*m_writer, stream.tcp.fin(dir, ts)));
            }
        }
        check(stream.tcp.write(*m_writer, stream.tcp.ack(Direction::ClientToServer, ts)));
    }
    m_streams.erase(it);
    check(m_writer->flush());
}

Status PcapStreamRecorder::flush()
{
    check(m_writer->flush());
    if (!m_error.isEmpty())
        return Error {m_error};
    return Done {};
}

qint64 PcapStreamRecorder::packetsWritten() const
{
    return m_writer->packetsWritten();
}

} // namespace rpcscope
