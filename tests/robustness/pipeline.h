#pragma once
// Hostile-input tests feed whole connections through the real pipeline (TrafficDecoder with a registry) and look
// at what a user would see: the calls with their status and problems, and the traffic statistics.

#include "call.h"
#include "decoderregistry.h"
#include "trafficstats.h"

#include <QByteArray>
#include <QStringList>

#include <vector>

namespace rpcscope::test {

struct PipelineOutcome
{
    std::vector<Call> calls;
    TrafficStats stats;
    /// Every problem of every message, the notes of every call and the statistics' sentence, one per entry.
    QStringList problems;
    /// True if any problem contains `text`.
    bool mentions(const QString& text) const;
};

/// One connection: the client sends `request`, the server answers `response`; both are delivered in pieces of
/// `piece` bytes, alternating as a lock-step peer would (the whole request first), then both sides close.
PipelineOutcome runConnection(const DecoderRegistry& registry, const QByteArray& request, const QByteArray& response,
                              const DecodeOptions& options = {}, qsizetype piece = 64 * 1024);

} // namespace rpcscope::test
