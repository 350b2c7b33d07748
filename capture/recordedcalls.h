#pragma once

#include "result.h"

#include <QString>

namespace rpcscope {

class AnswerBook;
class DecoderRegistry;

/// Adds the answered calls of `path` to `book`, for a mock server: a capture (pcap or pcapng, decoded as
/// `rpcscope-cli decode` would) or JSON Lines written by rpcscope-cli (`.jsonl`, or any file whose first byte is
/// `{`). Returns how many calls were added; fails naming the file and why it cannot be read.
Result<int> loadRecordedCalls(const QString& path, const DecoderRegistry& registry, AnswerBook& book);

} // namespace rpcscope
