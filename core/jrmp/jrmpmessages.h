#pragma once

#include "protocoldecoder.h"

#include <QByteArray>

namespace rpcscope {

/// Decoding of the two JRMP messages that carry a serialization stream.
namespace jrmpmessages {

/// A Call (0x50): ObjID, operation, hash and the arguments. Names registry and DGC methods, and user methods from
/// `context.options->javaMethods`, whose signatures also give the types of primitive arguments.
DecodedMessage decodeCall(const QByteArray& message, const DecodeContext& context);
/// A ReturnData (0x51): return type, ack UID and the value, or the thrown exception as the fault. The call it
/// answers (`context.request`) gives the type of a primitive result.
DecodedMessage decodeReturn(const QByteArray& message, const DecodeContext& context);

} // namespace jrmpmessages
} // namespace rpcscope
