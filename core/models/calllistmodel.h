#pragma once

#include "callfilter.h"

#include <QAbstractTableModel>
#include <QSet>

#include <list>
#include <unordered_map>
#include <vector>

namespace rpcscope {

class CallStore;

/// The call list: a virtual table over a `CallStore` showing the calls that pass the filter, in the chosen order.
/// It keeps only the list of visible store rows; every cell is computed when asked. The summary column decodes
/// the call again and remembers the last few hundred results, which is what a screenful of scrolling needs.
///
/// Filtering and sorting rearrange rows with layoutChanged, so selections and persistent indexes survive them.
class CallListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NumberColumn,
        TimeColumn,
        ClientColumn,
        ServerColumn,
        ProtocolColumn,
        ObjectColumn,
        MethodColumn,
        StatusColumn,
        LatencyColumn,
        RequestSizeColumn,
        ResponseSizeColumn,
        SummaryColumn,
        ColumnCount
    };
    enum Role {
        /// The call's CallStatus as an int; views map it to colours that suit their palette.
        StatusRole = Qt::UserRole,
        CallIdRole,
        /// The row in the CallStore.
        StoreRowRole,
        MarkedRole,
        /// The proxy rule or intercept decision that changed the call (empty: none).
        RuleRole,
        /// True while the call's request or response is held by the intercept.
        HeldRole,
    };
    enum class TimeFormat { Relative, Absolute };

    explicit CallListModel(CallStore* store, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    CallStore* store() const { return m_store; }
    /// Rows of the store that pass the filter, in display order.
    const std::vector<int>& visibleStoreRows() const { return m_rows; }
    int storeRow(const QModelIndex& index) const;
    /// The index of a store row, invalid if it is filtered out.
    QModelIndex indexOfStoreRow(int storeRow, int column = 0) const;

    /// Applies `filter`. An invalid filter is refused (returns false) and the current one stays.
    bool setFilter(const CallFilter& filter);
    const CallFilter& filter() const { return m_filter; }

    /// The calls whose request or response the intercept holds: their status reads "held".
    void setHeldCalls(const QSet<quint64>& callIds);
    const QSet<quint64>& heldCalls() const { return m_held; }

    void setTimeFormat(TimeFormat format);
    TimeFormat timeFormat() const { return m_timeFormat; }

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }

Q_SIGNALS:
    /// The set of visible calls changed (filter, appended or finished calls): statistics follow this.
    void visibleCallsChanged();

private:
    void onCallsAppended(int first, int count);
    void onCallsChanged(int first, int last);
    void onTimeBaseChanged();
    void onAboutToClear();
    void onCleared();
    /// Reorders `m_rows` by the sort column and moves persistent indexes along (inside a layout change).
    void rearrange(std::vector<int> rows);
    void sortRows(std::vector<int>& rows) const;
    const std::vector<int>& positions() const;
    QString summary(int storeRow) const;
    QString timeText(int storeRow) const;

    CallStore* m_store;
    CallFilter m_filter;
    QSet<quint64> m_held;
    std::vector<int> m_rows;
    TimeFormat m_timeFormat = TimeFormat::Relative;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    /// Visible position of each store row (-1 when filtered out); rebuilt lazily.
    mutable std::vector<int> m_positions;
    mutable bool m_positionsValid = false;
    /// A small LRU of summaries by store row.
    mutable std::list<std::pair<int, QString>> m_summaryOrder;
    mutable std::unordered_map<int, std::list<std::pair<int, QString>>::iterator> m_summaries;
};

} // namespace rpcscope
