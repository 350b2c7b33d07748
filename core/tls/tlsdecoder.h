#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// TLS records that were not decrypted, as a protocol of their own ("tls"): a connection whose first bytes are a
/// ClientHello reaches the decoders only when the TLS stage (capture/tls) could not decrypt it, or when no stage
/// runs (the plain recording proxy). Each direction is framed into bursts of whole records (what one side sends
/// before the other answers), so the call list shows the exchanges with their sizes and times, status
/// `encrypted`. The trees show the record headers and the handshake sent in the clear (ClientHello with the server
/// name, ServerHello with the version and suite).
class TlsDecoder : public ProtocolDecoder
{
public:
    QString id() const override { return QStringLiteral("tls"); }
    QString displayName() const override { return QStringLiteral("TLS"); }
    ProbeResult probe(const ProbeInput& input) const override;
    std::unique_ptr<StreamFramer> createFramer() const override;
    DecodedMessage decode(const QByteArray& message, const DecodeContext& context) const override;

    /// A burst is cut into messages of at most this many bytes of whole records, so a long one-way stream does not
    /// wait for the other side.
    static constexpr qint64 kMaxBurstBytes = 256 * 1024;
};

} // namespace rpcscope
