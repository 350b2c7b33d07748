#pragma once

#include "protocoldecoder.h"

#include <memory>
#include <vector>

namespace rpcscope {

/// The table of protocol decoders. It picks the decoder for a connection by probing its first bytes, and isolates a
/// failing decoder: a decoder that throws produces a raw node saying what failed instead of taking the caller down.
class DecoderRegistry
{
public:
    /// All decoders RpcScope ships; the one place where decoders are registered (builtindecoders.cpp).
    static DecoderRegistry withBuiltins();

    void add(std::shared_ptr<const ProtocolDecoder> decoder);
    const std::vector<std::shared_ptr<const ProtocolDecoder>>& decoders() const { return m_decoders; }
    const ProtocolDecoder* find(QStringView id) const;

    struct Detection
    {
        const ProtocolDecoder* decoder = nullptr;
        bool needMoreData = false;
        bool swapRoles = false;
    };
    /// The most confident decoder for a connection. `needMoreData` is set while some decoder is undecided and no
    /// decoder is certain yet.
    Detection detect(const ProbeInput& input) const;

    /// Runs `decoder.decode` with the failure isolation described above.
    static DecodedMessage decodeIsolated(const ProtocolDecoder& decoder, const QByteArray& message,
                                         const DecodeContext& context);

private:
    std::vector<std::shared_ptr<const ProtocolDecoder>> m_decoders;
};

/// A message that no decoder could read: its bytes as one raw node plus the reason.
DecodedMessage rawMessage(const QString& protocol, const QByteArray& bytes, const QString& reason, bool buildTree);

} // namespace rpcscope
