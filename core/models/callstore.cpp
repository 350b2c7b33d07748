#include "callstore.h"

#include "objectnames.h"

#include "callrebuild.h"

#include <algorithm>
#include <limits>

namespace rpcscope {

namespace {

const QString kNoText;
const QStringList kNoNotes;

} // namespace

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
    bool baseMoved = false;
    int changedFirst = std::numeric_limits<int>::max();
    int changedLast = -1;
    for (const CallEntry& entry : entries) {
        CallRecord record = makeRecord(entry);
        if (m_records.empty() || record.start < m_timeBase)
            m_timeBase = record.start;
        // A call newer than every stored one (the usual case) needs no look-up.
        const bool newest = m_rowsInIdOrder.empty() || m_records[std::size_t(m_rowsInIdOrder.back())].id < record.id;
        const int existing = newest ? -1 : rowOfId(record.id);
        if (existing >= 0) {
            // A pending call finished: replace it where it is, keeping the user's mark.
            record.marked = m_records[existing].marked;
            m_errors += int(record.isError()) - int(m_records[existing].isError());
            m_records[existing] = record;
            m_stored[std::size_t(existing)] = packStored(entry.stored, m_stored[std::size_t(existing)].extras);
            // A call added earlier in this same batch (held, then finished) is announced with the appended rows
            // below, in its final state: listeners have not seen its row yet, so it is no change to them.
            if (existing < first) {
                changedFirst = std::min(changedFirst, existing);
                changedLast = std::max(changedLast, existing);
            }
            continue;
        }
        m_errors += int(record.isError());
        if (const int index = sourceIndex(size()); index >= 0) {
            Source& source = m_sources[std::size_t(index)];
            if (!source.hasCalls || record.start < source.timeBase) {
                baseMoved = baseMoved || source.hasCalls;
                source.timeBase = record.start;
                source.hasCalls = true;
            }
        }
        if (newest)
            m_rowsInIdOrder.push_back(size());
        else
            m_rowOfOtherId.insert(record.id, size());
        m_records.push_back(record);
        m_stored.push_back(packStored(entry.stored, 0));
    }
    if (changedLast >= 0)
        Q_EMIT callsChanged(changedFirst, changedLast);
    if (size() > first)
        Q_EMIT callsAppended(first, size() - first);
    if (first > 0 && (m_timeBase != oldBase || baseMoved))
        Q_EMIT timeBaseChanged();
}

quint32 CallStore::spillIndex(const std::shared_ptr<const ByteSpill>& spill)
{
    if (!spill)
        return 0;
    if (m_spills.empty())
        m_spills.emplace_back(); // index 0: no bytes
    // Sources pack on a few threads, each into its own spill: the last few spills are the ones in use.
    for (std::size_t i = m_spills.size() - 1, n = 0; i > 0 && n < kRecentSpills; --i, ++n) {
        if (m_spills[i] == spill)
            return quint32(i);
    }
    const auto found = m_spillIndexes.constFind(spill.get());
    if (found != m_spillIndexes.constEnd())
        return found.value();
    m_spills.push_back(spill);
    m_spillIndexes.insert(spill.get(), quint32(m_spills.size() - 1));
    return quint32(m_spills.size() - 1);
}

