#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// XML-RPC over HTTP/1.x: recognises a connection by its first request (an HTTP POST whose XML body's root is
/// <methodCall>) or response, frames both directions with core/http (Content-Length, chunked, until-close,
/// keep-alive, pipelining, interim 1xx responses, limits), and decodes each message into a tree and call fields.
///
/// Tree: `xmlrpc` → `http` (start line, header fields, the empty line) and `body` (chunks, the inflated buffer,
/// then `xmlDeclaration` and `methodCall`/`methodResponse` → `methodName`, `params` → `param[i]` → `value` → the
/// type element, e.g. `int`, whose range is exactly `<int>3</int>`). Nodes of a de-chunked, inflated or re-encoded
/// body point into that buffer.
///
/// Call fields: a request gives method and params (`system.multicall` also its sub-calls); a response gives result
/// or fault (status fault), a non-2xx HTTP status gives status exception with the status as the fault. 1xx
/// responses are events that answer nothing.
///
/// `encode` writes an HTTP/1.1 POST carrying `method(params)` for a request, or a 200 response carrying the result or
/// the fault, with XmlRpcWriter. Options: "path" (default "/RPC2") and "host" (default "localhost") for requests.
class XmlRpcDecoder : public ProtocolDecoder
{
public:
    QString id() const override { return QStringLiteral("xmlrpc"); }
    QString displayName() const override { return QStringLiteral("XML-RPC"); }
    ProbeResult probe(const ProbeInput& input) const override;
    std::unique_ptr<StreamFramer> createFramer() const override;
    DecodedMessage decode(const QByteArray& message, const DecodeContext& context) const override;
    Result<QByteArray> encode(const DecodedMessage& message, const EncodeOptions& options) const override;
};

} // namespace rpcscope
