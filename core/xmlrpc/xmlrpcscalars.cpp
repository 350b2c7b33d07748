#include "xmlrpcscalars.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace rpcscope::xmlrpc {

namespace {
bool isXmlBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's algorithm).
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<qint64>(doe) - 719468;
}

void civilFromDays(qint64 z, qint64& y, unsigned& m, unsigned& d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<qint64>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

bool isLeap(qint64 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(qint64 y, unsigned m)
{
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at text[pos].
bool digits(QByteArrayView text, qsizetype& pos, int n, int& out)
{
    if (pos + n > text.size())
        return false;
    out = 0;
    for (int i = 0; i < n; ++i) {
        if (!isDigit(text[pos + i]))
            return false;
        out = out * 10 + (text[pos + i] - '0');
    }
    pos += n;
    return true;
}

bool skipIf(QByteArrayView text, qsizetype& pos, char c)
{
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}
} // namespace

QByteArrayView trimmedXml(QByteArrayView text)
{
    qsizetype b = 0;
    qsizetype e = text.size();
    while (b < e && isXmlBlank(text[b]))
        ++b;
    while (e > b && isXmlBlank(text[e - 1]))
        --e;
    return text.sliced(b, e - b);
}

IntText parseInteger(QByteArrayView text)
{
    IntText r;
    const QByteArrayView t = trimmedXml(text);
    qsizetype i = 0;
    if (i < t.size() && (t[i] == '+' || t[i] == '-'))
        ++i;
    if (i == t.size())
        return r;
    for (qsizetype k = i; k < t.size(); ++k) {
        if (!isDigit(t[k]))
            return r;
    }
    const char* begin = t.data() + (t[0] == '+' ? 1 : 0);
    const auto [end, ec] = std::from_chars(begin, t.data() + t.size(), r.value);
    if (ec == std::errc::result_out_of_range) {
        r.status = IntText::Status::TooBig;
        r.digits = QByteArray(begin, t.data() + t.size() - begin);
        return r;
    }
    if (ec != std::errc() || end != t.data() + t.size())
        return r;
    r.status = IntText::Status::Ok;
    return r;
}

std::optional<bool> parseBoolean(QByteArrayView text)
{
    const QByteArrayView t = trimmedXml(text);
    if (t == "1")
        return true;
    if (t == "0")
        return false;
    if (t.compare("true", Qt::CaseInsensitive) == 0)
        return true;
    if (t.compare("false", Qt::CaseInsensitive) == 0)
        return false;
    return std::nullopt;
}

DoubleText parseDouble(QByteArrayView text, bool singlePrecision)
{
    DoubleText d;
    QByteArrayView t = trimmedXml(text);
    if (t.startsWith('+'))
        t = t.sliced(1);
    if (t.isEmpty())
        return d;
    const char* begin = t.data();
    const char* end = t.data() + t.size();
    double v = 0;
    std::from_chars_result r;
    if (singlePrecision) {
        float f = 0;
        r = std::from_chars(begin, end, f);
        v = f;
    } else {
        r = std::from_chars(begin, end, v);
    }
    if (r.ptr != end)
        return d;
    const bool negative = t.startsWith('-');
    const QByteArrayView digits = negative ? t.sliced(1) : t;
    d.nonFinite = !digits.isEmpty() && !isDigit(digits[0]) && digits[0] != '.';
    d.exponent = !d.nonFinite && (t.contains('e') || t.contains('E'));
    if (r.ec == std::errc::result_out_of_range) {
        // Overflow to infinity or underflow to zero, as Python's float() does.
        const bool tiny = t.contains("e-") || t.contains("E-");
        d.outOfRange = true;
        d.value = tiny
            ? (negative ? -0.0 : 0.0)
            : (negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity());
        return d;
    }
    if (r.ec != std::errc())
        return d;
    d.value = v;
    return d;
}

bool isDecimalText(QByteArrayView text)
{
    qsizetype i = 0;
    const qsizetype n = text.size();
    if (i < n && (text[i] == '+' || text[i] == '-'))
        ++i;
    qsizetype digitsSeen = 0;
    while (i < n && isDigit(text[i])) {
        ++i;
        ++digitsSeen;
    }
    if (i < n && text[i] == '.') {
        ++i;
        while (i < n && isDigit(text[i])) {
            ++i;
            ++digitsSeen;
        }
    }
    if (digitsSeen == 0)
        return false;
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-'))
            ++i;
        const qsizetype start = i;
        while (i < n && isDigit(text[i]))
            ++i;
        if (i == start)
            return false;
    }
    return i == n;
}

bool isSpecDateTime(QByteArrayView text)
{
    static constexpr QByteArrayView kPattern = "ddddddddTdd:dd:dd"; // 'd' stands for a digit
    if (text.size() != kPattern.size())
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (kPattern[i] == 'd' ? !isDigit(text[i]) : text[i] != kPattern[i])
            return false;
    }
    return true;
}

