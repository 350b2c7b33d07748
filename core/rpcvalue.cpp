#include "rpcvalue.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace rpcscope {

namespace {
const QString kEmptyString;
const QByteArray kEmptyBytes;
const RpcBigInt kEmptyBigInt;
const RpcDateTime kEmptyDateTime;
const RpcArray kEmptyArray;
const RpcStruct kEmptyStruct;
const RpcDecimal kEmptyDecimal;
const RpcMap kEmptyMap;

// A surrogate code unit that is not half of a pair: Python strings and Java strings may hold one. It is shown as
// the escape that writes it rather than as a replacement character, so it is not mistaken for U+FFFD.
bool isLoneSurrogate(const QString& s, qsizetype i)
{
    const char16_t c = s.at(i).unicode();
    if (c >= 0xD800 && c <= 0xDBFF)
        return !(i + 1 < s.size() && s.at(i + 1).isLowSurrogate());
    if (c >= 0xDC00 && c <= 0xDFFF)
        return !(i > 0 && s.at(i - 1).isHighSurrogate());
    return false;
}

void appendElided(QString& out, QStringView text, int maxChars)
{
    if (out.size() >= maxChars)
        return;
    out += text.left(maxChars - out.size());
}

void render(const RpcValue& v, QString& out, int maxChars)
{
    if (out.size() >= maxChars)
        return;
    switch (v.type()) {
    case RpcValue::Type::Nil:
        out += QLatin1String("nil");
        break;
    case RpcValue::Type::Bool:
        out += v.toBool() ? QLatin1String("true") : QLatin1String("false");
        break;
    case RpcValue::Type::Int:
        out += QString::number(v.toInt());
        break;
    case RpcValue::Type::BigInt:
        appendElided(out, v.toBigInt().digits, maxChars);
        break;
    case RpcValue::Type::Double:
        out += QLatin1StringView(formatDouble(v.toDouble(), v.tag() == QLatin1String("float")));
        break;
    case RpcValue::Type::Decimal:
        appendElided(out, v.toDecimal().text, maxChars);
        break;
    case RpcValue::Type::String: {
        out += QLatin1Char('"');
        QString s = v.toString();
        s.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('\n'), QLatin1String("\\n"))
            .replace(QLatin1Char('\r'), QLatin1String("\\r"))
            .replace(QLatin1Char('\t'), QLatin1String("\\t"))
            .replace(QLatin1Char('"'), QLatin1String("\\\""));
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s.at(i).isSurrogate() && isLoneSurrogate(s, i)) {
                const QString escape = QStringLiteral("\\u%1").arg(s.at(i).unicode(), 4, 16, QLatin1Char('0'));
                s.replace(i, 1, escape);
                i += escape.size() - 1;
            }
        }
        appendElided(out, s, maxChars);
        out += QLatin1Char('"');
        break;
    }
    case RpcValue::Type::Bytes: {
        const QByteArray& b = v.toBytes();
        out += QStringLiteral("<%1 bytes: ").arg(b.size());
        appendElided(out, QString::fromLatin1(b.left(maxChars).toHex(' ')), maxChars);
        out += QLatin1Char('>');
        break;
    }
    case RpcValue::Type::DateTime:
        appendElided(out, v.toDateTime().text, maxChars);
        break;
    case RpcValue::Type::Array: {
        const bool tuple = v.tag() == QLatin1String("tuple");
        const bool set = v.tag() == QLatin1String("set");
        out += tuple ? QLatin1Char('(') : set ? QLatin1Char('{') : QLatin1Char('[');
        bool first = true;
        for (const RpcValue& item : v.toArray()) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            render(item, out, maxChars);
            if (out.size() >= maxChars)
                break;
        }
        if (tuple && v.toArray().size() == 1)
            out += QLatin1Char(',');
        out += tuple ? QLatin1Char(')') : set ? QLatin1Char('}') : QLatin1Char(']');
        break;
    }
    case RpcValue::Type::Struct: {
        if (!v.tag().isEmpty())
            appendElided(out, v.tag(), maxChars);
        out += QLatin1Char('{');
        bool first = true;
        for (const RpcMember& m : v.toStruct()) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            appendElided(out, m.first, maxChars);
            out += QLatin1String(": ");
            render(m.second, out, maxChars);
            if (out.size() >= maxChars)
                break;
        }
        out += QLatin1Char('}');
        break;
    }
    case RpcValue::Type::Map: {
        if (!v.tag().isEmpty())
            appendElided(out, v.tag(), maxChars);
        out += QLatin1Char('{');
        bool first = true;
        for (const RpcMapEntry& e : v.toMap()) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            render(e.first, out, maxChars);
            out += QLatin1String(": ");
            render(e.second, out, maxChars);
            if (out.size() >= maxChars)
                break;
        }
        out += QLatin1Char('}');
        break;
    }
    }
}
} // namespace

