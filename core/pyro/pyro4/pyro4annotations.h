#pragma once

#include "decodelimits.h"
#include "decodenode.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace rpcscope {

/// One annotation chunk: a 4-character id, a 2-byte length and the value bytes.
struct Pyro4Annotation
{
    QByteArray id;
    QByteArray value;
    /// Offset of the chunk's first byte in the message.
    qint64 offset = 0;
};

/// The annotation chunks between a Pyro4 header and its payload: CORR (correlation UUID), HMAC (HMAC-SHA1 of the
/// payload and the other annotations), BLBI (marshal-encoded blob info), STRM (iterator stream id) and any
/// 4-letter key user code adds.
class Pyro4Annotations
{
public:
    struct Parsed
    {
        std::vector<Pyro4Annotation> chunks;
        QString error;
        qint64 errorOffset = -1;
    };
    /// Reads the chunks in `bytes` (exactly the header's annotations size), whose first byte is at `base`.
    static Parsed read(QByteArrayView bytes, qint64 base);
    /// Adds an `annotations` node for the area [offset, offset+size) with one node per chunk.
    static void addTree(DecodeNode& parent, const Parsed& parsed, qint64 offset, qint64 size,
                        const DecodeLimits& limits);
    /// Writes chunks in the given order (Pyro sends them in dict insertion order, HMAC last).
    static QByteArray write(const std::vector<std::pair<QByteArray, QByteArray>>& chunks);
    /// 16 raw bytes as a UUID in its usual text form (8-4-4-4-12 hex digits).
    static QString uuidText(QByteArrayView bytes);
};

} // namespace rpcscope
