#pragma once

#include "decoderregistry.h"

#include <QByteArray>

#include <deque>
#include <memory>
#include <vector>

namespace rpcscope {

/// One message of a connection as the gate cut it, or a run of bytes that is not one (the protocol was not
/// recognised, or the framer skipped them as undecodable): every byte fed to the gate comes out in exactly one unit,
/// in stream order.
struct GateUnit
{
    Direction direction = Direction::ClientToServer;
    QByteArray bytes;
    /// The decoded message (no tree), when the bytes were framed as one and the direction is decoded.
    std::shared_ptr<const DecodedMessage> message;
    /// Its length (`bytes` is empty when the direction keeps no bytes).
    qint64 length = 0;
    /// A framed message that answers a request (see ProtocolActions::isAnswer), decoded or not.
    bool answer = false;
    /// The connection ended inside the message: it was cut where the bytes stopped (its message says so).
    bool cutShort = false;
    /// Offset of the first byte in its direction's stream.
    qint64 streamOffset = 0;
    /// When the unit's first and last bytes were fed.
    double firstSeen = 0;
    double lastSeen = 0;

    bool isRequest() const { return message && message->kind == MessageKind::Request; }
    bool isResponse() const { return message && message->kind == MessageKind::Response; }
};

/// Cuts one live connection into whole messages for code that acts on messages rather than bytes: the proxy's
/// rules and intercepts, and the mock server. Recognises the protocol from the first bytes (as the decoding
/// pipeline does), frames each direction with the protocol's framer and decodes each message without a tree,
/// keeping the exact bytes so they can be forwarded unchanged. Bytes of an unrecognised protocol, and bytes the
/// framer skips, come out as units without a message; a direction the framer gives up on passes everything through.
///
/// A pure function of the bytes and calls: the caller owns time. Messages that only end when the peer answers
/// (JRMP has no length fields) are ended by `quiet()`, which the caller calls once a direction has been silent a
/// while: the client of a lock-step protocol says nothing more until it is answered.
class MessageGate
{
public:
    enum class State { Detecting, Framing, PassThrough };

    MessageGate(const DecoderRegistry& registry, const DecodeOptions& options, quint16 clientPort, quint16 serverPort);

    /// Decode messages of `dir` (default: both). Undecoded units still carry their framed bytes.
    void setDecoding(Direction dir, bool decode) { m_dirs[index(dir)].decode = decode; }
    /// Give out the bytes of `dir`'s units (default: both). Without, units only say where messages end (for bytes
    /// that were passed on already); nothing is copied.
    void setKeepingBytes(Direction dir, bool keep) { m_dirs[index(dir)].keep = keep; }

    /// Adds bytes of `dir` fed at time `ts`; completed units are appended to `out` in stream order.
    void feed(Direction dir, QByteArrayView data, double ts, std::vector<GateUnit>& out);
    /// No more bytes will come in `dir`: what is pending comes out (an incomplete message as a malformed one).
    void end(Direction dir, double ts, std::vector<GateUnit>& out);
    /// `dir` has been silent a while: decides the protocol with what it has, and ends a message that only the
    /// peer's answer would otherwise end.
    void quiet(Direction dir, std::vector<GateUnit>& out);
    /// Stops framing: pending bytes of both directions come out as raw units, later bytes pass through.
    void giveUp(std::vector<GateUnit>& out);

    State state() const { return m_state; }
    /// What messages are decoded with (never with a tree).
    const DecodeOptions& options() const { return m_options; }
    /// The protocol's decoder once recognised (null while detecting and when passing through).
    const ProtocolDecoder* decoder() const { return m_decoder; }
    /// Bytes of `dir` fed but not yet given out.
    qint64 pendingBytes(Direction dir) const { return m_dirs[index(dir)].pendingSize(); }
    /// Those bytes themselves (valid until the next call that feeds or cuts).
    QByteArrayView pendingData(Direction dir) const { return m_dirs[index(dir)].pending(); }

private:
    struct DirectionState
    {
        QByteArray buffer;
        qint64 head = 0;
        qint64 streamOffset = 0; // of buffer[head]
        double firstSeen = 0; // of buffer[head]
        double lastSeen = 0;
        qint64 discard = 0; // bytes still to pass through after a Skip
        bool ended = false;
        bool stopped = false; // the framer gave up: everything passes through
        bool peerSpoke = false;
        bool decode = true;
        bool keep = true;
        qint64 pendingSize() const { return buffer.size() - head; }
        QByteArrayView pending() const { return QByteArrayView(buffer).sliced(head); }
    };

    void detect(bool force, std::vector<GateUnit>& out);
    void drain(Direction dir, bool quiet, std::vector<GateUnit>& out);
    void cutUnit(Direction dir, qint64 length, bool frame, const QString& problem, std::vector<GateUnit>& out);
    /// Cuts units straight from `data` while nothing is pending (no copy into the buffer); returns what is left.
    QByteArrayView cutDirect(Direction dir, QByteArrayView data, double ts, std::vector<GateUnit>& out);
    GateUnit makeUnit(Direction dir, QByteArrayView bytes, QByteArray* whole, bool frame, const QString& problem,
                      double firstSeen, double lastSeen);
    void passAll(Direction dir, std::vector<GateUnit>& out);

    const DecoderRegistry& m_registry;
    DecodeOptions m_options;
    quint16 m_clientPort;
    quint16 m_serverPort;
    State m_state = State::Detecting;
    const ProtocolDecoder* m_decoder = nullptr;
    std::unique_ptr<StreamFramer> m_framer;
    const class ProtocolActions* m_actions = nullptr;
    DirectionState m_dirs[2];
    /// Requests a client may pipeline before the oldest is forgotten (only a context for decoding responses).
    static constexpr std::size_t kMaxUnanswered = 1024;
    /// Decoded requests still waiting for their response: the context responses are decoded in.
    std::deque<std::shared_ptr<const DecodedMessage>> m_unanswered;
};

} // namespace rpcscope
