#pragma once

#include "client/composedcall.h"

#include <QObject>

#include <vector>

namespace rpcscope {

/// Latency figures of a replay: over the calls that got a reply (Ok, fault or exception).
struct ReplaySummary
{
    int sent = 0;
    int answered = 0;
    /// Transport errors (refused, timeout, HTTP errors...), by count.
    int errors = 0;
    double minMs = 0;
    double medianMs = 0;
    double p95Ms = 0;
    double maxMs = 0;
    /// The first transport error, for the user.
    QString firstError;

    /// Computes the figures from per-call times (nearest-rank percentiles).
    static ReplaySummary fromSamples(std::vector<double> answeredMs, int sent, int errors, QString firstError);
    /// "20 calls: min 0.41 ms, median 0.52 ms, p95 0.90 ms, max 1.20 ms; 0 errors".
    QString toText() const;
};

/// "Replay N times": sends the same call `count` times, one after the other, without blocking, and reports the
/// latency summary. Each outcome is also reported so a panel can show progress.
class CallRepeater : public QObject
{
    Q_OBJECT
public:
    explicit CallRepeater(QObject* parent = nullptr);

    void start(const ComposedCall& call, int count);
    void cancel();
    bool isRunning() const { return m_remaining > 0; }
    /// Blocking variant for the CLI and tests (runs a local event loop).
    static ReplaySummary run(const ComposedCall& call, int count);

Q_SIGNALS:
    void progress(int done, int total, const rpcscope::CallOutcome& outcome);
    void finished(const rpcscope::ReplaySummary& summary);

private:
    void sendNext();

    ComposedCall m_call;
    int m_total = 0;
    int m_remaining = 0;
    int m_errors = 0;
    QString m_firstError;
    std::vector<double> m_samples;
};

} // namespace rpcscope
