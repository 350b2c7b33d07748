#include "pyromessagebuilder.h"

#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroannotations.h"
#include "pyro/pyropayload.h"

namespace rpcscope {

PyroMessageBuilder& PyroMessageBuilder::setType(quint16 type)
{
    m_type = type;
    return *this;
}

PyroMessageBuilder& PyroMessageBuilder::setFlags(quint16 flags)
{
    m_flags = flags;
    return *this;
}

PyroMessageBuilder& PyroMessageBuilder::setSeq(quint16 seq)
{
    m_seq = seq;
    return *this;
}

PyroMessageBuilder& PyroMessageBuilder::setSerializer(quint16 serializerId)
{
    m_serializer = serializerId;
    return *this;
}

PyroMessageBuilder& PyroMessageBuilder::addAnnotation(const QByteArray& id, const QByteArray& value)
{
    m_annotations.emplace_back(id, value);
    return *this;
}

PyroMessageBuilder& PyroMessageBuilder::setPayload(const QByteArray& payload)
{
    m_payload = payload;
    return *this;
}

PyroMessageBuilder& PyroMessageBuilder::setCompress(bool compress)
{
    m_compress = compress;
    return *this;
}

PyroMessageBuilder& PyroMessageBuilder::setCorrelationId(const QByteArray& id)
{
    m_correlationId = id;
    return *this;
}

Result<QByteArray> PyroMessageBuilder::build() const
{
    const bool pyro5 = m_version == 5;
    const qint64 chunkHeader = 4 + PyroAnnotations::lengthBytes(m_version);
    qint64 annotationsSize = 0;
    for (const auto& [id, value] : m_annotations) {
        if (id.size() != 4)
            return Error {
                QStringLiteral("annotation key must be 4 characters, not \"%1\"").arg(QString::fromLatin1(id))};
        if (!pyro5 && value.size() > 0xFFFF)
            return Error {QStringLiteral("annotation %1 is longer than 65535 bytes").arg(QString::fromLatin1(id))};
        annotationsSize += chunkHeader + value.size();
    }
    if (!pyro5 && annotationsSize > 0xFFFF)
        return Error {
            QStringLiteral("annotations total %1 bytes, more than the header's 16 bits allow").arg(annotationsSize)};
    QByteArray payload = m_payload;
    quint16 flags = m_flags;
    if (pyro5) {
        // Pyro5 compresses every payload past 100 bytes at level 4, even when that makes it larger.
        if (m_compress && payload.size() > 100) {
            payload = PyroPayload::deflate(payload, 4);
            flags |= pyro5::FlagCompressed;
        }
    } else if (m_compress && payload.size() >= 200) {
        const QByteArray compressed = PyroPayload::deflate(payload);
        if (!compressed.isEmpty() && compressed.size() < payload.size()) {
            payload = compressed;
            flags |= pyro4::FlagCompressed;
        }
    }
    QByteArray out;
    if (pyro5) {
        if (payload.size() + annotationsSize > 0xFFFFFFFFLL)
            return Error {QStringLiteral("payload of %1 bytes is beyond Pyro5's 4 GiB limit").arg(payload.size())};
        if (!m_correlationId.isEmpty() && m_correlationId.size() != 16)
            return Error {QStringLiteral("a correlation id has 16 bytes, not %1").arg(m_correlationId.size())};
        Pyro5Header h;
        h.type = static_cast<quint8>(m_type);
        h.serializerId = static_cast<quint8>(m_serializer);
        h.flags = flags;
        h.seq = m_seq;
        h.dataSize = static_cast<quint32>(payload.size());
        h.annotationsSize = static_cast<quint32>(annotationsSize);
        if (!m_correlationId.isEmpty()) {
            h.correlationId = m_correlationId;
            h.flags |= pyro5::FlagCorrelationId;
        }
        out = h.toBytes();
    } else {
        if (payload.size() > 0x7FFFFFFF)
            return Error {QStringLiteral("payload of %1 bytes is beyond Pyro4's 2 GiB limit").arg(payload.size())};
        Pyro4Header h;
        h.type = m_type;
        h.flags = flags;
        h.seq = m_seq;
        h.dataSize = static_cast<qint32>(payload.size());
        h.serializerId = m_serializer;
        h.annotationsSize = static_cast<quint16>(annotationsSize);
        out = h.toBytes();
    }
    out.reserve(out.size() + annotationsSize + payload.size());
    out += PyroAnnotations::write(m_annotations, m_version);
    out += payload;
    return out;
}

} // namespace rpcscope
