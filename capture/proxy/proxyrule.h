#pragma once

#include "result.h"

#include <QString>

namespace rpcscope {

/// A host and port as the user writes them: "127.0.0.1:8080", "localhost:8080", "[::1]:8080", or ":8080" (the
/// host then defaults to loopback, since a recording proxy should not be reachable from elsewhere by accident).
struct HostPort
{
    QString host;
    quint16 port = 0;

    /// "host:port", with IPv6 addresses in brackets.
    QString toString() const;
    static Result<HostPort> parse(const QString& text, bool portZeroAllowed = false);
};

/// One thing the recording proxy does: listen on `listen` and forward every connection to `target`, or, in HTTP
/// forward-proxy mode, to the origin named by each request's absolute URI.
struct ProxyRule
{
    HostPort listen;
    /// Unused in HTTP forward-proxy mode.
    HostPort target;
    bool httpProxy = false;

    /// "127.0.0.1:8080 → 127.0.0.1:8000" or "127.0.0.1:3128 → (HTTP proxy)".
    QString describe() const;
};

/// Connections and bytes of one rule. Bytes are counted as they pass, in each direction.
struct ProxyRuleCounters
{
    qint64 connectionsAccepted = 0;
    qint64 connectionsOpen = 0;
    /// Connections whose upstream could not be reached (refused, unreachable, timed out, unresolvable).
    qint64 connectionsFailed = 0;
    qint64 bytesClientToServer = 0;
    qint64 bytesServerToClient = 0;
    /// The most bytes ever waiting in one connection to be written to a slow reader: stays near
    /// ProxyConnection::highWater however slow the reader, because reading from the other side pauses.
    qint64 peakQueuedBytes = 0;
};

} // namespace rpcscope
