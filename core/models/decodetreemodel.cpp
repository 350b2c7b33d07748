#include "decodetreemodel.h"

#include <QStringList>

namespace rpcscope {

DecodeTreeModel::DecodeTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

void DecodeTreeModel::setMessage(std::shared_ptr<const DecodedMessage> message)
{
    beginResetModel();
    m_message = std::move(message);
    m_parents.clear();
    if (const DecodeNode* r = root())
        indexParents(*r);
    endResetModel();
}

void DecodeTreeModel::indexParents(const DecodeNode& node)
{
    for (const DecodeNode& child : node.children) {
        m_parents.emplace(&child, &node);
        indexParents(child);
    }
}

const DecodeNode* DecodeTreeModel::root() const
{
    if (!m_message || (m_message->tree.name.isEmpty() && m_message->tree.children.empty()))
        return nullptr;
    return &m_message->tree;
}

const DecodeNode* DecodeTreeModel::parentNode(const DecodeNode* node) const
{
    auto it = m_parents.find(node);
    return it == m_parents.end() ? nullptr : it->second;
}

const DecodeNode* DecodeTreeModel::nodeFromIndex(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return static_cast<const DecodeNode*>(index.internalPointer());
}

QModelIndex DecodeTreeModel::indexFromNode(const DecodeNode* node, int column) const
{
    if (!node || !root())
        return {};
    if (node == root())
        return createIndex(0, column, const_cast<DecodeNode*>(node));
    const DecodeNode* parent = parentNode(node);
    if (!parent)
        return {};
    const auto row = static_cast<int>(node - parent->children.data());
    return createIndex(row, column, const_cast<DecodeNode*>(node));
}

QModelIndex DecodeTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, const_cast<DecodeNode*>(root()));
    const DecodeNode* p = nodeFromIndex(parent);
    return createIndex(row, column, const_cast<DecodeNode*>(&p->children[row]));
}

QModelIndex DecodeTreeModel::parent(const QModelIndex& child) const
{
    const DecodeNode* node = nodeFromIndex(child);
    if (!node)
        return {};
    return indexFromNode(parentNode(node), 0);
}

int DecodeTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return root() ? 1 : 0;
    if (parent.column() != 0)
        return 0;
    const DecodeNode* node = nodeFromIndex(parent);
    return node ? static_cast<int>(node->children.size()) : 0;
}

int DecodeTreeModel::columnCount(const QModelIndex& parent) const
{
    Q_UNUSED(parent);
    return ColumnCount;
}

ByteRange DecodeTreeModel::rangeOf(const DecodeNode& node)
{
    return ByteRange {node.buffer, node.offset, node.length};
}

QString DecodeTreeModel::describe(const DecodeNode& node) const
{
    QString text = node.description;
    if (node.hasBytes()) {
        QString where = node.length == 1
            ? tr("byte %1").arg(node.offset)
            : tr("bytes %1–%2 (%3 bytes)").arg(node.offset).arg(node.end() - 1).arg(node.length);
        if (node.length == 0)
            where = tr("at byte %1 (no bytes of its own)").arg(node.offset);
        if (node.buffer != 0 && m_message && std::size_t(node.buffer) < m_message->bufferNames.size())
            where += tr(" of %1").arg(m_message->bufferNames[node.buffer]);
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + where;
    } else {
        text += (text.isEmpty() ? QString() : QStringLiteral("\n")) + tr("derived: no bytes of its own");
    }
    return text;
}

QVariant DecodeTreeModel::data(const QModelIndex& index, int role) const
{
    const DecodeNode* node = nodeFromIndex(index);
    if (!node)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return node->name;
        case TypeColumn:
            return node->type;
        case ValueColumn:
            return node->value;
        }
        return {};
    case Qt::ToolTipRole: {
        QString tip = describe(*node);
        if (index.column() == ValueColumn && node->value.size() > 60)
            tip = node->value.left(2000) + QStringLiteral("\n\n") + tip;
        return tip;
    }
    case ByteRangeRole:
        return QVariant::fromValue(rangeOf(*node));
    case DescriptionRole:
        return node->description;
    case ErrorRole:
        return node->error;
    case HasErrorRole:
        return node->hasError();
    case PathRole:
        return pathOf(node);
    default:
        return {};
    }
}

QVariant DecodeTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Field");
    case TypeColumn:
        return tr("Type");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

QModelIndex DecodeTreeModel::indexAtByte(int buffer, qint64 pos) const
{
    const DecodeNode* r = root();
    return r ? indexFromNode(r->deepestAt(buffer, pos)) : QModelIndex();
}

QString DecodeTreeModel::pathOf(const DecodeNode* node) const
{
    QStringList parts;
    for (const DecodeNode* n = node; n; n = parentNode(n))
        parts.prepend(n->name);
    return parts.join(QLatin1Char('/'));
}

} // namespace rpcscope
