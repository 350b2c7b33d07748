#pragma once

#include "byterange.h"
#include "message.h"

#include <QAbstractItemModel>

#include <memory>
#include <unordered_map>

namespace rpcscope {

/// A decode tree as an item model: one top-level row for the message's root node, columns name, type and value.
/// The tree is immutable and owned (shared) by the model, so nodes are addressed by pointer.
class DecodeTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, TypeColumn, ValueColumn, ColumnCount };
    enum Role {
        /// A ByteRange: which buffer and which bytes the node came from (invalid for synthetic nodes).
        ByteRangeRole = Qt::UserRole,
        /// What the field means, one line for a student.
        DescriptionRole,
        /// True for error nodes (and the nodes containing one, via HasErrorRole).
        ErrorRole,
        HasErrorRole,
        /// Names from the root to the node, separated by '/'.
        PathRole,
    };

    explicit DecodeTreeModel(QObject* parent = nullptr);

    /// Shows `message`'s tree (empty model for null or a message decoded without a tree).
    void setMessage(std::shared_ptr<const DecodedMessage> message);
    const std::shared_ptr<const DecodedMessage>& message() const { return m_message; }
    const DecodeNode* root() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const DecodeNode* nodeFromIndex(const QModelIndex& index) const;
    QModelIndex indexFromNode(const DecodeNode* node, int column = 0) const;
    const DecodeNode* parentNode(const DecodeNode* node) const;
    /// The index of the deepest node whose bytes in `buffer` contain `pos`; invalid if none does.
    QModelIndex indexAtByte(int buffer, qint64 pos) const;
    /// Names from the root to `node`, separated by '/'.
    QString pathOf(const DecodeNode* node) const;

    static ByteRange rangeOf(const DecodeNode& node);
    /// The tooltip text: description, then where the bytes are.
    QString describe(const DecodeNode& node) const;

private:
    void indexParents(const DecodeNode& node);

    std::shared_ptr<const DecodedMessage> m_message;
    std::unordered_map<const DecodeNode*, const DecodeNode*> m_parents;
};

} // namespace rpcscope
