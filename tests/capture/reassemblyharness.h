#pragma once
// Test helper: a TcpReassembler fed with segments made by a TcpSynthesizer, recording what it delivers.

#include "recordingsink.h"
#include "tcpreassembler.h"
#include "tcpsynthesizer.h"

namespace rpcscope::test {

using Seg = TcpSynthesizer::Segment;
constexpr Direction C2S = Direction::ClientToServer;
constexpr Direction S2C = Direction::ServerToClient;

inline Endpoint testClient()
{
    return {QStringLiteral("10.0.0.1"), 40000};
}
inline Endpoint testServer()
{
    return {QStringLiteral("10.0.0.2"), 8080};
}

/// The TcpSegment PacketDecoder would produce for `s`; `captured` < payload size cuts the payload as a small
/// snapshot length would.
inline TcpSegment toTcpSegment(const TcpSynthesizer& tcp, const Seg& s, qint64 captured = -1)
{
    TcpSegment t;
    const Endpoint& from = tcp.endpoint(s.dir);
    const Endpoint& to = tcp.endpoint(opposite(s.dir));
    t.src = IpAddress::fromString(from.address);
    t.dst = IpAddress::fromString(to.address);
    t.srcPort = from.port;
    t.dstPort = to.port;
    t.seq = s.seq;
    t.ack = s.ack;
    t.flags = s.flags;
    t.window = s.window;
    t.payload = QByteArrayView(s.payload).first(captured < 0 ? s.payload.size()
                                                             : std::min<qint64>(captured, s.payload.size()));
    t.payloadLength = s.payload.size();
    return t;
}

struct ReassemblyHarness
{
    explicit ReassemblyHarness(TcpReassembler::Options options = {}, quint32 clientIsn = 1000,
                               quint32 serverIsn = 50000, Endpoint client = testClient(),
                               Endpoint server = testServer())
        : tcp(client, server, clientIsn, serverIsn)
        , reassembler(sink, options)
    { }

    void feed(const Seg& s, qint64 captured = -1) { reassembler.addSegment(toTcpSegment(tcp, s, captured), s.ts); }
    void feed(const std::vector<Seg>& segments)
    {
        for (const Seg& s : segments)
            feed(s);
    }
    /// Feeds `segments` in the order given by `order` (indexes, repeats allowed).
    void feed(const std::vector<Seg>& segments, const QList<int>& order)
    {
        for (int i : order)
            feed(segments.at(i));
    }

    RecordingSink sink;
    TcpSynthesizer tcp;
    TcpReassembler reassembler;
};

} // namespace rpcscope::test
