#pragma once

#include "certs/certificate.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

struct ssl_st;
struct ssl_ctx_st;

namespace rpcscope {

/// One TLS session over memory buffers (libssl with two memory BIOs): ciphertext goes in and out as bytes, and so
/// does plaintext. The proxy moves the ciphertext over its own non-blocking descriptors, so half-closes and
/// back-pressure stay where they are (see ProxyConnection); QSslSocket cannot be used there because it closes both
/// directions when the peer closes one, and QSslServer cannot pick a certificate per SNI name.
///
/// As a server (towards a client) the handshake pauses once the ClientHello is read (`WaitingForCertificate`):
/// the proxy learns the SNI name and ALPN offer, reaches the upstream, then calls `resume` with the certificate
/// to present, or `refuse`, which answers the client with a handshake_failure alert.
class TlsChannel
{
public:
    enum class State {
        Handshaking,
        /// Server role: the ClientHello is read; the handshake waits for resume() or refuse().
        WaitingForCertificate,
        Established,
        /// The peer sent close_notify: no more plaintext from it.
        PeerClosed,
        Failed,
    };

    /// Server role. `context` must come from ProxyTls (its ClientHello and ALPN callbacks drive the pause).
    static std::unique_ptr<TlsChannel> server(ssl_ctx_st* context);
    /// Client role: `serverName` is sent as SNI (unless it is an IP literal) and, unless the context does not
    /// verify, checked against the certificate (a DNS name or an IP address); `alpn` is offered when not empty.
    static std::unique_ptr<TlsChannel> client(ssl_ctx_st* context, const QString& serverName,
                                              const QList<QByteArray>& alpn);
    ~TlsChannel();
    TlsChannel(const TlsChannel&) = delete;
    TlsChannel& operator=(const TlsChannel&) = delete;

    /// Ciphertext from the peer.
    void receive(QByteArrayView ciphertext);
    /// Moves the handshake on and decrypts what has arrived, appending the plaintext to `plaintext`.
    State advance(QByteArray& plaintext);
    /// Encrypts `plaintext` for the peer (held until the handshake is done).
    void send(QByteArrayView plaintext);
    /// Sends close_notify (once); plaintext may still arrive from the peer.
    void close();
    /// Ciphertext to write to the peer, taken out of the channel.
    QByteArray takeCiphertext();

    State state() const { return m_state; }
    /// Why the handshake or the session failed: OpenSSL's reason, and for a client the certificate problem.
    QString failure() const { return m_failure; }
    /// The alert the peer sent (an SSL_AD_* code), or -1.
    int peerAlert() const { return m_peerAlert; }
    /// "unknown CA", "certificate unknown"...: the peer's alert in words, empty without one.
    QString peerAlertText() const;
    /// Server role: our certificate has gone out (the client has seen it).
    bool certificateSent() const { return m_certificateSent; }
    /// Client role: verification failed (as opposed to another handshake failure).
    bool verificationFailed() const { return m_verificationFailed; }
    /// "TLSv1.3 TLS_AES_256_GCM_SHA384" once established.
    QString describeSession() const;

    /// Server role: a ClientHello was read (the peer speaks TLS).
    bool clientHelloSeen() const { return m_hello != HelloStep::NotSeen; }
    /// Server role: the SNI name the client sent (empty without), and the ALPN protocols it offered.
    QString serverName() const { return m_serverName; }
    const QList<QByteArray>& offeredAlpn() const { return m_offeredAlpn; }
    /// Server role: continue the paused handshake presenting `certificate` (signed for the client's names), and
    /// select `alpn` if the client offered it (empty: no ALPN answer).
    void resume(const Certificate& certificate, const PrivateKey& key, const QByteArray& alpn);
    /// Server role: end the paused handshake with a handshake_failure alert (the upstream failed).
    void refuse();
    /// Client role: the protocol the server selected by ALPN, empty without.
    QByteArray selectedAlpn() const;

    // libssl callbacks (installed by ProxyTls on the server context); public so the C callbacks can reach them.
    int onClientHello(int* alert);
    int onAlpnSelect(const unsigned char** out, unsigned char* outLength, const unsigned char* in,
                     unsigned int inLength);
    void onAlert(int alert);
    static TlsChannel* fromSsl(const ssl_st* ssl);

private:
    enum class HelloStep { NotSeen, Paused, Certificate, Refused };

    TlsChannel(ssl_st* ssl, bool serverRole);
    void fail(int sslError);
    void flushPending();

    ssl_st* m_ssl = nullptr;
    bool m_serverRole = false;
    State m_state = State::Handshaking;
    HelloStep m_hello = HelloStep::NotSeen;
    QString m_failure;
    int m_peerAlert = -1;
    bool m_certificateSent = false;
    bool m_verificationFailed = false;
    bool m_closed = false;
    QByteArray m_pendingPlaintext;
    QString m_serverName;
    QList<QByteArray> m_offeredAlpn;
    QByteArray m_alpnChoice;
    Certificate m_certificate;
    PrivateKey m_key;
};

} // namespace rpcscope
