#pragma once

#include "endpoint.h"
#include "message.h"

#include <QByteArrayView>

#include <memory>

namespace rpcscope {

class StreamCarrier;
struct DecodeOptions;

/// A message that bytes handed to a sink were already decoded into, by whoever framed them (the proxy's rules decode
/// every request before it goes on): a sink that decodes may take it instead of decoding the same bytes again.
struct PredecodedMessage
{
    /// Decoded without a tree, as a request of its own (no context).
    std::shared_ptr<const DecodedMessage> message;
    /// What it was decoded with: a sink that decodes with other options decodes the bytes itself.
    const DecodeOptions* options = nullptr;

    explicit operator bool() const { return message && options; }
};

/// Receives reassembled TCP byte streams: what the pcap reassembler, the live capture and the recording proxy all
/// produce, so that every source feeds the same decode pipeline. Directions are relative to `client`, the endpoint
/// that opened the connection (or, for a connection seen mid-stream, the best guess; decoders may correct it).
class ByteStreamSink
{
public:
    virtual ~ByteStreamSink() = default;
    virtual void streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool startSeen)
        = 0;
    virtual void streamData(quint64 id, Direction dir, QByteArrayView data, double ts) = 0;
    /// Like streamData, for `data` that is exactly one whole message, framed and decoded already into `decoded`.
    /// Sinks that do not decode, or cannot use it, take the bytes as they take any others.
    virtual void streamMessage(quint64 id, Direction dir, QByteArrayView data, double ts,
                               const PredecodedMessage& decoded)
    {
        Q_UNUSED(decoded);
        streamData(id, dir, data, ts);
    }
    /// `missingBytes` were lost in `dir` (capture drop, snaplen, a segment never seen); -1 if unknown.
    virtual void streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts) = 0;
    /// No more bytes will come in `dir` (FIN, or RST when `reset`).
    virtual void streamEnded(quint64 id, Direction dir, double ts, bool reset) = 0;
    /// The connection is over (both sides ended, reset, idle or end of input); its state may be freed.
    virtual void streamClosed(quint64 id, double ts) = 0;
    /// The bytes of connection `id` came out of a layer (TLS) that its messages should show: `carrier` adds it.
    /// Sent before the connection's first bytes; sinks that do not decode ignore it.
    virtual void streamCarrier(quint64 id, std::shared_ptr<StreamCarrier> carrier)
    {
        Q_UNUSED(id);
        Q_UNUSED(carrier);
    }
};

} // namespace rpcscope
