#pragma once

#include "certs/certificate.h"

namespace rpcscope {

/// RpcScope's own certificate authority: made on first use, per installation (never shipped), and kept in a
/// directory as two files:
///   rpcscope-ca.pem       its private key and certificate, readable by the owner only (0600);
///   rpcscope-ca-cert.pem  its certificate alone: the file users tell their clients to trust.
/// It signs the certificates the TLS-terminating proxy shows its clients and the test servers' certificates.
///
/// Usage: `auto ca = CertificateAuthority::open(dir); if (!ca) …; ca->issue({"localhost", "127.0.0.1"}, key)`.
class CertificateAuthority
{
public:
    static constexpr char kKeyFileName[] = "rpcscope-ca.pem";
    static constexpr char kCertificateFileName[] = "rpcscope-ca-cert.pem";

    /// The shared application data directory of rpcscope and rpcscope-cli ("~/.local/share/rpcscope" on Linux).
    static QString defaultDirectory();
    /// Loads the CA kept in `directory` (the default directory when empty), making it first when there is none.
    /// Two processes starting at once agree on one CA. Fails with a sentence naming the file when the key is
    /// readable by others, does not match the certificate, or the certificate is not a CA or has expired.
    static Result<CertificateAuthority> open(const QString& directory = {});

    QString directory() const { return m_directory; }
    /// The file holding the key and certificate (0600).
    QString keyPath() const;
    /// The file holding the certificate alone.
    QString certificatePath() const;
    /// Made by this call to open() (not found on disk).
    bool isNew() const { return m_new; }
    const Certificate& certificate() const { return m_certificate; }

    /// A server certificate for `names` (host names or IP literals; the first is the CN) carrying `key`'s public
    /// key, signed by this CA. See certbuilder::makeLeaf for its profile.
    Result<Certificate> issue(const QStringList& names, const PrivateKey& key) const;
    /// A new key and a certificate for it (a test server's identity).
    Result<ServerIdentity> issueServerIdentity(const QStringList& names) const;

private:
    static Result<CertificateAuthority> load(const QString& directory);
    static Result<CertificateAuthority> create(const QString& directory);
    Status writeCertificateFile() const;

    QString m_directory;
    Certificate m_certificate;
    PrivateKey m_key;
    bool m_new = false;
};

} // namespace rpcscope
