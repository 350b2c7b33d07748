#pragma once

#include "result.h"

#include <QByteArray>

#include <utility>
#include <vector>

namespace rpcscope {

/// Assembles one Pyro4 message: the 24-byte header (checksum computed), the annotation chunks and the payload,
/// compressing the payload with zlib the way Pyro does when asked (only from 200 bytes, and only if smaller).
class Pyro4MessageBuilder
{
public:
    Pyro4MessageBuilder& setType(quint16 type);
    Pyro4MessageBuilder& setFlags(quint16 flags);
    Pyro4MessageBuilder& setSeq(quint16 seq);
    Pyro4MessageBuilder& setSerializer(quint16 serializerId);
    /// Adds an annotation chunk; `id` must be 4 ASCII characters, the value at most 65535 bytes.
    Pyro4MessageBuilder& addAnnotation(const QByteArray& id, const QByteArray& value);
    Pyro4MessageBuilder& setPayload(const QByteArray& payload);
    Pyro4MessageBuilder& setCompress(bool compress);

    /// The message bytes, or what makes them impossible (a bad annotation, sizes beyond Pyro's limits).
    Result<QByteArray> build() const;

private:
    quint16 m_type = 0;
    quint16 m_flags = 0;
    quint16 m_seq = 0;
    quint16 m_serializer = 1;
    std::vector<std::pair<QByteArray, QByteArray>> m_annotations;
    QByteArray m_payload;
    bool m_compress = false;
};

} // namespace rpcscope
