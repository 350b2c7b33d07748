// Fuzz target: TcpReassembler fed arbitrary segment sequences (any flags, sequence and acknowledgement numbers
// around the 32-bit wrap, overlaps, holes, snapshot-length cuts, two connections on one host pair).
//
// Unless the input asks for free payloads, every payload byte is the low byte of its own sequence number, so what
// the reassembler delivers can be checked exactly: consecutive delivered bytes follow each other, and after a gap
// of n bytes the next byte is n further on. That proves no byte is lost without a gap, duplicated or reordered.
// The sink also checks the event order (open, data, gap, end, close) of every connection.
//
// Input: one options byte (bit 0: free payloads, bits 1-3: held-bytes bound, bit 4: one connection at most), then
// segments: ctrl u8 (bits 0-3: SYN FIN RST ACK, bit 4: server to client, bit 5: second client port), seq offset
// i16, ack offset i16, payload length u8, captured length u8 (255: all), [payload bytes when free].

#include "bytestreamsink.h"
#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "tcpreassembler.h"

#include <map>

namespace {

using namespace rpcscope;

class CheckingSink : public ByteStreamSink
{
public:
    explicit CheckingSink(bool checkBytes)
        : m_checkBytes(checkBytes)
    { }

    void streamOpened(quint64 id, const Endpoint&, const Endpoint&, double, bool) override
    {
        if (m_streams.count(id))
            fuzz::fail("tcp: a connection id was opened twice");
        m_streams[id] = Stream {};
    }
    void streamData(quint64 id, Direction dir, QByteArrayView data, double) override
    {
        Stream& s = open(id, "data");
        Side& side = s.sides[static_cast<int>(dir)];
        if (side.ended)
            fuzz::fail("tcp: data after the end of its direction");
        if (data.isEmpty())
            fuzz::fail("tcp: empty data event");
        for (char c : data) {
            const int b = static_cast<quint8>(c);
            if (m_checkBytes && side.expected >= 0 && b != side.expected)
                fuzz::fail("tcp: delivered byte out of sequence",
                           QStringLiteral("expected %1, got %2").arg(side.expected).arg(b));
            side.expected = (b + 1) & 0xff;
        }
    }
    void streamGap(quint64 id, Direction dir, qint64 missingBytes, double) override
    {
        Side& side = open(id, "gap").sides[static_cast<int>(dir)];
        if (side.ended)
            fuzz::fail("tcp: gap after the end of its direction");
        if (missingBytes == 0 || missingBytes < -1)
            fuzz::fail("tcp: gap of no bytes");
        side.expected = (missingBytes < 0 || side.expected < 0) ? -1 : (side.expected + missingBytes) & 0xff;
    }
    void streamEnded(quint64 id, Direction dir, double, bool) override
    {
        Side& side = open(id, "end").sides[static_cast<int>(dir)];
        if (side.ended)
            fuzz::fail("tcp: a direction ended twice");
        side.ended = true;
    }
    void streamClosed(quint64 id, double) override { open(id, "close").closed = true; }

    void checkAllClosed() const
    {
        for (const auto& [id, s] : m_streams)
            if (!s.closed)
                fuzz::fail("tcp: a connection was never closed");
    }

private:
    struct Side
    {
        int expected = -1;
        bool ended = false;
    };
    struct Stream
    {
        Side sides[2];
        bool closed = false;
    };
    Stream& open(quint64 id, const char* event)
    {
        auto it = m_streams.find(id);
        if (it == m_streams.end())
            fuzz::fail("tcp: event for a connection never opened:", QString::fromLatin1(event));
        if (it->second.closed)
            fuzz::fail("tcp: event after close:", QString::fromLatin1(event));
        return it->second;
    }

    bool m_checkBytes;
    std::map<quint64, Stream> m_streams;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    rpcscope::fuzz::FuzzInput in(data, size);
    const quint8 options = in.u8();
    const bool freePayloads = options & 1;
    TcpReassembler::Options reassemblerOptions;
    reassemblerOptions.maxHeldBytesPerDirection = 64 << ((options >> 1) & 7);
    reassemblerOptions.maxConnections = (options & 0x10) ? 1 : 2;
    CheckingSink sink(!freePayloads);
    TcpReassembler reassembler(sink, reassemblerOptions);

    // Client numbers start just before the 32-bit wrap so that wrapping is exercised in every run.
    const quint32 bases[2] = {0xffffff00u, 0x00001000u};
    const IpAddress hosts[2]
        = {IpAddress::fromString(QStringLiteral("10.0.0.1")), IpAddress::fromString(QStringLiteral("10.0.0.2"))};
    QByteArray payload;
    double ts = 100.0;
    while (!in.atEnd()) {
        const quint8 ctrl = in.u8();
        const int side = (ctrl >> 4) & 1;
        const quint16 clientPort = (ctrl & 0x20) ? 40001 : 40000;
        TcpSegment s;
        s.src = hosts[side];
        s.dst = hosts[1 - side];
        s.srcPort = side ? 8080 : clientPort;
        s.dstPort = side ? clientPort : 8080;
        s.flags = static_cast<quint8>(((ctrl & 1) ? TcpFlag::Syn : 0) | ((ctrl & 2) ? TcpFlag::Fin : 0)
                                      | ((ctrl & 4) ? TcpFlag::Rst : 0) | ((ctrl & 8) ? TcpFlag::Ack : 0));
        s.seq = bases[side] + static_cast<quint32>(static_cast<qint32>(static_cast<qint16>(in.u16())));
        s.ack = bases[1 - side] + static_cast<quint32>(static_cast<qint32>(static_cast<qint16>(in.u16())));
        const int length = in.u8();
        const int captured = in.u8();
        if (freePayloads) {
            payload = in.bytes(static_cast<size_t>(length)).toByteArray();
        } else {
            payload.resize(length);
            // A SYN occupies one sequence number before the data.
            const quint32 first = s.seq + ((s.flags & TcpFlag::Syn) ? 1 : 0);
            for (int i = 0; i < length; ++i)
                payload[i] = static_cast<char>((first + static_cast<quint32>(i)) & 0xff);
        }
        s.payloadLength = payload.size();
        s.payload = QByteArrayView(payload).first(captured == 255 ? payload.size()
                                                                  : std::min<qsizetype>(captured, payload.size()));
        ts += 0.01;
        reassembler.addSegment(s, ts);
        if ((ctrl & 0xc0) == 0xc0)
            reassembler.expireIdle(ts + 1000, 10);
    }
    reassembler.finish(ts + 1);
    sink.checkAllClosed();
    if (reassembler.openConnections() != 0)
        rpcscope::fuzz::fail("tcp: connections left open after finish()");
    return 0;
}
