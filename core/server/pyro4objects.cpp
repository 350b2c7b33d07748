#include "pyro4objects.h"

#include <cmath>

namespace rpcscope {

namespace {

struct MethodSpec
{
    const char* object;
    const char* method;
    QStringList params; // names, for keyword arguments
};

const std::vector<MethodSpec>& methodSpecs()
{
    static const std::vector<MethodSpec> specs = {
        {"example.greeting", "get_fortune", {QStringLiteral("name")}},
        {"example.calculator", "add", {QStringLiteral("a"), QStringLiteral("b")}},
        {"example.calculator", "divide", {QStringLiteral("a"), QStringLiteral("b")}},
        {"Pyro.Daemon", "get_metadata", {QStringLiteral("objectId"), QStringLiteral("as_lists")}},
        {"Pyro.Daemon", "info", {}},
        {"Pyro.Daemon", "ping", {}},
        {"Pyro.Daemon", "registered", {}},
    };
    return specs;
}

const MethodSpec* findSpec(const QString& object, const QString& method)
{
    for (const MethodSpec& s : methodSpecs()) {
        if (object == QLatin1String(s.object) && method == QLatin1String(s.method))
            return &s;
    }
    return nullptr;
}

bool isNumber(const RpcValue& v)
{
    return v.type() == RpcValue::Type::Int || v.type() == RpcValue::Type::Double || v.type() == RpcValue::Type::Bool;
}

double asDouble(const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Int:
        return double(v.toInt());
    case RpcValue::Type::Bool:
        return v.toBool() ? 1.0 : 0.0;
    default:
        return v.toDouble();
    }
}

qint64 asInt(const RpcValue& v)
{
    return v.type() == RpcValue::Type::Bool ? (v.toBool() ? 1 : 0) : v.toInt();
}

QString pyTypeName(const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Nil:
        return QStringLiteral("NoneType");
    case RpcValue::Type::Bool:
        return QStringLiteral("bool");
    case RpcValue::Type::Int:
    case RpcValue::Type::BigInt:
        return QStringLiteral("int");
    case RpcValue::Type::Double:
        return QStringLiteral("float");
    case RpcValue::Type::String:
        return QStringLiteral("str");
    case RpcValue::Type::Bytes:
        return QStringLiteral("bytes");
    case RpcValue::Type::DateTime:
        return QStringLiteral("str");
    case RpcValue::Type::Array:
        return v.tag().isEmpty() ? QStringLiteral("list") : v.tag();
    case RpcValue::Type::Struct:
    case RpcValue::Type::Map:
        return QStringLiteral("dict");
    case RpcValue::Type::Decimal:
        return QStringLiteral("decimal.Decimal");
    }
    return QStringLiteral("object");
}

bool isIntegral(const RpcValue& v)
{
    return v.type() == RpcValue::Type::Int || v.type() == RpcValue::Type::Bool;
}

Pyro4Reply add(const RpcValue& a, const RpcValue& b, const QString& where)
{
    if (isIntegral(a) && isIntegral(b)) {
        qint64 sum = 0;
        if (!__builtin_add_overflow(asInt(a), asInt(b), &sum))
            return {RpcValue::fromInt(sum), std::nullopt};
        const __int128 wide = __int128(asInt(a)) + __int128(asInt(b));
        // Beyond 64 bits Python keeps an exact int: write its digits.
        const bool negative = wide < 0;
        unsigned __int128 magnitude = negative ? -(unsigned __int128)wide : (unsigned __int128)wide;
        QString digits;
        do {
            digits.prepend(QChar(u'0' + int(magnitude % 10)));
            magnitude /= 10;
        } while (magnitude != 0);
        if (negative)
            digits.prepend(QLatin1Char('-'));
        return {RpcValue::fromBigInt(digits), std::nullopt};
    }
    if (isNumber(a) && isNumber(b))
        return {RpcValue::fromDouble(asDouble(a) + asDouble(b)), std::nullopt};
    if (a.isString() && b.isString())
        return {RpcValue::fromString(a.toString() + b.toString()), std::nullopt};
    return Pyro4Objects::exception(
        QStringLiteral("builtins.TypeError"),
        QStringLiteral("unsupported operand type(s) for +: '%1' and '%2'").arg(pyTypeName(a), pyTypeName(b)), where);
}

Pyro4Reply divide(const RpcValue& a, const RpcValue& b, const QString& where)
{
    if (!isNumber(a) || !isNumber(b)) {
        return Pyro4Objects::exception(
            QStringLiteral("builtins.TypeError"),
            QStringLiteral("unsupported operand type(s) for /: '%1' and '%2'").arg(pyTypeName(a), pyTypeName(b)),
            where);
    }
    if (asDouble(b) == 0.0) {
        const bool integral = isIntegral(a) && isIntegral(b);
        return Pyro4Objects::exception(
            QStringLiteral("builtins.ZeroDivisionError"),
            integral ? QStringLiteral("division by zero") : QStringLiteral("float division by zero"), where);
    }
    return {RpcValue::fromDouble(asDouble(a) / asDouble(b)), std::nullopt};
}

RpcValue stringList(const QStringList& items, const QString& tag = QString())
{
    RpcArray out;
    for (const QString& s : items)
        out.push_back(RpcValue::fromString(s));
    return RpcValue::fromArray(std::move(out), tag);
}

} // namespace

