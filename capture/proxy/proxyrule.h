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

/// TLS termination for one rule: clients get a certificate for their SNI name signed by RpcScope's CA, and the
/// proxy speaks TLS to the target, verifying it against the system's CAs, `upstreamCaFile` instead, or not at all.
struct ProxyTlsOptions
{
    bool enabled = false;
    /// PEM file of the CAs to trust for the upstream instead of the system's (like curl --cacert); empty: system.
    QString upstreamCaFile;
    /// Do not verify the upstream's certificate (self-signed test servers).
    bool upstreamInsecure = false;

    bool operator==(const ProxyTlsOptions&) const = default;
};

/// One thing the recording proxy does: listen on `listen` and forward every connection to `target`, or, in HTTP
/// forward-proxy mode, to the origin named by each request's absolute URI.
struct ProxyRule
{
    HostPort listen;
    /// Unused in HTTP forward-proxy mode.
    HostPort target;
    bool httpProxy = false;
    /// Not with httpProxy.
    ProxyTlsOptions tls;

    /// "127.0.0.1:8080 → 127.0.0.1:8000", "127.0.0.1:8443 → 127.0.0.1:443 (TLS)" or "127.0.0.1:3128 → (HTTP proxy)".
    QString describe() const;
};

/// Connections and bytes of one rule. Bytes are counted as they pass, in each direction.
struct ProxyRuleCounters
{
    qint64 connectionsAccepted = 0;
    qint64 connectionsOpen = 0;
    /// Connections whose upstream could not be reached (refused, unreachable, timed out, unresolvable), or whose
    /// TLS handshake failed on either side.
    qint64 connectionsFailed = 0;
    qint64 bytesClientToServer = 0;
    qint64 bytesServerToClient = 0;
    /// The most bytes ever waiting in one connection to be written to a slow reader: stays near
    /// ProxyConnection::highWater however slow the reader, because reading from the other side pauses.
    qint64 peakQueuedBytes = 0;
};

} // namespace rpcscope