std::optional<qint64> parseDateTime(QByteArrayView text)
{
    const QByteArrayView t = trimmedXml(text);
    qsizetype pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(t, pos, 4, year))
        return std::nullopt;
    const bool dashed = skipIf(t, pos, '-');
    if (!digits(t, pos, 2, month))
        return std::nullopt;
    if (dashed && !skipIf(t, pos, '-'))
        return std::nullopt;
    if (!digits(t, pos, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > int(daysInMonth(year, unsigned(month))))
        return std::nullopt;
    qint64 msecs = 0;
    qint64 zoneMinutes = 0;
    if (pos < t.size()) {
        if (t[pos] != 'T' && t[pos] != 't' && t[pos] != ' ')
            return std::nullopt;
        ++pos;
        if (!digits(t, pos, 2, hour))
            return std::nullopt;
        const bool colons = skipIf(t, pos, ':');
        if (!digits(t, pos, 2, minute))
            return std::nullopt;
        if (pos < t.size() && (t[pos] == ':' || isDigit(t[pos]))) {
            if (colons && !skipIf(t, pos, ':'))
                return std::nullopt;
            if (!digits(t, pos, 2, second))
                return std::nullopt;
        }
        if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
            ++pos;
            int scale = 100;
            const qsizetype start = pos;
            while (pos < t.size() && isDigit(t[pos])) {
                msecs += (t[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == start)
                return std::nullopt;
        }
        if (pos < t.size()) {
            const char z = t[pos++];
            if (z == 'Z' || z == 'z') {
                zoneMinutes = 0;
            } else if (z == '+' || z == '-') {
                int zh = 0, zm = 0;
                if (!digits(t, pos, 2, zh))
                    return std::nullopt;
                skipIf(t, pos, ':');
                if (pos < t.size() && !digits(t, pos, 2, zm))
                    return std::nullopt;
                if (zh > 23 || zm > 59)
                    return std::nullopt;
                zoneMinutes = (zh * 60 + zm) * (z == '-' ? -1 : 1);
            } else {
                return std::nullopt;
            }
        }
        if (pos != t.size())
            return std::nullopt;
        const bool endOfDay = hour == 24 && minute == 0 && second == 0 && msecs == 0;
        if ((hour > 23 && !endOfDay) || minute > 59 || second > 60)
            return std::nullopt;
    }
    const qint64 days = daysFromCivil(year, unsigned(month), unsigned(day));
    const qint64 seconds = ((days * 24 + hour) * 60 + minute) * 60 + second - zoneMinutes * 60;
    return seconds * 1000 + msecs;
}

std::optional<QByteArray> decodeBase64(QByteArrayView text, bool* unpadded)
{
    QByteArray compact;
    compact.reserve(text.size());
    for (char c : text) {
        if (!isXmlBlank(c))
            compact += c;
    }
    if (compact.isEmpty())
        return QByteArray();
    // One character past a multiple of four carries no whole byte: Qt would drop it silently.
    if (compact.size() % 4 == 1)
        return std::nullopt;
    if (unpadded)
        *unpadded = compact.size() % 4 != 0;
    // Qt's strict mode rejects stray characters; lenient padding matches Python's binascii.
    QByteArray::FromBase64Result r
        = QByteArray::fromBase64Encoding(compact, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    if (r.decodingStatus != QByteArray::Base64DecodingStatus::Ok)
        return std::nullopt;
    return std::move(r.decoded);
}

QByteArray formatDateTime(qint64 msecsSinceEpoch)
{
    qint64 secs = msecsSinceEpoch / 1000;
    if (msecsSinceEpoch % 1000 < 0)
        --secs;
    qint64 days = secs / 86400;
    qint64 rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    qint64 y = 0;
    unsigned m = 0, d = 0;
    civilFromDays(days, y, m, d);
    char buf[64];
    const int n = std::snprintf(buf, sizeof buf, "%04lld%02u%02uT%02lld:%02lld:%02lld", static_cast<long long>(y), m, d,
                                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                                static_cast<long long>(rem % 60));
    return QByteArray(buf, n);
}

} // namespace rpcscope::xmlrpc
