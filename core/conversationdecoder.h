#pragma once

#include "bytestreamsink.h"
#include "callsink.h"
#include "decoderregistry.h"
#include "streamcarrier.h"
#include "trafficstats.h"

#include <QByteArray>

#include <deque>
#include <memory>

namespace rpcscope {

/// One TCP connection on its way from bytes to calls: recognises the protocol from the first bytes, frames each
/// direction into messages, decodes them and pairs requests with replies. Nothing here knows where the bytes came
/// from (file, live capture or proxy).
class ConversationDecoder
{
public:
    struct Shared
    {
        const DecoderRegistry* registry = nullptr;
        const DecodeOptions* options = nullptr;
        CallSink* sink = nullptr;
        TrafficStats* stats = nullptr;
        /// The last call id handed out; shared by all connections of a source so ids follow request order.
        quint64* lastCallId = nullptr;
        /// With connections decoded on several threads (see EventBarrier): the barrier and the event being handled.
        const EventBarrier* barrier = nullptr;
        const quint64* event = nullptr;
    };

    ConversationDecoder(quint64 id, Endpoint client, Endpoint server, bool startSeen, Shared shared);
    ~ConversationDecoder();
    ConversationDecoder(const ConversationDecoder&) = delete;
    ConversationDecoder& operator=(const ConversationDecoder&) = delete;

    void onData(Direction dir, QByteArrayView data, double ts);
    /// Like onData for bytes that are one whole message decoded already (see ByteStreamSink::streamMessage): when
    /// this connection frames exactly that message from them, it takes `decoded` rather than decoding them again.
    void onMessage(Direction dir, QByteArrayView data, double ts, const PredecodedMessage& decoded);
    void onGap(Direction dir, qint64 missingBytes, double ts);
    void onEnded(Direction dir, double ts);
    /// The connection is over: frames what is left and gives every unanswered request the status no-reply.
    void finish(double ts);
    /// Gives requests unanswered for longer than `deadlineSeconds` the status no-reply.
    void expire(double now, double deadlineSeconds);
    /// The layer the bytes came out of (TLS): every message framed from now on shows it.
    void setCarrier(std::shared_ptr<StreamCarrier> carrier) { m_carrier = std::move(carrier); }

    /// The decoder chosen for this connection, or null while undecided or if none applies.
    const ProtocolDecoder* decoder() const { return m_decoder; }
    bool ignored() const { return m_state == State::Ignored; }
    int pendingCalls() const { return static_cast<int>(m_pending.size()); }
    /// Bytes held for framing in both directions (for memory accounting).
    qint64 bufferedBytes() const;

private:
    enum class State { Detecting, Decoding, Ignored };

    struct ChunkTime
    {
        qint64 end; // stream offset just past the chunk
        double ts;
    };

    struct DirectionState
    {
        QByteArray buffer;
        qint64 head = 0; // first unconsumed byte in `buffer`
        qint64 streamOffset = 0; // stream offset of buffer[head]
        std::deque<ChunkTime> times;
        qint64 discard = 0; // bytes still to drop after a Skip
        bool ended = false;
        bool stopped = false;
        bool needResync = false;
        bool peerSpoke = false;
        qint64 pendingSize() const { return buffer.size() - head; }
        QByteArrayView pending() const { return QByteArrayView(buffer).sliced(head); }
    };

    struct DetectChunk
    {
        Direction dir;
        QByteArray bytes;
        double ts;
    };

    Direction toInternal(Direction dir) const { return m_swapped ? opposite(dir) : dir; }
    void detect(bool force);
    void startDecoding(const ProtocolDecoder* decoder, bool swap);
    void append(Direction dir, QByteArrayView data, double ts);
    void drain(Direction dir);
    void consume(Direction dir, qint64 n);
    void emitMessage(Direction dir, qint64 length, const QString& problem);
    /// What a message says about remote objects names calls on every connection of the session from `seen` on.
    void learnObjects(const DecodedMessage& message, double seen);
    void emitSkipped(Direction dir, qint64 length, const QString& reason);
    /// The message onMessage() brought for the bytes at [begin, begin + length) of `dir`, if they frame as one.
    std::shared_ptr<const DecodedMessage> takePredecoded(Direction dir, qint64 begin, qint64 length, double first,
                                                         double last);
    void route(Direction dir, std::shared_ptr<const DecodedMessage> message);
    void complete(Call& call, std::shared_ptr<const DecodedMessage> response);
    void finishCall(Call&& call);
    void giveUp(Call&& call, const QString& why);
    Call newCall() const;
    std::pair<double, double> spanTimes(Direction dir, qint64 length) const;

    quint64 m_id;
    Endpoint m_client;
    Endpoint m_server;
    bool m_startSeen;
    Shared m_shared;
    State m_state = State::Detecting;
    bool m_swapped = false;
    const ProtocolDecoder* m_decoder = nullptr;
    std::unique_ptr<StreamFramer> m_framer;
    DirectionState m_dirs[2];
    std::vector<DetectChunk> m_detectChunks;
    QByteArray m_probeBytes[2];
    bool m_probeEnded[2] = {false, false};
    std::deque<Call> m_pending;
    std::shared_ptr<StreamCarrier> m_carrier;
    /// Set while onMessage() passes its bytes on: the message they were decoded into, and where they start.
    const PredecodedMessage* m_predecoded = nullptr;
    qint64 m_predecodedBegin = -1;
    qint64 m_predecodedLength = 0;
    /// Bytes of each direction (as delivered) dropped while detecting, before the first byte decoding keeps.
    qint64 m_droppedWhileDetecting[2] = {0, 0};
};

} // namespace rpcscope
