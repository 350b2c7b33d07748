#include "tlschannel.h"

#include "certs/opensslerror.h"

#include <QHostAddress>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace rpcscope {

namespace {

constexpr int kReadBuffer = 16 * 1024; // one TLS record's worth of plaintext

bool isIpLiteral(const QString& name)
{
    return QHostAddress().setAddress(name);
}

void infoCallback(const SSL* ssl, int where, int value)
{
    if (!(where & SSL_CB_READ_ALERT))
        return;
    const int description = value & 0xff;
    if (description != SSL_AD_CLOSE_NOTIFY)
        if (TlsChannel* channel = TlsChannel::fromSsl(ssl))
            channel->onAlert(description);
}

// Bounds-checked reads of the ClientHello extensions (their bytes come from the network).
QString parseServerName(const unsigned char* data, size_t length)
{
    // server_name_list: length(2), then entries of type(1) length(2) name; only host_name (0) exists.
    if (length < 5)
        return {};
    const size_t listLength = size_t(data[0]) << 8 | data[1];
    if (listLength + 2 > length || data[2] != 0)
        return {};
    const size_t nameLength = size_t(data[3]) << 8 | data[4];
    if (nameLength == 0 || 5 + nameLength > length || nameLength > 255)
        return {};
    return QString::fromLatin1(reinterpret_cast<const char*>(data + 5), qsizetype(nameLength));
}

QList<QByteArray> parseAlpn(const unsigned char* data, size_t length)
{
    QList<QByteArray> out;
    if (length < 2)
        return out;
    const size_t listLength = size_t(data[0]) << 8 | data[1];
    if (listLength + 2 > length)
        return out;
    size_t at = 2;
    while (at < listLength + 2) {
        const size_t size = data[at];
        if (size == 0 || at + 1 + size > listLength + 2)
            break;
        out << QByteArray(reinterpret_cast<const char*>(data + at + 1), qsizetype(size));
        at += 1 + size;
    }
    return out;
}

QByteArray alpnWireFormat(const QList<QByteArray>& protocols)
{
    QByteArray out;
    for (const QByteArray& p : protocols) {
        if (p.isEmpty() || p.size() > 255)
            continue;
        out += char(p.size());
        out += p;
    }
    return out;
}

} // namespace

TlsChannel::TlsChannel(ssl_st* ssl, bool serverRole)
    : m_ssl(ssl)
    , m_serverRole(serverRole)
{
    SSL_set_bio(m_ssl, BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
    SSL_set_app_data(m_ssl, this);
    SSL_set_info_callback(m_ssl, infoCallback);
}

TlsChannel::~TlsChannel()
{
    SSL_free(m_ssl);
}

std::unique_ptr<TlsChannel> TlsChannel::server(ssl_ctx_st* context)
{
    SSL* ssl = SSL_new(context);
    if (!ssl)
        return nullptr;
    std::unique_ptr<TlsChannel> channel(new TlsChannel(ssl, true));
    SSL_set_accept_state(ssl);
    return channel;
}

std::unique_ptr<TlsChannel> TlsChannel::client(ssl_ctx_st* context, const QString& serverName,
                                               const QList<QByteArray>& alpn)
{
    SSL* ssl = SSL_new(context);
    if (!ssl)
        return nullptr;
    std::unique_ptr<TlsChannel> channel(new TlsChannel(ssl, false));
    SSL_set_connect_state(ssl);
    const QByteArray name = serverName.toLatin1();
    // RFC 6066: no IP literals in SNI; such a server is checked against its IP address SANs instead.
    if (!isIpLiteral(serverName))
        SSL_set_tlsext_host_name(ssl, name.constData());
    if (SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) {
        if (isIpLiteral(serverName))
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.constData());
        else
            SSL_set1_host(ssl, name.constData());
    }
    const QByteArray wire = alpnWireFormat(alpn);
    if (!wire.isEmpty())
        SSL_set_alpn_protos(ssl, reinterpret_cast<const unsigned char*>(wire.constData()), unsigned(wire.size()));
    ERR_clear_error();
    return channel;
}

TlsChannel* TlsChannel::fromSsl(const ssl_st* ssl)
{
    return static_cast<TlsChannel*>(SSL_get_app_data(ssl));
}

void TlsChannel::receive(QByteArrayView ciphertext)
{
    if (!ciphertext.isEmpty())
        BIO_write(SSL_get_rbio(m_ssl), ciphertext.data(), int(ciphertext.size()));
}

TlsChannel::State TlsChannel::advance(QByteArray& plaintext)
{
    if (m_state == State::Handshaking) {
        ERR_clear_error();
        const int done = SSL_do_handshake(m_ssl);
        if (done == 1) {
            m_state = State::Established;
            flushPending();
        } else {
            const int error = SSL_get_error(m_ssl, done);
            if (error == SSL_ERROR_WANT_CLIENT_HELLO_CB)
                m_state = State::WaitingForCertificate;
            else if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE)
                fail(error);
            return m_state;
        }
    }
    if (m_state != State::Established)
        return m_state;
    char buffer[kReadBuffer];
    for (;;) {
        ERR_clear_error();
        const int n = SSL_read(m_ssl, buffer, sizeof(buffer));
        if (n > 0) {
            plaintext.append(buffer, n);
            continue;
        }
        const int error = SSL_get_error(m_ssl, n);
        if (error == SSL_ERROR_ZERO_RETURN)
            m_state = State::PeerClosed;
        else if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE)
            fail(error);
        break;
    }
    return m_state;
}

void TlsChannel::send(QByteArrayView plaintext)
{
    if (m_closed || plaintext.isEmpty())
        return;
    m_pendingPlaintext.append(plaintext);
    if (m_state == State::Established || m_state == State::PeerClosed)
        flushPending();
}

