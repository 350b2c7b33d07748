#pragma once

#include "message.h"
#include "protocoldecoder.h"
#include "result.h"

namespace rpcscope {

/// Writes Pyro4 messages from call fields: CONNECT, CONNECTOK, CONNECTFAIL, INVOKE (plain, oneway, batch), RESULT
/// (values, batch results, and exceptions in the dict form a real Pyro4 proxy re-raises) and PING. See
/// Pyro4Decoder for the options.
class Pyro4Encoder
{
public:
    static Result<QByteArray> encode(const DecodedMessage& message, const EncodeOptions& options);
    /// The payload value Pyro4 serializes for an exception: {'__class__': code, '__exception__': True, 'args':
    /// (message,), 'attributes': {'_pyroTraceback': [detail lines]}}.
    static RpcValue exceptionValue(const RpcFault& fault);
    /// Serializes `value` with serializer `serializerId` (serpent, json or marshal).
    static Result<QByteArray> serialize(const RpcValue& value, quint16 serializerId);
};

} // namespace rpcscope
