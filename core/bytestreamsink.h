#pragma once

#include "endpoint.h"
#include "message.h"

#include <QByteArrayView>

#include <memory>

namespace rpcscope {

class StreamCarrier;

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
