// Fuzz target: one JRMP message (handshake, Call, ReturnData, Ping, DgcAck) decoded in either direction. The first
// input byte picks the direction. The arguments and result must be JSON a reader takes.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "jrmp/jrmpdecoder.h"
#include "jsonsyntax.h"
#include "jsonwriter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    fuzz::FuzzInput in(data, size);
    const quint8 choice = in.u8();
    const QByteArray message = in.rest().toByteArray();
    DecodeOptions options;
    // Smaller budgets than the defaults: every input decodes in milliseconds, and the cuts are reached often.
    options.limits.maxValues = 200000;
    options.limits.maxMessageBytes = 1 << 20;
    DecodeContext context;
    context.direction = (choice & 1) ? Direction::ServerToClient : Direction::ClientToServer;
    context.options = &options;
    const JrmpDecoder decoder;
    const DecodedMessage decoded = decoder.decode(message, context);
    fuzz::checkMessage(decoded);
    QByteArray json;
    JsonWriter writer(json);
    writer.beginArray();
    writeRpcValue(writer, decoded.params);
    writeRpcValue(writer, decoded.result);
    writer.endArray();
    if (!fuzz::isJson(json))
        fuzz::fail("the values are not JSON:", QString::fromUtf8(json.left(300)));
    return 0;
}
