#include "pyroendpointrewriter.h"

#include "intercept/pyroendpointedits.h"
#include "intercept/pyropayloadwalkers.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroannotations.h"
#include "pyro/pyropayload.h"

#include <QtEndian>

namespace rpcscope {

namespace {

using namespace pyroendpoints;

// Offsets of the header fields rewriting touches: the data size in both versions, Pyro4's checksum.
constexpr int kDataSizeOffset = 12;
constexpr int kPyro4ChecksumOffset = 22;

EndpointRewrite leftAsWritten(const QString& why)
{
    EndpointRewrite r;
    r.notes.append(why);
    return r;
}

Result<PayloadEdits::Encoder> walk(pyro::Serializer serializer, QByteArrayView payload, PayloadEdits& edits,
                                   const DecodeLimits& limits)
{
    switch (serializer) {
    case pyro::Serializer::Serpent:
        return walkSerpent(payload, edits, limits);
    case pyro::Serializer::Json:
        return walkJson(payload, edits, limits);
    case pyro::Serializer::Marshal:
        return walkMarshal(payload, edits, limits);
    case pyro::Serializer::Msgpack:
        return walkMsgpack(payload, edits, limits);
    case pyro::Serializer::Pickle:
    case pyro::Serializer::Dill:
    case pyro::Serializer::Cloudpickle:
        return walkPickle(payload, edits, limits);
    default:
        return Error {QStringLiteral("its serializer is not one we read")};
    }
}

} // namespace

EndpointRewrite rewritePyroEndpoints(QByteArrayView message, const EndpointMapper& map)
{
    return rewritePyroEndpoints(message, map, DecodeLimits {});
}

EndpointRewrite rewritePyroEndpoints(QByteArrayView message, const EndpointMapper& map, const DecodeLimits& limits)
{
    // The header: which version, where the payload is, how it is serialized.
    PyroFrame frame;
    if (Pyro4Header::isValidAt(message)) {
        frame = Pyro4Header::read(message)->frame();
    } else if (Pyro5Header::isValidAt(message)) {
        frame = Pyro5Header::read(message)->frame();
    } else {
        return leftAsWritten(QStringLiteral("not a Pyro message (no Pyro4 or Pyro5 header with a valid checksum or "
                                            "magic); endpoints left as written"));
    }
    if (frame.dataSize < 0 || frame.frameLength() != message.size())
        return leftAsWritten(QStringLiteral("the %1 header announces %2 bytes, the message has %3; endpoints left as "
                                            "written")
                                 .arg(frame.displayName())
                                 .arg(frame.frameLength())
                                 .arg(message.size()));
    if (frame.serializerId == pyro::kPingSerializerId)
        return {};
    const QByteArrayView wirePayload = message.sliced(frame.payloadOffset(), frame.dataSize);
    // Cheap first: every URI, as a str or an object's state, writes "PYRO" in the payload.
    if (!frame.compressed && !wirePayload.contains("PYRO"))
        return {};
    if (frame.dataSize > limits.maxMessageBytes)
        return leftAsWritten(QStringLiteral("a payload of %1 bytes, past max-message-bytes (%2); endpoints left as "
                                            "written")
                                 .arg(frame.dataSize)
                                 .arg(limits.maxMessageBytes));
    if (frame.version == 4) {
        const auto annotations = PyroAnnotations::read(message.sliced(frame.annotationsOffset(), frame.annotationsSize),
                                                       frame.annotationsOffset(), 4);
        if (!annotations.error.isEmpty())
            return leftAsWritten(QStringLiteral("the Pyro4 annotations cannot be read (%1); endpoints left as written")
                                     .arg(annotations.error));
        for (const PyroAnnotation& a : annotations.chunks)
            if (a.id == "HMAC")
                return leftAsWritten(QStringLiteral("the message is signed (Pyro4 HMAC annotation): changing it would "
                                                    "break the signature; endpoints left as written"));
    }

    QByteArray inflated;
    QByteArrayView payload = wirePayload;
    if (frame.compressed) {
        auto plain = PyroPayload::inflate(wirePayload, limits.maxMessageBytes);
        if (!plain)
            return leftAsWritten(
                QStringLiteral("the compressed payload cannot be inflated (%1); endpoints left as written")
                    .arg(plain.error()));
        inflated = std::move(plain.value());
        payload = inflated;
        if (!payload.contains("PYRO"))
            return {};
    }

    EndpointRewrite result;
    PayloadEdits edits(map, result.notes);
    const auto encoder = walk(frame.serializer, payload, edits, limits);
    if (!encoder) {
        result.notes.append(QStringLiteral("the %1 %2 payload cannot be read (%3); endpoints left as written")
                                .arg(frame.displayName(), pyro::serializerName(frame.serializer), encoder.error()));
        return result;
    }
    if (edits.rewritten() == 0)
        return result;
    auto edited = edits.apply(payload, *encoder);
    if (!edited) {
        result.notes.append(QStringLiteral("the %1 payload cannot be rewritten (%2); endpoints left as written")
                                .arg(frame.displayName(), edited.error()));
        return result;
    }
    // Pyro4 compresses with zlib's default level, Pyro5 with level 4.
    QByteArray newPayload
        = frame.compressed ? PyroPayload::deflate(*edited, frame.version == 5 ? 4 : -1) : std::move(edited.value());
    if (newPayload.size() > limits.maxMessageBytes
        || (frame.version == 4 && newPayload.size() > std::numeric_limits<qint32>::max())) {
        result.notes.append(QStringLiteral("the rewritten payload would be %1 bytes, past max-message-bytes; "
                                           "endpoints left as written")
                                .arg(newPayload.size()));
        return result;
    }

    QByteArray out;
    out.reserve(frame.payloadOffset() + newPayload.size());
    out.append(message.first(frame.payloadOffset()));
    out.append(newPayload);
    qToBigEndian<quint32>(quint32(newPayload.size()), out.data() + kDataSizeOffset);
    if (frame.version == 4) {
        auto header = *Pyro4Header::read(out);
        header.dataSize = qint32(newPayload.size());
        qToBigEndian<quint16>(header.expectedChecksum(), out.data() + kPyro4ChecksumOffset);
    }
    result.bytes = std::move(out);
    result.rewritten = edits.rewritten();
    return result;
}

} // namespace rpcscope
