#include "call.h"

namespace rpcscope {

namespace {
const QString kNoString;
const RpcValue kNil;
const std::optional<RpcFault> kNoFault;
} // namespace

double Call::start() const
{
    if (request)
        return request->firstSeen;
    return response ? response->firstSeen : 0.0;
}

std::optional<double> Call::latencyMs() const
{
    if (!request || !response)
        return std::nullopt;
    return (response->lastSeen - request->lastSeen) * 1000.0;
}

const QString& Call::method() const
{
    return request ? request->method : kNoString;
}

const QString& Call::object() const
{
    return request ? request->object : kNoString;
}

const RpcValue& Call::params() const
{
    return request ? request->params : kNil;
}

const RpcValue& Call::kwargs() const
{
    return request ? request->kwargs : kNil;
}

const RpcValue& Call::result() const
{
    return response ? response->result : kNil;
}

const std::optional<RpcFault>& Call::fault() const
{
    return response ? response->fault : kNoFault;
}

bool Call::truncated() const
{
    return (request && request->truncated()) || (response && response->truncated());
}

} // namespace rpcscope
