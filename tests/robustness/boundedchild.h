#pragma once
// Runs a piece of work in a forked child whose address space may grow only by a given amount (RLIMIT_AS). A decoder
// that allocates what a hostile length field claims dies in the child (std::bad_alloc → abort) instead of passing
// a test that only looked at its result. The child reports a line of text back to the parent through a pipe.

#include <QString>

#include <functional>

namespace rpcscope::test {

struct BoundedResult
{
    /// The child ran to its end (no signal, no bad_alloc, no timeout).
    bool completed = false;
    /// What went wrong when it did not: "killed by signal 6", "timed out"...
    QString failure;
    /// The text the work returned.
    QString output;
};

/// True when the build runs under AddressSanitizer, whose shadow memory makes RLIMIT_AS meaningless.
bool underAddressSanitizer();

/// Forks; the child limits its address space to what it uses now plus `headroomBytes`, runs `work` and sends back
/// the text it returns. A `headroomBytes` of 0 sets no limit (a child only to survive crashes). The parent waits at
/// most `timeoutMs`.
BoundedResult runWithMemoryBound(qint64 headroomBytes, const std::function<QString()>& work, int timeoutMs = 60000);

} // namespace rpcscope::test