QByteArray formatDouble(double v, bool singlePrecision)
{
    if (std::isnan(v))
        return QByteArrayLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QByteArrayLiteral("Infinity") : QByteArrayLiteral("-Infinity");
    // The shortest digits that read back, laid out as Python's repr does (the most familiar form to the people who
    // read these values): fixed notation for exponents from -4 to 15, scientific outside, `.0` on whole numbers.
    char buf[48];
    const auto r = singlePrecision
        ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(v), std::chars_format::scientific)
        : std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const std::string_view sci(buf, r.ptr - buf);
    const std::size_t e = sci.find('e');
    int exponent = 0;
    std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
    QByteArray out;
    std::string_view mantissa = sci.substr(0, e);
    if (mantissa.front() == '-') {
        out += '-';
        mantissa.remove_prefix(1);
    }
    char digitBuf[24];
    int n = 0;
    for (const char c : mantissa) {
        if (c != '.')
            digitBuf[n++] = c;
    }
    const QByteArrayView digits(digitBuf, n);
    const int point = exponent + 1; // digits before the decimal point
    if (exponent >= -4 && exponent < 16) {
        if (point <= 0) {
            out += "0." + QByteArray(-point, '0') + digits;
        } else if (point < n) {
            out += digits.first(point) + '.' + digits.sliced(point);
        } else {
            out += digits + QByteArray(point - n, '0') + ".0";
        }
        return out;
    }
    out += digits.first(1);
    if (n > 1)
        out += '.' + digits.sliced(1);
    out += exponent < 0 ? "e-" : "e+";
    if (std::abs(exponent) < 10)
        out += '0';
    out += QByteArray::number(std::abs(exponent));
    return out;
}

RpcValue RpcValue::fromArray(RpcArray v, QString tag)
{
    RpcValue value {Storage(std::move(v))};
    value.m_tag = std::move(tag);
    return value;
}

RpcValue RpcValue::fromMap(RpcMap v, QString tag)
{
    RpcValue value {Storage(std::move(v))};
    value.m_tag = std::move(tag);
    return value;
}

RpcValue RpcValue::fromStruct(RpcStruct v, QString tag)
{
    RpcValue value {Storage(std::move(v))};
    value.m_tag = std::move(tag);
    return value;
}

const QString& RpcValue::toString() const
{
    const QString* p = std::get_if<QString>(&m_value);
    return p ? *p : kEmptyString;
}

const QByteArray& RpcValue::toBytes() const
{
    const QByteArray* p = std::get_if<QByteArray>(&m_value);
    return p ? *p : kEmptyBytes;
}

const RpcBigInt& RpcValue::toBigInt() const
{
    const RpcBigInt* p = std::get_if<RpcBigInt>(&m_value);
    return p ? *p : kEmptyBigInt;
}

const RpcDateTime& RpcValue::toDateTime() const
{
    const RpcDateTime* p = std::get_if<RpcDateTime>(&m_value);
    return p ? *p : kEmptyDateTime;
}

const RpcArray& RpcValue::toArray() const
{
    const RpcArray* p = std::get_if<RpcArray>(&m_value);
    return p ? *p : kEmptyArray;
}

const RpcStruct& RpcValue::toStruct() const
{
    const RpcStruct* p = std::get_if<RpcStruct>(&m_value);
    return p ? *p : kEmptyStruct;
}

const RpcDecimal& RpcValue::toDecimal() const
{
    const RpcDecimal* p = std::get_if<RpcDecimal>(&m_value);
    return p ? *p : kEmptyDecimal;
}

const RpcMap& RpcValue::toMap() const
{
    const RpcMap* p = std::get_if<RpcMap>(&m_value);
    return p ? *p : kEmptyMap;
}

RpcMap& RpcValue::entries()
{
    if (!std::holds_alternative<RpcMap>(m_value))
        m_value = RpcMap {};
    return std::get<RpcMap>(m_value);
}

RpcArray& RpcValue::array()
{
    if (!std::holds_alternative<RpcArray>(m_value))
        m_value = RpcArray {};
    return std::get<RpcArray>(m_value);
}

RpcStruct& RpcValue::members()
{
    if (!std::holds_alternative<RpcStruct>(m_value))
        m_value = RpcStruct {};
    return std::get<RpcStruct>(m_value);
}

const RpcValue* RpcValue::member(QStringView name) const
{
    for (const RpcMember& m : toStruct()) {
        if (m.first == name)
            return &m.second;
    }
    return nullptr;
}

QString RpcValue::typeName() const
{
    if (!m_tag.isEmpty() && (type() == Type::Array || type() == Type::Int))
        return m_tag;
    return QString::fromLatin1(rpcscope::typeName(type()));
}

QString RpcValue::toDisplayString(int maxChars) const
{
    QString out;
    render(*this, out, maxChars);
    if (out.size() >= maxChars) {
        out.truncate(maxChars);
        out += QChar(0x2026);
    }
    return out;
}

const char* typeName(RpcValue::Type type)
{
    switch (type) {
    case RpcValue::Type::Nil:
        return "nil";
    case RpcValue::Type::Bool:
        return "boolean";
    case RpcValue::Type::Int:
        return "int";
    case RpcValue::Type::BigInt:
        return "bigint";
    case RpcValue::Type::Double:
        return "double";
    case RpcValue::Type::String:
        return "string";
    case RpcValue::Type::Bytes:
        return "bytes";
    case RpcValue::Type::DateTime:
        return "datetime";
    case RpcValue::Type::Array:
        return "array";
    case RpcValue::Type::Struct:
        return "struct";
    case RpcValue::Type::Decimal:
        return "decimal";
    case RpcValue::Type::Map:
        return "map";
    }
    return "?";
}

} // namespace rpcscope
