// Fuzz target: one Pyro5 message (40-byte header, u32 annotation chunks, payload in serpent, marshal, json or msgpack,
// zlib) decoded in either direction. The first input byte picks the direction. Besides the tree's byte ranges: the
// message is malformed exactly when one of its problems is, it is decoded as Pyro5 whenever its bytes say protocol
// 502, and its call writes valid UTF-8 JSON. Budgets are small so that cuts are reached.

#include "callformat.h"
#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "pyreadchecks.h"
#include "pyro/pyro5/pyro5decoder.h"
#include "pyro/pyro5/pyro5header.h"

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
    const Pyro5Decoder decoder;
    auto decoded = std::make_shared<DecodedMessage>(decoder.decode(message, context));
    fuzz::checkMessage(*decoded);
    if (Pyro5Header::hasPyro5Version(message) && decoded->protocol != QLatin1String("pyro5"))
        fuzz::fail("pyro5: a protocol 502 message was not decoded as Pyro5", decoded->protocol);
    const bool malformed = std::any_of(decoded->problems.begin(), decoded->problems.end(),
                                       [](const Problem& p) { return p.kind == Problem::Kind::Malformed; });
    if (malformed != (decoded->status == CallStatus::Malformed))
        fuzz::fail("pyro5: the status does not match the problems", decoded->summary);
    Call call;
    call.protocol = decoded->protocol;
    call.status = decoded->status;
    (decoded->kind == MessageKind::Request ? call.request : call.response) = decoded;
    const QByteArray json = callToJson(call);
    if (!QByteArrayView(json).isValidUtf8())
        fuzz::fail("pyro5: the call's JSON is not UTF-8", QString::fromLatin1(json.left(200).toHex()));
    return 0;
}
