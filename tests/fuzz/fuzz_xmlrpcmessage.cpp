// Fuzz target: one XML-RPC message (HTTP request or response with an XML body) decoded in either direction. The
// first input byte picks the direction.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "xmlrpc/xmlrpcdecoder.h"

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
    const XmlRpcDecoder decoder;
    fuzz::checkMessage(decoder.decode(message, context));
    return 0;
}
