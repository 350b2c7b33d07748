#pragma once

#include <QString>

namespace rpcscope {

/// The pickle opcodes of protocols 0 to 5 (as listed in CPython's pickletools), with the shape of each opcode's
/// inline argument and a sentence for the teaching view.
struct PickleOpcode
{
    enum class Arg {
        None,
        U1, ///< 1-byte unsigned
        U2, ///< 2-byte little-endian unsigned
        I4, ///< 4-byte little-endian signed
        U4, ///< 4-byte little-endian unsigned
        U8, ///< 8-byte little-endian unsigned
        F8, ///< 8-byte big-endian IEEE double
        DecimalLine, ///< decimal digits up to a newline (INT, GET, PUT)
        LongLine, ///< decimal digits with a trailing L up to a newline
        FloatLine, ///< float repr up to a newline
        QuotedLine, ///< a quoted Python 2 str repr up to a newline
        UnicodeLine, ///< raw-unicode-escape text up to a newline
        Line, ///< raw text up to a newline (PERSID)
        TwoLines, ///< module and name, each up to a newline (GLOBAL, INST)
        Bytes1, ///< 1-byte length, then bytes
        Bytes4, ///< 4-byte length, then bytes
        Bytes8, ///< 8-byte length, then bytes
        Long1, ///< 1-byte length, then a little-endian two's-complement integer
        Long4, ///< 4-byte length, then a little-endian two's-complement integer
    };
    quint8 code = 0;
    const char* name = nullptr;
    Arg arg = Arg::None;
    int protocol = 0;
    const char* description = nullptr;

    /// The opcode for a byte, or nullptr for a byte that is no opcode.
    static const PickleOpcode* find(quint8 code);
};

} // namespace rpcscope
