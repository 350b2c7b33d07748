#pragma once
// Every format that nests values, with a way to write `depth` levels of nesting and to read it back under given
// limits. Shared by the depth-limit tests.

#include "decodelimits.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <vector>

namespace rpcscope::test {

struct NestingFormat
{
    QString name;
    /// A well-formed message nesting `depth` containers around one scalar.
    std::function<QByteArray(int depth)> nest;
    /// Reads the bytes; returns the first problem (empty when they were read completely).
    std::function<QString(const QByteArray& bytes, const DecodeLimits& limits)> read;
};

std::vector<NestingFormat> nestingFormats();

/// True when XML-RPC requests are decoded (the decoder may still be a placeholder in this checkout).
bool xmlRpcDecoderAvailable();

} // namespace rpcscope::test
