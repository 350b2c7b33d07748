#pragma once

#include "decodelimits.h"
#include "pyvalue.h"

#include <QByteArrayView>

namespace rpcscope {

/// Reads Python 3.11's marshal format (version 4) for the value types Pyro4's marshal serializer sends: None,
/// bools, Ellipsis, ints (32-bit, 64-bit and long), binary and text floats and complex numbers, bytes, every str
/// form (unicode, interned, ascii, short ascii), tuples (incl. small), lists, dicts, sets, frozensets, and object
/// references (FLAG_REF marks an object to remember, TYPE_REF repeats one). Code objects are refused.
class MarshalReader
{
public:
    /// Parses `bytes`, whose first byte is at `base` in the tree's buffer; with `tree`, adds a `value` node.
    static PyReadResult parse(QByteArrayView bytes, qint64 base, const DecodeLimits& limits, DecodeNode* tree);
};

} // namespace rpcscope
