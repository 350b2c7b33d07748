#pragma once

#include "decodelimits.h"
#include "pyvalue.h"

#include <QByteArrayView>

namespace rpcscope {

/// A static disassembler for pickles of protocols 0 to 5. It runs the pickle machine over plain data only: stack,
/// marks and memo are rebuilt, containers and scalars become values, and everything that would import or run code
/// when unpickling (GLOBAL, STACK_GLOBAL, REDUCE, BUILD, INST, OBJ, NEWOBJ, NEWOBJ_EX, EXT*, PERSID) becomes a
/// named node and a plain description of what it would do. Nothing is ever imported, looked up or called.
///
/// An object built by REDUCE/NEWOBJ/INST/OBJ becomes a struct tagged with its callable's name:
/// {"__class__": "builtins.ValueError", "args": (...), "state": {...}} (state from BUILD, "kwargs" for
/// NEWOBJ_EX). The pickles Python writes for sets, frozensets, bytes and bytearrays under protocols 2 and 3
/// (builtins.set(list), _codecs.encode(str, 'latin1')...) are shown as those plain values.
class PickleDisassembler
{
public:
    /// Parses `bytes`, whose first byte is at `base` in the tree's buffer. With `tree`, adds a `pickle.opcodes`
    /// node listing every opcode with its argument and byte range, and a `value` node with the rebuilt value.
    static PyReadResult parse(QByteArrayView bytes, qint64 base, const DecodeLimits& limits, DecodeNode* tree);
};

} // namespace rpcscope
