#include "xmlrpcdecoder.h"

#include "http/httpframer.h"
#include "http/httpmessage.h"
#include "http/httpwriter.h"
#include "xmlrpc/xmlbodytext.h"
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

// Where the body's own problems go: the message's problems, and nodes under the body node. Offsets of `text` are
// in the body; the body lies at `bodyOffset` in buffer `buffer` of the message.
void addTextIssues(const xmlrpc::XmlBodyText& text, const http::HttpMessageParts& parts, DecodedMessage& m,
                   DecodeNode* bodyNode)
{
    for (const xmlrpc::XmlBodyText::Issue& issue : text.issues()) {
        const qint64 at = parts.bodyOffset + issue.offset;
        if (issue.kind == Problem::Kind::Malformed) {
            m.addProblem(issue.text, at, bodyNode, issue.length);
            if (bodyNode)
                bodyNode->children.back().buffer = parts.bodyBuffer;
            continue;
        }
        m.addLenient(issue.text, at);
        if (bodyNode) {
            DecodeNode& n = bodyNode->add(QStringLiteral("lenient"), QStringLiteral("note"), issue.text, at,
                                          issue.length, QStringLiteral("Read although a strict peer would refuse it."));
            n.buffer = parts.bodyBuffer;
        }
    }
}

// A node that says how the body's bytes were read, when that is anything but undeclared UTF-8.
void addEncodingNode(const xmlrpc::XmlBodyText& text, const http::HttpMessageParts& parts, DecodeNode* bodyNode)
{
    const xmlrpc::XmlEncoding& e = text.encoding();
    if (!bodyNode || (e.isUtf8() && e.source == xmlrpc::XmlEncoding::Source::Default))
        return;
    QString description = QStringLiteral("How the body's bytes are read as text (XML 1.0 §4.3.3, RFC 7303): a byte "
                                         "order mark first, then the HTTP charset, then the XML declaration, else "
                                         "UTF-8.");
    if (text.wire())
        description += QStringLiteral(" The text is converted to UTF-8 to be parsed; the ranges of the nodes below "
                                      "are those of the bytes as sent.");
    DecodeNode& n = bodyNode->add(QStringLiteral("encoding"), QStringLiteral("text-encoding"), e.description(),
                                  parts.bodyOffset, e.bomLength, description);
    n.buffer = parts.bodyBuffer;
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
    // The head our framer parsed to cut this message, when the connection passes it on.
    const auto* framed = dynamic_cast<const http::HttpHeadNote*>(context.frameNote);
    const http::HttpMessageParts parts
        = http::readHttpMessage(bytes, request ? HttpHead::Kind::Request : HttpHead::Kind::Response, m, root,
                                context.limits(), framed ? framed->head : nullptr);
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
    // For summaries and errors only: most messages never need it.
    auto startLine = [&] { return http::startLineText(head, bytes); };
    DecodeNode* bodyNode = root && parts.bodyNode >= 0 ? &root->children[std::size_t(parts.bodyNode)] : root;

    if (!request) {
        if (head.status >= 100 && head.status < 200) {
            // 100 Continue and friends come before the real answer and answer nothing themselves.
            m.kind = MessageKind::Event;
            m.summary = startLine();
            m.tree.value = m.summary;
            return m;
        }
        m.kind = MessageKind::Response;
        if (head.status < 200 || head.status >= 300) {
            // Not an XML-RPC answer at all: Python's server sends 404 for a wrong path, 501 for GET.
            m.status = m.status == CallStatus::Malformed ? m.status : CallStatus::Exception;
            m.fault = RpcFault {RpcValue::fromInt(head.status), QStringLiteral("HTTP error: %1").arg(startLine()), {}};
            m.summary = startLine();
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
        m.summary = startLine();
        m.tree.value = m.summary;
        return m;
    }
    const xmlrpc::XmlBodyText text(parts.body, parts.charset);
    addEncodingNode(text, parts, bodyNode);
    addTextIssues(text, parts, m, bodyNode);
    XmlRpcBody body;
    if (text.readable()) {
        XmlRpcReadOptions options;
        options.limits = context.limits();
        options.buffer = parts.bodyBuffer;
        options.baseOffset = parts.bodyOffset;
        options.wire = text.wire();
        // The body as it is (not converted) was scanned for its encoding: its prolog is the text's.
        if (!text.wire() && text.encoding().prolog)
            options.prolog = &*text.encoding().prolog;
        std::vector<Problem> problems;
        body = XmlRpcReader::read(text.text(), options, problems, bodyNode);
        for (Problem& p : problems) {
            if (p.kind == Problem::Kind::Malformed)
                m.status = CallStatus::Malformed;
            m.problems.push_back(std::move(p));
        }
    }
    if (request) {
        if (body.kind == XmlRpcBody::Kind::Response)
            m.addProblem(QStringLiteral("the client sent a <methodResponse>, not a <methodCall>"), parts.bodyOffset);
        fillRequest(m, std::move(body));
        // The one-line summary is only shown with the tree; bulk decoding skips the display strings.
        if (context.buildTree())
            m.summary = QStringLiteral("%1(%2)").arg(m.method, argumentsText(m.params.toArray()));
    } else {
        if (body.kind == XmlRpcBody::Kind::Call)
            m.addProblem(QStringLiteral("the server sent a <methodCall>, not a <methodResponse>"), parts.bodyOffset);
        fillResponse(m, std::move(body), context);
        if (context.buildTree())
            m.summary = responseSummary(m);
    }
    if (!text.readable() && context.buildTree())
        m.summary = text.encoding().refusal;
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
