#pragma once

#include "decodelimits.h"
#include "decodenode.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace rpcscope {

/// One annotation chunk: a 4-character id, a length and the value bytes.
struct PyroAnnotation
{
    QByteArray id;
    QByteArray value;
    /// Offset of the chunk's first byte in the message.
    qint64 offset = 0;
};

/// The annotation chunks between a Pyro header and its payload. Pyro4 writes each as a 4-letter id, a 16-bit length
/// and the value; Pyro5 with a 32-bit length. Pyro uses CORR (Pyro4: the correlation UUID, which Pyro5 keeps in its
/// header), HMAC (Pyro4: HMAC-SHA1 of the payload and the other annotations), BLBI (marshal-encoded blob info) and
/// STRM (iterator stream id); programs add any 4-letter key of their own.
class PyroAnnotations
{
public:
    struct Parsed
    {
        std::vector<PyroAnnotation> chunks;
        QString error;
        qint64 errorOffset = -1;
    };
    /// Bytes of a chunk's length field: 2 in Pyro4, 4 in Pyro5.
    static int lengthBytes(int version) { return version == 5 ? 4 : 2; }
    /// Reads the chunks in `bytes` (exactly the header's annotations size), whose first byte is at `base`, as
    /// protocol `version` (4 or 5) writes them.
    static Parsed read(QByteArrayView bytes, qint64 base, int version);
    /// Adds an `annotations` node for the area [offset, offset+size) with one node per chunk.
    static void addTree(DecodeNode& parent, const Parsed& parsed, qint64 offset, qint64 size, int version,
                        const DecodeLimits& limits);
    /// Writes chunks in the given order (Pyro sends them in dict insertion order, HMAC last).
    static QByteArray write(const std::vector<std::pair<QByteArray, QByteArray>>& chunks, int version);
    /// 16 raw bytes as a UUID in its usual text form (8-4-4-4-12 hex digits).
    static QString uuidText(QByteArrayView bytes);
};

} // namespace rpcscope
