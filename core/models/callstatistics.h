#pragma once

#include <QString>

#include <vector>

namespace rpcscope {

class CallStore;

/// Latency figures of one group of calls (one method, or all). Latencies in milliseconds; calls without a reply
/// count in `count` (and usually in `errors`) but not in the latency figures.
struct LatencySummary
{
    QString method;
    QString object;
    int count = 0;
    int errors = 0;
    int withLatency = 0;
    double min = 0;
    /// The middle value (mean of the two middle values for an even count).
    double median = 0;
    /// Nearest-rank 95th percentile: the smallest latency not exceeded by 95 % of the calls.
    double p95 = 0;
    double max = 0;
};

/// Equal-width latency bins from `start`; calls slower than the last bin (past the 99th percentile on long
/// tails) are counted in `overflow` so that one outlier does not squash every other bar.
struct LatencyHistogram
{
    double start = 0;
    double binWidth = 0;
    std::vector<int> counts;
    int overflow = 0;
    double end() const { return start + binWidth * double(counts.size()); }
};

/// Per-method call counts, errors and latency percentiles, and a latency histogram, for a set of calls (the
/// calls the filter shows). A value computed in one pass; recompute when the set changes.
class CallStatistics
{
public:
    static CallStatistics compute(const CallStore& store, const std::vector<int>& rows, int bins = 24);

    /// One entry per (object, method), most called first.
    const std::vector<LatencySummary>& methods() const { return m_methods; }
    const LatencySummary& total() const { return m_total; }
    const LatencyHistogram& histogram() const { return m_histogram; }

    /// Rounds a bin width up to 1, 2 or 5 times a power of ten, so bin edges read well.
    static double niceWidth(double rough);

private:
    std::vector<LatencySummary> m_methods;
    LatencySummary m_total;
    LatencyHistogram m_histogram;
};

} // namespace rpcscope
