#pragma once

#include "bytestreamsink.h"
#include "endpoint.h"
#include "intercept/callrule.h"
#include "intercept/messagegate.h"
#include "intercept/protocolactions.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <memory>
#include <optional>

namespace rpcscope {

class CallMarker;
class MessageRelay;

/// A message held by an intercept, waiting for the user.
struct HeldMessage
{
    quint64 holdId = 0;
    quint64 streamId = 0;
    Direction direction = Direction::ClientToServer;
    QString protocol;
    Endpoint client;
    Endpoint server;
    /// The request (always), and for a held response the response.
    std::shared_ptr<const DecodedMessage> request;
    std::shared_ptr<const DecodedMessage> response;
    /// The request's offset in the client's stream: with `streamId`, the call it belongs to (CallMarker).
    qint64 requestOffset = -1;
};

/// What the user decided about a held message.
struct HoldDecision
{
    enum class Kind {
        Forward, ///< send it on: unchanged, or with `params`/`kwargs` (request) or `result` (response) edited
        Answer, ///< answer the client in the server's place with `result` or `fault` (a held response: replace it)
        Drop, ///< close the connection without sending it
    };
    Kind kind = Kind::Forward;
    std::optional<RpcValue> params;
    std::optional<RpcValue> kwargs;
    std::optional<RpcValue> result;
    std::optional<RpcFault> fault;
    /// What the call is marked with ("intercept: forwarded edited"); empty: a text is made from the decision.
    QString note;
};

/// Holds messages for the user (the GUI's intercept). `hold` is called on the relay's thread; the decision comes
/// back through MessageRelay::resolve, at most once per hold. Hold ids are the relay's own.
class Interceptor
{
public:
    virtual ~Interceptor() = default;
    /// Whether a request (before any rule acted on it) is to be held.
    virtual bool holdsRequest(const CallFilter::Facts& request) const = 0;
    /// Whether responses are being intercepted at all (their bytes then wait until they are whole).
    virtual bool wantsResponses() const = 0;
    /// Whether a response (with its request's facts, the status and latency filled in) is to be held.
    virtual bool holdsResponse(const CallFilter::Facts& call) const = 0;
    virtual void hold(const HeldMessage& message, QPointer<MessageRelay> relay) = 0;
    /// The relay is gone (its connection closed): hold `holdId` of `relay` will never be decided.
    virtual void release(const MessageRelay* relay, quint64 holdId) = 0;
};

/// Where a relay's decisions go: the proxy's two sockets, or the mock server's recorded answers.
class RelayOutput
{
public:
    virtual ~RelayOutput() = default;
    /// Bytes the client sent, in stream order, once it is decided what happens to them (the client's side of the
    /// recording). When they are one whole message, `decoded` is what they decoded to, so that the recording need
    /// not decode them again.
    virtual void clientSent(QByteArrayView bytes, double ts, const PredecodedMessage& decoded) = 0;
    /// Sends bytes to the server; `request` is their decoded request when they are one (as rewritten).
    virtual void toServer(QByteArrayView bytes, const DecodedMessage* request) = 0;
    /// Sends bytes to the client.
    virtual void toClient(QByteArrayView bytes) = 0;
    /// The client ended its side and every byte it sent has gone on: end the server's side too.
    virtual void endToServer() = 0;
    /// The server ended its side and every answer has gone to the client: end the client's side too.
    virtual void endToClient() = 0;
    /// Ends the connection: a close once what is queued for the client is written (`reset` false), or an abort.
    virtual void closeConnection(bool reset) = 0;
    /// Something the user should hear about: a rule that could not be carried out, an intercept given up.
    virtual void report(const QString& problem) = 0;
};

/// The rules and intercepts a relay applies.
struct RelayPolicy
{
    std::shared_ptr<const CallRuleSet> rules;
    Interceptor* interceptor = nullptr;
    CallMarker* marker = nullptr;
    /// How long a client may keep a message unfinished (waiting for the server, as with Expect: 100-continue)
    /// before the connection's bytes pass unframed, without rules.
    int stallMs = 1000;
    /// Silence after which a message without length fields (JRMP) is taken as complete.
    int quietMs = 30;
};

/// The message-level middle of one connection with rules or intercepts: frames both directions (MessageGate),
/// matches each request against the rules (first match wins) and the intercept, and carries out the decision:
/// forward (after a delay, or re-encoded with changed arguments), answer in the server's place, hold for the user,
/// close or reset. Requests of one connection go on strictly in order (a delayed or held one holds those behind it),
/// and answers reach the client in the order of its requests: an answer made here waits for the server's answers to
/// earlier requests. Other connections are other relays and are not held up. A rule that cannot be carried out on a
/// call (a value its protocol cannot write) lets the call through unchanged and says why (`report`).
class MessageRelay : public QObject
{
    Q_OBJECT
public:
    MessageRelay(const DecoderRegistry& registry, const DecodeOptions& options, RelayPolicy policy, RelayOutput& output,
                 quint64 streamId, Endpoint client, Endpoint server, QObject* parent = nullptr);
    ~MessageRelay() override;

