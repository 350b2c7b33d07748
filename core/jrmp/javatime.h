#pragma once

#include "rpcvalue.h"

#include <QByteArrayView>
#include <QString>

#include <vector>

namespace rpcscope::javatime {

/// A day of the proleptic Gregorian calendar (ISO 8601: year 0 is 1 BC, -1 is 2 BC).
struct CivilDate
{
    qint64 year = 1970;
    int month = 1;
    int day = 1;
};

/// The date `days` days after 1970-01-01 (negative before); any 64-bit day count.
CivilDate civilFromDays(qint64 days);
/// A year as ISO 8601 writes it, and as java.time and `uuuu` patterns do: four digits from 0000 to 9999, more digits
/// with a `+` above, a `-` and at least four digits below zero (`+10000`, `-0001`).
QString isoYear(qint64 year);
/// java.util.Date's milliseconds since the epoch as `2023-11-14T22:13:20.123Z`, with expanded years outside
/// 0000-9999 (`+10000-01-01T00:00:00.000Z`, `-0001-12-31T23:59:59.999Z`). `year` receives the calendar year.
QString isoMillis(qint64 msecsSinceEpoch, qint64* year = nullptr);

/// One field of java.time.Ser's external data, where it lies and what it says (for the decode tree).
struct SerField
{
    QString name;
    QString type;
    QString value;
    qint64 offset = 0;
    qint64 length = 0;
    QString description;
};

/// java.time.Ser's data decoded: the class it stands for and its value.
struct SerData
{
    enum class Status {
        Ok,
        Truncated, ///< the bytes end inside the data
        Unknown, ///< a type byte this reader does not know: the data cannot be delimited
    };
    Status status = Status::Unknown;
    quint8 type = 0;
    /// The class the proxy stands for: "java.time.Instant", "java.time.ZonedDateTime"...
    QString className;
    /// Bytes of external data read (type byte included); valid when Ok.
    qint64 length = 0;
    /// The value as RpcScope shows it: Instant, LocalDate, LocalTime, LocalDateTime, OffsetTime, OffsetDateTime,
    /// ZonedDateTime, YearMonth and MonthDay as date-times in the text java.time itself prints (`toString()`), Year as
    /// an int, Duration, Period, ZoneOffset and ZoneRegion as that text in a string; tagged with the class name.
    RpcValue value;
    std::vector<SerField> fields;
    /// Why the status is not Ok; with Ok, a field out of its range (month 13) that readExternal would refuse.
    QString error;
};

/// True for the class whose writeExternal writes java.time values ("java.time.Ser").
bool isSerClass(QStringView className);
/// Reads the data java.time.Ser.writeExternal wrote at `offset` of `bytes`: a type byte, then the value's fields in
/// the fixed layout its serialized form documents (Duration: long seconds, int nanos; LocalTime: 1 to 7 bytes...).
/// Offsets in the result are offsets in `bytes`.
SerData readSer(QByteArrayView bytes, qint64 offset);

} // namespace rpcscope::javatime
