#include "callexchange.h"

#include "certs/certificate.h"
#include "client/pyroexchange.h"
#include "client/xmlrpcexchange.h"

#include <QEventLoop>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

namespace rpcscope {

CallExchange::CallExchange(ComposedCall call, QObject* parent)
    : QObject(parent)
    , m_call(std::move(call))
    , m_timeout(new QTimer(this))
{
    qRegisterMetaType<rpcscope::CallOutcome>("rpcscope::CallOutcome");
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        fail(CallOutcomeKind::Timeout,
             QStringLiteral("no complete reply from %1 within %2 ms")
                 .arg(m_peer.isEmpty() ? m_call.endpoint : m_peer)
                 .arg(m_call.timeoutMs));
    });
}

CallExchange::~CallExchange() = default;

CallExchange* CallExchange::create(const ComposedCall& call, QObject* parent)
{
    if (call.isPyro())
        return new PyroExchange(call, parent);
    return new XmlRpcExchange(call, parent);
}

CallOutcome CallExchange::run(const ComposedCall& call)
{
    CallOutcome outcome;
    bool done = false;
    QEventLoop loop;
    std::unique_ptr<CallExchange> exchange(create(call));
    connect(exchange.get(), &CallExchange::finished, &loop, [&](const CallOutcome& o) {
        outcome = o;
        done = true;
        loop.quit();
    });
    exchange->start();
    if (!done)
        loop.exec();
    return outcome;
}

void CallExchange::start()
{
    m_clock.start();
    if (m_call.timeoutMs > 0)
        m_timeout->start(m_call.timeoutMs);
    begin();
}

void CallExchange::connectTo(const QString& host, quint16 port, bool tls)
{
    m_peer = QStringLiteral("%1:%2").arg(host).arg(port);
    if (tls) {
        if (!QSslSocket::supportsSsl())
            return fail(CallOutcomeKind::BadRequest, QStringLiteral("TLS is not available in this build of Qt"));
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        if (m_call.insecure) {
            configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        } else if (!m_call.caFile.isEmpty()) {
            // Read with libcrypto for an error that says what is wrong with the file; Qt would just find nothing.
            Result<std::vector<Certificate>> authorities = Certificate::readPemFile(m_call.caFile);
            if (!authorities)
                return fail(CallOutcomeKind::BadRequest, authorities.error());
            QList<QSslCertificate> trusted;
            for (const Certificate& c : *authorities)
                trusted << QSslCertificate(c.toPem(), QSsl::Pem);
            configuration.setCaCertificates(trusted); // replaces the system's, like curl --cacert
        }
        auto* ssl = new QSslSocket(this);
        ssl->setSslConfiguration(configuration);
        m_socket = ssl;
        connect(ssl, &QSslSocket::encrypted, this, [this] { connected(); });
        connect(ssl, &QSslSocket::sslErrors, this, [this, ssl](const QList<QSslError>& errors) {
            // VerifyNone skips the chain but Qt still reports a host name mismatch: insecure means no checks.
            if (m_call.insecure)
                ssl->ignoreSslErrors();
            else
                rejectCertificate(*ssl, errors);
        });
        ssl->connectToHostEncrypted(host, port);
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, [this] { connected(); });
        m_socket->connectToHost(host, port);
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QTcpSocket::readyRead, this, [this] {
        m_received += m_socket->readAll();
        if (!m_done)
            received(false);
    });
    connect(m_socket, &QTcpSocket::errorOccurred, this, &CallExchange::onSocketError);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_received += m_socket->readAll();
        if (!m_done)
            received(true);
    });
}

void CallExchange::onSocketError()
{
    if (m_done)
        return;
    switch (m_socket->error()) {
    case QAbstractSocket::ConnectionRefusedError:
        return fail(CallOutcomeKind::Refused, QStringLiteral("connection refused by %1").arg(m_peer));
    case QAbstractSocket::RemoteHostClosedError:
        m_received += m_socket->readAll();
        return received(true);
    case QAbstractSocket::HostNotFoundError:
        return fail(CallOutcomeKind::TransportError, QStringLiteral("host not found: %1").arg(m_peer));
    case QAbstractSocket::SocketTimeoutError:
        return fail(CallOutcomeKind::Timeout, QStringLiteral("%1 timed out").arg(m_peer));
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
        return fail(CallOutcomeKind::TransportError,
                    QStringLiteral("TLS handshake with %1 failed: %2").arg(m_peer, m_socket->errorString()));
    default:
        return fail(CallOutcomeKind::TransportError,
                    QStringLiteral("network error with %1: %2").arg(m_peer, m_socket->errorString()));
    }
}

void CallExchange::rejectCertificate(const QSslSocket& socket, const QList<QSslError>& errors)
{
    QStringList problems;
    for (const QSslError& e : errors) {
        if (!problems.contains(e.errorString()))
            problems << e.errorString();
    }
    const QSslCertificate certificate = socket.peerCertificate();
    const QString subject = certificate.isNull()
        ? QString()
        : QStringLiteral(" (%1, issued by %2)").arg(certificate.subjectDisplayName(), certificate.issuerDisplayName());
    CallOutcome outcome;
    outcome.kind = CallOutcomeKind::TransportError;
    outcome.certificateRejected = true;
    outcome.error = QStringLiteral("the TLS certificate of %1%2 is not accepted: %3")
                        .arg(m_peer, subject, problems.join(QStringLiteral("; ")));
    finish(std::move(outcome));
}

void CallExchange::fail(CallOutcomeKind kind, const QString& error)
{
    CallOutcome outcome;
    outcome.kind = kind;
    outcome.error = error;
    finish(std::move(outcome));
}

void CallExchange::finish(CallOutcome outcome)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout->stop();
    outcome.elapsedMs = elapsedMs();
    if (!outcome.request)
        outcome.request = m_request;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    Q_EMIT finished(outcome);
}

} // namespace rpcscope
