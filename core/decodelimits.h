#pragma once

#include <QtGlobal>

namespace rpcscope {

/// The bounds every decoder and stream stage enforces. Hostile input meets one of these, gets a clear error, and
/// never makes us allocate, recurse or buffer without bound. All can be raised by option.
struct DecodeLimits
{
    /// Largest single message (HTTP body, Pyro4 payload, JRMP message) that is decoded.
    qint64 maxMessageBytes = 64 * 1024 * 1024;
    /// Largest HTTP header block.
    qint64 maxHeaderBytes = 64 * 1024;
    /// Deepest nesting of values (arrays in arrays, serpent tuples, pickle stacks, Java objects).
    int maxDepth = 256;
    /// Most values in one message.
    qint64 maxValues = 4 * 1000 * 1000;
    /// Longest single string or byte value.
    qint64 maxStringBytes = 64 * 1024 * 1024;
    /// Largest amount of not-yet-framed bytes kept per stream direction before the stream is marked truncated.
    qint64 maxStreamBuffer = 64 * 1024 * 1024;
    /// Bytes looked at to recognise a connection's protocol before it is ignored.
    qint64 maxProbeBytes = 64 * 1024;
    /// Most connections tracked at once.
    int maxConnections = 200000;
    /// Most remote objects whose names (Java RMI registry bindings) a decode session remembers.
    qint64 maxNamedObjects = 100000;

    friend bool operator==(const DecodeLimits&, const DecodeLimits&) = default;
};

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RPCSCOPE_FAT_STACK_FRAMES 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
#define RPCSCOPE_FAT_STACK_FRAMES 1
#endif

/// The deepest nesting any value reader descends into, whatever `DecodeLimits::maxDepth` says: the readers recurse
/// once or twice per level, and far deeper input would overflow the stack before a raised limit was reached.
/// Unoptimised and AddressSanitizer builds have frames several times larger (ASan pads every local), so they stop
/// sooner; tests/robustness/tst_depthlimits checks both on 100,000 levels.
#ifdef RPCSCOPE_FAT_STACK_FRAMES
inline constexpr int kStackSafeDepth = 1024;
#else
inline constexpr int kStackSafeDepth = 4096;
#endif

} // namespace rpcscope
