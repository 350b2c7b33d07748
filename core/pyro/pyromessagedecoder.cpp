#include "pyromessagedecoder.h"

#include "pyro/pyrepr.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroannotations.h"
#include "pyro/pyropayload.h"
#include "pyro/pyrosemantics.h"

#include <QtEndian>

namespace rpcscope {

namespace {

// The version a message's bytes name, or `fallback` when they name neither.
int versionOf(QByteArrayView bytes, int fallback)
{
    if (Pyro5Header::hasPyro5Version(bytes))
        return 5;
    if (bytes.size() >= 6 && bytes[4] == 0 && bytes[5] == char(Pyro4Header::kVersion))
        return 4;
    return fallback;
}

// Reads the header: adds its tree, collects its problems and returns the frame it describes, or nullopt when the
// rest cannot be read (too short, wrong tag or version, negative size: `m` says why).
std::optional<PyroFrame> readHeader(DecodedMessage& m, const QByteArray& bytes, int version, DecodeNode* root,
                                    std::vector<Problem>& problems)
{
    const qint64 size = bytes.size();
    auto refuse = [&](const std::vector<Problem>& found) -> std::optional<PyroFrame> {
        for (const Problem& p : found)
            m.addProblem(p.text, p.offset);
        m.summary = found.front().text;
        return std::nullopt;
    };
    if (version == 5) {
        const std::optional<Pyro5Header> h = Pyro5Header::read(bytes);
        if (!h) {
            const int needed = size >= 6 && qFromBigEndian<quint16>(bytes.data() + 4) == Pyro5Header::kVersion501
                ? Pyro5Header::kSize501
                : Pyro5Header::kSize;
            m.summary = QStringLiteral("truncated Pyro5 header");
            m.addProblem(QStringLiteral("truncated: only %1 of the %2 header bytes").arg(size).arg(needed), size, root);
            return std::nullopt;
        }
        if (root)
            h->addTree(*root, 0);
        problems = h->problems(0);
        if (!h->hasTag() || !Pyro5Header::hasPyro5Version(bytes))
            return refuse(problems);
        return h->frame();
    }
    const std::optional<Pyro4Header> h = Pyro4Header::read(bytes);
    if (!h) {
        m.summary = QStringLiteral("truncated Pyro4 header");
        m.addProblem(QStringLiteral("truncated: only %1 of the 24 header bytes").arg(size), size, root);
        return std::nullopt;
    }
    if (root)
        h->addTree(*root, 0);
    problems = h->problems(0);
    if (!h->hasMagic() || h->version != Pyro4Header::kVersion || h->dataSize < 0)
        return refuse(problems);
    return h->frame();
}

} // namespace

DecodedMessage PyroMessageDecoder::decode(const QByteArray& bytes, const DecodeContext& context, int defaultVersion)
{
    const int version = versionOf(bytes, defaultVersion);
    DecodedMessage m;
    m.protocol = version == 5 ? QStringLiteral("pyro5") : QStringLiteral("pyro4");
    m.buffers.push_back(bytes);
    m.bufferNames.push_back(QStringLiteral("message"));
    m.kind = context.direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response;
    DecodeNode* root = nullptr;
    if (context.buildTree()) {
        m.tree.name = m.protocol;
        m.tree.type = QStringLiteral("message");
        m.tree.offset = 0;
        m.tree.length = bytes.size();
        m.tree.description = version == 5
            ? QStringLiteral("One Pyro5 message: 40-byte header, annotation chunks, payload.")
            : QStringLiteral("One Pyro4 message: 24-byte header, annotation chunks, payload.");
        root = &m.tree;
    }
    std::vector<Problem> problems;
    const std::optional<PyroFrame> frame = readHeader(m, bytes, version, root, problems);
    if (!frame) {
        if (root)
            root->value = m.summary;
        return m;
    }
    const PyroFrame& f = *frame;
    const qint64 size = bytes.size();
    const qint64 annEnd = f.payloadOffset();
    const qint64 end = f.frameLength();
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
    const qint64 annAvailable = std::clamp<qint64>(size - f.headerSize, 0, f.annotationsSize);
    const PyroAnnotations::Parsed ann
        = PyroAnnotations::read(QByteArrayView(bytes).sliced(f.headerSize, annAvailable), f.headerSize, f.version);
    if (!ann.error.isEmpty())
        problems.push_back({ann.error, ann.errorOffset});
    if (root && f.annotationsSize > 0)
        PyroAnnotations::addTree(*root, ann, f.headerSize, annAvailable, f.version, context.limits());

    // Payload.
    RpcValue value;
    bool valueOk = false;
    bool valueCut = false;
    DecodeNode* valueNode = nullptr;
    const QString serializer = pyro::serializerName(f.serializer);
    if (size >= end) {
        const QByteArrayView payload = QByteArrayView(bytes).sliced(annEnd, f.dataSize);
        DecodeNode* payloadNode = nullptr;
        if (root) {
            payloadNode = &root->add(QStringLiteral("payload"), serializer,
                                     QStringLiteral("%1 bytes").arg(payload.size()), annEnd, payload.size(),
                                     QStringLiteral("The message data, written by the serializer the header names."));
        }
        if (f.type == pyro::MsgPing || f.serializer == pyro::Serializer::Ping) {
            // PING carries the raw text "ping"/"pong", not serialized data.
            value = RpcValue::fromString(QString::fromLatin1(payload));
            valueOk = true;
            if (payloadNode) {
                payloadNode->type = QStringLiteral("ascii");
                payloadNode->value = PyRepr::stringRepr(value.toString());
                payloadNode->description = QStringLiteral("PING data: the literal text ping (or pong in the "
                                                          "reply), never serialized.");
            }
        } else if (!PyroPayload::canRead(f.serializer)) {
            problem(QStringLiteral("unknown serializer id %1").arg(f.serializerId), f.version == 5 ? 7 : 16,
                    payloadNode);
        } else {
            QByteArrayView data = payload;
            qint64 base = annEnd;
            DecodeNode* target = payloadNode;
            bool readable = true;
            if (f.compressed) {
                bool limitHit = false;
                Result<QByteArray> inflated
                    = PyroPayload::inflate(payload, context.limits().maxMessageBytes, &limitHit);
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
                PyReadResult r = PyroPayload::read(f.serializer, data, base, context.limits(), target);
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
                  QStringLiteral("%1 of %2 bytes").arg(size - annEnd).arg(f.dataSize), annEnd, size - annEnd,
                  QStringLiteral("The part of the payload that arrived."));
    }

    PyroSemantics::apply(m, f, value, valueOk, valueCut, ann.chunks, context, valueNode);
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

} // namespace rpcscope
