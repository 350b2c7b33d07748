#pragma once

#include "message.h"
#include "protocoldecoder.h"

namespace rpcscope {

/// A layer below a connection's byte stream that the messages should show (TLS records under decrypted bytes). The
/// stage that removed the layer hands one to the decode pipeline with `ByteStreamSink::streamCarrier`; the
/// conversation decoder then lets it add its part to every message it frames.
class StreamCarrier
{
public:
    virtual ~StreamCarrier() = default;
    /// `message` was framed from bytes [begin, end) of `dir`, counted from the first byte this connection delivered
    /// in that direction (gaps add nothing): adds the layer's buffers, nodes and problems.
    virtual void wrap(Direction dir, qint64 begin, qint64 end, DecodedMessage& message, const DecodeOptions& options)
        = 0;
    /// Bytes of `dir` before `offset` will not be asked for again.
    virtual void release(Direction dir, qint64 offset) = 0;
};

} // namespace rpcscope
