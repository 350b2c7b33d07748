#pragma once

#include "result.h"

#include <QByteArray>

#include <utility>
#include <vector>

namespace rpcscope {

/// Assembles one Pyro message of protocol version 4 or 5: the header (Pyro4's checksum or Pyro5's magic number and
/// correlation id), the annotation chunks and the payload, compressing the payload with zlib the way that version
/// does when asked (Pyro4 only from 200 bytes and only if smaller; Pyro5 past 100 bytes, at level 4, always).
class PyroMessageBuilder
{
public:
    explicit PyroMessageBuilder(int version = 4)
        : m_version(version)
    { }
    PyroMessageBuilder& setType(quint16 type);
    /// The flags as the version numbers them (compression and Pyro5's CORR_ID are added by build()).
    PyroMessageBuilder& setFlags(quint16 flags);
    PyroMessageBuilder& setSeq(quint16 seq);
    /// The serializer id as the version numbers it.
    PyroMessageBuilder& setSerializer(quint16 serializerId);
    /// Adds an annotation chunk; `id` must be 4 ASCII characters (Pyro4: the value at most 65535 bytes).
    PyroMessageBuilder& addAnnotation(const QByteArray& id, const QByteArray& value);
    PyroMessageBuilder& setPayload(const QByteArray& payload);
    PyroMessageBuilder& setCompress(bool compress);
    /// Pyro5: the 16 bytes of a correlation UUID, set in the header with flag CORR_ID; empty for none.
    PyroMessageBuilder& setCorrelationId(const QByteArray& id);

    /// The message bytes, or what makes them impossible (a bad annotation, sizes beyond the version's limits).
    Result<QByteArray> build() const;

private:
    int m_version;
    quint16 m_type = 0;
    quint16 m_flags = 0;
    quint16 m_seq = 0;
    quint16 m_serializer = 1;
    std::vector<std::pair<QByteArray, QByteArray>> m_annotations;
    QByteArray m_payload;
    QByteArray m_correlationId;
    bool m_compress = false;
};

} // namespace rpcscope
