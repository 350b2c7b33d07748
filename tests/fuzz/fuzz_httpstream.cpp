// Fuzz target: HTTP/1.x framing of both directions of a connection (keep-alive, pipelining, chunked, HEAD, 1xx,
// read-until-close, resync after gaps), through the stream pipeline with a decoder that only takes HTTP apart.
// Input format: see streamharness.h.

#include "barehttpdecoder.h"
#include "streamharness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    rpcscope::DecoderRegistry registry;
    registry.add(std::make_shared<rpcscope::fuzz::BareHttpDecoder>());
    rpcscope::fuzz::runStream(registry, data, size);
    return 0;
}
