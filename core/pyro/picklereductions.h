#pragma once

#include "rpcvalue.h"

#include <QString>

#include <optional>

namespace rpcscope {

/// The calls Python's pickler writes for plain values, read back as those values: a set or frozenset built from a
/// list (protocols 0-3), bytes and bytearray (_codecs.encode and bytearray calls), complex(real, imag),
/// datetime.datetime/date/time from their state bytes (microseconds and UTC offset kept), decimal.Decimal from
/// its text, and uuid.UUID from its 128-bit int. Anything else stays an object shown as data.
class PickleReductions
{
public:
    /// The plain value of a call of `callable` (a "module.name") with `args`; `hasKwargs` and `state` (nil when
    /// there is none) as the pickle gave them. Sets `description` for the tree when it returns a value.
    static std::optional<RpcValue> plainValue(const QString& callable, const RpcArray& args, bool hasKwargs,
                                              const RpcValue& state, QString& description);
    /// The canonical text of a UUID held as a 128-bit unsigned int (decimal digits or an Int); empty if it is not.
    static QString uuidText(const RpcValue& number);
};

} // namespace rpcscope
