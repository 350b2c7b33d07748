#include "httpwriter.h"

#include <QString>

namespace rpcscope::http {

namespace {
bool hasLineBreak(QByteArrayView v)
{
    return v.contains('\r') || v.contains('\n');
}

Result<QByteArray> finish(QByteArray out, const HeaderList& fields, QByteArrayView body)
{
    for (const auto& [name, value] : fields) {
        if (name.isEmpty() || name.contains(':') || name.contains(' ') || hasLineBreak(name) || hasLineBreak(value))
            return Error {QStringLiteral("invalid HTTP header field \"%1\"").arg(QString::fromLatin1(name))};
        out += name + ": " + value + "\r\n";
    }
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    out.append(body.data(), body.size());
    return out;
}
} // namespace

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return {};
    }
}

Result<QByteArray> writeRequest(QByteArrayView method, QByteArrayView target, const HeaderList& fields,
                                QByteArrayView body)
{
    if (method.isEmpty() || method.contains(' ') || hasLineBreak(method))
        return Error {QStringLiteral("invalid HTTP method")};
    if (target.isEmpty() || target.contains(' ') || hasLineBreak(target))
        return Error {QStringLiteral("invalid HTTP request target \"%1\"").arg(QString::fromLatin1(target))};
    QByteArray out;
    out.reserve(256 + body.size());
    out += method.toByteArray() + ' ' + target.toByteArray() + " HTTP/1.1\r\n";
    return finish(std::move(out), fields, body);
}

Result<QByteArray> writeResponse(int status, const HeaderList& fields, QByteArrayView body)
{
    if (status < 100 || status > 999)
        return Error {QStringLiteral("invalid HTTP status %1").arg(status)};
    QByteArray out;
    out.reserve(256 + body.size());
    out += "HTTP/1.1 " + QByteArray::number(status);
    const QByteArray reason = reasonPhrase(status);
    if (!reason.isEmpty())
        out += ' ' + reason;
    out += "\r\n";
    return finish(std::move(out), fields, body);
}

} // namespace rpcscope::http