    void fromClient(QByteArrayView data, double ts);
    void fromServer(QByteArrayView data, double ts);
    /// The client (or the server) sent its FIN: what is pending is given out.
    void clientEnded(double ts);
    void serverEnded(double ts);

    /// The user's decision on held message `holdId` (ignored if it was decided already).
    void resolve(quint64 holdId, const HoldDecision& decision);
    /// The connection is gone: nothing more is sent, and held messages are released from the interceptor.
    void abandon();
    /// Rules for the requests still to come (the ones already decided keep their decision).
    void setRules(std::shared_ptr<const CallRuleSet> rules) { m_policy.rules = std::move(rules); }

    /// Requests waiting to be sent on (delayed, held or behind one), and answers waiting for the client.
    int queuedRequests() const { return int(m_requests.size()); }
    int heldMessages() const;
    const MessageGate& gate() const { return m_gate; }

private:
    enum class Step { Decide, Forward, Delaying, Held, Answered };
    struct PendingRequest
    {
        GateUnit unit;
        /// The rule that matched, kept alive with its set (the rules may be replaced meanwhile).
        std::shared_ptr<const CallRuleSet> ruleSet;
        const CallRule* rule = nullptr;
        bool intercept = false;
        Step step = Step::Decide;
        quint64 holdId = 0;
        /// Set when a decision replaced the request (an edited one is forwarded instead).
        std::optional<QByteArray> replacement;
        std::shared_ptr<const DecodedMessage> replacementMessage;
    };
    struct ClientSlot
    {
        /// A request sent to the server, until its response has gone to the client.
        bool upstream = true;
        /// Bytes ready for the client (an answer made here, or a whole response that was held or edited).
        QByteArray bytes;
        bool ready = false;
        bool closeAfter = false;
        bool held = false;
        quint64 holdId = 0;
        std::shared_ptr<const DecodedMessage> request;
        QByteArray requestBytes;
        qint64 requestOffset = -1;
        double sentAt = 0;
        /// A held response: the response as decoded.
        std::shared_ptr<const DecodedMessage> response;
    };

    void takeClientUnits(std::vector<GateUnit>& units);
    void takeServerUnits(std::vector<GateUnit>& units);
    void pump();
    void forward(PendingRequest& pending, const QByteArray& bytes, const DecodedMessage* request);
    void answer(const PendingRequest& pending, Result<Answer> made);
    void close(bool reset);
    void flushClient();
    void releaseWaitingResponses();
    void maybeEnd();
    void watchStall();
    void onQuiet();
    void onStall();
    CallFilter::Facts requestFacts(const DecodedMessage& request, const QByteArray& bytes) const;
    void mark(qint64 requestOffset, const QString& text);
    const ProtocolActions* actions() const;
    void holdResponse(ClientSlot& slot, const GateUnit& unit);

    const DecoderRegistry& m_registry;
    RelayPolicy m_policy;
    RelayOutput& m_out;
    quint64 m_streamId;
    Endpoint m_client;
    Endpoint m_server;
    QString m_clientText;
    QString m_serverText;
    MessageGate m_gate;
    std::deque<PendingRequest> m_requests;
    std::deque<ClientSlot> m_slots;
    /// S→C units that arrived while a response before them is held.
    std::deque<GateUnit> m_waitingResponses;
    bool m_observingResponses = true;
    bool m_closed = false;
    bool m_givenUp = false;
    bool m_clientEnded = false;
    bool m_serverEnded = false;
    bool m_serverSideEnded = false;
    bool m_clientSideEnded = false;
    QTimer m_delay;
    QTimer m_quiet;
    QTimer m_stall;
    quint64 m_nextHold = 1;
    std::vector<quint64> m_openHolds;
};

} // namespace rpcscope
