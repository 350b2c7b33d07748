#pragma once

#include "intercept/protocolactions.h"

namespace rpcscope {

/// Rule actions for Pyro4 (protocol 48): answers carry the request's sequence number and serializer (serpent,
/// json, marshal, msgpack, and pickle for pickle, dill and cloudpickle clients), a fresh header checksum, and the
/// type the client waits for: RESULT for INVOKE (with the exception flag for a fault; nothing for a oneway call),
/// CONNECTOK or CONNECTFAIL for CONNECT, and PING for PING. Exceptions are the dict a Pyro4 daemon sends (the
/// pickled exception object for pickle), of class CODE: a name without a module is sent as written, which Pyro4
/// looks up among Python's built-in exceptions and its own errors. A rewritten INVOKE keeps its flags and
/// annotations; messages signed with an HMAC are refused (the key is the client's).
class Pyro4Actions : public ProtocolActions
{
public:
    QString protocol() const override { return QStringLiteral("pyro4"); }
    Status check(const RuleAction& action) const override;
    bool isAnswer(Direction dir, QByteArrayView message) const override;
    Result<Answer> reply(const FramedRequest& request, const RpcValue& result) const override;
    Result<Answer> fault(const FramedRequest& request, const RpcFault& fault) const override;
    Result<QByteArray> rewrite(const FramedRequest& request, const RpcValue& params,
                               const RpcValue& kwargs) const override;
    /// The recorded RESULT's payload is sent as it was when the client uses the recorded serializer; otherwise the
    /// recorded values are written in the client's serializer.
    Result<Answer> replay(const FramedRequest& request, const RecordedAnswer& answer) const override;

    /// `value` in serializer `serializerId` (all of Pyro4's but dill and cloudpickle's own extensions).
    static Result<QByteArray> serialize(const RpcValue& value, quint16 serializerId);
};

} // namespace rpcscope
