#pragma once

#include "rpcvalue.h"

#include <QByteArray>

namespace rpcscope {

/// Writes values as msgpack the way Pyro4's msgpack serializer (msgpack.packb with use_bin_type=True) does: nil,
/// booleans, ints in the smallest form (ints beyond 64 bits as Pyro's ext type 0x31, their decimal text), floats as
/// float 64, str as UTF-8 str, bytes as bin, every sequence (tuple, list, set) as an array, structs and maps as
/// maps. Decimals and date-times go as their text, as Pyro sends them.
class MsgpackWriter
{
public:
    static QByteArray write(const RpcValue& value);
};

} // namespace rpcscope
