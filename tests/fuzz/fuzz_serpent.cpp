// Fuzz target: the Pyro4 serpent payload reader on arbitrary bytes, with a tree (byte ranges checked) and without.

#include "fuzzchecks.h"
#include "fuzzinput.h"
#include "pyro4/serpentparser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    const QByteArrayView bytes = fuzz::asView(data, size);
    const DecodeLimits limits;
    DecodeNode tree;
    const PyReadResult withTree = SerpentParser::parse(bytes, 0, limits, &tree);
    fuzz::checkTree(tree, {bytes.toByteArray()});
    const PyReadResult bare = SerpentParser::parse(bytes, 0, limits, nullptr);
    // Building the tree must not change what is read.
    if (withTree.ok() != bare.ok() || withTree.errorOffset != bare.errorOffset)
        fuzz::fail("serpent: reading with and without a tree disagree",
                   withTree.error + QStringLiteral(" / ") + bare.error);
    return 0;
}
