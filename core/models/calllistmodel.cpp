#include "calllistmodel.h"

#include "callformat.h"
#include "callsort.h"
#include "callstore.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>

namespace rpcscope {

namespace {

constexpr std::size_t kSummaryCacheSize = 512;

QString sizeText(quint32 bytes, bool present)
{
    if (!present)
        return {};
    return QLocale::system().toString(bytes) + QStringLiteral(" B");
}

// Numbers line up on the right, text on the left.
QVariant alignment(int column)
{
    switch (column) {
    case CallListModel::NumberColumn:
    case CallListModel::TimeColumn:
    case CallListModel::LatencyColumn:
    case CallListModel::RequestSizeColumn:
    case CallListModel::ResponseSizeColumn:
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    }
}

} // namespace

CallListModel::CallListModel(CallStore* store, QObject* parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(store, &CallStore::callsAppended, this, &CallListModel::onCallsAppended);
    connect(store, &CallStore::callsChanged, this, &CallListModel::onCallsChanged);
    connect(store, &CallStore::timeBaseChanged, this, &CallListModel::onTimeBaseChanged);
    connect(store, &CallStore::aboutToClear, this, &CallListModel::onAboutToClear);
    connect(store, &CallStore::cleared, this, &CallListModel::onCleared);
    if (store->size() > 0)
        onCallsAppended(0, store->size());
}

int CallListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CallListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int CallListModel::storeRow(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.row() >= rowCount())
        return -1;
    return m_rows[index.row()];
}

const std::vector<int>& CallListModel::positions() const
{
    if (!m_positionsValid) {
        m_positions.assign(m_store->size(), -1);
        for (std::size_t i = 0; i < m_rows.size(); ++i)
            m_positions[m_rows[i]] = static_cast<int>(i);
        m_positionsValid = true;
    }
    return m_positions;
}

QModelIndex CallListModel::indexOfStoreRow(int storeRow, int column) const
{
    if (storeRow < 0 || storeRow >= m_store->size())
        return {};
    const int pos = positions()[storeRow];
    return pos < 0 ? QModelIndex() : index(pos, column);
}

QString CallListModel::timeText(int row) const
{
    const double start = m_store->record(row).start;
    if (m_timeFormat == TimeFormat::Relative)
        return QString::number(start - m_store->timeBaseOf(row), 'f', 6);
    const auto secs = static_cast<qint64>(std::floor(start));
    const int micros = static_cast<int>(std::lround((start - double(secs)) * 1e6));
    const QDateTime t = QDateTime::fromSecsSinceEpoch(secs);
    return t.toString(QStringLiteral("HH:mm:ss."))
        + QStringLiteral("%1").arg(std::min(micros, 999999), 6, 10, QLatin1Char('0'));
}

QString CallListModel::summary(int row) const
{
    auto it = m_summaries.find(row);
    if (it != m_summaries.end()) {
        m_summaryOrder.splice(m_summaryOrder.begin(), m_summaryOrder, it->second);
        return it->second->second;
    }
    const Call call = m_store->call(row, false);
    QString text = callSummary(call);
    if (call.status == CallStatus::Malformed && !call.notes.isEmpty())
        text += QStringLiteral("  [") + call.notes.first() + QLatin1Char(']');
    else if (const QString note = firstProblemNote(call); !note.isEmpty())
        text += QStringLiteral("  [") + note + QLatin1Char(']');
    m_summaryOrder.emplace_front(row, text);
    m_summaries[row] = m_summaryOrder.begin();
    if (m_summaryOrder.size() > kSummaryCacheSize) {
        m_summaries.erase(m_summaryOrder.back().first);
        m_summaryOrder.pop_back();
    }
    return text;
}

