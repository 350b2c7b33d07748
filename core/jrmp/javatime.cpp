#include "javatime.h"

#include "modifiedutf8.h"

#include <QtEndian>

#include <limits>

namespace rpcscope::javatime {

namespace {

constexpr qint64 kSecondsPerDay = 86400;

qint64 floorDiv(qint64 a, qint64 b)
{
    const qint64 q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

qint64 floorMod(qint64 a, qint64 b)
{
    // Not a - floorDiv(a, b) * b: near the ends of the range that product overflows.
    const qint64 r = a % b;
    return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
}

// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (the inverse of civilFromDays).
qint64 daysFromCivil(qint64 year, int month, int day)
{
    year -= month <= 2 ? 1 : 0;
    const qint64 era = floorDiv(year, 400);
    const qint64 yearOfEra = year - era * 400;
    const qint64 dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const qint64 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

QString twoDigits(qint64 v)
{
    return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0'));
}

// "2024-01-02", as LocalDate.toString() writes it.
QString dateText(qint64 year, int month, int day)
{
    return isoYear(year) + QLatin1Char('-') + twoDigits(month) + QLatin1Char('-') + twoDigits(day);
}

// Nanoseconds as java.time writes a fraction: in groups of three digits, as many as needed (".5" is ".500").
QString fraction(qint64 nanos)
{
    if (nanos <= 0)
        return {};
    if (nanos % 1000000 == 0)
        return QStringLiteral(".%1").arg(nanos / 1000000, 3, 10, QLatin1Char('0'));
    if (nanos % 1000 == 0)
        return QStringLiteral(".%1").arg(nanos / 1000, 6, 10, QLatin1Char('0'));
    return QStringLiteral(".%1").arg(nanos, 9, 10, QLatin1Char('0'));
}

// "10:15", "10:15:30", "10:15:30.123": LocalTime.toString() leaves out zero seconds and nanoseconds.
QString timeText(int hour, int minute, int second, qint64 nano)
{
    QString t = twoDigits(hour) + QLatin1Char(':') + twoDigits(minute);
    if (second > 0 || nano > 0)
        t += QLatin1Char(':') + twoDigits(second) + fraction(nano);
    return t;
}

// ZoneOffset's id: "Z", "+01:00", "-05:30:15".
QString offsetText(qint64 totalSeconds)
{
    if (totalSeconds == 0)
        return QStringLiteral("Z");
    const qint64 abs = totalSeconds < 0 ? -totalSeconds : totalSeconds;
    QString t = (totalSeconds < 0 ? QStringLiteral("-") : QStringLiteral("+")) + twoDigits(abs / 3600)
        + QLatin1Char(':') + twoDigits((abs / 60) % 60);
    if (abs % 60 != 0)
        t += QLatin1Char(':') + twoDigits(abs % 60);
    return t;
}

// Duration.toString(): "PT8H6M12.345S", "PT0S", "PT-0.5S".
QString durationText(qint64 seconds, qint64 nanos)
{
    if (seconds == 0 && nanos == 0)
        return QStringLiteral("PT0S");
    qint64 effective = seconds;
    if (seconds < 0 && nanos > 0)
        ++effective;
    const qint64 hours = effective / 3600;
    const qint64 minutes = (effective % 3600) / 60;
    const qint64 secs = effective % 60;
    QString t = QStringLiteral("PT");
    if (hours != 0)
        t += QString::number(hours) + QLatin1Char('H');
    if (minutes != 0)
        t += QString::number(minutes) + QLatin1Char('M');
    if (secs == 0 && nanos == 0 && t.size() > 2)
        return t;
    if (seconds < 0 && nanos > 0)
        t += secs == 0 ? QStringLiteral("-0") : QString::number(secs);
    else
        t += QString::number(secs);
    if (nanos > 0) {
        QString digits = QString::number(seconds < 0 ? 2 * 1000000000LL - nanos : nanos + 1000000000LL);
        while (digits.endsWith(QLatin1Char('0')))
            digits.chop(1);
        digits[0] = QLatin1Char('.');
        t += digits;
    }
    return t + QLatin1Char('S');
}

// Period.toString(): "P1Y2M3D", "P0D".
QString periodText(qint64 years, qint64 months, qint64 days)
{
    if (years == 0 && months == 0 && days == 0)
        return QStringLiteral("P0D");
    QString t = QStringLiteral("P");
    if (years != 0)
        t += QString::number(years) + QLatin1Char('Y');
    if (months != 0)
        t += QString::number(months) + QLatin1Char('M');
    if (days != 0)
        t += QString::number(days) + QLatin1Char('D');
    return t;
}

// Instant.toString(): the UTC date-time, seconds always written, the fraction in groups of three, then "Z".
QString instantText(qint64 seconds, qint64 nanos)
{
    const qint64 days = floorDiv(seconds, kSecondsPerDay);
    const qint64 secondOfDay = floorMod(seconds, kSecondsPerDay);
    const CivilDate d = civilFromDays(days);
    return dateText(d.year, d.month, d.day) + QLatin1Char('T') + twoDigits(secondOfDay / 3600) + QLatin1Char(':')
        + twoDigits((secondOfDay / 60) % 60) + QLatin1Char(':') + twoDigits(secondOfDay % 60) + fraction(nanos)
        + QLatin1Char('Z');
}

// Milliseconds since the epoch of a date-time with an offset, when they fit 64 bits.
std::optional<qint64> epochMillis(qint64 days, qint64 secondOfDay, qint64 nanos, qint64 offsetSeconds)
{
    constexpr qint64 kLimit = std::numeric_limits<qint64>::max() / 1000 - kSecondsPerDay;
    if (days > kLimit / kSecondsPerDay || days < -kLimit / kSecondsPerDay)
        return std::nullopt;
    const qint64 seconds = days * kSecondsPerDay + secondOfDay - offsetSeconds;
    return seconds * 1000 + nanos / 1000000;
}

RpcValue dateTime(const QString& text, std::optional<qint64> msecs, const char* cls)
{
    RpcValue v = RpcValue::fromDateTime(RpcDateTime {text, msecs});
    v.setTag(QString::fromLatin1(cls));
    return v;
}

RpcValue string(const QString& text, const char* cls)
{
    RpcValue v = RpcValue::fromString(text);
    v.setTag(QString::fromLatin1(cls));
    return v;
}

// Reads the fields of one value, recording each with its bytes; `ok` turns false for good at the first short read.
class SerReader
{
public:
    SerReader(QByteArrayView bytes, qint64 offset, SerData& out)
        : m_bytes(bytes)
        , m_pos(offset)
        , m_out(out)
    { }

    qint64 pos() const { return m_pos; }
    bool ok() const { return m_ok; }

    qint64 u8(const QString& name, const QString& description)
    {
        if (!need(1))
            return 0;
        const qint64 v = static_cast<qint8>(m_bytes[m_pos]);
        record(name, QStringLiteral("byte"), QString::number(v), 1, description);
        return v;
    }
    qint64 i32(const QString& name, const QString& description)
    {
        if (!need(4))
            return 0;
        const qint64 v = qFromBigEndian<qint32>(m_bytes.data() + m_pos);
        record(name, QStringLiteral("int"), QString::number(v), 4, description);
        return v;
    }
    qint64 i64(const QString& name, const QString& description)
    {
        if (!need(8))
            return 0;
        const qint64 v = qFromBigEndian<qint64>(m_bytes.data() + m_pos);
        record(name, QStringLiteral("long"), QString::number(v), 8, description);
        return v;
    }
    QString utf(const QString& name, const QString& description)
    {
        if (!need(2))
            return {};
        const qint64 length = qFromBigEndian<quint16>(m_bytes.data() + m_pos);
        if (!need(2 + length))
            return {};
        const QString text = modifiedutf8::decode(m_bytes.sliced(m_pos + 2, length));
        record(name, QStringLiteral("utf"), QLatin1Char('"') + text + QLatin1Char('"'), 2 + length, description);
        return text;
    }
    // The last recorded field's shown value, replaced by a clearer one ("-11 = ~10 (the last field: ...)").
    void explainLast(const QString& value)
    {
        if (!m_out.fields.empty())
            m_out.fields.back().value = value;
    }

private:
    bool need(qint64 n)
    {
        if (!m_ok || m_pos < 0 || m_pos + n > m_bytes.size()) {
            m_ok = false;
            return false;
        }
        return true;
    }
    void record(const QString& name, const QString& type, const QString& value, qint64 length,
                const QString& description)
    {
        m_out.fields.push_back({name, type, value, m_pos, length, description});
        m_pos += length;
    }

    QByteArrayView m_bytes;
    qint64 m_pos;
    SerData& m_out;
    bool m_ok = true;
};

struct Date
{
    qint64 year = 0;
    int month = 1;
    int day = 1;
};

struct Time
{
    int hour = 0;
    int minute = 0;
    int second = 0;
    qint64 nano = 0;
    qint64 secondOfDay() const { return hour * 3600 + minute * 60 + second; }
};

Date readDate(SerReader& r)
{
    Date d;
    d.year = r.i32(QStringLiteral("year"), QStringLiteral("LocalDate: the proleptic year."));
    d.month = static_cast<int>(r.u8(QStringLiteral("month"), QStringLiteral("LocalDate: month of year, 1-12.")));
    d.day = static_cast<int>(r.u8(QStringLiteral("day"), QStringLiteral("LocalDate: day of month, 1-31.")));
    return d;
}

// LocalTime.writeExternal leaves out trailing zero fields: the last field written is stored complemented (~v, a
// negative byte), which tells the reader that nothing follows.
Time readTime(SerReader& r)
{
    Time t;
    const QString last = QStringLiteral("LocalTime: %1; stored as ~%1 (negative) when the fields after it are zero "
                                        "and left out.");
    qint64 v = r.u8(QStringLiteral("hour"), last.arg(QStringLiteral("hour of day")));
    if (!r.ok())
        return t;
    if (v < 0) {
        t.hour = static_cast<int>(~v);
        r.explainLast(
            QStringLiteral("%1 = ~%2 (the last field: minutes, seconds and nanoseconds are zero)").arg(v).arg(t.hour));
        return t;
    }
    t.hour = static_cast<int>(v);
    v = r.u8(QStringLiteral("minute"), last.arg(QStringLiteral("minute of hour")));
    if (!r.ok())
        return t;
    if (v < 0) {
        t.minute = static_cast<int>(~v);
        r.explainLast(
            QStringLiteral("%1 = ~%2 (the last field: seconds and nanoseconds are zero)").arg(v).arg(t.minute));
        return t;
    }
    t.minute = static_cast<int>(v);
    v = r.u8(QStringLiteral("second"), last.arg(QStringLiteral("second of minute")));
    if (!r.ok())
        return t;
    if (v < 0) {
        t.second = static_cast<int>(~v);
        r.explainLast(QStringLiteral("%1 = ~%2 (the last field: nanoseconds are zero)").arg(v).arg(t.second));
        return t;
    }
    t.second = static_cast<int>(v);
    t.nano = r.i32(QStringLiteral("nano"), QStringLiteral("LocalTime: nanosecond of second."));
    return t;
}

qint64 readOffset(SerReader& r)
{
    const qint64 quarters = r.u8(QStringLiteral("offset"),
                                 QStringLiteral("ZoneOffset: the offset in units of 15 minutes, or 127 when "
                                                "an int with the offset in seconds follows."));
    if (!r.ok())
        return 0;
    if (quarters == 127)
        return r.i32(QStringLiteral("offsetSeconds"), QStringLiteral("ZoneOffset: the total offset in seconds."));
    r.explainLast(QStringLiteral("%1 (%2)").arg(quarters).arg(offsetText(quarters * 900)));
    return quarters * 900;
}

QString validity(const Date* d, const Time* t)
{
    if (d && (d->month < 1 || d->month > 12 || d->day < 1 || d->day > 31))
        return QStringLiteral("month %1, day %2 is not a date").arg(d->month).arg(d->day);
    if (t
        && (t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59 || t->second < 0 || t->second > 59
            || t->nano < 0 || t->nano > 999999999))
        return QStringLiteral("%1:%2:%3.%4 is not a time of day")
            .arg(t->hour)
            .arg(t->minute)
            .arg(t->second)
            .arg(t->nano);
    return {};
}

struct TypeInfo
{
    quint8 type;
    const char* cls;
};

const TypeInfo kTypes[] = {
    {1, "java.time.Duration"},        {2, "java.time.Instant"},       {3, "java.time.LocalDate"},
    {4, "java.time.LocalTime"},       {5, "java.time.LocalDateTime"}, {6, "java.time.ZonedDateTime"},
    {7, "java.time.ZoneRegion"},      {8, "java.time.ZoneOffset"},    {9, "java.time.OffsetTime"},
    {10, "java.time.OffsetDateTime"}, {11, "java.time.Year"},         {12, "java.time.YearMonth"},
    {13, "java.time.MonthDay"},       {14, "java.time.Period"},
};

// The value of one type, read from `r` (after the type byte); a ZonedDateTime's zone comes back through here.
RpcValue readTyped(quint8 type, SerReader& r, SerData& out);

RpcValue readZone(SerReader& r, SerData& out)
{
    const qint64 type = r.u8(QStringLiteral("zoneType"),
                             QStringLiteral("Type of the zone that follows: 7 a region (ZoneRegion, "
                                            "e.g. Europe/Paris), 8 a fixed offset (ZoneOffset)."));
    if (!r.ok())
        return {};
    if (type != 7 && type != 8) {
        out.status = SerData::Status::Unknown;
        out.error = QStringLiteral("a ZonedDateTime's zone has type %1 (expected 7 or 8)").arg(type);
        return {};
    }
    return readTyped(static_cast<quint8>(type), r, out);
}

RpcValue readTyped(quint8 type, SerReader& r, SerData& out)
{
    switch (type) {
    case 1: {
        const qint64 seconds = r.i64(QStringLiteral("seconds"), QStringLiteral("Duration: whole seconds."));
        const qint64 nanos = r.i32(QStringLiteral("nanos"),
                                   QStringLiteral("Duration: nanoseconds added to the seconds, 0-999,999,999."));
        return string(durationText(seconds, nanos), "java.time.Duration");
    }
    case 2: {
        const qint64 seconds
            = r.i64(QStringLiteral("seconds"), QStringLiteral("Instant: seconds since 1970-01-01T00:00:00Z."));
        const qint64 nanos
            = r.i32(QStringLiteral("nanos"), QStringLiteral("Instant: nanoseconds of the second, 0-999,999,999."));
        if (nanos < 0 || nanos > 999999999)
            out.error = QStringLiteral("%1 nanoseconds is not a fraction of a second").arg(nanos);
        const qint64 days = floorDiv(seconds, kSecondsPerDay);
        return dateTime(instantText(seconds, nanos), epochMillis(days, floorMod(seconds, kSecondsPerDay), nanos, 0),
                        "java.time.Instant");
    }
    case 3: {
        const Date d = readDate(r);
        out.error = validity(&d, nullptr);
        return dateTime(dateText(d.year, d.month, d.day), std::nullopt, "java.time.LocalDate");
    }
    case 4: {
        const Time t = readTime(r);
        out.error = validity(nullptr, &t);
        return dateTime(timeText(t.hour, t.minute, t.second, t.nano), std::nullopt, "java.time.LocalTime");
    }
    case 5: {
        const Date d = readDate(r);
        const Time t = readTime(r);
        out.error = validity(&d, &t);
        return dateTime(dateText(d.year, d.month, d.day) + QLatin1Char('T')
                            + timeText(t.hour, t.minute, t.second, t.nano),
                        std::nullopt, "java.time.LocalDateTime");
    }
    case 6: {
        const Date d = readDate(r);
        const Time t = readTime(r);
        const qint64 offset = readOffset(r);
        const RpcValue zone = readZone(r, out);
        if (!r.ok() || out.status == SerData::Status::Unknown)
            return {};
        if (out.error.isEmpty())
            out.error = validity(&d, &t);
        QString text = dateText(d.year, d.month, d.day) + QLatin1Char('T')
            + timeText(t.hour, t.minute, t.second, t.nano) + offsetText(offset);
        // ZonedDateTime.toString() names the zone in brackets unless it is the very same ZoneOffset object as the
        // offset, which after deserialization holds only for the offsets ZoneOffset caches (whole quarter hours).
        if (zone.tag() != QLatin1String("java.time.ZoneOffset") || zone.toString() != offsetText(offset)
            || offset % 900 != 0)
            text += QLatin1Char('[') + zone.toString() + QLatin1Char(']');
        return dateTime(text, epochMillis(daysFromCivil(d.year, d.month, d.day), t.secondOfDay(), t.nano, offset),
                        "java.time.ZonedDateTime");
    }
    case 7:
        return string(r.utf(QStringLiteral("zoneId"), QStringLiteral("ZoneRegion: the zone's id.")),
                      "java.time.ZoneRegion");
    case 8:
        return string(offsetText(readOffset(r)), "java.time.ZoneOffset");
    case 9: {
        const Time t = readTime(r);
        const qint64 offset = readOffset(r);
        out.error = validity(nullptr, &t);
        return dateTime(timeText(t.hour, t.minute, t.second, t.nano) + offsetText(offset), std::nullopt,
                        "java.time.OffsetTime");
    }
    case 10: {
        const Date d = readDate(r);
        const Time t = readTime(r);
        const qint64 offset = readOffset(r);
        out.error = validity(&d, &t);
        return dateTime(dateText(d.year, d.month, d.day) + QLatin1Char('T')
                            + timeText(t.hour, t.minute, t.second, t.nano) + offsetText(offset),
                        epochMillis(daysFromCivil(d.year, d.month, d.day), t.secondOfDay(), t.nano, offset),
                        "java.time.OffsetDateTime");
    }
    case 11: {
        RpcValue v = RpcValue::fromInt(r.i32(QStringLiteral("year"), QStringLiteral("Year: the proleptic year.")));
        v.setTag(QStringLiteral("java.time.Year"));
        return v;
    }
    case 12: {
        const qint64 year = r.i32(QStringLiteral("year"), QStringLiteral("YearMonth: the proleptic year."));
        const qint64 month = r.u8(QStringLiteral("month"), QStringLiteral("YearMonth: month of year, 1-12."));
        if (month < 1 || month > 12)
            out.error = QStringLiteral("month %1 is not a month").arg(month);
        // YearMonth.toString() pads small years like LocalDate but writes no '+' before years past 9999.
        const QString yearText = year > 9999 ? QString::number(year) : isoYear(year);
        return dateTime(yearText + QLatin1Char('-') + twoDigits(month), std::nullopt, "java.time.YearMonth");
    }
    case 13: {
        const qint64 month = r.u8(QStringLiteral("month"), QStringLiteral("MonthDay: month of year, 1-12."));
        const qint64 day = r.u8(QStringLiteral("day"), QStringLiteral("MonthDay: day of month, 1-31."));
        if (month < 1 || month > 12 || day < 1 || day > 31)
            out.error = QStringLiteral("month %1, day %2 is not a day of the year").arg(month).arg(day);
        return dateTime(QStringLiteral("--") + twoDigits(month) + QLatin1Char('-') + twoDigits(day), std::nullopt,
                        "java.time.MonthDay");
    }
    case 14: {
        const qint64 years = r.i32(QStringLiteral("years"), QStringLiteral("Period: years."));
        const qint64 months = r.i32(QStringLiteral("months"), QStringLiteral("Period: months."));
        const qint64 days = r.i32(QStringLiteral("days"), QStringLiteral("Period: days."));
        return string(periodText(years, months, days), "java.time.Period");
    }
    default:
        return {};
    }
}

} // namespace

CivilDate civilFromDays(qint64 days)
{
    // Howard Hinnant's algorithm: eras of 400 years (146097 days), March-based years inside an era.
    const qint64 z = days + 719468;
    const qint64 era = floorDiv(z, 146097);
    const qint64 dayOfEra = z - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    CivilDate d;
    d.day = static_cast<int>(dayOfYear - (153 * mp + 2) / 5 + 1);
    d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    d.year = yearOfEra + era * 400 + (d.month <= 2 ? 1 : 0);
    return d;
}

QString isoYear(qint64 year)
{
    if (year < 0)
        return QStringLiteral("-%1").arg(static_cast<quint64>(-(year + 1)) + 1, 4, 10, QLatin1Char('0'));
    if (year > 9999)
        return QLatin1Char('+') + QString::number(year);
    return QStringLiteral("%1").arg(year, 4, 10, QLatin1Char('0'));
}

QString isoMillis(qint64 msecsSinceEpoch, qint64* year)
{
    const qint64 days = floorDiv(msecsSinceEpoch, kSecondsPerDay * 1000);
    const qint64 msOfDay = floorMod(msecsSinceEpoch, kSecondsPerDay * 1000);
    const CivilDate d = civilFromDays(days);
    if (year)
        *year = d.year;
    const qint64 seconds = msOfDay / 1000;
    return dateText(d.year, d.month, d.day) + QLatin1Char('T') + twoDigits(seconds / 3600) + QLatin1Char(':')
        + twoDigits((seconds / 60) % 60) + QLatin1Char(':') + twoDigits(seconds % 60) + QLatin1Char('.')
        + QStringLiteral("%1").arg(msOfDay % 1000, 3, 10, QLatin1Char('0')) + QLatin1Char('Z');
}

bool isSerClass(QStringView className)
{
    return className == QLatin1String("java.time.Ser");
}

SerData readSer(QByteArrayView bytes, qint64 offset)
{
    SerData out;
    SerReader r(bytes, offset, out);
    const qint64 type = r.u8(QStringLiteral("type"), QStringLiteral("Which java.time class the data stands for."));
    if (!r.ok()) {
        out.status = SerData::Status::Truncated;
        out.error = QStringLiteral("the data ends before java.time.Ser's type byte");
        return out;
    }
    out.type = static_cast<quint8>(type);
    for (const TypeInfo& t : kTypes) {
        if (t.type == out.type)
            out.className = QString::fromLatin1(t.cls);
    }
    if (out.className.isEmpty()) {
        out.status = SerData::Status::Unknown;
        out.error = QStringLiteral("java.time.Ser has the unknown type %1: its data cannot be delimited").arg(type);
        return out;
    }
    out.fields.back().value = QStringLiteral("%1 (%2)").arg(type).arg(out.className);
    out.status = SerData::Status::Ok;
    out.value = readTyped(out.type, r, out);
    if (!r.ok()) {
        out.status = SerData::Status::Truncated;
        out.error = QStringLiteral("the data ends inside a serialized %1").arg(out.className);
        out.value = {};
        return out;
    }
    if (out.status != SerData::Status::Ok)
        return out;
    out.length = r.pos() - offset;
    return out;
}

} // namespace rpcscope::javatime
