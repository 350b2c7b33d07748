#pragma once

#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

// libcrypto's own types (X509 and EVP_PKEY), declared here so that only the .cpp files include OpenSSL.
struct x509_st;
struct evp_pkey_st;

namespace rpcscope {

/// An X.509 certificate held by libcrypto. Immutable once made; copies share it.
class Certificate
{
public:
    Certificate() = default;
    /// Takes one reference to `x509`.
    static Certificate adopt(x509_st* x509);

    bool isNull() const { return !m_x509; }
    /// For libssl (the proxy) and libcrypto calls; valid while a copy of this object lives.
    x509_st* handle() const { return m_x509.get(); }

    QByteArray toPem() const;
    /// "CN=RpcScope CA, O=RpcScope".
    QString subject() const;
    QString issuer() const;
    /// "DNS:localhost", "IP:127.0.0.1", "IP:::1", in the order of the extension.
    QStringList subjectAltNames() const;
    QDateTime notBefore() const;
    QDateTime notAfter() const;
    /// SHA-256 of the DER encoding as colon-separated upper-case hex (what browsers and keytool show).
    QString sha256Fingerprint() const;
    /// A CA certificate that may sign others (basicConstraints CA:TRUE and, when present, keyCertSign).
    bool isCertificateAuthority() const;

    /// Every certificate in a PEM file, in file order; an error names the file and what is wrong with it.
    static Result<std::vector<Certificate>> readPemFile(const QString& path);
    static Result<std::vector<Certificate>> fromPem(const QByteArray& pem);

private:
    std::shared_ptr<x509_st> m_x509;
};

/// A private key held by libcrypto (EC P-256 when made here; any type libcrypto reads when loaded).
class PrivateKey
{
public:
    PrivateKey() = default;
    /// Takes ownership of `key`.
    static PrivateKey adopt(evp_pkey_st* key);
    /// A new EC P-256 key: fast to make (RSA takes tens of milliseconds) and accepted by every TLS client we meet.
    static Result<PrivateKey> generate();
    /// The first private key in a PEM file (PKCS#8, or the traditional RSA/EC forms), unencrypted.
    static Result<PrivateKey> readPemFile(const QString& path);
    static Result<PrivateKey> fromPem(const QByteArray& pem, const QString& origin);

    bool isNull() const { return !m_key; }
    evp_pkey_st* handle() const { return m_key.get(); }
    /// Unencrypted PKCS#8 PEM.
    QByteArray toPem() const;
    /// "EC", "RSA", "ED25519"...
    QString algorithm() const;
    /// True when `certificate` carries this key's public half.
    bool matches(const Certificate& certificate) const;

private:
    std::shared_ptr<evp_pkey_st> m_key;
};

/// What a TLS server presents: its certificate (first), the chain above it, and the key of the first.
struct ServerIdentity
{
    std::vector<Certificate> chain;
    PrivateKey key;

    /// Reads a certificate chain and its key from PEM files (`keyPath` may equal `certPath` when one file holds
    /// both) and checks that the key belongs to the first certificate.
    static Result<ServerIdentity> readPemFiles(const QString& certPath, const QString& keyPath);
};

} // namespace rpcscope
