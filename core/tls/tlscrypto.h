#pragma once

#include "result.h"
#include "tlsciphersuite.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>

typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;

namespace rpcscope::tls {

// The four primitives TLS decryption needs, all from OpenSSL's libcrypto: nothing cryptographic is written here.

/// The TLS 1.2 PRF (RFC 5246 §5) over `hash` ("SHA256" or "SHA384"): `length` bytes of
/// P_hash(secret, label ‖ seed).
Result<QByteArray> tls12Prf(const char* hash, QByteArrayView secret, QByteArrayView label, QByteArrayView seed,
                            int length);
/// HKDF-Expand-Label(secret, label, "", length) of TLS 1.3 (RFC 8446 §7.1): HKDF-Expand with the HkdfLabel built
/// here ("tls13 " + label, empty context).
Result<QByteArray> hkdfExpandLabel(const char* hash, QByteArrayView secret, QByteArrayView label, int length);

constexpr int kAeadNonceBytes = 12;

/// One AEAD key, ready to open records: the cipher context is keyed once and given a new nonce per record (which
/// keeps the key schedule), as OpenSSL documents for EVP_DecryptInit_ex2.
class AeadOpener
{
public:
    static Result<AeadOpener> create(AeadCipher cipher, QByteArrayView key);
    AeadOpener(AeadOpener&&) noexcept;
    AeadOpener& operator=(AeadOpener&&) noexcept;
    ~AeadOpener();

    /// Decrypts `ciphertext` into `out` (resized to its length) and checks `tag` over it and `aad`. False when the
    /// tag does not match (a wrong key, a wrong sequence number, or bytes changed on the way); `out` is then
    /// meaningless.
    bool open(const uchar (&nonce)[kAeadNonceBytes], QByteArrayView aad, QByteArrayView ciphertext, QByteArrayView tag,
              QByteArray& out);

private:
    AeadOpener() = default;
    struct Free
    {
        void operator()(EVP_CIPHER_CTX* ctx) const;
    };
    std::unique_ptr<EVP_CIPHER_CTX, Free> m_ctx;
    /// AES-GCM: the nonce's first 4 bytes are the same for every record under a key (TLS 1.2's fixed IV, TLS 1.3's
    /// IV before the sequence number), so OpenSSL is told them once and given only the other 8 per record, which
    /// spares a full re-initialisation per record. Unset until the first record; Refused if OpenSSL declines.
    enum class FixedIv : quint8 { NotGcm, Unset, Set, Refused };
    FixedIv m_fixedIv = FixedIv::NotGcm;
    uchar m_fixed[4] = {};
    bool openWithFixedIv(const uchar (&nonce)[kAeadNonceBytes], QByteArrayView tag);
};

} // namespace rpcscope::tls
