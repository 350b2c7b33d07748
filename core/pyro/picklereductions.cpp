#include "picklereductions.h"

#include "pydatetime.h"

#include <initializer_list>

namespace rpcscope {

namespace {

bool oneOf(const QString& callable, std::initializer_list<const char*> names)
{
    for (const char* n : names) {
        if (callable == QLatin1StringView(n))
            return true;
    }
    return false;
}

double number(const RpcValue& x)
{
    switch (x.type()) {
    case RpcValue::Type::Int:
        return static_cast<double>(x.toInt());
    case RpcValue::Type::BigInt:
        return QStringView(x.toBigInt().digits).toDouble();
    default:
        return x.toDouble();
    }
}

RpcValue taggedBytes(QByteArray bytes, bool bytearray)
{
    RpcValue v = RpcValue::fromBytes(std::move(bytes));
    if (bytearray)
        v.setTag(QStringLiteral("bytearray"));
    return v;
}

} // namespace

QString PickleReductions::uuidText(const RpcValue& number)
{
    unsigned __int128 value = 0;
    if (number.type() == RpcValue::Type::Int) {
        if (number.toInt() < 0)
            return {};
        value = static_cast<quint64>(number.toInt());
    } else if (number.type() == RpcValue::Type::BigInt) {
        const QString& digits = number.toBigInt().digits;
        if (digits.size() > 39 || digits.startsWith(QLatin1Char('-')))
            return {};
        for (QChar c : digits) {
            const unsigned __int128 next = value * 10 + static_cast<unsigned>(c.unicode() - '0');
            if (next / 10 != value)
                return {};
            value = next;
        }
    } else {
        return {};
    }
    QString hex(32, QLatin1Char('0'));
    for (int i = 31; i >= 0; --i) {
        hex[i] = QLatin1Char("0123456789abcdef"[static_cast<int>(value & 0xF)]);
        value >>= 4;
    }
    return hex.left(8) + QLatin1Char('-') + hex.mid(8, 4) + QLatin1Char('-') + hex.mid(12, 4) + QLatin1Char('-')
        + hex.mid(16, 4) + QLatin1Char('-') + hex.mid(20);
}

std::optional<RpcValue> PickleReductions::plainValue(const QString& callable, const RpcArray& a, bool hasKwargs,
                                                     const RpcValue& state, QString& description)
{
    if (hasKwargs)
        return std::nullopt;
    // Protocols 0 and 1 make an instance through copyreg._reconstructor(cls, object, None), later ones by NEWOBJ.
    const bool reconstructed = oneOf(callable, {"copyreg._reconstructor", "copy_reg._reconstructor"}) && a.size() == 3
        && a[0].tag() == QLatin1String("global");
    const QString cls = reconstructed ? a[0].toString() : callable;
    if (cls == QLatin1String("uuid.UUID") && (a.empty() || reconstructed)) {
        // An instance of uuid.UUID, then BUILD {'int': N} (and 'is_safe' when known).
        const RpcValue* n = state.member(u"int");
        const QString text = n ? uuidText(*n) : QString();
        if (text.isEmpty())
            return std::nullopt;
        description = QStringLiteral("A uuid.UUID, pickled as its 128-bit int; shown as its canonical text.");
        RpcValue v = RpcValue::fromString(text);
        v.setTag(QStringLiteral("uuid.UUID"));
        return v;
    }
    if (!state.isNil())
        return std::nullopt;
    if (oneOf(callable, {"builtins.set", "__builtin__.set", "builtins.frozenset", "__builtin__.frozenset"})
        && a.size() <= 1) {
        description = QStringLiteral("A set, pickled as a call of %1 on a list.").arg(callable);
        return RpcValue::fromArray(a.empty() ? RpcArray {} : a.front().toArray(),
                                   callable.endsWith(QLatin1String("frozenset")) ? QStringLiteral("frozenset")
                                                                                 : QStringLiteral("set"));
    }
    if (oneOf(callable, {"_codecs.encode"}) && a.size() == 2 && a[0].isString()) {
        description = QStringLiteral("Bytes, pickled as _codecs.encode(text, 'latin1') (protocols 0-2).");
        return RpcValue::fromBytes(a[0].toString().toLatin1());
    }
    if (oneOf(callable, {"builtins.bytearray", "__builtin__.bytearray", "builtins.bytes", "__builtin__.bytes"})) {
        const bool bytearray = callable.endsWith(QLatin1String("bytearray"));
        description = QStringLiteral("Bytes, pickled as a call of %1.").arg(callable);
        if (a.empty())
            return taggedBytes({}, bytearray);
        if (a[0].type() == RpcValue::Type::Bytes)
            return taggedBytes(a[0].toBytes(), bytearray);
        if (a[0].isString())
            return taggedBytes(a[0].toString().toLatin1(), bytearray);
        return std::nullopt;
    }
    if (oneOf(callable, {"builtins.complex", "__builtin__.complex"}) && a.size() == 2) {
        description = QStringLiteral("A complex number, pickled as complex(real, imag).");
        return RpcValue::fromStruct({{QStringLiteral("real"), RpcValue::fromDouble(number(a[0]))},
                                     {QStringLiteral("imag"), RpcValue::fromDouble(number(a[1]))}},
                                    QStringLiteral("complex"));
    }
    if (oneOf(callable, {"datetime.datetime", "datetime.date", "datetime.time"})) {
        const auto dt = PyDateTime::fromPickle(callable, a);
        if (!dt)
            return std::nullopt;
        description = QStringLiteral("A %1, pickled as its state bytes (and UTC offset); shown as isoformat() "
                                     "writes it, to the microsecond.")
                          .arg(callable);
        RpcValue v = RpcValue::fromDateTime(*dt);
        v.setTag(callable);
        return v;
    }
    if (oneOf(callable, {"decimal.Decimal", "_pydecimal.Decimal"}) && a.size() == 1 && a[0].isString()) {
        description = QStringLiteral("A decimal.Decimal, pickled as its exact text.");
        return RpcValue::fromDecimal(a[0].toString());
    }
    return std::nullopt;
}

} // namespace rpcscope
