#include "argumentliteral.h"

#include "pyro/pyrojsonreader.h"

#include <QRegularExpression>

#include <limits>

namespace rpcscope {

namespace {

bool isDecimalText(const QString& text)
{
    static const QRegularExpression decimal(QStringLiteral("^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
    return decimal.match(text).hasMatch();
}

// RpcScope's JSON reads back as the values it was written from (HACKING.md, "Values in JSON"): an object whose one
// member is named `double`, `decimal`, `base64`, `datetime` or `map` is that tagged value, so `call` sends exactly
// what `decode` and `call` print. Anything else keeps its shape; arrays and structs are gone through.
Result<RpcValue> untagged(RpcValue v)
{
    if (v.isArray()) {
        for (RpcValue& item : v.array()) {
            Result<RpcValue> inner = untagged(std::move(item));
            if (!inner)
                return inner;
            item = std::move(*inner);
        }
        return v;
    }
    if (!v.isStruct())
        return v;
    RpcStruct& members = v.members();
    if (members.size() == 1) {
        const QString& tag = members.front().first;
        const RpcValue& inner = members.front().second;
        const QString text = inner.toString();
        auto wrong = [&](const char* expected) {
            return Error {QStringLiteral("{\"%1\": ...} needs %2").arg(tag, QLatin1String(expected))};
        };
        if (tag == QLatin1String("double")) {
            if (inner.type() == RpcValue::Type::Double || inner.isInt())
                return RpcValue::fromDouble(inner.isInt() ? double(inner.toInt()) : inner.toDouble());
            if (text == QLatin1String("NaN"))
                return RpcValue::fromDouble(std::numeric_limits<double>::quiet_NaN());
            if (text == QLatin1String("Infinity") || text == QLatin1String("-Infinity"))
                return RpcValue::fromDouble(text.startsWith(QLatin1Char('-'))
                                                ? -std::numeric_limits<double>::infinity()
                                                : std::numeric_limits<double>::infinity());
            return wrong("\"NaN\", \"Infinity\" or \"-Infinity\"");
        }
        if (tag == QLatin1String("decimal")) {
            if (!inner.isString() || !isDecimalText(text))
                return wrong("the decimal's digits as a string, like \"9876543210.0123456789\"");
            return RpcValue::fromDecimal(text);
        }
        if (tag == QLatin1String("base64")) {
            QByteArray::FromBase64Result bytes = QByteArray::fromBase64Encoding(
                text.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
            if (!inner.isString() || bytes.decodingStatus != QByteArray::Base64DecodingStatus::Ok)
                return wrong("base64 text");
            return RpcValue::fromBytes(std::move(bytes.decoded));
        }
        if (tag == QLatin1String("datetime")) {
            if (!inner.isString())
                return wrong("the date-time as it is to be sent, like \"20240102T03:04:05\"");
            return RpcValue::fromDateTime(RpcDateTime {text, std::nullopt});
        }
        if (tag == QLatin1String("map")) {
            RpcMap entries;
            for (const RpcValue& pair : inner.toArray()) {
                if (!pair.isArray() || pair.toArray().size() != 2)
                    return wrong("[[key, value], ...]");
                Result<RpcValue> key = untagged(pair.toArray()[0]);
                Result<RpcValue> value = untagged(pair.toArray()[1]);
                if (!key)
                    return key;
                if (!value)
                    return value;
                entries.emplace_back(std::move(*key), std::move(*value));
            }
            if (!inner.isArray())
                return wrong("[[key, value], ...]");
            return RpcValue::fromMap(std::move(entries));
        }
    }
    for (RpcMember& m : members) {
        Result<RpcValue> inner = untagged(std::move(m.second));
        if (!inner)
            return inner;
        m.second = std::move(*inner);
    }
    return v;
}

} // namespace

Result<RpcValue> parseArgumentLiteral(const QString& text, bool forceString)
{
    if (forceString)
        return RpcValue::fromString(text);
    if (text == QLatin1String("true") || text == QLatin1String("false"))
        return RpcValue::fromBool(text == QLatin1String("true"));
    if (text == QLatin1String("null"))
        return RpcValue::nil();
    static const QRegularExpression integer(QStringLiteral("^[+-]?[0-9]+$"));
    if (integer.match(text).hasMatch()) {
        bool ok = false;
        const qint64 v = text.toLongLong(&ok);
        if (ok)
            return RpcValue::fromInt(v);
        QString digits = text;
        if (digits.startsWith(QLatin1Char('+')))
            digits.remove(0, 1);
        return RpcValue::fromBigInt(digits);
    }
    static const QRegularExpression real(QStringLiteral("^[+-]?([0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?$"));
    if (real.match(text).hasMatch()) {
        bool ok = false;
        const double v = text.toDouble(&ok);
        if (ok)
            return RpcValue::fromDouble(v);
    }
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1Char('[')) || trimmed.startsWith(QLatin1Char('{'))) {
        // Read with the JSON reader of Pyro4's json serializer rather than QJsonDocument, which turns 2.0 and -0.0
        // into integers, big integers into doubles and sorts object members: here 2.0 stays a double, every digit
        // of an integer is kept, and members keep their order.
        const QByteArray utf8 = trimmed.toUtf8();
        const PyReadResult read = PyroJsonReader::parse(utf8, 0, DecodeLimits {}, nullptr);
        if (!read.ok())
            return Error {QStringLiteral("\"%1\" looks like JSON but is not: %2 at offset %3 (use --string to send "
                                         "it as text)")
                              .arg(text, read.error)
                              .arg(read.errorOffset)};
        return untagged(read.value);
    }
    return RpcValue::fromString(text);
}

} // namespace rpcscope
