#pragma once

#include "rpcvalue.h"

#include <QByteArray>

namespace rpcscope {

/// Writes values in Python's marshal format (version 4), which Pyro4's marshal serializer reads and which a daemon
/// uses for a CONNECTFAIL sent before it knows the client's serializer. No object references are written (marshal
/// reads data without them). Mapping as for SerpentWriter; ints wider than 32 bits become TYPE_LONG.
class MarshalWriter
{
public:
    static QByteArray write(const RpcValue& value);
};

} // namespace rpcscope
