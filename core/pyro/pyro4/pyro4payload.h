#pragma once

#include "decodelimits.h"
#include "pyro/pyvalue.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rpcscope {

/// A Pyro4 payload, whichever serializer wrote it: dispatches to the serpent, json, marshal, pickle and msgpack
/// readers, and inflates zlib-compressed payloads.
class Pyro4Payload
{
public:
    /// True for the serializers we can read (serpent, json, marshal, pickle, dill, cloudpickle, msgpack).
    static bool canRead(quint16 serializerId);
    /// Reads a payload of serializer `serializerId`; with `tree`, the reader's nodes go under it (a `value` node).
    static PyReadResult read(quint16 serializerId, QByteArrayView bytes, qint64 base, const DecodeLimits& limits,
                             DecodeNode* tree);
    /// Inflates zlib data, refusing to produce more than `limit` bytes; `limitHit` (when given) tells that error
    /// apart from corrupt data.
    static Result<QByteArray> inflate(QByteArrayView compressed, qint64 limit, bool* limitHit = nullptr);
    /// Compresses with zlib as Python's zlib.compress does (default level).
    static QByteArray deflate(QByteArrayView data);
};

} // namespace rpcscope
