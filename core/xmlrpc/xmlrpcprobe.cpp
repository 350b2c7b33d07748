#include "xmlrpcprobe.h"

#include "http/httpcontentcoding.h"
#include "http/httpmessage.h"
#include "http/httpparser.h"
#include "xmlrpc/xmlencoding.h"
#include "xmlrpc/xmlprolog.h"

namespace rpcscope::xmlrpc {

namespace {
using http::HttpHead;

constexpr qint64 kMaxProbedHead = 64 * 1024;
// Below this many probed bytes a capture that started mid-connection may still show a message start.
constexpr qint64 kSearchBytes = 16 * 1024;

QByteArrayView localPart(QByteArrayView name)
{
    const qsizetype colon = name.lastIndexOf(':');
    return colon < 0 ? name : name.sliced(colon + 1);
}

bool saysXml(const HttpHead& head)
{
    const QByteArray type = http::mediaType(head.value("Content-Type"));
    return type.endsWith("/xml") || type.endsWith("+xml");
}
} // namespace

Look lookAtMessage(QByteArrayView bytes, HttpHead::Kind kind)
{
    bytes = bytes.sliced(http::leadingLineEnds(bytes));
    switch (http::checkStartLine(bytes, kind)) {
    case http::StartLineCheck::Invalid:
        return Look::No;
    case http::StartLineCheck::NeedMore:
        return bytes.size() > kMaxProbedHead ? Look::No : Look::NeedMore;
    case http::StartLineCheck::Plausible:
        break;
    }
    const qint64 end = http::findHeadEnd(bytes, 0);
    if (end < 0)
        return bytes.size() > kMaxProbedHead ? Look::No : Look::NeedMore;
    const Result<HttpHead> head = http::parseHead(bytes.first(end), kind);
    if (!head)
        return Look::No;
    if (kind == HttpHead::Kind::Request && head->method != "POST")
        return Look::No;
    // Interim responses (100 Continue) come before the one that carries the body.
    if (kind == HttpHead::Kind::Response && head->status >= 100 && head->status < 200)
        return lookAtMessage(bytes.sliced(end), kind);
    QByteArrayView body = bytes.sliced(end);
    const http::BodyFraming framing = http::bodyFraming(*head);
    if (framing.kind == http::BodyFraming::Kind::Chunked) {
        const qsizetype nl = body.indexOf('\n');
        if (nl < 0)
            return body.size() > 4096 ? Look::No : Look::NeedMore;
        body = body.sliced(nl + 1);
    } else if (framing.kind == http::BodyFraming::Kind::Length && framing.length == 0) {
        return Look::No;
    }
    if (http::contentCoding(head->value("Content-Encoding")) != http::ContentCoding::Identity)
        return saysXml(*head) ? Look::Maybe : Look::No;
    // A UTF-16 or UCS-4 body is looked at one character per byte, so that it is recognised (and then read, or
    // refused with its reason) like any other; the connection's other messages depend on it.
    const std::optional<QByteArray> wide = narrowedProlog(body);
    const Prolog prolog = scanProlog(wide ? QByteArrayView(*wide) : body);
    if (prolog.doctypeOffset >= 0)
        return saysXml(*head) ? Look::Maybe : Look::No; // refused when decoded, but still shown as XML-RPC
    switch (prolog.status) {
    case Prolog::Status::NeedMore:
        return Look::NeedMore;
    case Prolog::Status::NotXml:
        // Said to be XML but unreadable here (EBCDIC, garbage): decoded as XML-RPC to say why, not dropped.
        return saysXml(*head) ? Look::Maybe : Look::No;
    case Prolog::Status::Root:
        break;
    }
    const QByteArrayView root = localPart(prolog.rootName);
    const bool expected = kind == HttpHead::Kind::Request ? root == "methodCall" : root == "methodResponse";
    return expected ? Look::Yes : Look::No;
}

ProbeResult probeXmlRpc(const ProbeInput& input)
{
    using Kind = HttpHead::Kind;
    if (!input.client.isEmpty()) {
        switch (lookAtMessage(input.client, Kind::Request)) {
        case Look::Yes:
            return {95, false, false};
        case Look::Maybe:
            return {50, false, false};
        case Look::NeedMore:
            return {0, true, false};
        case Look::No:
            break;
        }
        // The presumed client answers like a server: the capture missed the connection's start.
        if (lookAtMessage(input.client, Kind::Response) == Look::Yes)
            return {85, false, true};
    } else {
        switch (lookAtMessage(input.server, Kind::Response)) {
        case Look::Yes:
            return {90, false, false};
        case Look::Maybe:
            return {45, false, false};
        case Look::NeedMore:
            return {0, true, false};
        case Look::No:
            break;
        }
        if (lookAtMessage(input.server, Kind::Request) == Look::Yes)
            return {85, false, true};
        return {};
    }
    if (input.startSeen)
        return {};
    // Mid-stream: the first complete message start in either direction.
    for (qint64 at = http::findStartLine(input.client, Kind::Request, 1); at >= 0;
         at = http::findStartLine(input.client, Kind::Request, at + 1)) {
        if (lookAtMessage(input.client.sliced(at), Kind::Request) == Look::Yes)
            return {85, false, false};
    }
    for (qint64 at = http::findStartLine(input.server, Kind::Response, 0); at >= 0;
         at = http::findStartLine(input.server, Kind::Response, at + 1)) {
        if (lookAtMessage(input.server.sliced(at), Kind::Response) == Look::Yes)
            return {80, false, false};
    }
    return {0, input.client.size() < kSearchBytes && input.server.size() < kSearchBytes, false};
}

} // namespace rpcscope::xmlrpc
