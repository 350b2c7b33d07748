#include "tcpsynthesizer.h"

#include "pcapwriter.h"

#include <QtEndian>

#include <algorithm>

namespace rpcscope {

namespace {
constexpr int kEthernetHeader = 14;
constexpr int kIpv4Header = 20;
constexpr int kIpv6Header = 40;
constexpr int kTcpHeader = 20;
// Locally administered MAC addresses for the two sides.
constexpr char kMacClient[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
constexpr char kMacServer[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

void put16(char* p, quint16 v)
{
    qToBigEndian(v, p);
}

void put32(char* p, quint32 v)
{
    qToBigEndian(v, p);
}

// The Internet checksum's one's-complement sum, folded later.
quint32 sum16(const char* data, qsizetype n, quint32 sum = 0)
{
    const auto* p = reinterpret_cast<const quint8*>(data);
    for (qsizetype i = 0; i + 1 < n; i += 2)
        sum += (quint32(p[i]) << 8) | p[i + 1];
    if (n & 1)
        sum += quint32(p[n - 1]) << 8;
    return sum;
}

quint16 fold(quint32 sum)
{
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<quint16>(~sum);
}
} // namespace

TcpSynthesizer::TcpSynthesizer(const Endpoint& client, const Endpoint& server, quint32 clientIsn, quint32 serverIsn)
    : m_endpoint {client, server}
    , m_address {IpAddress::fromString(client.address), IpAddress::fromString(server.address)}
    , m_isn {clientIsn, serverIsn}
    , m_next {clientIsn + 1, serverIsn + 1}
{ }

TcpSynthesizer::Segment TcpSynthesizer::make(Direction dir, quint32 seq, quint8 flags, QByteArray payload,
                                             double ts) const
{
    Segment s;
    s.dir = dir;
    s.seq = seq;
    s.ack = (flags & TcpFlag::Ack) ? m_next[index(opposite(dir))] : 0;
    s.flags = flags;
    s.payload = std::move(payload);
    s.ts = ts;
    return s;
}

std::vector<TcpSynthesizer::Segment> TcpSynthesizer::handshake(double ts)
{
    const Direction c = Direction::ClientToServer;
    const Direction s = Direction::ServerToClient;
    std::vector<Segment> out;
    out.push_back(make(c, m_isn[0], TcpFlag::Syn, {}, ts));
    out.push_back(make(s, m_isn[1], TcpFlag::Syn | TcpFlag::Ack, {}, ts + 0.00001));
    out.push_back(make(c, m_next[0], TcpFlag::Ack, {}, ts + 0.00002));
    return out;
}

std::vector<TcpSynthesizer::Segment> TcpSynthesizer::send(Direction dir, QByteArrayView data, double ts, int maxSegment)
{
    // An IPv4 packet cannot exceed 65535 bytes.
    maxSegment = std::clamp(maxSegment, 1, 65535 - kIpv4Header - kTcpHeader);
    std::vector<Segment> out;
    for (qsizetype at = 0; at < data.size(); at += maxSegment) {
        const QByteArrayView piece = data.sliced(at, std::min<qsizetype>(maxSegment, data.size() - at));
        const bool last = at + piece.size() >= data.size();
        const quint8 flags = TcpFlag::Ack | (last ? TcpFlag::Psh : 0);
        out.push_back(make(dir, m_next[index(dir)], flags, piece.toByteArray(), ts));
        m_next[index(dir)] += static_cast<quint32>(piece.size());
    }
    return out;
}

TcpSynthesizer::Segment TcpSynthesizer::ack(Direction dir, double ts) const
{
    return make(dir, m_next[index(dir)], TcpFlag::Ack, {}, ts);
}

TcpSynthesizer::Segment TcpSynthesizer::fin(Direction dir, double ts)
{
    Segment s = make(dir, m_next[index(dir)], TcpFlag::Fin | TcpFlag::Ack, {}, ts);
    m_next[index(dir)] += 1;
    return s;
}

TcpSynthesizer::Segment TcpSynthesizer::rst(Direction dir, double ts) const
{
    return make(dir, m_next[index(dir)], TcpFlag::Rst | TcpFlag::Ack, {}, ts);
}

TcpSynthesizer::Segment TcpSynthesizer::segmentAt(Direction dir, qint64 offset, QByteArray payload, double ts) const
{
    const quint32 seq = m_isn[index(dir)] + 1 + static_cast<quint32>(offset);
    return make(dir, seq, TcpFlag::Ack | TcpFlag::Psh, std::move(payload), ts);
}

QByteArray TcpSynthesizer::ipPacket(const Segment& segment) const
{
    const IpAddress& src = m_address[index(segment.dir)];
    const IpAddress& dst = m_address[index(opposite(segment.dir))];
    const quint16 srcPort = m_endpoint[index(segment.dir)].port;
    const quint16 dstPort = m_endpoint[index(opposite(segment.dir))].port;
    const bool v6 = src.version == 6;
    const int ipHeader = v6 ? kIpv6Header : kIpv4Header;
    const qsizetype tcpLength = kTcpHeader + segment.payload.size();

    QByteArray packet(ipHeader + tcpLength, '\0');
    char* ip = packet.data();
    char* tcp = ip + ipHeader;
    const int addressSize = v6 ? 16 : 4;
    if (v6) {
        put32(ip, 6u << 28);
        put16(ip + 4, static_cast<quint16>(tcpLength));
        ip[6] = 6; // next header: TCP
        ip[7] = 64; // hop limit
        std::memcpy(ip + 8, src.bytes, 16);
        std::memcpy(ip + 24, dst.bytes, 16);
    } else {
        ip[0] = 0x45;
        put16(ip + 2, static_cast<quint16>(kIpv4Header + tcpLength));
        put16(ip + 4, static_cast<quint16>(segment.seq ^ (segment.seq >> 16))); // identification
        put16(ip + 6, 0x4000); // don't fragment
        ip[8] = 64;
        ip[9] = 6;
        std::memcpy(ip + 12, src.bytes, 4);
        std::memcpy(ip + 16, dst.bytes, 4);
        put16(ip + 10, fold(sum16(ip, kIpv4Header)));
    }

    put16(tcp, srcPort);
    put16(tcp + 2, dstPort);
    put32(tcp + 4, segment.seq);
    put32(tcp + 8, segment.ack);
    tcp[12] = static_cast<char>((kTcpHeader / 4) << 4);
    tcp[13] = static_cast<char>(segment.flags);
    put16(tcp + 14, segment.window);
    std::memcpy(tcp + kTcpHeader, segment.payload.constData(), segment.payload.size());

    // Pseudo-header: addresses, protocol, TCP length.
    quint32 sum = sum16(reinterpret_cast<const char*>(src.bytes), addressSize);
    sum = sum16(reinterpret_cast<const char*>(dst.bytes), addressSize, sum);
    sum += 6;
    sum += static_cast<quint32>(tcpLength & 0xFFFF) + static_cast<quint32>(tcpLength >> 16);
    sum = sum16(tcp, tcpLength, sum);
    put16(tcp + 16, fold(sum));
    return packet;
}

QByteArray TcpSynthesizer::frame(const Segment& segment) const
{
    const bool fromClient = segment.dir == Direction::ClientToServer;
    QByteArray out;
    out.reserve(kEthernetHeader + kIpv6Header + kTcpHeader + segment.payload.size());
    out.append(fromClient ? kMacServer : kMacClient, 6);
    out.append(fromClient ? kMacClient : kMacServer, 6);
    char type[2];
    put16(type, m_address[index(segment.dir)].version == 6 ? 0x86DD : 0x0800);
    out.append(type, 2);
    out.append(ipPacket(segment));
    return out;
}

Status TcpSynthesizer::write(PcapWriter& writer, const Segment& segment, qint64 captureLength) const
{
    const QByteArray f = frame(segment);
    const qsizetype kept = captureLength < 0 ? f.size() : std::min<qsizetype>(captureLength, f.size());
    return writer.writePacket(segment.ts, QByteArrayView(f).first(kept), f.size());
}

Status TcpSynthesizer::write(PcapWriter& writer, const std::vector<Segment>& segments) const
{
    for (const Segment& s : segments) {
        if (Status st = write(writer, s); !st)
            return st;
    }
    return Done {};
}

} // namespace rpcscope
