#include "tlsrecordopener.h"

#include "tlsrecord.h"

#include <QtEndian>

#include <cstring>

namespace rpcscope::tls {

std::optional<ProtectedLayout> protectedLayout(const CipherSuite& suite, qint64 wireLength)
{
    ProtectedLayout layout;
    layout.explicitNonceLength = suite.explicitNonceBytes;
    layout.encryptedOffset = kRecordHeaderBytes + suite.explicitNonceBytes;
    layout.encryptedLength = wireLength - layout.encryptedOffset - kAeadTagBytes;
    layout.tagOffset = wireLength - kAeadTagBytes;
    if (layout.encryptedLength < 0)
        return std::nullopt;
    return layout;
}

Result<RecordOpener> RecordOpener::create(const CipherSuite& suite, TrafficKeys keys)
{
    const int ivBytes = suite.tls13 ? kAeadNonceBytes : suite.fixedIvBytes;
    if (keys.key.size() != suite.keyBytes || keys.iv.size() != ivBytes)
        return Error {QStringLiteral("keys of the wrong size for %1").arg(QLatin1String(suite.name))};
    Result<AeadOpener> aead = AeadOpener::create(suite.cipher, keys.key);
    if (!aead)
        return Error {aead.error()};
    return RecordOpener(suite, std::move(keys), std::move(aead).value());
}

RecordOpener::Opened RecordOpener::open(QByteArrayView record, quint64 seq, QByteArray& out)
{
    Opened result;
    const std::optional<ProtectedLayout> layout = protectedLayout(*m_suite, record.size());
    if (!layout || record.size() < kRecordHeaderBytes) {
        result.outcome = Outcome::TooShort;
        return result;
    }
    uchar seqBytes[8];
    qToBigEndian(seq, seqBytes);
    uchar nonce[kAeadNonceBytes];
    if (m_suite->explicitNonceBytes > 0) {
        // AES-GCM in TLS 1.2: the 4-byte fixed IV, then the record's own 8 explicit bytes (usually, not always, the
        // sequence number).
        std::memcpy(nonce, m_keys.iv.constData(), 4);
        std::memcpy(nonce + 4, record.data() + layout->explicitNonceOffset, 8);
    } else {
        // ChaCha20-Poly1305 and TLS 1.3: the IV with the sequence number XORed into its last 8 bytes.
        std::memcpy(nonce, m_keys.iv.constData(), kAeadNonceBytes);
        for (int i = 0; i < 8; ++i)
            nonce[4 + i] ^= seqBytes[i];
    }
    const QByteArrayView encrypted = record.sliced(layout->encryptedOffset, layout->encryptedLength);
    const QByteArrayView tag = record.sliced(layout->tagOffset, kAeadTagBytes);
    if (m_suite->tls13) {
        // The additional data is the record header exactly as sent.
        if (!m_aead.open(nonce, record.first(kRecordHeaderBytes), encrypted, tag, out))
            return result;
        // The content ends at the last non-zero byte, which is the real content type; zeros after it are padding.
        qint64 end = encrypted.size();
        while (end > 0 && out[end - 1] == 0)
            --end;
        if (end == 0) {
            result.outcome = Outcome::NoContentType;
            return result;
        }
        result.outcome = Outcome::Opened;
        result.type = quint8(out[end - 1]);
        result.contentLength = end - 1;
        return result;
    }
    // TLS 1.2: seq ‖ type ‖ version ‖ length of the plaintext.
    uchar aad[13];
    std::memcpy(aad, seqBytes, 8);
    std::memcpy(aad + 8, record.data(), 3);
    qToBigEndian(quint16(encrypted.size()), aad + 11);
    if (!m_aead.open(nonce, QByteArrayView(reinterpret_cast<const char*>(aad), 13), encrypted, tag, out))
        return result;
    result.outcome = Outcome::Opened;
    result.type = quint8(record[0]);
    result.contentLength = encrypted.size();
    return result;
}

} // namespace rpcscope::tls
