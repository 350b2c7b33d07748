#pragma once

#include "decodelimits.h"
#include "pyvalue.h"

#include <QByteArrayView>

namespace rpcscope {

/// Reads msgpack as Pyro4's msgpack serializer writes it (msgpack-python, use_bin_type=True): every msgpack type,
/// plus Pyro's extension types 0x30 complex (two doubles), 0x31 int of any size (ASCII digits), 0x32 datetime
/// (a double timestamp) and 0x33 date (a day ordinal). Pyro writes extension payloads in the sender's native byte
/// order; we read them little-endian, as every machine Pyro4 is seen on (x86, ARM) sends them.
class MsgpackReader
{
public:
    /// Parses `bytes`, whose first byte is at `base` in the tree's buffer; with `tree`, adds a `value` node.
    static PyReadResult parse(QByteArrayView bytes, qint64 base, const DecodeLimits& limits, DecodeNode* tree);
};

} // namespace rpcscope
