#include "msgpackwriter.h"

#include "pytext.h"

#include <QtEndian>

#include <limits>

namespace rpcscope {

namespace {

template<typename T>
void putBig(QByteArray& out, T v)
{
    char b[sizeof(T)];
    qToBigEndian<T>(v, b);
    out.append(b, sizeof(T));
}

// A length in the smallest of the three forms a family offers (8-, 16- or 32-bit), after its marker byte.
void putSized(QByteArray& out, qint64 n, quint8 marker8, quint8 marker16, quint8 marker32)
{
    if (marker8 != 0 && n <= 0xFF) {
        out += char(marker8);
        out += char(n);
    } else if (n <= 0xFFFF) {
        out += char(marker16);
        putBig<quint16>(out, quint16(n));
    } else {
        out += char(marker32);
        putBig<quint32>(out, quint32(n));
    }
}

void putInt(QByteArray& out, qint64 i)
{
    if (i >= 0) {
        const quint64 u = quint64(i);
        if (u < 0x80) {
            out += char(u);
        } else if (u <= 0xFF) {
            out += char(0xcc);
            out += char(u);
        } else if (u <= 0xFFFF) {
            out += char(0xcd);
            putBig<quint16>(out, quint16(u));
        } else if (u <= 0xFFFFFFFFu) {
            out += char(0xce);
            putBig<quint32>(out, quint32(u));
        } else {
            out += char(0xcf);
            putBig<quint64>(out, u);
        }
        return;
    }
    if (i >= -32) {
        out += char(i);
    } else if (i >= std::numeric_limits<qint8>::min()) {
        out += char(0xd0);
        out += char(i);
    } else if (i >= std::numeric_limits<qint16>::min()) {
        out += char(0xd1);
        putBig<qint16>(out, qint16(i));
    } else if (i >= std::numeric_limits<qint32>::min()) {
        out += char(0xd2);
        putBig<qint32>(out, qint32(i));
    } else {
        out += char(0xd3);
        putBig<qint64>(out, i);
    }
}

void putDouble(QByteArray& out, double d)
{
    out += char(0xcb);
    putBig<double>(out, d);
}

void putString(QByteArray& out, QStringView s)
{
    const QByteArray utf8 = PyText::encodeUtf8SurrogatePass(s);
    if (utf8.size() < 32)
        out += char(0xa0 | utf8.size());
    else
        putSized(out, utf8.size(), 0xd9, 0xda, 0xdb);
    out += utf8;
}

// An extension: fixext 1/2/4/8/16 when the size fits one, else ext 8/16/32.
void putExt(QByteArray& out, qint8 type, QByteArrayView data)
{
    switch (data.size()) {
    case 1:
        out += char(0xd4);
        break;
    case 2:
        out += char(0xd5);
        break;
    case 4:
        out += char(0xd6);
        break;
    case 8:
        out += char(0xd7);
        break;
    case 16:
        out += char(0xd8);
        break;
    default:
        putSized(out, data.size(), 0xc7, 0xc8, 0xc9);
        break;
    }
    out += char(type);
    out.append(data.data(), data.size());
}

void putArrayHeader(QByteArray& out, std::size_t n)
{
    if (n < 16)
        out += char(0x90 | n);
    else
        putSized(out, qint64(n), 0, 0xdc, 0xdd);
}

void putMapHeader(QByteArray& out, std::size_t n)
{
    if (n < 16)
        out += char(0x80 | n);
    else
        putSized(out, qint64(n), 0, 0xde, 0xdf);
}

void writeValue(QByteArray& out, const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Nil:
        out += char(0xc0);
        return;
    case RpcValue::Type::Bool:
        out += char(v.toBool() ? 0xc3 : 0xc2);
        return;
    case RpcValue::Type::Int:
        putInt(out, v.toInt());
        return;
    case RpcValue::Type::BigInt:
        // Pyro's `default` hook: a number msgpack cannot hold travels as its decimal text.
        putExt(out, 0x31, v.toBigInt().digits.toLatin1());
        return;
    case RpcValue::Type::Double:
        putDouble(out, v.toDouble());
        return;
    case RpcValue::Type::String:
        putString(out, v.toString());
        return;
    case RpcValue::Type::Decimal: // Pyro sends a decimal.Decimal as its text
        putString(out, v.toDecimal().text);
        return;
    case RpcValue::Type::DateTime:
        putString(out, v.toDateTime().text);
        return;
    case RpcValue::Type::Bytes: {
        const QByteArray& b = v.toBytes();
        putSized(out, b.size(), 0xc4, 0xc5, 0xc6);
        out += b;
        return;
    }
    case RpcValue::Type::Array:
        putArrayHeader(out, v.toArray().size());
        for (const RpcValue& item : v.toArray())
            writeValue(out, item);
        return;
    case RpcValue::Type::Struct:
        if (v.tag() == QLatin1String("complex")) {
            QByteArray parts(16, '\0');
            qToLittleEndian<double>(v.member(u"real") ? v.member(u"real")->toDouble() : 0.0, parts.data());
            qToLittleEndian<double>(v.member(u"imag") ? v.member(u"imag")->toDouble() : 0.0, parts.data() + 8);
            putExt(out, 0x30, parts);
            return;
        }
        putMapHeader(out, v.toStruct().size());
        for (const RpcMember& m : v.toStruct()) {
            putString(out, m.first);
            writeValue(out, m.second);
        }
        return;
    case RpcValue::Type::Map:
        putMapHeader(out, v.toMap().size());
        for (const RpcMapEntry& e : v.toMap()) {
            writeValue(out, e.first);
            writeValue(out, e.second);
        }
        return;
    }
}

} // namespace

QByteArray MsgpackWriter::write(const RpcValue& value)
{
    QByteArray out;
    writeValue(out, value);
    return out;
}

} // namespace rpcscope
