#include "jsonwriter.h"

#include <QSet>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace rpcscope {

bool JsonWriter::takeComma()
{
    if (m_afterKey) {
        m_afterKey = false;
        return false;
    }
    if (m_first.isEmpty())
        return false;
    const bool comma = !m_first.back();
    m_first.back() = false;
    return comma;
}

void JsonWriter::putSeparated(const char* bytes, qsizetype n)
{
    const bool comma = takeComma();
    char* p = grow(n + comma);
    if (comma)
        *p++ = ',';
    std::memcpy(p, bytes, size_t(n));
}

void JsonWriter::beginObject()
{
    putSeparated("{", 1);
    m_first.push_back(true);
}

void JsonWriter::endObject()
{
    put("}", 1);
    m_first.pop_back();
}

void JsonWriter::beginArray()
{
    putSeparated("[", 1);
    m_first.push_back(true);
}

void JsonWriter::endArray()
{
    put("]", 1);
    m_first.pop_back();
}

void JsonWriter::key(QLatin1StringView name)
{
    const bool comma = takeComma();
    char* p = grow(comma + name.size() + 3);
    if (comma)
        *p++ = ',';
    *p++ = '"';
    std::memcpy(p, name.data(), size_t(name.size()));
    p += name.size();
    *p++ = '"';
    *p = ':';
    m_afterKey = true;
}

void JsonWriter::key(QStringView name)
{
    escaped(name, takeComma(), true);
    m_afterKey = true;
}

void JsonWriter::null()
{
    putSeparated("null", 4);
}

void JsonWriter::boolean(bool v)
{
    if (v)
        putSeparated("true", 4);
    else
        putSeparated("false", 5);
}

void JsonWriter::integer(qint64 v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    putSeparated(buf, r.ptr - buf);
}

void JsonWriter::number(double v, bool singlePrecision)
{
    if (!std::isfinite(v)) {
        beginObject();
        key(QLatin1StringView("double"));
        string(QLatin1StringView(formatDouble(v)));
        endObject();
        return;
    }
    const QByteArray text = formatDouble(v, singlePrecision);
    putSeparated(text.constData(), text.size());
}

namespace {
// The text std::to_chars(fixed, decimals) writes (the exact value rounded, ties to even), for a positive double below
// 2^63 and at most 9 decimals, from its binary mantissa in 128-bit integers: every line of jsonl has two of these
// (start and latency), and the general algorithm costs several times more. False for anything else.
bool fixedExact(double v, int decimals, char* out, char** end)
{
#if defined(__SIZEOF_INT128__)
    static constexpr quint64 kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};
    if (!(v > 0) || v >= 9.2e18 || decimals < 0 || decimals > 9)
        return false;
    int exponent = 0;
    const double fraction = std::frexp(v, &exponent);
    const auto mantissa = static_cast<quint64>(std::ldexp(fraction, 53));
    const int shift = 53 - exponent; // v = mantissa / 2^shift, exactly
    if (shift > 100)
        return false;
    const unsigned __int128 scaled = static_cast<unsigned __int128>(mantissa) * kPow10[decimals];
    unsigned __int128 n;
    if (shift <= 0) {
        n = scaled << -shift;
    } else {
        n = scaled >> shift;
        const unsigned __int128 rest = scaled - (n << shift);
        const unsigned __int128 half = static_cast<unsigned __int128>(1) << (shift - 1);
        if (rest > half || (rest == half && (n & 1)))
            ++n;
    }
    const auto whole = static_cast<quint64>(n / kPow10[decimals]);
    auto part = static_cast<quint64>(n % kPow10[decimals]);
    char* p = std::to_chars(out, out + 24, whole).ptr;
    if (decimals > 0) {
        *p++ = '.';
        for (int i = decimals - 1; i >= 0; --i) {
            p[i] = static_cast<char>('0' + part % 10);
            part /= 10;
        }
        p += decimals;
    }
    *end = p;
    return true;
#else
    Q_UNUSED(v);
    Q_UNUSED(decimals);
    Q_UNUSED(out);
    Q_UNUSED(end);
    return false;
#endif
}
} // namespace

