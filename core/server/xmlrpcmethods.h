#pragma once

#include "message.h"
#include "rpcvalue.h"

#include <QStringList>

#include <optional>

namespace rpcscope {

/// The fault codes of the "fault code interoperability" convention that the test server answers with.
namespace xmlrpcfault {
constexpr int ParseError = -32700;
constexpr int InvalidRequest = -32600;
constexpr int MethodNotFound = -32601;
constexpr int InvalidParams = -32602;
constexpr int InternalError = -32603;
} // namespace xmlrpcfault

/// What a test-server method answers: a result or a fault, sent after `delayMs` (only `sleep` waits).
struct XmlRpcReply
{
    RpcValue result;
    std::optional<RpcFault> fault;
    int delayMs = 0;

    static XmlRpcReply value(RpcValue v) { return {std::move(v), std::nullopt, 0}; }
    static XmlRpcReply failure(int code, QString message)
    {
        return {{}, RpcFault {RpcValue::fromInt(code), std::move(message), {}}, 0};
    }
};

/// The methods of the built-in XML-RPC test server: add, echo, types, fault, sleep, and the introspection and
/// multicall methods under `system.`. A pure function of the call: waiting (`sleep`) is left to the caller, which
/// reads `delayMs`.
class XmlRpcMethods
{
public:
    /// Longest `sleep` accepted, so that a call cannot hold a connection for ever.
    static constexpr int kMaxSleepMs = 60000;
    /// Most calls in one `system.multicall`.
    static constexpr int kMaxMulticallCalls = 10000;

    XmlRpcReply invoke(const QString& method, const RpcArray& params) const;

    /// Every method name, sorted, `system.*` included.
    static QStringList methodNames();
    /// `system.methodSignature`'s answer: [[return type, param types…]…]; nullopt for unknown methods.
    static std::optional<RpcValue> signature(const QString& method);
    /// `system.methodHelp`'s answer; nullopt for unknown methods.
    static std::optional<QString> help(const QString& method);
    /// The struct `types()` returns: one member for every XML-RPC type.
    static RpcValue typesValue();

private:
    XmlRpcReply multicall(const RpcArray& params) const;
};

} // namespace rpcscope
