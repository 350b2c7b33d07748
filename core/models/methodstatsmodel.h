#pragma once

#include "callstatistics.h"

#include <QAbstractTableModel>

namespace rpcscope {

/// The per-method table of a CallStatistics: method, calls, errors, min/median/p95/max latency.
class MethodStatsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { MethodColumn, CountColumn, ErrorsColumn, MinColumn, MedianColumn, P95Column, MaxColumn, ColumnCount };
    enum Role {
        /// The cell as a number (latencies in ms, -1 where there is none) for sorting.
        SortRole = Qt::UserRole,
    };

    explicit MethodStatsModel(QObject* parent = nullptr);

    void setStatistics(const CallStatistics& statistics);
    const CallStatistics& statistics() const { return m_statistics; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "12.345 ms", or empty when no call of the group had a reply.
    static QString latencyText(double ms, bool present);

private:
    CallStatistics m_statistics;
};

} // namespace rpcscope