QVariant CallListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = m_rows[index.row()];
    const CallRecord& r = m_store->record(row);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return r.id;
        case TimeColumn:
            return timeText(row);
        case ClientColumn:
            return m_store->string(r.client);
        case ServerColumn:
            return m_store->string(r.server);
        case ProtocolColumn: {
            const QString& id = m_store->string(r.protocol);
            const ProtocolDecoder* d = m_store->registry().find(id);
            return d ? d->displayName() : id;
        }
        case ObjectColumn:
            return m_store->string(r.object);
        case MethodColumn:
            return m_store->string(r.method);
        case StatusColumn: {
            if (r.status == CallStatus::Pending && m_held.contains(r.id))
                return tr("held");
            QString text = r.truncated ? statusName(r.status) + QStringLiteral(" (truncated)") : statusName(r.status);
            // The marker of a call a proxy rule or an intercept changed; the tooltip says which.
            if (!m_store->rule(row).isEmpty())
                text += QStringLiteral(" \u270E");
            return text;
        }
        case LatencyColumn:
            return r.hasLatency() ? QStringLiteral("%1 ms").arg(r.latencyMs, 0, 'f', 3) : QString();
        case RequestSizeColumn:
            return sizeText(r.requestSize, m_store->hasRequest(row));
        case ResponseSizeColumn:
            return sizeText(r.responseSize, m_store->hasResponse(row));
        case SummaryColumn:
            return summary(row);
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn: {
            const QDateTime t = QDateTime::fromMSecsSinceEpoch(qint64(r.start * 1000.0));
            if (m_store->sourceCount() > 1) {
                return QStringLiteral("%1 (%2 s after the first call of %3)")
                    .arg(t.toString(Qt::ISODateWithMs))
                    .arg(r.start - m_store->timeBaseOf(row), 0, 'f', 6)
                    .arg(QFileInfo(m_store->sourceOf(row)).fileName());
            }
            return QStringLiteral("%1 (%2 s after the first call)")
                .arg(t.toString(Qt::ISODateWithMs))
                .arg(r.start - m_store->timeBaseOf(row), 0, 'f', 6);
        }
        case StatusColumn:
        case SummaryColumn: {
            QStringList notes = m_store->notes(row);
            if (!m_store->rule(row).isEmpty())
                notes.prepend(tr("Changed in flight: %1").arg(m_store->rule(row)));
            if (index.column() == StatusColumn && r.status == CallStatus::Pending && m_held.contains(r.id))
                notes.prepend(tr("Held by the intercept: decide in the Intercept panel"));
            if (index.column() == SummaryColumn)
                return notes.isEmpty() ? summary(row)
                                       : summary(row) + QLatin1Char('\n') + notes.join(QLatin1Char('\n'));
            return notes.isEmpty() ? QVariant() : QVariant(notes.join(QLatin1Char('\n')));
        }
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return alignment(index.column());
    case StatusRole:
        return static_cast<int>(r.status);
    case CallIdRole:
        return r.id;
    case StoreRowRole:
        return row;
    case MarkedRole:
        return r.marked;
    case RuleRole:
        return m_store->rule(row);
    case HeldRole:
        return r.status == CallStatus::Pending && m_held.contains(r.id);
    default:
        return {};
    }
}

QVariant CallListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NumberColumn:
            return tr("No.");
        case TimeColumn:
            if (m_timeFormat == TimeFormat::Absolute)
                return tr("Time of day");
            return m_store->sourceCount() > 1 ? tr("File time (s)") : tr("Time (s)");
        case ClientColumn:
            return tr("Client");
        case ServerColumn:
            return tr("Server");
        case ProtocolColumn:
            return tr("Protocol");
        case ObjectColumn:
            return tr("Object");
        case MethodColumn:
            return tr("Method");
        case StatusColumn:
            return tr("Status");
        case LatencyColumn:
            return tr("Latency");
        case RequestSizeColumn:
            return tr("Request");
        case ResponseSizeColumn:
            return tr("Response");
        case SummaryColumn:
            return tr("Call");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case NumberColumn:
            return tr("Order in which the requests were seen");
        case TimeColumn:
            if (m_timeFormat == TimeFormat::Absolute)
                return tr("Local time at which the request started");
            return m_store->sourceCount() > 1
                ? tr("Seconds since the first call of the capture file the call was read from")
                : tr("Seconds since the first call started");
        case ClientColumn:
            return tr("The endpoint that made the call");
        case ServerColumn:
            return tr("The endpoint that answered it");
        case ObjectColumn:
            return tr("The remote object called (Pyro4 object id, Java RMI ObjID); empty for XML-RPC");
        case StatusColumn:
            return tr("ok, fault (XML-RPC), exception (Pyro4, Java RMI), no-reply or malformed");
        case LatencyColumn:
            return tr("From the request's last byte to the reply's last byte");
        case RequestSizeColumn:
            return tr("Size of the request message on the wire, headers included");
        case ResponseSizeColumn:
            return tr("Size of the response message on the wire, headers included");
        case SummaryColumn:
            return tr("Arguments and outcome of the call");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return alignment(section);
    return {};
}

void CallListModel::sortRows(std::vector<int>& rows) const
{
    if (m_sortColumn >= 0 && m_sortColumn < ColumnCount)
        sortCallRows(*m_store, rows, m_sortColumn, m_sortOrder);
}

