#include "pyro4actions.h"

#include "intercept/callrule.h"
#include "intercept/msgpackwriter.h"
#include "intercept/picklewriter.h"
#include "pyro4/pyro4annotations.h"
#include "pyro4/pyro4encoder.h"
#include "pyro4/pyro4header.h"
#include "pyro4/pyro4messagebuilder.h"

#include <QRandomGenerator>
#include <QStringList>

namespace rpcscope {

namespace {

// The errors of Pyro4.errors that a client may want raised by name.
const QStringList kPyroErrors = {
    QStringLiteral("PyroError"),     QStringLiteral("CommunicationError"),   QStringLiteral("ConnectionClosedError"),
    QStringLiteral("ProtocolError"), QStringLiteral("MessageTooLargeError"), QStringLiteral("NamingError"),
    QStringLiteral("DaemonError"),   QStringLiteral("SecurityError"),        QStringLiteral("SerializeError"),
};

struct ParsedMessage
{
    Pyro4Header header;
    std::vector<Pyro4Annotation> annotations;
    QByteArray payload;
};

Result<ParsedMessage> parse(const QByteArray& bytes)
{
    const std::optional<Pyro4Header> header = Pyro4Header::read(bytes);
    if (!header || !header->hasMagic() || header->frameLength() > bytes.size())
        return Error {QStringLiteral("not a complete Pyro4 message")};
    ParsedMessage m;
    m.header = *header;
    const QByteArrayView area = QByteArrayView(bytes).sliced(Pyro4Header::kSize, header->annotationsSize);
    Pyro4Annotations::Parsed annotations = Pyro4Annotations::read(area, Pyro4Header::kSize);
    if (!annotations.error.isEmpty())
        return Error {QStringLiteral("the message's annotations cannot be read: %1").arg(annotations.error)};
    m.annotations = std::move(annotations.chunks);
    m.payload = bytes.mid(Pyro4Header::kSize + header->annotationsSize, header->dataSize);
    return m;
}

bool isPickle(quint16 serializer)
{
    return serializer == pyro4::SerPickle || serializer == pyro4::SerDill || serializer == pyro4::SerCloudpickle;
}

Status checkUnsigned(const ParsedMessage& m)
{
    for (const Pyro4Annotation& a : m.annotations) {
        if (a.id == "HMAC")
            return Error {QStringLiteral("the client signs its messages with an HMAC key (Pyro4's _pyroHmacKey) that "
                                         "RpcScope does not have")};
    }
    return Done {};
}

// What a daemon adds to a normal answer: the request's correlation id, or a fresh one (Pyro4 sends a uuid4).
QByteArray correlationId(const ParsedMessage& request)
{
    for (const Pyro4Annotation& a : request.annotations) {
        if (a.id == "CORR")
            return a.value;
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

Result<QByteArray> exceptionPayload(const RpcFault& fault, quint16 serializer)
{
    const QString cls = exceptionClass(fault);
    if (isPickle(serializer)) {
        QString qualified = cls;
        if (!cls.contains(QLatin1Char('.')) && kPyroErrors.contains(cls))
            qualified = QStringLiteral("Pyro4.errors.") + cls;
        return PickleWriter::exception(qualified, fault.message, tracebackLines(fault.detail));
    }
    RpcFault named = fault;
    named.code = RpcValue::fromString(cls);
    return Pyro4Actions::serialize(Pyro4Encoder::exceptionValue(named), serializer);
}

Result<Answer> build(const ParsedMessage& request, quint16 type, quint16 flags, quint16 serializer,
                     const QByteArray& payload, bool withCorrelation)
{
    Pyro4MessageBuilder builder;
    builder.setType(type).setFlags(flags).setSeq(request.header.seq).setSerializer(serializer).setPayload(payload);
    builder.setCompress(request.header.flags & pyro4::FlagCompressed);
    if (withCorrelation)
        builder.addAnnotation(QByteArrayLiteral("CORR"), correlationId(request));
    Result<QByteArray> bytes = builder.build();
    if (!bytes)
        return Error {bytes.error()};
    return Answer {std::move(*bytes), false};
}

// The INVOKE payload in the serializer's shape (Pyro4 util.py, each serializer's dumpsCall).
RpcValue callValue(quint16 serializer, const QString& object, const QString& method, RpcValue vargs, RpcValue kwargs)
{
    if (!kwargs.isStruct())
        kwargs = RpcValue::fromStruct({});
    if (!vargs.isArray())
        vargs = RpcValue::fromArray({vargs});
    if (serializer == pyro4::SerJson) {
        return RpcValue::fromStruct({{QStringLiteral("object"), RpcValue::fromString(object)},
                                     {QStringLiteral("method"), RpcValue::fromString(method)},
                                     {QStringLiteral("params"), std::move(vargs)},
                                     {QStringLiteral("kwargs"), std::move(kwargs)}});
    }
    vargs.setTag(serializer == pyro4::SerMarshal ? QString() : QStringLiteral("tuple"));
    return RpcValue::fromArray(
        {RpcValue::fromString(object), RpcValue::fromString(method), std::move(vargs), std::move(kwargs)},
        serializer == pyro4::SerMsgpack ? QString() : QStringLiteral("tuple"));
}

} // namespace

Result<QByteArray> Pyro4Actions::serialize(const RpcValue& value, quint16 serializerId)
{
    if (isPickle(serializerId))
        return PickleWriter::write(value);
    if (serializerId == pyro4::SerMsgpack)
        return MsgpackWriter::write(value);
    return Pyro4Encoder::serialize(value, serializerId);
}

Status Pyro4Actions::check(const RuleAction& action) const
{
    Q_UNUSED(action);
    return Done {};
}

Result<Answer> Pyro4Actions::reply(const FramedRequest& request, const RpcValue& result) const
{
    Result<ParsedMessage> m = parse(request.bytes);
    if (!m)
        return Error {m.error()};
    if (Status s = checkUnsigned(*m); !s)
        return Error {s.error()};
    const Pyro4Header& h = m->header;
    switch (h.type) {
    case pyro4::MsgInvoke: {
        if (h.flags & pyro4::FlagOneway)
            return Answer {};
        Result<QByteArray> payload = serialize(result, h.serializerId);
        if (!payload)
            return Error {payload.error()};
        return build(*m, pyro4::MsgResult, h.flags & pyro4::FlagBatch, h.serializerId, *payload, true);
    }
    case pyro4::MsgConnect: {
        Result<QByteArray> payload = serialize(result, h.serializerId);
        if (!payload)
            return Error {payload.error()};
        const quint16 flags = result.member(u"meta") ? quint16(pyro4::FlagMetaOnConnect) : quint16(0);
        return build(*m, pyro4::MsgConnectOk, flags, h.serializerId, *payload, true);
    }
    case pyro4::MsgPing:
        return build(*m, pyro4::MsgPing, 0, pyro4::SerPing, QByteArrayLiteral("pong"), true);
    default:
        return Error {QStringLiteral("a Pyro4 %1 message is not answered").arg(pyro4::messageTypeName(h.type))};
    }
}

Result<Answer> Pyro4Actions::fault(const FramedRequest& request, const RpcFault& fault) const
{
    Result<ParsedMessage> m = parse(request.bytes);
    if (!m)
        return Error {m.error()};
    if (Status s = checkUnsigned(*m); !s)
        return Error {s.error()};
    const Pyro4Header& h = m->header;
    switch (h.type) {
    case pyro4::MsgInvoke: {
        if (h.flags & pyro4::FlagOneway)
            return Answer {};
        Result<QByteArray> payload = exceptionPayload(fault, h.serializerId);
        if (!payload)
            return Error {payload.error()};
        // Pyro4 4.82 sends exception results without a correlation id.
        return build(*m, pyro4::MsgResult, quint16(pyro4::FlagException | (h.flags & pyro4::FlagBatch)), h.serializerId,
                     *payload, false);
    }
    case pyro4::MsgConnect: {
        Result<QByteArray> payload = serialize(RpcValue::fromString(fault.message), h.serializerId);
        if (!payload)
            return Error {payload.error()};
        return build(*m, pyro4::MsgConnectFail, 0, h.serializerId, *payload, true);
    }
    default:
        return Error {
            QStringLiteral("a Pyro4 %1 message cannot be answered with a fault").arg(pyro4::messageTypeName(h.type))};
    }
}

Result<QByteArray> Pyro4Actions::rewrite(const FramedRequest& request, const RpcValue& params,
                                         const RpcValue& kwargs) const
{
    Result<ParsedMessage> m = parse(request.bytes);
    if (!m)
        return Error {m.error()};
    const Pyro4Header& h = m->header;
    if (h.type != pyro4::MsgInvoke || !request.message)
        return Error {QStringLiteral("only a Pyro4 INVOKE has arguments to rewrite")};
    if (h.flags & (pyro4::FlagBatch | pyro4::FlagKeepSerialized))
        return Error {QStringLiteral("batched calls and calls with serialized blobs cannot be rewritten")};
    if (Status s = checkUnsigned(*m); !s)
        return Error {s.error()};
    const RpcValue value = callValue(h.serializerId, request.message->object, request.message->method, params, kwargs);
    Result<QByteArray> payload = serialize(value, h.serializerId);
    if (!payload)
        return Error {payload.error()};
    Pyro4MessageBuilder builder;
    builder.setType(h.type)
        .setFlags(h.flags & ~quint16(pyro4::FlagCompressed))
        .setSeq(h.seq)
        .setSerializer(h.serializerId)
        .setPayload(*payload)
        .setCompress(h.flags & pyro4::FlagCompressed);
    for (const Pyro4Annotation& a : m->annotations)
        builder.addAnnotation(a.id, a.value);
    return builder.build();
}

Result<Answer> Pyro4Actions::replay(const FramedRequest& request, const RecordedAnswer& answer) const
{
    Result<ParsedMessage> m = parse(request.bytes);
    if (!m)
        return Error {m.error()};
    if (!answer.responseBytes.isEmpty()) {
        Result<ParsedMessage> recorded = parse(answer.responseBytes);
        const quint16 expected = m->header.type == pyro4::MsgInvoke ? pyro4::MsgResult
            : m->header.type == pyro4::MsgConnect                   ? 0
                                                                    : m->header.type;
        const bool typeFits = recorded
            && (expected == 0
                    ? recorded->header.type == pyro4::MsgConnectOk || recorded->header.type == pyro4::MsgConnectFail
                    : recorded->header.type == expected);
        if (typeFits && recorded->header.serializerId == m->header.serializerId) {
            if (m->header.type == pyro4::MsgInvoke && (m->header.flags & pyro4::FlagOneway))
                return Answer {};
            // The recorded payload as it was (compressed or not); the client's sequence number, a fresh checksum.
            Pyro4MessageBuilder builder;
            builder.setType(recorded->header.type)
                .setFlags(recorded->header.flags)
                .setSeq(m->header.seq)
                .setSerializer(recorded->header.serializerId)
                .setPayload(recorded->payload);
            for (const Pyro4Annotation& a : recorded->annotations) {
                if (a.id == "CORR")
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

bool Pyro4Actions::isAnswer(Direction dir, QByteArrayView message) const
{
    const std::optional<Pyro4Header> header = Pyro4Header::read(message);
    if (dir != Direction::ServerToClient || !header)
        return false;
    switch (header->type) {
    case pyro4::MsgConnectOk:
    case pyro4::MsgConnectFail:
    case pyro4::MsgResult:
    case pyro4::MsgPing:
        return true;
    default:
        return false;
    }
}

} // namespace rpcscope
