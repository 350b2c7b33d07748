#include "fuzzchecks.h"

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

void checkMessage(const DecodedMessage& message)
{
    if (message.buffers.empty())
        fail("decoded message has no buffer 0");
    checkTree(message.tree, message.buffers);
}

} // namespace rpcscope::fuzz