void CallListModel::rearrange(std::vector<int> rows)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    sortRows(rows);
    std::vector<int> newPositions(m_store->size(), -1);
    for (std::size_t i = 0; i < rows.size(); ++i)
        newPositions[rows[i]] = static_cast<int>(i);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex& idx : from) {
        const int pos = idx.row() < int(m_rows.size()) ? newPositions[m_rows[idx.row()]] : -1;
        to.append(pos < 0 ? QModelIndex() : index(pos, idx.column()));
    }
    m_rows = std::move(rows);
    m_positions = std::move(newPositions);
    m_positionsValid = true;
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void CallListModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    if (column < 0) {
        // Back to the order calls arrived in.
        std::vector<int> rows = m_rows;
        std::sort(rows.begin(), rows.end());
        rearrange(std::move(rows));
        return;
    }
    rearrange(m_rows);
}

bool CallListModel::setFilter(const CallFilter& filter)
{
    if (!filter.isValid())
        return false;
    m_filter = filter;
    std::vector<int> rows;
    rows.reserve(m_store->size());
    for (int i = 0; i < m_store->size(); ++i) {
        if (m_filter.matches(*m_store, i))
            rows.push_back(i);
    }
    rearrange(std::move(rows));
    Q_EMIT visibleCallsChanged();
    return true;
}

void CallListModel::setHeldCalls(const QSet<quint64>& callIds)
{
    if (callIds == m_held)
        return;
    QSet<quint64> changed = callIds;
    changed.unite(m_held);
    m_held = callIds;
    for (const quint64 id : changed) {
        const int storeRow = m_store->rowOfId(id);
        const QModelIndex at = storeRow >= 0 ? indexOfStoreRow(storeRow, StatusColumn) : QModelIndex();
        if (at.isValid())
            Q_EMIT dataChanged(at, at);
    }
}

void CallListModel::setTimeFormat(TimeFormat format)
{
    if (m_timeFormat == format)
        return;
    m_timeFormat = format;
    Q_EMIT headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

void CallListModel::onCallsAppended(int first, int count)
{
    std::vector<int> added;
    for (int i = first; i < first + count; ++i) {
        if (m_filter.matches(*m_store, i))
            added.push_back(i);
    }
    if (m_positionsValid)
        m_positions.resize(m_store->size(), -1);
    if (added.empty())
        return;
    const int at = rowCount();
    beginInsertRows({}, at, at + int(added.size()) - 1);
    for (int row : added) {
        if (m_positionsValid)
            m_positions[row] = static_cast<int>(m_rows.size());
        m_rows.push_back(row);
    }
    endInsertRows();
    // New calls arrive in store order; anything other than that order is restored with one re-sort.
    if (m_sortColumn >= 0 && !(m_sortColumn == NumberColumn && m_sortOrder == Qt::AscendingOrder))
        rearrange(m_rows);
    Q_EMIT visibleCallsChanged();
}

void CallListModel::onCallsChanged(int first, int last)
{
    // Forget summaries of the changed calls before anybody can ask for them again.
    for (auto it = m_summaryOrder.begin(); it != m_summaryOrder.end();) {
        if (it->first >= first && it->first <= last) {
            m_summaries.erase(it->first);
            it = m_summaryOrder.erase(it);
        } else {
            ++it;
        }
    }
    bool membershipChanged = false;
    for (int row = first; row <= last; ++row) {
        const int pos = positions()[row];
        const bool match = m_filter.matches(*m_store, row);
        if (pos >= 0 && match) {
            Q_EMIT dataChanged(index(pos, 0), index(pos, ColumnCount - 1));
        } else if (pos >= 0) {
            beginRemoveRows({}, pos, pos);
            m_rows.erase(m_rows.begin() + pos);
            m_positionsValid = false;
            endRemoveRows();
            membershipChanged = true;
        } else if (match) {
            beginInsertRows({}, rowCount(), rowCount());
            m_rows.push_back(row);
            m_positionsValid = false;
            endInsertRows();
            membershipChanged = true;
        }
    }
    if (membershipChanged && m_sortColumn >= 0)
        rearrange(m_rows);
    Q_EMIT visibleCallsChanged();
}

void CallListModel::onTimeBaseChanged()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, TimeColumn, TimeColumn);
    if (m_timeFormat == TimeFormat::Relative && !m_rows.empty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

void CallListModel::onAboutToClear()
{
    beginResetModel();
}

void CallListModel::onCleared()
{
    m_rows.clear();
    m_positions.clear();
    m_positionsValid = false;
    m_summaries.clear();
    m_summaryOrder.clear();
    endResetModel();
    Q_EMIT visibleCallsChanged();
}

} // namespace rpcscope
