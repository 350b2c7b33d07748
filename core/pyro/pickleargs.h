#pragma once

#include "bytecursor.h"
#include "decodelimits.h"
#include "pickleopcodes.h"
#include "pyvalue.h"

#include <QByteArrayView>
#include <QString>

namespace rpcscope {

/// The inline argument of one pickle opcode.
struct PickleArg
{
    qint64 integer = 0;
    double real = 0;
    QByteArrayView bytes;
    QByteArrayView second; ///< the name of GLOBAL/INST
    RpcValue value; ///< a ready value: ints of any size, decoded str
};

/// Reads and shows the inline arguments of pickle opcodes. Text is decoded exactly as Python's unpickler does
/// (UTF-8 with 'surrogatepass', raw-unicode-escape, Python 2 string escapes), keeping U+FEFF and lone surrogates;
/// what cannot be shown exactly, or is cut by max-string-bytes, goes to `notes`.
class PickleArgs
{
public:
    /// Reads the argument of `op` (whose code byte is at `at`) from `in`. Returns the error text, empty on success.
    static QString read(const PickleOpcode& op, ByteCursor& in, const DecodeLimits& limits, qint64 at, PickleArg& arg,
                        PyNotes& notes);
    /// The argument as pickletools.dis shows it (cut to a readable length).
    static QString text(const PickleOpcode& op, const PickleArg& arg);
    /// True for the opcodes whose Bytes argument is UTF-8 text (SHORT_BINUNICODE, BINUNICODE, BINUNICODE8).
    static bool isUtf8Text(const PickleOpcode& op) { return op.code == 0x8c || op.code == 'X' || op.code == 0x8d; }
};

} // namespace rpcscope
