#pragma once

#include "bytestreamsink.h"

#include <vector>

namespace rpcscope {

/// Hands every stream event to several sinks in turn: the proxy feeds the decoder and the pcap recorder at once.
class ByteStreamTee : public ByteStreamSink
{
public:
    explicit ByteStreamTee(std::vector<ByteStreamSink*> sinks)
        : m_sinks(std::move(sinks))
    { }

    void streamOpened(quint64 id, const Endpoint& client, const Endpoint& server, double ts, bool startSeen) override
    {
        for (ByteStreamSink* s : m_sinks)
            s->streamOpened(id, client, server, ts, startSeen);
    }
    void streamData(quint64 id, Direction dir, QByteArrayView data, double ts) override
    {
        for (ByteStreamSink* s : m_sinks)
            s->streamData(id, dir, data, ts);
    }
    void streamMessage(quint64 id, Direction dir, QByteArrayView data, double ts,
                       const PredecodedMessage& decoded) override
    {
        for (ByteStreamSink* s : m_sinks)
            s->streamMessage(id, dir, data, ts, decoded);
    }
    void streamGap(quint64 id, Direction dir, qint64 missingBytes, double ts) override
    {
        for (ByteStreamSink* s : m_sinks)
            s->streamGap(id, dir, missingBytes, ts);
    }
    void streamEnded(quint64 id, Direction dir, double ts, bool reset) override
    {
        for (ByteStreamSink* s : m_sinks)
            s->streamEnded(id, dir, ts, reset);
    }
    void streamClosed(quint64 id, double ts) override
    {
        for (ByteStreamSink* s : m_sinks)
            s->streamClosed(id, ts);
    }

private:
    std::vector<ByteStreamSink*> m_sinks;
};

} // namespace rpcscope
