#pragma once
// Feeds a fuzzer's input to the whole stream pipeline (TrafficDecoder → ConversationDecoder → framer → decoder →
// pairing) as the events of one TCP connection, and checks every call that comes out.
//
// Input: one byte of connection options (bit 0: the connection's start was seen), then records:
//   op byte: bits 0-1 = 0 data, 1 gap, 2 end (FIN), 3 end (RST); bit 2 = direction (0 client→server)
//   data: u16 length then that many bytes; gap: u16 missing bytes (0xffff: unknown)

#include "bytestreamsink.h"
#include "callsink.h"
#include "decoderregistry.h"
#include "fuzzinput.h"

#include <cstddef>
#include <cstdint>

namespace rpcscope::fuzz {

/// Runs the input through a TrafficDecoder over `registry`, with trees built, then finishes the connection.
void runStream(const DecoderRegistry& registry, const uint8_t* data, size_t size);

/// Plays the rest of `in` (options byte, then records) into `sink` as connection 1, closed at the end.
void playStream(FuzzInput& in, ByteStreamSink& sink);

/// Checks each finished call's messages and formats it as the CLI would (exercising the value writers).
class CheckingSink : public CallSink
{
public:
    void callFinished(Call&& call) override;
    qint64 calls = 0;
};

} // namespace rpcscope::fuzz
