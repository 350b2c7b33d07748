#include "pyrepr.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace rpcscope {

namespace {
// str.isprintable() in CPython: false for the Unicode categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs (except ' ').
bool isPrintable(char32_t c)
{
    if (c == U' ')
        return true;
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
        return false;
    default:
        return true;
    }
}

void appendHex(QString& out, char prefix, char32_t c, int width)
{
    out += QLatin1Char('\\');
    out += QLatin1Char(prefix);
    out += QString::number(static_cast<uint>(c), 16).rightJustified(width, QLatin1Char('0'));
}

void reprInto(const RpcValue& v, QString& out, int depth);

void sequenceInto(const RpcArray& items, QString& out, int depth)
{
    bool first = true;
    for (const RpcValue& item : items) {
        if (!first)
            out += QLatin1String(", ");
        first = false;
        reprInto(item, out, depth - 1);
    }
}

void reprInto(const RpcValue& v, QString& out, int depth)
{
    if (depth <= 0) {
        out += QLatin1String("...");
        return;
    }
    switch (v.type()) {
    case RpcValue::Type::Nil:
        out += QLatin1String("None");
        return;
    case RpcValue::Type::Bool:
        out += v.toBool() ? QLatin1String("True") : QLatin1String("False");
        return;
    case RpcValue::Type::Int:
        out += QString::number(v.toInt());
        return;
    case RpcValue::Type::BigInt:
        out += v.toBigInt().digits;
        return;
    case RpcValue::Type::Double:
        out += QLatin1StringView(PyRepr::floatRepr(v.toDouble()));
        return;
    case RpcValue::Type::Decimal:
        out += QLatin1String("Decimal('") + v.toDecimal().text + QLatin1String("')");
        return;
    case RpcValue::Type::String:
        if (v.tag() == QLatin1String("ellipsis")) {
            out += QLatin1String("Ellipsis");
            return;
        }
        PyRepr::appendStringRepr(out, v.toString());
        return;
    case RpcValue::Type::Bytes:
        if (v.tag() == QLatin1String("bytearray")) {
            out += QLatin1String("bytearray(") + PyRepr::bytesRepr(v.toBytes()) + QLatin1Char(')');
            return;
        }
        out += PyRepr::bytesRepr(v.toBytes());
        return;
    case RpcValue::Type::DateTime:
        PyRepr::appendStringRepr(out, v.toDateTime().text);
        return;
    case RpcValue::Type::Array: {
        const RpcArray& items = v.toArray();
        if (v.tag() == QLatin1String("tuple")) {
            out += QLatin1Char('(');
            sequenceInto(items, out, depth);
            if (items.size() == 1)
                out += QLatin1Char(',');
            out += QLatin1Char(')');
        } else if (v.tag() == QLatin1String("set") || v.tag() == QLatin1String("frozenset")) {
            const bool frozen = v.tag() == QLatin1String("frozenset");
            if (items.empty()) {
                out += frozen ? QLatin1String("frozenset()") : QLatin1String("set()");
                return;
            }
            out += frozen ? QLatin1String("frozenset({") : QLatin1String("{");
            sequenceInto(items, out, depth);
            out += frozen ? QLatin1String("})") : QLatin1String("}");
        } else {
            out += QLatin1Char('[');
            sequenceInto(items, out, depth);
            out += QLatin1Char(']');
        }
        return;
    }
    case RpcValue::Type::Struct: {
        if (v.tag() == QLatin1String("complex")) {
            const RpcValue* re = v.member(u"real");
            const RpcValue* im = v.member(u"imag");
            const double r = re ? re->toDouble() : 0;
            const double i = im ? im->toDouble() : 0;
            auto part = [](double d) {
                QByteArray t = PyRepr::floatRepr(d);
                if (t.endsWith(".0"))
                    t.chop(2);
                return QString::fromLatin1(t);
            };
            if (r == 0 && !std::signbit(r)) {
                out += part(i) + QLatin1Char('j');
                return;
            }
            out += QLatin1Char('(') + part(r) + (std::signbit(i) || std::isnan(i) ? QString() : QStringLiteral("+"))
                + part(i) + QLatin1String("j)");
            return;
        }
        out += QLatin1Char('{');
        bool first = true;
        for (const RpcMember& m : v.toStruct()) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            PyRepr::appendStringRepr(out, m.first);
            out += QLatin1String(": ");
            reprInto(m.second, out, depth - 1);
        }
        out += QLatin1Char('}');
        return;
    }
    case RpcValue::Type::Map: {
        out += QLatin1Char('{');
        bool first = true;
        for (const RpcMapEntry& e : v.toMap()) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            reprInto(e.first, out, depth - 1);
            out += QLatin1String(": ");
            reprInto(e.second, out, depth - 1);
        }
        out += QLatin1Char('}');
        return;
    }
    }
}
} // namespace

