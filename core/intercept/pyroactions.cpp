#include "pyroactions.h"

#include "intercept/callrule.h"
#include "pyro/msgpackwriter.h"
#include "pyro/picklewriter.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroannotations.h"
#include "pyro/pyroencoder.h"
#include "pyro/pyroframe.h"
#include "pyro/pyromessagebuilder.h"

#include <QRandomGenerator>
#include <QStringList>

namespace rpcscope {

namespace {

// The errors of Pyro4.errors that a client may want raised by name (a pickled exception names its module).
const QStringList kPyroErrors = {
    QStringLiteral("PyroError"),     QStringLiteral("CommunicationError"),   QStringLiteral("ConnectionClosedError"),
    QStringLiteral("ProtocolError"), QStringLiteral("MessageTooLargeError"), QStringLiteral("NamingError"),
    QStringLiteral("DaemonError"),   QStringLiteral("SecurityError"),        QStringLiteral("SerializeError"),
};

struct ParsedMessage
{
    PyroFrame frame;
    std::vector<PyroAnnotation> annotations;
    QByteArray payload;
};

// A message in its own header's version (bytes 4-5), whatever the connection was detected as.
Result<ParsedMessage> parse(const QByteArray& bytes)
{
    std::optional<PyroFrame> frame;
    if (Pyro5Header::hasPyro5Version(bytes)) {
        const std::optional<Pyro5Header> header = Pyro5Header::read(bytes);
        if (header && header->hasTag())
            frame = header->frame();
    } else {
        const std::optional<Pyro4Header> header = Pyro4Header::read(bytes);
        if (header && header->hasMagic() && header->dataSize >= 0)
            frame = header->frame();
    }
    if (!frame || frame->frameLength() > bytes.size())
        return Error {QStringLiteral("not a complete Pyro message")};
    ParsedMessage m;
    m.frame = *frame;
    const QByteArrayView area = QByteArrayView(bytes).sliced(frame->annotationsOffset(), frame->annotationsSize);
    PyroAnnotations::Parsed annotations = PyroAnnotations::read(area, frame->annotationsOffset(), frame->version);
    if (!annotations.error.isEmpty())
        return Error {QStringLiteral("the message's annotations cannot be read: %1").arg(annotations.error)};
    m.annotations = std::move(annotations.chunks);
    m.payload = bytes.mid(frame->payloadOffset(), frame->dataSize);
    return m;
}

QString versionName(const PyroFrame& frame)
{
    return frame.displayName();
}

bool isPickle(pyro::Serializer serializer)
{
    return serializer == pyro::Serializer::Pickle || serializer == pyro::Serializer::Dill
        || serializer == pyro::Serializer::Cloudpickle;
}

Status checkUnsigned(const ParsedMessage& m)
{
    for (const PyroAnnotation& a : m.annotations) {
        if (m.frame.version == 4 && a.id == "HMAC")
            return Error {QStringLiteral("the client signs its messages with an HMAC key (Pyro4's _pyroHmacKey) that "
                                         "RpcScope does not have")};
    }
    return Done {};
}

// What a daemon answers with: the request's correlation id, or a fresh one (Pyro sends a uuid4). Pyro4 carries it
// in a CORR annotation, Pyro5 in its header.
QByteArray correlationId(const ParsedMessage& request)
{
    if (request.frame.version == 5 && request.frame.correlationId.size() == 16)
        return request.frame.correlationId;
    if (request.frame.version == 4) {
        for (const PyroAnnotation& a : request.annotations) {
            if (a.id == "CORR")
                return a.value;
        }
    }
    QByteArray id(16, Qt::Uninitialized);
    QRandomGenerator::global()->generate(reinterpret_cast<quint32*>(id.data()),
                                         reinterpret_cast<quint32*>(id.data() + 16));
    id[6] = char((quint8(id[6]) & 0x0F) | 0x40);
    id[8] = char((quint8(id[8]) & 0x3F) | 0x80);
    return id;
}

QString exceptionClass(const RpcFault& fault)
{
    if (fault.code.isString() && !fault.code.toString().isEmpty())
        return fault.code.toString();
    return QStringLiteral("Exception");
}

QStringList tracebackLines(const QString& detail)
{
    QStringList lines;
    if (detail.isEmpty())
        return lines;
    const QStringList parts = detail.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < parts.size(); ++i) {
        if (i + 1 == parts.size() && parts[i].isEmpty())
            break;
        lines << parts[i] + (i + 1 < parts.size() ? QStringLiteral("\n") : QString());
    }
    return lines;
}

Result<QByteArray> exceptionPayload(const RpcFault& fault, pyro::Serializer serializer)
{
    const QString cls = exceptionClass(fault);
    if (isPickle(serializer)) { // Pyro4 only: Pyro5 has no pickle serializer
        QString qualified = cls;
        if (!cls.contains(QLatin1Char('.')) && kPyroErrors.contains(cls))
            qualified = QStringLiteral("Pyro4.errors.") + cls;
        return PickleWriter::exception(qualified, fault.message, tracebackLines(fault.detail));
    }
    RpcFault named = fault;
    named.code = RpcValue::fromString(cls);
    return PyroActions::serialize(PyroEncoder::exceptionValue(named), serializer);
}

// The flag bits that mean the same in both versions (exception 0x01, compressed 0x02, oneway 0x04, batch 0x08).
static_assert(quint16(pyro4::FlagException) == quint16(pyro5::FlagException)
              && quint16(pyro4::FlagBatch) == quint16(pyro5::FlagBatch)
              && quint16(pyro4::FlagCompressed) == quint16(pyro5::FlagCompressed));

Result<Answer> build(const ParsedMessage& request, quint16 type, quint16 flags, quint16 serializerId,
                     const QByteArray& payload, bool withCorrelation)
{
    const PyroFrame& f = request.frame;
    PyroMessageBuilder builder(f.version);
    builder.setType(type).setFlags(flags).setSeq(f.seq).setSerializer(serializerId).setPayload(payload);
    builder.setCompress(f.compressed);
    // A Pyro5 daemon puts the call's correlation id in every answer's header, exceptions included.
    if (f.version == 5)
        builder.setCorrelationId(correlationId(request));
    else if (withCorrelation)
        builder.addAnnotation(QByteArrayLiteral("CORR"), correlationId(request));
    Result<QByteArray> bytes = builder.build();
    if (!bytes)
        return Error {bytes.error()};
    return Answer {std::move(*bytes), false};
}

// The INVOKE payload in the serializer's shape (each serializer's dumpsCall, the same in Pyro4 and Pyro5).
RpcValue callValue(pyro::Serializer serializer, const QString& object, const QString& method, RpcValue vargs,
                   RpcValue kwargs)
{
    if (!kwargs.isStruct())
        kwargs = RpcValue::fromStruct({});
    if (!vargs.isArray())
        vargs = RpcValue::fromArray({vargs});
    if (serializer == pyro::Serializer::Json) {
        return RpcValue::fromStruct({{QStringLiteral("object"), RpcValue::fromString(object)},
                                     {QStringLiteral("method"), RpcValue::fromString(method)},
                                     {QStringLiteral("params"), std::move(vargs)},
                                     {QStringLiteral("kwargs"), std::move(kwargs)}});
    }
    vargs.setTag(serializer == pyro::Serializer::Marshal ? QString() : QStringLiteral("tuple"));
    return RpcValue::fromArray(
        {RpcValue::fromString(object), RpcValue::fromString(method), std::move(vargs), std::move(kwargs)},
        serializer == pyro::Serializer::Msgpack ? QString() : QStringLiteral("tuple"));
}

// The flags of a message written again: what the builder sets (compression, Pyro5's correlation id) cleared.
quint16 keptFlags(const PyroFrame& frame, quint16 flags)
{
    quint16 cleared = pyro4::FlagCompressed;
    if (frame.version == 5)
        cleared |= pyro5::FlagCorrelationId;
    return flags & ~cleared;
}

} // namespace

