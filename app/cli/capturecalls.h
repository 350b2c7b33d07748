#pragma once

#include "call.h"
#include "decoderregistry.h"
#include "result.h"

#include <functional>
#include <vector>

// Reads the calls of a capture file (pcap, pcapng) through the capture pipeline, keeping those `keep` accepts
// (all when it is empty), in request order, decoded without trees. The error names the file.
rpcscope::Result<std::vector<rpcscope::Call>> readCaptureCalls(const QString& path,
                                                               const rpcscope::DecoderRegistry& registry,
                                                               const rpcscope::DecodeOptions& options,
                                                               const std::function<bool(const rpcscope::Call&)>& keep);

// `call` with both messages decoded again from their bytes, with their trees.
rpcscope::Call callWithTrees(const rpcscope::Call& call, const rpcscope::DecoderRegistry& registry,
                             const rpcscope::DecodeOptions& options);
