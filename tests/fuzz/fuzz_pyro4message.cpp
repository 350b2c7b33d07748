// Fuzz target: one Pyro4 message (header, annotations, payload in any serializer, zlib) decoded in either direction.
// The first input byte picks the direction. Besides the tree's byte ranges: the message is malformed exactly when
// one of its problems is, and its call writes valid UTF-8 JSON. Budgets are small so that cuts are reached.

#include "callformat.h"
#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "pyreadchecks.h"
#include "pyro/pyro4/pyro4decoder.h"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    fuzz::FuzzInput in(data, size);
    const quint8 choice = in.u8();
    const QByteArray message = in.rest().toByteArray();
    DecodeOptions options;
    options.limits = fuzz::pyReaderLimits();
    DecodeContext context;
    context.direction = (choice & 1) ? Direction::ServerToClient : Direction::ClientToServer;
    context.options = &options;
    const Pyro4Decoder decoder;
    auto decoded = std::make_shared<DecodedMessage>(decoder.decode(message, context));
    fuzz::checkMessage(*decoded);
    const bool malformed = std::any_of(decoded->problems.begin(), decoded->problems.end(),
                                       [](const Problem& p) { return p.kind == Problem::Kind::Malformed; });
    if (malformed != (decoded->status == CallStatus::Malformed))
        fuzz::fail("pyro4: the status does not match the problems", decoded->summary);
    Call call;
    call.protocol = decoded->protocol;
    call.status = decoded->status;
    (decoded->kind == MessageKind::Request ? call.request : call.response) = decoded;
    const QByteArray json = callToJson(call);
    if (!QByteArrayView(json).isValidUtf8())
        fuzz::fail("pyro4: the call's JSON is not UTF-8", QString::fromLatin1(json.left(200).toHex()));
    return 0;
}
