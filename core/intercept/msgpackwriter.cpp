#include "msgpackwriter.h"

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

// A length-prefixed item: the fixed form when it fits `fixLimit` (then `fixBase` | n), else 8/16/32-bit lengths.
void putHeader(QByteArray& out, quint32 n, quint8 fixBase, quint32 fixLimit, char op8, char op16, char op32)
{
    if (fixLimit > 0 && n < fixLimit) {
        out += char(fixBase | n);
    } else if (op8 && n <= 0xFF) {
        out += op8;
        out += char(n);
    } else if (n <= 0xFFFF) {
        out += op16;
        putBig<quint16>(out, quint16(n));
    } else {
        out += op32;
        putBig<quint32>(out, n);
    }
}

void writeText(QByteArray& out, QStringView text)
{
    const QByteArray utf8 = text.toUtf8();
    putHeader(out, quint32(utf8.size()), 0xA0, 32, '\xd9', '\xda', '\xdb');
    out += utf8;
}

void writeInt(QByteArray& out, qint64 i)
{
    if (i >= 0) {
        if (i < 128) {
            out += char(i);
        } else if (i <= 0xFF) {
            out += '\xcc';
            out += char(i);
        } else if (i <= 0xFFFF) {
            out += '\xcd';
            putBig<quint16>(out, quint16(i));
        } else if (i <= 0xFFFFFFFFLL) {
            out += '\xce';
            putBig<quint32>(out, quint32(i));
        } else {
            out += '\xcf';
            putBig<quint64>(out, quint64(i));
        }
        return;
    }
    if (i >= -32) {
        out += char(i);
    } else if (i >= std::numeric_limits<qint8>::min()) {
        out += '\xd0';
        out += char(i);
    } else if (i >= std::numeric_limits<qint16>::min()) {
        out += '\xd1';
        putBig<qint16>(out, qint16(i));
    } else if (i >= std::numeric_limits<qint32>::min()) {
        out += '\xd2';
        putBig<qint32>(out, qint32(i));
    } else {
        out += '\xd3';
        putBig<qint64>(out, i);
    }
}

void writeValue(QByteArray& out, const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Nil:
        out += '\xc0';
        return;
    case RpcValue::Type::Bool:
        out += v.toBool() ? '\xc3' : '\xc2';
        return;
    case RpcValue::Type::Int:
        writeInt(out, v.toInt());
        return;
    case RpcValue::Type::BigInt: {
        // Pyro4 packs ints msgpack cannot hold as ext 0x31 with the decimal digits.
        const QByteArray digits = v.toBigInt().digits.toLatin1();
        putHeader(out, quint32(digits.size()), 0, 0, '\xc7', '\xc8', '\xc9');
        out += char(0x31);
        out += digits;
        return;
    }
    case RpcValue::Type::Double:
        out += '\xcb';
        putBig<double>(out, v.toDouble());
        return;
    case RpcValue::Type::String:
        writeText(out, v.toString());
        return;
    case RpcValue::Type::Decimal:
        writeText(out, v.toDecimal().text);
        return;
    case RpcValue::Type::DateTime:
        writeText(out, v.toDateTime().text);
        return;
    case RpcValue::Type::Bytes:
        putHeader(out, quint32(v.toBytes().size()), 0, 0, '\xc4', '\xc5', '\xc6');
        out += v.toBytes();
        return;
    case RpcValue::Type::Array:
        putHeader(out, quint32(v.toArray().size()), 0x90, 16, 0, '\xdc', '\xdd');
        for (const RpcValue& item : v.toArray())
            writeValue(out, item);
        return;
    case RpcValue::Type::Struct:
        putHeader(out, quint32(v.toStruct().size()), 0x80, 16, 0, '\xde', '\xdf');
        for (const RpcMember& m : v.toStruct()) {
            writeText(out, m.first);
            writeValue(out, m.second);
        }
        return;
    case RpcValue::Type::Map:
        putHeader(out, quint32(v.toMap().size()), 0x80, 16, 0, '\xde', '\xdf');
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
