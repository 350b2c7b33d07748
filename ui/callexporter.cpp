#include "callexporter.h"

#include "callformat.h"
#include "models/callrebuild.h"
#include "models/callstore.h"
#include "pcapwriter.h"
#include "tcpsynthesizer.h"

#include <QSaveFile>

#include <map>

namespace rpcscope {

CallExporter::Format CallExporter::formatForPath(const QString& path)
{
    const QString lower = path.toLower();
    if (lower.endsWith(QLatin1String(".pcap")) || lower.endsWith(QLatin1String(".cap")))
        return Format::Pcap;
    return Format::Jsonl;
}

Status CallExporter::write(const CallStore& store, const std::vector<int>& rows, const QString& path, Format format,
                           const std::function<bool(int)>& progress)
{
    return format == Format::Pcap ? writePcap(store, rows, path, progress) : writeJsonl(store, rows, path, progress);
}

Status CallExporter::writeJsonl(const CallStore& store, const std::vector<int>& rows, const QString& path,
                                const std::function<bool(int)>& progress)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error {QStringLiteral("%1: %2").arg(path, file.errorString())};
    int done = 0;
    for (int row : rows) {
        // Values are decoded again from the bytes: the store keeps no decoded values.
        QByteArray line = callToJson(store.call(row, false));
        line += '\n';
        if (file.write(line) != line.size())
            return Error {QStringLiteral("%1: %2").arg(path, file.errorString())};
        if (progress && ++done % 500 == 0 && !progress(done)) {
            file.cancelWriting();
            return Error {QStringLiteral("%1: cancelled").arg(path)};
        }
    }
    if (!file.commit())
        return Error {QStringLiteral("%1: %2").arg(path, file.errorString())};
    return Done {};
}

Status CallExporter::writePcap(const CallStore& store, const std::vector<int>& rows, const QString& path,
                               const std::function<bool(int)>& progress)
{
    // The store keeps each message's bytes, not the packets they came in, so the capture is rebuilt: one TCP
    // connection per original connection, carrying the exported calls' messages in order, with the original
    // times (a message's first segment at its first byte's time, its last at its last byte's). tshark and our own
    // loader see the same requests and replies. Bytes that belonged to no call (a JRMP handshake) are not included.
    struct Connection
    {
        std::unique_ptr<TcpSynthesizer> tcp;
        double last = 0;
    };
    struct Packet
    {
        double ts;
        TcpSynthesizer* tcp;
        TcpSynthesizer::Segment segment;
    };
    std::map<QString, Connection> connections;
    std::vector<Packet> packets;

    // Calls of a connection in request order, so each direction's bytes follow the stream order.
    std::vector<int> ordered = rows;
    std::stable_sort(ordered.begin(), ordered.end(),
                     [&](int a, int b) { return store.record(a).id < store.record(b).id; });
    int done = 0;
    for (int row : ordered) {
        const CallRecord& r = store.record(row);
        const StoredCall stored = store.stored(row);
        const QString key
            = QStringLiteral("%1 %2 %3").arg(r.connectionId).arg(store.string(r.client), store.string(r.server));
        Connection& c = connections[key];
        const double first
            = stored.request ? stored.request->firstSeen : (stored.response ? stored.response->firstSeen : r.start);
        if (!c.tcp) {
            c.tcp = std::make_unique<TcpSynthesizer>(parseEndpoint(store.string(r.client)),
                                                     parseEndpoint(store.string(r.server)));
            for (TcpSynthesizer::Segment& s : c.tcp->handshake(first - 30e-6))
                packets.push_back({s.ts, c.tcp.get(), std::move(s)});
        }
        for (const auto& [message, dir] : {std::pair {&stored.request, Direction::ClientToServer},
                                           std::pair {&stored.response, Direction::ServerToClient}}) {
            if (!*message || (*message)->bytes.isEmpty())
                continue;
            const Result<QByteArray> read = (*message)->bytes.read();
            if (!read)
                return Error {QStringLiteral("%1: call %2: %3").arg(path).arg(r.id).arg(read.error())};
            const QByteArrayView bytes = *read;
            const double firstSeen = (*message)->firstSeen;
            const double lastSeen = std::max((*message)->lastSeen, firstSeen);
            // A message that took time on the wire keeps both of its times: its first half goes out when its first
            // byte was seen (the call's start), the rest when its last byte was (which the latency is measured to).
            std::vector<TcpSynthesizer::Segment> segments;
            if (lastSeen > firstSeen && bytes.size() >= 2) {
                const qsizetype half = bytes.size() / 2;
                segments = c.tcp->send(dir, bytes.first(half), firstSeen);
                for (TcpSynthesizer::Segment& s : c.tcp->send(dir, bytes.sliced(half), lastSeen))
                    segments.push_back(std::move(s));
            } else {
                segments = c.tcp->send(dir, bytes, firstSeen);
            }
            segments.back().ts = lastSeen;
            c.last = std::max(c.last, segments.back().ts);
            for (TcpSynthesizer::Segment& s : segments)
                packets.push_back({s.ts, c.tcp.get(), std::move(s)});
        }
        if (progress && ++done % 500 == 0 && !progress(done))
            return Error {QStringLiteral("%1: cancelled").arg(path)};
    }
    for (auto& [key, c] : connections) {
        for (Direction dir : {Direction::ClientToServer, Direction::ServerToClient}) {
            TcpSynthesizer::Segment s = c.tcp->fin(dir, c.last + 10e-6);
            packets.push_back({s.ts, c.tcp.get(), std::move(s)});
        }
    }
    std::stable_sort(packets.begin(), packets.end(), [](const Packet& a, const Packet& b) { return a.ts < b.ts; });

    auto writer = PcapWriter::create(path);
    if (!writer.ok())
        return Error {writer.error()};
    for (const Packet& p : packets) {
        const Status written = p.tcp->write(**writer, p.segment);
        if (!written.ok())
            return written;
    }
    return (*writer)->flush();
}

} // namespace rpcscope
