#include "pyro4decoder.h"

#include "decoderregistry.h"

namespace rpcscope {

namespace {
class NoFramer : public StreamFramer
{
public:
    FrameCut cut(Direction, QByteArrayView, const FrameHints&) override { return FrameCut::needMore(); }
    qint64 resync(Direction, QByteArrayView) override { return -1; }
};
} // namespace

ProbeResult Pyro4Decoder::probe(const ProbeInput&) const
{
    return {};
}

std::unique_ptr<StreamFramer> Pyro4Decoder::createFramer() const
{
    return std::make_unique<NoFramer>();
}

DecodedMessage Pyro4Decoder::decode(const QByteArray& message, const DecodeContext& context) const
{
    return rawMessage(id(), message, QStringLiteral("not implemented"), context.buildTree());
}

} // namespace rpcscope
