#pragma once

#include "call.h"
#include "client/composedcall.h"
#include "result.h"

namespace rpcscope {

/// The composed call that resends a captured or served `call` ("Edit in composer", "Replay"): the endpoint from
/// the server address (XML-RPC: http://server + the request's path; Pyro4: PYRO:object@server), the method, the
/// params (and Pyro4 kwargs); for Pyro4 the serializer of the request. Fails for protocols the composer does not
/// speak and for calls without a method (a Pyro4 handshake, an HTTP error).
Result<ComposedCall> composedFromCall(const Call& call);

} // namespace rpcscope
