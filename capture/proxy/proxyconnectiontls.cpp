// ProxyConnection for TLS rules: the two handshakes in the order that lets an upstream failure reach the client
// as an alert, then plaintext between two TLS sessions. See the class comment in proxyconnection.h.
#include "proxyconnection.h"

#include "certs/certificatebuilder.h"
#include "proxytls.h"
#include "tlschannel.h"

#include <QSocketNotifier>

#include <openssl/ssl.h>

namespace rpcscope {

namespace {

const QString kTrustHint = QStringLiteral(
    "it does not trust RpcScope's CA (export it with 'rpcscope-cli ca --export FILE' and make the client trust "
    "it) or it pins the server's certificate");

// Alerts a client sends when it does not accept the certificate it was shown.
bool isCertificateAlert(int alert)
{
    switch (alert) {
    case SSL_AD_BAD_CERTIFICATE:
    case SSL_AD_UNSUPPORTED_CERTIFICATE:
    case SSL_AD_CERTIFICATE_REVOKED:
    case SSL_AD_CERTIFICATE_EXPIRED:
    case SSL_AD_CERTIFICATE_UNKNOWN:
    case SSL_AD_UNKNOWN_CA:
    case SSL_AD_ACCESS_DENIED:
        return true;
    default:
        return false;
    }
}

// OpenSSL's reasons when the other end sent something that is not TLS at all.
bool looksLikePlainBytes(const QString& reason)
{
    return reason.contains(QLatin1String("wrong version number")) || reason.contains(QLatin1String("http request"))
        || reason.contains(QLatin1String("packet length too long"))
        || reason.contains(QLatin1String("unknown protocol"));
}

bool isUp(TlsChannel::State state)
{
    return state == TlsChannel::State::Established || state == TlsChannel::State::PeerClosed;
}

} // namespace

void ProxyConnection::startTls()
{
    m_channels[Client] = TlsChannel::server(m_tls->clientContext());
    if (!m_channels[Client]) {
        m_counters.connectionsFailed++;
        reportTls(QStringLiteral("cannot start TLS for the client %1").arg(clientText()));
        closeAll(false);
        return;
    }
    m_connectTimer.start(connectTimeoutMs);
}

void ProxyConnection::receiveTls(int from, QByteArrayView ciphertext, double ts)
{
    m_channels[from]->receive(ciphertext);
    driveTls(from, ts);
}

void ProxyConnection::driveTls(int side, double ts)
{
    TlsChannel* channel = m_channels[side].get();
    if (!channel || m_finished)
        return;
    const TlsChannel::State before = channel->state();
    QByteArray plaintext;
    const TlsChannel::State state = channel->advance(plaintext);
    sendCiphertext(side); // handshake messages, alerts, KeyUpdate answers
    if (m_finished)
        return;
    if (state == TlsChannel::State::WaitingForCertificate && before != state) {
        onClientHello();
        return;
    }
    if (isUp(state) && !isUp(before)) {
        if (side == Upstream) {
            onUpstreamTlsReady();
        } else {
            m_tlsEstablished = true;
            m_connectTimer.stop();
            openStream(ts);
        }
        if (m_finished)
            return;
    }
    if (!plaintext.isEmpty())
        deliver(side, plaintext, ts);
    if (m_finished)
        return;
    if (state == TlsChannel::State::PeerClosed)
        endDirection(side, ts);
    else if (state == TlsChannel::State::Failed)
        onTlsFailed(side);
}

void ProxyConnection::sendCiphertext(int side)
{
    if (!m_channels[side] || m_finished)
        return;
    const QByteArray bytes = m_channels[side]->takeCiphertext();
    if (!bytes.isEmpty())
        queue(side, bytes);
}

void ProxyConnection::onClientHello()
{
    // The client's names are known: reach the upstream under them before answering.
    resolveAndConnect(m_rule.target);
}

void ProxyConnection::startUpstreamTls()
{
    Result<ssl_ctx_st*> context = m_tls->upstreamContext(m_rule.tls);
    if (!context) {
        failUpstream(context.error());
        return;
    }
    // The upstream must prove the name the client asked for; a client that gave none gets the --to host checked.
    const QString requested = m_channels[Client]->serverName();
    m_upstreamName = !requested.isEmpty() && certbuilder::checkName(requested) ? requested : m_target.host;
    QList<QByteArray> alpn = m_channels[Client]->offeredAlpn();
    if (alpn.contains(QByteArrayLiteral("http/1.1")))
        alpn = {QByteArrayLiteral("http/1.1")}; // the HTTP version RpcScope decodes, never h2
    m_channels[Upstream] = TlsChannel::client(*context, m_upstreamName, alpn);
    if (!m_channels[Upstream]) {
        failUpstream(QStringLiteral("cannot start TLS"));
        return;
    }
    m_sides[Upstream].readNotifier->setEnabled(true);
    driveTls(Upstream, wallClockSeconds());
}

void ProxyConnection::onUpstreamTlsReady()
{
    const QStringList names = certificateNames();
    Result<Certificate> certificate = m_tls->certificateFor(names);
    if (!certificate) {
        m_counters.connectionsFailed++;
        reportTls(QStringLiteral("cannot make a certificate for %1 (client %2): %3")
                      .arg(names.join(QStringLiteral(", ")), clientText(), certificate.error()));
        refuseClient();
        closeAll(false);
        return;
    }
    m_channels[Client]->resume(*certificate, m_tls->leafKey(), m_channels[Upstream]->selectedAlpn());
    driveTls(Client, wallClockSeconds());
}

QStringList ProxyConnection::certificateNames() const
{
    QStringList names;
    auto add = [&names](const QString& name) {
        if (!name.isEmpty() && !names.contains(name, Qt::CaseInsensitive) && certbuilder::checkName(name))
            names << name;
    };
    add(m_channels[Client]->serverName());
    if (names.isEmpty())
        add(m_localEndpoint.address); // no SNI: the client dialled an address, which it checks as an IP SAN
    add(m_target.host);
    return names;
}

void ProxyConnection::onTlsFailed(int side)
{
    TlsChannel& channel = *m_channels[side];
    m_counters.connectionsFailed++;
    if (side == Upstream && !m_tlsEstablished) {
        QString message = QStringLiteral("TLS handshake with %1 (as %2) failed for the client %3: %4")
                              .arg(m_target.toString(), m_upstreamName, clientText(), channel.failure());
        if (channel.verificationFailed())
            message += QStringLiteral("; trust its CA with --upstream-cacert FILE, or do not verify it with "
                                      "--upstream-insecure");
        else if (looksLikePlainBytes(channel.failure()))
            message += QStringLiteral("; does it speak TLS on that port?");
        else if (channel.peerAlert() >= 0)
            message += QStringLiteral(" (its alert: %1)").arg(channel.peerAlertText());
        reportTls(message);
        refuseClient();
        closeAll(false);
        return;
    }
    if (side == Client && !m_tlsEstablished) {
        const QString names = certificateNames().join(QStringLiteral(", "));
        if (isCertificateAlert(channel.peerAlert()))
            reportTls(QStringLiteral("the client %1 refused RpcScope's certificate for %2 (its alert: %3): %4")
                          .arg(clientText(), names, channel.peerAlertText(), kTrustHint));
        else if (!channel.clientHelloSeen())
            reportTls(QStringLiteral("the client %1 does not speak TLS (%2): is it using http:// or plain TCP?")
                          .arg(clientText(), channel.failure()));
        else
            reportTls(QStringLiteral("TLS handshake with the client %1 failed: %2%3")
                          .arg(clientText(), channel.failure(),
                               channel.peerAlert() >= 0
                                   ? QStringLiteral(" (its alert: %1)").arg(channel.peerAlertText())
                                   : QString()));
        if (m_channels[Upstream]) {
            m_channels[Upstream]->close();
            sendCiphertext(Upstream);
        }
        closeAll(false);
        return;
    }
    reportTls(
        QStringLiteral("TLS error with %1 for the client %2: %3")
            .arg(side == Client ? QStringLiteral("the client") : m_target.toString(), clientText(), channel.failure()));
    propagateReset(side, 0);
}

void ProxyConnection::onTlsHandshakeEof(int side)
{
    if (side == Upstream) {
        failUpstream(QStringLiteral("it closed the connection during the TLS handshake; does it speak TLS on that "
                                    "port?"));
        return;
    }
    // A client leaving before it saw a certificate (a port check, or it gave up waiting) is not news; one leaving
    // right after is how many clients refuse a certificate without an alert.
    if (m_channels[Client]->certificateSent()) {
        m_counters.connectionsFailed++;
        reportTls(QStringLiteral("the client %1 closed the connection during the TLS handshake, after RpcScope's "
                                 "certificate for %2: %3")
                      .arg(clientText(), certificateNames().join(QStringLiteral(", ")), kTrustHint));
    }
    if (m_channels[Upstream]) {
        m_channels[Upstream]->close();
        sendCiphertext(Upstream);
    }
    closeAll(false);
}

void ProxyConnection::refuseClient()
{
    TlsChannel* client = m_channels[Client].get();
    if (!client || client->state() != TlsChannel::State::WaitingForCertificate)
        return;
    client->refuse();
    QByteArray none;
    client->advance(none);
    sendCiphertext(Client);
}

void ProxyConnection::reportTls(const QString& message)
{
    Q_EMIT failed(message);
}

} // namespace rpcscope
