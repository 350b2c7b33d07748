#pragma once

#include "message.h"
#include "rpcvalue.h"

#include <QStringList>

#include <optional>

namespace rpcscope {

/// What a Pyro4 test object answers: a value, or an exception (`fault.code` is the Python class name such as
/// "builtins.ZeroDivisionError", `fault.message` its argument, `fault.detail` the remote traceback).
struct Pyro4Reply
{
    RpcValue result;
    std::optional<RpcFault> fault;
};

/// The objects the built-in Pyro4 daemon serves, as in the Pyro4 tutorial:
/// - `example.greeting`: `get_fortune(name)` → "Hello, {name}. \n"
/// - `example.calculator`: `add(a, b)`, `divide(a, b)` (true division; by zero raises ZeroDivisionError)
/// - `Pyro.Daemon`: the daemon itself: `get_metadata(objectId, as_lists=False)`, `ping()`, `info()`,
///   `registered()`.
/// Unknown objects raise Pyro4.errors.DaemonError('unknown object'), unknown methods AttributeError, wrong
/// arguments TypeError, exactly the classes a stock Pyro4 proxy re-raises.
class Pyro4Objects
{
public:
    static constexpr QLatin1StringView kGreeting {"example.greeting"};
    static constexpr QLatin1StringView kCalculator {"example.calculator"};
    static constexpr QLatin1StringView kDaemon {"Pyro.Daemon"};

    Pyro4Reply invoke(const QString& object, const QString& method, const RpcArray& params,
                      const RpcStruct& kwargs) const;

    /// The ids of the objects served.
    static QStringList objectIds();
    static bool hasObject(const QString& object);
    /// {'methods': [...], 'oneway': [], 'attrs': []} for a served object; nullopt for others.
    static std::optional<RpcValue> metadata(const QString& object);
    /// The exposed method names of `object` (empty for unknown objects).
    static QStringList methodNames(const QString& object);
    /// An exception reply as Pyro4 sends it, with a traceback naming the remote call.
    static Pyro4Reply exception(const QString& className, const QString& message, const QString& where);
};

} // namespace rpcscope
