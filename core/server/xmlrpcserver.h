#pragma once

#include "call.h"
#include "result.h"
#include "server/connectionlimits.h"
#include "server/xmlrpcmethods.h"

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>

#include <optional>

class QTcpServer;

namespace rpcscope {

class XmlRpcConnection;

/// The built-in XML-RPC test server: HTTP/1.1 (keep-alive, pipelined requests answered in order) and HTTP/1.0
/// (closed after each reply unless the client asks for keep-alive) on `/RPC2` and `/`, serving `XmlRpcMethods`.
/// Event-driven on the thread that owns it: no thread per connection; `sleep` replies from a timer.
///
/// Errors are answers, never crashes: unparsable XML → fault -32700, unknown method → -32601, bad arguments →
/// -32602; a body over `maxRequestBytes` → HTTP 413 (the connection is then closed); other paths → 404; methods
/// other than POST → 405; a header block over `maxHeaderBytes` → 431.
///
/// Usage: `XmlRpcServer s; if (auto st = s.listen(); !st) …; s.url()`; connect `callServed` to see each call.
class XmlRpcServer : public QObject
{
    Q_OBJECT
public:
    /// Past requestTimeoutMs a request is answered 408 and its connection closed.
    struct Limits : ConnectionLimits
    {
        qint64 maxRequestBytes = 16 * 1024 * 1024;
        qint64 maxHeaderBytes = 64 * 1024;
    };

    explicit XmlRpcServer(QObject* parent = nullptr);
    ~XmlRpcServer() override;

    /// Speak TLS with `configuration` (see serverTlsConfiguration), or plain TCP with nullopt. Before listen().
    Status setTls(const std::optional<QSslConfiguration>& configuration);
    bool usesTls() const { return m_tls.has_value(); }

    /// Starts listening; port 0 picks a free port (see `port()`). Binds to loopback unless told otherwise.
    Status listen(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    /// Stops listening and closes every connection.
    void close();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    /// "http://127.0.0.1:PORT/RPC2" ("https://…" with TLS; brackets around IPv6 addresses).
    QString url() const;

    void setLimits(const Limits& limits) { m_limits = limits; }
    const Limits& limits() const { return m_limits; }
    const XmlRpcMethods& methods() const { return m_methods; }
    int connectionCount() const { return m_connectionCount; }

    /// True when somebody listens to `callServed` (calls are only assembled then).
    bool wantsCalls() const;

Q_SIGNALS:
    /// One request answered: its decoded request and response, with the raw HTTP bytes of both as buffer 0.
    void callServed(const rpcscope::Call& call);
    /// A connection was closed because of bad input (oversized, garbage, idle), with the reason.
    void connectionRefused(const QString& reason);

private:
    friend class XmlRpcConnection;
    void onNewConnection();
    void connectionClosed();
    quint64 nextCallId() { return ++m_callCount; }

    void createListener();

    QTcpServer* m_server = nullptr;
    std::optional<QSslConfiguration> m_tls;
    XmlRpcMethods m_methods;
    Limits m_limits;
    int m_connectionCount = 0;
    quint64 m_connectionIds = 0;
    quint64 m_callCount = 0;
};

} // namespace rpcscope
