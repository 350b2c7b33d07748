#pragma once

#include "rpcvalue.h"

#include <QByteArray>

namespace rpcscope {

/// Writes values as serpent 1.41 does in compact mode (Pyro's default): the "# serpent utf-8 python3.2" line, then
/// a Python literal without spaces. str/int/bool/None by repr(); floats by repr() with ±1e30000 for infinities and
/// {'__class__':'float','value':'nan'} for NaN; bytes as repr({'data': <base64>, 'encoding': 'base64'}) (with the
/// spaces repr puts there); tuples (x,) and (); lists; sets {a,b} and () when empty; dicts {k:v} in member order;
/// complex (re+imj); datetimes as their text.
///
/// RpcValue mapping: Array tagged "tuple" → tuple, "set"/"frozenset" → set, otherwise list; Struct tagged
/// "complex" with real/imag → complex, otherwise dict with str keys.
class SerpentWriter
{
public:
    static constexpr QByteArrayView kHeader = "# serpent utf-8 python3.2\n";

    /// The complete serpent document for `value` (header line included), UTF-8.
    static QByteArray write(const RpcValue& value);
    /// Only the literal for `value`, appended to `out` (UTF-8).
    static void writeValue(const RpcValue& value, QByteArray& out);
};

} // namespace rpcscope
