#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace rpcscope::tls {

/// Record content types (RFC 8446 §5.1; 24 is the heartbeat extension's).
enum class ContentType : quint8 {
    ChangeCipherSpec = 20,
    Alert = 21,
    Handshake = 22,
    ApplicationData = 23,
    Heartbeat = 24,
};

constexpr qint64 kRecordHeaderBytes = 5;
/// Largest plaintext fragment (2^14) and largest protected record we accept (2^14 + 256, TLS 1.3's bound; the AEAD
/// suites of TLS 1.2 add at most 24 bytes). A longer length is a desynchronised stream or a forged header.
constexpr qint64 kMaxPlaintextBytes = 16384;
constexpr qint64 kMaxRecordBytes = 16384 + 256;

/// The 5-byte header in front of every record.
struct RecordHeader
{
    quint8 type = 0;
    quint16 version = 0;
    quint16 length = 0;

    qint64 wireLength() const { return kRecordHeaderBytes + length; }
};

/// The header at the start of `bytes`, or nothing when fewer than 5 bytes are there. Not validated.
std::optional<RecordHeader> readRecordHeader(QByteArrayView bytes);
/// Why `header` cannot start a TLS record (unknown type, not version 3.x, longer than kMaxRecordBytes); empty when
/// it can.
QString recordHeaderProblem(const RecordHeader& header);
inline bool isPlausibleRecordHeader(const RecordHeader& header)
{
    return recordHeaderProblem(header).isEmpty();
}

/// "handshake", "application_data", ... or "unknown (N)".
QString contentTypeName(quint8 type);
/// "TLS 1.2", "TLS 1.3", "SSL 3.0", or "0x7f1c" for anything else.
QString versionName(quint16 version);

/// What the first bytes a client sent say about TLS.
enum class TlsSniff {
    NotTls,
    NeedMore, ///< too few bytes to tell
    ClientHello, ///< a handshake record whose first message is a ClientHello: a connection we can follow
    Records, ///< plausible records but no ClientHello (a capture that started after the handshake)
};
/// Looks at the first bytes of one direction. A ClientHello needs 6 bytes to be recognised, other records 5.
TlsSniff sniffTls(QByteArrayView first);

/// Offset in `bytes` of the first position where a plausible record header starts and, when enough bytes follow,
/// another plausible header follows that record; -1 when there is none. Used to find records again after a gap.
qint64 findRecordStart(QByteArrayView bytes);

} // namespace rpcscope::tls
