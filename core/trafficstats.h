#pragma once

#include <QMap>
#include <QString>

namespace rpcscope {

/// What happened to the bytes a source delivered, so that nothing is dropped silently: shown in the status bar and
/// printed by the CLI when it is not all clean.
struct TrafficStats
{
    qint64 connections = 0;
    /// Connections whose protocol was recognised, by decoder id.
    QMap<QString, qint64> connectionsByProtocol;
    /// Connections carrying something no decoder recognised (ignored, not an error).
    qint64 unrecognisedConnections = 0;
    qint64 messages = 0;
    qint64 malformedMessages = 0;
    qint64 gaps = 0;
    /// Bytes reported missing by gaps (-1 gaps count as unknown and add nothing).
    qint64 missingBytes = 0;
    /// Bytes dropped while resynchronising or skipped as undecodable.
    qint64 skippedBytes = 0;
    /// Directions whose unframed bytes reached the stream buffer limit.
    qint64 truncatedStreams = 0;
    /// Connections not tracked because the connection limit was reached.
    qint64 droppedConnections = 0;

    /// Adds the counts of `other` (the same source decoded in parts, on several threads).
    void merge(const TrafficStats& other);

    bool clean() const
    {
        return malformedMessages == 0 && gaps == 0 && skippedBytes == 0 && truncatedStreams == 0
            && droppedConnections == 0;
    }
    /// One sentence listing what is not clean, e.g. "2 gaps (1448 bytes missing), 1 malformed message".
    QString describeProblems() const;
};

} // namespace rpcscope
