#include "callcollection.h"

#include <limits>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace rpcscope::callcollection {

namespace {

constexpr int kMaxDepth = 256;

QJsonObject typed(const char* type, QJsonValue value)
{
    return QJsonObject {{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("value"), std::move(value)}};
}

QJsonObject valueToJson(const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Nil:
        return typed("nil", QJsonValue::Null);
    case RpcValue::Type::Bool:
        return typed("boolean", v.toBool());
    case RpcValue::Type::Int:
        // As text: JSON numbers lose integers past 2^53.
        return typed(v.tag() == QLatin1String("i8") ? "i8" : "int", QString::number(v.toInt()));
    case RpcValue::Type::BigInt:
        return typed("bigint", v.toBigInt().digits);
    case RpcValue::Type::Double:
        return typed("double", QString::fromLatin1(formatDouble(v.toDouble())));
    case RpcValue::Type::Decimal:
        return typed("decimal", v.toDecimal().text);
    case RpcValue::Type::String:
        return typed("string", v.toString());
    case RpcValue::Type::Bytes:
        return typed("base64", QString::fromLatin1(v.toBytes().toBase64()));
    case RpcValue::Type::DateTime:
        return typed("dateTime", v.toDateTime().text);
    case RpcValue::Type::Array: {
        QJsonArray items;
        for (const RpcValue& item : v.toArray())
            items.append(valueToJson(item));
        QJsonObject o = typed("array", items);
        if (!v.tag().isEmpty())
            o.insert(QStringLiteral("tag"), v.tag());
        return o;
    }
    case RpcValue::Type::Struct: {
        QJsonArray members; // an array of [name, value] pairs keeps the order and duplicate names
        for (const RpcMember& m : v.toStruct())
            members.append(QJsonArray {m.first, valueToJson(m.second)});
        return typed("struct", members);
    }
    case RpcValue::Type::Map: {
        QJsonArray entries; // [key, value] pairs, both typed
        for (const RpcMapEntry& e : v.toMap())
            entries.append(QJsonArray {valueToJson(e.first), valueToJson(e.second)});
        return typed("map", entries);
    }
    }
    return typed("nil", QJsonValue::Null);
}

Result<RpcValue> valueFromJson(const QJsonValue& json, int depth)
{
    if (depth > kMaxDepth)
        return Error {QStringLiteral("values nest deeper than %1 levels").arg(kMaxDepth)};
    const QJsonObject o = json.toObject();
    const QString type = o.value(QStringLiteral("type")).toString();
    const QJsonValue value = o.value(QStringLiteral("value"));
    if (type == QLatin1String("nil"))
        return RpcValue::nil();
    if (type == QLatin1String("boolean") && value.isBool())
        return RpcValue::fromBool(value.toBool());
    if (type == QLatin1String("int") || type == QLatin1String("i8")) {
        bool ok = false;
        const qint64 n = value.toString().toLongLong(&ok);
        if (!ok)
            return Error {QStringLiteral("\"%1\" is not an integer").arg(value.toString())};
        RpcValue v = RpcValue::fromInt(n);
        if (type == QLatin1String("i8"))
            v.setTag(QStringLiteral("i8"));
        return v;
    }
    if (type == QLatin1String("bigint"))
        return RpcValue::fromBigInt(value.toString());
    if (type == QLatin1String("decimal"))
        return RpcValue::fromDecimal(value.toString());
    if (type == QLatin1String("double")) {
        const QString text = value.toString();
        if (text == QLatin1String("NaN"))
            return RpcValue::fromDouble(std::numeric_limits<double>::quiet_NaN());
        if (text == QLatin1String("Infinity") || text == QLatin1String("-Infinity"))
            return RpcValue::fromDouble(text.startsWith(QLatin1Char('-')) ? -std::numeric_limits<double>::infinity()
                                                                          : std::numeric_limits<double>::infinity());
        bool ok = false;
        const double d = text.toDouble(&ok);
        if (!ok)
            return Error {QStringLiteral("\"%1\" is not a double").arg(value.toString())};
        return RpcValue::fromDouble(d);
    }
    if (type == QLatin1String("string"))
        return RpcValue::fromString(value.toString());
    if (type == QLatin1String("base64")) {
        auto bytes
            = QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!bytes)
            return Error {QStringLiteral("base64 value is not base64")};
        return RpcValue::fromBytes(*bytes);
    }
    if (type == QLatin1String("dateTime"))
        return RpcValue::fromDateTime(RpcDateTime {value.toString(), std::nullopt});
    if (type == QLatin1String("array") && value.isArray()) {
        RpcArray items;
        for (const QJsonValue& item : value.toArray()) {
            Result<RpcValue> v = valueFromJson(item, depth + 1);
            if (!v)
                return v;
            items.push_back(std::move(*v));
        }
        return RpcValue::fromArray(std::move(items), o.value(QStringLiteral("tag")).toString());
    }
    if (type == QLatin1String("struct") && value.isArray()) {
        RpcStruct members;
        for (const QJsonValue& pair : value.toArray()) {
            const QJsonArray p = pair.toArray();
            if (p.size() != 2 || !p.at(0).isString())
                return Error {QStringLiteral("a struct member must be [name, value]")};
            Result<RpcValue> v = valueFromJson(p.at(1), depth + 1);
            if (!v)
                return v;
            members.emplace_back(p.at(0).toString(), std::move(*v));
        }
        return RpcValue::fromStruct(std::move(members));
    }
    if (type == QLatin1String("map") && value.isArray()) {
        RpcMap entries;
        for (const QJsonValue& pair : value.toArray()) {
            const QJsonArray p = pair.toArray();
            if (p.size() != 2)
                return Error {QStringLiteral("a map entry must be [key, value]")};
            Result<RpcValue> k = valueFromJson(p.at(0), depth + 1);
            if (!k)
                return k;
            Result<RpcValue> v = valueFromJson(p.at(1), depth + 1);
            if (!v)
                return v;
            entries.emplace_back(std::move(*k), std::move(*v));
        }
        return RpcValue::fromMap(std::move(entries));
    }
    return Error {QStringLiteral("unknown or malformed value of type \"%1\"").arg(type)};
}

} // namespace

