#include "pipeline.h"
#include "testsupport.h"

#include "trafficdecoder.h"

namespace rpcscope::test {

namespace {

void deliver(TrafficDecoder& traffic, Direction dir, const QByteArray& bytes, qsizetype piece, double& ts)
{
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        ts += 0.001;
        traffic.streamData(1, dir, QByteArrayView(bytes).sliced(at, std::min(piece, bytes.size() - at)), ts);
    }
}

} // namespace

bool PipelineOutcome::mentions(const QString& text) const
{
    for (const QString& p : problems)
        if (p.contains(text, Qt::CaseInsensitive))
            return true;
    return false;
}

PipelineOutcome runConnection(const DecoderRegistry& registry, const QByteArray& request, const QByteArray& response,
                              const DecodeOptions& options, qsizetype piece)
{
    test::CallCollector sink;
    TrafficDecoder traffic(registry, options, sink);
    double ts = 1000.0;
    traffic.streamOpened(1, {QStringLiteral("127.0.0.1"), 40000}, {QStringLiteral("127.0.0.1"), 8000}, ts, true);
    deliver(traffic, Direction::ClientToServer, request, piece, ts);
    deliver(traffic, Direction::ServerToClient, response, piece, ts);
    traffic.streamEnded(1, Direction::ClientToServer, ts, false);
    traffic.streamEnded(1, Direction::ServerToClient, ts, false);
    traffic.streamClosed(1, ts);
    traffic.finishAll(ts);

    PipelineOutcome outcome;
    outcome.stats = traffic.stats();
    for (const Call& call : sink.calls) {
        outcome.problems << call.notes;
        for (const auto& message : {call.request, call.response}) {
            if (!message)
                continue;
            for (const Problem& p : message->problems)
                outcome.problems << p.text;
        }
    }
    if (!outcome.stats.clean())
        outcome.problems << outcome.stats.describeProblems();
    outcome.calls = std::move(sink.calls);
    return outcome;
}

} // namespace rpcscope::test
