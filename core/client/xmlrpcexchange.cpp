#include "xmlrpcexchange.h"

#include "http/httpmessage.h"
#include "xmlrpc/xmlrpcreader.h"
#include "xmlrpc/xmlrpcwriter.h"

#include <QDateTime>
#include <QTcpSocket>
#include <QUrl>

namespace rpcscope {

namespace {

double now()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

} // namespace

XmlRpcExchange::XmlRpcExchange(ComposedCall call, QObject* parent)
    : CallExchange(std::move(call), parent)
{ }

Result<QByteArray> XmlRpcExchange::httpRequest(const ComposedCall& call)
{
    const QUrl url(call.endpoint, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty())
        return Error {QStringLiteral("not an http(s) URL: \"%1\"").arg(call.endpoint)};
    QByteArray body = call.rawBody;
    if (body.isEmpty()) {
        Result<QByteArray> xml = XmlRpcWriter::writeCall(call.method, call.params);
        if (!xml)
            return Error {xml.error()};
        body = std::move(*xml);
    }
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (url.port(defaultPort) != defaultPort)
        host += ':' + QByteArray::number(url.port());
    http::HeaderList fields {
        {"Host", host}, {"User-Agent", "RpcScope composer"}, {"Content-Type", "text/xml"}, {"Accept-Encoding", "gzip"}};
    if (!url.userName().isEmpty()) {
        const QString credentials
            = url.userName(QUrl::FullyDecoded) + QLatin1Char(':') + url.password(QUrl::FullyDecoded);
        fields.emplace_back("Authorization", "Basic " + credentials.toUtf8().toBase64());
    }
    return http::writeRequest("POST", target, fields, body);
}

void XmlRpcExchange::begin()
{
    Result<QByteArray> request = httpRequest(m_call);
    if (!request)
        return fail(CallOutcomeKind::BadRequest, request.error());
    m_requestBytes = std::move(*request);
    auto message = std::make_shared<DecodedMessage>();
    message->protocol = QStringLiteral("xmlrpc");
    message->kind = MessageKind::Request;
    message->method = m_call.method;
    message->params = RpcValue::fromArray(m_call.params);
    if (!m_call.rawBody.isEmpty()) {
        if (Result<XmlRpcBody> body = XmlRpcReader::parseBody(m_call.rawBody); body) {
            message->method = body->method;
            message->params = RpcValue::fromArray(body->params);
        }
    }
    message->summary = message->method;
    message->buffers = {m_requestBytes};
    message->bufferNames = {QStringLiteral("request")};
    message->firstSeen = message->lastSeen = now();
    m_request = message;
    m_http.requestStarted("POST");
    const QUrl url(m_call.endpoint);
    const bool tls = url.scheme() == QLatin1String("https");
    connectTo(url.host(), quint16(url.port(tls ? 443 : 80)), tls);
}

void XmlRpcExchange::connected()
{
    m_socket->write(m_requestBytes);
}

void XmlRpcExchange::received(bool ended)
{
    DecodeLimits limits;
    FrameHints hints;
    hints.ended = ended;
    hints.limits = &limits;
    const FrameCut cut = m_parser.cut(m_received, hints, m_http);
    switch (cut.kind) {
    case FrameCut::Kind::NeedMore:
        if (ended) {
            return fail(m_received.isEmpty() ? CallOutcomeKind::TransportError : CallOutcomeKind::BadReply,
                        m_received.isEmpty()
                            ? QStringLiteral("%1 closed the connection without replying").arg(m_peer)
                            : QStringLiteral("%1 closed the connection in the middle of its reply").arg(m_peer));
        }
        return;
    case FrameCut::Kind::Message:
        return complete(m_received.first(cut.length));
    case FrameCut::Kind::Skip:
    case FrameCut::Kind::Stop:
        return fail(CallOutcomeKind::BadReply, QStringLiteral("unreadable HTTP reply: %1").arg(cut.reason));
    }
}

void XmlRpcExchange::complete(const QByteArray& bytes)
{
    CallOutcome outcome;
    auto response = std::make_shared<DecodedMessage>();
    response->protocol = QStringLiteral("xmlrpc");
    response->kind = MessageKind::Response;
    response->method = m_request ? m_request->method : m_call.method;
    response->buffers = {bytes};
    response->bufferNames = {QStringLiteral("response")};
    response->firstSeen = response->lastSeen = now();
    DecodeLimits limits;
    const http::HttpMessageParts parts
        = http::readHttpMessage(bytes, http::HttpHead::Kind::Response, *response, nullptr, limits);
    if (!parts.head) {
        outcome.kind = CallOutcomeKind::BadReply;
        outcome.error = QStringLiteral("the reply from %1 is not HTTP").arg(m_peer);
        outcome.response = response;
        return finish(std::move(outcome));
    }
    outcome.httpStatus = parts.head->status;
    for (const http::HeaderField& f : parts.head->headers)
        outcome.responseHeaders.emplace_back(f.name.toByteArray(), http::HttpHead::fieldValue(f));
    if (outcome.httpStatus != 200) {
        outcome.kind = CallOutcomeKind::HttpError;
        outcome.error = QStringLiteral("HTTP %1 %2 from %3")
                            .arg(outcome.httpStatus)
                            .arg(QString::fromLatin1(parts.head->reason), m_peer);
        const QString text = QString::fromUtf8(parts.body).trimmed();
        if (!text.isEmpty() && text.size() < 500)
            outcome.error += QStringLiteral(": ") + text;
        response->status = CallStatus::Malformed;
        outcome.response = response;
        return finish(std::move(outcome));
    }
    Result<XmlRpcBody> body = XmlRpcReader::parseBody(parts.body, limits, parts.charset);
    if (!body || body->kind != XmlRpcBody::Kind::Response) {
        outcome.kind = CallOutcomeKind::BadReply;
        outcome.error = body ? QStringLiteral("the reply is not a <methodResponse>")
                             : QStringLiteral("the reply is not valid XML-RPC: %1").arg(body.error());
        response->status = CallStatus::Malformed;
        outcome.response = response;
        return finish(std::move(outcome));
    }
    response->result = body->result;
    response->fault = body->fault;
    response->status = body->fault ? CallStatus::Fault : CallStatus::Ok;
    outcome.kind = body->fault ? CallOutcomeKind::Fault : CallOutcomeKind::Ok;
    outcome.result = body->result;
    outcome.fault = body->fault;
    outcome.response = response;
    finish(std::move(outcome));
}

} // namespace rpcscope
