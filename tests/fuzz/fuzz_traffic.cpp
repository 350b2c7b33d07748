// Fuzz target: a connection's byte streams through the whole pipeline with every built-in decoder (probing,
// framing, resynchronising after gaps, decoding, pairing). Input format: see streamharness.h.

#include "streamharness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const rpcscope::DecoderRegistry registry = rpcscope::DecoderRegistry::withBuiltins();
    rpcscope::fuzz::runStream(registry, data, size);
    return 0;
}