void JsonWriter::fixed(double v, int decimals)
{
    char buf[64];
    char* end = nullptr;
    if (!fixedExact(v, decimals, buf, &end))
        end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals).ptr;
    putSeparated(buf, end - buf);
}

void JsonWriter::rawNumber(QByteArrayView digits)
{
    putSeparated(digits.data(), digits.size());
}

void JsonWriter::string(QStringView v)
{
    escaped(v, takeComma(), false);
}

void JsonWriter::string(QLatin1StringView v)
{
    const bool comma = takeComma();
    // Latin-1 is UTF-16's first 256 code points: the same escapes, and bytes past ASCII take two bytes in UTF-8.
    const qsizetype n = v.size();
    const uchar* s = reinterpret_cast<const uchar*>(v.data());
    const qsizetype start = m_out.size();
    char* const begin = grow(comma + 2 + 6 * n);
    char* p = begin;
    if (comma)
        *p++ = ',';
    *p++ = '"';
    for (qsizetype i = 0; i < n; ++i) {
        const uchar c = s[i];
        if (c >= 0x80) {
            *p++ = static_cast<char>(0xC0 | (c >> 6));
            *p++ = static_cast<char>(0x80 | (c & 0x3F));
        } else {
            p = escapeAscii(p, c);
        }
    }
    *p++ = '"';
    m_out.resize(start + (p - begin));
}

namespace {
// 1 for the ASCII characters JSON strings carry as they are (all but controls, the quote and the backslash).
constexpr std::array<bool, 128> kPlainAscii = [] {
    std::array<bool, 128> plain {};
    for (int c = 0x20; c < 0x80; ++c)
        plain[std::size_t(c)] = c != '"' && c != '\\';
    return plain;
}();
} // namespace

char* JsonWriter::escapeAscii(char* p, char32_t c)
{
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case '"':
        *p++ = '\\';
        *p++ = '"';
        break;
    case '\\':
        *p++ = '\\';
        *p++ = '\\';
        break;
    case '\n':
        *p++ = '\\';
        *p++ = 'n';
        break;
    case '\r':
        *p++ = '\\';
        *p++ = 'r';
        break;
    case '\t':
        *p++ = '\\';
        *p++ = 't';
        break;
    default:
        if (c < 0x20) {
            const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            std::memcpy(p, esc, 6);
            p += 6;
        } else {
            *p++ = static_cast<char>(c);
        }
    }
    return p;
}

void JsonWriter::escaped(QStringView v, bool comma, bool isKey)
{
    static const char hex[] = "0123456789abcdef";
    const qsizetype n = v.size();
    const char16_t* s = v.utf16();
    // Written straight into the output with its comma and quotes, sized for the worst case (a control character takes
    // 6 bytes, no UTF-16 unit more) and cut back at the end: one size check per string instead of one per character.
    const qsizetype start = m_out.size();
    char* const begin = grow(comma + 3 + 6 * n);
    char* p = begin;
    if (comma)
        *p++ = ',';
    *p++ = '"';
    qsizetype i = 0;
    while (i < n) {
        // Most text is plain ASCII: runs of it are copied a unit to a byte, with no escape to look for.
        while (i < n && s[i] < 0x80 && kPlainAscii[s[i]])
            *p++ = static_cast<char>(s[i++]);
        if (i == n)
            break;
        char32_t c = s[i];
        if (c < 0x80) {
            p = escapeAscii(p, c);
            ++i;
            continue;
        }
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00);
            ++i;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            // A lone surrogate has no UTF-8 form, but JSON's escape carries it exactly (Python reads it back).
            const char esc[6] = {'\\', 'u', hex[c >> 12], hex[(c >> 8) & 15], hex[(c >> 4) & 15], hex[c & 15]};
            std::memcpy(p, esc, 6);
            p += 6;
            ++i;
            continue;
        }
        ++i;
        if (c < 0x800) {
            *p++ = static_cast<char>(0xC0 | (c >> 6));
            *p++ = static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *p++ = static_cast<char>(0xE0 | (c >> 12));
            *p++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            *p++ = static_cast<char>(0x80 | (c & 0x3F));
        } else {
            *p++ = static_cast<char>(0xF0 | (c >> 18));
            *p++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            *p++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            *p++ = static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    *p++ = '"';
    if (isKey)
        *p++ = ':';
    m_out.resize(start + (p - begin));
}

