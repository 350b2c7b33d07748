#pragma once

#include "bytestreamsink.h"
#include "tcpsegment.h"

#include <QByteArray>

#include <deque>
#include <map>
#include <unordered_map>
#include <vector>

namespace rpcscope {

/// Turns TCP segments, in capture order, into the ordered byte streams of each connection and direction and hands
/// them to a ByteStreamSink.
///
/// A connection is keyed by its 4-tuple; its client is the endpoint that sent the SYN. A connection first seen
/// mid-stream is reported with `startSeen = false` and the higher port taken as the client (decoders may swap).
/// Bytes are delivered in sequence order exactly once: segments that arrive early are held until the hole before
/// them is filled, retransmitted and overlapping bytes are dropped (the first copy wins), sequence numbers may wrap.
/// Bytes that never show up are reported as a gap with their count: when the peer acknowledges bytes that were
/// never captured, when held data exceeds the per-direction bound, when both sides have sent their FIN, at a
/// reset, at end of input, and where the snapshot length cut a segment short. FIN ends a direction once all bytes
/// before it are delivered; when both directions have ended, or on RST, the connection is closed and forgotten.
/// A SYN on a 4-tuple whose connection ended starts a new connection.
class TcpReassembler
{
public:
    struct Options
    {
        /// Out-of-order bytes held per direction before the missing bytes before them are declared lost.
        qint64 maxHeldBytesPerDirection = 4 * 1024 * 1024;
        /// Connections tracked at once; segments of further connections are counted and dropped.
        qint64 maxConnections = 1000000;
        /// Closed 4-tuples remembered so that their late packets (final ACKs, retransmissions after RST) do not
        /// look like new connections.
        int closedConnectionMemory = 16384;
        /// How long (capture time) a closed 4-tuple is remembered.
        double closedConnectionSeconds = 120;
        /// When the peer acknowledges bytes that were not captured, how many more segments of the connection to
        /// wait for them before declaring them lost: captures taken off a mirror port or a multi-queue NIC can
        /// record an ACK before the data it acknowledges. 0 declares the gap at the ACK.
        int ackedGapGraceSegments = 16;
    };

    struct Stats
    {
        qint64 segments = 0;
        qint64 connections = 0;
        /// Bytes that had been seen already (retransmissions, overlaps) and were dropped.
        qint64 duplicateBytes = 0;
        /// Segments that arrived before the bytes preceding them and were held.
        qint64 outOfOrderSegments = 0;
        /// Overlapping copies whose bytes differed from the first copy (the first copy was kept).
        qint64 conflictingOverlaps = 0;
        qint64 gaps = 0;
        qint64 missingBytes = 0;
        /// Segments of connections that had already closed (the last ACK, late retransmissions), dropped.
        qint64 segmentsAfterClose = 0;
        /// Segments that belong to no connection and cannot start one (a lone ACK, FIN or RST).
        qint64 strayControlSegments = 0;
        /// Segments dropped because the connection limit was reached.
        qint64 droppedSegments = 0;
        /// Out-of-order bytes currently held, and the most ever held at once.
        qint64 heldBytes = 0;
        qint64 peakHeldBytes = 0;
    };

    explicit TcpReassembler(ByteStreamSink& sink);
    TcpReassembler(ByteStreamSink& sink, Options options);
    ~TcpReassembler();
    TcpReassembler(const TcpReassembler&) = delete;
    TcpReassembler& operator=(const TcpReassembler&) = delete;

    /// Feeds one segment; `ts` is its capture time (seconds since the epoch).
    void addSegment(const TcpSegment& segment, double ts);
    /// End of input: reports what is still missing, delivers what was held and closes every connection (in the
    /// order they were opened).
    void finish(double ts);
    /// For live sources: closes connections that have seen no packet for `idleSeconds` as finish() would, and
    /// forgets closed 4-tuples older than that. Returns the number of connections closed.
    int expireIdle(double now, double idleSeconds);

    int openConnections() const { return static_cast<int>(m_connections.size()); }
    const Stats& stats() const { return m_stats; }
    const Options& options() const { return m_options; }

private:
    struct FlowKey
    {
        // Lower endpoint first, so that both directions find the same connection. Zero padding keeps hashing
        // and comparison on the raw bytes valid.
        quint8 addrA[16];
        quint8 addrB[16];
        quint16 portA;
        quint16 portB;
        quint8 version;
        quint8 pad[3];
        bool operator==(const FlowKey& o) const;
    };
    struct FlowKeyHash
    {
        std::size_t operator()(const FlowKey& k) const;
    };
    struct Held
    {
        QByteArray data; // captured bytes: a prefix of the segment
        qint64 length; // length on the wire (more than data.size() where the snapshot length cut it)
        double ts;
    };
    struct Side
    {
        bool known = false; // sequence numbering established (SYN or first data seen)
        bool synSeen = false;
        bool ended = false; // streamEnded reported
        quint32 isn = 0;
        quint32 base = 0; // sequence number of stream offset 0
        qint64 next = 0; // next stream offset to deliver
        qint64 fin = -1; // stream offset of the FIN, once seen
        std::map<qint64, Held> held;
        qint64 heldBytes = 0;
        qint64 ackedTo = -1; // the peer acknowledged up to here, beyond `next`: missing unless they still come
        int ackGrace = 0; // segments left before the bytes up to `ackedTo` are declared lost
    };
    struct Connection
    {
        FlowKey key;
        quint64 id = 0;
        bool clientIsA = true;
        double lastSeen = 0;
        Side sides[2];
    };

    static FlowKey makeKey(const TcpSegment& s, bool* srcIsA);
    static qint64 offsetOf(const Side& side, quint32 seq);
    Connection* find(const FlowKey& key);
    Connection* open(const FlowKey& key, bool clientIsA, const TcpSegment& s, bool srcIsA, bool startSeen, double ts);
    void close(Connection& c, double ts);
    void terminate(Connection& c, double ts);
    void reset(Connection& c, double ts);
    void remember(const FlowKey& key, double ts);
    void addData(Connection& c, Direction dir, qint64 offset, QByteArrayView bytes, qint64 length, double ts);
    void deliver(Connection& c, Direction dir, QByteArrayView bytes, qint64 length, double ts);
    void hold(Connection& c, Direction dir, qint64 offset, QByteArrayView bytes, qint64 length, double ts);
    void release(Connection& c, Direction dir);
    void gapTo(Connection& c, Direction dir, qint64 offset, double ts);
    void skipTo(Connection& c, Direction dir, qint64 offset, double ts);
    void flush(Connection& c, Direction dir, double ts);
    bool endIfFinished(Connection& c, Direction dir, double ts);
    bool expireAckedGaps(Connection& c, double ts);
    void dropHeld(Side& side);

    ByteStreamSink& m_sink;
    Options m_options;
    Stats m_stats;
    quint64 m_nextId = 1;
    std::unordered_map<FlowKey, Connection, FlowKeyHash> m_connections;
    // Most packets belong to the connection of the packet before: remember it to skip the hash lookup.
    FlowKey m_lastKey {};
    Connection* m_last = nullptr;
    std::unordered_map<FlowKey, double, FlowKeyHash> m_closed;
    std::deque<std::pair<FlowKey, double>> m_closedOrder;
};

} // namespace rpcscope
