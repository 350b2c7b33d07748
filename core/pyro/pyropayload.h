#pragma once

#include "decodelimits.h"
#include "pyro/pyroprotocol.h"
#include "pyvalue.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rpcscope {

/// A Pyro payload, whichever serializer wrote it: dispatches to the serpent, json, marshal, pickle and msgpack
/// readers, and inflates zlib-compressed payloads. The same for both protocol versions: their headers say which
/// serializer by number (pyro4::serializerFor, pyro5::serializerFor).
class PyroPayload
{
public:
    /// True for the serializers we can read (serpent, json, marshal, pickle, dill, cloudpickle, msgpack).
    static bool canRead(pyro::Serializer serializer);
    /// Reads a payload written by `serializer`; with `tree`, the reader's nodes go under it (a `value` node).
    static PyReadResult read(pyro::Serializer serializer, QByteArrayView bytes, qint64 base, const DecodeLimits& limits,
                             DecodeNode* tree);
    /// Inflates zlib data, refusing to produce more than `limit` bytes; `limitHit` (when given) tells that error
    /// apart from corrupt data.
    static Result<QByteArray> inflate(QByteArrayView compressed, qint64 limit, bool* limitHit = nullptr);
    /// Compresses with zlib as Python's zlib.compress does (at its default level unless `level` is given: Pyro5
    /// uses 4).
    static QByteArray deflate(QByteArrayView data, int level = -1);
};

} // namespace rpcscope
