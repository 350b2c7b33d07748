#pragma once

#include "decodelimits.h"
#include "intercept/pyroendpointedits.h"
#include "result.h"

#include <QByteArrayView>

// The serializer half of rewritePyroEndpoints: one walker per format reads a whole payload (without building its
// value), tells `edits` every str, every object that names its class and, in marshal and pickle, where objects are
// written again by reference; it returns the encoder that writes a new str or int literal in that format. A payload
// that cannot be read, or that meets a limit, is an error: nothing of it is rewritten.
namespace rpcscope::pyroendpoints {

Result<PayloadEdits::Encoder> walkSerpent(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits);
Result<PayloadEdits::Encoder> walkJson(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits);
Result<PayloadEdits::Encoder> walkMarshal(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits);
Result<PayloadEdits::Encoder> walkMsgpack(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits);
/// Pickles of protocols 0-5 (Pyro4's pickle, dill and cloudpickle serializers): URIs are pickled objects whose
/// state BUILD sets; FRAME lengths follow the edits.
Result<PayloadEdits::Encoder> walkPickle(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits);

} // namespace rpcscope::pyroendpoints
