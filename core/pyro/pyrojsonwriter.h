#pragma once

#include "rpcvalue.h"

#include <QByteArray>

namespace rpcscope {

/// Writes values as Pyro4's json serializer does: json.dumps(value, ensure_ascii=False) with Python's default
/// separators ", " and ": ", UTF-8 text, floats by repr() and NaN/Infinity/-Infinity, tuples and sets as arrays.
/// Values JSON cannot carry in Pyro4 are written as plain objects: bytes as {"data": <base64>, "encoding":
/// "base64"}, complex numbers as {"real": r, "imag": i}; datetimes as their text (isoformat, as Pyro does).
class PyroJsonWriter
{
public:
    static QByteArray write(const RpcValue& value);
    static void writeValue(const RpcValue& value, QByteArray& out);
};

} // namespace rpcscope
