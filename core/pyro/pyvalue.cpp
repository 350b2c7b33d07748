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
        return value.tag().isEmpty() ? QStringLiteral("bytes") : value.tag(); // "bytearray"
    case RpcValue::Type::DateTime:
        return value.tag().isEmpty() ? QStringLiteral("datetime") : value.tag(); // "datetime.date"...
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
    return keyRepr(key);
}

QString keyRepr(const RpcValue& key)
{
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

void DictBuilder::add(RpcValue key, RpcValue value, DecodeNode keyNode)
{
    if (key.type() != RpcValue::Type::String || !key.tag().isEmpty())
        m_allStrings = false;
    if (m_node) {
        m_memberIndex.push_back(m_node->children.empty() ? 0 : m_node->children.size() - 1);
        m_keyNodes.push_back(std::move(keyNode));
    }
    m_entries.emplace_back(std::move(key), std::move(value));
}

RpcValue DictBuilder::finish()
{
    if (m_allStrings) {
        RpcStruct members;
        members.reserve(m_entries.size());
        for (RpcMapEntry& e : m_entries)
            members.emplace_back(e.first.toString(), std::move(e.second));
        return classDict(std::move(members));
    }
    if (m_node) {
        for (std::size_t i = 0; i < m_memberIndex.size() && m_memberIndex[i] < m_node->children.size(); ++i) {
            DecodeNode& member = m_node->children[m_memberIndex[i]];
            const RpcValue& key = m_entries[i].first;
            member.name = keyRepr(key);
            DecodeNode& keyNode = m_keyNodes[i];
            if (!keyNode.hasBytes())
                continue;
            keyNode.name = QStringLiteral("key");
            keyNode.description = QStringLiteral("The key of this entry: a %1. The dict has keys of other types than "
                                                 "str, so each entry is named by its key's repr.")
                                      .arg(typeLabel(key));
            member.children.insert(member.children.begin(), std::move(keyNode));
        }
    }
    return RpcValue::fromMap(std::move(m_entries));
}

RpcValue cutValue(DecodeNode* node, const QString& limitText)
{
    if (node) {
        node->type = QStringLiteral("cut");
        node->value = QStringLiteral("not shown: ") + limitText;
        node->description = QStringLiteral("A value past a decoding limit (%1): its bytes are skipped and it stands "
                                           "as None in the value; raise the limit to see it.")
                                .arg(limitText);
    }
    return RpcValue::nil();
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

namespace rpcscope {

void PyNotes::add(const QString& text, qint64 offset, Problem::Kind kind)
{
    if (static_cast<int>(m_notes.size()) < kMaxNotes) {
        m_notes.push_back({text, offset, kind});
        return;
    }
    ++m_dropped;
    m_droppedTruncation = m_droppedTruncation || kind == Problem::Kind::Truncated;
}

std::vector<Problem> PyNotes::take()
{
    if (m_dropped > 0) {
        m_notes.push_back({QStringLiteral("%1 more like the above are not listed").arg(m_dropped), -1,
                           m_droppedTruncation ? Problem::Kind::Truncated : Problem::Kind::Lenient});
        m_dropped = 0;
    }
    return std::move(m_notes);
}

} // namespace rpcscope
