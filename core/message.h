#pragma once

#include "decodenode.h"
#include "rpcvalue.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace rpcscope {

namespace tls {
struct TlsCarrier;
}

/// Direction of bytes on a connection, relative to the endpoint that initiated the call.
enum class Direction : quint8 { ClientToServer = 0, ServerToClient = 1 };

inline Direction opposite(Direction d)
{
    return d == Direction::ClientToServer ? Direction::ServerToClient : Direction::ClientToServer;
}
inline int index(Direction d)
{
    return static_cast<int>(d);
}

/// The outcome of a call, as shown in the call list and in `status` of the CLI's JSON.
enum class CallStatus : quint8 {
    Ok, ///< a result came back (or a oneway call was sent)
    Fault, ///< an XML-RPC fault
    Exception, ///< a remote exception (Pyro4 exception result, JRMP exceptional return)
    NoReply, ///< no reply before the connection closed or the deadline passed
    Malformed, ///< the request or the reply could not be decoded completely
    Pending, ///< still waiting for the reply (live sources only)
    Encrypted, ///< TLS records that could not be decrypted (no key-log lines for them, a wrong key, ...)
};

/// "ok", "fault", "exception", "no-reply", "malformed", "pending", "encrypted".
QString statusName(CallStatus status);
std::optional<CallStatus> statusFromName(QStringView name);

/// What a message is for the pairing of calls.
enum class MessageKind : quint8 {
    Request, ///< starts a call
    Response, ///< answers a request
    Event, ///< belongs to the connection but to no call (HTTP 100 Continue, a JRMP endpoint announcement)
};

/// A fault or remote exception: `code` is the XML-RPC faultCode (int) or the exception's class name (string).
struct RpcFault
{
    RpcValue code;
    QString message;
    /// Remote traceback or stack trace, when the protocol carries one.
    QString detail;
    bool operator==(const RpcFault&) const = default;
};

/// One call inside a batch (`system.multicall`, Pyro4 `<batch>`). A request fills method/params; the reply fills
/// result or fault and status, matched by position.
struct SubCall
{
    QString method;
    RpcValue params;
    RpcValue kwargs;
    RpcValue result;
    std::optional<RpcFault> fault;
    CallStatus status = CallStatus::Pending;
};

/// What a message says about a remote object, so that calls to it on any connection of the session can be shown by
/// name (recorded by the pipeline in ObjectNames): a Java RMI registry lookup answer binds a name and interfaces to
/// an ObjID, and any stub a message carries tells the interfaces of its object.
struct ObjectFact
{
    /// The object as the protocol's calls address it (the ObjID text for Java RMI).
    QString key;
    /// The name it is bound under (registry lookup, bind, rebind); empty if the message does not say.
    QString name;
    /// The interfaces it implements, fully qualified ("example.Greeting").
    QStringList interfaces;
    /// Where this was learned, for trees: `registry lookup("GreetingMaker")`.
    QString source;
    bool operator==(const ObjectFact&) const = default;
};

/// A problem found while decoding: what and where (offset in buffer 0 unless the node says otherwise), and what it
/// cost. Nothing a decoder leaves out or reads generously goes unsaid: each such place is one Problem.
struct Problem
{
    enum class Kind : quint8 {
        Malformed, ///< the message could not be decoded completely; its status is Malformed
        Truncated, ///< decoded, but a limit or budget cut a value short: what is shown is not all that was sent
        Lenient, ///< read although a strict peer would refuse it (`tRuE` as a boolean): shown as read, noted
    };
    QString text;
    qint64 offset = -1;
    Kind kind = Kind::Malformed;
    bool operator==(const Problem&) const = default;
};

/// "malformed", "truncated", "lenient".
QString problemKindName(Problem::Kind kind);

/// Everything a decoder extracted from one message. `buffers[0]` is the message's bytes as reassembled from the
/// stream; further buffers are derived from it (de-chunked body, inflated payload) and named in `bufferNames`.
struct DecodedMessage
{
    QString protocol;
    MessageKind kind = MessageKind::Event;
    /// Method name as called ("add", "get_fortune", "lookup", "#742a8a860d6b7ee4").
    QString method;
    /// Remote object the method belongs to (Pyro4 object id, JRMP ObjID); empty for XML-RPC.
    QString object;
    /// Positional arguments (an array).
    RpcValue params = RpcValue::fromArray({});
    /// Keyword arguments (a struct) for protocols that have them; nil otherwise.
    RpcValue kwargs;
    RpcValue result;
    /// How the protocol names a result that stands for a remote object rather than data (a Pyro name server's
    /// lookup returns a URI object, which reads PYRO:name@host:port): shown in place of the value in one-line
    /// summaries; empty to show the value. The value itself stays as sent.
    QString resultText;
    std::optional<RpcFault> fault;
    /// For a response: Ok, Fault or Exception. Malformed for any message that could not be decoded completely.
    CallStatus status = CallStatus::Ok;
    /// Pairs a response with its request when the protocol numbers them (Pyro4 sequence number); FIFO otherwise.
    std::optional<quint32> pairKey;
    /// False for oneway calls and for requests that never get a reply.
    bool expectsReply = true;
    std::vector<SubCall> subCalls;
    std::vector<Problem> problems;
    /// What this message says about remote objects (see ObjectFact); the pipeline records it for the session.
    std::vector<ObjectFact> objectFacts;
    /// One line for lists and logs, e.g. "HTTP/1.1 100 Continue" or "JRMI handshake (stream protocol)".
    QString summary;
    /// The decode tree; empty unless the decode was asked to build it.
    DecodeNode tree;
    std::vector<QByteArray> buffers;
    std::vector<QString> bufferNames;
    /// Time of the message's first and last byte on the wire (seconds since the epoch).
    double firstSeen = 0;
    double lastSeen = 0;
    /// Set when the message came through TLS: the records that carried it and their connection (core/tls/tlscarrier.h).
    /// A decrypted message then has the records as buffer 0 and the decrypted bytes as buffer 1.
    std::shared_ptr<const tls::TlsCarrier> tls;
    /// Offset of the message's first byte in its direction of the connection, when it came from a stream (the
    /// proxy marks the calls its rules touched by it); -1 otherwise.
    qint64 streamOffset = -1;

    /// Records a problem, marks the message malformed and, when `where` is given, adds an error node there.
    void addProblem(const QString& text, qint64 offset, DecodeNode* where = nullptr, qint64 length = 0);
    /// Records that a limit cut a value short (the text names the limit); the status stays, `truncated()` turns
    /// true, and an error node marks the place when `where` is given.
    void addTruncation(const QString& text, qint64 offset, DecodeNode* where = nullptr, qint64 length = 0);
    /// Records a lenient reading (the text says what was accepted and what the spec allows); the status stays.
    void addLenient(const QString& text, qint64 offset);
    bool truncated() const;
    qint64 size() const { return buffers.empty() ? 0 : buffers.front().size(); }
    const QByteArray& bytes() const;
};

} // namespace rpcscope
