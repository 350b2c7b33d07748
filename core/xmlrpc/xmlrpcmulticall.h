#pragma once

#include "message.h"

#include <vector>

namespace rpcscope::xmlrpc {

/// `system.multicall`: one call whose single parameter is an array of `{methodName, params}` structs, answered by
/// an array holding, per sub-call, either a one-element array (its result) or a fault struct.

/// True for the method name that batches calls.
bool isMulticall(QStringView method);

/// The sub-calls of a multicall request's parameters. Entries that are not `{methodName: string, params: array}`
/// become sub-calls with an empty method and a note in `problems` (as "sub-call N: ...").
std::vector<SubCall> multicallRequests(const RpcArray& params, std::vector<QString>& problems);

/// The outcome of each sub-call from a multicall response's result, in order.
std::vector<SubCall> multicallResults(const RpcValue& result, std::vector<QString>& problems);

} // namespace rpcscope::xmlrpc