QByteArray PyRepr::floatRepr(double v)
{
    if (std::isnan(v))
        return QByteArrayLiteral("nan");
    if (std::isinf(v))
        return v > 0 ? QByteArrayLiteral("inf") : QByteArrayLiteral("-inf");
    return formatDouble(v); // the same layout as Python's repr
}

void PyRepr::appendStringRepr(QString& out, QStringView text)
{
    const bool hasSingle = text.contains(QLatin1Char('\''));
    const bool hasDouble = text.contains(QLatin1Char('"'));
    const QChar quote = hasSingle && !hasDouble ? QLatin1Char('"') : QLatin1Char('\'');
    out.reserve(out.size() + text.size() + 2);
    out += quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        if (c == quote.unicode() || c == U'\\') {
            out += QLatin1Char('\\');
            out += QChar(c);
        } else if (c == U'\t') {
            out += QLatin1String("\\t");
        } else if (c == U'\n') {
            out += QLatin1String("\\n");
        } else if (c == U'\r') {
            out += QLatin1String("\\r");
        } else if (c < 0x20 || c == 0x7F) {
            appendHex(out, 'x', c, 2);
        } else if (c < 0x7F) {
            out += QChar(c);
        } else if (isPrintable(c)) {
            out += QString::fromUcs4(&c, 1);
        } else if (c <= 0xFF) {
            appendHex(out, 'x', c, 2);
        } else if (c <= 0xFFFF) {
            appendHex(out, 'u', c, 4);
        } else {
            appendHex(out, 'U', c, 8);
        }
    }
    out += quote;
}

QString PyRepr::bytesRepr(const QByteArray& bytes)
{
    const bool hasSingle = bytes.contains('\'');
    const bool hasDouble = bytes.contains('"');
    const char quote = hasSingle && !hasDouble ? '"' : '\'';
    QString out = QStringLiteral("b");
    out += QLatin1Char(quote);
    for (char ch : bytes) {
        const auto c = static_cast<quint8>(ch);
        if (c == quote || c == '\\') {
            out += QLatin1Char('\\');
            out += QLatin1Char(ch);
        } else if (c == '\t') {
            out += QLatin1String("\\t");
        } else if (c == '\n') {
            out += QLatin1String("\\n");
        } else if (c == '\r') {
            out += QLatin1String("\\r");
        } else if (c < 0x20 || c >= 0x7F) {
            appendHex(out, 'x', c, 2);
        } else {
            out += QLatin1Char(ch);
        }
    }
    out += QLatin1Char(quote);
    return out;
}

QString PyRepr::repr(const RpcValue& value, int maxDepth)
{
    QString out;
    reprInto(value, out, maxDepth);
    return out;
}

QString PyRepr::str(const RpcValue& value)
{
    if (value.type() == RpcValue::Type::String && value.tag() != QLatin1String("ellipsis"))
        return value.toString();
    return repr(value);
}

} // namespace rpcscope
