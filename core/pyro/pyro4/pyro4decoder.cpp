#include "pyro4decoder.h"

#include "pyro/pyrepr.h"
#include "pyro4annotations.h"
#include "pyro4encoder.h"
#include "pyro4framer.h"
#include "pyro4header.h"
#include "pyro4payload.h"
#include "pyro4semantics.h"

#include "bytecursor.h"

#include <QtEndian>

namespace rpcscope {

namespace {

bool isRequestType(quint16 type)
{
    return type == pyro4::MsgConnect || type == pyro4::MsgInvoke || type == pyro4::MsgPing;
}

bool isResponseType(quint16 type)
{
    return type == pyro4::MsgConnectOk || type == pyro4::MsgConnectFail || type == pyro4::MsgResult;
}

// Could `bytes` still grow into a Pyro4 or Pyro5 header?
bool couldBecomeHeader(QByteArrayView bytes)
{
    if (bytes.size() >= Pyro4Framer::kPyro5HeaderSize)
        return false;
    const QByteArrayView magic("PYRO");
    if (!magic.startsWith(bytes.first(std::min<qsizetype>(4, bytes.size()))))
        return false;
    if (bytes.size() < 6)
        return true;
    const quint16 version = qFromBigEndian<quint16>(bytes.data() + 4);
    if (version == Pyro4Header::kVersion)
        return bytes.size() < Pyro4Header::kSize;
    return version == Pyro4Framer::kPyro5Version;
}

// What a message start found in one direction says about the connection.
ProbeResult judgeStart(QByteArrayView bytes, bool fromClient, int confidence)
{
    if (Pyro4Framer::isPyro5At(bytes)) {
        const quint8 type = static_cast<quint8>(bytes[6]);
        const bool request = isRequestType(type);
        return {confidence - 30, false, fromClient != request};
    }
    const quint16 type = Pyro4Header::read(bytes)->type;
    if (fromClient && type == pyro4::MsgConnect)
        return {confidence, false, false};
    if (isRequestType(type))
        return {confidence - 5, false, !fromClient};
    if (isResponseType(type))
        return {confidence - 5, false, fromClient};
    return {confidence - 40, false, false};
}

void decodePyro5(DecodedMessage& m, const QByteArray& bytes, DecodeNode* root)
{
    ByteCursor in(bytes);
    in.skip(6);
    const quint8 type = in.u8();
    const quint8 serializer = in.u8();
    const quint16 flags = in.u16be();
    const quint16 seq = in.u16be();
    const quint32 dataSize = in.u32be();
    const quint32 annSize = in.u32be();
    m.pairKey = seq;
    m.summary = QStringLiteral("Pyro5 %1 #%2 (not decoded)").arg(pyro4::messageTypeName(type)).arg(seq);
    if (root) {
        DecodeNode& h = root->add(QStringLiteral("header"), QStringLiteral("pyro5-header"), m.summary, 0,
                                  Pyro4Framer::kPyro5HeaderSize,
                                  QStringLiteral("A Pyro5 header (40 bytes): recognised so it is not misread as "
                                                 "Pyro4, but Pyro5 is not decoded."));
        h.add(QStringLiteral("header.magic"), QStringLiteral("bytes"), QStringLiteral("\"PYRO\""), 0, 4,
              QStringLiteral("The four ASCII letters PYRO."));
        h.add(QStringLiteral("header.version"), QStringLiteral("u16"), QStringLiteral("502"), 4, 2,
              QStringLiteral("Protocol version 502: Pyro5."));
        h.add(QStringLiteral("header.type"), QStringLiteral("u8"),
              QStringLiteral("%1 (%2)").arg(type).arg(pyro4::messageTypeName(type)), 6, 1,
              QStringLiteral("Message type (same numbers as Pyro4)."));
        h.add(QStringLiteral("header.serializer"), QStringLiteral("u8"), QString::number(serializer), 7, 1,
              QStringLiteral("Serializer id (Pyro5: 1 serpent, 2 json, 3 marshal, 4 msgpack)."));
        h.add(QStringLiteral("header.flags"), QStringLiteral("u16"),
              QStringLiteral("0x%1").arg(flags, 4, 16, QLatin1Char('0')), 8, 2,
              QStringLiteral("Flag bits (numbered differently from Pyro4)."));
        h.add(QStringLiteral("header.seq"), QStringLiteral("u16"), QString::number(seq), 10, 2,
              QStringLiteral("Sequence number."));
        h.add(QStringLiteral("header.dataSize"), QStringLiteral("u32"), QString::number(dataSize), 12, 4,
              QStringLiteral("Payload size."));
        h.add(QStringLiteral("header.annotationsSize"), QStringLiteral("u32"), QString::number(annSize), 16, 4,
              QStringLiteral("Annotations size."));
        h.add(QStringLiteral("header.correlationId"), QStringLiteral("uuid"),
              Pyro4Annotations::uuidText(QByteArrayView(bytes).sliced(20, 16)), 20, 16,
              QStringLiteral("Correlation id (moved into the header in Pyro5)."));
        h.add(QStringLiteral("header.magic2"), QStringLiteral("u16"), QStringLiteral("0x4dc5"), 38, 2,
              QStringLiteral("Pyro5's header magic, in place of Pyro4's checksum."));
    }
    m.addProblem(QStringLiteral("Pyro5 (protocol version 502) is not supported: only its header is shown"), 4, root, 2);
}

} // namespace

ProbeResult Pyro4Decoder::probe(const ProbeInput& input) const
{
    const QByteArrayView client = input.client;
    const QByteArrayView server = input.server;
    if (Pyro4Header::isValidAt(client) || Pyro4Framer::isPyro5At(client))
        return judgeStart(client, true, 100);
    if (!client.isEmpty() && couldBecomeHeader(client))
        return {0, true, false};
    if (client.isEmpty()) {
        if (Pyro4Header::isValidAt(server) || Pyro4Framer::isPyro5At(server))
            return judgeStart(server, false, 95);
        return {0, server.isEmpty() || couldBecomeHeader(server), false};
    }
    if (input.startSeen) {
        // "PYRO" and version 48 with a damaged checksum: still most likely Pyro4.
        if (client.size() >= Pyro4Header::kSize && client.startsWith("PYRO") && client[4] == 0
            && client[5] == char(Pyro4Header::kVersion))
            return {40, false, false};
        return {};
    }
    // A capture that started mid-connection: look for a message start anywhere in either direction.
    if (const qint64 at = Pyro4Framer::findMessageStart(client); at >= 0)
        return judgeStart(client.sliced(at), true, 85);
    if (const qint64 at = Pyro4Framer::findMessageStart(server); at >= 0)
        return judgeStart(server.sliced(at), false, 85);
    constexpr qint64 kSearchBytes = 16 * 1024;
    return {0, client.size() < kSearchBytes && server.size() < kSearchBytes, false};
}

std::unique_ptr<StreamFramer> Pyro4Decoder::createFramer() const
{
    return std::make_unique<Pyro4Framer>();
}

DecodedMessage Pyro4Decoder::decode(const QByteArray& bytes, const DecodeContext& context) const
{
    DecodedMessage m;
    m.protocol = id();
    m.buffers.push_back(bytes);
    m.bufferNames.push_back(QStringLiteral("message"));
    m.kind = context.direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response;
    DecodeNode* root = nullptr;
    if (context.buildTree()) {
        m.tree.name = QStringLiteral("pyro4");
        m.tree.type = QStringLiteral("message");
        m.tree.offset = 0;
        m.tree.length = bytes.size();
        m.tree.description = QStringLiteral("One Pyro4 message: 24-byte header, annotation chunks, payload.");
        root = &m.tree;
    }
    const qint64 size = bytes.size();
    if (Pyro4Framer::isPyro5At(bytes)) {
        decodePyro5(m, bytes, root);
        if (root)
            root->value = m.summary;
        return m;
    }
    if (size < Pyro4Header::kSize) {
        m.summary = QStringLiteral("truncated Pyro4 header");
        m.addProblem(QStringLiteral("truncated: only %1 of the 24 header bytes").arg(size), size, root);
        return m;
    }
    const Pyro4Header h = *Pyro4Header::read(bytes);
    if (root)
        h.addTree(*root, 0);
    std::vector<Problem> problems = h.problems(0);
    const bool headerUsable = h.hasMagic() && h.version == Pyro4Header::kVersion && h.dataSize >= 0;
    if (!headerUsable) {
        for (const Problem& p : problems)
            m.addProblem(p.text, p.offset);
        m.summary = problems.front().text;
        if (root)
            root->value = m.summary;
        return m;
    }

    const qint64 annEnd = Pyro4Header::kSize + h.annotationsSize;
    const qint64 end = h.frameLength();
    auto problem = [&](const QString& text, qint64 offset, DecodeNode* where, qint64 length = 0) {
        problems.push_back({text, offset});
        if (where)
            where->addError(text, offset, length);
    };
    if (size < end)
        problem(QStringLiteral("truncated: the message has %1 of its %2 bytes").arg(size).arg(end), size, root);
    else if (size > end)
        problem(QStringLiteral("%1 bytes after the end of the message").arg(size - end), end, root, size - end);

    // Annotations.
    const qint64 annAvailable = std::clamp<qint64>(size - Pyro4Header::kSize, 0, h.annotationsSize);
    const Pyro4Annotations::Parsed ann
        = Pyro4Annotations::read(QByteArrayView(bytes).sliced(Pyro4Header::kSize, annAvailable), Pyro4Header::kSize);
    if (!ann.error.isEmpty())
        problems.push_back({ann.error, ann.errorOffset});
    if (root && h.annotationsSize > 0)
        Pyro4Annotations::addTree(*root, ann, Pyro4Header::kSize, annAvailable, context.limits());

    // Payload.
    RpcValue value;
    bool valueOk = false;
    bool valueCut = false;
    DecodeNode* valueNode = nullptr;
    const QString serializer = pyro4::serializerName(h.serializerId);
    if (size >= end) {
        const QByteArrayView payload = QByteArrayView(bytes).sliced(annEnd, h.dataSize);
        DecodeNode* payloadNode = nullptr;
        if (root) {
            payloadNode = &root->add(QStringLiteral("payload"), serializer,
                                     QStringLiteral("%1 bytes").arg(payload.size()), annEnd, payload.size(),
                                     QStringLiteral("The message data, written by the serializer the header names."));
        }
        if (h.type == pyro4::MsgPing || h.serializerId == pyro4::SerPing) {
            // PING carries the raw text "ping"/"pong", not serialized data.
            value = RpcValue::fromString(QString::fromLatin1(payload));
            valueOk = true;
            if (payloadNode) {
                payloadNode->type = QStringLiteral("ascii");
                payloadNode->value = PyRepr::stringRepr(value.toString());
                payloadNode->description = QStringLiteral("PING data: the literal text ping (or pong in the "
                                                          "reply), never serialized.");
            }
        } else if (!Pyro4Payload::canRead(h.serializerId)) {
            problem(QStringLiteral("unknown serializer id %1").arg(h.serializerId), 16, payloadNode);
        } else {
            QByteArrayView data = payload;
            qint64 base = annEnd;
            DecodeNode* target = payloadNode;
            bool readable = true;
            if (h.flags & pyro4::FlagCompressed) {
                bool limitHit = false;
                Result<QByteArray> inflated
                    = Pyro4Payload::inflate(payload, context.limits().maxMessageBytes, &limitHit);
                if (!inflated && limitHit) {
                    // A limit, not bad data: the payload is not shown and the message says it was cut.
                    problems.push_back({inflated.error(), annEnd, Problem::Kind::Truncated});
                    if (payloadNode)
                        payloadNode->addError(inflated.error(), annEnd, payload.size());
                    valueCut = true;
                    readable = false;
                } else if (!inflated) {
                    problem(inflated.error(), annEnd, payloadNode, payload.size());
                    readable = false;
                } else {
                    m.buffers.push_back(std::move(*inflated));
                    m.bufferNames.push_back(QStringLiteral("inflated payload"));
                    data = m.buffers.back();
                    base = 0;
                    if (payloadNode) {
                        payloadNode->type = QStringLiteral("zlib");
                        DecodeNode& inflatedNode = payloadNode->add(
                            QStringLiteral("inflated"), serializer, QStringLiteral("%1 bytes").arg(data.size()), 0,
                            data.size(),
                            QStringLiteral("The payload after zlib decompression, read by its serializer."));
                        inflatedNode.buffer = static_cast<int>(m.buffers.size()) - 1;
                        target = &inflatedNode;
                    }
                }
            }
            if (readable) {
                PyReadResult r = Pyro4Payload::read(h.serializerId, data, base, context.limits(), target);
                value = r.value;
                // A value cut by a limit is still used for the call: what was read before the cut is shown.
                valueOk = r.ok() || r.stoppedByLimit;
                valueCut = r.stoppedByLimit;
                if (!r.ok()) {
                    problems.push_back({r.error, r.errorOffset,
                                        r.stoppedByLimit ? Problem::Kind::Truncated : Problem::Kind::Malformed});
                }
                for (Problem& note : r.notes)
                    problems.push_back(std::move(note));
                if (target) {
                    for (DecodeNode& c : target->children) {
                        if (c.name == QLatin1String("value"))
                            valueNode = &c;
                    }
                }
            }
        }
    } else if (root && size > annEnd) {
        root->add(QStringLiteral("payload"), serializer,
                  QStringLiteral("%1 of %2 bytes").arg(size - annEnd).arg(h.dataSize), annEnd, size - annEnd,
                  QStringLiteral("The part of the payload that arrived."));
    }

    Pyro4Semantics::apply(m, h, value, valueOk, valueCut, ann.chunks, context, valueNode);
    for (const Problem& p : problems) {
        switch (p.kind) {
        case Problem::Kind::Malformed:
            m.addProblem(p.text, p.offset);
            break;
        case Problem::Kind::Truncated:
            m.addTruncation(p.text, p.offset);
            break;
        case Problem::Kind::Lenient:
            m.addLenient(p.text, p.offset);
            break;
        }
    }
    if (root)
        root->value = m.summary;
    return m;
}

Result<QByteArray> Pyro4Decoder::encode(const DecodedMessage& message, const EncodeOptions& options) const
{
    return Pyro4Encoder::encode(message, options);
}

} // namespace rpcscope
