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

/// The objects the built-in Pyro daemon serves (Pyro4 or Pyro5, the same objects), as in the Pyro4 tutorial:
/// - `example.greeting`: `get_fortune(name)` → "Hello, {name}. \n"
/// - `example.calculator`: `add(a, b)`, `divide(a, b)` (true division; by zero raises ZeroDivisionError)
/// - `Pyro.Daemon`: the daemon itself: `get_metadata(objectId, as_lists=False)`, `ping()`, `info()`,
///   `registered()`.
/// Unknown objects raise Pyro4.errors.DaemonError('unknown object') (Pyro5.errors.DaemonError for Pyro5), unknown
/// methods AttributeError, wrong arguments TypeError, exactly the classes a stock Pyro proxy re-raises.
class Pyro4Objects
{
public:
    /// `version` 4 or 5: the class names of Pyro's own errors and the form of the metadata follow it.
    explicit Pyro4Objects(int version = 4)
        : m_version(version)
    { }
    int version() const { return m_version; }

    static constexpr QLatin1StringView kGreeting {"example.greeting"};
    static constexpr QLatin1StringView kCalculator {"example.calculator"};
    static constexpr QLatin1StringView kDaemon {"Pyro.Daemon"};

    Pyro4Reply invoke(const QString& object, const QString& method, const RpcArray& params,
                      const RpcStruct& kwargs) const;

    /// The ids of the objects served.
    static QStringList objectIds();
    static bool hasObject(const QString& object);
    /// {'methods': [...], 'oneway': [], 'attrs': []} for a served object; nullopt for others. Pyro4 sends lists,
    /// Pyro5 sets (`version` 5: the arrays are tagged "set").
    static std::optional<RpcValue> metadata(const QString& object, int version = 4);
    /// The exposed method names of `object` (empty for unknown objects).
    static QStringList methodNames(const QString& object);
    /// An exception reply as Pyro4 sends it, with a traceback naming the remote call.
    static Pyro4Reply exception(const QString& className, const QString& message, const QString& where);
    /// "Pyro4.errors.NAME" or "Pyro5.errors.NAME", as this version's daemon names its own errors.
    QString errorClass(const char* name) const;

private:
    int m_version = 4;
};

} // namespace rpcscope