namespace {
bool isTagName(QStringView name)
{
    return name == QLatin1String("map") || name == QLatin1String("double") || name == QLatin1String("decimal")
        || name == QLatin1String("base64") || name == QLatin1String("datetime");
}

void writeTagged(JsonWriter& json, const char* tag, QStringView text)
{
    json.beginObject();
    json.key(QLatin1StringView(tag));
    json.string(text);
    json.endObject();
}
} // namespace

bool structNeedsMapForm(const RpcStruct& members)
{
    if (members.size() == 1)
        return isTagName(members.front().first);
    if (members.size() <= 8) {
        for (std::size_t i = 1; i < members.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (members[i].first == members[j].first)
                    return true;
            }
        }
        return false;
    }
    QSet<QStringView> seen;
    seen.reserve(static_cast<qsizetype>(members.size()));
    for (const RpcMember& m : members) {
        const qsizetype before = seen.size();
        seen.insert(m.first);
        if (seen.size() == before)
            return true;
    }
    return false;
}

void writeRpcValue(JsonWriter& json, const RpcValue& value)
{
    switch (value.type()) {
    case RpcValue::Type::Nil:
        json.null();
        return;
    case RpcValue::Type::Bool:
        json.boolean(value.toBool());
        return;
    case RpcValue::Type::Int:
        json.integer(value.toInt());
        return;
    case RpcValue::Type::BigInt:
        json.rawNumber(value.toBigInt().digits.toLatin1());
        return;
    case RpcValue::Type::Double:
        json.number(value.toDouble(), value.tag() == QLatin1String("float"));
        return;
    case RpcValue::Type::Decimal:
        writeTagged(json, "decimal", value.toDecimal().text);
        return;
    case RpcValue::Type::String:
        json.string(value.toString());
        return;
    case RpcValue::Type::Bytes:
        writeTagged(json, "base64", QString::fromLatin1(value.toBytes().toBase64()));
        return;
    case RpcValue::Type::DateTime:
        writeTagged(json, "datetime", value.toDateTime().text);
        return;
    case RpcValue::Type::Array:
        json.beginArray();
        for (const RpcValue& item : value.toArray())
            writeRpcValue(json, item);
        json.endArray();
        return;
    case RpcValue::Type::Struct: {
        const RpcStruct& members = value.toStruct();
        json.beginObject();
        if (structNeedsMapForm(members)) {
            json.key(QLatin1StringView("map"));
            json.beginArray();
            for (const RpcMember& m : members) {
                json.beginArray();
                json.string(m.first);
                writeRpcValue(json, m.second);
                json.endArray();
            }
            json.endArray();
        } else {
            for (const RpcMember& m : members) {
                json.key(m.first);
                writeRpcValue(json, m.second);
            }
        }
        json.endObject();
        return;
    }
    case RpcValue::Type::Map:
        json.beginObject();
        json.key(QLatin1StringView("map"));
        json.beginArray();
        for (const RpcMapEntry& e : value.toMap()) {
            json.beginArray();
            writeRpcValue(json, e.first);
            writeRpcValue(json, e.second);
            json.endArray();
        }
        json.endArray();
        json.endObject();
        return;
    }
}

} // namespace rpcscope