QByteArray toJson(const std::vector<NamedCall>& calls)
{
    QJsonArray requests;
    for (const NamedCall& named : calls) {
        const ComposedCall& c = named.call;
        QJsonArray params;
        for (const RpcValue& p : c.params)
            params.append(valueToJson(p));
        QJsonObject request {{QStringLiteral("name"), named.name},       {QStringLiteral("endpoint"), c.endpoint},
                             {QStringLiteral("method"), c.method},       {QStringLiteral("serializer"), c.serializer},
                             {QStringLiteral("timeoutMs"), c.timeoutMs}, {QStringLiteral("params"), params}};
        if (!c.kwargs.empty())
            request.insert(QStringLiteral("kwargs"), valueToJson(RpcValue::fromStruct(c.kwargs)));
        if (!c.rawBody.isEmpty())
            request.insert(QStringLiteral("rawBody"), QString::fromUtf8(c.rawBody));
        if (c.pyroTls || c.insecure || !c.caFile.isEmpty()) {
            QJsonObject tls;
            if (c.pyroTls)
                tls.insert(QStringLiteral("pyro"), true);
            if (c.insecure)
                tls.insert(QStringLiteral("insecure"), true);
            if (!c.caFile.isEmpty())
                tls.insert(QStringLiteral("caFile"), c.caFile);
            request.insert(QStringLiteral("tls"), tls);
        }
        requests.append(request);
    }
    const QJsonObject root {{QStringLiteral("format"), QStringLiteral("rpcscope-collection")},
                            {QStringLiteral("version"), 1},
                            {QStringLiteral("requests"), requests}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<std::vector<NamedCall>> fromJson(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return Error {QStringLiteral("not JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset)};
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String("rpcscope-collection"))
        return Error {QStringLiteral("not an RpcScope collection (no \"format\": \"rpcscope-collection\")")};
    std::vector<NamedCall> out;
    const QJsonArray requests = root.value(QStringLiteral("requests")).toArray();
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const QJsonObject r = requests.at(i).toObject();
        NamedCall named;
        named.name = r.value(QStringLiteral("name")).toString();
        named.call.endpoint = r.value(QStringLiteral("endpoint")).toString();
        named.call.method = r.value(QStringLiteral("method")).toString();
        named.call.serializer = r.value(QStringLiteral("serializer")).toString(QStringLiteral("serpent"));
        named.call.timeoutMs = r.value(QStringLiteral("timeoutMs")).toInt(10000);
        named.call.rawBody = r.value(QStringLiteral("rawBody")).toString().toUtf8();
        const QJsonObject tls = r.value(QStringLiteral("tls")).toObject();
        named.call.pyroTls = tls.value(QStringLiteral("pyro")).toBool();
        named.call.insecure = tls.value(QStringLiteral("insecure")).toBool();
        named.call.caFile = tls.value(QStringLiteral("caFile")).toString();
        const QJsonArray params = r.value(QStringLiteral("params")).toArray();
        for (qsizetype p = 0; p < params.size(); ++p) {
            Result<RpcValue> v = valueFromJson(params.at(p), 1);
            if (!v)
                return Error {QStringLiteral("request %1 (\"%2\"), parameter %3: %4")
                                  .arg(i + 1)
                                  .arg(named.name)
                                  .arg(p + 1)
                                  .arg(v.error())};
            named.call.params.push_back(std::move(*v));
        }
        if (r.contains(QStringLiteral("kwargs"))) {
            Result<RpcValue> kw = valueFromJson(r.value(QStringLiteral("kwargs")), 1);
            if (!kw || !kw->isStruct())
                return Error {
                    QStringLiteral("request %1 (\"%2\"): kwargs must be a struct").arg(i + 1).arg(named.name)};
            named.call.kwargs = kw->toStruct();
        }
        out.push_back(std::move(named));
    }
    return out;
}

Status save(const QString& path, const std::vector<NamedCall>& calls)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error {QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    file.write(toJson(calls));
    if (!file.commit())
        return Error {QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
    return Done {};
}

Result<std::vector<NamedCall>> load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error {QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
    constexpr qint64 kMaxCollectionBytes = 64 * 1024 * 1024;
    if (file.size() > kMaxCollectionBytes)
        return Error {QStringLiteral("%1 is larger than %2 bytes").arg(path).arg(kMaxCollectionBytes)};
    Result<std::vector<NamedCall>> calls = fromJson(file.readAll());
    if (!calls)
        return Error {QStringLiteral("%1: %2").arg(path, calls.error())};
    return calls;
}

} // namespace rpcscope::callcollection
