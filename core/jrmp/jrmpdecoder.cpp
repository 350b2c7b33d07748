#include "jrmpdecoder.h"

#include "jrmpconstants.h"
#include "jrmpframer.h"
#include "jrmpmessages.h"
#include "jrmptransport.h"

#include <QtEndian>

namespace rpcscope {

using namespace jrmp;

namespace {
// A connection seen mid-stream is given this many bytes to show a Call or Return start before we give up.
constexpr qsizetype kMidStreamProbeBytes = 4096;

bool isClientEndpoint(const QByteArray& message)
{
    if (message.size() < 6)
        return false;
    const quint16 length = qFromBigEndian<quint16>(message.constData());
    return length <= kMaxHostLength && message.size() == 2 + qint64(length) + 4;
}
} // namespace

ProbeResult JrmpDecoder::probe(const ProbeInput& input) const
{
    const QByteArrayView client = input.client;
    const QByteArrayView server = input.server;
    const QByteArrayView header("JRMI\x00", 5);
    auto isHeader = [&](QByteArrayView bytes) { return bytes.size() >= 6 && bytes.startsWith(header); };
    if (isHeader(client)) {
        const quint16 version = qFromBigEndian<quint16>(client.data() + 4);
        return {version == 1 || version == 2 ? 100 : 60, false, false};
    }
    if (isHeader(server))
        return {90, false, true};
    if (client.isEmpty()
        || (client.size() < 6 && header.startsWith(client.first(std::min<qsizetype>(client.size(), 5)))))
        return {0, true, false};
    if (input.startSeen)
        return {};
    // Mid-connection: a Call from the client or a Return from the server (or the other way round: we guessed
    // the roles wrong). These starts are distinctive; `AC ED 00 05` alone also occurs inside byte arrays.
    auto confidence = [](qint64 at) { return at == 0 ? 90 : 70; };
    const qint64 call = JrmpFramer::findMessageStart(Direction::ClientToServer, client);
    const qint64 ret = JrmpFramer::findMessageStart(Direction::ServerToClient, server);
    if (call >= 0 && client.sliced(call).startsWith("P"))
        return {confidence(call), false, false};
    if (ret >= 0)
        return {confidence(ret), false, false};
    const qint64 swappedCall = JrmpFramer::findMessageStart(Direction::ClientToServer, server);
    const qint64 swappedRet = JrmpFramer::findMessageStart(Direction::ServerToClient, client);
    if (swappedRet >= 0)
        return {confidence(swappedRet), false, true};
    if (swappedCall >= 0 && server.sliced(swappedCall).startsWith("P"))
        return {confidence(swappedCall), false, true};
    return {0, client.size() + server.size() < kMidStreamProbeBytes, false};
}

std::unique_ptr<StreamFramer> JrmpDecoder::createFramer() const
{
    return std::make_unique<JrmpFramer>();
}

DecodedMessage JrmpDecoder::decode(const QByteArray& message, const DecodeContext& context) const
{
    const int type = message.isEmpty() ? -1 : static_cast<quint8>(message[0]);
    if (context.direction == Direction::ClientToServer) {
        if (message.startsWith("JRMI"))
            return jrmptransport::decodeHeader(message, context);
        if (isClientEndpoint(message))
            return jrmptransport::decodeClientEndpoint(message, context);
        switch (type) {
        case kCall:
            return jrmpmessages::decodeCall(message, context);
        case kPing:
            return jrmptransport::decodePing(message, context);
        case kDgcAck:
            return jrmptransport::decodeDgcAck(message, context);
        default:
            return jrmptransport::decodeUnknown(message, context);
        }
    }
    switch (type) {
    case kProtocolAck:
    case kProtocolNack:
        return jrmptransport::decodeAck(message, context);
    case kReturn:
        return jrmpmessages::decodeReturn(message, context);
    case kPingAck:
        return jrmptransport::decodePingAck(message, context);
    default:
        return jrmptransport::decodeUnknown(message, context);
    }
}

} // namespace rpcscope
