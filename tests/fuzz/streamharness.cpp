#include "streamharness.h"

#include "callformat.h"
#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "trafficdecoder.h"

namespace rpcscope::fuzz {

void CheckingSink::callFinished(Call&& call)
{
    if (call.request)
        checkMessage(*call.request);
    if (call.response)
        checkMessage(*call.response);
    if (callToJson(call).isEmpty())
        fail("a call formatted as empty JSON");
    ++calls;
}

void playStream(FuzzInput& in, ByteStreamSink& sink)
{
    const quint8 options = in.u8();
    const Endpoint client {QStringLiteral("127.0.0.1"), 40000};
    const Endpoint server {QStringLiteral("127.0.0.1"), 9090};
    double ts = 1.0;
    sink.streamOpened(1, client, server, ts, (options & 1) != 0);
    bool ended[2] = {false, false};
    while (!in.atEnd()) {
        const quint8 op = in.u8();
        const int side = (op >> 2) & 1;
        const Direction dir = side ? Direction::ServerToClient : Direction::ClientToServer;
        ts += 0.001;
        switch (op & 3) {
        case 0: {
            const QByteArrayView bytes = in.bytes(in.u16());
            if (!ended[side] && !bytes.isEmpty())
                sink.streamData(1, dir, bytes, ts);
            break;
        }
        case 1: {
            const quint16 missing = in.u16();
            if (!ended[side])
                sink.streamGap(1, dir, missing == 0xffff ? -1 : missing, ts);
            break;
        }
        default:
            if (!ended[side])
                sink.streamEnded(1, dir, ts, (op & 3) == 3);
            ended[side] = true;
            break;
        }
    }
    sink.streamClosed(1, ts);
}

void runStream(const DecoderRegistry& registry, const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    DecodeOptions decodeOptions;
    decodeOptions.buildTree = true;
    CheckingSink sink;
    TrafficDecoder traffic(registry, decodeOptions, sink);
    playStream(in, traffic);
    traffic.finishAll(2.0);
    if (traffic.openConnections() != 0)
        fail("a closed connection is still open");
}

} // namespace rpcscope::fuzz
