#pragma once

#include "protocoldecoder.h"

namespace rpcscope {

/// Splits a JRMP connection into messages. JRMP has no length fields: the handshake parts have fixed layouts, and
/// a Call or Return ends where its serialization stream ends, which only parsing the grammar reveals. Even then
/// the number of arguments is not on the wire, so a message is complete when
/// - the byte after a complete content cannot continue the stream (it starts the next message), or
/// - the call is a registry or DGC call whose arguments are all there, or the return holds its one value, or
/// - the peer has answered (`FrameHints::peerSpoke`: JRMP is lock-step) or the direction ended.
/// Otherwise the framer waits. After a gap it resynchronises on `50 AC ED 00 05 77` (Call) and
/// `51 AC ED 00 05 77 LL 01|02` (Return).
class JrmpFramer : public StreamFramer
{
public:
    FrameCut cut(Direction dir, QByteArrayView pending, const FrameHints& hints) override;
    qint64 resync(Direction dir, QByteArrayView pending) override;

    /// Offset of the first Call (client) or Return (server) pattern at or after `from`, or -1.
    static qint64 findMessageStart(Direction dir, QByteArrayView bytes, qint64 from = 0);
    /// Length of the longest tail of `bytes` that could begin a message start (0 if none).
    static qint64 partialStart(Direction dir, QByteArrayView bytes);

private:
    enum class ClientState { Header, Endpoint, Messages };
    enum class ServerState { Ack, Messages };
    /// What the last Call lets us expect of its Return.
    enum class ReturnShape { Unknown, Void, Primitive, Object };

    FrameCut cutClient(QByteArrayView pending, const FrameHints& hints);
    FrameCut cutServer(QByteArrayView pending, const FrameHints& hints);
    FrameCut cutStream(Direction dir, QByteArrayView pending, const FrameHints& hints);
    FrameCut lost(Direction dir, QByteArrayView pending, qint64 from, const FrameHints& hints);

    ClientState m_client = ClientState::Header;
    ServerState m_server = ServerState::Ack;
    bool m_lost[2] = {false, false};
    ReturnShape m_returnShape = ReturnShape::Unknown;
    int m_returnPrimitiveSize = 0;
    /// Pending size at the last parse that ran out of bytes, to avoid re-parsing a large message for every segment.
    qint64 m_parsedSize[2] = {0, 0};
};

} // namespace rpcscope
