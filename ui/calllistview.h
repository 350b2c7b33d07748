#pragma once

#include <QTreeView>

#include <vector>

namespace rpcscope {

class CallListModel;

/// The call list: one row per call, sortable by any column, multi-select, status in colour. Its context menu shows
/// the actions added with `addContextAction` (copy, mark, and later "Edit in Composer", "Replay").
class CallListView : public QTreeView
{
    Q_OBJECT
public:
    explicit CallListView(QWidget* parent = nullptr);

    void setModel(QAbstractItemModel* model) override;
    CallListModel* callModel() const;

    /// Store rows of the selected calls, in the order shown.
    std::vector<int> selectedStoreRows() const;
    /// The store row of the current call, or -1.
    int currentStoreRow() const;
    /// Makes the call at `storeRow` current and selected, and scrolls to it. False if it is filtered out.
    bool selectStoreRow(int storeRow);

    /// Adds an action to the context menu; it acts on `selectedStoreRows()`.
    void addContextAction(QAction* action);
    void addContextSeparator();
    /// Column widths that fit typical content in the current font.
    void applyDefaultColumnWidths();

Q_SIGNALS:
    /// The current call changed (keyboard, mouse, or a programmatic selection); -1 when there is none.
    void currentCallChanged(int storeRow);

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void onCurrentChanged();
    void showHeaderMenu(const QPoint& pos);

    QList<QAction*> m_contextActions;
    int m_currentStoreRow = -1;
};

} // namespace rpcscope
