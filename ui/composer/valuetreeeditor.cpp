#include "valuetreeeditor.h"

#include <QComboBox>
#include <QFile>
#include <QHeaderView>
#include <QRegularExpression>
#include <QStyledItemDelegate>

namespace rpcscope {

namespace {

const QString kArray = QStringLiteral("array");
const QString kStruct = QStringLiteral("struct");

bool isContainer(const QString& type)
{
    return type == kArray || type == kStruct;
}

// The type column is edited with a drop-down of the XML-RPC types.
class TypeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override
    {
        auto* combo = new QComboBox(parent);
        combo->addItems(ValueTreeEditor::typeNames());
        return combo;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        static_cast<QComboBox*>(editor)->setCurrentText(index.data().toString());
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        model->setData(index, static_cast<QComboBox*>(editor)->currentText());
    }
};

QString scalarText(const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Nil:
        return {};
    case RpcValue::Type::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case RpcValue::Type::Int:
        return QString::number(v.toInt());
    case RpcValue::Type::BigInt:
        return v.toBigInt().digits;
    case RpcValue::Type::Double:
        return QString::fromLatin1(formatDouble(v.toDouble()));
    case RpcValue::Type::Decimal:
        return v.toDecimal().text;
    case RpcValue::Type::String:
        return v.toString();
    case RpcValue::Type::Bytes:
        return QString::fromLatin1(v.toBytes().toBase64());
    case RpcValue::Type::DateTime:
        return v.toDateTime().text;
    default:
        return {};
    }
}

QString xmlRpcType(const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::Nil:
        return QStringLiteral("nil");
    case RpcValue::Type::Bool:
        return QStringLiteral("boolean");
    case RpcValue::Type::Int:
        return v.tag() == QLatin1String("i8") || v.toInt() != qint64(qint32(v.toInt())) ? QStringLiteral("i8")
                                                                                        : QStringLiteral("int");
    case RpcValue::Type::BigInt:
        return QStringLiteral("i8");
    case RpcValue::Type::Double:
        return QStringLiteral("double");
    case RpcValue::Type::Decimal:
        return QStringLiteral("bigdecimal");
    case RpcValue::Type::String:
        return QStringLiteral("string");
    case RpcValue::Type::Bytes:
        return QStringLiteral("base64");
    case RpcValue::Type::DateTime:
        return QStringLiteral("dateTime.iso8601");
    case RpcValue::Type::Array:
        return kArray;
    case RpcValue::Type::Struct:
    case RpcValue::Type::Map:
        return kStruct;
    }
    return QStringLiteral("string");
}

