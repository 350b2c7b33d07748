#include "callstore.h"

#include "objectnames.h"

#include "callrebuild.h"

#include <limits>

namespace rpcscope {

CallStore::CallStore(const DecoderRegistry& registry, DecodeOptions options, QObject* parent)
    : QObject(parent)
    , m_registry(registry)
    , m_options(std::move(options))
{
    if (!m_options.objectNames)
        m_options.objectNames = std::make_shared<ObjectNames>();
}

void CallStore::setDecodeOptions(DecodeOptions options)
{
    if (!options.objectNames)
        options.objectNames = m_options.objectNames;
    m_options = std::move(options);
}

CallRecord CallStore::makeRecord(const CallEntry& entry)
{
    CallRecord r = entry.record;
    r.protocol = m_strings.intern(entry.protocol);
    r.method = m_strings.intern(entry.method);
    r.object = m_strings.intern(entry.object);
    r.client = m_strings.intern(entry.client);
    r.server = m_strings.intern(entry.server);
    return r;
}

void CallStore::appendCalls(const QList<Call>& calls)
{
    appendEntries(makeCallEntries(calls, m_packer));
}

void CallStore::appendEntries(const QList<CallEntry>& entries)
{
    const int first = size();
    const double oldBase = m_timeBase;
    int changedFirst = std::numeric_limits<int>::max();
    int changedLast = -1;
    for (const CallEntry& entry : entries) {
        CallRecord record = makeRecord(entry);
        if (m_records.empty() || record.start < m_timeBase)
            m_timeBase = record.start;
        const int existing = m_rowOfId.value(record.id, -1);
        if (existing >= 0) {
            // A pending call finished: replace it where it is, keeping the user's mark.
            record.marked = m_records[existing].marked;
            m_errors += int(record.isError()) - int(m_records[existing].isError());
            m_records[existing] = record;
            m_stored[existing] = entry.stored;
            changedFirst = std::min(changedFirst, existing);
            changedLast = std::max(changedLast, existing);
            continue;
        }
        m_errors += int(record.isError());
        m_rowOfId.insert(record.id, size());
        m_records.push_back(record);
        m_stored.push_back(entry.stored);
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
    m_packer = {};
    m_generation++;
    m_timeBase = 0;
    m_errors = 0;
    m_stats = {};
    Q_EMIT cleared();
    Q_EMIT trafficStatsChanged();
}

} // namespace rpcscope
