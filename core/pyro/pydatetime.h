#pragma once

#include "rpcvalue.h"

#include <QByteArrayView>

#include <optional>

namespace rpcscope {

/// Python's datetime, date and time values as Pyro's serializers carry them, turned into RpcDateTime text written
/// the way Python's isoformat() writes it ("2024-01-02T03:04:05.123456", microseconds only when not zero, "+01:00"
/// for an aware value). Full precision: microseconds are never rounded to milliseconds.
class PyDateTime
{
public:
    /// msgpack's Pyro extension 0x32: a POSIX timestamp as a double, split into seconds and microseconds exactly
    /// as datetime.fromtimestamp() does (microseconds rounded half to even), shown in UTC ("+00:00"). Empty when
    /// the timestamp is not finite or falls outside years 1..9999, which Python refuses.
    static std::optional<RpcDateTime> fromTimestamp(double timestamp);
    /// msgpack's Pyro extension 0x33: a date as its proleptic Gregorian ordinal (1 is 0001-01-01). Empty outside
    /// years 1..9999.
    static std::optional<RpcDateTime> fromOrdinal(qint64 ordinal);

    /// A pickled datetime.datetime, datetime.date or datetime.time: the class (its GLOBAL name) and the arguments
    /// of its reduce call, (state bytes[, tzinfo]). `tzinfo` is a datetime.timezone as the pickle builder shows it
    /// (a struct with __class__ and args holding a datetime.timedelta). Empty when the state is not one Python
    /// wrote or the tzinfo is of another kind.
    static std::optional<RpcDateTime> fromPickle(const QString& className, const RpcArray& args);
};

} // namespace rpcscope
