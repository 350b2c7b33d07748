#include "callrepeater.h"

#include "client/callexchange.h"

#include <QEventLoop>

#include <algorithm>
#include <cmath>

namespace rpcscope {

namespace {

// Nearest-rank percentile of sorted samples.
double percentile(const std::vector<double>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

} // namespace

ReplaySummary ReplaySummary::fromSamples(std::vector<double> answeredMs, int sent, int errors, QString firstError)
{
    ReplaySummary s;
    s.sent = sent;
    s.errors = errors;
    s.firstError = std::move(firstError);
    s.answered = int(answeredMs.size());
    if (answeredMs.empty())
        return s;
    std::sort(answeredMs.begin(), answeredMs.end());
    s.minMs = answeredMs.front();
    s.maxMs = answeredMs.back();
    s.medianMs = percentile(answeredMs, 50);
    s.p95Ms = percentile(answeredMs, 95);
    return s;
}

QString ReplaySummary::toText() const
{
    QString text = QStringLiteral("%1 calls: min %2 ms, median %3 ms, p95 %4 ms, max %5 ms; %6 errors")
                       .arg(sent)
                       .arg(minMs, 0, 'f', 2)
                       .arg(medianMs, 0, 'f', 2)
                       .arg(p95Ms, 0, 'f', 2)
                       .arg(maxMs, 0, 'f', 2)
                       .arg(errors);
    if (!firstError.isEmpty())
        text += QStringLiteral(" (first: %1)").arg(firstError);
    return text;
}

CallRepeater::CallRepeater(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<rpcscope::ReplaySummary>("rpcscope::ReplaySummary");
}

void CallRepeater::start(const ComposedCall& call, int count)
{
    m_call = call;
    m_total = std::max(count, 0);
    m_remaining = m_total;
    m_errors = 0;
    m_firstError.clear();
    m_samples.clear();
    m_samples.reserve(size_t(m_total));
    sendNext();
}

void CallRepeater::cancel()
{
    if (m_remaining <= 0)
        return;
    m_total -= m_remaining;
    m_remaining = 0;
    Q_EMIT finished(ReplaySummary::fromSamples(m_samples, m_total, m_errors, m_firstError));
}

void CallRepeater::sendNext()
{
    if (m_remaining <= 0) {
        Q_EMIT finished(ReplaySummary::fromSamples(m_samples, m_total, m_errors, m_firstError));
        return;
    }
    CallExchange* exchange = CallExchange::create(m_call, this);
    connect(exchange, &CallExchange::finished, this, [this, exchange](const CallOutcome& outcome) {
        exchange->deleteLater();
        if (m_remaining <= 0)
            return; // cancelled
        --m_remaining;
        if (outcome.isTransportError()) {
            ++m_errors;
            if (m_firstError.isEmpty())
                m_firstError = outcome.error;
        } else {
            m_samples.push_back(outcome.elapsedMs);
        }
        Q_EMIT progress(m_total - m_remaining, m_total, outcome);
        // Queued: an exchange that fails at once (bad request) must not recurse once per call.
        QMetaObject::invokeMethod(this, &CallRepeater::sendNext, Qt::QueuedConnection);
    });
    exchange->start();
}

ReplaySummary CallRepeater::run(const ComposedCall& call, int count)
{
    CallRepeater repeater;
    ReplaySummary summary;
    QEventLoop loop;
    bool done = false;
    connect(&repeater, &CallRepeater::finished, &loop, [&](const ReplaySummary& s) {
        summary = s;
        done = true;
        loop.quit();
    });
    repeater.start(call, count);
    if (!done)
        loop.exec();
    return summary;
}

} // namespace rpcscope
