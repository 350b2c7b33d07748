#pragma once

#include "result.h"
#include "rpcvalue.h"

#include <QTreeWidget>

namespace rpcscope {

/// An editable tree of call parameters: one top-level item per parameter, arrays and structs nest. Columns are
/// the name (struct members are renamed in place), the XML-RPC type (a drop-down) and the value text. Scalars are
/// typed by their column: "int", "i8", "boolean", "double", "string", "dateTime.iso8601", "base64" (base64 text, or
/// `hex:0a0b` / `text:…` to enter bytes another way), "nil", "array", "struct".
class ValueTreeEditor : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column { NameColumn, TypeColumn, ValueColumn, ColumnCount };

    explicit ValueTreeEditor(QWidget* parent = nullptr);

    static QStringList typeNames();

    void setParams(const RpcArray& params);
    /// The parameters as values, or the first item whose text does not make a value of its type.
    Result<RpcArray> params() const;

    /// Adds a parameter (or, when `parent` is an array/struct item, a child) of `type`; returns the item.
    QTreeWidgetItem* addValue(QTreeWidgetItem* parent, const QString& type, const QString& name = {},
                              const QString& value = {});
    /// Removes the current item.
    void removeCurrent();

Q_SIGNALS:
    /// Any edit: a value, a type, a name, an added or removed item.
    void paramsEdited();

private:
    QTreeWidgetItem* addItem(QTreeWidgetItem* parent, const RpcValue& value, const QString& name);
    Result<RpcValue> valueOf(const QTreeWidgetItem* item) const;
    void renumber(QTreeWidgetItem* parent);
    void onItemChanged(QTreeWidgetItem* item, int column);

    bool m_filling = false;
};

} // namespace rpcscope