Result<RpcValue> scalarFromText(const QString& type, const QString& text)
{
    const QString t = text.trimmed();
    if (type == QLatin1String("int") || type == QLatin1String("i8")) {
        bool ok = false;
        const qint64 v = t.toLongLong(&ok);
        if (!ok || (type == QLatin1String("int") && v != qint64(qint32(v))))
            return Error {
                QStringLiteral("\"%1\" is not a %2")
                    .arg(text,
                         type == QLatin1String("int") ? QStringLiteral("32-bit int") : QStringLiteral("64-bit int"))};
        RpcValue value = RpcValue::fromInt(v);
        if (type == QLatin1String("i8"))
            value.setTag(QStringLiteral("i8"));
        return value;
    }
    if (type == QLatin1String("boolean")) {
        if (t == QLatin1String("true") || t == QLatin1String("1"))
            return RpcValue::fromBool(true);
        if (t == QLatin1String("false") || t == QLatin1String("0"))
            return RpcValue::fromBool(false);
        return Error {QStringLiteral("\"%1\" is not a boolean (true/false or 1/0)").arg(text)};
    }
    if (type == QLatin1String("double")) {
        bool ok = false;
        const double v = t.toDouble(&ok);
        if (!ok)
            return Error {QStringLiteral("\"%1\" is not a double").arg(text)};
        return RpcValue::fromDouble(v);
    }
    if (type == QLatin1String("bigdecimal")) {
        static const QRegularExpression decimal(
            QStringLiteral("^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
        if (!decimal.match(t).hasMatch())
            return Error {QStringLiteral("\"%1\" is not a decimal number").arg(text)};
        return RpcValue::fromDecimal(t);
    }
    if (type == QLatin1String("string"))
        return RpcValue::fromString(text);
    if (type == QLatin1String("nil"))
        return RpcValue::nil();
    if (type == QLatin1String("dateTime.iso8601")) {
        if (t.isEmpty())
            return Error {QStringLiteral("a dateTime needs a value such as 19980717T14:08:55")};
        return RpcValue::fromDateTime(RpcDateTime {t, std::nullopt});
    }
    if (type == QLatin1String("base64")) {
        if (t.startsWith(QLatin1String("text:")))
            return RpcValue::fromBytes(text.mid(text.indexOf(QLatin1Char(':')) + 1).toUtf8());
        if (t.startsWith(QLatin1String("file:"))) {
            // Bytes from a file, bounded so that a wrong pick (a disk image) cannot exhaust memory.
            constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;
            const QString path = t.mid(5).trimmed();
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return Error {QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
            if (file.size() > kMaxFileBytes)
                return Error {QStringLiteral("%1 is larger than 16 MiB").arg(path)};
            return RpcValue::fromBytes(file.readAll());
        }
        if (t.startsWith(QLatin1String("hex:"))) {
            const QByteArray hex = t.mid(4).remove(QLatin1Char(' ')).toLatin1();
            const QByteArray bytes = QByteArray::fromHex(hex);
            if (hex.size() % 2 != 0 || bytes.toHex() != hex.toLower())
                return Error {QStringLiteral("\"%1\" is not hex").arg(t.mid(4))};
            return RpcValue::fromBytes(bytes);
        }
        auto decoded = QByteArray::fromBase64Encoding(t.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return Error {
                QStringLiteral("\"%1\" is not base64 (prefix hex:, text: or file:PATH to enter bytes otherwise)")
                    .arg(text)};
        return RpcValue::fromBytes(*decoded);
    }
    return Error {QStringLiteral("unknown type \"%1\"").arg(type)};
}

} // namespace

ValueTreeEditor::ValueTreeEditor(QWidget* parent)
    : QTreeWidget(parent)
{
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Name"), tr("Type"), tr("Value")});
    setItemDelegateForColumn(TypeColumn, new TypeDelegate(this));
    setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                    | QAbstractItemView::SelectedClicked);
    header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(TypeColumn, QHeaderView::ResizeToContents);
    connect(this, &QTreeWidget::itemChanged, this, &ValueTreeEditor::onItemChanged);
}

QStringList ValueTreeEditor::typeNames()
{
    return {QStringLiteral("int"),
            QStringLiteral("i8"),
            QStringLiteral("boolean"),
            QStringLiteral("string"),
            QStringLiteral("double"),
            QStringLiteral("bigdecimal"),
            QStringLiteral("dateTime.iso8601"),
            QStringLiteral("base64"),
            QStringLiteral("nil"),
            kArray,
            kStruct};
}

void ValueTreeEditor::setParams(const RpcArray& params)
{
    m_filling = true;
    clear();
    for (const RpcValue& p : params)
        addItem(nullptr, p, {});
    renumber(nullptr);
    expandAll();
    m_filling = false;
}

QTreeWidgetItem* ValueTreeEditor::addItem(QTreeWidgetItem* parent, const RpcValue& value, const QString& name)
{
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(this);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    item->setText(NameColumn, name);
    item->setText(TypeColumn, xmlRpcType(value));
    item->setText(ValueColumn, scalarText(value));
    if (value.isArray()) {
        for (const RpcValue& v : value.toArray())
            addItem(item, v, {});
        renumber(item);
    } else if (value.isStruct()) {
        for (const RpcMember& m : value.toStruct())
            addItem(item, m.second, m.first);
    } else if (value.isMap()) {
        // Edited as a struct: a key that is not a string is named by its display text.
        for (const RpcMapEntry& e : value.toMap())
            addItem(item, e.second, e.first.isString() ? e.first.toString() : e.first.toDisplayString());
    }
    return item;
}

QTreeWidgetItem* ValueTreeEditor::addValue(QTreeWidgetItem* parent, const QString& type, const QString& name,
                                           const QString& value)
{
    if (parent && !isContainer(parent->text(TypeColumn)))
        parent = parent->parent();
    m_filling = true;
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(this);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    QString memberName = name;
    if (parent && parent->text(TypeColumn) == kStruct && memberName.isEmpty())
        memberName = QStringLiteral("member%1").arg(parent->childCount());
    item->setText(NameColumn, memberName);
    item->setText(TypeColumn, type);
    item->setText(ValueColumn, value);
    if (!parent || parent->text(TypeColumn) == kArray)
        renumber(parent);
    if (parent)
        parent->setExpanded(true);
    m_filling = false;
    setCurrentItem(item);
    Q_EMIT paramsEdited();
    return item;
}

void ValueTreeEditor::removeCurrent()
{
    QTreeWidgetItem* item = currentItem();
    if (!item)
        return;
    QTreeWidgetItem* parent = item->parent();
    m_filling = true;
    delete item;
    if (!parent || parent->text(TypeColumn) == kArray)
        renumber(parent);
    m_filling = false;
    Q_EMIT paramsEdited();
}

void ValueTreeEditor::renumber(QTreeWidgetItem* parent)
{
    const int count = parent ? parent->childCount() : topLevelItemCount();
    for (int i = 0; i < count; ++i) {
        QTreeWidgetItem* child = parent ? parent->child(i) : topLevelItem(i);
        child->setText(NameColumn, parent ? QStringLiteral("[%1]").arg(i) : QStringLiteral("param %1").arg(i + 1));
    }
}

void ValueTreeEditor::onItemChanged(QTreeWidgetItem* item, int column)
{
    if (m_filling)
        return;
    if (column == TypeColumn && !isContainer(item->text(TypeColumn)) && item->childCount() > 0) {
        m_filling = true; // a scalar has no children
        qDeleteAll(item->takeChildren());
        m_filling = false;
    }
    Q_EMIT paramsEdited();
}

Result<RpcValue> ValueTreeEditor::valueOf(const QTreeWidgetItem* item) const
{
    const QString type = item->text(TypeColumn);
    if (type == kArray) {
        RpcArray items;
        for (int i = 0; i < item->childCount(); ++i) {
            Result<RpcValue> v = valueOf(item->child(i));
            if (!v)
                return v;
            items.push_back(std::move(*v));
        }
        return RpcValue::fromArray(std::move(items));
    }
    if (type == kStruct) {
        RpcStruct members;
        for (int i = 0; i < item->childCount(); ++i) {
            Result<RpcValue> v = valueOf(item->child(i));
            if (!v)
                return v;
            members.emplace_back(item->child(i)->text(NameColumn), std::move(*v));
        }
        return RpcValue::fromStruct(std::move(members));
    }
    Result<RpcValue> v = scalarFromText(type, item->text(ValueColumn));
    if (!v) {
        QStringList path;
        for (const QTreeWidgetItem* i = item; i; i = i->parent())
            path.prepend(i->text(NameColumn));
        return Error {QStringLiteral("%1: %2").arg(path.join(QStringLiteral(" › ")), v.error())};
    }
    return v;
}

Result<RpcArray> ValueTreeEditor::params() const
{
    RpcArray out;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        Result<RpcValue> v = valueOf(topLevelItem(i));
        if (!v)
            return Error {v.error()};
        out.push_back(std::move(*v));
    }
    return out;
}

} // namespace rpcscope
