#include "callstatistics.h"

#include "callstore.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace rpcscope {

namespace {

// Fills the latency figures of `s` from `values`, which it reorders.
void summarise(LatencySummary& s, std::vector<double>& values)
{
    s.withLatency = static_cast<int>(values.size());
    if (values.empty())
        return;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    s.min = values.front();
    s.max = values.back();
    s.median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    const auto rank = static_cast<std::size_t>(std::ceil(0.95 * double(n)));
    s.p95 = values[std::clamp<std::size_t>(rank, 1, n) - 1];
}

} // namespace

double CallStatistics::niceWidth(double rough)
{
    if (!(rough > 0))
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * magnitude >= rough * (1 - 1e-9))
            return step * magnitude;
    }
    return 10 * magnitude;
}

CallStatistics CallStatistics::compute(const CallStore& store, const std::vector<int>& rows, int bins)
{
    CallStatistics stats;
    struct Group
    {
        LatencySummary summary;
        std::vector<double> latencies;
    };
    std::vector<Group> groups;
    std::unordered_map<quint64, std::size_t> groupOf;
    std::vector<double> all;
    all.reserve(rows.size());

    for (int row : rows) {
        const CallRecord& r = store.record(row);
        const quint64 key = (quint64(r.object) << 32) | r.method;
        auto [it, added] = groupOf.try_emplace(key, groups.size());
        if (added) {
            Group g;
            g.summary.method = store.string(r.method);
            g.summary.object = store.string(r.object);
            groups.push_back(std::move(g));
        }
        Group& g = groups[it->second];
        g.summary.count++;
        stats.m_total.count++;
        if (r.isError()) {
            g.summary.errors++;
            stats.m_total.errors++;
        }
        if (r.hasLatency()) {
            g.latencies.push_back(r.latencyMs);
            all.push_back(r.latencyMs);
        }
    }
    for (Group& g : groups) {
        summarise(g.summary, g.latencies);
        stats.m_methods.push_back(std::move(g.summary));
    }
    std::stable_sort(stats.m_methods.begin(), stats.m_methods.end(),
                     [](const LatencySummary& a, const LatencySummary& b) { return a.count > b.count; });
    summarise(stats.m_total, all);

    // Histogram over [min, max], or up to the 99th percentile when the tail is far longer than the body.
    LatencyHistogram& h = stats.m_histogram;
    if (!all.empty() && bins > 0) {
        const double lo = all.front();
        double hi = all.back();
        const double p99
            = all[std::min(all.size() - 1, static_cast<std::size_t>(std::ceil(0.99 * double(all.size()))) - 1)];
        if (all.size() >= 100 && hi > 2 * p99 && p99 > lo)
            hi = p99;
        h.binWidth = niceWidth((hi - lo) / bins);
        if (hi <= lo)
            h.binWidth = niceWidth(std::max(lo, 1e-3) / 10);
        // A little slack, so that 9.9999999 ms (a float-rounded 10 ms) lands in the bin that starts at 10.
        constexpr double slack = 1e-6;
        h.start = std::floor(lo / h.binWidth + slack) * h.binWidth;
        const int count = std::max(1, static_cast<int>(std::floor((hi - h.start) / h.binWidth + slack)) + 1);
        h.counts.assign(count, 0);
        for (double v : all) {
            const auto bin = static_cast<qint64>(std::floor((v - h.start) / h.binWidth + slack));
            if (bin >= count)
                h.overflow++;
            else
                h.counts[std::max<qint64>(0, bin)]++;
        }
    }
    return stats;
}

} // namespace rpcscope
