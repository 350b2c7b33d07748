#pragma once

#include <QString>

namespace rpcscope::tls {

/// The AEAD ciphers we can decrypt with (through libcrypto).
enum class AeadCipher : quint8 { Aes128Gcm, Aes256Gcm, ChaCha20Poly1305 };

/// What a cipher suite means for decryption: its cipher, key and IV sizes and the hash of its key schedule.
struct CipherSuite
{
    quint16 id = 0;
    /// IANA name, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256".
    const char* name = "";
    AeadCipher cipher = AeadCipher::Aes128Gcm;
    int keyBytes = 16;
    /// TLS 1.2: the implicit ("fixed") IV from the key block, 4 for GCM and 12 for ChaCha20; TLS 1.3: always 12.
    int fixedIvBytes = 4;
    /// TLS 1.2 GCM records carry an 8-byte explicit nonce; ChaCha20 and TLS 1.3 records none.
    int explicitNonceBytes = 8;
    /// "SHA256" or "SHA384": the PRF (TLS 1.2) or HKDF (TLS 1.3) hash.
    const char* hash = "SHA256";
    int hashBytes = 32;
    bool tls13 = false;
};

constexpr int kAeadTagBytes = 16;

/// The suite with this id when we can decrypt it: the TLS 1.3 suites 0x1301-0x1303 and the TLS 1.2 AEAD suites with
/// AES-GCM or ChaCha20-Poly1305 (ECDHE, DHE and RSA key exchange). Null otherwise.
const CipherSuite* findCipherSuite(quint16 id);
/// The IANA name of any suite we know a name for (also those we cannot decrypt), or "0xNNNN".
QString cipherSuiteName(quint16 id);

} // namespace rpcscope::tls
