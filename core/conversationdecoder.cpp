#include "conversationdecoder.h"

#include "eventbarrier.h"
#include "objectnames.h"

#include <algorithm>
#include <limits>

namespace rpcscope {

namespace {
// Bytes kept while searching for a message start, so a start split across two segments is still found.
constexpr qint64 kResyncTail = 64;
} // namespace

ConversationDecoder::ConversationDecoder(quint64 id, Endpoint client, Endpoint server, bool startSeen, Shared shared)
    : m_id(id)
    , m_client(std::move(client))
    , m_server(std::move(server))
    , m_startSeen(startSeen)
    , m_shared(shared)
{
    m_shared.stats->connections++;
}

ConversationDecoder::~ConversationDecoder() = default;

qint64 ConversationDecoder::bufferedBytes() const
{
    qint64 n = m_probeBytes[0].size() + m_probeBytes[1].size();
    for (const DirectionState& d : m_dirs)
        n += d.buffer.size();
    return n;
}

void ConversationDecoder::onData(Direction dir, QByteArrayView data, double ts)
{
    if (data.isEmpty())
        return;
    switch (m_state) {
    case State::Ignored:
        return;
    case State::Detecting: {
        const int i = index(dir);
        m_detectChunks.push_back({dir, data.toByteArray(), ts});
        if (m_probeBytes[i].size() < m_shared.options->limits.maxProbeBytes)
            m_probeBytes[i].append(data.first(
                std::min<qint64>(data.size(), m_shared.options->limits.maxProbeBytes - m_probeBytes[i].size())));
        detect(false);
        return;
    }
    case State::Decoding: {
        const Direction d = toInternal(dir);
        append(d, data, ts);
        // The peer has now spoken: a message of the other direction without length fields may be complete.
        DirectionState& other = m_dirs[index(opposite(d))];
        if (other.pendingSize() > 0 && !other.peerSpoke) {
            other.peerSpoke = true;
            drain(opposite(d));
        }
        drain(d);
        return;
    }
    }
}

void ConversationDecoder::onMessage(Direction dir, QByteArrayView data, double ts, const PredecodedMessage& decoded)
{
    // Taken only where it is the message this connection would decode: a request as the proxy saw it, on a connection
    // already decoding with the same options, and with no layer (TLS) that adds to each message.
    const DecodeOptions& options = *m_shared.options;
    const bool usable = decoded && m_state == State::Decoding && !m_swapped && !m_carrier
        && dir == Direction::ClientToServer && decoded.message->protocol == m_decoder->id()
        && decoded.options->buildTree == options.buildTree && decoded.options->limits == options.limits
        && decoded.options->javaMethods == options.javaMethods;
    if (!usable) {
        onData(dir, data, ts);
        return;
    }
    const DirectionState& d = m_dirs[index(dir)];
    m_predecoded = &decoded;
    m_predecodedBegin = d.streamOffset + d.pendingSize();
    m_predecodedLength = data.size();
    onData(dir, data, ts);
    m_predecoded = nullptr;
}

std::shared_ptr<const DecodedMessage> ConversationDecoder::takePredecoded(Direction dir, qint64 begin, qint64 length,
                                                                          double first, double last)
{
    if (!m_predecoded || dir != Direction::ClientToServer || begin != m_predecodedBegin || length != m_predecodedLength)
        return nullptr;
    std::shared_ptr<const DecodedMessage> message = m_predecoded->message;
    m_predecoded = nullptr;
    if (message->firstSeen == first && message->lastSeen == last && message->streamOffset == begin)
        return message;
    // Seen at other times or offsets by whoever decoded it: a copy gets this connection's.
    auto copy = std::make_shared<DecodedMessage>(*message);
    copy->firstSeen = first;
    copy->lastSeen = last;
    copy->streamOffset = begin;
    return copy;
}

void ConversationDecoder::detect(bool force)
{
    ProbeInput input;
    input.client = m_probeBytes[0];
    input.server = m_probeBytes[1];
    input.clientPort = m_client.port;
    input.serverPort = m_server.port;
    input.startSeen = m_startSeen;
    const DecoderRegistry::Detection det = m_shared.registry->detect(input);
    const qint64 limit = m_shared.options->limits.maxProbeBytes;
    const bool probeFull = m_probeBytes[0].size() >= limit || m_probeBytes[1].size() >= limit;
    const bool bothEnded = m_probeEnded[0] && m_probeEnded[1];
    if (det.needMoreData && !force && !probeFull && !bothEnded)
        return;
    if (det.decoder) {
        startDecoding(det.decoder, det.swapRoles);
        return;
    }
    if (!det.needMoreData || force || probeFull || bothEnded) {
        m_state = State::Ignored;
        m_shared.stats->unrecognisedConnections++;
        m_detectChunks.clear();
        if (m_carrier) {
            // Nothing of this connection will be framed: the layer below need not keep anything for it.
            for (Direction d : {Direction::ClientToServer, Direction::ServerToClient})
                m_carrier->release(d, std::numeric_limits<qint64>::max());
        }
        m_probeBytes[0].clear();
        m_probeBytes[1].clear();
    }
}

void ConversationDecoder::startDecoding(const ProtocolDecoder* decoder, bool swap)
{
    m_state = State::Decoding;
    m_decoder = decoder;
    m_swapped = swap;
    if (swap)
        std::swap(m_client, m_server);
    m_framer = decoder->createFramer();
    m_shared.stats->connectionsByProtocol[decoder->id()]++;
    for (DirectionState& d : m_dirs)
        d.needResync = !m_startSeen;
    for (Direction d : {Direction::ClientToServer, Direction::ServerToClient})
        m_dirs[index(toInternal(d))].streamOffset = m_droppedWhileDetecting[index(d)];
    m_probeBytes[0].clear();
    m_probeBytes[1].clear();
    std::vector<DetectChunk> chunks = std::move(m_detectChunks);
    m_detectChunks.clear();
    const bool ended[2] = {m_probeEnded[0], m_probeEnded[1]};
    for (const DetectChunk& c : chunks)
        onData(c.dir, c.bytes, c.ts);
    for (int i = 0; i < 2; ++i) {
        if (ended[i])
            onEnded(static_cast<Direction>(i), chunks.empty() ? 0.0 : chunks.back().ts);
    }
}

void ConversationDecoder::append(Direction dir, QByteArrayView data, double ts)
{
    DirectionState& d = m_dirs[index(dir)];
    if (d.stopped) {
        m_shared.stats->skippedBytes += data.size();
        return;
    }
    if (d.discard > 0) {
        const qint64 n = std::min<qint64>(d.discard, data.size());
        d.discard -= n;
        d.streamOffset += n;
        m_shared.stats->skippedBytes += n;
        data = data.sliced(n);
        if (data.isEmpty())
            return;
    }
    // Compact instead of shifting on every message: the consumed prefix is dropped once it dominates the buffer.
    if (d.head > 0 && d.head >= d.buffer.size() / 2) {
        d.buffer.remove(0, d.head);
        d.head = 0;
    }
    if (d.pendingSize() == 0)
        d.peerSpoke = false;
    d.buffer.append(data.data(), data.size());
    d.times.push_back({d.streamOffset + d.pendingSize(), ts});
}

void ConversationDecoder::consume(Direction dir, qint64 n)
{
    DirectionState& d = m_dirs[index(dir)];
    n = std::min(n, d.pendingSize());
    d.head += n;
    d.streamOffset += n;
    while (!d.times.empty() && d.times.front().end <= d.streamOffset)
        d.times.pop_front();
    if (m_carrier)
        m_carrier->release(toInternal(dir), d.streamOffset);
    if (d.pendingSize() == 0) {
        d.buffer.clear();
        d.head = 0;
        d.peerSpoke = false;
    }
}

std::pair<double, double> ConversationDecoder::spanTimes(Direction dir, qint64 length) const
{
    const DirectionState& d = m_dirs[index(dir)];
    double first = 0;
    double last = 0;
    bool haveFirst = false;
    const qint64 end = d.streamOffset + length;
    for (const ChunkTime& t : d.times) {
        if (!haveFirst && t.end > d.streamOffset) {
            first = t.ts;
            haveFirst = true;
        }
        last = t.ts;
        if (t.end >= end)
            break;
    }
    return {first, last};
}

void ConversationDecoder::drain(Direction dir)
{
    DirectionState& d = m_dirs[index(dir)];
    const DecodeLimits& limits = m_shared.options->limits;
    while (true) {
        if (d.stopped) {
            m_shared.stats->skippedBytes += d.pendingSize();
            consume(dir, d.pendingSize());
            return;
        }
        if (d.discard > 0) {
            const qint64 n = std::min(d.discard, d.pendingSize());
            d.discard -= n;
            m_shared.stats->skippedBytes += n;
            consume(dir, n);
            if (d.discard > 0)
                return;
        }
        if (d.pendingSize() == 0)
            return;
        if (d.needResync) {
            const qint64 at = m_framer->resync(dir, d.pending());
            if (at < 0) {
                const qint64 drop = d.ended ? d.pendingSize() : std::max<qint64>(0, d.pendingSize() - kResyncTail);
                m_shared.stats->skippedBytes += drop;
                consume(dir, drop);
                return;
            }
            m_shared.stats->skippedBytes += at;
            consume(dir, at);
            d.needResync = false;
            continue;
        }
        FrameHints hints;
        hints.ended = d.ended;
        hints.peerSpoke = d.peerSpoke;
        hints.limits = &limits;
        const FrameCut cut = m_framer->cut(dir, d.pending(), hints);
        switch (cut.kind) {
        case FrameCut::Kind::Message:
            emitMessage(dir, std::clamp<qint64>(cut.length, 1, d.pendingSize()), {});
            continue;
        case FrameCut::Kind::Skip: {
            const qint64 now = std::min(std::max<qint64>(cut.length, 1), d.pendingSize());
            emitSkipped(dir, now, cut.reason);
            d.discard = std::max<qint64>(0, cut.length - now);
            continue;
        }
        case FrameCut::Kind::Stop:
            emitSkipped(dir, d.pendingSize(), cut.reason);
            d.stopped = true;
            return;
        case FrameCut::Kind::NeedMore:
            if (d.ended) {
                emitMessage(
                    dir, d.pendingSize(),
                    QStringLiteral("incomplete: the connection ended %1 bytes into this message").arg(d.pendingSize()));
                return;
            }
            if (d.pendingSize() > limits.maxStreamBuffer) {
                m_shared.stats->truncatedStreams++;
                emitMessage(dir, d.pendingSize(),
                            QStringLiteral("incomplete: message exceeds the stream buffer limit of %1 bytes")
                                .arg(limits.maxStreamBuffer));
                d.needResync = true;
                continue;
            }
            return;
        }
    }
}

void ConversationDecoder::emitMessage(Direction dir, qint64 length, const QString& problem)
{
    const auto [first, last] = spanTimes(dir, length);
    const DirectionState& d = m_dirs[index(dir)];
    const qint64 begin = d.streamOffset;
    if (problem.isEmpty()) {
        if (auto decoded = takePredecoded(dir, begin, length, first, last)) {
            consume(dir, length);
            learnObjects(*decoded, last);
            route(dir, std::move(decoded));
            return;
        }
    }
    // When the message is all that is buffered (a message that arrived and was framed at once, the common case), the
    // buffer is shared with it rather than copied: consume() lets go of it right after.
    const bool shared = d.head == 0 && length == d.buffer.size();
    const QByteArray bytes = shared ? d.buffer : QByteArray(d.pending().data(), length);

    DecodeContext context;
    context.direction = dir;
    context.options = m_shared.options;
    context.time = first;
    context.barrier = m_shared.barrier;
    context.event = m_shared.event ? *m_shared.event : 0;
    // What the framer read to cut this message points into the buffer: usable when the message is that buffer
    // (and was cut as a whole message, not handed over incomplete).
    if (shared && problem.isEmpty())
        context.frameNote = m_framer->note(dir);
    if (dir == Direction::ServerToClient && !m_pending.empty())
        context.request = m_pending.front().request.get();
    auto message = std::make_shared<DecodedMessage>(DecoderRegistry::decodeIsolated(*m_decoder, bytes, context));
    // The layer below is asked before consume() lets it free what carried these bytes.
    if (m_carrier)
        m_carrier->wrap(toInternal(dir), begin, begin + length, *message, *m_shared.options);
    consume(dir, length);
    message->firstSeen = first;
    message->lastSeen = last;
    message->streamOffset = begin;
    learnObjects(*message, last);
    if (!problem.isEmpty())
        message->addProblem(problem, length, message->tree.name.isEmpty() ? nullptr : &message->tree);
    route(dir, std::move(message));
}

void ConversationDecoder::learnObjects(const DecodedMessage& message, double seen)
{
    if (message.objectFacts.empty())
        return;
    if (ObjectNames* names = m_shared.options->objectNames.get()) {
        if (m_shared.barrier)
            m_shared.barrier->awaitEventsBefore(*m_shared.event);
        for (const ObjectFact& fact : message.objectFacts)
            names->learn(m_decoder->id(), fact, seen, m_shared.options->limits.maxNamedObjects);
    }
}

void ConversationDecoder::emitSkipped(Direction dir, qint64 length, const QString& reason)
{
    const auto [first, last] = spanTimes(dir, length);
    const DirectionState& d = m_dirs[index(dir)];
    auto message = std::make_shared<DecodedMessage>(
        rawMessage(m_decoder->id(), QByteArray(d.pending().data(), length), reason, m_shared.options->buildTree));
    const qint64 begin = d.streamOffset;
    if (m_carrier)
        m_carrier->wrap(toInternal(dir), begin, begin + length, *message, *m_shared.options);
    message->streamOffset = begin;
    consume(dir, length);
    message->firstSeen = first;
    message->lastSeen = last;
    message->kind = MessageKind::Event;
    route(dir, std::move(message));
}

Call ConversationDecoder::newCall() const
{
    Call call;
    call.id = ++*m_shared.lastCallId;
    call.connectionId = m_id;
    call.protocol = m_decoder->id();
    call.client = m_client;
    call.server = m_server;
    return call;
}

void ConversationDecoder::route(Direction dir, std::shared_ptr<const DecodedMessage> message)
{
    m_shared.stats->messages++;
    if (message->status == CallStatus::Malformed)
        m_shared.stats->malformedMessages++;

    switch (message->kind) {
    case MessageKind::Request: {
        Call call = newCall();
        const bool oneway = !message->expectsReply;
        const bool malformed = message->status == CallStatus::Malformed;
        call.subCalls = message->subCalls;
        call.request = std::move(message);
        if (oneway) {
            call.status = malformed ? CallStatus::Malformed : CallStatus::Ok;
            finishCall(std::move(call));
            return;
        }
        m_shared.sink->callStarted(call);
        m_pending.push_back(std::move(call));
        return;
    }
    case MessageKind::Response: {
        auto match = m_pending.begin();
        if (message->pairKey) {
            match = std::find_if(m_pending.begin(), m_pending.end(),
                                 [&](const Call& c) { return c.request->pairKey == message->pairKey; });
        }
        if (match == m_pending.end()) {
            Call call = newCall();
            call.notes << QStringLiteral("reply without a captured request");
            complete(call, std::move(message));
            return;
        }
        Call call = std::move(*match);
        m_pending.erase(match);
        complete(call, std::move(message));
        return;
    }
    case MessageKind::Event:
        if (message->status != CallStatus::Malformed)
            return;
        // Undecodable bytes are shown as a malformed call of their own rather than dropped.
        Call call = newCall();
        call.status = CallStatus::Malformed;
        for (const Problem& p : message->problems)
            call.notes << p.text;
        if (dir == Direction::ClientToServer)
            call.request = std::move(message);
        else
            call.response = std::move(message);
        finishCall(std::move(call));
        return;
    }
}

void ConversationDecoder::complete(Call& call, std::shared_ptr<const DecodedMessage> response)
{
    const bool requestBad = call.request && call.request->status == CallStatus::Malformed;
    call.status = requestBad ? CallStatus::Malformed : response->status;
    for (std::size_t i = 0; i < response->subCalls.size(); ++i) {
        const SubCall& r = response->subCalls[i];
        if (i >= call.subCalls.size()) {
            call.subCalls.push_back(r);
            continue;
        }
        SubCall& s = call.subCalls[i];
        s.result = r.result;
        s.fault = r.fault;
        s.status = r.status;
    }
    call.response = std::move(response);
    for (const auto* m : {call.request.get(), call.response.get()}) {
        if (!m)
            continue;
        for (const Problem& p : m->problems)
            call.notes << p.text;
    }
    finishCall(std::move(call));
}

void ConversationDecoder::finishCall(Call&& call)
{
    m_shared.sink->callFinished(std::move(call));
}

void ConversationDecoder::giveUp(Call&& call, const QString& why)
{
    const bool requestBad = call.request && call.request->status == CallStatus::Malformed;
    // Records that stay encrypted have no reply to wait for that we could read: they keep their status.
    const bool encrypted = call.request && call.request->status == CallStatus::Encrypted;
    call.status = requestBad ? CallStatus::Malformed : (encrypted ? CallStatus::Encrypted : CallStatus::NoReply);
    call.notes << why;
    if (call.request) {
        for (const Problem& p : call.request->problems)
            call.notes << p.text;
    }
    finishCall(std::move(call));
}

void ConversationDecoder::onGap(Direction dir, qint64 missingBytes, double ts)
{
    Q_UNUSED(ts);
    m_shared.stats->gaps++;
    if (missingBytes > 0)
        m_shared.stats->missingBytes += missingBytes;
    if (m_state == State::Detecting) {
        // Bytes before a gap cannot be joined to those after it; detect again on what follows.
        m_startSeen = false;
        for (const DetectChunk& c : m_detectChunks) {
            m_shared.stats->skippedBytes += c.bytes.size();
            m_droppedWhileDetecting[index(c.dir)] += c.bytes.size();
        }
        m_detectChunks.clear();
        m_probeBytes[0].clear();
        m_probeBytes[1].clear();
        return;
    }
    if (m_state != State::Decoding)
        return;
    const Direction d = toInternal(dir);
    DirectionState& s = m_dirs[index(d)];
    const QString missing = missingBytes > 0 ? QStringLiteral("%1 bytes").arg(missingBytes)
                                             : QStringLiteral("an unknown number of bytes");
    if (s.discard > 0) {
        s.discard = std::max<qint64>(0, s.discard - std::max<qint64>(missingBytes, 0));
    } else if (s.pendingSize() > 0 && !s.needResync) {
        emitMessage(d, s.pendingSize(),
                    QStringLiteral("incomplete: %1 missing from the capture after byte %2 of this message")
                        .arg(missing)
                        .arg(s.pendingSize()));
    } else {
        m_shared.stats->skippedBytes += s.pendingSize();
        consume(d, s.pendingSize());
    }
    if (s.discard == 0)
        s.needResync = true;
}

void ConversationDecoder::onEnded(Direction dir, double ts)
{
    Q_UNUSED(ts);
    if (m_state == State::Detecting) {
        m_probeEnded[index(dir)] = true;
        if (m_probeEnded[0] && m_probeEnded[1])
            detect(true);
        return;
    }
    if (m_state != State::Decoding)
        return;
    const Direction d = toInternal(dir);
    m_dirs[index(d)].ended = true;
    drain(d);
}

void ConversationDecoder::finish(double ts)
{
    if (m_state == State::Detecting)
        detect(true);
    if (m_state == State::Decoding) {
        for (Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
            if (!m_dirs[index(d)].ended) {
                m_dirs[index(d)].ended = true;
                drain(d);
            }
        }
    }
    Q_UNUSED(ts);
    while (!m_pending.empty()) {
        Call call = std::move(m_pending.front());
        m_pending.pop_front();
        giveUp(std::move(call), QStringLiteral("the connection ended before a reply"));
    }
}

void ConversationDecoder::expire(double now, double deadlineSeconds)
{
    while (!m_pending.empty() && m_pending.front().request->lastSeen + deadlineSeconds < now) {
        Call call = std::move(m_pending.front());
        m_pending.pop_front();
        giveUp(std::move(call), QStringLiteral("no reply within %1 s").arg(deadlineSeconds));
    }
}

} // namespace rpcscope
