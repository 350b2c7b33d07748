#pragma once

#include "message.h"
#include "protocoldecoder.h"
#include "pyro/pyroprotocol.h"
#include "result.h"

namespace rpcscope {

/// Writes Pyro messages of protocol version 4 or 5 from call fields: CONNECT, CONNECTOK, CONNECTFAIL, INVOKE (plain,
/// oneway, batch), RESULT (values, batch results, and exceptions in the dict form a real Pyro proxy re-raises) and
/// PING. The call payloads have the same shape in both versions; the headers, annotation chunks, flag bits,
/// serializer ids and class names differ. See Pyro4Decoder and Pyro5Decoder for the options.
class PyroEncoder
{
public:
    static Result<QByteArray> encode(const DecodedMessage& message, const EncodeOptions& options, int version);
    /// The payload value Pyro serializes for an exception: {'__class__': code, '__exception__': True, 'args':
    /// (message,), 'attributes': {'_pyroTraceback': [detail lines]}}.
    static RpcValue exceptionValue(const RpcFault& fault);
    /// Serializes `value` with `serializer` (serpent, json, marshal or msgpack).
    static Result<QByteArray> serialize(const RpcValue& value, pyro::Serializer serializer);
    /// The class name of the wrapper a batch result puts around a failed call's exception.
    static QString exceptionWrapperClass(int version);
};

} // namespace rpcscope
