// Fuzz target: one Pyro4 message (header, annotations, payload in any serializer, zlib) decoded in either direction.
// The first input byte picks the direction.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "pyro4/pyro4decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    fuzz::FuzzInput in(data, size);
    const quint8 choice = in.u8();
    const QByteArray message = in.rest().toByteArray();
    DecodeOptions options;
    DecodeContext context;
    context.direction = (choice & 1) ? Direction::ServerToClient : Direction::ClientToServer;
    context.options = &options;
    const Pyro4Decoder decoder;
    fuzz::checkMessage(decoder.decode(message, context));
    return 0;
}
