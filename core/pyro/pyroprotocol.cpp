#include "pyroprotocol.h"

namespace rpcscope::pyro {

QString messageTypeName(quint16 type)
{
    switch (type) {
    case MsgConnect:
        return QStringLiteral("CONNECT");
    case MsgConnectOk:
        return QStringLiteral("CONNECTOK");
    case MsgConnectFail:
        return QStringLiteral("CONNECTFAIL");
    case MsgInvoke:
        return QStringLiteral("INVOKE");
    case MsgResult:
        return QStringLiteral("RESULT");
    case MsgPing:
        return QStringLiteral("PING");
    default:
        return QStringLiteral("type %1").arg(type);
    }
}

namespace {
struct Entry
{
    Serializer serializer;
    const char* name;
};
constexpr Entry kNames[] = {
    {Serializer::Serpent, "serpent"}, {Serializer::Json, "json"}, {Serializer::Marshal, "marshal"},
    {Serializer::Pickle, "pickle"},   {Serializer::Dill, "dill"}, {Serializer::Cloudpickle, "cloudpickle"},
    {Serializer::Msgpack, "msgpack"},
};
} // namespace

QString serializerName(Serializer serializer)
{
    for (const Entry& e : kNames) {
        if (e.serializer == serializer)
            return QLatin1StringView(e.name);
    }
    return serializer == Serializer::Ping ? QStringLiteral("none (ping)") : QStringLiteral("unknown");
}

std::optional<Serializer> serializerFromName(QStringView name)
{
    for (const Entry& e : kNames) {
        if (name.compare(QLatin1StringView(e.name), Qt::CaseInsensitive) == 0)
            return e.serializer;
    }
    return std::nullopt;
}

} // namespace rpcscope::pyro
