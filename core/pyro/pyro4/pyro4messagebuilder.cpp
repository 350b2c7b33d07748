#include "pyro4messagebuilder.h"

#include "pyro4annotations.h"
#include "pyro4header.h"
#include "pyro4payload.h"

namespace rpcscope {

Pyro4MessageBuilder& Pyro4MessageBuilder::setType(quint16 type)
{
    m_type = type;
    return *this;
}

Pyro4MessageBuilder& Pyro4MessageBuilder::setFlags(quint16 flags)
{
    m_flags = flags;
    return *this;
}

Pyro4MessageBuilder& Pyro4MessageBuilder::setSeq(quint16 seq)
{
    m_seq = seq;
    return *this;
}

Pyro4MessageBuilder& Pyro4MessageBuilder::setSerializer(quint16 serializerId)
{
    m_serializer = serializerId;
    return *this;
}

Pyro4MessageBuilder& Pyro4MessageBuilder::addAnnotation(const QByteArray& id, const QByteArray& value)
{
    m_annotations.emplace_back(id, value);
    return *this;
}

Pyro4MessageBuilder& Pyro4MessageBuilder::setPayload(const QByteArray& payload)
{
    m_payload = payload;
    return *this;
}

Pyro4MessageBuilder& Pyro4MessageBuilder::setCompress(bool compress)
{
    m_compress = compress;
    return *this;
}

Result<QByteArray> Pyro4MessageBuilder::build() const
{
    qint64 annotationsSize = 0;
    for (const auto& [id, value] : m_annotations) {
        if (id.size() != 4)
            return Error {
                QStringLiteral("annotation key must be 4 characters, not \"%1\"").arg(QString::fromLatin1(id))};
        if (value.size() > 0xFFFF)
            return Error {QStringLiteral("annotation %1 is longer than 65535 bytes").arg(QString::fromLatin1(id))};
        annotationsSize += 6 + value.size();
    }
    if (annotationsSize > 0xFFFF)
        return Error {
            QStringLiteral("annotations total %1 bytes, more than the header's 16 bits allow").arg(annotationsSize)};
    QByteArray payload = m_payload;
    quint16 flags = m_flags;
    if (m_compress && payload.size() >= 200) {
        const QByteArray compressed = Pyro4Payload::deflate(payload);
        if (!compressed.isEmpty() && compressed.size() < payload.size()) {
            payload = compressed;
            flags |= pyro4::FlagCompressed;
        }
    }
    if (payload.size() > 0x7FFFFFFF)
        return Error {QStringLiteral("payload of %1 bytes is beyond Pyro4's 2 GiB limit").arg(payload.size())};
    Pyro4Header h;
    h.type = m_type;
    h.flags = flags;
    h.seq = m_seq;
    h.dataSize = static_cast<qint32>(payload.size());
    h.serializerId = m_serializer;
    h.annotationsSize = static_cast<quint16>(annotationsSize);
    QByteArray out = h.toBytes();
    out.reserve(out.size() + annotationsSize + payload.size());
    out += Pyro4Annotations::write(m_annotations);
    out += payload;
    return out;
}

} // namespace rpcscope
