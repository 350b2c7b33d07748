#include "pickleopcodes.h"

#include <array>

namespace rpcscope {

namespace {
using A = PickleOpcode::Arg;

// clang-format off
constexpr PickleOpcode kOpcodes[] = {
    {'I', "INT", A::DecimalLine, 0, "Pushes an int written in decimal; 01 and 00 stand for True and False."},
    {'J', "BININT", A::I4, 1, "Pushes a 4-byte signed int."},
    {'K', "BININT1", A::U1, 1, "Pushes a 1-byte unsigned int."},
    {'M', "BININT2", A::U2, 1, "Pushes a 2-byte unsigned int."},
    {'L', "LONG", A::LongLine, 0, "Pushes an int of any size written in decimal with a trailing L."},
    {0x8a, "LONG1", A::Long1, 2, "Pushes an int of any size: 1-byte length, then two's-complement bytes."},
    {0x8b, "LONG4", A::Long4, 2, "Pushes an int of any size: 4-byte length, then two's-complement bytes."},
    {'S', "STRING", A::QuotedLine, 0, "Pushes a Python 2 str written as a quoted repr."},
    {'T', "BINSTRING", A::Bytes4, 1, "Pushes a Python 2 str with a 4-byte length."},
    {'U', "SHORT_BINSTRING", A::Bytes1, 1, "Pushes a Python 2 str with a 1-byte length."},
    {'B', "BINBYTES", A::Bytes4, 3, "Pushes bytes with a 4-byte length."},
    {'C', "SHORT_BINBYTES", A::Bytes1, 3, "Pushes bytes with a 1-byte length."},
    {0x8e, "BINBYTES8", A::Bytes8, 4, "Pushes bytes with an 8-byte length."},
    {0x96, "BYTEARRAY8", A::Bytes8, 5, "Pushes a bytearray with an 8-byte length."},
    {0x97, "NEXT_BUFFER", A::None, 5, "Pushes the next out-of-band buffer (its bytes travel outside the pickle)."},
    {0x98, "READONLY_BUFFER", A::None, 5, "Makes the buffer on top of the stack read-only."},
    {'N', "NONE", A::None, 0, "Pushes None."},
    {0x88, "NEWTRUE", A::None, 2, "Pushes True."},
    {0x89, "NEWFALSE", A::None, 2, "Pushes False."},
    {'V', "UNICODE", A::UnicodeLine, 0, "Pushes a str written raw-unicode-escaped up to a newline."},
    {0x8c, "SHORT_BINUNICODE", A::Bytes1, 4, "Pushes a str: 1-byte length, then UTF-8."},
    {'X', "BINUNICODE", A::Bytes4, 1, "Pushes a str: 4-byte length, then UTF-8."},
    {0x8d, "BINUNICODE8", A::Bytes8, 4, "Pushes a str: 8-byte length, then UTF-8."},
    {'F', "FLOAT", A::FloatLine, 0, "Pushes a float written as text."},
    {'G', "BINFLOAT", A::F8, 1, "Pushes a float: 8-byte big-endian IEEE double."},
    {']', "EMPTY_LIST", A::None, 1, "Pushes a new empty list."},
    {'a', "APPEND", A::None, 0, "Pops a value and appends it to the list below it."},
    {'e', "APPENDS", A::None, 1, "Appends everything above the last MARK to the list below the MARK."},
    {'l', "LIST", A::None, 0, "Builds a list from everything above the last MARK."},
    {')', "EMPTY_TUPLE", A::None, 1, "Pushes the empty tuple."},
    {'t', "TUPLE", A::None, 0, "Builds a tuple from everything above the last MARK."},
    {0x85, "TUPLE1", A::None, 2, "Builds a 1-tuple from the top value."},
    {0x86, "TUPLE2", A::None, 2, "Builds a 2-tuple from the top two values."},
    {0x87, "TUPLE3", A::None, 2, "Builds a 3-tuple from the top three values."},
    {'}', "EMPTY_DICT", A::None, 1, "Pushes a new empty dict."},
    {'d', "DICT", A::None, 0, "Builds a dict from key/value pairs above the last MARK."},
    {'s', "SETITEM", A::None, 0, "Pops a key and a value and stores them in the dict below."},
    {'u', "SETITEMS", A::None, 1, "Stores the key/value pairs above the last MARK in the dict below the MARK."},
    {0x8f, "EMPTY_SET", A::None, 4, "Pushes a new empty set."},
    {0x90, "ADDITEMS", A::None, 4, "Adds everything above the last MARK to the set below the MARK."},
    {0x91, "FROZENSET", A::None, 4, "Builds a frozenset from everything above the last MARK."},
    {'0', "POP", A::None, 0, "Discards the top value."},
    {'2', "DUP", A::None, 0, "Pushes the top value again."},
    {'(', "MARK", A::None, 0, "Marks the stack position where a variable-length group of values starts."},
    {'1', "POP_MARK", A::None, 1, "Discards everything above the last MARK, and the MARK."},
    {'g', "GET", A::DecimalLine, 0, "Pushes a value remembered in the memo (index in decimal)."},
    {'h', "BINGET", A::U1, 1, "Pushes a value remembered in the memo (1-byte index)."},
    {'j', "LONG_BINGET", A::U4, 1, "Pushes a value remembered in the memo (4-byte index)."},
    {'p', "PUT", A::DecimalLine, 0, "Remembers the top value in the memo (index in decimal)."},
    {'q', "BINPUT", A::U1, 1, "Remembers the top value in the memo (1-byte index)."},
    {'r', "LONG_BINPUT", A::U4, 1, "Remembers the top value in the memo (4-byte index)."},
    {0x94, "MEMOIZE", A::None, 4, "Remembers the top value at the next free memo index."},
    {0x82, "EXT1", A::U1, 2, "Pushes an object from the copyreg extension registry (1-byte code)."},
    {0x83, "EXT2", A::U2, 2, "Pushes an object from the copyreg extension registry (2-byte code)."},
    {0x84, "EXT4", A::I4, 2, "Pushes an object from the copyreg extension registry (4-byte code)."},
    {'c', "GLOBAL", A::TwoLines, 0,
     "Names module.attribute: unpickling would IMPORT the module and look the name up. Shown, never imported here."},
    {0x93, "STACK_GLOBAL", A::None, 4,
     "Names the module and attribute popped from the stack: unpickling would IMPORT it. Shown, never imported here."},
    {'R', "REDUCE", A::None, 0,
     "Calls the callable below with the argument tuple on top: unpickling would RUN it. Shown, never called here."},
    {'b', "BUILD", A::None, 0,
     "Sets the state of the object below (its __setstate__ or __dict__): unpickling would run code. Not run here."},
    {'i', "INST", A::TwoLines, 0,
     "Imports module.class and calls it with the values above the MARK (protocol 0). Shown, never run here."},
    {'o', "OBJ", A::None, 1,
     "Calls the class just above the MARK with the values after it (protocol 1). Shown, never run here."},
    {0x81, "NEWOBJ", A::None, 2, "Creates cls.__new__(cls, *args) from the class and argument tuple. Not run here."},
    {0x92, "NEWOBJ_EX", A::None, 4, "Creates cls.__new__(cls, *args, **kwargs). Not run here."},
    {0x80, "PROTO", A::U1, 2, "Names the pickle protocol version (2 or higher)."},
    {'.', "STOP", A::None, 0, "Ends the pickle: the value on top of the stack is the result."},
    {0x95, "FRAME", A::U8, 4, "Announces the size of the next frame of opcodes (a read-ahead hint)."},
    {'P', "PERSID", A::Line, 0, "Pushes an object named by a persistent id (resolved by the unpickler's owner)."},
    {'Q', "BINPERSID", A::None, 1, "Pushes an object named by the persistent id popped from the stack."},
};
// clang-format on

struct Table
{
    std::array<const PickleOpcode*, 256> byCode {};
    Table()
    {
        for (const PickleOpcode& op : kOpcodes)
            byCode[op.code] = &op;
    }
};
} // namespace

const PickleOpcode* PickleOpcode::find(quint8 code)
{
    static const Table table;
    return table.byCode[code];
}

} // namespace rpcscope
