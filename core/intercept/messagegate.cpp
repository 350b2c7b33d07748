#include "messagegate.h"

#include "intercept/protocolactions.h"

namespace rpcscope {

MessageGate::MessageGate(const DecoderRegistry& registry, const DecodeOptions& options, quint16 clientPort,
                         quint16 serverPort)
    : m_registry(registry)
    , m_options(options)
    , m_clientPort(clientPort)
    , m_serverPort(serverPort)
{
    m_options.buildTree = false;
}

void MessageGate::feed(Direction dir, QByteArrayView data, double ts, std::vector<GateUnit>& out)
{
    if (data.isEmpty())
        return;
    DirectionState& d = m_dirs[index(dir)];
    if (m_state == State::PassThrough || d.stopped) {
        out.push_back(makeUnit(dir, data, nullptr, false, {}, ts, ts));
        return;
    }
    if (d.discard > 0) {
        // The rest of a message the framer skipped: it passes as it comes.
        const qint64 n = std::min<qint64>(d.discard, data.size());
        out.push_back(makeUnit(dir, data.first(n), nullptr, false, {}, ts, ts));
        d.discard -= n;
        data = data.sliced(n);
        if (data.isEmpty())
            return;
    }
    const Direction other = opposite(dir);
    DirectionState& o = m_dirs[index(other)];
    if (m_state == State::Framing) {
        // The peer has now spoken: a message of the other direction without length fields may be complete.
        if (o.pendingSize() > 0 && !o.peerSpoke) {
            o.peerSpoke = true;
            drain(other, false, out);
        }
        if (d.pendingSize() == 0) {
            // The usual case: whole messages in one read. They are cut where they are, without a copy.
            d.peerSpoke = false;
            data = cutDirect(dir, data, ts, out);
            if (data.isEmpty() || d.stopped || d.discard > 0) {
                if (!data.isEmpty())
                    feed(dir, data, ts, out);
                return;
            }
        }
    }
    if (d.head > 0 && d.head >= d.buffer.size() / 2) {
        d.buffer.remove(0, d.head);
        d.head = 0;
    }
    if (d.pendingSize() == 0) {
        d.firstSeen = ts;
        d.peerSpoke = false;
    }
    d.lastSeen = ts;
    d.buffer.append(data.data(), data.size());
    if (m_state == State::Detecting) {
        detect(false, out);
        return;
    }
    drain(dir, false, out);
}

QByteArrayView MessageGate::cutDirect(Direction dir, QByteArrayView data, double ts, std::vector<GateUnit>& out)
{
    DirectionState& d = m_dirs[index(dir)];
    while (!data.isEmpty()) {
        FrameHints hints;
        hints.limits = &m_options.limits;
        const FrameCut cut = m_framer->cut(dir, data, hints);
        switch (cut.kind) {
        case FrameCut::Kind::Message: {
            const qint64 n = std::clamp<qint64>(cut.length, 1, data.size());
            out.push_back(makeUnit(dir, data.first(n), nullptr, true, {}, ts, ts));
            data = data.sliced(n);
            continue;
        }
        case FrameCut::Kind::Skip: {
            const qint64 n = std::min<qint64>(std::max<qint64>(cut.length, 1), data.size());
            out.push_back(makeUnit(dir, data.first(n), nullptr, false, {}, ts, ts));
            d.discard = std::max<qint64>(0, cut.length - n);
            return data.sliced(n);
        }
        case FrameCut::Kind::Stop:
            d.stopped = true;
            return data;
        case FrameCut::Kind::NeedMore:
            return data;
        }
    }
    return data;
}

void MessageGate::end(Direction dir, double ts, std::vector<GateUnit>& out)
{
    DirectionState& d = m_dirs[index(dir)];
    d.ended = true;
    d.lastSeen = std::max(d.lastSeen, ts);
    if (m_state == State::Detecting)
        detect(m_dirs[0].ended && m_dirs[1].ended, out);
    if (m_state == State::Framing)
        drain(dir, false, out);
    else if (m_state == State::PassThrough)
        passAll(dir, out);
}

void MessageGate::quiet(Direction dir, std::vector<GateUnit>& out)
{
    if (m_state == State::Detecting)
        detect(true, out);
    if (m_state == State::Framing)
        drain(dir, true, out);
}

void MessageGate::giveUp(std::vector<GateUnit>& out)
{
    m_state = State::PassThrough;
    passAll(Direction::ClientToServer, out);
    passAll(Direction::ServerToClient, out);
}

void MessageGate::detect(bool force, std::vector<GateUnit>& out)
{
    const qint64 limit = m_options.limits.maxProbeBytes;
    ProbeInput input;
    input.client = m_dirs[0].pending().first(std::min(limit, m_dirs[0].pendingSize()));
    input.server = m_dirs[1].pending().first(std::min(limit, m_dirs[1].pendingSize()));
    input.clientPort = m_clientPort;
    input.serverPort = m_serverPort;
    input.startSeen = true;
    const DecoderRegistry::Detection found = m_registry.detect(input);
    const bool probeFull = m_dirs[0].pendingSize() >= limit || m_dirs[1].pendingSize() >= limit;
    if (found.decoder && (!found.needMoreData || force || probeFull)) {
        m_state = State::Framing;
        m_decoder = found.decoder;
        m_framer = found.decoder->createFramer();
        m_actions = ProtocolActions::forProtocol(found.decoder->id());
        drain(Direction::ClientToServer, false, out);
        drain(Direction::ServerToClient, false, out);
        return;
    }
    if (found.needMoreData && !force && !probeFull)
        return;
    giveUp(out);
}

void MessageGate::drain(Direction dir, bool quiet, std::vector<GateUnit>& out)
{
    DirectionState& d = m_dirs[index(dir)];
    while (d.pendingSize() > 0) {
        if (d.stopped) {
            passAll(dir, out);
            return;
        }
        if (d.discard > 0) {
            const qint64 n = std::min(d.discard, d.pendingSize());
            d.discard -= n;
            cutUnit(dir, n, false, {}, out);
            continue;
        }
        FrameHints hints;
        hints.ended = d.ended;
        hints.peerSpoke = d.peerSpoke || quiet;
        hints.limits = &m_options.limits;
        const FrameCut cut = m_framer->cut(dir, d.pending(), hints);
        switch (cut.kind) {
        case FrameCut::Kind::Message:
            cutUnit(dir, std::clamp<qint64>(cut.length, 1, d.pendingSize()), true, {}, out);
            continue;
        case FrameCut::Kind::Skip: {
            const qint64 now = std::min(std::max<qint64>(cut.length, 1), d.pendingSize());
            cutUnit(dir, now, false, {}, out);
            d.discard = std::max<qint64>(0, cut.length - now);
            continue;
        }
        case FrameCut::Kind::Stop:
            d.stopped = true;
            passAll(dir, out);
            return;
        case FrameCut::Kind::NeedMore:
            if (d.ended) {
                cutUnit(
                    dir, d.pendingSize(), true,
                    QStringLiteral("incomplete: the connection ended %1 bytes into this message").arg(d.pendingSize()),
                    out);
                return;
            }
            if (d.pendingSize() > m_options.limits.maxMessageBytes) {
                // Held no further: the message goes on as it comes, unframed.
                d.stopped = true;
                passAll(dir, out);
            }
            return;
        }
    }
}

void MessageGate::cutUnit(Direction dir, qint64 length, bool frame, const QString& problem, std::vector<GateUnit>& out)
{
    DirectionState& d = m_dirs[index(dir)];
    const bool whole = d.head == 0 && length == d.buffer.size();
    out.push_back(
        makeUnit(dir, d.pending().first(length), whole ? &d.buffer : nullptr, frame, problem, d.firstSeen, d.lastSeen));
    d.head += length;
    d.firstSeen = d.lastSeen; // the rest of the buffer arrived with the last bytes at the latest
    if (d.pendingSize() == 0) {
        d.buffer.clear();
        d.head = 0;
        d.peerSpoke = false;
    }
}

GateUnit MessageGate::makeUnit(Direction dir, QByteArrayView bytes, QByteArray* whole, bool frame,
                               const QString& problem, double firstSeen, double lastSeen)
{
    DirectionState& d = m_dirs[index(dir)];
    GateUnit unit;
    unit.direction = dir;
    unit.length = bytes.size();
    unit.streamOffset = d.streamOffset;
    unit.firstSeen = firstSeen;
    unit.lastSeen = lastSeen;
    unit.cutShort = !problem.isEmpty();
    d.streamOffset += bytes.size();
    const bool decode = frame && d.decode && m_decoder;
    if (d.keep || decode) {
        // A buffer that holds exactly this unit is shared, not copied.
        unit.bytes = whole ? *whole : bytes.toByteArray();
    }
    if (frame && m_actions)
        unit.answer = m_actions->isAnswer(dir, bytes);
    if (!decode) {
        // An answer that passed undecoded still answers the oldest request: the context of later responses (should
        // they be decoded again, for an intercept) stays the right one.
        if (unit.answer && !m_unanswered.empty())
            m_unanswered.pop_front();
        return unit;
    }
    DecodeContext context;
    context.direction = dir;
    context.options = &m_options;
    context.time = firstSeen; // names of remote objects learned before this message (ObjectNames)
    if (dir == Direction::ServerToClient && !m_unanswered.empty())
        context.request = m_unanswered.front().get();
    auto message = std::make_shared<DecodedMessage>(DecoderRegistry::decodeIsolated(*m_decoder, unit.bytes, context));
    message->firstSeen = firstSeen;
    message->lastSeen = lastSeen;
    message->streamOffset = unit.streamOffset;
    if (!problem.isEmpty())
        message->addProblem(problem, unit.length);
    if (message->kind == MessageKind::Request && message->expectsReply) {
        if (m_unanswered.size() >= kMaxUnanswered)
            m_unanswered.pop_front();
        m_unanswered.push_back(message);
    } else if (message->kind == MessageKind::Response && !m_unanswered.empty()) {
        auto match = m_unanswered.begin();
        if (message->pairKey) {
            match = std::find_if(m_unanswered.begin(), m_unanswered.end(),
                                 [&](const auto& r) { return r->pairKey == message->pairKey; });
            if (match == m_unanswered.end())
                match = m_unanswered.begin();
        }
        m_unanswered.erase(match);
    }
    unit.message = std::move(message);
    return unit;
}

void MessageGate::passAll(Direction dir, std::vector<GateUnit>& out)
{
    DirectionState& d = m_dirs[index(dir)];
    if (d.pendingSize() > 0)
        cutUnit(dir, d.pendingSize(), false, {}, out);
}

} // namespace rpcscope
