#include "pydatetime.h"

#include <QDate>
#include <QDateTime>
#include <QTimeZone>

#include <cmath>

namespace rpcscope {

namespace {

constexpr qint64 kMicrosPerSecond = 1000000;

QString twoDigits(int v)
{
    return QString::number(v).rightJustified(2, QLatin1Char('0'));
}

// "HH:MM:SS" and ".ffffff" when the microseconds are not zero, as isoformat() writes a time of day.
QString timeText(int hour, int minute, int second, int micros)
{
    QString text = twoDigits(hour) + QLatin1Char(':') + twoDigits(minute) + QLatin1Char(':') + twoDigits(second);
    if (micros != 0)
        text += QLatin1Char('.') + QString::number(micros).rightJustified(6, QLatin1Char('0'));
    return text;
}

QString dateText(int year, int month, int day)
{
    return QString::number(year).rightJustified(4, QLatin1Char('0')) + QLatin1Char('-') + twoDigits(month)
        + QLatin1Char('-') + twoDigits(day);
}

// Python's _format_offset: "+HH:MM", with ":SS" and ".ffffff" only when needed.
QString offsetText(qint64 micros)
{
    QString text = micros < 0 ? QStringLiteral("-") : QStringLiteral("+");
    micros = std::abs(micros);
    const qint64 seconds = micros / kMicrosPerSecond;
    const qint64 rest = micros % kMicrosPerSecond;
    text += twoDigits(static_cast<int>(seconds / 3600)) + QLatin1Char(':')
        + twoDigits(static_cast<int>(seconds / 60 % 60));
    if (seconds % 60 != 0 || rest != 0) {
        text += QLatin1Char(':') + twoDigits(static_cast<int>(seconds % 60));
        if (rest != 0)
            text += QLatin1Char('.') + QString::number(rest).rightJustified(6, QLatin1Char('0'));
    }
    return text;
}

std::optional<qint64> integer(const RpcValue& v)
{
    if (v.type() == RpcValue::Type::Int)
        return v.toInt();
    return std::nullopt;
}

// The offset of a pickled datetime.timezone (a datetime.timedelta's days, seconds, microseconds), in microseconds.
std::optional<qint64> timezoneOffset(const RpcValue& tz)
{
    if (tz.tag() != QLatin1String("datetime.timezone"))
        return std::nullopt;
    const RpcValue* args = tz.member(u"args");
    if (!args || args->toArray().empty() || tz.member(u"state"))
        return std::nullopt;
    const RpcValue& delta = args->toArray().front();
    const RpcValue* parts = delta.member(u"args");
    if (delta.tag() != QLatin1String("datetime.timedelta") || !parts || parts->toArray().size() != 3)
        return std::nullopt;
    const auto days = integer(parts->toArray()[0]);
    const auto seconds = integer(parts->toArray()[1]);
    const auto micros = integer(parts->toArray()[2]);
    if (!days || !seconds || !micros || std::abs(*days) > 1)
        return std::nullopt;
    return (*days * 86400 + *seconds) * kMicrosPerSecond + *micros;
}

// Round half to even, as CPython's _PyTime_ROUND_HALF_EVEN.
double roundHalfEven(double x)
{
    double rounded = std::round(x);
    if (std::fabs(x - rounded) == 0.5)
        rounded = 2.0 * std::round(x / 2.0);
    return rounded;
}

} // namespace

std::optional<RpcDateTime> PyDateTime::fromTimestamp(double timestamp)
{
    if (!std::isfinite(timestamp))
        return std::nullopt;
    // _PyTime_DoubleToDenominator: whole seconds, then the fraction in microseconds, rounded half to even.
    double whole = 0;
    double fraction = std::modf(timestamp, &whole) * 1e6;
    fraction = roundHalfEven(fraction);
    if (fraction >= 1e6) {
        fraction -= 1e6;
        whole += 1.0;
    } else if (fraction < 0) {
        fraction += 1e6;
        whole -= 1.0;
    }
    constexpr double kFirst = -62135596800.0; // 0001-01-01T00:00:00Z
    constexpr double kPastLast = 253402300800.0; // 10000-01-01T00:00:00Z
    if (whole < kFirst || whole >= kPastLast)
        return std::nullopt;
    const qint64 seconds = static_cast<qint64>(whole);
    const int micros = static_cast<int>(fraction);
    const QDateTime dt = QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
    const QDate d = dt.date();
    const QTime t = dt.time();
    RpcDateTime out;
    out.text = dateText(d.year(), d.month(), d.day()) + QLatin1Char('T')
        + timeText(t.hour(), t.minute(), t.second(), micros) + QStringLiteral("+00:00");
    out.msecsSinceEpoch = seconds * 1000 + micros / 1000;
    return out;
}

std::optional<RpcDateTime> PyDateTime::fromOrdinal(qint64 ordinal)
{
    constexpr qint64 kJulianDayOfOrdinalZero = 1721425; // ordinal 1 is 0001-01-01, Julian day 1721426
    if (ordinal < 1 || ordinal > 3652059) // date.max.toordinal()
        return std::nullopt;
    const QDate d = QDate::fromJulianDay(ordinal + kJulianDayOfOrdinalZero);
    return RpcDateTime {dateText(d.year(), d.month(), d.day()),
                        QDateTime(d, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch()};
}

std::optional<RpcDateTime> PyDateTime::fromPickle(const QString& className, const RpcArray& args)
{
    if (args.empty() || args.size() > 2 || args[0].type() != RpcValue::Type::Bytes)
        return std::nullopt;
    const QByteArray& state = args[0].toBytes();
    auto byte = [&](int i) { return static_cast<int>(static_cast<quint8>(state[i])); };
    std::optional<qint64> offset;
    if (args.size() == 2) {
        offset = timezoneOffset(args[1]);
        if (!offset)
            return std::nullopt;
    }
    const QString offsetPart = offset ? offsetText(*offset) : QString();
    if (className == QLatin1String("datetime.datetime") && state.size() == 10) {
        // Year (2 bytes), month (+128 when fold is set, protocol 4 and later), day, hour, minute, second, micros.
        const int year = byte(0) * 256 + byte(1);
        const int month = byte(2) & 0x7F;
        const int micros = (byte(7) << 16) | (byte(8) << 8) | byte(9);
        const QDate date(year, month, byte(3));
        const QTime time(byte(4), byte(5), byte(6));
        if (year < 1 || !date.isValid() || !time.isValid() || micros >= kMicrosPerSecond)
            return std::nullopt;
        RpcDateTime out;
        out.text = dateText(year, month, byte(3)) + QLatin1Char('T') + timeText(byte(4), byte(5), byte(6), micros)
            + offsetPart;
        // A naive datetime is counted as UTC; an aware one by its offset.
        out.msecsSinceEpoch = QDateTime(date, time, QTimeZone::utc()).toMSecsSinceEpoch() + micros / 1000
            - (offset ? *offset / 1000 : 0);
        return out;
    }
    if (className == QLatin1String("datetime.date") && state.size() == 4 && args.size() == 1) {
        const int year = byte(0) * 256 + byte(1);
        const QDate date(year, byte(2), byte(3));
        if (year < 1 || !date.isValid())
            return std::nullopt;
        return RpcDateTime {dateText(year, byte(2), byte(3)),
                            QDateTime(date, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch()};
    }
    if (className == QLatin1String("datetime.time") && state.size() == 6) {
        const int hour = byte(0) & 0x7F; // +128 when fold is set
        const int micros = (byte(3) << 16) | (byte(4) << 8) | byte(5);
        if (!QTime(hour, byte(1), byte(2)).isValid() || micros >= kMicrosPerSecond)
            return std::nullopt;
        return RpcDateTime {timeText(hour, byte(1), byte(2), micros) + offsetPart, std::nullopt};
    }
    return std::nullopt;
}

} // namespace rpcscope
