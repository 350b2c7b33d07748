#pragma once

#include "bytestreamsink.h"
#include "conversationdecoder.h"

#include <memory>
#include <unordered_map>

namespace rpcscope {

class EventBarrier;

/// All connections of one source (a capture file, a live interface, a proxy): turns their byte streams into calls.
class TrafficDecoder : public ByteStreamSink
{
public:
    /// Without `options.objectNames`, the decoder starts a session of its own (see options().objectNames); give
    /// several sources one ObjectNames to let them name each other's objects (the GUI shares its call store's).
    TrafficDecoder(const DecoderRegistry& registry, DecodeOptions options, CallSink& sink);
    ~TrafficDecoder() override;

    void streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool startSeen) override;
    void streamData(quint64 id, Direction dir, QByteArrayView data, double ts) override;
    void streamMessage(quint64 id, Direction dir, QByteArrayView data, double ts,
                       const PredecodedMessage& decoded) override;
    void streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts) override;
    void streamEnded(quint64 id, Direction dir, double ts, bool reset) override;
    void streamClosed(quint64 id, double ts) override;
    void streamCarrier(quint64 id, std::shared_ptr<StreamCarrier> carrier) override;

    /// For decoding on several threads (ParallelTrafficDecoder), before each event: `event` numbers it, and the
    /// calls it starts get ids from `event << kEventIdShift` on, so that ids of all threads follow request order.
    void beginEvent(quint64 event);
    /// Orders what connections on several threads learn of each other's objects; null (the default) on one thread.
    void setEventBarrier(const EventBarrier* barrier) { m_barrier = barrier; }
    static constexpr int kEventIdShift = 20;

    /// End of input: every open connection is finished (unanswered requests become no-reply).
    void finishAll(double ts);
    /// Requests unanswered for `deadlineSeconds` become no-reply (live sources call this periodically).
    void expire(double now, double deadlineSeconds);

    const TrafficStats& stats() const { return m_stats; }
    const DecodeOptions& options() const { return m_options; }
    int openConnections() const { return static_cast<int>(m_conversations.size()); }
    qint64 bufferedBytes() const;

private:
    ConversationDecoder* find(quint64 id);

    const DecoderRegistry& m_registry;
    DecodeOptions m_options;
    CallSink& m_sink;
    TrafficStats m_stats;
    quint64 m_lastCallId = 0;
    quint64 m_event = 0;
    const EventBarrier* m_barrier = nullptr;
    std::unordered_map<quint64, std::unique_ptr<ConversationDecoder>> m_conversations;
};

} // namespace rpcscope