Result<QByteArray> PyroActions::serialize(const RpcValue& value, pyro::Serializer serializer)
{
    if (isPickle(serializer))
        return PickleWriter::write(value);
    return PyroEncoder::serialize(value, serializer);
}

Status PyroActions::check(const RuleAction& action) const
{
    Q_UNUSED(action);
    return Done {};
}

Result<Answer> PyroActions::reply(const FramedRequest& request, const RpcValue& result) const
{
    Result<ParsedMessage> m = parse(request.bytes);
    if (!m)
        return Error {m.error()};
    if (Status s = checkUnsigned(*m); !s)
        return Error {s.error()};
    const PyroFrame& f = m->frame;
    switch (f.type) {
    case pyro::MsgInvoke: {
        if (f.oneway)
            return Answer {};
        Result<QByteArray> payload = serialize(result, f.serializer);
        if (!payload)
            return Error {payload.error()};
        return build(*m, pyro::MsgResult, f.batch ? quint16(pyro4::FlagBatch) : quint16(0), f.serializerId, *payload,
                     true);
    }
    case pyro::MsgConnect: {
        Result<QByteArray> payload = serialize(result, f.serializer);
        if (!payload)
            return Error {payload.error()};
        // Pyro4 flags the metadata it adds to CONNECTOK; Pyro5 always sends it and has no such flag.
        const quint16 flags = f.version == 4 && result.member(u"meta") ? quint16(pyro4::FlagMetaOnConnect) : quint16(0);
        return build(*m, pyro::MsgConnectOk, flags, f.serializerId, *payload, true);
    }
    case pyro::MsgPing:
        return build(*m, pyro::MsgPing, 0, pyro::kPingSerializerId, QByteArrayLiteral("pong"), true);
    default:
        return Error {
            QStringLiteral("a %1 %2 message is not answered").arg(versionName(f), pyro::messageTypeName(f.type))};
    }
}

