#pragma once

#include "message.h"
#include "result.h"

#include <QByteArray>
#include <QString>

namespace rpcscope {

struct RuleAction;

/// A message the proxy (or the mock server) writes in a server's place.
struct Answer
{
    QByteArray bytes;
    /// Close the connection to the client once the bytes are written (an HTTP/1.0 client that asked for no
    /// keep-alive).
    bool closeAfter = false;
};

/// A request as it passed: its exact bytes and what was decoded from them.
struct FramedRequest
{
    QByteArray bytes;
    const DecodedMessage* message = nullptr;
};

/// What a recorded call answered, for a mock server to answer again.
struct RecordedAnswer
{
    RpcValue result;
    std::optional<RpcFault> fault;
    CallStatus status = CallStatus::Ok;
    /// The response as it was on the wire, when known (from a capture): replayed where the client's request
    /// allows it (same Pyro4 serializer), so values no writer reproduces (pickled objects) come back as they were.
    QByteArray responseBytes;
};

/// How the rules' actions are carried out for one protocol: answers in the server's place (values and faults
/// written the way that protocol's server writes them, in the request's own framing, serializer and sequence
/// number) and requests re-encoded with changed arguments. One implementation per protocol, found by
/// `forProtocol`; adding a protocol (Pyro5) means one class and one line there.
class ProtocolActions
{
public:
    virtual ~ProtocolActions() = default;
    /// The decoder id it serves ("xmlrpc", "pyro4", "jrmp").
    virtual QString protocol() const = 0;

    /// Whether `action` can be carried out at all for this protocol, checked when rules start (a Java RMI fault
    /// needs an exception class whose serialized form is known); the error says why not.
    virtual Status check(const RuleAction& action) const = 0;
    /// The response a server would send to `request` returning `result`. An empty answer when the request expects
    /// none (a oneway call).
    virtual Result<Answer> reply(const FramedRequest& request, const RpcValue& result) const = 0;
    /// The response a server would send to `request` failing with `fault` (XML-RPC fault, Pyro exception, Java
    /// exception return).
    virtual Result<Answer> fault(const FramedRequest& request, const RpcFault& fault) const = 0;
    /// `request` written again with `params` and `kwargs` as its arguments; lengths, checksums and
    /// Content-Length follow.
    virtual Result<QByteArray> rewrite(const FramedRequest& request, const RpcValue& params,
                                       const RpcValue& kwargs) const = 0;
    /// Whether a framed message of direction `dir` answers a request (a response, not an interim or handshake
    /// message), from its first bytes: what keeps answers in order without decoding every response.
    virtual bool isAnswer(Direction dir, QByteArrayView message) const = 0;
    /// A recorded answer given again to `request` (the mock server). By default written from its values.
    virtual Result<Answer> replay(const FramedRequest& request, const RecordedAnswer& answer) const;

    /// The actions for protocol `id`, or null when RpcScope cannot act on that protocol's calls.
    static const ProtocolActions* forProtocol(QStringView id);
};

} // namespace rpcscope
