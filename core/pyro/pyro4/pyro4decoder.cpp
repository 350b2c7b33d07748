#include "pyro4decoder.h"

#include "pyro/pyroencoder.h"
#include "pyro/pyroframer.h"
#include "pyro/pyromessagedecoder.h"
#include "pyro/pyroprobe.h"

namespace rpcscope {

ProbeResult Pyro4Decoder::probe(const ProbeInput& input) const
{
    return PyroProbe::probe(input, 4);
}

std::unique_ptr<StreamFramer> Pyro4Decoder::createFramer() const
{
    return std::make_unique<PyroFramer>();
}

DecodedMessage Pyro4Decoder::decode(const QByteArray& bytes, const DecodeContext& context) const
{
    return PyroMessageDecoder::decode(bytes, context, 4);
}

Result<QByteArray> Pyro4Decoder::encode(const DecodedMessage& message, const EncodeOptions& options) const
{
    return PyroEncoder::encode(message, options, 4);
}

} // namespace rpcscope
