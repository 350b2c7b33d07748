#pragma once

namespace rpcscope {

/// What bounds each connection of a test server, whichever protocol it speaks.
struct ConnectionLimits
{
    int maxDepth = 256;
    int maxConnections = 1000;
    /// A connection that sends nothing for this long is closed.
    int idleTimeoutMs = 120000;
    /// A request must arrive whole within this long of its first byte (a client trickling bytes is never idle).
    int requestTimeoutMs = 30000;
};

} // namespace rpcscope
