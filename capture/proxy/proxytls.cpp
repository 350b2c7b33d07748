#include "proxytls.h"

#include "certs/opensslerror.h"
#include "tlschannel.h"

#include <QFile>

#include <openssl/ssl.h>

namespace rpcscope {

namespace {

int clientHelloCallback(SSL* ssl, int* alert, void*)
{
    TlsChannel* channel = TlsChannel::fromSsl(ssl);
    if (!channel) {
        *alert = SSL_AD_INTERNAL_ERROR;
        return SSL_CLIENT_HELLO_ERROR;
    }
    return channel->onClientHello(alert);
}

int alpnSelectCallback(SSL* ssl, const unsigned char** out, unsigned char* outLength, const unsigned char* in,
                       unsigned int inLength, void*)
{
    TlsChannel* channel = TlsChannel::fromSsl(ssl);
    return channel ? channel->onAlpnSelect(out, outLength, in, inLength) : SSL_TLSEXT_ERR_NOACK;
}

void keyLogCallback(const SSL* ssl, const char* line)
{
    if (auto* tls = static_cast<ProxyTls*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl))))
        tls->logKey(line);
}

} // namespace

Result<std::shared_ptr<ProxyTls>> ProxyTls::create(std::shared_ptr<const CertificateAuthority> ca)
{
    if (!ca)
        return Error {QStringLiteral("TLS needs RpcScope's certificate authority")};
    std::shared_ptr<ProxyTls> tls(new ProxyTls);
    tls->m_ca = std::move(ca);
    Result<PrivateKey> key = PrivateKey::generate();
    if (!key)
        return Error {key.error()};
    tls->m_leafKey = std::move(*key);
    SSL_CTX* context = SSL_CTX_new(TLS_server_method());
    if (!context)
        return Error {QStringLiteral("cannot set up TLS: %1").arg(takeOpenSslErrors())};
    tls->m_clientContext = context;
    SSL_CTX_set_app_data(context, tls.get());
    SSL_CTX_set_client_hello_cb(context, clientHelloCallback, nullptr);
    SSL_CTX_set_alpn_select_cb(context, alpnSelectCallback, nullptr);
    // Each connection is a fresh handshake: resumption would only add state to keep per client.
    SSL_CTX_set_num_tickets(context, 0);
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_options(context, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION);
    return tls;
}

ProxyTls::~ProxyTls()
{
    SSL_CTX_free(m_clientContext);
    for (auto& [options, context] : m_upstreamContexts)
        SSL_CTX_free(context);
}

Result<ssl_ctx_st*> ProxyTls::upstreamContext(const ProxyTlsOptions& options)
{
    const std::pair<QString, bool> key {options.upstreamInsecure ? QString() : options.upstreamCaFile,
                                        options.upstreamInsecure};
    if (auto it = m_upstreamContexts.find(key); it != m_upstreamContexts.end())
        return it->second;
    if (!options.upstreamInsecure && !options.upstreamCaFile.isEmpty()) {
        // Read it ourselves first: a sentence naming the file beats OpenSSL's "no certificate or crl found".
        Result<std::vector<Certificate>> certificates = Certificate::readPemFile(options.upstreamCaFile);
        if (!certificates)
            return Error {certificates.error()};
    }
    SSL_CTX* context = SSL_CTX_new(TLS_client_method());
    if (!context)
        return Error {QStringLiteral("cannot set up TLS: %1").arg(takeOpenSslErrors())};
    if (options.upstreamInsecure) {
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
    } else {
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
        // Like curl --cacert, the given file replaces the system's CAs.
        const int loaded = options.upstreamCaFile.isEmpty()
            ? SSL_CTX_set_default_verify_paths(context)
            : SSL_CTX_load_verify_file(context, QFile::encodeName(options.upstreamCaFile).constData());
        if (loaded != 1) {
            const QString why = takeOpenSslErrors();
            SSL_CTX_free(context);
            return Error {options.upstreamCaFile.isEmpty()
                              ? QStringLiteral("cannot load the system's CA certificates: %1").arg(why)
                              : QStringLiteral("cannot use %1 as CA file: %2").arg(options.upstreamCaFile, why)};
        }
    }
    SSL_CTX_set_app_data(context, this);
    if (m_keyLog.isOpen())
        SSL_CTX_set_keylog_callback(context, keyLogCallback);
    m_upstreamContexts.emplace(key, context);
    return context;
}

Status ProxyTls::setKeyLogFile(const QString& path)
{
    m_keyLog.close();
    m_keyLog.setFileName(path);
    if (!m_keyLog.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        return Error {QStringLiteral("cannot write the TLS key log %1: %2").arg(path, m_keyLog.errorString())};
    SSL_CTX_set_keylog_callback(m_clientContext, keyLogCallback);
    for (auto& [options, context] : m_upstreamContexts)
        SSL_CTX_set_keylog_callback(context, keyLogCallback);
    return Done {};
}

void ProxyTls::logKey(const char* line)
{
    // One line per secret, flushed at once: a capture being decoded live reads the file as it grows.
    m_keyLog.write(line);
    m_keyLog.write("\n");
    m_keyLog.flush();
}

Result<Certificate> ProxyTls::certificateFor(const QStringList& names)
{
    const QString key = names.join(QLatin1Char(','));
    if (auto it = m_certificates.constFind(key); it != m_certificates.cend())
        return it.value();
    Result<Certificate> made = m_ca->issue(names, m_leafKey);
    if (!made)
        return made;
    if (m_certificates.size() >= kMaxCachedCertificates)
        m_certificates.clear();
    m_certificates.insert(key, *made);
    return made;
}

} // namespace rpcscope
