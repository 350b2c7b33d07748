#include "xmlrpcdecoder.h"

#include "http/httpframer.h"
#include "http/httpmessage.h"
#include "http/httpwriter.h"
#include "xmlrpc/xmlrpcmulticall.h"
#include "xmlrpc/xmlrpcprobe.h"
#include "xmlrpc/xmlrpcreader.h"
#include "xmlrpc/xmlrpcwriter.h"

namespace rpcscope {

namespace {

using http::HttpHead;

QString argumentsText(const RpcArray& params)
{
    QStringList parts;
    for (const RpcValue& p : params)
        parts << p.toDisplayString(60);
    return parts.join(QStringLiteral(", "));
}

// The XML body as UTF-8, converting a declared ISO-8859-1 (or other) encoding into a buffer of its own.
struct XmlText
{
    QByteArrayView xml;
    int buffer = 0;
    qint64 offset = 0;
};

XmlText utf8Body(const http::HttpMessageParts& parts, DecodedMessage& m, DecodeNode* bodyNode)
{
    XmlText text {parts.body, parts.bodyBuffer, parts.bodyOffset};
    QByteArray encoding;
    if (!XmlRpcReader::needsConversion(parts.body, &encoding))
        return text;
    std::optional<QByteArray> converted = XmlRpcReader::toUtf8(parts.body, encoding);
    if (!converted) {
        m.addProblem(
            QStringLiteral("unknown XML encoding \"%1\"; the body is read as UTF-8").arg(QString::fromLatin1(encoding)),
            parts.bodyOffset, bodyNode);
        return text;
    }
    text.buffer = static_cast<int>(m.buffers.size());
    text.offset = 0;
    m.buffers.push_back(std::move(*converted));
    m.bufferNames.push_back(QStringLiteral("body (UTF-8 from %1)").arg(QString::fromLatin1(encoding)));
    text.xml = m.buffers.back();
    if (bodyNode) {
        DecodeNode& n = bodyNode->add(QStringLiteral("utf8"), QStringLiteral("text"),
                                      QStringLiteral("%1 bytes").arg(text.xml.size()), 0, text.xml.size(),
                                      QStringLiteral("The body converted from %1 to UTF-8 (a buffer of its own).")
                                          .arg(QString::fromLatin1(encoding)));
        n.buffer = text.buffer;
    }
    return text;
}

void fillRequest(DecodedMessage& m, XmlRpcBody&& body)
{
    m.method = std::move(body.method);
    if (xmlrpc::isMulticall(m.method)) {
        std::vector<QString> notes;
        m.subCalls = xmlrpc::multicallRequests(body.params, notes);
        for (const QString& n : notes)
            m.addProblem(n, -1);
    }
    m.params = RpcValue::fromArray(std::move(body.params));
}

void fillResponse(DecodedMessage& m, XmlRpcBody&& body, const DecodeContext& context)
{
    if (body.fault) {
        m.fault = std::move(body.fault);
        if (m.status != CallStatus::Malformed)
            m.status = CallStatus::Fault;
        return;
    }
    m.result = std::move(body.result);
    if (context.request && xmlrpc::isMulticall(context.request->method)) {
        std::vector<QString> notes;
        m.subCalls = xmlrpc::multicallResults(m.result, notes);
        for (const QString& n : notes)
            m.addProblem(n, -1);
    }
}

QString responseSummary(const DecodedMessage& m)
{
    if (m.fault)
        return QStringLiteral("fault %1: %2").arg(m.fault->code.toDisplayString(), m.fault->message);
    return QStringLiteral("→ %1").arg(m.result.toDisplayString(80));
}

} // namespace

ProbeResult XmlRpcDecoder::probe(const ProbeInput& input) const
{
    return xmlrpc::probeXmlRpc(input);
}

std::unique_ptr<StreamFramer> XmlRpcDecoder::createFramer() const
{
    return std::make_unique<http::HttpFramer>();
}

DecodedMessage XmlRpcDecoder::decode(const QByteArray& bytes, const DecodeContext& context) const
{
    DecodedMessage m;
    m.protocol = id();
    m.buffers.push_back(bytes);
    m.bufferNames.push_back(QStringLiteral("message"));
    const bool request = context.direction == Direction::ClientToServer;
    DecodeNode* root = nullptr;
    if (context.buildTree()) {
        m.tree.name = id();
        m.tree.type = request ? QStringLiteral("request") : QStringLiteral("response");
        m.tree.offset = 0;
        m.tree.length = bytes.size();
        m.tree.description = request ? QStringLiteral("An XML-RPC call: an HTTP POST whose body is a <methodCall>.")
                                     : QStringLiteral("An XML-RPC reply: an HTTP response whose body is a "
                                                      "<methodResponse>.");
        root = &m.tree;
    }
    const http::HttpMessageParts parts = http::readHttpMessage(
        bytes, request ? HttpHead::Kind::Request : HttpHead::Kind::Response, m, root, context.limits());
    if (parts.onlyLineEnds) {
        m.kind = MessageKind::Event;
        m.summary = QStringLiteral("empty lines between messages");
        m.tree.value = m.summary;
        return m;
    }
    if (!parts.head) {
        m.kind = MessageKind::Event;
        m.summary = m.problems.empty() ? QStringLiteral("not HTTP") : m.problems.front().text;
        m.tree.value = m.summary;
        return m;
    }
    const HttpHead& head = *parts.head;
    const QString startLine = http::startLineText(head, bytes);
    DecodeNode* bodyNode = root && parts.bodyNode >= 0 ? &root->children[std::size_t(parts.bodyNode)] : root;

    if (!request) {
        if (head.status >= 100 && head.status < 200) {
            // 100 Continue and friends come before the real answer and answer nothing themselves.
            m.kind = MessageKind::Event;
            m.summary = startLine;
            m.tree.value = m.summary;
            return m;
        }
        m.kind = MessageKind::Response;
        if (head.status < 200 || head.status >= 300) {
            // Not an XML-RPC answer at all: Python's server sends 404 for a wrong path, 501 for GET.
            m.status = m.status == CallStatus::Malformed ? m.status : CallStatus::Exception;
            m.fault = RpcFault {RpcValue::fromInt(head.status), QStringLiteral("HTTP error: %1").arg(startLine), {}};
            m.summary = startLine;
            m.tree.value = m.summary;
            return m;
        }
    } else {
        m.kind = MessageKind::Request;
        if (head.method != "POST")
            m.addProblem(QStringLiteral("not an XML-RPC call: %1 request (XML-RPC calls are POST)")
                             .arg(QString::fromLatin1(head.method)),
                         head.startOffset, root ? &root->children.front() : nullptr);
    }

    if (parts.body.isEmpty()) {
        if (parts.bodyComplete)
            m.addProblem(QStringLiteral("the HTTP message has no body; XML-RPC needs an XML document"), head.length,
                         bodyNode);
        m.summary = startLine;
        m.tree.value = m.summary;
        return m;
    }
    const XmlText text = utf8Body(parts, m, bodyNode);
    XmlRpcReadOptions options;
    options.limits = context.limits();
    options.buffer = text.buffer;
    options.baseOffset = text.offset;
    std::vector<Problem> problems;
    XmlRpcBody body = XmlRpcReader::read(text.xml, options, problems, bodyNode);
    for (Problem& p : problems)
        m.problems.push_back(std::move(p));
    if (!problems.empty())
        m.status = CallStatus::Malformed;

    if (request) {
        if (body.kind == XmlRpcBody::Kind::Response)
            m.addProblem(QStringLiteral("the client sent a <methodResponse>, not a <methodCall>"), text.offset);
        fillRequest(m, std::move(body));
        // The one-line summary is only shown with the tree; bulk decoding skips the display strings.
        if (context.buildTree())
            m.summary = QStringLiteral("%1(%2)").arg(m.method, argumentsText(m.params.toArray()));
    } else {
        if (body.kind == XmlRpcBody::Kind::Call)
            m.addProblem(QStringLiteral("the server sent a <methodCall>, not a <methodResponse>"), text.offset);
        fillResponse(m, std::move(body), context);
        if (context.buildTree())
            m.summary = responseSummary(m);
    }
    m.tree.value = m.summary;
    return m;
}

Result<QByteArray> XmlRpcDecoder::encode(const DecodedMessage& message, const EncodeOptions& options) const
{
    if (message.kind == MessageKind::Request) {
        if (message.method.isEmpty())
            return Error {QStringLiteral("an XML-RPC call needs a method name")};
        const RpcArray params = message.params.isArray() ? message.params.toArray() : RpcArray {message.params};
        Result<QByteArray> body = XmlRpcWriter::writeCall(message.method, params);
        if (!body)
            return body;
        const QByteArray path = options.value(QStringLiteral("path"), QStringLiteral("/RPC2")).toString().toUtf8();
        const QByteArray host = options.value(QStringLiteral("host"), QStringLiteral("localhost")).toString().toUtf8();
        return http::writeRequest("POST", path,
                                  {{"Host", host}, {"User-Agent", "RpcScope"}, {"Content-Type", "text/xml"}}, *body);
    }
    QByteArray body;
    if (message.fault) {
        body = XmlRpcWriter::writeFault(*message.fault);
    } else {
        Result<QByteArray> written = XmlRpcWriter::writeResponse(message.result);
        if (!written)
            return written;
        body = std::move(*written);
    }
    return http::writeResponse(200, {{"Server", "RpcScope"}, {"Content-Type", "text/xml"}}, body);
}

} // namespace rpcscope
