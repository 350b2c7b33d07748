#include "picklewriter.h"

#include "pyro4/pytext.h"

#include <QStringList>
#include <QtEndian>

#include <vector>

namespace rpcscope {

namespace {

// Opcodes of pickle protocols 2-4 (Lib/pickle.py).
constexpr char kProto = '\x80';
constexpr char kStop = '.';
constexpr char kNone = 'N';
constexpr char kTrue = '\x88';
constexpr char kFalse = '\x89';
constexpr char kBinInt = 'J';
constexpr char kLong1 = '\x8a';
constexpr char kBinFloat = 'G';
constexpr char kBinUnicode = 'X';
constexpr char kBinBytes = 'B';
constexpr char kMark = '(';
constexpr char kEmptyTuple = ')';
constexpr char kTuple = 't';
constexpr char kEmptyList = ']';
constexpr char kAppends = 'e';
constexpr char kEmptyDict = '}';
constexpr char kSetItems = 'u';
constexpr char kEmptySet = '\x8f';
constexpr char kAddItems = '\x90';
constexpr char kFrozenSet = '\x91';
constexpr char kGlobal = 'c';
constexpr char kReduce = 'R';
constexpr char kBuild = 'b';

void putU32(QByteArray& out, quint32 v)
{
    char b[4];
    qToLittleEndian<quint32>(v, b);
    out.append(b, 4);
}

// Decimal digits (optional '-') as little-endian two's complement, the shortest that keeps the sign (LONG1).
QByteArray twosComplement(const QString& digitsText)
{
    const bool negative = digitsText.startsWith(QLatin1Char('-'));
    std::vector<quint8> dec;
    for (QChar c : digitsText) {
        if (c.isDigit())
            dec.push_back(quint8(c.digitValue()));
    }
    QByteArray magnitude; // little-endian
    while (!dec.empty() && !(dec.size() == 1 && dec[0] == 0)) {
        std::vector<quint8> quotient;
        quint32 rem = 0;
        for (quint8 d : dec) {
            rem = rem * 10 + d;
            const quint32 q = rem >> 8;
            rem &= 0xFF;
            if (!quotient.empty() || q)
                quotient.push_back(quint8(q));
        }
        magnitude.append(char(rem));
        dec = std::move(quotient);
    }
    if (magnitude.isEmpty())
        return {};
    QByteArray bytes = magnitude;
    if (negative) {
        // -m = ~(m - 1): invert after subtracting one.
        for (char& b : bytes) {
            const quint8 v = quint8(b);
            b = char(v - 1);
            if (v != 0)
                break;
        }
        for (char& b : bytes)
            b = char(~quint8(b));
        if (!(quint8(bytes.back()) & 0x80))
            bytes.append(char(0xFF));
    } else if (quint8(bytes.back()) & 0x80) {
        bytes.append(char(0));
    }
    return bytes;
}

void writeText(QByteArray& out, QStringView text)
{
    // Python pickles str with 'surrogatepass', so a lone surrogate survives the trip.
    const QByteArray utf8 = PyText::encodeUtf8SurrogatePass(text);
    out += kBinUnicode;
    putU32(out, quint32(utf8.size()));
    out += utf8;
}

void writeGlobal(QByteArray& out, const QString& module, const QString& name)
{
    out += kGlobal;
    out += module.toUtf8() + '\n' + name.toUtf8() + '\n';
}

void writeValue(QByteArray& out, const RpcValue& v);

void writeItems(QByteArray& out, const RpcArray& items)
{
    for (const RpcValue& item : items)
        writeValue(out, item);
}

void writeValue(QByteArray& out, const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Nil:
        out += kNone;
        return;
    case RpcValue::Type::Bool:
        out += v.toBool() ? kTrue : kFalse;
        return;
    case RpcValue::Type::Int: {
        const qint64 i = v.toInt();
        if (i >= std::numeric_limits<qint32>::min() && i <= std::numeric_limits<qint32>::max()) {
            out += kBinInt;
            putU32(out, quint32(qint32(i)));
        } else {
            const QByteArray bytes = twosComplement(QString::number(i));
            out += kLong1;
            out += char(bytes.size());
            out += bytes;
        }
        return;
    }
    case RpcValue::Type::BigInt: {
        const QByteArray bytes = twosComplement(v.toBigInt().digits);
        if (bytes.size() < 256) {
            out += kLong1;
            out += char(bytes.size());
        } else {
            out += '\x8b'; // LONG4
            putU32(out, quint32(bytes.size()));
        }
        out += bytes;
        return;
    }
    case RpcValue::Type::Double: {
        out += kBinFloat;
        char b[8];
        qToBigEndian<double>(v.toDouble(), b);
        out.append(b, 8);
        return;
    }
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
        out += kBinBytes;
        putU32(out, quint32(v.toBytes().size()));
        out += v.toBytes();
        return;
    case RpcValue::Type::Array: {
        const RpcArray& items = v.toArray();
        const QString& tag = v.tag();
        if (tag == QLatin1String("tuple")) {
            if (items.empty()) {
                out += kEmptyTuple;
                return;
            }
            out += kMark;
            writeItems(out, items);
            out += kTuple;
        } else if (tag == QLatin1String("frozenset")) {
            out += kMark;
            writeItems(out, items);
            out += kFrozenSet;
        } else if (tag == QLatin1String("set")) {
            out += kEmptySet;
            if (!items.empty()) {
                out += kMark;
                writeItems(out, items);
                out += kAddItems;
            }
        } else {
            out += kEmptyList;
            if (!items.empty()) {
                out += kMark;
                writeItems(out, items);
                out += kAppends;
            }
        }
        return;
    }
    case RpcValue::Type::Struct: {
        out += kEmptyDict;
        const RpcStruct& members = v.toStruct();
        if (members.empty())
            return;
        out += kMark;
        for (const RpcMember& m : members) {
            writeText(out, m.first);
            writeValue(out, m.second);
        }
        out += kSetItems;
        return;
    }
    case RpcValue::Type::Map: {
        out += kEmptyDict;
        const RpcMap& entries = v.toMap();
        if (entries.empty())
            return;
        out += kMark;
        for (const RpcMapEntry& e : entries) {
            writeValue(out, e.first);
            writeValue(out, e.second);
        }
        out += kSetItems;
        return;
    }
    }
}

QByteArray framed(const QByteArray& body)
{
    QByteArray out;
    out.reserve(body.size() + 3);
    out += kProto;
    out += char(4);
    out += body;
    out += kStop;
    return out;
}

} // namespace

QByteArray PickleWriter::write(const RpcValue& value)
{
    QByteArray body;
    writeValue(body, value);
    return framed(body);
}

QByteArray PickleWriter::exception(const QString& className, const QString& message, const QStringList& traceback)
{
    QString module = QStringLiteral("builtins");
    QString name = className;
    if (const qsizetype dot = className.lastIndexOf(QLatin1Char('.')); dot > 0) {
        module = className.left(dot);
        name = className.mid(dot + 1);
    }
    QByteArray body;
    writeGlobal(body, module, name);
    body += kMark;
    if (!message.isEmpty())
        writeText(body, message);
    body += kTuple;
    body += kReduce;
    if (!traceback.isEmpty()) {
        RpcArray lines;
        for (const QString& line : traceback)
            lines.push_back(RpcValue::fromString(line));
        writeValue(body, RpcValue::fromStruct({{QStringLiteral("_pyroTraceback"), RpcValue::fromArray(lines)}}));
        body += kBuild;
    }
    return framed(body);
}

} // namespace rpcscope
