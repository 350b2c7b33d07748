#pragma once

#include "decodelimits.h"
#include "message.h"
#include "result.h"

#include <QByteArrayView>
#include <QVariantMap>

#include <memory>

namespace rpcscope {

class EventBarrier;
class JavaMethodTable;
class ObjectNames;

/// What a framer read of the message it cut (HTTP: the parsed head), handed to its protocol's decoder so that it is
/// not read twice. Each protocol derives its own; only the decoder of the framer's protocol reads it.
struct FrameNote
{
    virtual ~FrameNote() = default;
};

/// What a decode is asked to do and the bounds it must keep.
struct DecodeOptions
{
    /// Build the decode tree. Off for bulk decoding (CLI without --tree, loading a capture into the call list).
    bool buildTree = true;
    DecodeLimits limits;
    /// Java method signatures supplied by the user (`--java-signatures`, `--java-classpath`); may be null.
    std::shared_ptr<const JavaMethodTable> javaMethods;
    /// What the decode session has learned about remote objects (Java RMI registry names), shared by all its
    /// connections and by later decodes of its calls; TrafficDecoder makes one when this is null. (Initialised, so
    /// that `DecodeOptions {false, {}, {}}` still compiles without a missing-initialiser warning.)
    std::shared_ptr<ObjectNames> objectNames = nullptr;
};

/// Where a message sits when it is decoded.
struct DecodeContext
{
    Direction direction = Direction::ClientToServer;
    /// For a response, the oldest unanswered request on the connection (its match for FIFO protocols); else null.
    const DecodedMessage* request = nullptr;
    const DecodeOptions* options = nullptr;
    /// When the message began on the wire (seconds since the epoch, 0 when unknown): what the session learned
    /// after that does not apply to it (see ObjectNames).
    double time = 0;
    /// With connections decoded on several threads: the event being handled, and the barrier that orders what
    /// they learn about remote objects (see EventBarrier). Null for a decode on one thread.
    const EventBarrier* barrier = nullptr;
    quint64 event = 0;
    /// What the connection's framer read of this message (StreamFramer::note), pointing into the bytes being
    /// decoded; null when there is none (the decoder then reads everything itself).
    const FrameNote* frameNote = nullptr;

    /// Names of remote objects learned so far in the session; null for a decode outside any session.
    const ObjectNames* objectNames() const;
    const DecodeLimits& limits() const
    {
        static const DecodeLimits defaults;
        return options ? options->limits : defaults;
    }
    bool buildTree() const { return !options || options->buildTree; }
};

/// The first bytes of a connection in each direction, for recognising its protocol.
struct ProbeInput
{
    QByteArrayView client;
    QByteArrayView server;
    quint16 clientPort = 0;
    quint16 serverPort = 0;
    /// True when the connection was seen from its first byte (SYN captured, or a proxied connection).
    bool startSeen = true;
};

struct ProbeResult
{
    /// 0 (not mine) .. 100 (certain).
    int confidence = 0;
    /// Not decided yet: call again when more bytes have arrived.
    bool needMoreData = false;
    /// The bytes say the presumed client is really the server (a capture that started mid-connection).
    bool swapRoles = false;
};

/// Where the next message of one direction ends, as a framer sees it.
struct FrameCut
{
    enum class Kind {
        NeedMore, ///< the message is not complete yet
        Message, ///< the next `length` bytes are one message
        Skip, ///< the next `length` bytes (which may not all have arrived) are not decodable: `reason`
        Stop, ///< this direction cannot be framed any further: `reason`
    };
    Kind kind = Kind::NeedMore;
    qint64 length = 0;
    QString reason;

    static FrameCut needMore() { return {}; }
    static FrameCut message(qint64 length) { return {Kind::Message, length, {}}; }
    static FrameCut skip(qint64 length, QString reason) { return {Kind::Skip, length, std::move(reason)}; }
    static FrameCut stop(QString reason) { return {Kind::Stop, 0, std::move(reason)}; }
};

/// What a framer knows besides the pending bytes.
struct FrameHints
{
    /// No more bytes will come in this direction (FIN, RST, end of capture).
    bool ended = false;
    /// The other direction has sent bytes since this direction's pending bytes began. Protocols without length
    /// fields (JRMP) use this to end a message: a lock-step peer answers only after the whole message.
    bool peerSpoke = false;
    const DecodeLimits* limits = nullptr;
};

/// Splits one connection's byte streams into messages. One framer per connection; it may keep state across both
/// directions (HTTP remembers request methods to frame responses). It never decodes values.
class StreamFramer
{
public:
    virtual ~StreamFramer() = default;
    /// Looks at the start of the pending (not yet framed) bytes of `dir` and says where the next message ends.
    virtual FrameCut cut(Direction dir, QByteArrayView pending, const FrameHints& hints) = 0;
    /// After a gap or a capture that started mid-stream: the offset in `pending` of the first plausible message
    /// start, or -1 if there is none yet (the caller keeps only a tail of the bytes and asks again later).
    virtual qint64 resync(Direction dir, QByteArrayView pending) = 0;
    /// What this framer read of the message the last cut() of `dir` returned, for the decoder (see FrameNote);
    /// null when it has nothing to pass on. Its views point into the `pending` bytes of that cut().
    virtual const FrameNote* note(Direction dir) const
    {
        Q_UNUSED(dir);
        return nullptr;
    }
};

/// Options for writing a message (composer, test server): protocol-specific keys such as "path", "host",
/// "serializer", "seq".
using EncodeOptions = QVariantMap;

/// One wire protocol: recognises it, frames it, decodes messages into trees and values, and writes messages where
/// we speak the protocol. Implementations are stateless and registered once, in `builtindecoders.cpp`.
class ProtocolDecoder
{
public:
    virtual ~ProtocolDecoder() = default;
    /// Short stable id used in JSON and filters: "xmlrpc", "pyro4", "jrmp".
    virtual QString id() const = 0;
    /// Name for people: "XML-RPC", "Pyro4", "Java RMI".
    virtual QString displayName() const = 0;
    virtual ProbeResult probe(const ProbeInput& input) const = 0;
    virtual std::unique_ptr<StreamFramer> createFramer() const = 0;
    /// Decodes one framed message. A pure function of the bytes and the context: never throws on bad input;
    /// problems become error nodes and `problems`. The result's `buffers[0]` is `message`.
    virtual DecodedMessage decode(const QByteArray& message, const DecodeContext& context) const = 0;
    /// Writes a message carrying `message`'s method/params (requests) or result/fault (responses).
    virtual Result<QByteArray> encode(const DecodedMessage& message, const EncodeOptions& options) const
    {
        Q_UNUSED(message);
        Q_UNUSED(options);
        return Error {QStringLiteral("%1 messages cannot be written").arg(displayName())};
    }
};

} // namespace rpcscope
