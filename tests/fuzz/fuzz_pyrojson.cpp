// Fuzz target: the Pyro4 pyrojson payload reader on arbitrary bytes, with a tree and without
// (tests/fuzz/pyreadchecks.h).

#include "pyreadchecks.h"
#include "pyro/pyrojsonreader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    fuzz::checkPyReader("json", fuzz::asView(data, size),
                        [](QByteArrayView bytes, const DecodeLimits& limits, DecodeNode* tree) {
                            return PyroJsonReader::parse(bytes, 0, limits, tree);
                        });
    return 0;
}
