#include "tlsciphersuite.h"

#include <array>

namespace rpcscope::tls {

namespace {

constexpr CipherSuite gcm128(quint16 id, const char* name)
{
    return {id, name, AeadCipher::Aes128Gcm, 16, 4, 8, "SHA256", 32, false};
}
constexpr CipherSuite gcm256(quint16 id, const char* name)
{
    return {id, name, AeadCipher::Aes256Gcm, 32, 4, 8, "SHA384", 48, false};
}
constexpr CipherSuite chacha(quint16 id, const char* name)
{
    return {id, name, AeadCipher::ChaCha20Poly1305, 32, 12, 0, "SHA256", 32, false};
}

constexpr std::array kSuites = {
    CipherSuite {0x1301, "TLS_AES_128_GCM_SHA256", AeadCipher::Aes128Gcm, 16, 12, 0, "SHA256", 32, true},
    CipherSuite {0x1302, "TLS_AES_256_GCM_SHA384", AeadCipher::Aes256Gcm, 32, 12, 0, "SHA384", 48, true},
    CipherSuite {0x1303, "TLS_CHACHA20_POLY1305_SHA256", AeadCipher::ChaCha20Poly1305, 32, 12, 0, "SHA256", 32, true},
    gcm128(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
    gcm256(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
    gcm128(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
    gcm256(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
    gcm128(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    gcm256(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    gcm128(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    gcm256(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    chacha(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    chacha(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
    chacha(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
};

// Suites clients commonly offer that we name but do not decrypt (CBC, CCM), so a refusal names them.
struct SuiteName
{
    quint16 id;
    const char* name;
};
constexpr std::array kOtherNames = {
    SuiteName {0x1304, "TLS_AES_128_CCM_SHA256"},
    SuiteName {0x1305, "TLS_AES_128_CCM_8_SHA256"},
    SuiteName {0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"},
    SuiteName {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
    SuiteName {0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"},
    SuiteName {0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
    SuiteName {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
    SuiteName {0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
    SuiteName {0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
    SuiteName {0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
    SuiteName {0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
    SuiteName {0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
    SuiteName {0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
    SuiteName {0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
    SuiteName {0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
    SuiteName {0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    SuiteName {0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
};

} // namespace

const CipherSuite* findCipherSuite(quint16 id)
{
    for (const CipherSuite& s : kSuites) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

QString cipherSuiteName(quint16 id)
{
    if (const CipherSuite* s = findCipherSuite(id))
        return QLatin1String(s->name);
    for (const SuiteName& s : kOtherNames) {
        if (s.id == id)
            return QLatin1String(s.name);
    }
    return QStringLiteral("0x%1").arg(id, 4, 16, QLatin1Char('0'));
}

} // namespace rpcscope::tls
