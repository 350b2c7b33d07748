#include "pyrojsonwriter.h"

#include "pyrepr.h"

#include <cmath>
#include <cstdio>

namespace rpcscope {

namespace {

void writeString(QStringView s, QByteArray& out)
{
    out += '"';
    qsizetype run = 0;
    auto flush = [&](qsizetype upTo) {
        if (upTo > run)
            out += s.sliced(run, upTo - run).toUtf8();
    };
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        const char* escape = nullptr;
        switch (c) {
        case '"':
            escape = "\\\"";
            break;
        case '\\':
            escape = "\\\\";
            break;
        case '\n':
            escape = "\\n";
            break;
        case '\r':
            escape = "\\r";
            break;
        case '\t':
            escape = "\\t";
            break;
        case '\b':
            escape = "\\b";
            break;
        case '\f':
            escape = "\\f";
            break;
        default:
            break;
        }
        // A lone surrogate has no UTF-8 form: it is written as its \u escape, which Python's json reads back.
        const bool loneSurrogate = QChar::isSurrogate(c)
            && !(QChar::isHighSurrogate(c) && i + 1 < s.size() && s[i + 1].isLowSurrogate())
            && !(QChar::isLowSurrogate(c) && i > 0 && s[i - 1].isHighSurrogate());
        if (!escape && c >= 0x20 && !loneSurrogate)
            continue;
        flush(i);
        if (escape) {
            out += escape;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        }
        run = i + 1;
    }
    flush(s.size());
    out += '"';
}

void writeFloat(double d, QByteArray& out)
{
    if (std::isnan(d))
        out += "NaN";
    else if (std::isinf(d))
        out += d > 0 ? "Infinity" : "-Infinity";
    else
        out += PyRepr::floatRepr(d);
}

} // namespace

void PyroJsonWriter::writeValue(const RpcValue& value, QByteArray& out)
{
    switch (value.type()) {
    case RpcValue::Type::Nil:
        out += "null";
        return;
    case RpcValue::Type::Bool:
        out += value.toBool() ? "true" : "false";
        return;
    case RpcValue::Type::Int:
        out += QByteArray::number(value.toInt());
        return;
    case RpcValue::Type::BigInt:
        out += value.toBigInt().digits.toLatin1();
        return;
    case RpcValue::Type::Double:
        writeFloat(value.toDouble(), out);
        return;
    case RpcValue::Type::String:
        writeString(value.toString(), out);
        return;
    case RpcValue::Type::Decimal:
        writeString(value.toDecimal().text, out);
        return;
    case RpcValue::Type::Bytes:
        out += "{\"data\": \"" + value.toBytes().toBase64() + "\", \"encoding\": \"base64\"}";
        return;
    case RpcValue::Type::DateTime:
        writeString(value.toDateTime().text, out);
        return;
    case RpcValue::Type::Array: {
        out += '[';
        bool first = true;
        for (const RpcValue& item : value.toArray()) {
            if (!first)
                out += ", ";
            first = false;
            writeValue(item, out);
        }
        out += ']';
        return;
    }
    case RpcValue::Type::Struct: {
        out += '{';
        bool first = true;
        for (const RpcMember& m : value.toStruct()) {
            if (!first)
                out += ", ";
            first = false;
            writeString(m.first, out);
            out += ": ";
            writeValue(m.second, out);
        }
        out += '}';
        return;
    }
    case RpcValue::Type::Map: {
        // JSON keys are strings: like Python's json module, a scalar key is written as its JSON text.
        out += '{';
        bool first = true;
        for (const RpcMapEntry& e : value.toMap()) {
            if (!first)
                out += ", ";
            first = false;
            if (e.first.isString()) {
                writeString(e.first.toString(), out);
            } else {
                QByteArray key;
                writeValue(e.first, key);
                writeString(QString::fromUtf8(key), out);
            }
            out += ": ";
            writeValue(e.second, out);
        }
        out += '}';
        return;
    }
    }
}

QByteArray PyroJsonWriter::write(const RpcValue& value)
{
    QByteArray out;
    writeValue(value, out);
    return out;
}

} // namespace rpcscope
