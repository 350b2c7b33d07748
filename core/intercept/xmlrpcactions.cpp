#include "xmlrpcactions.h"

#include "http/httphead.h"
#include "http/httpwriter.h"
#include "intercept/callrule.h"
#include "xmlrpc/xmlrpcwriter.h"

namespace rpcscope {

namespace {

Result<http::HttpHead> requestHead(const FramedRequest& request)
{
    Result<http::HttpHead> head = http::parseHead(request.bytes, http::HttpHead::Kind::Request);
    if (!head)
        return Error {QStringLiteral("the request's HTTP head cannot be read: %1").arg(head.error())};
    return head;
}

// Whether the server would close after answering: HTTP/1.0 unless keep-alive was asked for, or Connection: close.
bool closesAfter(const http::HttpHead& head)
{
    if (head.hasToken("Connection", "close"))
        return true;
    return head.versionMajor == 1 && head.versionMinor == 0 && !head.hasToken("Connection", "keep-alive");
}

Result<Answer> respond(const FramedRequest& request, const QByteArray& body)
{
    Result<http::HttpHead> head = requestHead(request);
    if (!head)
        return Error {head.error()};
    Answer answer;
    answer.closeAfter = closesAfter(*head);
    http::HeaderList fields {{"Content-Type", "text/xml"}};
    if (answer.closeAfter)
        fields.emplace_back("Connection", "close");
    else if (head->versionMinor == 0)
        fields.emplace_back("Connection", "keep-alive");
    Result<QByteArray> bytes = http::writeResponse(200, fields, body);
    if (!bytes)
        return Error {bytes.error()};
    answer.bytes = std::move(*bytes);
    return answer;
}

} // namespace

Status XmlRpcActions::check(const RuleAction& action) const
{
    if (action.kind == RuleAction::Kind::Rewrite && action.path && action.path->root() == ValuePath::Root::Kwargs)
        return Error {QStringLiteral("XML-RPC calls have no keyword arguments: rewrite params[N] instead")};
    return Done {};
}

Result<Answer> XmlRpcActions::reply(const FramedRequest& request, const RpcValue& result) const
{
    Result<QByteArray> body = XmlRpcWriter::writeResponse(result);
    if (!body)
        return Error {body.error()};
    return respond(request, *body);
}

Result<Answer> XmlRpcActions::fault(const FramedRequest& request, const RpcFault& fault) const
{
    return respond(request, XmlRpcWriter::writeFault(fault));
}

Result<QByteArray> XmlRpcActions::rewrite(const FramedRequest& request, const RpcValue& params,
                                          const RpcValue& kwargs) const
{
    if (kwargs.isStruct() && !kwargs.toStruct().empty())
        return Error {QStringLiteral("XML-RPC calls have no keyword arguments")};
    if (!request.message || request.message->method.isEmpty())
        return Error {QStringLiteral("the request's method is not known")};
    Result<http::HttpHead> head = requestHead(request);
    if (!head)
        return Error {head.error()};
    Result<QByteArray> body = XmlRpcWriter::writeCall(request.message->method, params.toArray());
    if (!body)
        return Error {body.error()};
    const QByteArrayView bytes(request.bytes);
    QByteArray out;
    out.reserve(head->length + body->size() + 32);
    out += bytes.sliced(head->startOffset, head->startLineLength);
    out += "\r\n";
    for (const http::HeaderField& field : head->headers) {
        // The body is new: its length, coding and framing are said again below.
        if (http::equalsIgnoringCase(field.name, "Content-Length")
            || http::equalsIgnoringCase(field.name, "Transfer-Encoding")
            || http::equalsIgnoringCase(field.name, "Content-Encoding"))
            continue;
        out += bytes.sliced(field.offset, field.length);
        out += "\r\n";
    }
    out += "Content-Length: " + QByteArray::number(body->size()) + "\r\n\r\n";
    out += *body;
    return out;
}

bool XmlRpcActions::isAnswer(Direction dir, QByteArrayView message) const
{
    // Any response but an interim 1xx one ("HTTP/1.1 100 Continue").
    return dir == Direction::ServerToClient && message.size() > 9 && message.startsWith("HTTP/") && message[9] != '1';
}

} // namespace rpcscope
