#include "xmlrpcmethods.h"

#include <algorithm>
#include <cmath>

namespace rpcscope {

namespace {

struct MethodInfo
{
    const char* name;
    const char* signature; // return type then parameter types, space-separated; "" when it varies
    const char* help;
};

constexpr MethodInfo kMethods[] = {
    {"add", "int int int|double double double", "add(a, b): the sum of two numbers (ints give an int)."},
    {"echo", "", "echo(value): returns its argument unchanged, of any type."},
    {"types", "struct", "types(): a struct with one member of every XML-RPC type."},
    {"fault", "struct int string", "fault(code, message): answers with that fault."},
    {"sleep", "int int", "sleep(ms): replies with ms after waiting that long, without blocking other calls."},
    {"system.listMethods", "array", "system.listMethods(): the names of all methods."},
    {"system.methodSignature", "array string", "system.methodSignature(name): the method's signatures."},
    {"system.methodHelp", "string string", "system.methodHelp(name): a description of the method."},
    {"system.multicall", "array array",
     "system.multicall(calls): runs [{methodName, params}...]; each result is wrapped in an array, each fault is "
     "a fault struct."},
};

const MethodInfo* findMethod(const QString& name)
{
    for (const MethodInfo& m : kMethods) {
        if (name == QLatin1String(m.name))
            return &m;
    }
    return nullptr;
}

bool isNumber(const RpcValue& v)
{
    return v.type() == RpcValue::Type::Int || v.type() == RpcValue::Type::Double;
}

double asDouble(const RpcValue& v)
{
    return v.type() == RpcValue::Type::Int ? double(v.toInt()) : v.toDouble();
}

XmlRpcReply wrongArguments(const QString& method, const QString& expected)
{
    return XmlRpcReply::failure(xmlrpcfault::InvalidParams,
                                QStringLiteral("wrong arguments for %1: expected %2").arg(method, expected));
}

XmlRpcReply add(const RpcArray& p)
{
    if (p.size() != 2 || !isNumber(p[0]) || !isNumber(p[1]))
        return wrongArguments(QStringLiteral("add"), QStringLiteral("two numbers"));
    if (p[0].isInt() && p[1].isInt()) {
        qint64 sum = 0;
        if (__builtin_add_overflow(p[0].toInt(), p[1].toInt(), &sum))
            return XmlRpcReply::failure(xmlrpcfault::InvalidParams, QStringLiteral("add: the sum overflows 64 bits"));
        return XmlRpcReply::value(RpcValue::fromInt(sum));
    }
    return XmlRpcReply::value(RpcValue::fromDouble(asDouble(p[0]) + asDouble(p[1])));
}

XmlRpcReply fault(const RpcArray& p)
{
    if (p.size() != 2 || !p[0].isInt() || !p[1].isString())
        return wrongArguments(QStringLiteral("fault"), QStringLiteral("an int code and a string message"));
    const qint64 code = p[0].toInt();
    return {{}, RpcFault {RpcValue::fromInt(code), p[1].toString(), {}}, 0};
}

XmlRpcReply sleep(const RpcArray& p)
{
    if (p.size() != 1 || !p[0].isInt() || p[0].toInt() < 0 || p[0].toInt() > XmlRpcMethods::kMaxSleepMs)
        return wrongArguments(QStringLiteral("sleep"),
                              QStringLiteral("milliseconds from 0 to %1").arg(XmlRpcMethods::kMaxSleepMs));
    XmlRpcReply reply = XmlRpcReply::value(p[0]);
    reply.delayMs = int(p[0].toInt());
    return reply;
}

RpcValue faultStruct(const RpcFault& f)
{
    return RpcValue::fromStruct(
        {{QStringLiteral("faultCode"), f.code}, {QStringLiteral("faultString"), RpcValue::fromString(f.message)}});
}

} // namespace

QStringList XmlRpcMethods::methodNames()
{
    QStringList names;
    for (const MethodInfo& m : kMethods)
        names << QLatin1String(m.name);
    names.sort();
    return names;
}

std::optional<RpcValue> XmlRpcMethods::signature(const QString& method)
{
    const MethodInfo* info = findMethod(method);
    if (!info)
        return std::nullopt;
    const QString text = QLatin1String(info->signature);
    if (text.isEmpty()) // varies with the argument: say so the way Python's servers do
        return RpcValue::fromString(QStringLiteral("signatures not supported"));
    RpcArray signatures;
    for (const QString& one : text.split(QLatin1Char('|'))) {
        RpcArray types;
        for (const QString& type : one.split(QLatin1Char(' '), Qt::SkipEmptyParts))
            types.push_back(RpcValue::fromString(type));
        signatures.push_back(RpcValue::fromArray(std::move(types)));
    }
    return RpcValue::fromArray(std::move(signatures));
}

std::optional<QString> XmlRpcMethods::help(const QString& method)
{
    const MethodInfo* info = findMethod(method);
    if (!info)
        return std::nullopt;
    return QString::fromLatin1(info->help);
}

RpcValue XmlRpcMethods::typesValue()
{
    RpcValue big = RpcValue::fromInt(Q_INT64_C(9007199254740993));
    big.setTag(QStringLiteral("i8"));
    return RpcValue::fromStruct({
        {QStringLiteral("int"), RpcValue::fromInt(42)},
        {QStringLiteral("i8"), big},
        {QStringLiteral("boolean"), RpcValue::fromBool(true)},
        {QStringLiteral("string"), RpcValue::fromString(QStringLiteral("Hello, <world> & ünïcödé"))},
        {QStringLiteral("double"), RpcValue::fromDouble(3.25)},
        {QStringLiteral("dateTime.iso8601"),
         RpcValue::fromDateTime(RpcDateTime {QStringLiteral("19980717T14:08:55"), Q_INT64_C(900684535000)})},
        {QStringLiteral("base64"), RpcValue::fromBytes(QByteArray("you can't read this!"))},
        {QStringLiteral("array"),
         RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::fromString(QStringLiteral("two"))})},
        {QStringLiteral("struct"), RpcValue::fromStruct({{QStringLiteral("member"), RpcValue::fromInt(1)}})},
        {QStringLiteral("nil"), RpcValue::nil()},
    });
}

