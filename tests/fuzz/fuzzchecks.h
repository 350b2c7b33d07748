#pragma once
// Invariants every fuzz target checks on what a decoder produced. A violation aborts, so libFuzzer (and the
// regression runners) report it as a crash with the input that caused it.

#include "decodenode.h"
#include "message.h"

namespace rpcscope::fuzz {

/// Stops the process with `what` on stderr (a finding, not an error value: fuzz targets have no caller to tell).
[[noreturn]] void fail(const char* what, const QString& detail = {});

/// Every node's byte range lies inside the buffer it names, so tree↔hex linking never points outside the bytes.
void checkTree(const DecodeNode& node, const std::vector<QByteArray>& buffers);
/// explainMessage's spans tile the message's bytes, each with a node, a role and a description.
void checkSpans(const DecodedMessage& message);
/// checkTree on the message's tree, buffer 0 holds the message's bytes, and checkSpans.
void checkMessage(const DecodedMessage& message);

} // namespace rpcscope::fuzz