QStringList Pyro4Objects::objectIds()
{
    return {QString(kDaemon), QString(kCalculator), QString(kGreeting)};
}

bool Pyro4Objects::hasObject(const QString& object)
{
    return objectIds().contains(object);
}

QStringList Pyro4Objects::methodNames(const QString& object)
{
    QStringList names;
    for (const MethodSpec& s : methodSpecs()) {
        if (object == QLatin1String(s.object))
            names << QLatin1String(s.method);
    }
    return names;
}

std::optional<RpcValue> Pyro4Objects::metadata(const QString& object, int version)
{
    if (!hasObject(object))
        return std::nullopt;
    // Pyro5's daemon answers sets (get_metadata without as_lists); Pyro4's CONNECTOK carries lists.
    const QString tag = version == 5 ? QStringLiteral("set") : QString();
    return RpcValue::fromStruct({{QStringLiteral("methods"), stringList(methodNames(object), tag)},
                                 {QStringLiteral("oneway"), RpcValue::fromArray({}, tag)},
                                 {QStringLiteral("attrs"), RpcValue::fromArray({}, tag)}});
}

QString Pyro4Objects::errorClass(const char* name) const
{
    return QStringLiteral("Pyro%1.errors.%2").arg(m_version).arg(QLatin1StringView(name));
}

Pyro4Reply Pyro4Objects::exception(const QString& className, const QString& message, const QString& where)
{
    const QString shortName = className.section(QLatin1Char('.'), -1);
    const QString traceback = QStringLiteral("Traceback (most recent call last):\n"
                                             "  File \"<rpcscope test daemon>\", in %1\n"
                                             "%2: %3\n")
                                  .arg(where, shortName, message);
    return {{}, RpcFault {RpcValue::fromString(className), message, traceback}};
}

Pyro4Reply Pyro4Objects::invoke(const QString& object, const QString& method, const RpcArray& params,
                                const RpcStruct& kwargs) const
{
    const QString where = object + QLatin1Char('.') + method;
    if (!hasObject(object))
        return exception(errorClass("DaemonError"), QStringLiteral("unknown object"), where);
    const MethodSpec* spec = findSpec(object, method);
    if (!spec) {
        return exception(
            QStringLiteral("builtins.AttributeError"),
            QStringLiteral("remote object '%1' has no exposed attribute or method '%2'").arg(object, method), where);
    }
    // Bind positional and keyword arguments to the parameter names, as Python would.
    std::vector<std::optional<RpcValue>> args(spec->params.size());
    if (params.size() > size_t(spec->params.size())) {
        return exception(QStringLiteral("builtins.TypeError"),
                         QStringLiteral("%1() takes %2 positional arguments but %3 were given")
                             .arg(method)
                             .arg(spec->params.size())
                             .arg(params.size()),
                         where);
    }
    for (size_t i = 0; i < params.size(); ++i)
        args[i] = params[i];
    for (const RpcMember& kw : kwargs) {
        const qsizetype i = spec->params.indexOf(kw.first);
        if (i < 0 || args[size_t(i)]) {
            return exception(QStringLiteral("builtins.TypeError"),
                             QStringLiteral("%1() got an unexpected keyword argument '%2'").arg(method, kw.first),
                             where);
        }
        args[size_t(i)] = kw.second;
    }
    // Only get_metadata's as_lists is optional.
    if (method == QLatin1String("get_metadata") && !args[1])
        args[1] = RpcValue::fromBool(false);
    for (size_t i = 0; i < args.size(); ++i) {
        if (!args[i]) {
            return exception(
                QStringLiteral("builtins.TypeError"),
                QStringLiteral("%1() missing required argument: '%2'").arg(method, spec->params[qsizetype(i)]), where);
        }
    }

    if (method == QLatin1String("get_fortune")) {
        if (!args[0]->isString())
            return {RpcValue::fromString(QStringLiteral("Hello, %1. \n").arg(args[0]->toDisplayString())),
                    std::nullopt};
        return {RpcValue::fromString(QStringLiteral("Hello, %1. \n").arg(args[0]->toString())), std::nullopt};
    }
    if (method == QLatin1String("add"))
        return add(*args[0], *args[1], where);
    if (method == QLatin1String("divide"))
        return divide(*args[0], *args[1], where);
    if (method == QLatin1String("get_metadata")) {
        if (!args[0]->isString() || !hasObject(args[0]->toString()))
            return exception(errorClass("DaemonError"), QStringLiteral("unknown object"), where);
        // as_lists=True asks Pyro5's daemon for lists; Pyro4's always answers lists.
        const bool lists = args[1]->type() == RpcValue::Type::Bool && args[1]->toBool();
        return {*metadata(args[0]->toString(), lists ? 4 : m_version), std::nullopt};
    }
    if (method == QLatin1String("ping"))
        return {RpcValue::nil(), std::nullopt};
    if (method == QLatin1String("info"))
        return {RpcValue::fromString(m_version == 5 ? QStringLiteral("RpcScope test daemon (Pyro5 protocol 502)")
                                                    : QStringLiteral("RpcScope test daemon (Pyro4 protocol 48)")),
                std::nullopt};
    if (method == QLatin1String("registered"))
        return {stringList(objectIds()), std::nullopt};
    return exception(QStringLiteral("builtins.AttributeError"), QStringLiteral("no such method"), where);
}

} // namespace rpcscope
