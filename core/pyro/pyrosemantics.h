#pragma once

#include "message.h"
#include "protocoldecoder.h"
#include "pyro/pyroannotations.h"
#include "pyro/pyroframe.h"

namespace rpcscope {

/// The meaning of a decoded Pyro message (of either protocol version: their payloads have the same shapes): turns the
/// header and the payload value into the call fields of a DecodedMessage (kind, object, method, params, kwargs, result,
/// fault, status, pairing key, batch sub-calls), and names the payload's top-level nodes after what they are (object,
/// method, param[0], kwargs...).
class PyroSemantics
{
public:
    /// Fills `message` for the message `frame` describes and the payload `value` (nil when the payload could not be
    /// read). `valueCut` says a limit stopped reading the value: a call is then taken from what was read (a 4-tuple may
    /// lack its kwargs). `valueNode` is the payload's `value` node, relabelled in place; null without a tree.
    static void apply(DecodedMessage& message, const PyroFrame& frame, const RpcValue& value, bool valueOk,
                      bool valueCut, const std::vector<PyroAnnotation>& annotations, const DecodeContext& context,
                      DecodeNode* valueNode);
    /// The fault of an exception value in Pyro's dict form ({'__class__', 'args', 'attributes'}) or as a pickled
    /// object (class, args, state): code = class name, message = the args joined, detail = the remote traceback.
    static RpcFault faultFromException(const RpcValue& exception);
    /// The one-line summary of a message, e.g. "INVOKE #1 example.greeting.get_fortune('letian')".
    static QString summary(const DecodedMessage& message, const PyroFrame& frame);
};

} // namespace rpcscope
