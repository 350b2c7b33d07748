#include "servertls.h"

#include "endpoint.h"

#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

namespace rpcscope {

namespace {

// Kept on the socket between alertReceived and errorOccurred, so the report can say what the client said.
constexpr char kAlertProperty[] = "rpcscopeTlsAlert";

QString clientOf(const QSslSocket* socket)
{
    QHostAddress address = socket->peerAddress();
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        address = QHostAddress(v4);
    return Endpoint {address.toString(), socket->peerPort()}.toString();
}

// Not QSslServer: it drops a client whose first byte is not a TLS handshake without a word, and a test server
// should say that a client spoke plain HTTP to it. The handshake starts at once, so such a client fails it.
class TlsListener : public QTcpServer
{
public:
    TlsListener(const QSslConfiguration& configuration, std::function<void(const QString&)> refused, QObject* parent)
        : QTcpServer(parent)
        , m_configuration(configuration)
        , m_refused(std::move(refused))
    { }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto* socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        if (m_handshaking >= kMaxHandshakes) {
            m_refused(QStringLiteral("too many TLS handshakes at once (limit %1); %2 was closed")
                          .arg(kMaxHandshakes)
                          .arg(clientOf(socket)));
            socket->abort();
            socket->deleteLater();
            return;
        }
        ++m_handshaking;
        socket->setSslConfiguration(m_configuration);
        auto* deadline = new QTimer(socket);
        deadline->setSingleShot(true);
        auto done = [this, socket, deadline] {
            --m_handshaking;
            deadline->stop();
            socket->disconnect(this);
        };
        connect(deadline, &QTimer::timeout, this, [this, socket, done] {
            m_refused(QStringLiteral("TLS handshake with %1 failed: not complete within %2 s")
                          .arg(clientOf(socket))
                          .arg(kHandshakeTimeoutMs / 1000));
            done();
            socket->abort();
            socket->deleteLater();
        });
        connect(socket, &QSslSocket::alertReceived, this,
                [socket](QSsl::AlertLevel level, QSsl::AlertType, const QString& description) {
                    if (level == QSsl::AlertLevel::Fatal)
                        socket->setProperty(kAlertProperty, description);
                });
        connect(socket, &QSslSocket::encrypted, this, [this, socket, done] {
            done();
            addPendingConnection(socket); // pendingConnectionAvailable: the server takes it from here
        });
        connect(socket, &QAbstractSocket::errorOccurred, this,
                [this, socket, done](QAbstractSocket::SocketError error) {
                    done();
                    // A client that connects and leaves without a handshake (a port check) is not news.
                    if (!(error == QAbstractSocket::RemoteHostClosedError && socket->property(kAlertProperty).isNull()))
                        m_refused(describeFailure(socket));
                    socket->deleteLater();
                });
        socket->startServerEncryption();
        deadline->start(kHandshakeTimeoutMs);
    }

private:
    static constexpr int kMaxHandshakes = 1000;
    static constexpr int kHandshakeTimeoutMs = 10000;

    static QString describeFailure(const QSslSocket* socket)
    {
        const QString alert = socket->property(kAlertProperty).toString();
        QString text = QStringLiteral("TLS handshake with %1 failed: %2").arg(clientOf(socket), socket->errorString());
        if (!alert.isEmpty())
            text += QStringLiteral(" (the client sent the alert '%1': it does not trust the certificate)").arg(alert);
        else if (socket->errorString().contains(QLatin1String("http request"))
                 || socket->errorString().contains(QLatin1String("wrong version number")))
            text += QStringLiteral(" (the client does not speak TLS: plain HTTP to an https server?)");
        return text;
    }

    QSslConfiguration m_configuration;
    std::function<void(const QString&)> m_refused;
    int m_handshaking = 0;
};

} // namespace

Result<QSslConfiguration> serverTlsConfiguration(const ServerIdentity& identity)
{
    if (identity.chain.empty() || identity.key.isNull())
        return Error {QStringLiteral("a TLS server needs a certificate and its key")};
    QList<QSslCertificate> chain;
    for (const Certificate& c : identity.chain)
        chain << QSslCertificate(c.toPem(), QSsl::Pem);
    const QString algorithm = identity.key.algorithm();
    const QSsl::KeyAlgorithm qtAlgorithm = algorithm == QLatin1String("EC") ? QSsl::Ec
        : algorithm == QLatin1String("RSA")                                 ? QSsl::Rsa
        : algorithm == QLatin1String("DSA")                                 ? QSsl::Dsa
                                                                            : QSsl::Opaque;
    QSslKey key;
    if (qtAlgorithm != QSsl::Opaque)
        key = QSslKey(identity.key.toPem(), qtAlgorithm, QSsl::Pem, QSsl::PrivateKey);
    if (key.isNull())
        return Error {QStringLiteral("Qt cannot use a %1 key for a TLS server; give an RSA or EC key").arg(algorithm)};
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

QTcpServer* makeListener(const std::optional<QSslConfiguration>& tls, QObject* parent,
                         std::function<void(const QString&)> refused)
{
    if (!tls)
        return new QTcpServer(parent);
    return new TlsListener(*tls, std::move(refused), parent);
}

} // namespace rpcscope
