#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// Pyro4 (protocol version 48): recognises connections whose first message header is Pyro4, frames them by the
/// header's sizes, decodes every message into a tree (header field by field, annotations, the inflated payload read
/// by its serializer) and into call fields, and writes messages for the composer and the test server. Pyro5 frames
/// on the same connection are decoded as Pyro5 (see PyroMessageDecoder).
///
/// Call fields: CONNECT is a request for method "<connect>" with the handshake as its one parameter and the object
/// id it connects to; CONNECTOK/CONNECTFAIL answer it. INVOKE carries object, method, params and kwargs (oneway
/// calls expect no reply; batches expand into sub-calls); RESULT carries the result or, with the exception flag,
/// a fault {code: exception class, message: its args, detail: the remote traceback}. PING is "<ping>". Requests
/// and replies pair by sequence number.
///
/// `encode` options: "serializer" ("serpent" by default, "json", "marshal" or "msgpack"), "seq" (int), "flags" (int,
/// added to the flags the message implies), "type" ("connect", "connectok", "connectfail", "invoke", "result", "ping";
/// by default chosen from the message: kind, method "<connect>"/"<ping>", status), "annotations" (a map of 4-letter ids
/// to byte arrays), "compress" (bool: zlib when it makes the payload smaller, as Pyro does for ≥ 200 bytes), "metadata"
/// (bool, default true: CONNECT asks for metadata and names the object).
class Pyro4Decoder : public ProtocolDecoder
{
public:
    QString id() const override { return QStringLiteral("pyro4"); }
    QString displayName() const override { return QStringLiteral("Pyro4"); }
    ProbeResult probe(const ProbeInput& input) const override;
    std::unique_ptr<StreamFramer> createFramer() const override;
    DecodedMessage decode(const QByteArray& message, const DecodeContext& context) const override;
    Result<QByteArray> encode(const DecodedMessage& message, const EncodeOptions& options) const override;
};

} // namespace rpcscope