Result<Answer> PyroActions::fault(const FramedRequest& request, const RpcFault& fault) const
{
    Result<ParsedMessage> m = parse(request.bytes);
    if (!m)
        return Error {m.error()};
    if (Status s = checkUnsigned(*m); !s)
        return Error {s.error()};
    const PyroFrame& f = m->frame;
    switch (f.type) {
    case pyro::MsgInvoke: {
        if (f.oneway)
            return Answer {};
        Result<QByteArray> payload = exceptionPayload(fault, f.serializer);
        if (!payload)
            return Error {payload.error()};
        // Pyro4 4.82 sends exception results without a correlation id.
        const quint16 flags = quint16(pyro4::FlagException | (f.batch ? quint16(pyro4::FlagBatch) : quint16(0)));
        return build(*m, pyro::MsgResult, flags, f.serializerId, *payload, false);
    }
    case pyro::MsgConnect: {
        Result<QByteArray> payload = serialize(RpcValue::fromString(fault.message), f.serializer);
        if (!payload)
            return Error {payload.error()};
        return build(*m, pyro::MsgConnectFail, 0, f.serializerId, *payload, true);
    }
    default:
        return Error {QStringLiteral("a %1 %2 message cannot be answered with a fault")
                          .arg(versionName(f), pyro::messageTypeName(f.type))};
    }
}

Result<QByteArray> PyroActions::rewrite(const FramedRequest& request, const RpcValue& params,
                                        const RpcValue& kwargs) const
{
    Result<ParsedMessage> m = parse(request.bytes);
    if (!m)
        return Error {m.error()};
    const PyroFrame& f = m->frame;
    if (f.type != pyro::MsgInvoke || !request.message)
        return Error {QStringLiteral("only a %1 INVOKE has arguments to rewrite").arg(versionName(f))};
    if (f.batch || f.keepSerialized)
        return Error {QStringLiteral("batched calls and calls with serialized blobs cannot be rewritten")};
    if (Status s = checkUnsigned(*m); !s)
        return Error {s.error()};
    const RpcValue value = callValue(f.serializer, request.message->object, request.message->method, params, kwargs);
    Result<QByteArray> payload = serialize(value, f.serializer);
    if (!payload)
        return Error {payload.error()};
    PyroMessageBuilder builder(f.version);
    builder.setType(f.type)
        .setFlags(keptFlags(f, f.flags))
        .setSeq(f.seq)
        .setSerializer(f.serializerId)
        .setPayload(*payload)
        .setCompress(f.compressed)
        .setCorrelationId(f.correlationId);
    for (const PyroAnnotation& a : m->annotations)
        builder.addAnnotation(a.id, a.value);
    return builder.build();
}

Result<Answer> PyroActions::replay(const FramedRequest& request, const RecordedAnswer& answer) const
{
    Result<ParsedMessage> m = parse(request.bytes);
    if (!m)
        return Error {m.error()};
    const PyroFrame& f = m->frame;
    if (!answer.responseBytes.isEmpty()) {
        Result<ParsedMessage> recorded = parse(answer.responseBytes);
        const quint16 expected = f.type == pyro::MsgInvoke ? pyro::MsgResult : f.type == pyro::MsgConnect ? 0 : f.type;
        const bool typeFits = recorded
            && (expected == 0
                    ? recorded->frame.type == pyro::MsgConnectOk || recorded->frame.type == pyro::MsgConnectFail
                    : recorded->frame.type == expected);
        // Serializer ids are numbered per version: the bytes go back as they were only to the same version.
        if (typeFits && recorded->frame.version == f.version && recorded->frame.serializerId == f.serializerId) {
            if (f.type == pyro::MsgInvoke && f.oneway)
                return Answer {};
            // The recorded payload as it was (compressed or not); the client's sequence number and correlation id,
            // a fresh checksum.
            PyroMessageBuilder builder(f.version);
            builder.setType(recorded->frame.type)
                .setFlags(f.version == 5 ? quint16(recorded->frame.flags & ~quint16(pyro5::FlagCorrelationId))
                                         : recorded->frame.flags)
                .setSeq(f.seq)
                .setSerializer(recorded->frame.serializerId)
                .setPayload(recorded->payload);
            if (f.version == 5)
                builder.setCorrelationId(correlationId(*m));
            for (const PyroAnnotation& a : recorded->annotations) {
                if (f.version == 4 && a.id == "CORR")
                    builder.addAnnotation(a.id, correlationId(*m));
                else if (a.id != "HMAC")
                    builder.addAnnotation(a.id, a.value);
            }
            Result<QByteArray> bytes = builder.build();
            if (!bytes)
                return Error {bytes.error()};
            return Answer {std::move(*bytes), false};
        }
    }
    return ProtocolActions::replay(request, answer);
}

bool PyroActions::isAnswer(Direction dir, QByteArrayView message) const
{
    if (dir != Direction::ServerToClient)
        return false;
    std::optional<quint16> type;
    if (Pyro5Header::hasPyro5Version(message)) {
        if (const std::optional<Pyro5Header> header = Pyro5Header::read(message))
            type = header->type;
    } else if (const std::optional<Pyro4Header> header = Pyro4Header::read(message)) {
        type = header->type;
    }
    if (!type)
        return false;
    switch (*type) {
    case pyro::MsgConnectOk:
    case pyro::MsgConnectFail:
    case pyro::MsgResult:
    case pyro::MsgPing:
        return true;
    default:
        return false;
    }
}

} // namespace rpcscope