XmlRpcReply XmlRpcMethods::invoke(const QString& method, const RpcArray& p) const
{
    if (method == QLatin1String("add"))
        return add(p);
    if (method == QLatin1String("echo")) {
        if (p.size() != 1)
            return wrongArguments(method, QStringLiteral("one value"));
        return XmlRpcReply::value(p[0]);
    }
    if (method == QLatin1String("types")) {
        if (!p.empty())
            return wrongArguments(method, QStringLiteral("no arguments"));
        return XmlRpcReply::value(typesValue());
    }
    if (method == QLatin1String("fault"))
        return fault(p);
    if (method == QLatin1String("sleep"))
        return sleep(p);
    if (method == QLatin1String("system.listMethods")) {
        RpcArray names;
        for (const QString& name : methodNames())
            names.push_back(RpcValue::fromString(name));
        return XmlRpcReply::value(RpcValue::fromArray(std::move(names)));
    }
    if (method == QLatin1String("system.methodSignature") || method == QLatin1String("system.methodHelp")) {
        if (p.size() != 1 || !p[0].isString())
            return wrongArguments(method, QStringLiteral("a method name"));
        const bool wantsSignature = method == QLatin1String("system.methodSignature");
        if (wantsSignature) {
            if (auto s = signature(p[0].toString()))
                return XmlRpcReply::value(*s);
        } else if (auto h = help(p[0].toString())) {
            return XmlRpcReply::value(RpcValue::fromString(*h));
        }
        return XmlRpcReply::failure(xmlrpcfault::MethodNotFound,
                                    QStringLiteral("method \"%1\" is not supported").arg(p[0].toString()));
    }
    if (method == QLatin1String("system.multicall"))
        return multicall(p);
    return XmlRpcReply::failure(xmlrpcfault::MethodNotFound,
                                QStringLiteral("method \"%1\" is not supported").arg(method));
}

XmlRpcReply XmlRpcMethods::multicall(const RpcArray& p) const
{
    if (p.size() != 1 || !p[0].isArray())
        return wrongArguments(QStringLiteral("system.multicall"), QStringLiteral("an array of call structs"));
    const RpcArray& calls = p[0].toArray();
    if (calls.size() > size_t(kMaxMulticallCalls))
        return XmlRpcReply::failure(xmlrpcfault::InvalidParams,
                                    QStringLiteral("system.multicall: more than %1 calls").arg(kMaxMulticallCalls));
    RpcArray results;
    results.reserve(calls.size());
    int delayMs = 0;
    for (const RpcValue& call : calls) {
        const RpcValue* name = call.isStruct() ? call.member(u"methodName") : nullptr;
        const RpcValue* params = call.isStruct() ? call.member(u"params") : nullptr;
        XmlRpcReply reply;
        if (!name || !name->isString() || (params && !params->isArray())) {
            reply = XmlRpcReply::failure(xmlrpcfault::InvalidParams,
                                         QStringLiteral("each call must be a struct with methodName and params"));
        } else if (name->toString() == QLatin1String("system.multicall")) {
            reply = XmlRpcReply::failure(xmlrpcfault::InvalidRequest,
                                         QStringLiteral("system.multicall cannot be called recursively"));
        } else {
            reply = invoke(name->toString(), params ? params->toArray() : RpcArray {});
        }
        delayMs = std::max(delayMs, reply.delayMs);
        if (reply.fault)
            results.push_back(faultStruct(*reply.fault));
        else
            results.push_back(RpcValue::fromArray({std::move(reply.result)}));
    }
    XmlRpcReply out = XmlRpcReply::value(RpcValue::fromArray(std::move(results)));
    out.delayMs = delayMs;
    return out;
}

} // namespace rpcscope
