#include "serpentwriter.h"

#include "pyrepr.h"

#include <cmath>

namespace rpcscope {

namespace {

void writeFloat(double d, QByteArray& out)
{
    if (std::isnan(d))
        out += "{'__class__':'float','value':'nan'}";
    else if (std::isinf(d))
        out += d > 0 ? "1e30000" : "-1e30000";
    else
        out += PyRepr::floatRepr(d);
}

void writeString(QStringView s, QByteArray& out)
{
    QString repr;
    PyRepr::appendStringRepr(repr, s);
    out += repr.toUtf8();
}

void writeSequence(const RpcArray& items, QByteArray& out)
{
    bool first = true;
    for (const RpcValue& item : items) {
        if (!first)
            out += ',';
        first = false;
        SerpentWriter::writeValue(item, out);
    }
}

} // namespace

void SerpentWriter::writeValue(const RpcValue& value, QByteArray& out)
{
    switch (value.type()) {
    case RpcValue::Type::Nil:
        out += "None";
        return;
    case RpcValue::Type::Bool:
        out += value.toBool() ? "True" : "False";
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
    case RpcValue::Type::Decimal: // serpent writes a decimal.Decimal as its text
        writeString(value.toDecimal().text, out);
        return;
    case RpcValue::Type::Bytes:
        // repr() of the dict serpent builds, hence the spaces.
        out += "{'data': '" + value.toBytes().toBase64() + "', 'encoding': 'base64'}";
        return;
    case RpcValue::Type::DateTime:
        writeString(value.toDateTime().text, out);
        return;
    case RpcValue::Type::Array: {
        const RpcArray& items = value.toArray();
        const QString& tag = value.tag();
        if (tag == QLatin1String("tuple")) {
            out += '(';
            writeSequence(items, out);
            if (items.size() == 1)
                out += ',';
            out += ')';
        } else if (tag == QLatin1String("set") || tag == QLatin1String("frozenset")) {
            if (items.empty()) {
                out += "()"; // Python has no literal for an empty set
                return;
            }
            out += '{';
            writeSequence(items, out);
            out += '}';
        } else {
            out += '[';
            writeSequence(items, out);
            out += ']';
        }
        return;
    }
    case RpcValue::Type::Struct: {
        if (value.tag() == QLatin1String("complex")) {
            const RpcValue* re = value.member(u"real");
            const RpcValue* im = value.member(u"imag");
            const double imag = im ? im->toDouble() : 0.0;
            out += '(';
            writeFloat(re ? re->toDouble() : 0.0, out);
            if (imag >= 0)
                out += '+';
            writeFloat(imag, out);
            out += "j)";
            return;
        }
        out += '{';
        bool first = true;
        for (const RpcMember& m : value.toStruct()) {
            if (!first)
                out += ',';
            first = false;
            writeString(m.first, out);
            out += ':';
            writeValue(m.second, out);
        }
        out += '}';
        return;
    }
    case RpcValue::Type::Map: {
        out += '{';
        bool first = true;
        for (const RpcMapEntry& e : value.toMap()) {
            if (!first)
                out += ',';
            first = false;
            writeValue(e.first, out);
            out += ':';
            writeValue(e.second, out);
        }
        out += '}';
        return;
    }
    }
}

QByteArray SerpentWriter::write(const RpcValue& value)
{
    QByteArray out(kHeader.data(), kHeader.size());
    writeValue(value, out);
    return out;
}

} // namespace rpcscope
