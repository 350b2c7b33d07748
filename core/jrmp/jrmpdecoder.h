#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// Java RMI over JRMP: the `JRMI` handshake, Call / ReturnData with their Java serialization streams, Ping /
/// PingAck and DgcAck. Recognised by content (the `JRMI` header, or the distinctive Call and Return starts when a
/// capture begins mid-connection), never by port. Calls pair with returns in order (one call at a time per
/// connection); the handshake is shown as the call "<handshake>", Ping as "<ping>", DgcAck as the oneway
/// "<dgc-ack>", and the client's endpoint announcement as an event.
///
/// Values in `params`/`result` (see JavaValueConverter): strings and primitives as values, objects as
/// {"class": name, "fields": {...}}, collections and maps as arrays and objects, stubs as
/// {"class": "Proxy[Hello]", "interfaces": [...], "ref": "UnicastRef2", "endpoint": "host:port", "objID": ...}
/// (plus "socketFactory" when the stub carries one).
/// Primitive arguments and results are decoded by type when the method is a registry/DGC method or its signature
/// is in DecodeOptions::javaMethods; otherwise they are shown as the raw bytes of the block data.
class JrmpDecoder : public ProtocolDecoder
{
public:
    QString id() const override { return QStringLiteral("jrmp"); }
    QString displayName() const override { return QStringLiteral("Java RMI"); }
    ProbeResult probe(const ProbeInput& input) const override;
    std::unique_ptr<StreamFramer> createFramer() const override;
    DecodedMessage decode(const QByteArray& message, const DecodeContext& context) const override;
};

} // namespace rpcscope
