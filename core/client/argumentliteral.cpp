#include "argumentliteral.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

namespace rpcscope {

namespace {

RpcValue fromJson(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return RpcValue::nil();
    case QJsonValue::Bool:
        return RpcValue::fromBool(v.toBool());
    case QJsonValue::Double: {
        // QJsonValue keeps integers up to 2^53 exactly; those stay ints.
        const double d = v.toDouble();
        if (d == double(qint64(d)) && std::abs(d) < 9007199254740992.0 && v.toInteger(0) == qint64(d))
            return RpcValue::fromInt(v.toInteger());
        return RpcValue::fromDouble(d);
    }
    case QJsonValue::String:
        return RpcValue::fromString(v.toString());
    case QJsonValue::Array: {
        RpcArray items;
        for (const QJsonValue& item : v.toArray())
            items.push_back(fromJson(item));
        return RpcValue::fromArray(std::move(items));
    }
    case QJsonValue::Object: {
        RpcStruct members;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            members.emplace_back(it.key(), fromJson(it.value()));
        return RpcValue::fromStruct(std::move(members));
    }
    }
    return RpcValue::nil();
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
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            return Error {QStringLiteral("\"%1\" looks like JSON but is not: %2 at offset %3 (use --string to send "
                                         "it as text)")
                              .arg(text, error.errorString())
                              .arg(error.offset)};
        return doc.isArray() ? fromJson(doc.array()) : fromJson(doc.object());
    }
    return RpcValue::fromString(text);
}

} // namespace rpcscope
