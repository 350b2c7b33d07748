#include "jrmpframer.h"

#include "javablockreader.h"
#include "javaserialization.h"
#include "jrmpcallheader.h"
#include "jrmpconstants.h"

#include <QtEndian>

namespace rpcscope {

using namespace jrmp;

namespace {
// Messages up to this size are re-parsed whenever bytes arrive; larger ones only once they grew by half.
constexpr qint64 kReparseAlways = 64 * 1024;
const DecodeLimits kDefaultLimits;

bool startsWithPrefixOf(QByteArrayView pending, QByteArrayView word)
{
    const qsizetype n = std::min(pending.size(), word.size());
    return pending.first(n) == word.first(n);
}
} // namespace

qint64 JrmpFramer::findMessageStart(Direction dir, QByteArrayView bytes, qint64 from)
{
    const QByteArrayView call("\x50\xAC\xED\x00\x05\x77", 6);
    const QByteArrayView ret("\x51\xAC\xED\x00\x05\x77", 6);
    const QByteArrayView pattern = dir == Direction::ClientToServer ? call : ret;
    for (qint64 at = bytes.indexOf(pattern, from); at >= 0; at = bytes.indexOf(pattern, at + 1)) {
        if (dir == Direction::ClientToServer)
            return at;
        // A Return's first block holds the return type (1 or 2) and a 14-byte UID: at least 15 bytes.
        if (at + 8 > bytes.size())
            return at; // cannot tell yet; take it
        const quint8 length = static_cast<quint8>(bytes[at + 6]);
        const quint8 type = static_cast<quint8>(bytes[at + 7]);
        if (length >= 15 && (type == kNormalReturn || type == kExceptionalReturn))
            return at;
    }
    if (dir == Direction::ClientToServer) {
        const qsizetype header = bytes.indexOf(QByteArrayView("JRMI\x00", 5), from);
        if (header >= 0)
            return header;
    }
    return -1;
}

qint64 JrmpFramer::partialStart(Direction dir, QByteArrayView bytes)
{
    const QByteArrayView call("\x50\xAC\xED\x00\x05\x77", 6);
    const QByteArrayView ret("\x51\xAC\xED\x00\x05\x77", 6);
    const QByteArrayView header("JRMI\x00", 5);
    // A whole pattern would have been found by findMessageStart(); only a shorter piece can be at the end.
    for (qint64 k = std::min<qint64>(bytes.size(), 5); k > 0; --k) {
        const QByteArrayView tail = bytes.last(k);
        if (dir == Direction::ClientToServer ? tail == call.first(k) || tail == header.first(k) : tail == ret.first(k))
            return k;
    }
    return 0;
}

qint64 JrmpFramer::resync(Direction dir, QByteArrayView pending)
{
    // Seen mid-connection: the handshake is over.
    m_client = ClientState::Messages;
    m_server = ServerState::Messages;
    m_lost[index(dir)] = false;
    m_parsedSize[index(dir)] = 0;
    return findMessageStart(dir, pending);
}

FrameCut JrmpFramer::lost(Direction dir, QByteArrayView pending, qint64 from, const FrameHints& hints)
{
    m_lost[index(dir)] = true;
    const qint64 at = findMessageStart(dir, pending, from);
    if (at == 0) {
        m_lost[index(dir)] = false;
        return cut(dir, pending, hints);
    }
    if (at > 0)
        return FrameCut::skip(at, QStringLiteral("%1 bytes that do not start a JRMP message").arg(at));
    // Keep a tail that could be the beginning of a message start split across segments.
    const qint64 keep = hints.ended ? 0 : partialStart(dir, pending);
    if (pending.size() <= keep)
        return FrameCut::needMore();
    return FrameCut::skip(pending.size() - keep,
                          QStringLiteral("%1 bytes that do not start a JRMP message").arg(pending.size() - keep));
}

FrameCut JrmpFramer::cut(Direction dir, QByteArrayView pending, const FrameHints& hints)
{
    if (pending.isEmpty())
        return FrameCut::needMore();
    if (m_lost[index(dir)])
        return lost(dir, pending, 0, hints);
    return dir == Direction::ClientToServer ? cutClient(pending, hints) : cutServer(pending, hints);
}

FrameCut JrmpFramer::cutClient(QByteArrayView pending, const FrameHints& hints)
{
    if (m_client == ClientState::Header || startsWithPrefixOf(pending, QByteArrayView("JRMI", 4))) {
        if (startsWithPrefixOf(pending, QByteArrayView("JRMI", 4))) {
            if (pending.size() < kHeaderSize)
                return FrameCut::needMore();
            const quint8 protocol = static_cast<quint8>(pending[6]);
            m_client = protocol == kStreamProtocol ? ClientState::Endpoint : ClientState::Messages;
            return FrameCut::message(kHeaderSize);
        }
        m_client = ClientState::Messages;
    }
    if (m_client == ClientState::Endpoint) {
        // The client's EndpointIdentifier: writeUTF(host) + writeInt(port). A host name is short; a length that
        // is not plausible means the client went straight to its first message.
        if (pending.size() < 2)
            return FrameCut::needMore();
        const quint16 length = qFromBigEndian<quint16>(pending.data());
        m_client = ClientState::Messages;
        if (length <= kMaxHostLength) {
            const qint64 size = 2 + qint64(length) + 4;
            if (pending.size() < size) {
                m_client = ClientState::Endpoint;
                return FrameCut::needMore();
            }
            return FrameCut::message(size);
        }
    }
    switch (static_cast<quint8>(pending[0])) {
    case kCall:
        return cutStream(Direction::ClientToServer, pending, hints);
    case kPing:
        return FrameCut::message(1);
    case kDgcAck:
        return pending.size() < kDgcAckSize ? FrameCut::needMore() : FrameCut::message(kDgcAckSize);
    default:
        return lost(Direction::ClientToServer, pending, 1, hints);
    }
}

FrameCut JrmpFramer::cutServer(QByteArrayView pending, const FrameHints& hints)
{
    const quint8 type = static_cast<quint8>(pending[0]);
    if (m_server == ServerState::Ack || type == kProtocolAck) {
        m_server = ServerState::Messages;
        if (type == kProtocolAck) {
            if (pending.size() < 3)
                return FrameCut::needMore();
            const quint16 length = qFromBigEndian<quint16>(pending.data() + 1);
            const qint64 size = 1 + 2 + qint64(length) + 4;
            if (pending.size() < size) {
                m_server = ServerState::Ack;
                return FrameCut::needMore();
            }
            return FrameCut::message(size);
        }
    }
    switch (type) {
    case kProtocolNack:
    case kPingAck:
        return FrameCut::message(1);
    case kReturn:
        return cutStream(Direction::ServerToClient, pending, hints);
    default:
        return lost(Direction::ServerToClient, pending, 1, hints);
    }
}

FrameCut JrmpFramer::cutStream(Direction dir, QByteArrayView pending, const FrameHints& hints)
{
    const int d = index(dir);
    const bool decisive = hints.peerSpoke || hints.ended;
    if (!decisive && pending.size() > kReparseAlways && pending.size() < m_parsedSize[d] + m_parsedSize[d] / 2)
        return FrameCut::needMore();

    const DecodeLimits& limits = hints.limits ? *hints.limits : kDefaultLimits;
    JavaSerializationParser parser(pending, 1, limits, false);
    if (!parser.readHeader()) {
        if (parser.stream().end == JavaStream::End::Truncated)
            return FrameCut::needMore();
        return lost(dir, pending, 1, hints); // a type byte without a stream: not a message
    }
    // The shape this message must have when complete, from its header.
    qint64 needObjects = -1;
    qint64 needBytes = -1;
    bool headerRead = false;
    qint64 objects = 0;
    qint64 blockBytes = 0;
    while (true) {
        const bool more = parser.next();
        const JavaStream& s = parser.stream();
        if (!more) {
            if (s.end == JavaStream::End::Boundary) {
                m_parsedSize[d] = 0;
                return FrameCut::message(s.stopOffset);
            }
            if (s.end == JavaStream::End::Complete)
                break;
            if (s.end == JavaStream::End::Truncated) {
                m_parsedSize[d] = pending.size();
                return FrameCut::needMore();
            }
            // Error or opaque data: the end cannot be found by grammar; once the peer answered, it is all this message.
            if (decisive) {
                m_parsedSize[d] = 0;
                return FrameCut::message(pending.size());
            }
            m_parsedSize[d] = pending.size();
            return FrameCut::needMore();
        }
        const JavaNode& last = s.node(s.contents.back());
        if (last.kind == JavaKind::BlockData)
            blockBytes += last.dataLength;
        else if (last.kind != JavaKind::Reset)
            ++objects;
        if (!headerRead) {
            if (dir == Direction::ClientToServer && blockBytes >= kCallHeaderSize) {
                headerRead = true;
                if (const auto h = JrmpCallHeader::read(pending, limits)) {
                    m_returnShape = ReturnShape::Unknown;
                    if (const JavaMethod* m = h->method(nullptr)) {
                        needObjects = 0;
                        needBytes = kCallHeaderSize;
                        for (const JavaType& t : m->params) {
                            if (t.isPrimitive())
                                needBytes += javatype::primitiveSize(t.code());
                            else
                                ++needObjects;
                        }
                        m_returnShape = m->returnType.isVoid() ? ReturnShape::Void
                            : m->returnType.isPrimitive()      ? ReturnShape::Primitive
                                                               : ReturnShape::Object;
                        m_returnPrimitiveSize = javatype::primitiveSize(m->returnType.code());
                    }
                }
            } else if (dir == Direction::ServerToClient && blockBytes >= kReturnHeaderSize) {
                headerRead = true;
                JavaBlockReader r(s, s.contents, pending);
                quint8 kind = 0;
                r.u8(kind);
                if (kind == kExceptionalReturn) {
                    needObjects = 1;
                    needBytes = kReturnHeaderSize;
                } else if (m_returnShape == ReturnShape::Void) {
                    needObjects = 0;
                    needBytes = kReturnHeaderSize;
                } else if (m_returnShape == ReturnShape::Primitive) {
                    needObjects = 0;
                    needBytes = kReturnHeaderSize + m_returnPrimitiveSize;
                } else if (m_returnShape == ReturnShape::Object) {
                    needObjects = 1;
                    needBytes = kReturnHeaderSize;
                }
            }
        }
        // A return holds at most one value: a primitive in the header's block or one object.
        const bool returnDone = dir == Direction::ServerToClient && headerRead
            && (objects >= 1 || (needObjects < 0 && blockBytes > kReturnHeaderSize));
        const bool shapeDone = needObjects >= 0 && objects >= needObjects && blockBytes >= needBytes;
        if (returnDone || shapeDone) {
            // Complete by its shape; bytes after it belong to the next message (checked by the next cut).
            m_parsedSize[d] = 0;
            if (dir == Direction::ServerToClient)
                m_returnShape = ReturnShape::Unknown;
            return FrameCut::message(parser.pos());
        }
    }
    // All pending bytes parsed and the stream is at a content boundary: more arguments may still come, unless the
    // peer has answered or the direction ended.
    if (decisive) {
        m_parsedSize[d] = 0;
        if (dir == Direction::ServerToClient)
            m_returnShape = ReturnShape::Unknown;
        return FrameCut::message(pending.size());
    }
    m_parsedSize[d] = pending.size();
    return FrameCut::needMore();
}

} // namespace rpcscope
