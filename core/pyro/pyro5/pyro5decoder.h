#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// Pyro5 (protocol version 502; 501 is read too): recognises connections whose first message header is Pyro5,
/// frames them by the header's sizes, decodes every message into a tree (the 40-byte header field by field, the
/// annotation chunks, the payload inflated and read by its serializer: serpent, marshal, json or msgpack) and into
/// call fields, and writes messages for the composer and the test daemon. Pyro4 frames on the same connection (a
/// Pyro4 daemon refusing a Pyro5 client) are decoded as Pyro4 (see PyroMessageDecoder).
///
/// Call fields as for Pyro4 (Pyro4Decoder): CONNECT is "<connect>" with the handshake as its parameter and the
/// object id; INVOKE carries object, method, params and kwargs (oneway calls expect no reply; batches expand into
/// sub-calls); an exception RESULT is a fault {code: exception class, message: its args, detail: the remote
/// traceback}; PING is "<ping>". Requests and replies pair by sequence number.
///
/// `encode` options as Pyro4Decoder's ("serializer" may also be "marshal" or "msgpack"; "metadata" does not apply:
/// a Pyro5 CONNECT always names its object), plus "correlationId" (16 bytes or UUID text: set in the header with
/// flag CORR_ID, as a Pyro5 daemon does on every reply).
class Pyro5Decoder : public ProtocolDecoder
{
public:
    QString id() const override { return QStringLiteral("pyro5"); }
    QString displayName() const override { return QStringLiteral("Pyro5"); }
    ProbeResult probe(const ProbeInput& input) const override;
    std::unique_ptr<StreamFramer> createFramer() const override;
    DecodedMessage decode(const QByteArray& message, const DecodeContext& context) const override;
    Result<QByteArray> encode(const DecodedMessage& message, const EncodeOptions& options) const override;
};

} // namespace rpcscope