CallStore::PackedCall CallStore::packStored(const StoredCall& stored, quint32 reuseExtras)
{
    PackedCall p;
    Extras extras;
    bool hasExtras = false;
    int i = 0;
    for (const std::optional<StoredMessage>* m : {&stored.request, &stored.response}) {
        if (*m) {
            const StoredMessage& message = **m;
            p.present |= quint8(1u << i);
            // Messages are bounded far below 4 GiB (DecodeLimits); a size field of 32 bits is plenty.
            p.size[i] = quint32(std::min<qsizetype>(message.bytes.size(), std::numeric_limits<quint32>::max()));
            p.offset[i] = message.bytes.offset();
            p.spill[i] = spillIndex(message.bytes.spill());
            p.firstSeen[i] = message.firstSeen;
            p.lastSeen[i] = message.lastSeen;
            extras.message[i] = message.extras;
            hasExtras = hasExtras || message.extras;
        }
        ++i;
    }
    extras.call = stored.extras;
    hasExtras = hasExtras || stored.extras;
    if (hasExtras) {
        if (reuseExtras == 0) {
            if (m_extras.empty())
                m_extras.emplace_back(); // index 0: none
            m_extras.push_back(std::move(extras));
            reuseExtras = quint32(m_extras.size() - 1);
        } else {
            m_extras[reuseExtras] = std::move(extras);
        }
        p.extras = reuseExtras;
    }
    return p;
}

StoredCall CallStore::stored(int row) const
{
    const PackedCall& p = m_stored[std::size_t(row)];
    StoredCall s;
    const Extras* extras = p.extras ? &m_extras[p.extras] : nullptr;
    for (int i = 0; i < 2; ++i) {
        if (!(p.present & (1u << i)))
            continue;
        StoredMessage m;
        m.bytes = PackedBytes(p.spill[i] ? m_spills[p.spill[i]] : nullptr, p.offset[i], p.size[i]);
        m.firstSeen = p.firstSeen[i];
        m.lastSeen = p.lastSeen[i];
        if (extras)
            m.extras = extras->message[i];
        (i == 0 ? s.request : s.response) = std::move(m);
    }
    if (extras)
        s.extras = extras->call;
    return s;
}

const QString& CallStore::rule(int row) const
{
    const quint32 e = m_stored[std::size_t(row)].extras;
    return e && m_extras[e].call ? m_extras[e].call->rule : kNoText;
}

const QStringList& CallStore::notes(int row) const
{
    const quint32 e = m_stored[std::size_t(row)].extras;
    return e && m_extras[e].call ? m_extras[e].call->notes : kNoNotes;
}

int CallStore::rowOfId(quint64 id) const
{
    auto it = std::lower_bound(m_rowsInIdOrder.begin(), m_rowsInIdOrder.end(), id,
                               [this](int row, quint64 wanted) { return m_records[std::size_t(row)].id < wanted; });
    if (it != m_rowsInIdOrder.end() && m_records[std::size_t(*it)].id == id)
        return *it;
    return m_rowOfOtherId.value(id, -1);
}

int CallStore::sourceIndex(int row) const
{
    auto it = std::upper_bound(m_sources.begin(), m_sources.end(), row,
                               [](int r, const Source& s) { return r < s.firstRow; });
    return it == m_sources.begin() ? -1 : int(std::prev(it) - m_sources.begin());
}

double CallStore::timeBaseOf(int row) const
{
    const int index = sourceIndex(row);
    return index >= 0 && m_sources[std::size_t(index)].hasCalls ? m_sources[std::size_t(index)].timeBase : m_timeBase;
}

QString CallStore::sourceOf(int row) const
{
    const int index = sourceIndex(row);
    return index >= 0 ? m_sources[std::size_t(index)].name : QString();
}

void CallStore::beginSource(const QString& name)
{
    m_sources.push_back({size(), name, 0, false});
    // A second file changes what relative times count from (and how the column is named).
    if (m_sources.size() == 2)
        Q_EMIT timeBaseChanged();
}

Call CallStore::call(int row, bool withTrees) const
{
    return rebuildCall(m_records[row], stored(row), m_strings, m_registry, m_options, withTrees);
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
    m_spills.clear();
    m_spillIndexes.clear();
    m_extras.clear();
    m_rowsInIdOrder.clear();
    m_rowOfOtherId.clear();
    m_strings.clear();
    m_packer = BytePacker();
    m_generation++;
    m_timeBase = 0;
    m_sources.clear();
    m_errors = 0;
    m_stats = {};
    Q_EMIT cleared();
    Q_EMIT trafficStatsChanged();
}

} // namespace rpcscope
