#include "marshalwriter.h"

#include "pytext.h"

#include <QtEndian>

#include <limits>
#include <vector>

namespace rpcscope {

namespace {

void putI32(QByteArray& out, qint32 v)
{
    char b[4];
    qToLittleEndian<qint32>(v, b);
    out.append(b, 4);
}

void putDouble(QByteArray& out, double d)
{
    char b[8];
    qToLittleEndian<double>(d, b);
    out.append(b, 8);
}

// Decimal digits to marshal's base-2^15 digits, least significant first, by repeated division.
std::vector<quint16> toDigits15(QByteArrayView decimal)
{
    std::vector<quint8> dec;
    for (char c : decimal) {
        if (c >= '0' && c <= '9')
            dec.push_back(static_cast<quint8>(c - '0'));
    }
    std::vector<quint16> out;
    while (!dec.empty() && !(dec.size() == 1 && dec[0] == 0)) {
        std::vector<quint8> quotient;
        quint32 rem = 0;
        for (quint8 d : dec) {
            rem = rem * 10 + d;
            const quint32 q = rem >> 15;
            rem &= 0x7FFF;
            if (!quotient.empty() || q)
                quotient.push_back(static_cast<quint8>(q));
        }
        out.push_back(static_cast<quint16>(rem));
        dec = std::move(quotient);
    }
    return out;
}

void writeLong(QByteArray& out, QByteArrayView decimal, bool negative)
{
    const std::vector<quint16> digits = toDigits15(decimal);
    out += 'l';
    putI32(out, negative ? -static_cast<qint32>(digits.size()) : static_cast<qint32>(digits.size()));
    for (quint16 d : digits) {
        char b[2];
        qToLittleEndian<quint16>(d, b);
        out.append(b, 2);
    }
}

void writeText(QByteArray& out, QStringView s)
{
    bool ascii = true;
    for (QChar c : s) {
        if (c.unicode() >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii && s.size() < 256) {
        out += 'z';
        out += static_cast<char>(s.size());
        out += s.toLatin1();
        return;
    }
    // Python writes str with 'surrogatepass': a lone surrogate as its 3-byte form, which MarshalReader reads back.
    const QByteArray bytes = ascii ? s.toLatin1() : PyText::encodeUtf8SurrogatePass(s);
    out += ascii ? 'a' : 'u';
    putI32(out, static_cast<qint32>(bytes.size()));
    out += bytes;
}

void writeValue(QByteArray& out, const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Nil:
        out += 'N';
        return;
    case RpcValue::Type::Bool:
        out += v.toBool() ? 'T' : 'F';
        return;
    case RpcValue::Type::Int: {
        const qint64 i = v.toInt();
        if (i >= std::numeric_limits<qint32>::min() && i <= std::numeric_limits<qint32>::max()) {
            out += 'i';
            putI32(out, static_cast<qint32>(i));
        } else {
            const QByteArray text = QByteArray::number(i);
            writeLong(out, text, i < 0);
        }
        return;
    }
    case RpcValue::Type::BigInt: {
        const QByteArray text = v.toBigInt().digits.toLatin1();
        writeLong(out, text, text.startsWith('-'));
        return;
    }
    case RpcValue::Type::Double:
        out += 'g';
        putDouble(out, v.toDouble());
        return;
    case RpcValue::Type::String:
        writeText(out, v.toString());
        return;
    case RpcValue::Type::Decimal: // Pyro's serializers send a decimal.Decimal as its text
        writeText(out, v.toDecimal().text);
        return;
    case RpcValue::Type::DateTime:
        writeText(out, v.toDateTime().text);
        return;
    case RpcValue::Type::Bytes:
        out += 's';
        putI32(out, static_cast<qint32>(v.toBytes().size()));
        out += v.toBytes();
        return;
    case RpcValue::Type::Array: {
        const RpcArray& items = v.toArray();
        const QString& tag = v.tag();
        if (tag == QLatin1String("tuple") && items.size() < 256) {
            out += ')';
            out += static_cast<char>(items.size());
        } else {
            out += tag == QLatin1String("tuple")    ? '('
                : tag == QLatin1String("set")       ? '<'
                : tag == QLatin1String("frozenset") ? '>'
                                                    : '[';
            putI32(out, static_cast<qint32>(items.size()));
        }
        for (const RpcValue& item : items)
            writeValue(out, item);
        return;
    }
    case RpcValue::Type::Struct:
        if (v.tag() == QLatin1String("complex")) {
            out += 'y';
            putDouble(out, v.member(u"real") ? v.member(u"real")->toDouble() : 0.0);
            putDouble(out, v.member(u"imag") ? v.member(u"imag")->toDouble() : 0.0);
            return;
        }
        out += '{';
        for (const RpcMember& m : v.toStruct()) {
            writeText(out, m.first);
            writeValue(out, m.second);
        }
        out += '0';
        return;
    case RpcValue::Type::Map: // marshal keeps keys of any type
        out += '{';
        for (const RpcMapEntry& e : v.toMap()) {
            writeValue(out, e.first);
            writeValue(out, e.second);
        }
        out += '0';
        return;
    }
}

} // namespace

QByteArray MarshalWriter::write(const RpcValue& value)
{
    QByteArray out;
    writeValue(out, value);
    return out;
}

} // namespace rpcscope
