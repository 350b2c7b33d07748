#include "pyro5decoder.h"

#include "pyro/pyroencoder.h"
#include "pyro/pyroframer.h"
#include "pyro/pyromessagedecoder.h"
#include "pyro/pyroprobe.h"

namespace rpcscope {

ProbeResult Pyro5Decoder::probe(const ProbeInput& input) const
{
    return PyroProbe::probe(input, 5);
}

std::unique_ptr<StreamFramer> Pyro5Decoder::createFramer() const
{
    return std::make_unique<PyroFramer>();
}

DecodedMessage Pyro5Decoder::decode(const QByteArray& message, const DecodeContext& context) const
{
    return PyroMessageDecoder::decode(message, context, 5);
}

Result<QByteArray> Pyro5Decoder::encode(const DecodedMessage& message, const EncodeOptions& options) const
{
    return PyroEncoder::encode(message, options, 5);
}

} // namespace rpcscope
