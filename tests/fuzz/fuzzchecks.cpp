#include "fuzzchecks.h"

#include "explain/messagespans.h"

#include <cstdio>
#include <cstdlib>

namespace rpcscope::fuzz {

void fail(const char* what, const QString& detail)
{
    std::fprintf(stderr, "fuzz invariant violated: %s %s\n", what, qPrintable(detail));
    std::fflush(stderr);
    std::abort();
}

void checkTree(const DecodeNode& node, const std::vector<QByteArray>& buffers)
{
    if (node.hasBytes()) {
        if (node.buffer < 0 || static_cast<std::size_t>(node.buffer) >= buffers.size())
            fail("node names a buffer that does not exist:", node.name);
        const qint64 size = buffers[static_cast<std::size_t>(node.buffer)].size();
        if (node.length < 0 || node.offset > size || node.length > size - node.offset)
            fail("node byte range lies outside its buffer:",
                 QStringLiteral("%1 [%2,%3] in %4 bytes").arg(node.name).arg(node.offset).arg(node.length).arg(size));
    }
    for (const DecodeNode& child : node.children)
        checkTree(child, buffers);
}

void checkSpans(const DecodedMessage& message)
{
    // Every byte explained, whatever the bytes: the spans tile the message, each with a role and a description.
    const MessageExplanation e = explainMessage(message);
    qint64 at = 0;
    for (const ExplainSpan& s : e.spans) {
        if (s.offset != at || s.length <= 0 || s.role.isEmpty() || s.description.isEmpty() || !s.node)
            fail("explain spans do not tile the message at", QString::number(at));
        at = s.end();
    }
    if (at != message.size())
        fail("explain spans end before the message:", QStringLiteral("%1 of %2").arg(at).arg(message.size()));
}

void checkMessage(const DecodedMessage& message)
{
    if (message.buffers.empty())
        fail("decoded message has no buffer 0");
    checkTree(message.tree, message.buffers);
    checkSpans(message);
}

} // namespace rpcscope::fuzz
