#include "callsort.h"

#include "calllistmodel.h"
#include "callstore.h"

#include <QStringView>

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <numeric>

namespace rpcscope {

namespace {

// Case-insensitive order in which digit runs compare as numbers, so "host:9" sorts before "host:40000" whatever
// the locale (QCollator ignores numeric mode in the C locale).
int naturalCompare(QStringView a, QStringView b)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ei = i;
            qsizetype ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            // Compare without leading zeros: a longer run is a larger number.
            qsizetype si = i;
            qsizetype sj = j;
            while (si + 1 < ei && a[si] == QLatin1Char('0'))
                ++si;
            while (sj + 1 < ej && b[sj] == QLatin1Char('0'))
                ++sj;
            if (ei - si != ej - sj)
                return ei - si < ej - sj ? -1 : 1;
            const int c = a.sliced(si, ei - si).compare(b.sliced(sj, ej - sj));
            if (c != 0)
                return c;
            i = ei;
            j = ej;
            continue;
        }
        const QChar ca = a[i].toCaseFolded();
        const QChar cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size() || j < b.size())
        return i < a.size() ? 1 : -1;
    return a.compare(b);
}

// The order of the distinct strings of the store, as ranks indexed by string id.
std::vector<quint32> stringRanks(const CallStore& s)
{
    std::vector<quint32> ids(s.strings().size());
    std::iota(ids.begin(), ids.end(), 0u);
    std::sort(ids.begin(), ids.end(),
              [&](quint32 a, quint32 b) { return naturalCompare(s.string(a), s.string(b)) < 0; });
    std::vector<quint32> rank(ids.size(), 0);
    for (std::size_t i = 0; i < ids.size(); ++i)
        rank[ids[i]] = static_cast<quint32>(i);
    return rank;
}

// A double as an unsigned word in the same order (-0 as 0).
quint64 orderedBits(double d)
{
    const auto bits = std::bit_cast<quint64>(d == 0 ? 0.0 : d);
    return (bits >> 63) ? ~bits : bits | (quint64(1) << 63);
}

struct Keyed
{
    quint64 key;
    int row;
};

// Stable least-significant-digit radix sort by key, a byte at a time, skipping the bytes every key shares (the
// high bytes of sizes, ranks and latencies of one magnitude): a few linear passes instead of n log n compares.
void radixSort(std::vector<Keyed>& items)
{
    std::array<std::array<std::size_t, 256>, 8> counts {};
    for (const Keyed& k : items) {
        for (int b = 0; b < 8; ++b)
            counts[std::size_t(b)][(k.key >> (8 * b)) & 0xff]++;
    }
    std::vector<Keyed> buffer(items.size());
    for (int b = 0; b < 8; ++b) {
        std::array<std::size_t, 256>& count = counts[std::size_t(b)];
        if (std::find(count.begin(), count.end(), items.size()) != count.end())
            continue;
        std::size_t sum = 0;
        for (std::size_t& c : count) {
            const std::size_t n = c;
            c = sum;
            sum += n;
        }
        for (const Keyed& k : items)
            buffer[count[(k.key >> (8 * b)) & 0xff]++] = k;
        items.swap(buffer);
    }
}

} // namespace

void sortCallRows(const CallStore& s, std::vector<int>& rows, int column, Qt::SortOrder order)
{
    using Column = CallListModel::Column;
    const bool up = order == Qt::AscendingOrder;
    // Text columns sort by the rank of each distinct string, computed once.
    std::vector<quint32> rank;
    switch (column) {
    case Column::ClientColumn:
    case Column::ServerColumn:
    case Column::ProtocolColumn:
    case Column::ObjectColumn:
    case Column::MethodColumn:
    case Column::SummaryColumn:
        rank = stringRanks(s);
        break;
    default:
        break;
    }
    // Every row's key is packed into one unsigned word whose order is the column's (reversed when descending).
    auto keyOf = [&](const CallRecord& r) -> quint64 {
        switch (column) {
        case Column::NumberColumn:
            return r.id;
        case Column::TimeColumn:
            return orderedBits(r.start);
        case Column::ClientColumn:
            return rank[r.client];
        case Column::ServerColumn:
            return rank[r.server];
        case Column::ProtocolColumn:
            return rank[r.protocol];
        case Column::ObjectColumn:
            return rank[r.object];
        case Column::MethodColumn:
        case Column::SummaryColumn:
            return rank[r.method];
        case Column::StatusColumn:
            return quint64(r.status);
        case Column::LatencyColumn:
            // Calls without a reply sort after every measured latency, whichever the direction.
            if (!r.hasLatency())
                return up ? ~quint64(0) : 0;
            return orderedBits(r.latencyMs);
        case Column::RequestSizeColumn:
            return r.requestSize;
        case Column::ResponseSizeColumn:
            return r.responseSize;
        }
        return 0;
    };
    std::vector<Keyed> keyed;
    keyed.reserve(rows.size());
    if (s.idsAscendWithRows()) {
        // Rows taken in store order are in id order, so a stable sort by key leaves equal keys by ascending id.
        auto add = [&](int row) {
            const quint64 key = keyOf(s.record(row));
            keyed.push_back({up ? key : ~key, row});
        };
        if (rows.size() == std::size_t(s.size())) {
            for (int row = 0; row < s.size(); ++row) // every call is shown (no filter)
                add(row);
        } else {
            std::vector<bool> wanted(std::size_t(s.size()), false);
            for (const int row : rows)
                wanted[std::size_t(row)] = true;
            for (int row = 0; row < s.size(); ++row) {
                if (wanted[std::size_t(row)])
                    add(row);
            }
        }
        radixSort(keyed);
    } else {
        for (const int row : rows) {
            const quint64 key = keyOf(s.record(row));
            keyed.push_back({up ? key : ~key, row});
        }
        std::sort(keyed.begin(), keyed.end(), [&](const Keyed& a, const Keyed& b) {
            return a.key != b.key ? a.key < b.key : s.record(a.row).id < s.record(b.row).id;
        });
    }
    for (std::size_t i = 0; i < keyed.size(); ++i)
        rows[i] = keyed[i].row;
}

} // namespace rpcscope
