#pragma once

#include "rpcvalue.h"

#include <QByteArray>

namespace rpcscope {

/// Writes values as Pyro's msgpack serializer does (msgpack.packb with use_bin_type=True and Pyro's `default`):
/// str as the str family (UTF-8; a lone surrogate in its 3-byte form, as Python's surrogatepass writes it), bytes
/// as bin, tuples, lists and sets as arrays, dicts as maps in member order, ints in the smallest msgpack int that
/// holds them and past 64 bits as Pyro's extension 0x31 (ASCII digits), doubles as float 64, complex as extension
/// 0x30 (two little-endian doubles), decimals and date-times as their text. MsgpackReader reads all of it back.
class MsgpackWriter
{
public:
    static QByteArray write(const RpcValue& value);
};

} // namespace rpcscope
