#include "tlsrecord.h"

#include <QtEndian>

namespace rpcscope::tls {

std::optional<RecordHeader> readRecordHeader(QByteArrayView bytes)
{
    if (bytes.size() < kRecordHeaderBytes)
        return std::nullopt;
    const auto* p = reinterpret_cast<const uchar*>(bytes.data());
    return RecordHeader {p[0], qFromBigEndian<quint16>(p + 1), qFromBigEndian<quint16>(p + 3)};
}

QString recordHeaderProblem(const RecordHeader& header)
{
    if (header.type < quint8(ContentType::ChangeCipherSpec) || header.type > quint8(ContentType::Heartbeat))
        return QStringLiteral("content type %1 is not a TLS record type").arg(header.type);
    // Record versions are 3.0 to 3.3; TLS 1.3 still writes 3.3 (0x0303), and ClientHellos often 3.1.
    if ((header.version >> 8) != 3 || (header.version & 0xff) > 4)
        return QStringLiteral("record version 0x%1 is not TLS").arg(header.version, 4, 16, QLatin1Char('0'));
    if (header.length > kMaxRecordBytes)
        return QStringLiteral("record length %1 exceeds the TLS limit of %2 bytes")
            .arg(header.length)
            .arg(kMaxRecordBytes);
    return {};
}

QString contentTypeName(quint8 type)
{
    switch (ContentType(type)) {
    case ContentType::ChangeCipherSpec:
        return QStringLiteral("change_cipher_spec");
    case ContentType::Alert:
        return QStringLiteral("alert");
    case ContentType::Handshake:
        return QStringLiteral("handshake");
    case ContentType::ApplicationData:
        return QStringLiteral("application_data");
    case ContentType::Heartbeat:
        return QStringLiteral("heartbeat");
    }
    return QStringLiteral("unknown (%1)").arg(type);
}

QString versionName(quint16 version)
{
    switch (version) {
    case 0x0300:
        return QStringLiteral("SSL 3.0");
    case 0x0301:
        return QStringLiteral("TLS 1.0");
    case 0x0302:
        return QStringLiteral("TLS 1.1");
    case 0x0303:
        return QStringLiteral("TLS 1.2");
    case 0x0304:
        return QStringLiteral("TLS 1.3");
    }
    return QStringLiteral("0x%1").arg(version, 4, 16, QLatin1Char('0'));
}

TlsSniff sniffTls(QByteArrayView first)
{
    const std::optional<RecordHeader> header = readRecordHeader(first);
    if (!header) {
        // Rule out early what cannot become a record, so plain protocols are passed on without delay.
        if (!first.isEmpty() && (quint8(first[0]) < 20 || quint8(first[0]) > 24))
            return TlsSniff::NotTls;
        if (first.size() >= 2 && quint8(first[1]) != 3)
            return TlsSniff::NotTls;
        return TlsSniff::NeedMore;
    }
    if (!isPlausibleRecordHeader(*header) || header->length == 0)
        return TlsSniff::NotTls;
    if (header->type == quint8(ContentType::Handshake)) {
        if (first.size() < kRecordHeaderBytes + 1)
            return TlsSniff::NeedMore;
        if (quint8(first[kRecordHeaderBytes]) == 1)
            return TlsSniff::ClientHello;
    }
    // Only application data and alerts are likely first bytes of a connection joined late; a stray 0x14 or 0x16
    // byte in a binary protocol followed by 03 0x is not enough to call it TLS.
    if (header->type == quint8(ContentType::ApplicationData) && header->version == 0x0303)
        return TlsSniff::Records;
    return TlsSniff::NotTls;
}

qint64 findRecordStart(QByteArrayView bytes)
{
    for (qint64 at = 0; at + kRecordHeaderBytes <= bytes.size(); ++at) {
        const std::optional<RecordHeader> header = readRecordHeader(bytes.sliced(at));
        if (!isPlausibleRecordHeader(*header) || header->length == 0)
            continue;
        const qint64 next = at + header->wireLength();
        if (next + kRecordHeaderBytes <= bytes.size()) {
            const std::optional<RecordHeader> following = readRecordHeader(bytes.sliced(next));
            if (!isPlausibleRecordHeader(*following))
                continue;
        }
        return at;
    }
    return -1;
}

} // namespace rpcscope::tls
