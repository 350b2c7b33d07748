#include "pyroencoder.h"

#include "pyro/marshalwriter.h"
#include "pyro/msgpackwriter.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyrojsonwriter.h"
#include "pyro/pyromessagebuilder.h"
#include "pyro/serpentwriter.h"

#include <QStringList>
#include <QUuid>

namespace rpcscope {

namespace {

RpcValue tuple(RpcArray items)
{
    return RpcValue::fromArray(std::move(items), QStringLiteral("tuple"));
}

RpcValue argsTuple(const RpcValue& params)
{
    RpcValue t = params.isArray() ? params : RpcValue::fromArray({params});
    if (t.tag().isEmpty() || t.tag() == QLatin1String("list"))
        t.setTag(QStringLiteral("tuple"));
    return t;
}

RpcValue kwargsDict(const RpcValue& kwargs)
{
    return kwargs.isStruct() ? kwargs : RpcValue::fromStruct({});
}

// The INVOKE payload in the serializer's shape: a (object, method, vargs, kwargs) tuple, a json object, or for
// marshal a tuple whose vargs is a list (Pyro's MarshalSerializer.dumpsCall, in both versions).
RpcValue callValue(pyro::Serializer serializer, const QString& object, const QString& method, RpcValue vargs,
                   RpcValue kwargs)
{
    if (serializer == pyro::Serializer::Json) {
        return RpcValue::fromStruct({{QStringLiteral("object"), RpcValue::fromString(object)},
                                     {QStringLiteral("method"), RpcValue::fromString(method)},
                                     {QStringLiteral("params"), std::move(vargs)},
                                     {QStringLiteral("kwargs"), std::move(kwargs)}});
    }
    if (serializer == pyro::Serializer::Marshal)
        vargs.setTag(QString());
    return tuple({RpcValue::fromString(object), RpcValue::fromString(method), std::move(vargs), std::move(kwargs)});
}

quint16 typeFromOption(const QString& name)
{
    static const QStringList names
        = {QStringLiteral("connect"), QStringLiteral("connectok"), QStringLiteral("connectfail"),
           QStringLiteral("invoke"),  QStringLiteral("result"),    QStringLiteral("ping")};
    const qsizetype i = names.indexOf(name.toLower());
    return i < 0 ? 0 : static_cast<quint16>(i + 1);
}

quint16 impliedType(const DecodedMessage& m)
{
    if (m.kind == MessageKind::Request) {
        if (m.method == QLatin1String("<connect>"))
            return pyro::MsgConnect;
        if (m.method == QLatin1String("<ping>"))
            return pyro::MsgPing;
        return pyro::MsgInvoke;
    }
    if (m.method == QLatin1String("<connect>"))
        return m.fault || m.status == CallStatus::Exception ? pyro::MsgConnectFail : pyro::MsgConnectOk;
    if (m.method == QLatin1String("<ping>"))
        return pyro::MsgPing;
    return pyro::MsgResult;
}

// The serializer's id in `version`'s numbering, or 0 if that version has no such serializer.
quint16 serializerIdIn(int version, pyro::Serializer serializer)
{
    return version == 5 ? pyro5::serializerId(serializer) : pyro4::serializerId(serializer);
}

// A correlation id given as 16 bytes or as UUID text.
QByteArray correlationBytes(const QVariant& option)
{
    const QByteArray raw = option.toByteArray();
    if (raw.size() == 16)
        return raw;
    const QUuid uuid = QUuid::fromString(option.toString());
    return uuid.isNull() ? raw : uuid.toRfc4122();
}

} // namespace

QString PyroEncoder::exceptionWrapperClass(int version)
{
    return version == 5 ? QStringLiteral("Pyro5.core._ExceptionWrapper")
                        : QStringLiteral("Pyro4.futures._ExceptionWrapper");
}

RpcValue PyroEncoder::exceptionValue(const RpcFault& fault)
{
    QString cls = fault.code.isString() ? fault.code.toString() : QString();
    if (cls.isEmpty())
        cls = QStringLiteral("builtins.Exception");
    RpcArray lines;
    if (!fault.detail.isEmpty()) {
        const QStringList parts = fault.detail.split(QLatin1Char('\n'));
        for (qsizetype i = 0; i < parts.size(); ++i) {
            if (i + 1 == parts.size() && parts[i].isEmpty())
                break;
            lines.push_back(RpcValue::fromString(parts[i] + (i + 1 < parts.size() ? QStringLiteral("\n") : QString())));
        }
    }
    RpcStruct attributes;
    if (!lines.empty())
        attributes.emplace_back(QStringLiteral("_pyroTraceback"), RpcValue::fromArray(std::move(lines)));
    RpcArray args;
    if (!fault.message.isEmpty())
        args.push_back(RpcValue::fromString(fault.message));
    return RpcValue::fromStruct({{QStringLiteral("__class__"), RpcValue::fromString(cls)},
                                 {QStringLiteral("__exception__"), RpcValue::fromBool(true)},
                                 {QStringLiteral("args"), tuple(std::move(args))},
                                 {QStringLiteral("attributes"), RpcValue::fromStruct(std::move(attributes))}},
                                cls);
}

Result<QByteArray> PyroEncoder::serialize(const RpcValue& value, pyro::Serializer serializer)
{
    switch (serializer) {
    case pyro::Serializer::Serpent:
        return SerpentWriter::write(value);
    case pyro::Serializer::Json:
        return PyroJsonWriter::write(value);
    case pyro::Serializer::Marshal:
        return MarshalWriter::write(value);
    case pyro::Serializer::Msgpack:
        return MsgpackWriter::write(value);
    default:
        return Error {QStringLiteral("cannot write the %1 serializer (serpent, json, marshal and msgpack can be "
                                     "written)")
                          .arg(pyro::serializerName(serializer))};
    }
}

Result<QByteArray> PyroEncoder::encode(const DecodedMessage& m, const EncodeOptions& options, int version)
{
    const QString versionName = version == 5 ? QStringLiteral("Pyro5") : QStringLiteral("Pyro4");
    const QString serializerText = options.value(QStringLiteral("serializer"), QStringLiteral("serpent")).toString();
    const std::optional<pyro::Serializer> chosen = pyro::serializerFromName(serializerText);
    if (!chosen || serializerIdIn(version, *chosen) == 0)
        return Error {QStringLiteral("unknown %1 serializer \"%2\"").arg(versionName, serializerText)};
    pyro::Serializer serializer = *chosen;
    quint16 serializerId = serializerIdIn(version, serializer);
    quint16 type = impliedType(m);
    if (options.contains(QStringLiteral("type"))) {
        type = typeFromOption(options.value(QStringLiteral("type")).toString());
        if (type == 0)
            return Error {QStringLiteral("unknown %1 message type \"%2\"")
                              .arg(versionName, options.value(QStringLiteral("type")).toString())};
    }
    // The bits for exception, oneway and batch are the same in both versions.
    quint16 flags = static_cast<quint16>(options.value(QStringLiteral("flags"), 0).toUInt());
    const bool metadata = options.value(QStringLiteral("metadata"), true).toBool();
    RpcValue payloadValue;
    QByteArray rawPayload;
    bool raw = false;

    switch (type) {
    case pyro::MsgConnect: {
        const RpcValue handshake
            = m.params.toArray().empty() ? RpcValue::fromString(QStringLiteral("hello")) : m.params.toArray().front();
        RpcStruct data {{QStringLiteral("handshake"), handshake}};
        // Pyro5 always names the object; Pyro4 only when it asks for the metadata.
        if (version == 5 || metadata) {
            data.emplace_back(QStringLiteral("object"), RpcValue::fromString(m.object));
            if (version == 4)
                flags |= pyro4::FlagMetaOnConnect;
        }
        payloadValue = RpcValue::fromStruct(std::move(data));
        break;
    }
    case pyro::MsgConnectOk:
        payloadValue = m.result.isNil() ? RpcValue::fromString(QStringLiteral("hello")) : m.result;
        if (version == 4 && payloadValue.member(u"meta"))
            flags |= pyro4::FlagMetaOnConnect;
        break;
    case pyro::MsgConnectFail:
        payloadValue = RpcValue::fromString(m.fault ? m.fault->message : m.result.toString());
        break;
    case pyro::MsgInvoke: {
        const bool batch = m.method == QLatin1String("<batch>") || !m.subCalls.empty();
        if (!m.expectsReply)
            flags |= pyro4::FlagOneway;
        if (batch) {
            flags |= pyro4::FlagBatch;
            RpcArray calls;
            if (!m.subCalls.empty()) {
                for (const SubCall& s : m.subCalls)
                    calls.push_back(tuple({RpcValue::fromString(s.method), argsTuple(s.params), kwargsDict(s.kwargs)}));
            } else {
                calls = m.params.toArray();
            }
            payloadValue = callValue(serializer, m.object, QStringLiteral("<batch>"), RpcValue::fromArray(calls),
                                     RpcValue::nil());
        } else {
            payloadValue = callValue(serializer, m.object, m.method, argsTuple(m.params), kwargsDict(m.kwargs));
        }
        break;
    }
    case pyro::MsgResult:
        if (m.fault || m.status == CallStatus::Exception) {
            flags |= pyro4::FlagException;
            payloadValue = exceptionValue(m.fault.value_or(RpcFault {}));
        } else if (!m.subCalls.empty()) {
            flags |= pyro4::FlagBatch;
            RpcArray results;
            for (const SubCall& s : m.subCalls) {
                if (s.fault || s.status == CallStatus::Exception) {
                    results.push_back(RpcValue::fromStruct(
                        {{QStringLiteral("__class__"), RpcValue::fromString(exceptionWrapperClass(version))},
                         {QStringLiteral("exception"), exceptionValue(s.fault.value_or(RpcFault {}))}}));
                    break; // Pyro stops a batch at its first failure
                }
                results.push_back(s.result);
            }
            payloadValue = RpcValue::fromArray(std::move(results));
        } else {
            payloadValue = m.result;
        }
        break;
    case pyro::MsgPing:
        raw = true;
        serializer = pyro::Serializer::Ping;
        serializerId = pyro::kPingSerializerId;
        rawPayload = m.kind == MessageKind::Request ? QByteArrayLiteral("ping") : QByteArrayLiteral("pong");
        break;
    default:
        return Error {QStringLiteral("cannot write %1 message type %2").arg(versionName).arg(type)};
    }

    PyroMessageBuilder builder(version);
    builder.setType(type).setSeq(
        static_cast<quint16>(options.value(QStringLiteral("seq"), m.pairKey.value_or(0)).toUInt()));
    if (raw) {
        builder.setPayload(rawPayload);
    } else {
        Result<QByteArray> payload = serialize(payloadValue, serializer);
        if (!payload)
            return Error {payload.error()};
        builder.setPayload(*payload);
    }
    builder.setSerializer(serializerId).setFlags(flags);
    builder.setCompress(options.value(QStringLiteral("compress"), false).toBool());
    if (version == 5 && options.contains(QStringLiteral("correlationId")))
        builder.setCorrelationId(correlationBytes(options.value(QStringLiteral("correlationId"))));
    const QVariantMap annotations = options.value(QStringLiteral("annotations")).toMap();
    for (auto it = annotations.constBegin(); it != annotations.constEnd(); ++it)
        builder.addAnnotation(it.key().toLatin1(), it.value().toByteArray());
    return builder.build();
}

} // namespace rpcscope
