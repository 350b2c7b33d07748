#include "tcpreassembler.h"

#include <algorithm>
#include <cstring>

namespace rpcscope {

namespace {
// Bookkeeping charged per held piece on top of its bytes, so that a flood of tiny segments also meets the bound.
constexpr qint64 kHeldOverhead = 64;
// Sequence distances beyond this are not taken as acknowledgements or resets of this stream (garbage, or another
// connection's numbers).
constexpr qint64 kSaneDistance = qint64(1) << 30;

quint64 load64(const quint8* p)
{
    quint64 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
} // namespace

bool TcpReassembler::FlowKey::operator==(const FlowKey& o) const
{
    return std::memcmp(this, &o, sizeof(FlowKey)) == 0;
}

std::size_t TcpReassembler::FlowKeyHash::operator()(const FlowKey& k) const
{
    static_assert(sizeof(FlowKey) == 40, "FlowKey is hashed as five 64-bit words");
    const auto* p = reinterpret_cast<const quint8*>(&k);
    quint64 h = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 5; ++i) {
        h = (h ^ load64(p + 8 * i)) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    return static_cast<std::size_t>(h);
}

TcpReassembler::TcpReassembler(ByteStreamSink& sink)
    : TcpReassembler(sink, Options {})
{ }

TcpReassembler::TcpReassembler(ByteStreamSink& sink, Options options)
    : m_sink(sink)
    , m_options(options)
{ }

TcpReassembler::~TcpReassembler() = default;

TcpReassembler::FlowKey TcpReassembler::makeKey(const TcpSegment& s, bool* srcIsA)
{
    FlowKey k;
    std::memset(&k, 0, sizeof k);
    const int c = std::memcmp(s.src.bytes, s.dst.bytes, sizeof s.src.bytes);
    *srcIsA = c < 0 || (c == 0 && s.srcPort <= s.dstPort);
    const IpAddress& a = *srcIsA ? s.src : s.dst;
    const IpAddress& b = *srcIsA ? s.dst : s.src;
    std::memcpy(k.addrA, a.bytes, 16);
    std::memcpy(k.addrB, b.bytes, 16);
    k.portA = *srcIsA ? s.srcPort : s.dstPort;
    k.portB = *srcIsA ? s.dstPort : s.srcPort;
    k.version = s.src.version;
    return k;
}

qint64 TcpReassembler::offsetOf(const Side& side, quint32 seq)
{
    // Relative to the next expected byte, so that sequence numbers wrap around 2^32 without special cases.
    const quint32 nextSeq = side.base + static_cast<quint32>(side.next);
    return side.next + static_cast<qint32>(seq - nextSeq);
}

TcpReassembler::Connection* TcpReassembler::find(const FlowKey& key)
{
    if (m_last && m_lastKey == key)
        return m_last;
    auto it = m_connections.find(key);
    if (it == m_connections.end())
        return nullptr;
    m_last = &it->second;
    m_lastKey = key;
    return m_last;
}

TcpReassembler::Connection* TcpReassembler::open(const FlowKey& key, bool clientIsA, const TcpSegment& s, bool srcIsA,
                                                 bool startSeen, double ts)
{
    if (static_cast<qint64>(m_connections.size()) >= m_options.maxConnections) {
        m_stats.droppedSegments++;
        return nullptr;
    }
    Connection& c = m_connections[key];
    c = Connection {};
    c.key = key;
    c.id = m_nextId++;
    c.clientIsA = clientIsA;
    c.lastSeen = ts;
    m_last = &c;
    m_lastKey = key;
    m_stats.connections++;
    const bool clientIsSrc = clientIsA == srcIsA;
    const Endpoint client {(clientIsSrc ? s.src : s.dst).toString(), clientIsSrc ? s.srcPort : s.dstPort};
    const Endpoint server {(clientIsSrc ? s.dst : s.src).toString(), clientIsSrc ? s.dstPort : s.srcPort};
    m_sink.streamOpened(c.id, client, server, ts, startSeen);
    return &c;
}

void TcpReassembler::remember(const FlowKey& key, double ts)
{
    m_closed[key] = ts;
    m_closedOrder.emplace_back(key, ts);
    while (static_cast<int>(m_closedOrder.size()) > m_options.closedConnectionMemory) {
        const auto& [oldKey, oldTs] = m_closedOrder.front();
        auto it = m_closed.find(oldKey);
        if (it != m_closed.end() && it->second == oldTs)
            m_closed.erase(it);
        m_closedOrder.pop_front();
    }
}

void TcpReassembler::close(Connection& c, double ts)
{
    const FlowKey key = c.key;
    const quint64 id = c.id;
    for (Side& side : c.sides)
        dropHeld(side);
    if (m_last == &c)
        m_last = nullptr;
    m_connections.erase(key);
    remember(key, ts);
    m_sink.streamClosed(id, ts);
}

void TcpReassembler::dropHeld(Side& side)
{
    m_stats.heldBytes -= side.heldBytes;
    side.heldBytes = 0;
    side.held.clear();
}

void TcpReassembler::addSegment(const TcpSegment& s, double ts)
{
    m_stats.segments++;
    bool srcIsA = true;
    const FlowKey key = makeKey(s, &srcIsA);
    const bool syn = s.has(TcpFlag::Syn);
    const bool ack = s.has(TcpFlag::Ack);
    Connection* c = find(key);

    if (c && syn && !ack) {
        const Side& side
            = c->sides[index(srcIsA == c->clientIsA ? Direction::ClientToServer : Direction::ServerToClient)];
        if (side.synSeen && side.isn == s.seq) {
            c->lastSeen = ts; // a retransmitted SYN
            return;
        }
        // A new SYN on a 4-tuple in use: the old connection is over (its end may not have been captured).
        terminate(*c, ts);
        c = nullptr;
    }
    if (!c) {
        auto closed = m_closed.find(key);
        if (closed != m_closed.end()) {
            if ((syn && !ack) || ts - closed->second > m_options.closedConnectionSeconds) {
                m_closed.erase(closed);
            } else {
                m_stats.segmentsAfterClose++;
                return;
            }
        }
        if (s.has(TcpFlag::Rst)) {
            m_stats.strayControlSegments++;
            return;
        }
        if (syn && !ack) {
            c = open(key, srcIsA, s, srcIsA, true, ts);
        } else if (syn) {
            // The SYN was not captured, but the SYN-ACK tells where both streams start.
            c = open(key, !srcIsA, s, srcIsA, true, ts);
        } else if (s.payloadLength > 0) {
            // Mid-stream: guess that the side with the higher (ephemeral) port is the client.
            const bool clientIsSrc = s.srcPort >= s.dstPort;
            c = open(key, clientIsSrc ? srcIsA : !srcIsA, s, srcIsA, false, ts);
        } else {
            m_stats.strayControlSegments++;
            return;
        }
        if (!c)
            return;
    }

    c->lastSeen = ts;
    const Direction dir = srcIsA == c->clientIsA ? Direction::ClientToServer : Direction::ServerToClient;
    const Direction back = opposite(dir);
    Side& side = c->sides[index(dir)];
    Side& peer = c->sides[index(back)];
    quint32 dataSeq = s.seq;
    if (syn) {
        if (!side.synSeen && !side.known) {
            side.synSeen = true;
            side.known = true;
            side.isn = s.seq;
            side.base = s.seq + 1;
        }
        dataSeq = s.seq + 1; // the SYN takes one sequence number; data in a SYN (TCP Fast Open) follows it
        if (ack && !peer.known) {
            peer.known = true;
            peer.base = s.ack;
        }
    }

    if (s.has(TcpFlag::Rst)) {
        if (side.known) {
            const qint64 at = offsetOf(side, s.seq);
            if (at < side.next - kSaneDistance || at > side.next + kSaneDistance) {
                m_stats.strayControlSegments++;
                return;
            }
        }
        reset(*c, ts);
        return;
    }

    // The peer acknowledges bytes we never saw: they are lost from the capture, unless they are only late (the
    // capture recorded a pure ACK first), which the grace period allows for.
    if (ack && peer.known && !peer.ended) {
        qint64 acked = offsetOf(peer, s.ack);
        if (peer.fin >= 0)
            acked = std::min(acked, peer.fin); // the FIN's own sequence number is no data
        if (acked > peer.next && acked - peer.next < kSaneDistance) {
            // A segment with data answers what it acknowledges, so the decoder must see the gap before this data;
            // a pure ACK may just have been recorded ahead of the data.
            if (m_options.ackedGapGraceSegments <= 0 || s.payloadLength > 0) {
                skipTo(*c, back, acked, ts);
                if (endIfFinished(*c, back, ts)) {
                    close(*c, ts);
                    return;
                }
            } else {
                if (peer.ackedTo < 0)
                    peer.ackGrace = m_options.ackedGapGraceSegments + 1; // this segment counts down once too
                peer.ackedTo = std::max(peer.ackedTo, acked);
            }
        }
    }

    if (s.payloadLength > 0 && !side.ended) {
        if (!side.known) {
            side.known = true;
            side.base = dataSeq;
        }
        addData(*c, dir, offsetOf(side, dataSeq), s.payload, s.payloadLength, ts);
    }
    if (s.has(TcpFlag::Fin) && !side.ended) {
        if (!side.known) {
            side.known = true;
            side.base = dataSeq;
        }
        if (side.fin < 0)
            side.fin = std::max(side.next, offsetOf(side, dataSeq) + s.payloadLength);
        // Once both sides have sent their FIN nothing more is on its way: what is still missing is lost.
        if (peer.fin >= 0) {
            flush(*c, dir, ts);
            flush(*c, back, ts);
        }
        endIfFinished(*c, back, ts);
    }
    if (expireAckedGaps(*c, ts))
        return;
    if (side.fin >= 0 && endIfFinished(*c, dir, ts))
        close(*c, ts);
}

bool TcpReassembler::expireAckedGaps(Connection& c, double ts)
{
    for (Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
        Side& side = c.sides[index(d)];
        if (side.ackedTo < 0)
            continue;
        if (side.fin >= 0)
            side.ackedTo = std::min(side.ackedTo, side.fin); // the FIN's own sequence number is no data
        if (side.next >= side.ackedTo || side.ended) {
            side.ackedTo = -1; // the bytes came after all
            continue;
        }
        if (--side.ackGrace > 0)
            continue;
        const qint64 to = side.ackedTo;
        side.ackedTo = -1;
        skipTo(c, d, to, ts);
        if (endIfFinished(c, d, ts)) {
            close(c, ts);
            return true;
        }
    }
    return false;
}

void TcpReassembler::addData(Connection& c, Direction dir, qint64 offset, QByteArrayView bytes, qint64 length,
                             double ts)
{
    Side& side = c.sides[index(dir)];
    if (side.fin >= 0 && offset + length > side.fin) {
        // Nothing follows a FIN.
        length = std::max<qint64>(0, side.fin - offset);
        bytes = bytes.first(std::min<qint64>(bytes.size(), length));
        if (length == 0)
            return;
    }
    const qint64 end = offset + length;
    if (end <= side.next) {
        m_stats.duplicateBytes += length;
        return;
    }
    if (offset < side.next) {
        const qint64 cut = side.next - offset;
        m_stats.duplicateBytes += cut;
        bytes = bytes.sliced(std::min<qint64>(cut, bytes.size()));
        length -= cut;
        offset = side.next;
    }
    if (offset > side.next) {
        m_stats.outOfOrderSegments++;
        hold(c, dir, offset, bytes, length, ts);
        return;
    }
    if (!side.held.empty() && side.held.begin()->first < end) {
        // Part of this segment was already seen in a held one: deliver up to it and let hold() keep the first
        // copy of the rest.
        const qint64 prefix = side.held.begin()->first - offset;
        deliver(c, dir, bytes.first(std::min<qint64>(bytes.size(), prefix)), prefix, ts);
        hold(c, dir, offset + prefix, bytes.sliced(std::min<qint64>(bytes.size(), prefix)), length - prefix, ts);
    } else {
        deliver(c, dir, bytes, length, ts);
    }
    release(c, dir);
}

void TcpReassembler::deliver(Connection& c, Direction dir, QByteArrayView bytes, qint64 length, double ts)
{
    Side& side = c.sides[index(dir)];
    if (!bytes.isEmpty()) {
        m_sink.streamData(c.id, dir, bytes, ts);
        side.next += bytes.size();
    }
    // What the snapshot length cut off is a gap in the stream.
    if (length > bytes.size())
        gapTo(c, dir, side.next + (length - bytes.size()), ts);
}

void TcpReassembler::hold(Connection& c, Direction dir, qint64 offset, QByteArrayView bytes, qint64 length, double ts)
{
    Side& side = c.sides[index(dir)];
    auto& held = side.held;
    const qint64 end = offset + length;
    const qint64 capturedEnd = offset + bytes.size();

    // Stores [from, to) of this segment; its captured bytes are a prefix of it.
    auto store = [&](qint64 from, qint64 to) {
        if (to <= from)
            return;
        QByteArray data;
        if (from < capturedEnd)
            data = bytes.sliced(from - offset, std::min(to, capturedEnd) - from).toByteArray();
        const qint64 charge = data.size() + kHeldOverhead;
        side.heldBytes += charge;
        m_stats.heldBytes += charge;
        held.emplace(from, Held {std::move(data), to - from, ts});
    };
    // Bytes of [from, to) already held in `h` (at `at`): the first copy stays; note when the copies differ.
    auto overlap = [&](qint64 from, qint64 to, const Held& h, qint64 at) {
        if (to <= from)
            return;
        m_stats.duplicateBytes += to - from;
        const qint64 a = from;
        const qint64 b = std::min({to, capturedEnd, at + static_cast<qint64>(h.data.size())});
        if (b > a && std::memcmp(bytes.data() + (a - offset), h.data.constData() + (a - at), b - a) != 0)
            m_stats.conflictingOverlaps++;
    };

    qint64 pos = offset;
    auto it = held.upper_bound(offset);
    if (it != held.begin()) {
        const auto prev = std::prev(it);
        const qint64 prevEnd = prev->first + prev->second.length;
        if (prevEnd > pos) {
            overlap(pos, std::min(prevEnd, end), prev->second, prev->first);
            pos = prevEnd;
        }
    }
    for (; pos < end && it != held.end() && it->first < end; ++it) {
        store(pos, it->first);
        const qint64 heldEnd = it->first + it->second.length;
        overlap(std::max(pos, it->first), std::min(end, heldEnd), it->second, it->first);
        pos = std::max(pos, heldEnd);
    }
    store(pos, end);
    m_stats.peakHeldBytes = std::max(m_stats.peakHeldBytes, m_stats.heldBytes);

    // Too much waiting for a hole to be filled: the hole is lost, carry on after it.
    while (side.heldBytes > m_options.maxHeldBytesPerDirection && !held.empty()) {
        gapTo(c, dir, held.begin()->first, ts);
        release(c, dir);
    }
}

void TcpReassembler::release(Connection& c, Direction dir)
{
    Side& side = c.sides[index(dir)];
    while (!side.held.empty()) {
        auto it = side.held.begin();
        if (it->first > side.next)
            return;
        const qint64 at = it->first;
        Held h = std::move(it->second);
        side.held.erase(it);
        const qint64 charge = h.data.size() + kHeldOverhead;
        side.heldBytes -= charge;
        m_stats.heldBytes -= charge;
        if (at + h.length <= side.next) {
            m_stats.duplicateBytes += h.length;
            continue;
        }
        QByteArrayView bytes(h.data);
        qint64 length = h.length;
        if (at < side.next) {
            const qint64 cut = side.next - at;
            m_stats.duplicateBytes += cut;
            bytes = bytes.sliced(std::min<qint64>(cut, bytes.size()));
            length -= cut;
        }
        deliver(c, dir, bytes, length, h.ts);
    }
}

void TcpReassembler::gapTo(Connection& c, Direction dir, qint64 offset, double ts)
{
    Side& side = c.sides[index(dir)];
    const qint64 missing = offset - side.next;
    if (missing <= 0)
        return;
    side.next = offset;
    m_stats.gaps++;
    m_stats.missingBytes += missing;
    m_sink.streamGap(c.id, dir, missing, ts);
}

void TcpReassembler::skipTo(Connection& c, Direction dir, qint64 offset, double ts)
{
    Side& side = c.sides[index(dir)];
    while (side.next < offset) {
        if (!side.held.empty() && side.held.begin()->first <= side.next) {
            release(c, dir);
            continue;
        }
        const qint64 holeEnd = side.held.empty() ? offset : std::min(offset, side.held.begin()->first);
        gapTo(c, dir, holeEnd, ts);
        release(c, dir);
    }
}

void TcpReassembler::flush(Connection& c, Direction dir, double ts)
{
    Side& side = c.sides[index(dir)];
    if (side.ended || !side.known)
        return;
    while (!side.held.empty()) {
        gapTo(c, dir, side.held.begin()->first, ts);
        release(c, dir);
    }
    if (side.fin >= 0)
        side.ackedTo = std::min(side.ackedTo, side.fin);
    if (side.ackedTo > side.next)
        gapTo(c, dir, side.ackedTo, ts);
    side.ackedTo = -1;
    if (side.fin > side.next)
        gapTo(c, dir, side.fin, ts);
}

bool TcpReassembler::endIfFinished(Connection& c, Direction dir, double ts)
{
    Side& side = c.sides[index(dir)];
    if (!side.ended && side.fin >= 0 && side.next >= side.fin) {
        side.ended = true;
        dropHeld(side);
        m_sink.streamEnded(c.id, dir, ts, false);
    }
    return c.sides[0].ended && c.sides[1].ended;
}

void TcpReassembler::terminate(Connection& c, double ts)
{
    for (Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
        flush(c, d, ts);
        endIfFinished(c, d, ts);
    }
    close(c, ts);
}

void TcpReassembler::reset(Connection& c, double ts)
{
    for (Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
        flush(c, d, ts);
        endIfFinished(c, d, ts);
        Side& side = c.sides[index(d)];
        if (!side.ended) {
            side.ended = true;
            m_sink.streamEnded(c.id, d, ts, true);
        }
    }
    close(c, ts);
}

void TcpReassembler::finish(double ts)
{
    std::vector<std::pair<quint64, FlowKey>> open;
    open.reserve(m_connections.size());
    for (const auto& [key, c] : m_connections)
        open.emplace_back(c.id, key);
    std::sort(open.begin(), open.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [id, key] : open) {
        if (Connection* c = find(key))
            terminate(*c, ts);
    }
}

int TcpReassembler::expireIdle(double now, double idleSeconds)
{
    std::vector<std::pair<quint64, FlowKey>> idle;
    for (const auto& [key, c] : m_connections) {
        if (c.lastSeen + idleSeconds < now)
            idle.emplace_back(c.id, key);
    }
    std::sort(idle.begin(), idle.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [id, key] : idle) {
        if (Connection* c = find(key))
            terminate(*c, now);
    }
    while (!m_closedOrder.empty() && m_closedOrder.front().second + idleSeconds < now) {
        const auto& [key, closedAt] = m_closedOrder.front();
        auto it = m_closed.find(key);
        if (it != m_closed.end() && it->second == closedAt)
            m_closed.erase(it);
        m_closedOrder.pop_front();
    }
    return static_cast<int>(idle.size());
}

} // namespace rpcscope
