#pragma once

#include "intercept/protocolactions.h"

namespace rpcscope {

/// Rule actions for Java RMI: an exception return of a JDK exception class (see JavaReturnWriter for the classes
/// whose serialized form is known), a reply that is a string or null; arguments cannot be rewritten (that would
/// take a Java serialization writer for any class), which `check` says at start-up.
class JrmpActions : public ProtocolActions
{
public:
    QString protocol() const override { return QStringLiteral("jrmp"); }
    Status check(const RuleAction& action) const override;
    bool isAnswer(Direction dir, QByteArrayView message) const override;
    Result<Answer> reply(const FramedRequest& request, const RpcValue& result) const override;
    Result<Answer> fault(const FramedRequest& request, const RpcFault& fault) const override;
    Result<QByteArray> rewrite(const FramedRequest& request, const RpcValue& params,
                               const RpcValue& kwargs) const override;
};

} // namespace rpcscope
