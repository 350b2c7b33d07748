#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

// PLACEHOLDER: recognises nothing yet; replaced by the real decoder.
class Pyro4Decoder : public ProtocolDecoder
{
public:
    QString id() const override { return QStringLiteral("pyro4"); }
    QString displayName() const override { return QStringLiteral("Pyro4"); }
    ProbeResult probe(const ProbeInput& input) const override;
    std::unique_ptr<StreamFramer> createFramer() const override;
    DecodedMessage decode(const QByteArray& message, const DecodeContext& context) const override;
};

} // namespace rpcscope
