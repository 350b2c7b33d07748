#pragma once

#include "proxyrule.h"

#include <QByteArray>
#include <QByteArrayView>

namespace rpcscope {

/// The client side of an HTTP forward proxy, as a pure function of the bytes: reads requests in absolute form
/// ("POST http://host:port/RPC2 HTTP/1.1"), learns the origin they go to, and rewrites each request line to the
/// origin form ("POST /RPC2 HTTP/1.1") that origin servers expect. Bodies pass through untouched.
///
/// One connection talks to one origin: a request for another origin on the same connection is refused, as are
/// CONNECT and bodies without a Content-Length (chunked request bodies), each with a response to send back.
class HttpProxyRewriter
{
public:
    enum class State {
        NeedMore, ///< more bytes are needed before the next part can be forwarded
        Forward, ///< `out` holds bytes to send to the origin
        Refuse, ///< the request cannot be proxied: send `refusal()` to the client and close
    };

    /// Consumes `in` (which may hold any part of any number of requests) and appends what is to be forwarded to
    /// `out`. Bytes of a head that has not ended are kept until it does (bounded by `maxHeadBytes`).
    State feed(QByteArrayView in, QByteArray& out);

    /// The origin of the first request, once its head is read.
    bool hasOrigin() const { return m_hasOrigin; }
    const HostPort& origin() const { return m_origin; }
    /// A complete HTTP response explaining why a request was refused, and the same reason as a sentence.
    const QByteArray& refusal() const { return m_refusal; }
    const QString& refusalReason() const { return m_reason; }
    int requests() const { return m_requests; }

    static constexpr qint64 maxHeadBytes = 64 * 1024;

private:
    State refuse(int status, const char* statusText, QString reason);
    State takeHead(qint64 headLength, QByteArray& out);

    QByteArray m_head;
    qint64 m_bodyLeft = 0;
    bool m_hasOrigin = false;
    HostPort m_origin;
    QByteArray m_refusal;
    QString m_reason;
    int m_requests = 0;
    bool m_refused = false;
};

} // namespace rpcscope
