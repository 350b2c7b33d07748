#include "trafficdecoder.h"

#include "objectnames.h"

#include <algorithm>

namespace rpcscope {

TrafficDecoder::TrafficDecoder(const DecoderRegistry& registry, DecodeOptions options, CallSink& sink)
    : m_registry(registry)
    , m_options(std::move(options))
    , m_sink(sink)
{
    // Connections of one source share what they learn about remote objects (names from RMI registry lookups).
    if (!m_options.objectNames)
        m_options.objectNames = std::make_shared<ObjectNames>();
}

TrafficDecoder::~TrafficDecoder() = default;

ConversationDecoder* TrafficDecoder::find(quint64 id)
{
    auto it = m_conversations.find(id);
    return it == m_conversations.end() ? nullptr : it->second.get();
}

void TrafficDecoder::streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool startSeen)
{
    Q_UNUSED(ts);
    if (static_cast<int>(m_conversations.size()) >= m_options.limits.maxConnections) {
        m_stats.droppedConnections++;
        return;
    }
    ConversationDecoder::Shared shared {&m_registry, &m_options, &m_sink, &m_stats, &m_lastCallId, m_barrier, &m_event};
    m_conversations[id] = std::make_unique<ConversationDecoder>(id, client, server, startSeen, shared);
}

void TrafficDecoder::beginEvent(quint64 event)
{
    m_event = event;
    m_lastCallId = std::max(m_lastCallId, event << kEventIdShift);
}

void TrafficDecoder::streamData(quint64 id, Direction dir, QByteArrayView data, double ts)
{
    if (ConversationDecoder* c = find(id))
        c->onData(dir, data, ts);
}

void TrafficDecoder::streamMessage(quint64 id, Direction dir, QByteArrayView data, double ts,
                                   const PredecodedMessage& decoded)
{
    if (ConversationDecoder* c = find(id))
        c->onMessage(dir, data, ts, decoded);
}

void TrafficDecoder::streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts)
{
    if (ConversationDecoder* c = find(id))
        c->onGap(dir, missingBytes, ts);
}

void TrafficDecoder::streamEnded(quint64 id, Direction dir, double ts, bool reset)
{
    Q_UNUSED(reset);
    if (ConversationDecoder* c = find(id))
        c->onEnded(dir, ts);
}

void TrafficDecoder::streamClosed(quint64 id, double ts)
{
    auto it = m_conversations.find(id);
    if (it == m_conversations.end())
        return;
    it->second->finish(ts);
    m_conversations.erase(it);
}

void TrafficDecoder::streamCarrier(quint64 id, std::shared_ptr<StreamCarrier> carrier)
{
    if (ConversationDecoder* c = find(id))
        c->setCarrier(std::move(carrier));
}

void TrafficDecoder::finishAll(double ts)
{
    // Finish in connection order so that the order of the resulting calls does not depend on hashing.
    std::vector<quint64> ids;
    ids.reserve(m_conversations.size());
    for (const auto& [id, c] : m_conversations)
        ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (quint64 id : ids)
        streamClosed(id, ts);
}

void TrafficDecoder::expire(double now, double deadlineSeconds)
{
    for (auto& [id, c] : m_conversations)
        c->expire(now, deadlineSeconds);
}

qint64 TrafficDecoder::bufferedBytes() const
{
    qint64 n = 0;
    for (const auto& [id, c] : m_conversations)
        n += c->bufferedBytes();
    return n;
}

} // namespace rpcscope
