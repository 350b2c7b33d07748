#include "httpproxyrewriter.h"

#include "http/httphead.h"
#include "http/httpparser.h"

namespace rpcscope {

using http::HttpHead;

HttpProxyRewriter::State HttpProxyRewriter::feed(QByteArrayView in, QByteArray& out)
{
    if (m_refused)
        return State::Refuse;
    bool forwarded = false;
    while (!in.isEmpty()) {
        if (m_bodyLeft > 0) {
            const qint64 n = std::min<qint64>(m_bodyLeft, in.size());
            out.append(in.first(n));
            in = in.sliced(n);
            m_bodyLeft -= n;
            forwarded = true;
            continue;
        }
        // A head: gather bytes until the empty line that ends it. Only the new bytes are searched again (minus
        // three, for a line end split between reads).
        const qint64 searchFrom = std::max<qint64>(0, m_head.size() - 3);
        const qint64 room = maxHeadBytes + 1 - m_head.size();
        const qint64 take = std::min<qint64>(room, in.size());
        m_head.append(in.first(take));
        const qint64 headLength = http::findHeadEnd(m_head, searchFrom);
        if (headLength < 0) {
            in = in.sliced(take);
            if (m_head.size() > maxHeadBytes)
                return refuse(431, "Request Header Fields Too Large",
                              QStringLiteral("the request head is larger than %1 bytes").arg(maxHeadBytes));
            break;
        }
        // Bytes after the head go back to the input: they are the body or the next request.
        const qint64 extra = m_head.size() - headLength;
        in = in.sliced(take - extra);
        m_head.truncate(headLength);
        const State state = takeHead(headLength, out);
        if (state == State::Refuse)
            return state;
        forwarded = true;
    }
    return forwarded ? State::Forward : State::NeedMore;
}

HttpProxyRewriter::State HttpProxyRewriter::takeHead(qint64 headLength, QByteArray& out)
{
    Q_UNUSED(headLength);
    auto parsed = http::parseHead(m_head, HttpHead::Kind::Request);
    if (!parsed)
        return refuse(400, "Bad Request", QStringLiteral("not an HTTP request: %1").arg(parsed.error()));
    const HttpHead& head = *parsed;
    if (http::equalsIgnoringCase(head.method, "CONNECT"))
        return refuse(501, "Not Implemented",
                      QStringLiteral("CONNECT tunnels are not supported by the recording proxy"));

    // Absolute form: http://host[:port]/path?query (RFC 9112 §3.2.2).
    const QByteArrayView target = head.target;
    constexpr QByteArrayView scheme("http://");
    if (target.size() < scheme.size() || !http::equalsIgnoringCase(target.first(scheme.size()), scheme)) {
        return refuse(400, "Bad Request",
                      QStringLiteral("the request target '%1' is not an absolute http:// URI (is the client "
                                     "configured to use this port as its HTTP proxy?)")
                          .arg(QString::fromLatin1(target.first(std::min<qsizetype>(target.size(), 200)))));
    }
    const QByteArrayView rest = target.sliced(scheme.size());
    qsizetype pathStart = rest.indexOf('/');
    const qsizetype query = rest.indexOf('?');
    if (query >= 0 && (pathStart < 0 || query < pathStart))
        pathStart = query;
    const QByteArrayView authority = pathStart < 0 ? rest : rest.first(pathStart);
    QByteArray path = pathStart < 0 ? QByteArray("/") : rest.sliced(pathStart).toByteArray();
    if (path.startsWith('?'))
        path.prepend('/');
    const QString authorityText = QString::fromLatin1(authority);
    auto hostPort
        = HostPort::parse(authorityText.contains(QLatin1Char(':')) && !authorityText.endsWith(QLatin1Char(']'))
                              ? authorityText
                              : authorityText + QStringLiteral(":80"));
    if (!hostPort || authority.contains('@') || authority.isEmpty())
        return refuse(400, "Bad Request", QStringLiteral("cannot read the origin in '%1'").arg(authorityText));
    if (!m_hasOrigin) {
        m_origin = *hostPort;
        m_hasOrigin = true;
    } else if (hostPort->host.compare(m_origin.host, Qt::CaseInsensitive) != 0 || hostPort->port != m_origin.port) {
        return refuse(502, "Bad Gateway",
                      QStringLiteral("a request for %1 on a connection to %2: open one connection per origin")
                          .arg(hostPort->toString(), m_origin.toString()));
    }

    if (head.value("Transfer-Encoding").size() > 0)
        return refuse(411, "Length Required",
                      QStringLiteral("chunked request bodies are not supported by the recording proxy"));
    const QByteArrayView lengthValue = head.value("Content-Length");
    qint64 bodyLength = 0;
    if (!lengthValue.isNull()) {
        bodyLength = http::parseContentLength(lengthValue);
        if (bodyLength < 0)
            return refuse(400, "Bad Request", QStringLiteral("the Content-Length is not a number"));
    }

    // The start line in origin form; every field line passes unchanged except Proxy-Connection, which is meant
    // for us and not for the origin.
    const QByteArrayView bytes(m_head);
    out.append(head.method);
    out.append(' ');
    out.append(path);
    out.append(' ');
    out.append(head.version);
    out.append("\r\n");
    for (const http::HeaderField& field : head.headers) {
        if (http::equalsIgnoringCase(field.name, "Proxy-Connection"))
            continue;
        out.append(bytes.sliced(field.offset, field.length));
        out.append("\r\n");
    }
    out.append("\r\n");
    m_head.clear();
    m_bodyLeft = bodyLength;
    ++m_requests;
    return State::Forward;
}

HttpProxyRewriter::State HttpProxyRewriter::refuse(int status, const char* statusText, QString reason)
{
    m_refused = true;
    m_reason = std::move(reason);
    const QByteArray body = "rpcscope proxy: " + m_reason.toUtf8() + "\n";
    m_refusal = QByteArray("HTTP/1.1 ") + QByteArray::number(status) + ' ' + statusText
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n\r\n" + body;
    return State::Refuse;
}

} // namespace rpcscope
