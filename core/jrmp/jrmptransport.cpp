#include "jrmptransport.h"

#include "bytecursor.h"
#include "jrmpconstants.h"
#include "modifiedutf8.h"
#include "rmiobjid.h"

namespace rpcscope::jrmptransport {

using namespace jrmp;

namespace {

DecodedMessage start(const QByteArray& message, MessageKind kind, const QString& rootName, const QString& rootType,
                     const QString& description, const DecodeContext& context)
{
    DecodedMessage m;
    m.protocol = QStringLiteral("jrmp");
    m.kind = kind;
    m.buffers.push_back(message);
    m.bufferNames.push_back(QStringLiteral("message"));
    if (context.buildTree()) {
        m.tree.name = rootName;
        m.tree.type = rootType;
        m.tree.offset = 0;
        m.tree.length = message.size();
        m.tree.description = description;
    }
    return m;
}

DecodeNode* rootOf(DecodedMessage& m, const DecodeContext& context)
{
    return context.buildTree() ? &m.tree : nullptr;
}

// Reads writeUTF(host) + writeInt(port) at the cursor; false if the bytes end first.
bool readEndpoint(ByteCursor& c, DecodeNode* parent, const QString& description, QString& host, qint32& port)
{
    const qint64 at = c.pos();
    const quint16 length = c.u16be();
    const QByteArrayView bytes = c.bytes(length);
    port = c.i32be();
    if (c.failed())
        return false;
    host = modifiedutf8::decode(bytes);
    if (parent) {
        DecodeNode& e = parent->add(QStringLiteral("endpoint"), QStringLiteral("EndpointIdentifier"),
                                    QStringLiteral("%1:%2").arg(host).arg(port), at, 2 + length + 4, description);
        DecodeNode& h = e.add(QStringLiteral("host"), QStringLiteral("utf"), QLatin1Char('"') + host + QLatin1Char('"'),
                              at, 2 + length,
                              QStringLiteral("Host name or address (writeUTF: 2-byte length, then "
                                             "modified UTF-8)."));
        h.add(QStringLiteral("length"), QStringLiteral("u16"), QString::number(length), at, 2,
              QStringLiteral("Length of the host text in bytes."));
        e.add(QStringLiteral("port"), QStringLiteral("int"), QString::number(port), at + 2 + length, 4,
              QStringLiteral("TCP port."));
    }
    return true;
}

RpcValue endpointValue(const QString& host, qint32 port)
{
    RpcStruct s;
    s.emplace_back(QStringLiteral("host"), RpcValue::fromString(host));
    s.emplace_back(QStringLiteral("port"), RpcValue::fromInt(port));
    return RpcValue::fromStruct(std::move(s), QStringLiteral("EndpointIdentifier"));
}

} // namespace

DecodedMessage decodeHeader(const QByteArray& message, const DecodeContext& context)
{
    DecodedMessage m = start(message, MessageKind::Request, QStringLiteral("handshake"), QStringLiteral("JRMP header"),
                             QStringLiteral("The client opens the connection: magic \"JRMI\", protocol version and "
                                            "which sub-protocol it wants."),
                             context);
    DecodeNode* root = rootOf(m, context);
    m.method = QStringLiteral("<handshake>");
    ByteCursor c(message);
    const QByteArrayView magic = c.bytes(4);
    const quint16 version = c.u16be();
    const quint8 protocol = c.u8();
    if (root && !magic.isEmpty())
        root->add(QStringLiteral("magic"), QStringLiteral("bytes"), QStringLiteral("\"JRMI\""), 0, 4,
                  QStringLiteral("0x4A524D49 \"JRMI\": this connection speaks the Java RMI wire protocol."));
    if (c.failed()) {
        m.addProblem(QStringLiteral("the JRMI header is %1 of 7 bytes").arg(message.size()), message.size(), root);
        return m;
    }
    if (root)
        root->add(QStringLiteral("version"), QStringLiteral("u16"), QString::number(version), 4, 2,
                  QStringLiteral("Protocol version: 2 for current JDKs (the specification still says 1); a server "
                                 "closes the connection on a version it does not know."));
    QString name;
    QString meaning;
    switch (protocol) {
    case kStreamProtocol:
        name = QStringLiteral("StreamProtocol");
        meaning = QStringLiteral("several calls on this connection; the server answers with ProtocolAck");
        break;
    case kSingleOpProtocol:
        name = QStringLiteral("SingleOpProtocol");
        meaning = QStringLiteral("exactly one call, no acknowledgement (used by RMI over HTTP)");
        m.expectsReply = false;
        break;
    case kMultiplexProtocol:
        name = QStringLiteral("MultiplexProtocol");
        meaning = QStringLiteral("multiplexed connection (no longer supported: current servers answer ProtocolNack)");
        break;
    default:
        name = QStringLiteral("unknown");
        meaning = QStringLiteral("not a JRMP protocol; the server answers ProtocolNack");
        break;
    }
    if (root)
        root->add(QStringLiteral("protocol"), QStringLiteral("u8"),
                  QStringLiteral("0x%1 %2").arg(protocol, 2, 16, QLatin1Char('0')).arg(name), 6, 1,
                  QStringLiteral("Sub-protocol: ") + meaning + QLatin1Char('.'));
    RpcStruct params;
    params.emplace_back(QStringLiteral("version"), RpcValue::fromInt(version));
    params.emplace_back(QStringLiteral("protocol"), RpcValue::fromString(name));
    m.params = RpcValue::fromArray({RpcValue::fromStruct(std::move(params))});
    m.summary = QStringLiteral("JRMI handshake (version %1, %2)").arg(version).arg(name);
    if (root)
        root->value = name;
    if (magic != QByteArrayView("JRMI", 4))
        m.addProblem(QStringLiteral("magic is not \"JRMI\""), 0, root, 4);
    if (message.size() > kHeaderSize)
        m.addProblem(QStringLiteral("%1 bytes after the header").arg(message.size() - kHeaderSize), kHeaderSize, root,
                     message.size() - kHeaderSize);
    return m;
}

DecodedMessage decodeAck(const QByteArray& message, const DecodeContext& context)
{
    const bool ack = !message.isEmpty() && static_cast<quint8>(message[0]) == kProtocolAck;
    DecodedMessage m
        = start(message, MessageKind::Response, ack ? QStringLiteral("protocolAck") : QStringLiteral("protocolNack"),
                ack ? QStringLiteral("JRMP ProtocolAck") : QStringLiteral("JRMP ProtocolNack"),
                ack ? QStringLiteral("The server accepts the connection and tells the client the address "
                                     "and port it sees the client at.")
                    : QStringLiteral("The server refuses the requested sub-protocol and closes the "
                                     "connection."),
                context);
    DecodeNode* root = rootOf(m, context);
    if (root)
        root->add(QStringLiteral("messageType"), QStringLiteral("u8"),
                  ack ? QStringLiteral("0x4e ProtocolAck") : QStringLiteral("0x4f ProtocolNack"), 0, 1,
                  QStringLiteral("Answer to the JRMI header."));
    if (!ack) {
        m.status = CallStatus::Fault;
        m.fault = RpcFault {RpcValue::fromString(QStringLiteral("ProtocolNack")),
                            QStringLiteral("the server does not support the requested protocol"), QString()};
        m.summary = QStringLiteral("ProtocolNack");
        return m;
    }
    ByteCursor c(message);
    c.u8();
    QString host;
    qint32 port = 0;
    if (!readEndpoint(c, root,
                      QStringLiteral("The client's host and port as the server sees them (the client may learn its "
                                     "own address from this)."),
                      host, port)) {
        m.addProblem(QStringLiteral("the ProtocolAck endpoint is incomplete (%1 bytes)").arg(message.size()),
                     message.size(), root);
        return m;
    }
    m.result = endpointValue(host, port);
    m.summary = QStringLiteral("ProtocolAck: the server sees the client as %1:%2").arg(host).arg(port);
    if (root)
        root->value = QStringLiteral("%1:%2").arg(host).arg(port);
    if (!c.atEnd())
        m.addProblem(QStringLiteral("%1 bytes after the ProtocolAck").arg(c.remaining()), c.pos(), root, c.remaining());
    return m;
}

DecodedMessage decodeClientEndpoint(const QByteArray& message, const DecodeContext& context)
{
    DecodedMessage m = start(message, MessageKind::Event, QStringLiteral("clientEndpoint"),
                             QStringLiteral("JRMP EndpointIdentifier"),
                             QStringLiteral("After the ack the client names its own endpoint (JDK clients send port 0; "
                                            "the server ignores it)."),
                             context);
    DecodeNode* root = rootOf(m, context);
    ByteCursor c(message);
    QString host;
    qint32 port = 0;
    if (!readEndpoint(c, root, QStringLiteral("The endpoint the client announces for itself."), host, port)) {
        m.addProblem(QStringLiteral("the client endpoint is incomplete (%1 bytes)").arg(message.size()), message.size(),
                     root);
        return m;
    }
    m.result = endpointValue(host, port);
    m.summary = QStringLiteral("client endpoint %1:%2").arg(host).arg(port);
    if (root)
        root->value = QStringLiteral("%1:%2").arg(host).arg(port);
    return m;
}

DecodedMessage decodePing(const QByteArray& message, const DecodeContext& context)
{
    DecodedMessage m = start(message, MessageKind::Request, QStringLiteral("ping"), QStringLiteral("JRMP Ping"),
                             QStringLiteral("The client checks that a pooled connection is still alive before reusing "
                                            "it."),
                             context);
    m.method = QStringLiteral("<ping>");
    m.summary = QStringLiteral("Ping");
    if (DecodeNode* root = rootOf(m, context))
        root->add(QStringLiteral("messageType"), QStringLiteral("u8"), QStringLiteral("0x52 Ping"), 0, 1,
                  QStringLiteral("JRMP message type: Ping (answered by PingAck)."));
    return m;
}

DecodedMessage decodePingAck(const QByteArray& message, const DecodeContext& context)
{
    DecodedMessage m = start(message, MessageKind::Response, QStringLiteral("pingAck"), QStringLiteral("JRMP PingAck"),
                             QStringLiteral("The server answers a Ping: the connection can be reused."), context);
    m.summary = QStringLiteral("PingAck");
    if (DecodeNode* root = rootOf(m, context))
        root->add(QStringLiteral("messageType"), QStringLiteral("u8"), QStringLiteral("0x53 PingAck"), 0, 1,
                  QStringLiteral("JRMP message type: PingAck."));
    return m;
}

DecodedMessage decodeDgcAck(const QByteArray& message, const DecodeContext& context)
{
    DecodedMessage m = start(message, MessageKind::Request, QStringLiteral("dgcAck"), QStringLiteral("JRMP DgcAck"),
                             QStringLiteral("The client confirms it has registered the remote references a Return "
                                            "contained, so the server may stop holding them for it."),
                             context);
    m.method = QStringLiteral("<dgc-ack>");
    m.expectsReply = false;
    DecodeNode* root = rootOf(m, context);
    if (root)
        root->add(QStringLiteral("messageType"), QStringLiteral("u8"), QStringLiteral("0x54 DgcAck"), 0, 1,
                  QStringLiteral("JRMP message type: DgcAck (no answer follows)."));
    ByteCursor c(message);
    c.u8();
    RmiUid uid;
    uid.unique = c.i32be();
    uid.time = c.i64be();
    uid.count = c.i16be();
    if (c.failed()) {
        m.addProblem(QStringLiteral("the DgcAck UID is incomplete (%1 of 15 bytes)").arg(message.size()),
                     message.size(), root);
        return m;
    }
    if (root) {
        DecodeNode& u = root->add(QStringLiteral("ackId"), QStringLiteral("UID"), uid.toString(), 1, 14,
                                  QStringLiteral("The UID of the Return being acknowledged (its ackId)."));
        u.add(QStringLiteral("unique"), QStringLiteral("int"),
              QStringLiteral("0x%1").arg(static_cast<quint32>(uid.unique), 8, 16, QLatin1Char('0')), 1, 4,
              QStringLiteral("Identifies the server VM."));
        u.add(QStringLiteral("time"), QStringLiteral("long"), QString::number(uid.time), 5, 8,
              QStringLiteral("When the UID was made (milliseconds since 1970)."));
        u.add(QStringLiteral("count"), QStringLiteral("short"), QString::number(uid.count), 13, 2,
              QStringLiteral("Distinguishes UIDs made in the same millisecond."));
        root->value = uid.toString();
    }
    m.params = RpcValue::fromArray({RpcValue::fromString(uid.toString())});
    m.summary = QStringLiteral("DgcAck %1").arg(uid.toString());
    return m;
}

DecodedMessage decodeUnknown(const QByteArray& message, const DecodeContext& context)
{
    DecodedMessage m
        = start(message, context.direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response,
                QStringLiteral("message"), QStringLiteral("bytes"),
                QStringLiteral("Bytes that do not start a JRMP message."), context);
    const int type = message.isEmpty() ? -1 : static_cast<quint8>(message[0]);
    m.kind = MessageKind::Event;
    m.summary = QStringLiteral("unknown JRMP message");
    m.addProblem(
        QStringLiteral("0x%1 is not a JRMP %2 message type")
            .arg(type, 2, 16, QLatin1Char('0'))
            .arg(context.direction == Direction::ClientToServer ? QStringLiteral("client") : QStringLiteral("server")),
        0, rootOf(m, context), message.size());
    return m;
}

} // namespace rpcscope::jrmptransport
