// Fuzz target: the Pyro4 marshal payload reader on arbitrary bytes, with a tree and without
// (tests/fuzz/pyreadchecks.h).

#include "pyreadchecks.h"
#include "pyro/marshalreader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace rpcscope;
    fuzz::checkPyReader("marshal", fuzz::asView(data, size),
                        [](QByteArrayView bytes, const DecodeLimits& limits, DecodeNode* tree) {
                            return MarshalReader::parse(bytes, 0, limits, tree);
                        });
    return 0;
}