void TlsChannel::flushPending()
{
    // Memory BIOs grow, so a write never waits for the peer: it completes or fails.
    qsizetype at = 0;
    while (at < m_pendingPlaintext.size()) {
        ERR_clear_error();
        const int n = SSL_write(m_ssl, m_pendingPlaintext.constData() + at,
                                int(std::min<qsizetype>(m_pendingPlaintext.size() - at, 1 << 30)));
        if (n <= 0) {
            fail(SSL_get_error(m_ssl, n));
            break;
        }
        at += n;
    }
    m_pendingPlaintext.clear();
}

void TlsChannel::close()
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_state == State::Established || m_state == State::PeerClosed) {
        ERR_clear_error();
        SSL_shutdown(m_ssl);
        ERR_clear_error();
    }
}

QByteArray TlsChannel::takeCiphertext()
{
    BIO* out = SSL_get_wbio(m_ssl);
    const size_t pending = BIO_ctrl_pending(out);
    if (pending == 0)
        return {};
    QByteArray bytes(qsizetype(pending), Qt::Uninitialized);
    const int n = BIO_read(out, bytes.data(), int(pending));
    bytes.resize(std::max(0, n));
    if (m_serverRole && m_hello == HelloStep::Certificate && !bytes.isEmpty())
        m_certificateSent = true;
    return bytes;
}

void TlsChannel::fail(int sslError)
{
    m_state = State::Failed;
    QString reason = takeOpenSslErrors();
    if (!m_serverRole && (SSL_get_verify_mode(m_ssl) & SSL_VERIFY_PEER)) {
        const long verify = SSL_get_verify_result(m_ssl);
        if (verify != X509_V_OK) {
            m_verificationFailed = true;
            reason = QStringLiteral("certificate verify failed: %1")
                         .arg(QString::fromLatin1(X509_verify_cert_error_string(verify)));
        }
    }
    if (reason.isEmpty())
        reason = sslError == SSL_ERROR_SYSCALL ? QStringLiteral("the TLS session ended unexpectedly")
                                               : QStringLiteral("TLS error %1").arg(sslError);
    m_failure = reason;
}

QString TlsChannel::peerAlertText() const
{
    return m_peerAlert < 0 ? QString() : QString::fromLatin1(SSL_alert_desc_string_long(m_peerAlert));
}

QString TlsChannel::describeSession() const
{
    return QStringLiteral("%1 %2").arg(QString::fromLatin1(SSL_get_version(m_ssl)),
                                       QString::fromLatin1(SSL_get_cipher_name(m_ssl)));
}

void TlsChannel::resume(const Certificate& certificate, const PrivateKey& key, const QByteArray& alpn)
{
    m_certificate = certificate;
    m_key = key;
    m_alpnChoice = alpn;
    m_hello = HelloStep::Certificate;
    if (m_state == State::WaitingForCertificate)
        m_state = State::Handshaking;
}

void TlsChannel::refuse()
{
    m_hello = HelloStep::Refused;
    if (m_state == State::WaitingForCertificate)
        m_state = State::Handshaking;
}

QByteArray TlsChannel::selectedAlpn() const
{
    const unsigned char* data = nullptr;
    unsigned int length = 0;
    SSL_get0_alpn_selected(m_ssl, &data, &length);
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(length));
}

int TlsChannel::onClientHello(int* alert)
{
    switch (m_hello) {
    case HelloStep::NotSeen: {
        const unsigned char* data = nullptr;
        size_t length = 0;
        if (SSL_client_hello_get0_ext(m_ssl, TLSEXT_TYPE_server_name, &data, &length) == 1)
            m_serverName = parseServerName(data, length);
        if (SSL_client_hello_get0_ext(m_ssl, TLSEXT_TYPE_application_layer_protocol_negotiation, &data, &length) == 1)
            m_offeredAlpn = parseAlpn(data, length);
        m_hello = HelloStep::Paused;
        return SSL_CLIENT_HELLO_RETRY;
    }
    case HelloStep::Paused:
        return SSL_CLIENT_HELLO_RETRY;
    case HelloStep::Refused:
        *alert = SSL_AD_HANDSHAKE_FAILURE;
        return SSL_CLIENT_HELLO_ERROR;
    case HelloStep::Certificate:
        // Called again after a HelloRetryRequest: installing the same certificate twice is harmless.
        if (SSL_use_certificate(m_ssl, m_certificate.handle()) != 1 || SSL_use_PrivateKey(m_ssl, m_key.handle()) != 1) {
            *alert = SSL_AD_INTERNAL_ERROR;
            return SSL_CLIENT_HELLO_ERROR;
        }
        return SSL_CLIENT_HELLO_SUCCESS;
    }
    return SSL_CLIENT_HELLO_ERROR;
}

int TlsChannel::onAlpnSelect(const unsigned char** out, unsigned char* outLength, const unsigned char* in,
                             unsigned int inLength)
{
    // Only what the upstream agreed to, and only if this client offered it too. `in` is the protocol list without
    // its two length bytes.
    unsigned int at = 0;
    while (!m_alpnChoice.isEmpty() && at < inLength) {
        const unsigned int size = in[at];
        if (size == 0 || at + 1 + size > inLength)
            break;
        if (QByteArrayView(reinterpret_cast<const char*>(in + at + 1), size) == m_alpnChoice) {
            *out = in + at + 1;
            *outLength = static_cast<unsigned char>(size);
            return SSL_TLSEXT_ERR_OK;
        }
        at += 1 + size;
    }
    return SSL_TLSEXT_ERR_NOACK;
}

void TlsChannel::onAlert(int alert)
{
    m_peerAlert = alert;
}

} // namespace rpcscope
