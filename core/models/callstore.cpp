#include "callstore.h"

#include "callrebuild.h"

#include <limits>

namespace rpcscope {

CallStore::CallStore(const DecoderRegistry& registry, DecodeOptions options, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
    , m_options(std::move(options))
{ }

CallRecord CallStore::makeRecord(const Call& call)
{
    CallRecord r;
    r.id = call.id;
    r.connectionId = call.connectionId;
    r.start = call.start();
    if (const auto latency = call.latencyMs())
        r.latencyMs = *latency;
    r.protocol = m_strings.intern(call.protocol);
    r.method = m_strings.intern(call.method());
    r.object = m_strings.intern(call.object());
    r.client = m_strings.intern(call.client.toString());
    r.server = m_strings.intern(call.server.toString());
    constexpr qint64 maxSize = std::numeric_limits<quint32>::max();
    r.requestSize = static_cast<quint32>(std::min(call.requestSize(), maxSize));
    r.responseSize = static_cast<quint32>(std::min(call.responseSize(), maxSize));
    r.status = call.status;
    return r;
}

void CallStore::appendCalls(const QList<Call>& calls)
{
    const int first = size();
    const double oldBase = m_timeBase;
    int changedFirst = std::numeric_limits<int>::max();
    int changedLast = -1;
    for (const Call& call : calls) {
        CallRecord record = makeRecord(call);
        if (m_records.empty() || record.start < m_timeBase)
            m_timeBase = record.start;
        const int existing = m_rowOfId.value(call.id, -1);
        if (existing >= 0) {
            // A pending call finished: replace it where it is, keeping the user's mark.
            record.marked = m_records[existing].marked;
            m_errors += int(record.isError()) - int(m_records[existing].isError());
            m_records[existing] = record;
            m_stored[existing] = storeCall(call);
            changedFirst = std::min(changedFirst, existing);
            changedLast = std::max(changedLast, existing);
            continue;
        }
        m_errors += int(record.isError());
        m_rowOfId.insert(call.id, size());
        m_records.push_back(record);
        m_stored.push_back(storeCall(call));
    }
    if (changedLast >= 0)
        Q_EMIT callsChanged(changedFirst, changedLast);
    if (size() > first)
        Q_EMIT callsAppended(first, size() - first);
    if (first > 0 && m_timeBase != oldBase)
        Q_EMIT timeBaseChanged();
}

Call CallStore::call(int row, bool withTrees) const
{
    return rebuildCall(m_records[row], m_stored[row], m_strings, m_registry, m_options, withTrees);
}

void CallStore::setMarked(int row, bool marked)
{
    if (row < 0 || row >= size() || m_records[row].marked == marked)
        return;
    m_records[row].marked = marked;
    Q_EMIT callsChanged(row, row);
}

void CallStore::setTrafficStats(const TrafficStats& stats)
{
    m_stats = stats;
    Q_EMIT trafficStatsChanged();
}

void CallStore::clear()
{
    Q_EMIT aboutToClear();
    m_records.clear();
    m_stored.clear();
    m_rowOfId.clear();
    m_strings.clear();
    m_generation++;
    m_timeBase = 0;
    m_errors = 0;
    m_stats = {};
    Q_EMIT cleared();
    Q_EMIT trafficStatsChanged();
}

} // namespace rpcscope
