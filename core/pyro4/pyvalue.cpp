#include "pyvalue.h"

#include "pyrepr.h"

namespace rpcscope::pyvalue {

QString typeLabel(const RpcValue& value)
{
    switch (value.type()) {
    case RpcValue::Type::Nil:
        return QStringLiteral("None");
    case RpcValue::Type::Bool:
        return QStringLiteral("bool");
    case RpcValue::Type::Int:
    case RpcValue::Type::BigInt:
        return QStringLiteral("int");
    case RpcValue::Type::Double:
        return QStringLiteral("float");
    case RpcValue::Type::Decimal:
        return QStringLiteral("decimal");
    case RpcValue::Type::Map:
        return value.tag().isEmpty() ? QStringLiteral("dict") : value.tag();
    case RpcValue::Type::String:
        return value.tag().isEmpty() ? QStringLiteral("str") : value.tag(); // "ellipsis", "global", "recursion"
    case RpcValue::Type::Bytes:
        return QStringLiteral("bytes");
    case RpcValue::Type::DateTime:
        return QStringLiteral("datetime");
    case RpcValue::Type::Array:
        return value.tag().isEmpty() ? QStringLiteral("list") : value.tag();
    case RpcValue::Type::Struct:
        return value.tag().isEmpty() ? QStringLiteral("dict") : value.tag();
    }
    return QStringLiteral("?");
}

QString nodeValue(const RpcValue& value)
{
    switch (value.type()) {
    case RpcValue::Type::Array: {
        const auto n = value.toArray().size();
        return n == 1 ? QStringLiteral("1 item") : QStringLiteral("%1 items").arg(n);
    }
    case RpcValue::Type::Struct:
        if (value.tag() == QLatin1String("complex"))
            return PyRepr::repr(value);
        return value.toStruct().size() == 1 ? QStringLiteral("1 item")
                                            : QStringLiteral("%1 items").arg(value.toStruct().size());
    case RpcValue::Type::Map:
        return value.toMap().size() == 1 ? QStringLiteral("1 item")
                                         : QStringLiteral("%1 items").arg(value.toMap().size());
    case RpcValue::Type::Double:
        return QString::fromLatin1(PyRepr::floatRepr(value.toDouble()));
    case RpcValue::Type::Nil:
        return QStringLiteral("None");
    case RpcValue::Type::Bool:
        return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    default:
        return value.toDisplayString(120);
    }
}

QString keyText(const RpcValue& key)
{
    if (key.type() == RpcValue::Type::String && key.tag().isEmpty())
        return key.toString();
    // Capped: a dict whose key is a dict whose key is a dict... would otherwise quote the quotes of every level
    // again, doubling the text per level (found by fuzzing msgpack: 676 bytes took seconds).
    constexpr qsizetype kMaxKeyText = 256;
    QString text = PyRepr::repr(key);
    if (text.size() > kMaxKeyText) {
        text.truncate(kMaxKeyText - 3);
        text += QLatin1String("...");
    }
    return text;
}

RpcValue classDict(RpcStruct members)
{
    QString tag;
    for (const RpcMember& m : members) {
        if (m.first == QLatin1String("__class__") && m.second.type() == RpcValue::Type::String) {
            tag = m.second.toString();
            break;
        }
    }
    return RpcValue::fromStruct(std::move(members), std::move(tag));
}

void markIncomplete(DecodeNode& node, qint64 end)
{
    if (node.type.isEmpty())
        node.type = QStringLiteral("incomplete");
    if (node.value.isEmpty())
        node.value = QStringLiteral("incomplete");
    node.length = std::max<qint64>(0, end - node.offset);
    if (node.description.isEmpty())
        node.description = QStringLiteral("A value cut short: reading stopped inside it (see the error below).");
}

void finishNode(DecodeNode& node, const RpcValue& value, qint64 end, const QString& description)
{
    node.type = typeLabel(value);
    node.value = nodeValue(value);
    node.length = end - node.offset;
    node.description = description;
}

} // namespace rpcscope::pyvalue
