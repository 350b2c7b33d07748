#pragma once
// Test helper: replays a small classic-pcap capture of IPv4/TCP (Ethernet, Linux cooked or raw link types) into a
// ByteStreamSink, so decoder tests can feed real captured byte streams through the pipeline without the capture
// module. It expects the tidy traffic of a loopback capture: segments in order, retransmissions dropped by
// sequence number, no IP fragments. The real reader (reassembly, gaps, IPv6...) lives in capture/.

#include "bytestreamsink.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QtEndian>

#include <map>
#include <vector>

namespace rpcscope::test {

struct ReplayedConnection
{
    quint64 id = 0;
    Endpoint client;
    Endpoint server;
    /// Every byte each direction carried, in order.
    QByteArray bytes[2];
    /// The payload of each segment, in capture order.
    std::vector<std::pair<Direction, QByteArray>> segments;
};

/// Replays `pcap` into `sink` (when given) and returns the connections with their byte streams. `error` is set and
/// nothing more is replayed at the first record that cannot be read.
inline std::vector<ReplayedConnection> replayPcap(const QByteArray& pcap, ByteStreamSink* sink,
                                                  QString* error = nullptr)
{
    std::vector<ReplayedConnection> out;
    auto fail = [&](const QString& text) {
        if (error)
            *error = text;
        return out;
    };
    if (pcap.size() < 24)
        return fail(QStringLiteral("not a pcap file"));
    const quint32 magic = qFromLittleEndian<quint32>(pcap.constData());
    const bool swapped = magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1;
    const bool nano = magic == 0xA1B23C4D || magic == 0x4D3CB2A1;
    if (!swapped && magic != 0xA1B2C3D4 && magic != 0xA1B23C4D)
        return fail(QStringLiteral("unknown pcap magic"));
    auto u32 = [&](qsizetype at) {
        const quint32 v = qFromLittleEndian<quint32>(pcap.constData() + at);
        return swapped ? qbswap(v) : v;
    };
    const quint32 linkType = u32(20);

    struct Flow
    {
        quint64 id;
        bool clientIsSrc; // for the key's orientation
        quint32 nextSeq[2] = {0, 0};
        bool seqKnown[2] = {false, false};
        bool ended[2] = {false, false};
        bool closed = false;
    };
    std::map<QString, Flow> flows;
    quint64 nextId = 1;
    double lastTs = 0;

    for (qsizetype at = 24; at + 16 <= pcap.size();) {
        const double ts = u32(at) + u32(at + 4) / (nano ? 1e9 : 1e6);
        const quint32 caplen = u32(at + 8);
        at += 16;
        if (at + caplen > quint32(pcap.size()))
            return fail(QStringLiteral("truncated pcap record"));
        const QByteArrayView frame(pcap.constData() + at, caplen);
        at += caplen;
        lastTs = ts;
        qsizetype ip = 0;
        if (linkType == 1)
            ip = 14; // Ethernet
        else if (linkType == 113)
            ip = 16; // Linux cooked
        else if (linkType == 0 || linkType == 108)
            ip = 4; // BSD loopback
        else if (linkType == 101 || linkType == 228)
            ip = 0; // raw IPv4
        else
            return fail(QStringLiteral("unsupported link type %1").arg(linkType));
        if (frame.size() < ip + 20 || (quint8(frame[ip]) >> 4) != 4 || quint8(frame[ip + 9]) != 6)
            continue;
        const int ihl = (quint8(frame[ip]) & 0x0F) * 4;
        const int totalLength = qFromBigEndian<quint16>(frame.data() + ip + 2);
        const qsizetype tcp = ip + ihl;
        if (frame.size() < tcp + 20)
            continue;
        auto address = [&](qsizetype p) {
            return QStringLiteral("%1.%2.%3.%4")
                .arg(quint8(frame[p]))
                .arg(quint8(frame[p + 1]))
                .arg(quint8(frame[p + 2]))
                .arg(quint8(frame[p + 3]));
        };
        const Endpoint src {address(ip + 12), qFromBigEndian<quint16>(frame.data() + tcp)};
        const Endpoint dst {address(ip + 16), qFromBigEndian<quint16>(frame.data() + tcp + 2)};
        const quint32 seq = qFromBigEndian<quint32>(frame.data() + tcp + 4);
        const int dataOffset = (quint8(frame[tcp + 12]) >> 4) * 4;
        const quint8 flags = quint8(frame[tcp + 13]);
        const bool syn = flags & 0x02, fin = flags & 0x01, rst = flags & 0x04, ack = flags & 0x10;
        const qsizetype payloadStart = tcp + dataOffset;
        const qsizetype payloadEnd = std::min<qsizetype>(ip + totalLength, frame.size());
        QByteArrayView payload
            = payloadEnd > payloadStart ? frame.sliced(payloadStart, payloadEnd - payloadStart) : QByteArrayView();

        const QString forward = src.toString() + QLatin1Char('>') + dst.toString();
        const QString backward = dst.toString() + QLatin1Char('>') + src.toString();
        auto it = flows.find(forward);
        Direction dir = Direction::ClientToServer;
        if (it != flows.end()) {
            dir = Direction::ClientToServer;
        } else if ((it = flows.find(backward)) != flows.end()) {
            dir = Direction::ServerToClient;
        } else {
            // A new connection: the SYN's sender is the client; without a SYN, the sender of this segment.
            const bool startSeen = syn;
            const bool fromServer = syn && ack;
            const Endpoint client = fromServer ? dst : src;
            const Endpoint server = fromServer ? src : dst;
            Flow f {nextId++, true};
            it = flows.emplace(client.toString() + QLatin1Char('>') + server.toString(), f).first;
            dir = fromServer ? Direction::ServerToClient : Direction::ClientToServer;
            out.push_back({f.id, client, server, {}, {}});
            if (sink)
                sink->streamOpened(f.id, client, server, ts, startSeen);
        }
        Flow& f = it->second;
        if (f.closed)
            continue;
        const int d = index(dir);
        quint32 start = seq;
        if (syn) {
            f.nextSeq[d] = seq + 1;
            f.seqKnown[d] = true;
            start = seq + 1;
        }
        if (!f.seqKnown[d]) {
            f.nextSeq[d] = seq;
            f.seqKnown[d] = true;
        }
        // Drop what was already delivered (retransmissions).
        const qint32 behind = qint32(f.nextSeq[d] - start);
        if (behind > 0)
            payload = behind >= payload.size() ? QByteArrayView() : payload.sliced(behind);
        if (!payload.isEmpty()) {
            f.nextSeq[d] += payload.size();
            for (ReplayedConnection& c : out) {
                if (c.id == f.id) {
                    c.bytes[d].append(payload.data(), payload.size());
                    c.segments.emplace_back(dir, payload.toByteArray());
                }
            }
            if (sink)
                sink->streamData(f.id, dir, payload, ts);
        }
        if ((fin || rst) && !f.ended[d]) {
            f.ended[d] = true;
            if (sink)
                sink->streamEnded(f.id, dir, ts, rst);
            if (rst && !f.ended[1 - d]) {
                f.ended[1 - d] = true;
                if (sink)
                    sink->streamEnded(f.id, opposite(dir), ts, true);
            }
        }
        if (f.ended[0] && f.ended[1] && !f.closed) {
            f.closed = true;
            if (sink)
                sink->streamClosed(f.id, ts);
        }
    }
    if (sink) {
        for (auto& [key, f] : flows) {
            if (!f.closed)
                sink->streamClosed(f.id, lastTs);
        }
    }
    return out;
}

} // namespace rpcscope::test
