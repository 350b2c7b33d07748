#pragma once

#include "result.h"
#include "tlsciphersuite.h"
#include "tlscrypto.h"
#include "tlskeyschedule.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rpcscope::tls {

/// Where a protected record's parts lie, relative to the record's first header byte.
struct ProtectedLayout
{
    qint64 explicitNonceOffset = 5;
    qint64 explicitNonceLength = 0;
    qint64 encryptedOffset = 5;
    /// Encrypted bytes: the content, and in TLS 1.3 the inner content type and padding after it.
    qint64 encryptedLength = 0;
    qint64 tagOffset = 0;
};
/// The layout of a protected record of `wireLength` bytes (header included); nothing when it is too short to hold
/// an explicit nonce and a tag.
std::optional<ProtectedLayout> protectedLayout(const CipherSuite& suite, qint64 wireLength);

/// Opens the protected records of one direction under one key: builds each record's nonce and additional data
/// (RFC 5288 for AES-GCM in TLS 1.2, RFC 7905 for ChaCha20-Poly1305, RFC 8446 §5.2-5.3 for TLS 1.3) and checks the
/// tag. A pure function of the key, the sequence number and the record's bytes.
class RecordOpener
{
public:
    static Result<RecordOpener> create(const CipherSuite& suite, TrafficKeys keys);

    enum class Outcome {
        Opened,
        TooShort, ///< shorter than an explicit nonce plus a tag
        BadTag, ///< authentication failed: another key, another sequence number, or changed bytes
        NoContentType, ///< TLS 1.3: the plaintext is all padding, without an inner content type
    };
    struct Opened
    {
        Outcome outcome = Outcome::BadTag;
        /// The content type: the header's in TLS 1.2, the inner one in TLS 1.3.
        quint8 type = 0;
        /// The decrypted content: `content` bytes at the start of the output buffer.
        qint64 contentLength = 0;
    };
    /// Opens `record` (header included) as sequence number `seq`, decrypting into `out`.
    Opened open(QByteArrayView record, quint64 seq, QByteArray& out);

    const CipherSuite& suite() const { return *m_suite; }

private:
    RecordOpener(const CipherSuite& suite, TrafficKeys keys, AeadOpener aead)
        : m_suite(&suite)
        , m_keys(std::move(keys))
        , m_aead(std::move(aead))
    { }

    const CipherSuite* m_suite;
    TrafficKeys m_keys;
    AeadOpener m_aead;
};

} // namespace rpcscope::tls
