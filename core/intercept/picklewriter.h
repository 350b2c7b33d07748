#pragma once

#include "rpcvalue.h"

#include <QByteArray>

namespace rpcscope {

/// Writes values as a pickle (protocol 4) that Python's pickle.loads reads: what the proxy's rules and the mock
/// server answer a Pyro4 client using the pickle (or dill, cloudpickle) serializer with. Only data is written, never
/// code: None, bools, ints of any size, floats, str, bytes, tuples, lists, sets (tag "set"/"frozenset"), dicts
/// (structs, and maps with keys of any type), decimals and date-times as their text (as Pyro's other serializers
/// send them). `exception` writes an exception object the way Pyro pickles a raised one.
class PickleWriter
{
public:
    static QByteArray write(const RpcValue& value);
    /// `module.Class(message)` with `_pyroTraceback` set to `traceback` lines when there are any (builtins when the
    /// class has no module).
    static QByteArray exception(const QString& className, const QString& message, const QStringList& traceback);
};

} // namespace rpcscope
