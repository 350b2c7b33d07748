// Fuzz target: rewriteJrmpEndpoints on one JRMP message, with a mapper that moves every endpoint it is offered. The
// first input byte picks the new host (bit 0 and 1: the same length as "127.0.0.1", shorter, longer, or 300 bytes,
// which needs a TC_BLOCKDATALONG record) and bit 2 declines odd ports. Besides never crashing or reading out of
// bounds: a message is rewritten exactly when it has bytes; a rewritten one starts with the original's bytes up to
// the first change, parses as far as the original did, with as many nodes, and offers as many stubs with the new
// endpoint when it is rewritten once more; and when the original decodes without a malformed problem, so does the
// rewritten one.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "intercept/jrmpendpointrewriter.h"
#include "jrmp/javaserialization.h"
#include "jrmp/jrmpdecoder.h"

namespace {

using namespace rpcscope;

bool malformed(const QByteArray& message, const DecodeOptions& options)
{
    DecodeContext context;
    context.direction = Direction::ServerToClient;
    context.options = &options;
    return JrmpDecoder().decode(message, context).status == CallStatus::Malformed;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    fuzz::FuzzInput in(data, size);
    const quint8 choice = in.u8();
    const QByteArray message = in.rest().toByteArray();
    static const QString hosts[] = {QStringLiteral("127.0.0.2"), QStringLiteral("::1"),
                                    QStringLiteral("follow.proxy.example"), QString(300, QLatin1Char('h'))};
    const QString host = hosts[choice & 3];
    const EndpointMapper map = [&](const HandedOutEndpoint& e) -> std::optional<HandedOutEndpoint> {
        if ((choice & 4) && e.port % 2)
            return std::nullopt;
        return HandedOutEndpoint {host, quint16(e.port == 65535 ? 1 : e.port + 1)};
    };
    DecodeLimits limits;
    limits.maxValues = 200000;
    limits.maxMessageBytes = 1 << 20;
    const EndpointRewrite r = rewriteJrmpEndpoints(message, map, limits);
    if ((r.rewritten == 0) != r.bytes.isEmpty())
        fuzz::fail("jrmpendpoints: bytes without a rewrite, or a rewrite without bytes");
    if (r.rewritten == 0)
        return 0;
    const QByteArray& out = r.bytes;
    if (out.isEmpty() || out[0] != message[0])
        fuzz::fail("jrmpendpoints: the rewritten message is not a Return");
    const JavaStream before = JavaSerializationParser::parse(message, 1, limits);
    const JavaStream after = JavaSerializationParser::parse(out, 1, limits);
    if (after.end != before.end || after.nodes.size() != before.nodes.size())
        fuzz::fail("jrmpendpoints: the rewritten stream parses differently",
                   QString::fromLatin1(message.left(200).toHex()));
    // Rewritten again, every stub that was moved is offered with the endpoint it was given.
    int offered = 0;
    const EndpointRewrite again = rewriteJrmpEndpoints(
        out,
        [&](const HandedOutEndpoint& e) -> std::optional<HandedOutEndpoint> {
            offered += e.host == host;
            return std::nullopt;
        },
        limits);
    if (offered < r.rewritten)
        fuzz::fail("jrmpendpoints: a rewritten endpoint does not read back");
    DecodeOptions options;
    options.limits = limits;
    if (!malformed(message, options) && malformed(out, options))
        fuzz::fail("jrmpendpoints: a return that decoded is malformed once rewritten",
                   QString::fromLatin1(message.left(200).toHex()));
    return 0;
}
