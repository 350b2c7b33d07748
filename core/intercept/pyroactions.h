#pragma once

#include "intercept/protocolactions.h"
#include "pyro/pyroprotocol.h"

namespace rpcscope {

/// Rule actions for Pyro4 (protocol 48) and Pyro5 (protocol 502), one instance per decoder id; each message is
/// read and answered in its own header's version. Answers carry the request's sequence number and serializer
/// (serpent, json, marshal, msgpack; in Pyro4 also pickle for pickle, dill and cloudpickle clients), the
/// correlation id (Pyro4: a CORR annotation, Pyro5: the header's, with its flag), and the type the client waits for:
/// RESULT for INVOKE (with the exception flag for a fault; nothing for a oneway call), CONNECTOK or CONNECTFAIL for
/// CONNECT, and PING for PING. Exceptions are the dict a Pyro daemon sends (the pickled exception object for
/// pickle), of class CODE: a name without a module is sent as written, which Pyro looks up among Python's built-in
/// exceptions and its own errors. A rewritten INVOKE keeps its flags and annotations; Pyro4 messages signed with an
/// HMAC are refused (the key is the client's).
class PyroActions : public ProtocolActions
{
public:
    /// 4 or 5: which decoder's calls these are ("pyro4" or "pyro5").
    explicit PyroActions(int version)
        : m_version(version)
    { }
    QString protocol() const override { return m_version == 5 ? QStringLiteral("pyro5") : QStringLiteral("pyro4"); }
    Status check(const RuleAction& action) const override;
    bool isAnswer(Direction dir, QByteArrayView message) const override;
    Result<Answer> reply(const FramedRequest& request, const RpcValue& result) const override;
    Result<Answer> fault(const FramedRequest& request, const RpcFault& fault) const override;
    Result<QByteArray> rewrite(const FramedRequest& request, const RpcValue& params,
                               const RpcValue& kwargs) const override;
    /// The recorded RESULT's payload is sent as it was when the client uses the recorded version and serializer;
    /// otherwise the recorded values are written in the client's serializer.
    Result<Answer> replay(const FramedRequest& request, const RecordedAnswer& answer) const override;

    /// `value` in `serializer` (Pyro's serpent, json, marshal, msgpack, and pickle for pickle, dill and
    /// cloudpickle, without their own extensions).
    static Result<QByteArray> serialize(const RpcValue& value, pyro::Serializer serializer);

private:
    int m_version;
};

} // namespace rpcscope
