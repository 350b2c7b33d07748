#pragma once

#include "client/composedcall.h"

#include <QElapsedTimer>
#include <QObject>

class QSslError;
class QSslSocket;
class QTcpSocket;
class QTimer;

namespace rpcscope {

/// Sends one composed call and reports how it ended, without blocking: the base of the XML-RPC and Pyro4
/// exchanges. Every way it can end becomes a `CallOutcome` (refused, timeout, HTTP error, fault, exception...),
/// emitted exactly once through `finished`.
///
/// Usage: `auto* x = CallExchange::create(call, this); connect(x, &CallExchange::finished, …); x->start();`
/// or, from code that may block (the CLI, replays), `CallExchange::run(call)`.
class CallExchange : public QObject
{
    Q_OBJECT
public:
    ~CallExchange() override;

    /// The exchange for `call`'s endpoint (XML-RPC for http(s) URLs, Pyro4 for PYRO: URIs).
    static CallExchange* create(const ComposedCall& call, QObject* parent = nullptr);
    /// Sends `call` and waits for its outcome in a local event loop.
    static CallOutcome run(const ComposedCall& call);

    /// Starts the exchange; `finished` follows (possibly before the event loop runs again, for bad requests).
    void start();

Q_SIGNALS:
    void finished(const rpcscope::CallOutcome& outcome);

protected:
    explicit CallExchange(ComposedCall call, QObject* parent);

    /// Checks the endpoint and connects `m_socket` (TLS when asked); errors end the exchange.
    virtual void begin() = 0;
    /// The socket is connected.
    virtual void connected() = 0;
    /// Bytes arrived (they are in `m_received`); `ended` when the peer closed.
    virtual void received(bool ended) = 0;

    void connectTo(const QString& host, quint16 port, bool tls);
    /// Ends the exchange (once): fills timing and emits `finished`.
    void finish(CallOutcome outcome);
    void fail(CallOutcomeKind kind, const QString& error);
    double elapsedMs() const { return double(m_clock.nsecsElapsed()) / 1e6; }

    ComposedCall m_call;
    QTcpSocket* m_socket = nullptr;
    QByteArray m_received;
    QString m_peer;
    std::shared_ptr<const DecodedMessage> m_request;

private:
    void onSocketError();
    void rejectCertificate(const QSslSocket& socket, const QList<QSslError>& errors);

    QTimer* m_timeout = nullptr;
    QElapsedTimer m_clock;
    bool m_done = false;
};

} // namespace rpcscope
