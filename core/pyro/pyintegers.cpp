#include "pyintegers.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace rpcscope {

namespace {
// An unsigned decimal big number in base 10^9 limbs, least significant first.
class DecimalAccumulator
{
public:
    void mulAdd(quint32 factor, quint32 addend)
    {
        quint64 carry = addend;
        for (quint32& limb : m_limbs) {
            const quint64 v = quint64(limb) * factor + carry;
            limb = static_cast<quint32>(v % kBase);
            carry = v / kBase;
        }
        while (carry) {
            m_limbs.push_back(static_cast<quint32>(carry % kBase));
            carry /= kBase;
        }
    }
    int digitCount() const { return static_cast<int>(m_limbs.size()) * 9; }
    QByteArray text() const
    {
        if (m_limbs.empty())
            return QByteArrayLiteral("0");
        QByteArray out = QByteArray::number(m_limbs.back());
        for (auto it = m_limbs.rbegin() + 1; it != m_limbs.rend(); ++it) {
            const QByteArray part = QByteArray::number(*it);
            out += QByteArray(9 - part.size(), '0') + part;
        }
        return out;
    }

private:
    static constexpr quint64 kBase = 1000000000ULL;
    std::vector<quint32> m_limbs;
};

int digitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

RpcValue fromAccumulator(const DecimalAccumulator& acc, bool negative)
{
    const QByteArray text = acc.text();
    return PyIntegers::fromDecimal(text, negative);
}
} // namespace

RpcValue PyIntegers::fromDecimal(QByteArrayView digits, bool negative)
{
    qsizetype start = 0;
    while (start + 1 < digits.size() && digits[start] == '0')
        ++start;
    digits = digits.sliced(start);
    if (digits.isEmpty())
        return RpcValue::fromInt(0);
    // 19 digits may still fit; compare against the limits as text to avoid overflow.
    static constexpr QByteArrayView kMax("9223372036854775807");
    static constexpr QByteArrayView kMinMagnitude("9223372036854775808");
    const QByteArrayView limit = negative ? kMinMagnitude : kMax;
    const bool fits = digits.size() < limit.size()
        || (digits.size() == limit.size()
            && std::lexicographical_compare(digits.begin(), digits.end(), limit.begin(), limit.end()))
        || digits == limit;
    if (fits) {
        quint64 magnitude = 0;
        for (char c : digits)
            magnitude = magnitude * 10 + quint64(c - '0');
        if (negative)
            return RpcValue::fromInt(magnitude == (quint64(1) << 63) ? std::numeric_limits<qint64>::min()
                                                                     : -static_cast<qint64>(magnitude));
        return RpcValue::fromInt(static_cast<qint64>(magnitude));
    }
    QString text;
    text.reserve(digits.size() + 1);
    if (negative)
        text += QLatin1Char('-');
    text += QLatin1StringView(digits);
    return RpcValue::fromBigInt(text);
}

std::optional<RpcValue> PyIntegers::fromDigits(QByteArrayView digits, int base, bool negative)
{
    if (base == 10) {
        for (char c : digits) {
            if (c < '0' || c > '9')
                return std::nullopt;
        }
        if (digits.size() > kMaxDecimalDigits)
            return std::nullopt;
        return fromDecimal(digits, negative);
    }
    DecimalAccumulator acc;
    for (char c : digits) {
        const int d = digitValue(c);
        if (d >= base)
            return std::nullopt;
        acc.mulAdd(static_cast<quint32>(base), static_cast<quint32>(d));
        if (acc.digitCount() > kMaxDecimalDigits + 9)
            return std::nullopt;
    }
    return fromAccumulator(acc, negative);
}

std::optional<RpcValue> PyIntegers::fromTwosComplementLE(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return RpcValue::fromInt(0);
    if (bytes.size() * 2.41 > kMaxDecimalDigits)
        return std::nullopt;
    const bool negative = (static_cast<quint8>(bytes.back()) & 0x80) != 0;
    QByteArray magnitude(bytes.data(), bytes.size());
    if (negative) {
        // Two's complement negation: invert and add one, least significant byte first.
        int carry = 1;
        for (char& b : magnitude) {
            const int v = (static_cast<quint8>(b) ^ 0xFF) + carry;
            b = static_cast<char>(v & 0xFF);
            carry = v >> 8;
        }
    }
    DecimalAccumulator acc;
    for (auto it = magnitude.crbegin(); it != magnitude.crend(); ++it)
        acc.mulAdd(256, static_cast<quint8>(*it));
    return fromAccumulator(acc, negative);
}

std::optional<RpcValue> PyIntegers::fromMarshalDigits(const quint16* digits, qsizetype count, bool negative)
{
    if (count * 15 * 0.302 > kMaxDecimalDigits)
        return std::nullopt;
    DecimalAccumulator acc;
    for (qsizetype i = count - 1; i >= 0; --i)
        acc.mulAdd(1u << 15, digits[i] & 0x7FFF);
    return fromAccumulator(acc, negative);
}

RpcValue PyIntegers::negate(const RpcValue& value)
{
    if (value.type() == RpcValue::Type::Int) {
        const qint64 v = value.toInt();
        if (v == std::numeric_limits<qint64>::min())
            return RpcValue::fromBigInt(QStringLiteral("9223372036854775808"));
        return RpcValue::fromInt(-v);
    }
    if (value.type() == RpcValue::Type::BigInt) {
        const QString& d = value.toBigInt().digits;
        if (d.startsWith(QLatin1Char('-')))
            return fromDecimal(QStringView(d).mid(1).toLatin1(), false);
        return fromDecimal(d.toLatin1(), true);
    }
    return value;
}

} // namespace rpcscope
