// Fuzz target: rewritePyroEndpoints on one Pyro4 or Pyro5 message, with a mapper that moves every endpoint it is
// offered. The first input byte picks the mapping (bit 0: to an IPv6 host, bit 1: only even ports). Besides never
// crashing or reading out of bounds: a message is rewritten exactly when it has bytes; a rewritten one is one whole
// message of the same version whose header (but for the data size and Pyro4's checksum) and annotations are the
// original's; and when the original decodes without a malformed problem, so does the rewritten one. Budgets are small
// so that cuts are reached.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "intercept/pyroendpointrewriter.h"
#include "pyreadchecks.h"
#include "pyro/pyro4/pyro4decoder.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5decoder.h"
#include "pyro/pyro5/pyro5header.h"

#include <algorithm>

namespace {

using namespace rpcscope;

bool malformed(const QByteArray& message, bool pyro5, const DecodeOptions& options)
{
    DecodeContext context;
    context.direction = Direction::ServerToClient;
    context.options = &options;
    const DecodedMessage decoded
        = pyro5 ? Pyro5Decoder().decode(message, context) : Pyro4Decoder().decode(message, context);
    return decoded.status == CallStatus::Malformed;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::FuzzInput in(data, size);
    const quint8 choice = in.u8();
    const QByteArray message = in.rest().toByteArray();
    const EndpointMapper map = [choice](const HandedOutEndpoint& e) -> std::optional<HandedOutEndpoint> {
        if ((choice & 2) && e.port % 2)
            return std::nullopt;
        return HandedOutEndpoint {(choice & 1) ? QStringLiteral("::1") : QStringLiteral("127.0.0.2"),
                                  quint16(e.port == 65535 ? 1 : e.port + 1)};
    };
    const DecodeLimits limits = fuzz::pyReaderLimits();
    const EndpointRewrite r = rewritePyroEndpoints(message, map, limits);
    if ((r.rewritten == 0) != r.bytes.isEmpty())
        fuzz::fail("pyroendpoints: bytes without a rewrite, or a rewrite without bytes");
    if (r.rewritten == 0)
        return 0;
    const QByteArray& out = r.bytes;
    const bool pyro5 = Pyro5Header::isValidAt(message);
    qint64 payload = 0;
    if (pyro5) {
        if (!Pyro5Header::isValidAt(out) || Pyro5Header::read(out)->frameLength() != out.size())
            fuzz::fail("pyroendpoints: the rewritten Pyro5 message is not one whole message");
        payload = Pyro5Header::read(out)->frame().payloadOffset();
        if (out.first(12) != message.first(12) || out.sliced(16, payload - 16) != message.sliced(16, payload - 16))
            fuzz::fail("pyroendpoints: the Pyro5 header or annotations changed");
    } else {
        if (!Pyro4Header::isValidAt(out) || Pyro4Header::read(out)->frameLength() != out.size())
            fuzz::fail("pyroendpoints: the rewritten Pyro4 message is not one whole message (or its checksum is off)");
        payload = Pyro4Header::read(out)->frame().payloadOffset();
        if (out.first(12) != message.first(12) || out.sliced(16, 6) != message.sliced(16, 6)
            || out.sliced(24, payload - 24) != message.sliced(24, payload - 24))
            fuzz::fail("pyroendpoints: the Pyro4 header or annotations changed");
    }
    DecodeOptions options;
    options.limits = limits;
    if (!malformed(message, pyro5, options) && malformed(out, pyro5, options))
        fuzz::fail("pyroendpoints: a message that decoded is malformed once rewritten",
                   QString::fromLatin1(message.left(200).toHex()));
    return 0;
}
