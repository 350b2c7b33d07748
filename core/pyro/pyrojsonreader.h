#pragma once

#include "decodelimits.h"
#include "pyvalue.h"

#include <QByteArrayView>

namespace rpcscope {

/// Reads the JSON that Pyro4's json serializer writes (Python's json module: UTF-8, NaN/Infinity/-Infinity allowed,
/// integers of any size). Our own scanner rather than QJsonDocument, because every value node needs its byte range
/// and big integers must keep their digits. Objects naming a "__class__" are tagged with it.
class PyroJsonReader
{
public:
    /// Parses `text`, whose first byte is at `base` in the tree's buffer; with `tree`, adds a `value` node.
    static PyReadResult parse(QByteArrayView text, qint64 base, const DecodeLimits& limits, DecodeNode* tree);
};

} // namespace rpcscope
