#include "tlscrypto.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <cstring>
#include <vector>

namespace rpcscope::tls {

namespace {

QString openSslError(const char* what)
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("%1 failed in libcrypto").arg(QLatin1String(what));
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    return QStringLiteral("%1 failed in libcrypto: %2").arg(QLatin1String(what), QString::fromLatin1(text));
}

struct KdfFree
{
    void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
    void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

// OpenSSL's parameter API takes non-const pointers; it does not write through them for input parameters.
void* mutableBytes(QByteArrayView bytes)
{
    return const_cast<char*>(bytes.data());
}

Result<QByteArray> derive(const char* kdfName, const std::vector<OSSL_PARAM>& params, int length, const char* what)
{
    std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, kdfName, nullptr));
    if (!kdf)
        return Error {openSslError(what)};
    std::unique_ptr<EVP_KDF_CTX, KdfFree> ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx)
        return Error {openSslError(what)};
    QByteArray out(length, Qt::Uninitialized);
    if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), size_t(length), params.data()) != 1)
        return Error {openSslError(what)};
    return out;
}

const EVP_CIPHER* cipherOf(AeadCipher cipher)
{
    switch (cipher) {
    case AeadCipher::Aes128Gcm:
        return EVP_aes_128_gcm();
    case AeadCipher::Aes256Gcm:
        return EVP_aes_256_gcm();
    case AeadCipher::ChaCha20Poly1305:
        return EVP_chacha20_poly1305();
    }
    return nullptr;
}

} // namespace

Result<QByteArray> tls12Prf(const char* hash, QByteArrayView secret, QByteArrayView label, QByteArrayView seed,
                            int length)
{
    // The seed parameters concatenate (providers/implementations/kdfs/tls1_prf.c): label first, then the seed.
    std::vector<OSSL_PARAM> params = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(hash), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, mutableBytes(secret), size_t(secret.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, mutableBytes(label), size_t(label.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, mutableBytes(seed), size_t(seed.size())),
        OSSL_PARAM_construct_end(),
    };
    return derive("TLS1-PRF", params, length, "the TLS 1.2 PRF");
}

Result<QByteArray> hkdfExpandLabel(const char* hash, QByteArrayView secret, QByteArrayView label, int length)
{
    // struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255> = ""; } HkdfLabel
    QByteArray info;
    info.append(char(length >> 8));
    info.append(char(length & 0xff));
    info.append(char(6 + label.size()));
    info.append("tls13 ");
    info.append(label.data(), label.size());
    info.append(char(0));
    int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
    std::vector<OSSL_PARAM> params = {
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(hash), 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, mutableBytes(secret), size_t(secret.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), size_t(info.size())),
        OSSL_PARAM_construct_end(),
    };
    return derive("HKDF", params, length, "HKDF-Expand-Label");
}

void AeadOpener::Free::operator()(EVP_CIPHER_CTX* ctx) const
{
    EVP_CIPHER_CTX_free(ctx);
}

AeadOpener::AeadOpener(AeadOpener&&) noexcept = default;
AeadOpener& AeadOpener::operator=(AeadOpener&&) noexcept = default;
AeadOpener::~AeadOpener() = default;

Result<AeadOpener> AeadOpener::create(AeadCipher cipher, QByteArrayView key)
{
    AeadOpener opener;
    opener.m_ctx.reset(EVP_CIPHER_CTX_new());
    const EVP_CIPHER* evp = cipherOf(cipher);
    if (!opener.m_ctx || !evp)
        return Error {openSslError("creating the AEAD cipher")};
    if (EVP_CIPHER_get_key_length(evp) != key.size())
        return Error {QStringLiteral("a %1-byte key for a cipher that takes %2")
                          .arg(key.size())
                          .arg(EVP_CIPHER_get_key_length(evp))};
    if (EVP_DecryptInit_ex2(opener.m_ctx.get(), evp, reinterpret_cast<const unsigned char*>(key.data()), nullptr,
                            nullptr)
            != 1
        || EVP_CIPHER_CTX_ctrl(opener.m_ctx.get(), EVP_CTRL_AEAD_SET_IVLEN, kAeadNonceBytes, nullptr) != 1)
        return Error {openSslError("keying the AEAD cipher")};
    if (cipher != AeadCipher::ChaCha20Poly1305)
        opener.m_fixedIv = FixedIv::Unset;
    return opener;
}

bool AeadOpener::openWithFixedIv(const uchar (&nonce)[kAeadNonceBytes], QByteArrayView tag)
{
    EVP_CIPHER_CTX* ctx = m_ctx.get();
    if (m_fixedIv == FixedIv::Unset) {
        std::memcpy(m_fixed, nonce, sizeof m_fixed);
        const OSSL_PARAM fixed[] = {
            OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TLS1_IV_FIXED, m_fixed, sizeof m_fixed),
            OSSL_PARAM_construct_end(),
        };
        m_fixedIv = EVP_CIPHER_CTX_set_params(ctx, fixed) == 1 ? FixedIv::Set : FixedIv::Refused;
        ERR_clear_error();
    }
    if (m_fixedIv != FixedIv::Set || std::memcmp(m_fixed, nonce, sizeof m_fixed) != 0)
        return false;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TLS1_SET_IV_INV, const_cast<uchar*>(nonce + 4),
                                          kAeadNonceBytes - 4),
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, const_cast<char*>(tag.data()),
                                          size_t(tag.size())),
        OSSL_PARAM_construct_end(),
    };
    if (EVP_CIPHER_CTX_set_params(ctx, params) == 1)
        return true;
    ERR_clear_error();
    m_fixedIv = FixedIv::Refused;
    return false;
}

bool AeadOpener::open(const uchar (&nonce)[kAeadNonceBytes], QByteArrayView aad, QByteArrayView ciphertext,
                      QByteArrayView tag, QByteArray& out)
{
    EVP_CIPHER_CTX* ctx = m_ctx.get();
    out.resize(ciphertext.size());
    int n = 0;
    // The expected tag goes in with the nonce: one parameter pass per record instead of a separate control call
    // (on small records OpenSSL 3's per-call parameter handling costs more than the cipher's own work).
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, const_cast<char*>(tag.data()),
                                          size_t(tag.size())),
        OSSL_PARAM_construct_end(),
    };
    const bool ready = openWithFixedIv(nonce, tag) || EVP_DecryptInit_ex2(ctx, nullptr, nullptr, nonce, params) == 1;
    bool ok = ready
        && EVP_DecryptUpdate(ctx, nullptr, &n, reinterpret_cast<const unsigned char*>(aad.data()), int(aad.size()))
            == 1;
    if (ok && !ciphertext.isEmpty()) {
        ok = EVP_DecryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &n,
                               reinterpret_cast<const unsigned char*>(ciphertext.data()), int(ciphertext.size()))
            == 1;
    }
    int final = 0;
    ok = ok && EVP_DecryptFinal_ex(ctx, reinterpret_cast<unsigned char*>(out.data()) + n, &final) == 1;
    if (!ok)
        ERR_clear_error();
    return ok;
}

} // namespace rpcscope::tls
