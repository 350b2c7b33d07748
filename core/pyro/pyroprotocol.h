#pragma once

#include <QString>
#include <QStringView>

#include <optional>

/// What Pyro4 and Pyro5 share by number or by name: the message types (the same values in both) and the serializers
/// (the same names, numbered differently by each version: see pyro4::serializerFor and pyro5::serializerFor).
namespace rpcscope::pyro {

enum MessageType : quint16 {
    MsgConnect = 1,
    MsgConnectOk = 2,
    MsgConnectFail = 3,
    MsgInvoke = 4,
    MsgResult = 5,
    MsgPing = 6,
};

/// "CONNECT", "RESULT"...; "type N" for unknown types.
QString messageTypeName(quint16 type);
inline bool isRequestType(quint16 type)
{
    return type == MsgConnect || type == MsgInvoke || type == MsgPing;
}
inline bool isResponseType(quint16 type)
{
    return type == MsgConnectOk || type == MsgConnectFail || type == MsgResult;
}

/// The id both versions give PING messages in the serializer field: their payload is the raw text "ping"/"pong".
constexpr quint16 kPingSerializerId = 42;

enum class Serializer : quint8 {
    Unknown,
    Serpent,
    Json,
    Marshal,
    Pickle,
    Dill,
    Cloudpickle,
    Msgpack,
    Ping, ///< not a serializer: PING's raw text
};

/// "serpent", "json", "marshal", "pickle", "dill", "cloudpickle", "msgpack", "none (ping)", "unknown".
QString serializerName(Serializer serializer);
/// The serializer called `name` (case-insensitive), or nullopt.
std::optional<Serializer> serializerFromName(QStringView name);

/// The name server's object id, the same in both versions.
constexpr QLatin1StringView kNameServerObject {"Pyro.NameServer"};
/// The daemon's own object id, the same in both versions.
constexpr QLatin1StringView kDaemonObject {"Pyro.Daemon"};

} // namespace rpcscope::pyro
