#include "messagerelay.h"

#include "intercept/callmarker.h"

#include <QDateTime>

namespace rpcscope {

namespace {

double now()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

QString callText(const DecodedMessage& request)
{
    QString what = request.object.isEmpty() ? request.method : request.object + QLatin1Char('.') + request.method;
    return what + QLatin1Char('(') + request.params.toDisplayString(60).mid(1).chopped(1) + QLatin1Char(')');
}

} // namespace

MessageRelay::MessageRelay(const DecoderRegistry& registry, const DecodeOptions& options, RelayPolicy policy,
                           RelayOutput& output, quint64 streamId, Endpoint client, Endpoint server, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
    , m_policy(std::move(policy))
    , m_out(output)
    , m_streamId(streamId)
    , m_client(std::move(client))
    , m_server(std::move(server))
    , m_clientText(m_client.toString())
    , m_serverText(m_server.toString())
    , m_gate(registry, options, m_client.port, m_server.port)
{
    m_delay.setSingleShot(true);
    m_delay.setTimerType(Qt::PreciseTimer); // a delay is never shorter than the rule says
    m_quiet.setSingleShot(true);
    m_stall.setSingleShot(true);
    connect(&m_delay, &QTimer::timeout, this, [this] {
        if (!m_requests.empty() && m_requests.front().step == Step::Delaying)
            m_requests.front().step = Step::Forward;
        pump();
    });
    connect(&m_quiet, &QTimer::timeout, this, &MessageRelay::onQuiet);
    connect(&m_stall, &QTimer::timeout, this, &MessageRelay::onStall);
}

MessageRelay::~MessageRelay()
{
    if (m_policy.interceptor) {
        for (quint64 id : m_openHolds)
            m_policy.interceptor->release(this, id);
    }
}

int MessageRelay::heldMessages() const
{
    return int(m_openHolds.size());
}

const ProtocolActions* MessageRelay::actions() const
{
    return m_gate.decoder() ? ProtocolActions::forProtocol(m_gate.decoder()->id()) : nullptr;
}

void MessageRelay::mark(qint64 requestOffset, const QString& text)
{
    if (m_policy.marker && requestOffset >= 0)
        m_policy.marker->mark(m_streamId, requestOffset, text);
}

CallFilter::Facts MessageRelay::requestFacts(const DecodedMessage& request, const QByteArray& bytes) const
{
    CallFilter::Facts facts;
    facts.protocol = request.protocol;
    facts.method = request.method;
    facts.object = request.object;
    facts.client = m_clientText;
    facts.server = m_serverText;
    facts.params = &request.params;
    facts.kwargs = &request.kwargs;
    facts.requestBytes = bytes;
    return facts;
}

void MessageRelay::fromClient(QByteArrayView data, double ts)
{
    if (m_closed)
        return;
    std::vector<GateUnit> units;
    m_gate.feed(Direction::ClientToServer, data, ts, units);
    takeClientUnits(units);
    watchStall();
}

void MessageRelay::clientEnded(double ts)
{
    if (m_closed)
        return;
    m_clientEnded = true;
    m_quiet.stop();
    m_stall.stop();
    std::vector<GateUnit> units;
    m_gate.end(Direction::ClientToServer, ts, units);
    takeClientUnits(units);
    maybeEnd();
}

void MessageRelay::fromServer(QByteArrayView data, double ts)
{
    if (m_closed)
        return;
    if (m_gate.pendingBytes(Direction::ServerToClient) == 0 && m_waitingResponses.empty()) {
        // At a message boundary: the next response is watched as it passes, unless responses are intercepted.
        const bool heldAhead = !m_slots.empty() && m_slots.front().held;
        m_observingResponses = m_givenUp || m_gate.state() == MessageGate::State::PassThrough
            || (!heldAhead && !(m_policy.interceptor && m_policy.interceptor->wantsResponses()));
        // Watched responses are only counted (ProtocolActions::isAnswer): neither copied nor decoded.
        m_gate.setDecoding(Direction::ServerToClient, !m_observingResponses);
        m_gate.setKeepingBytes(Direction::ServerToClient, !m_observingResponses);
    }
    if (m_observingResponses)
        m_out.toClient(data);
    std::vector<GateUnit> units;
    m_gate.feed(Direction::ServerToClient, data, ts, units);
    takeServerUnits(units);
}

void MessageRelay::serverEnded(double ts)
{
    if (m_closed)
        return;
    m_serverEnded = true;
    std::vector<GateUnit> units;
    m_gate.end(Direction::ServerToClient, ts, units);
    takeServerUnits(units);
    // Requests the server left unanswered never will be: answers made here behind them go now.
    for (ClientSlot& slot : m_slots) {
        if (slot.upstream && !slot.ready && !slot.held)
            slot.ready = true;
    }
    flushClient();
    maybeEnd();
}

void MessageRelay::takeClientUnits(std::vector<GateUnit>& units)
{
    for (GateUnit& unit : units) {
        PendingRequest pending;
        if (unit.isRequest() && !m_givenUp) {
            const CallFilter::Facts facts = requestFacts(*unit.message, unit.bytes);
            if (m_policy.rules && !m_policy.rules->empty()) {
                pending.rule = m_policy.rules->match(facts);
                if (pending.rule)
                    pending.ruleSet = m_policy.rules;
            }
            if (!pending.rule && m_policy.interceptor && m_policy.interceptor->holdsRequest(facts))
                pending.intercept = true;
            if (pending.rule)
                mark(unit.streamOffset, pending.rule->text);
        }
        // Recorded once decided (and marked), so the decoder's call for it carries the mark from the start.
        PredecodedMessage decoded;
        if (unit.message && !unit.cutShort) {
            decoded.message = unit.message;
            decoded.options = &m_gate.options();
        }
        m_out.clientSent(unit.bytes, unit.lastSeen, decoded);
        pending.unit = std::move(unit);
        m_requests.push_back(std::move(pending));
    }
    units.clear();
    pump();
}

void MessageRelay::pump()
{
    while (!m_requests.empty() && !m_closed) {
        PendingRequest& p = m_requests.front();
        switch (p.step) {
        case Step::Delaying:
        case Step::Held:
            return;
        case Step::Answered:
            m_requests.pop_front();
            continue;
        case Step::Forward:
            if (p.replacement)
                forward(p, *p.replacement, p.replacementMessage.get());
            else
                forward(p, p.unit.bytes, p.unit.message.get());
            m_requests.pop_front();
            continue;
        case Step::Decide:
            break;
        }
        if (p.rule) {
            const RuleAction& action = p.rule->action;
            const ProtocolActions* protocol = actions();
            const DecodedMessage& request = *p.unit.message;
            const FramedRequest framed {p.unit.bytes, &request};
            auto cannot = [&](const QString& why) {
                m_out.report(QStringLiteral("rule '%1' cannot act on %2 from %3: %4; the call went on unchanged")
                                 .arg(p.rule->text, callText(request), m_client.toString(), why));
                mark(p.unit.streamOffset, p.rule->text + QStringLiteral(" (not applied: %1)").arg(why));
                p.rule = nullptr;
                p.step = Step::Forward;
            };
            if (!protocol && action.kind != RuleAction::Kind::Delay && action.kind != RuleAction::Kind::Drop
                && action.kind != RuleAction::Kind::Reset) {
                cannot(QStringLiteral("RpcScope cannot write %1 messages").arg(request.protocol));
                continue;
            }
            if (protocol) {
                if (Status ok = protocol->check(action); !ok) {
                    cannot(ok.error());
                    continue;
                }
            }
            switch (action.kind) {
            case RuleAction::Kind::Delay:
                p.step = Step::Delaying;
                m_delay.start(action.delayMs);
                return;
            case RuleAction::Kind::Drop:
            case RuleAction::Kind::Reset:
                close(action.kind == RuleAction::Kind::Reset);
                return;
            case RuleAction::Kind::Fault:
            case RuleAction::Kind::Reply: {
                Result<Answer> made = action.kind == RuleAction::Kind::Fault
                    ? protocol->fault(framed, RpcFault {action.faultCode, action.faultMessage, {}})
                    : protocol->reply(framed, action.value);
                if (!made) {
                    cannot(made.error());
                    continue;
                }
                answer(p, std::move(made));
                m_requests.pop_front();
                continue;
            }
            case RuleAction::Kind::Rewrite: {
                RpcValue params = request.params;
                RpcValue kwargs = request.kwargs;
                if (Status applied = action.path->apply(params, kwargs, action.value); !applied) {
                    cannot(applied.error());
                    continue;
                }
                Result<QByteArray> bytes = protocol->rewrite(framed, params, kwargs);
                if (!bytes) {
                    cannot(bytes.error());
                    continue;
                }
                auto rewritten = std::make_shared<DecodedMessage>(request);
                rewritten->params = std::move(params);
                rewritten->kwargs = std::move(kwargs);
                p.replacement = std::move(*bytes);
                p.replacementMessage = std::move(rewritten);
                p.step = Step::Forward;
                continue;
            }
            }
        }
        if (p.intercept && m_policy.interceptor) {
            p.holdId = m_nextHold++;
            p.step = Step::Held;
            m_openHolds.push_back(p.holdId);
            HeldMessage held;
            held.holdId = p.holdId;
            held.streamId = m_streamId;
            held.direction = Direction::ClientToServer;
            held.protocol = p.unit.message->protocol;
            held.client = m_client;
            held.server = m_server;
            held.request = p.unit.message;
            held.requestOffset = p.unit.streamOffset;
            m_policy.interceptor->hold(held, QPointer<MessageRelay>(this));
            return;
        }
        p.step = Step::Forward;
    }
    maybeEnd();
}

void MessageRelay::forward(PendingRequest& pending, const QByteArray& bytes, const DecodedMessage* request)
{
    const GateUnit& unit = pending.unit;
    // The slot comes first: an answer may come back before toServer() returns (a mock answers at once).
    if (unit.isRequest() && unit.message->expectsReply) {
        ClientSlot slot;
        slot.request = pending.replacementMessage ? pending.replacementMessage : unit.message;
        slot.requestBytes = bytes;
        slot.requestOffset = unit.streamOffset;
        slot.sentAt = now();
        m_slots.push_back(std::move(slot));
    }
    m_out.toServer(bytes, request);
}

void MessageRelay::answer(const PendingRequest& pending, Result<Answer> made)
{
    if (made->bytes.isEmpty())
        return; // a oneway call: nothing goes back
    ClientSlot slot;
    slot.upstream = false;
    slot.bytes = std::move(made->bytes);
    slot.ready = true;
    slot.closeAfter = made->closeAfter;
    slot.requestOffset = pending.unit.streamOffset;
    m_slots.push_back(std::move(slot));
    flushClient();
}

void MessageRelay::flushClient()
{
    while (!m_slots.empty() && !m_closed) {
        ClientSlot& head = m_slots.front();
        if (head.held || !head.ready)
            break;
        const bool closeAfter = head.closeAfter;
        if (!head.bytes.isEmpty())
            m_out.toClient(head.bytes);
        m_slots.pop_front();
        if (closeAfter) {
            close(false);
            return;
        }
    }
    releaseWaitingResponses();
    maybeEnd();
}

void MessageRelay::releaseWaitingResponses()
{
    if (m_waitingResponses.empty() || (!m_slots.empty() && m_slots.front().held))
        return;
    std::vector<GateUnit> units(std::make_move_iterator(m_waitingResponses.begin()),
                                std::make_move_iterator(m_waitingResponses.end()));
    m_waitingResponses.clear();
    takeServerUnits(units);
}

void MessageRelay::takeServerUnits(std::vector<GateUnit>& units)
{
    for (std::size_t i = 0; i < units.size() && !m_closed; ++i) {
        GateUnit& unit = units[i];
        if (m_observingResponses) {
            // Its bytes went to the client as they came: only the bookkeeping is left.
            const bool answers = unit.message ? unit.isResponse() : unit.answer;
            if (answers && !m_slots.empty() && m_slots.front().upstream && !m_slots.front().ready) {
                m_slots.pop_front();
                flushClient();
            }
            continue;
        }
        if (!m_slots.empty() && m_slots.front().held) {
            m_waitingResponses.push_back(std::move(unit));
            continue;
        }
        if (unit.isResponse() && !m_slots.empty() && m_slots.front().upstream && !m_slots.front().ready) {
            ClientSlot& slot = m_slots.front();
            if (m_policy.interceptor && slot.request) {
                CallFilter::Facts facts = requestFacts(*slot.request, slot.requestBytes);
                facts.status
                    = slot.request->status == CallStatus::Malformed ? CallStatus::Malformed : unit.message->status;
                facts.latencyMs = std::max(0.0, (unit.lastSeen - slot.sentAt) * 1000.0);
                facts.responseBytes = unit.bytes;
                if (m_policy.interceptor->holdsResponse(facts)) {
                    holdResponse(slot, unit);
                    continue;
                }
            }
            slot.bytes = std::move(unit.bytes);
            slot.ready = true;
            flushClient();
            continue;
        }
        // Not an answer to a waiting request (an interim response, a handshake): straight on.
        m_out.toClient(unit.bytes);
    }
    units.clear();
}

void MessageRelay::holdResponse(ClientSlot& slot, const GateUnit& unit)
{
    slot.held = true;
    slot.holdId = m_nextHold++;
    slot.bytes = unit.bytes;
    slot.response = unit.message;
    m_openHolds.push_back(slot.holdId);
    HeldMessage held;
    held.holdId = slot.holdId;
    held.streamId = m_streamId;
    held.direction = Direction::ServerToClient;
    held.protocol = slot.request->protocol;
    held.client = m_client;
    held.server = m_server;
    held.request = slot.request;
    held.response = unit.message;
    held.requestOffset = slot.requestOffset;
    m_policy.interceptor->hold(held, QPointer<MessageRelay>(this));
}

void MessageRelay::resolve(quint64 holdId, const HoldDecision& decision)
{
    auto open = std::find(m_openHolds.begin(), m_openHolds.end(), holdId);
    if (open == m_openHolds.end() || m_closed)
        return;
    m_openHolds.erase(open);
    const ProtocolActions* protocol = actions();
    auto note = [&](const QString& fallback) { return decision.note.isEmpty() ? fallback : decision.note; };

    // A held request: the front of the queue.
    if (!m_requests.empty() && m_requests.front().step == Step::Held && m_requests.front().holdId == holdId) {
        PendingRequest& p = m_requests.front();
        const DecodedMessage& request = *p.unit.message;
        const FramedRequest framed {p.unit.bytes, &request};
        switch (decision.kind) {
        case HoldDecision::Kind::Drop:
            mark(p.unit.streamOffset, note(QStringLiteral("intercept: dropped")));
            close(false);
            return;
        case HoldDecision::Kind::Answer: {
            Result<Answer> made = !protocol ? Result<Answer>(Error {QStringLiteral("no writer for this protocol")})
                : decision.fault            ? protocol->fault(framed, *decision.fault)
                                            : protocol->reply(framed, decision.result.value_or(RpcValue()));
            if (made) {
                mark(p.unit.streamOffset, note(QStringLiteral("intercept: answered")));
                answer(p, std::move(made));
                m_requests.pop_front();
                pump();
                return;
            }
            m_out.report(
                QStringLiteral("cannot answer %1: %2; it went on unchanged").arg(callText(request), made.error()));
            p.step = Step::Forward;
            break;
        }
        case HoldDecision::Kind::Forward:
            p.step = Step::Forward;
            if (decision.params || decision.kwargs) {
                const RpcValue params = decision.params.value_or(request.params);
                const RpcValue kwargs = decision.kwargs.value_or(request.kwargs);
                Result<QByteArray> bytes = protocol ? protocol->rewrite(framed, params, kwargs)
                                                    : Result<QByteArray>(Error {QStringLiteral("no writer")});
                if (bytes) {
                    auto edited = std::make_shared<DecodedMessage>(request);
                    edited->params = params;
                    edited->kwargs = kwargs;
                    p.replacement = std::move(*bytes);
                    p.replacementMessage = std::move(edited);
                    mark(p.unit.streamOffset, note(QStringLiteral("intercept: forwarded edited")));
                } else {
                    m_out.report(QStringLiteral("cannot re-encode the edited %1: %2; it went on unchanged")
                                     .arg(callText(request), bytes.error()));
                    mark(p.unit.streamOffset, note(QStringLiteral("intercept: forwarded")));
                }
            } else {
                mark(p.unit.streamOffset, note(QStringLiteral("intercept: forwarded")));
            }
            break;
        }
        pump();
        return;
    }

    // A held response.
    for (ClientSlot& slot : m_slots) {
        if (!slot.held || slot.holdId != holdId)
            continue;
        if (decision.kind == HoldDecision::Kind::Drop) {
            mark(slot.requestOffset, note(QStringLiteral("intercept: response dropped")));
            close(false);
            return;
        }
        if (decision.result || decision.fault) {
            const FramedRequest framed {slot.requestBytes, slot.request.get()};
            Result<Answer> made = !protocol ? Result<Answer>(Error {QStringLiteral("no writer for this protocol")})
                : decision.fault            ? protocol->fault(framed, *decision.fault)
                                            : protocol->reply(framed, *decision.result);
            if (made) {
                slot.bytes = std::move(made->bytes);
                mark(slot.requestOffset, note(QStringLiteral("intercept: response edited")));
            } else {
                m_out.report(QStringLiteral("cannot write the edited response to %1: %2; the server's went on")
                                 .arg(callText(*slot.request), made.error()));
            }
        } else {
            mark(slot.requestOffset, note(QStringLiteral("intercept: response forwarded")));
        }
        slot.held = false;
        slot.ready = true;
        flushClient();
        return;
    }
}

void MessageRelay::abandon()
{
    if (m_closed)
        return;
    m_closed = true;
    m_delay.stop();
    m_quiet.stop();
    m_stall.stop();
    const std::vector<quint64> holds = std::move(m_openHolds);
    m_openHolds.clear();
    if (m_policy.interceptor) {
        for (quint64 id : holds)
            m_policy.interceptor->release(this, id);
    }
}

void MessageRelay::close(bool reset)
{
    if (m_closed)
        return;
    abandon();
    m_out.closeConnection(reset);
}

void MessageRelay::maybeEnd()
{
    if (m_closed)
        return;
    if (m_clientEnded && !m_serverSideEnded && m_requests.empty()
        && m_gate.pendingBytes(Direction::ClientToServer) == 0) {
        m_serverSideEnded = true;
        m_out.endToServer();
    }
    if (m_serverEnded && !m_clientSideEnded && m_slots.empty() && m_waitingResponses.empty()) {
        m_clientSideEnded = true;
        m_out.endToClient();
    }
}

void MessageRelay::watchStall()
{
    if (m_gate.pendingBytes(Direction::ClientToServer) == 0 || m_givenUp) {
        m_quiet.stop();
        m_stall.stop();
        return;
    }
    m_quiet.start(m_policy.quietMs);
    m_stall.start(m_policy.stallMs);
}

void MessageRelay::onQuiet()
{
    if (m_closed)
        return;
    std::vector<GateUnit> units;
    m_gate.quiet(Direction::ClientToServer, units);
    takeClientUnits(units);
    if (m_gate.pendingBytes(Direction::ClientToServer) == 0)
        m_stall.stop();
}

void MessageRelay::onStall()
{
    if (m_closed || m_gate.pendingBytes(Direction::ClientToServer) == 0)
        return;
    m_givenUp = true;
    m_out.report(QStringLiteral("rules and intercepts are off for the rest of the connection from %1: the client "
                                "waits with %2 bytes of an unfinished message (for the server's interim answer?)")
                     .arg(m_client.toString())
                     .arg(m_gate.pendingBytes(Direction::ClientToServer)));
    std::vector<GateUnit> units;
    m_gate.giveUp(units);
    std::vector<GateUnit> fromServer;
    for (GateUnit& unit : units) {
        if (unit.direction == Direction::ServerToClient)
            fromServer.push_back(std::move(unit));
    }
    std::erase_if(units, [](const GateUnit& u) { return u.direction == Direction::ServerToClient; });
    takeClientUnits(units);
    takeServerUnits(fromServer);
}

} // namespace rpcscope
