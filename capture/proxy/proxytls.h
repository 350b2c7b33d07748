#pragma once

#include "certs/certificateauthority.h"
#include "proxyrule.h"

#include <QFile>
#include <QHash>

#include <map>
#include <memory>

struct ssl_ctx_st;

namespace rpcscope {

/// What the recording proxy needs to terminate TLS, shared by all its connections: RpcScope's CA, one key for
/// every certificate it shows clients (made once at start: a key per host would cost a key generation per new
/// name for nothing), the certificates made so far by name, and the libssl contexts of both legs.
class ProxyTls
{
public:
    /// Most certificates kept; past it the cache starts again (they are cheap to make, a few hundred µs).
    static constexpr int kMaxCachedCertificates = 256;

    static Result<std::shared_ptr<ProxyTls>> create(std::shared_ptr<const CertificateAuthority> ca);
    ~ProxyTls();
    ProxyTls(const ProxyTls&) = delete;
    ProxyTls& operator=(const ProxyTls&) = delete;

    /// The context for the client-facing leg (server role): its ClientHello callback pauses each handshake so
    /// the connection can choose the certificate (see TlsChannel).
    ssl_ctx_st* clientContext() const { return m_clientContext; }
    /// The context for the upstream leg with `options`' verification, made on first use; the error names an
    /// unreadable CA file. Later calls with the same options return the same context.
    Result<ssl_ctx_st*> upstreamContext(const ProxyTlsOptions& options);

    /// A certificate for `names` (IP literals become IP SANs) signed by the CA, with leafKey(); cached by names.
    Result<Certificate> certificateFor(const QStringList& names);
    const PrivateKey& leafKey() const { return m_leafKey; }
    const CertificateAuthority& authority() const { return *m_ca; }

    /// Appends the secrets of both legs' sessions to `path` in the NSS key log format (as SSLKEYLOGFILE makes
    /// Python and curl do), so that a capture of the encrypted traffic can be decrypted too.
    Status setKeyLogFile(const QString& path);
    void logKey(const char* line);

private:
    ProxyTls() = default;

    std::shared_ptr<const CertificateAuthority> m_ca;
    PrivateKey m_leafKey;
    ssl_ctx_st* m_clientContext = nullptr;
    std::map<std::pair<QString, bool>, ssl_ctx_st*> m_upstreamContexts;
    QHash<QString, Certificate> m_certificates;
    QFile m_keyLog;
};

} // namespace rpcscope
