#include "calllistview.h"

#include "models/calllistmodel.h"
#include "themecolors.h"

#include <QContextMenuEvent>
#include <QHeaderView>
#include <QMenu>
#include <QStyledItemDelegate>

namespace rpcscope {

namespace {

// Colours the status column and tints marked rows, from the palette in use.
class CallRowDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(CallListModel::MarkedRole).toBool()) {
            option->backgroundBrush = themecolors::markedBackground(option->palette);
            option->font.setBold(true);
        }
        if (index.column() == CallListModel::StatusColumn) {
            const auto status = static_cast<CallStatus>(index.data(CallListModel::StatusRole).toInt());
            const QColor c = themecolors::statusText(status, option->palette);
            if (c.isValid()) {
                option->palette.setColor(QPalette::Text, c);
                option->font.setBold(true);
            }
        }
    }
};

} // namespace

CallListView::CallListView(QWidget* parent)
    : QTreeView(parent)
{
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setItemsExpandable(false);
    setAllColumnsShowFocus(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSortingEnabled(true);
    setTextElideMode(Qt::ElideRight);
    setItemDelegate(new CallRowDelegate(this));
    header()->setSortIndicatorShown(true);
    header()->setSectionsMovable(true);
    header()->setStretchLastSection(true);
    header()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header(), &QHeaderView::customContextMenuRequested, this, &CallListView::showHeaderMenu);
}

void CallListView::setModel(QAbstractItemModel* model)
{
    QTreeView::setModel(model);
    // Until the user clicks a header, calls stay in arrival order.
    header()->setSortIndicator(-1, Qt::AscendingOrder);
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this, &CallListView::onCurrentChanged);
    connect(model, &QAbstractItemModel::modelReset, this, &CallListView::onCurrentChanged);
    applyDefaultColumnWidths();
}

CallListModel* CallListView::callModel() const
{
    return qobject_cast<CallListModel*>(model());
}

void CallListView::applyDefaultColumnWidths()
{
    const QFontMetrics fm(font());
    auto width = [&](const char* sample) { return fm.horizontalAdvance(QLatin1String(sample)) + 24; };
    setColumnWidth(CallListModel::NumberColumn, width("00000"));
    setColumnWidth(CallListModel::TimeColumn, width("000.000000"));
    setColumnWidth(CallListModel::ClientColumn, width("127.0.0.1:00000"));
    setColumnWidth(CallListModel::ServerColumn, width("127.0.0.1:0000"));
    setColumnWidth(CallListModel::ProtocolColumn, width("XML-RPC"));
    setColumnWidth(CallListModel::ObjectColumn, width("Pyro.Name"));
    setColumnWidth(CallListModel::MethodColumn, width("system.listMeth"));
    setColumnWidth(CallListModel::StatusColumn, width("no-reply"));
    setColumnWidth(CallListModel::LatencyColumn, width("000.000 ms"));
    setColumnWidth(CallListModel::RequestSizeColumn, width("0,000 B"));
    setColumnWidth(CallListModel::ResponseSizeColumn, width("0,000 B"));
}

std::vector<int> CallListView::selectedStoreRows() const
{
    std::vector<int> rows;
    const CallListModel* m = callModel();
    if (!m)
        return rows;
    QModelIndexList selected = selectionModel()->selectedRows();
    std::sort(selected.begin(), selected.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& i : selected)
        rows.push_back(m->storeRow(i));
    return rows;
}

int CallListView::currentStoreRow() const
{
    const CallListModel* m = callModel();
    return m ? m->storeRow(currentIndex()) : -1;
}

bool CallListView::selectStoreRow(int storeRow)
{
    const CallListModel* m = callModel();
    const QModelIndex index = m ? m->indexOfStoreRow(storeRow) : QModelIndex();
    if (!index.isValid())
        return false;
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

void CallListView::onCurrentChanged()
{
    const int row = currentStoreRow();
    if (row == m_currentStoreRow)
        return;
    m_currentStoreRow = row;
    Q_EMIT currentCallChanged(row);
}

void CallListView::addContextAction(QAction* action)
{
    m_contextActions.append(action);
    addAction(action); // so its shortcut works while the list has focus
}

void CallListView::addContextSeparator()
{
    auto* separator = new QAction(this);
    separator->setSeparator(true);
    m_contextActions.append(separator);
}

void CallListView::contextMenuEvent(QContextMenuEvent* event)
{
    if (m_contextActions.isEmpty())
        return;
    QMenu menu(this);
    menu.addActions(m_contextActions);
    menu.exec(event->globalPos());
}

void CallListView::showHeaderMenu(const QPoint& pos)
{
    QMenu menu(this);
    menu.setTitle(tr("Columns"));
    for (int column = 0; column < header()->count(); ++column) {
        QAction* a = menu.addAction(model()->headerData(column, Qt::Horizontal).toString());
        a->setCheckable(true);
        a->setChecked(!isColumnHidden(column));
        connect(a, &QAction::toggled, this, [this, column](bool on) { setColumnHidden(column, !on); });
    }
    menu.addSeparator();
    menu.addAction(tr("Reset Column Widths"), this, &CallListView::applyDefaultColumnWidths);
    menu.exec(header()->viewport()->mapToGlobal(pos));
}

} // namespace rpcscope
