#include "jrmpactions.h"

#include "intercept/callrule.h"
#include "intercept/javareturnwriter.h"

namespace rpcscope {

namespace {

// Only Calls get Returns; the handshake, pings and DGC acknowledgements are not answered in a server's place.
Status isCall(const FramedRequest& request)
{
    if (request.bytes.isEmpty() || request.bytes.at(0) != '\x50')
        return Error {QStringLiteral("only a Java RMI Call can be answered in the server's place")};
    return Done {};
}

QString faultClass(const RpcFault& fault)
{
    return fault.code.isString() ? fault.code.toString() : QString();
}

} // namespace

Status JrmpActions::check(const RuleAction& action) const
{
    switch (action.kind) {
    case RuleAction::Kind::Fault: {
        const QString name = action.faultCode.isString() ? action.faultCode.toString() : QString();
        if (name.isEmpty())
            return Error {QStringLiteral("a Java RMI fault names an exception class (fault IllegalStateException "
                                         "\"...\"), not a number")};
        if (JavaReturnWriter::knownException(name).isEmpty())
            return Error {JavaReturnWriter::exceptionReturn(name, {}).error()};
        return Done {};
    }
    case RuleAction::Kind::Reply:
        if (Result<QByteArray> written = JavaReturnWriter::valueReturn(action.value); !written)
            return Error {written.error()};
        return Done {};
    case RuleAction::Kind::Rewrite:
        return Error {QStringLiteral("Java RMI arguments cannot be rewritten (that needs a Java serialization writer "
                                     "for their classes); delay, fault, reply, drop and reset work")};
    default:
        return Done {};
    }
}

Result<Answer> JrmpActions::reply(const FramedRequest& request, const RpcValue& result) const
{
    if (Status call = isCall(request); !call)
        return Error {call.error()};
    Result<QByteArray> bytes = JavaReturnWriter::valueReturn(result);
    if (!bytes)
        return Error {bytes.error()};
    return Answer {std::move(*bytes), false};
}

Result<Answer> JrmpActions::fault(const FramedRequest& request, const RpcFault& fault) const
{
    if (Status call = isCall(request); !call)
        return Error {call.error()};
    const QString name = faultClass(fault);
    Result<QByteArray> bytes = JavaReturnWriter::exceptionReturn(
        name.isEmpty() ? QStringLiteral("java.rmi.RemoteException") : name, fault.message);
    if (!bytes)
        return Error {bytes.error()};
    return Answer {std::move(*bytes), false};
}

Result<QByteArray> JrmpActions::rewrite(const FramedRequest&, const RpcValue&, const RpcValue&) const
{
    return Error {QStringLiteral("Java RMI arguments cannot be rewritten")};
}

bool JrmpActions::isAnswer(Direction dir, QByteArrayView message) const
{
    // What the decoder reads as a response: a Return (0x51), a PingAck (0x53), and the ProtocolAck (0x4e) or
    // ProtocolNack (0x4f) that answers the JRMI header (a request that expects a reply, so it has its slot too).
    if (dir != Direction::ServerToClient || message.isEmpty())
        return false;
    const char type = message[0];
    return type == '\x4e' || type == '\x4f' || type == '\x51' || type == '\x53';
}

} // namespace rpcscope
