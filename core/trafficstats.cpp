#include "trafficstats.h"

#include <QStringList>

namespace rpcscope {

QString TrafficStats::describeProblems() const
{
    QStringList parts;
    auto plural = [](qint64 n, const char* one, const char* many) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? one : many));
    };
    if (gaps > 0)
        parts << plural(gaps, "gap", "gaps") + QStringLiteral(" (%1 bytes missing)").arg(missingBytes);
    if (malformedMessages > 0)
        parts << plural(malformedMessages, "malformed message", "malformed messages");
    if (skippedBytes > 0)
        parts << QStringLiteral("%1 bytes skipped while resynchronising").arg(skippedBytes);
    if (truncatedStreams > 0)
        parts << plural(truncatedStreams, "stream truncated at the buffer limit",
                        "streams truncated at the buffer limit");
    if (droppedConnections > 0)
        parts << plural(droppedConnections, "connection not tracked (connection limit)",
                        "connections not tracked (connection limit)");
    return parts.join(QStringLiteral(", "));
}

void TrafficStats::merge(const TrafficStats& other)
{
    connections += other.connections;
    for (auto it = other.connectionsByProtocol.cbegin(); it != other.connectionsByProtocol.cend(); ++it)
        connectionsByProtocol[it.key()] += it.value();
    unrecognisedConnections += other.unrecognisedConnections;
    messages += other.messages;
    malformedMessages += other.malformedMessages;
    gaps += other.gaps;
    missingBytes += other.missingBytes;
    skippedBytes += other.skippedBytes;
    truncatedStreams += other.truncatedStreams;
    droppedConnections += other.droppedConnections;
}

} // namespace rpcscope
