#include "methodstatsmodel.h"

namespace rpcscope {

MethodStatsModel::MethodStatsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void MethodStatsModel::setStatistics(const CallStatistics& statistics)
{
    beginResetModel();
    m_statistics = statistics;
    endResetModel();
}

int MethodStatsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_statistics.methods().size());
}

int MethodStatsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString MethodStatsModel::latencyText(double ms, bool present)
{
    return present ? QStringLiteral("%1 ms").arg(ms, 0, 'f', 3) : QString();
}

QVariant MethodStatsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LatencySummary& s = m_statistics.methods()[index.row()];
    const bool timed = s.withLatency > 0;
    const QString name = s.object.isEmpty() ? s.method : s.object + QLatin1Char('.') + s.method;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case MethodColumn:
            return name.isEmpty() ? tr("(no method)") : name;
        case CountColumn:
            return s.count;
        case ErrorsColumn:
            return s.errors;
        case MinColumn:
            return latencyText(s.min, timed);
        case MedianColumn:
            return latencyText(s.median, timed);
        case P95Column:
            return latencyText(s.p95, timed);
        case MaxColumn:
            return latencyText(s.max, timed);
        }
        return {};
    }
    if (role == SortRole) {
        switch (index.column()) {
        case MethodColumn:
            return name;
        case CountColumn:
            return s.count;
        case ErrorsColumn:
            return s.errors;
        case MinColumn:
            return timed ? s.min : -1.0;
        case MedianColumn:
            return timed ? s.median : -1.0;
        case P95Column:
            return timed ? s.p95 : -1.0;
        case MaxColumn:
            return timed ? s.max : -1.0;
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole)
        return index.column() == MethodColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                              : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == MethodColumn)
        return tr("%1: %2 calls, %3 with a reply").arg(name).arg(s.count).arg(s.withLatency);
    return {};
}

QVariant MethodStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case MethodColumn:
            return tr("Method");
        case CountColumn:
            return tr("Calls");
        case ErrorsColumn:
            return tr("Errors");
        case MinColumn:
            return tr("Min");
        case MedianColumn:
            return tr("Median");
        case P95Column:
            return tr("p95");
        case MaxColumn:
            return tr("Max");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ErrorsColumn:
            return tr("Faults, exceptions, calls without a reply and malformed calls");
        case P95Column:
            return tr("95 % of the calls with a reply were at least this fast");
        case MedianColumn:
            return tr("Half of the calls with a reply were faster than this");
        default:
            return {};
        }
    }
    return {};
}

} // namespace rpcscope
