#pragma once

#include "http/httphead.h"
#include "protocoldecoder.h"

namespace rpcscope::xmlrpc {

/// What the first bytes of one direction say about XML-RPC over HTTP.
enum class Look {
    No, ///< not an HTTP message carrying XML-RPC
    NeedMore, ///< could still become one
    Maybe, ///< an HTTP message whose body cannot be peeked at cheaply (compressed) but says it is XML
    Yes, ///< an HTTP message whose body's root element is <methodCall> (request) or <methodResponse>
};

/// Looks at an HTTP message of `kind` at the start of `bytes`: its start line, its head, and the root element of its
/// body. Content decides, never the port.
Look lookAtMessage(QByteArrayView bytes, http::HttpHead::Kind kind);

/// The whole probe: the client's first request, or the server's first response when only it was captured, or
/// (for a capture that started mid-connection) the first recognisable message anywhere in the probed bytes.
ProbeResult probeXmlRpc(const ProbeInput& input);

} // namespace rpcscope::xmlrpc
