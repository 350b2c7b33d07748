#pragma once

#include "call.h"
#include "callentry.h"
#include "callrecord.h"
#include "decoderregistry.h"
#include "stringpool.h"
#include "trafficstats.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <deque>

namespace rpcscope {

/// Every call of the open capture (or live source) as compact records plus the bytes needed to decode them again.
/// It lives on the GUI thread; sources on other threads hand over calls in batches through queued signals
/// connected to `appendCalls`. Rows never move: row i is the i-th call appended.
class CallStore : public QObject
{
    Q_OBJECT
public:
    /// `registry` must outlive the store; it decodes calls again when somebody asks for one (`call()`).
    explicit CallStore(const DecoderRegistry& registry, DecodeOptions options = {}, QObject* parent = nullptr);

    int size() const { return static_cast<int>(m_records.size()); }
    const CallRecord& record(int row) const { return m_records[row]; }
    /// The bytes and verdicts of the call at `row` (made from the store's packed form; cheap, but not free).
    StoredCall stored(int row) const;
    bool hasRequest(int row) const { return m_stored[std::size_t(row)].present & 1u; }
    bool hasResponse(int row) const { return m_stored[std::size_t(row)].present & 2u; }
    /// The proxy rule or intercept decision that changed the call; empty for most calls.
    const QString& rule(int row) const;
    const QStringList& notes(int row) const;
    const QString& string(quint32 id) const { return m_strings.at(id); }
    const StringPool& strings() const { return m_strings; }
    /// The row of the call with this id, or -1.
    int rowOfId(quint64 id) const;
    /// True when every row's call id is larger than those of the rows before it (as sources hand calls over).
    bool idsAscendWithRows() const { return m_rowOfOtherId.isEmpty(); }
    /// Changes whenever string ids are reassigned (on `clear()`), so caches keyed by string id know to start over.
    quint64 generation() const { return m_generation; }

    /// The full call at `row`, decoded again from its bytes; with trees when `withTrees`.
    Call call(int row, bool withTrees = false) const;

    /// The earliest call start (seconds since the epoch); 0 when empty.
    double timeBase() const { return m_timeBase; }
    /// The zero of the relative time of the call at `row`: the earliest call start of its source (the capture file
    /// it was read from, see `beginSource`), or of the whole store when no source was named.
    double timeBaseOf(int row) const;
    /// The capture file the call at `row` was read from; empty when no source was named.
    QString sourceOf(int row) const;
    /// How many sources (capture files) the calls came from; 0 when none was named.
    int sourceCount() const { return int(m_sources.size()); }
    int errorCount() const { return m_errors; }
    const TrafficStats& trafficStats() const { return m_stats; }
    const DecoderRegistry& registry() const { return m_registry; }
    /// How calls are decoded again, and what sources feeding the store decode with. Its `objectNames` are the
    /// names of remote objects (Java RMI registry bindings) every source shares with the store, so that a call
    /// decoded again shows the object as the list does; the store makes them once and keeps them (an ObjID names
    /// one object, whichever capture it is seen in).
    const DecodeOptions& decodeOptions() const { return m_options; }
    /// Without `options.objectNames`, the store's own stay.
    void setDecodeOptions(DecodeOptions options);

    void setMarked(int row, bool marked);

public Q_SLOTS:
    /// Adds finished or pending calls. A call whose id is already stored replaces it (a pending call finishing).
    void appendCalls(const QList<rpcscope::Call>& calls);
    /// The same for calls already reduced to entries on the thread that decoded them (the cheap way in).
    void appendEntries(const QList<rpcscope::CallEntry>& entries);
    void setTrafficStats(const rpcscope::TrafficStats& stats);
    /// Calls appended from now on come from `name` (a capture file). Several files read into one list have
    /// relative times each from their own first call: files recorded days apart still read 0.000 at their start.
    void beginSource(const QString& name);
    void clear();

Q_SIGNALS:
    /// Rows [first, first + count) were added.
    void callsAppended(int first, int count);
    /// Rows [first, last] changed in place (a pending call finished, a mark was set).
    void callsChanged(int first, int last);
    /// The time base moved (or a second source began): every relative time changed.
    void timeBaseChanged();
    void trafficStatsChanged();
    void aboutToClear();
    void cleared();

private:
    CallRecord makeRecord(const CallEntry& entry);

    const DecoderRegistry& m_registry;
    DecodeOptions m_options;
    StringPool m_strings;
    /// Packs the bytes of calls handed over whole (`appendCalls`); other sources pack on their own thread.
    BytePacker m_packer;
    std::deque<CallRecord> m_records;
    /// A StoredCall as kept for every call: each message as a range of a spill, spills and the rare extras as
    /// indexes into the tables below (72 bytes, where a StoredCall takes 160).
    struct PackedCall
    {
        quint64 offset[2] = {0, 0};
        double firstSeen[2] = {0, 0};
        double lastSeen[2] = {0, 0};
        quint32 size[2] = {0, 0};
        /// Indexes in m_spills (0: no bytes).
        quint32 spill[2] = {0, 0};
        /// Index in m_extras (0: none).
        quint32 extras = 0;
        /// Bit 0: has a request; bit 1: has a response.
        quint8 present = 0;
    };
    static_assert(sizeof(PackedCall) <= 72);
    struct Extras
    {
        std::shared_ptr<const StoredMessageExtras> message[2];
        std::shared_ptr<const StoredCallExtras> call;
    };
    PackedCall packStored(const StoredCall& stored, quint32 reuseExtras);
    quint32 spillIndex(const std::shared_ptr<const ByteSpill>& spill);
    static constexpr std::size_t kRecentSpills = 16;

    std::deque<PackedCall> m_stored;
    std::vector<std::shared_ptr<const ByteSpill>> m_spills;
    QHash<const ByteSpill*, quint32> m_spillIndexes;
    std::vector<Extras> m_extras;
    /// Rows by call id. Sources hand calls over in the order of their ids, so the rows whose id is larger than
    /// every earlier one are found by binary search over this list (4 bytes a call rather than a hash node);
    /// the few others are in m_rowOfOtherId.
    std::vector<int> m_rowsInIdOrder;
    QHash<quint64, int> m_rowOfOtherId;
    quint64 m_generation = 1;
    double m_timeBase = 0;
    /// The sources in the order they began: their first row, name and earliest call start.
    struct Source
    {
        int firstRow = 0;
        QString name;
        double timeBase = 0;
        bool hasCalls = false;
    };
    std::vector<Source> m_sources;
    /// The index in m_sources of the source of `row`, or -1.
    int sourceIndex(int row) const;
    int m_errors = 0;
    TrafficStats m_stats;
};

} // namespace rpcscope
