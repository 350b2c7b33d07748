#pragma once

#include "intercept/protocolactions.h"

namespace rpcscope {

/// Rule actions for XML-RPC over HTTP/1.x: answers are `200 OK` responses with a methodResponse body (a fault
/// struct for faults, faultCode as the rule wrote it: an int, or a string for a name), closing the connection
/// when the client's request says so (HTTP/1.0 without keep-alive, `Connection: close`). A rewritten request keeps
/// its request line and header fields in order; the body is written again (identity, without Content-Encoding or
/// chunking) and Content-Length follows it.
class XmlRpcActions : public ProtocolActions
{
public:
    QString protocol() const override { return QStringLiteral("xmlrpc"); }
    Status check(const RuleAction& action) const override;
    bool isAnswer(Direction dir, QByteArrayView message) const override;
    Result<Answer> reply(const FramedRequest& request, const RpcValue& result) const override;
    Result<Answer> fault(const FramedRequest& request, const RpcFault& fault) const override;
    Result<QByteArray> rewrite(const FramedRequest& request, const RpcValue& params,
                               const RpcValue& kwargs) const override;
};

} // namespace rpcscope
