#include "xmlrpcmulticall.h"

namespace rpcscope::xmlrpc {

bool isMulticall(QStringView method)
{
    return method == u"system.multicall";
}

std::vector<SubCall> multicallRequests(const RpcArray& params, std::vector<QString>& problems)
{
    std::vector<SubCall> calls;
    if (params.size() != 1 || !params.front().isArray()) {
        problems.push_back(QStringLiteral("system.multicall takes one parameter, an array of calls"));
        return calls;
    }
    const RpcArray& entries = params.front().toArray();
    calls.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        SubCall call;
        call.params = RpcValue::fromArray({});
        const RpcValue* name = entries[i].isStruct() ? entries[i].member(u"methodName") : nullptr;
        const RpcValue* args = entries[i].isStruct() ? entries[i].member(u"params") : nullptr;
        if (name && name->isString())
            call.method = name->toString();
        else
            problems.push_back(QStringLiteral("sub-call %1 has no methodName string").arg(i));
        if (args && args->isArray())
            call.params = *args;
        else if (args)
            problems.push_back(
                QStringLiteral("sub-call %1: params is a %2, not an array").arg(i).arg(args->typeName()));
        calls.push_back(std::move(call));
    }
    return calls;
}

std::vector<SubCall> multicallResults(const RpcValue& result, std::vector<QString>& problems)
{
    std::vector<SubCall> results;
    if (!result.isArray()) {
        problems.push_back(QStringLiteral("the system.multicall result is a %1, not an array").arg(result.typeName()));
        return results;
    }
    const RpcArray& entries = result.toArray();
    results.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        SubCall r;
        const RpcValue& e = entries[i];
        if (e.isArray() && e.toArray().size() == 1) {
            r.result = e.toArray().front();
            r.status = CallStatus::Ok;
        } else if (e.isStruct() && e.member(u"faultCode")) {
            RpcFault f;
            f.code = *e.member(u"faultCode");
            if (const RpcValue* text = e.member(u"faultString"))
                f.message = text->isString() ? text->toString() : text->toDisplayString();
            r.fault = std::move(f);
            r.status = CallStatus::Fault;
        } else {
            problems.push_back(QStringLiteral("sub-result %1 is neither a one-value array nor a fault struct").arg(i));
            r.result = e;
            r.status = CallStatus::Malformed;
        }
        results.push_back(std::move(r));
    }
    return results;
}

} // namespace rpcscope::xmlrpc
