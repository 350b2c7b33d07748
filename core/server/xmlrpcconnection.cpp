#include "xmlrpcconnection.h"

#include "http/httpcontentcoding.h"
#include "http/httphead.h"
#include "http/httpmessage.h"
#include "server/connectionclocks.h"
#include "server/servedcall.h"
#include "server/xmlrpcserver.h"
#include "xmlrpc/xmlrpcreader.h"
#include "xmlrpc/xmlrpcwriter.h"

#include <QTcpSocket>
#include <QTimer>

namespace rpcscope {

namespace {

// "/RPC2", "/", or the same in absolute form ("http://host:port/RPC2"); a query string is ignored.
bool isRpcPath(QByteArrayView target)
{
    if (target.startsWith("http://") || target.startsWith("https://")) {
        const qsizetype schemeEnd = target.indexOf("//") + 2;
        const qsizetype pathStart = target.indexOf('/', schemeEnd);
        target = pathStart < 0 ? QByteArrayView("/") : target.sliced(pathStart);
    }
    if (const qsizetype q = target.indexOf('?'); q >= 0)
        target = target.first(q);
    return target == "/RPC2" || target == "/";
}

const QByteArray kServerName = "RpcScope-test-server";

} // namespace

struct XmlRpcConnection::Request
{
    QByteArray bytes;
    qint64 bodyOffset = 0;
    bool keepAlive = true;
    bool http10 = false;
    http::ContentCoding coding = http::ContentCoding::Identity;
    // The Content-Type's charset: the body's encoding when its XML names none (RFC 7303).
    QByteArray charset;
    double time = 0;
};

XmlRpcConnection::XmlRpcConnection(QTcpSocket* socket, XmlRpcServer* server, quint64 connectionId)
    : QObject(server)
    , m_socket(socket)
    , m_server(server)
    , m_clocks(new ConnectionClocks(server->limits(), this))
    , m_connectionId(connectionId)
{
    m_socket->setParent(this);
    // Bytes beyond this stay in the kernel while a reply is pending: TCP pushes back on a flooding client.
    m_socket->setReadBufferSize(1024 * 1024);
    connect(m_clocks, &ConnectionClocks::expired, this, [this](ConnectionClocks::Expiry what, const QString& reason) {
        if (what == ConnectionClocks::Expiry::Idle || m_closing)
            return shutDown(reason);
        // A request that takes too long to arrive is answered, as web servers do, then the connection is closed.
        reportClosed(reason);
        sendError(408, reason.toUtf8() + '\n', true);
    });
    connect(m_socket, &QTcpSocket::readyRead, this, &XmlRpcConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            deleteLater();
    });
    if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &XmlRpcConnection::onReadyRead);
}

XmlRpcConnection::~XmlRpcConnection()
{
    m_server->connectionClosed();
}

void XmlRpcConnection::onReadyRead()
{
    if (m_closing || m_waitingForReply)
        return; // the socket keeps the bytes; they are read once the pending reply is out
    m_clocks->received();
    if (m_buffer.isEmpty() && m_server->wantsCalls())
        m_firstByteTime = servedNow();
    m_buffer += m_socket->readAll();
    processBuffer();
}

void XmlRpcConnection::processBuffer()
{
    processRequests();
    // The bytes left over are the start of a request that has not arrived whole; its clock runs while the server
    // is not the one keeping it waiting.
    if (!m_closing)
        m_clocks->setRequestPending(!m_buffer.isEmpty() && !m_waitingForReply);
}

void XmlRpcConnection::processRequests()
{
    const XmlRpcServer::Limits& limits = m_server->limits();
    while (!m_waitingForReply && !m_closing) {
        if (const qint64 lead = http::leadingLineEnds(m_buffer); lead > 0) {
            m_buffer.remove(0, lead);
            m_headScanned = 0;
        }
        if (m_buffer.isEmpty())
            return;
        const qint64 headLength = http::findHeadEnd(m_buffer, m_headScanned);
        if (headLength < 0) {
            if (m_buffer.size() > limits.maxHeaderBytes)
                return sendError(431, "header block larger than the limit\n", true);
            m_headScanned = std::max<qint64>(0, m_buffer.size() - 3);
            return;
        }
        if (headLength > limits.maxHeaderBytes)
            return sendError(431, "header block larger than the limit\n", true);
        const QByteArrayView headBytes = QByteArrayView(m_buffer).first(headLength);
        Result<http::HttpHead> head = http::parseHead(headBytes, http::HttpHead::Kind::Request);
        if (!head)
            return sendError(400, head.error().toUtf8() + '\n', true);

        Request request;
        request.http10 = head->versionMajor == 1 && head->versionMinor == 0;
        request.keepAlive
            = request.http10 ? head->hasToken("Connection", "keep-alive") : !head->hasToken("Connection", "close");
        if (!head->value("Transfer-Encoding").isNull())
            return sendError(501, "chunked request bodies are not supported; send Content-Length\n", true);
        qint64 bodyLength = 0;
        if (const QByteArrayView cl = head->value("Content-Length"); !cl.isNull()) {
            bodyLength = http::parseContentLength(cl);
            if (bodyLength < 0)
                return sendError(400, "invalid Content-Length\n", true);
        } else if (head->method == "POST") {
            return sendError(411, "a Content-Length is required\n", true);
        }
        if (bodyLength > limits.maxRequestBytes) {
            Q_EMIT m_server->connectionRefused(QStringLiteral("request body of %1 bytes is over the limit of %2")
                                                   .arg(bodyLength)
                                                   .arg(limits.maxRequestBytes));
            return sendError(413, "request body larger than the limit\n", true);
        }
        if (m_buffer.size() < headLength + bodyLength) {
            if (!m_continueSent && head->hasToken("Expect", "100-continue")) {
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                m_continueSent = true;
            }
            // Resume the search just before the empty line that ends the head, so it is found again at once.
            m_headScanned = std::max<qint64>(0, headLength - 4);
            return;
        }
        const bool isPost = head->method == "POST";
        const bool pathOk = isRpcPath(head->target);
        request.coding = http::contentCoding(head->value("Content-Encoding"));
        request.charset = http::charsetParameter(head->value("Content-Type"));

        request.bytes = m_buffer.first(headLength + bodyLength);
        request.bodyOffset = headLength;
        request.time = m_firstByteTime;
        m_buffer.remove(0, headLength + bodyLength);
        m_clocks->requestDone();
        m_headScanned = 0;
        m_continueSent = false;
        if (!m_buffer.isEmpty() && m_server->wantsCalls())
            m_firstByteTime = servedNow();

        if (!isPost) {
            sendError(405, "XML-RPC requests are POSTed\n", !request.keepAlive, request.bytes);
            continue;
        }
        if (!pathOk) {
            sendError(404, "no XML-RPC endpoint here; use /RPC2 or /\n", !request.keepAlive, request.bytes);
            continue;
        }
        if (request.coding == http::ContentCoding::Unsupported) {
            sendError(415, "unsupported Content-Encoding\n", !request.keepAlive, request.bytes);
            continue;
        }
        dispatch(request);
    }
}

void XmlRpcConnection::dispatch(const Request& request)
{
    const XmlRpcServer::Limits& limits = m_server->limits();
    QByteArrayView body = QByteArrayView(request.bytes).sliced(request.bodyOffset);
    QByteArray inflated;
    if (request.coding != http::ContentCoding::Identity) {
        Result<http::InflatedBody> out = http::inflateBody(body, request.coding, limits.maxRequestBytes);
        if (!out)
            return sendError(400, out.error().toUtf8() + '\n', !request.keepAlive, request.bytes);
        inflated = std::move(out->data);
        body = inflated;
    }

    DecodeLimits decodeLimits;
    decodeLimits.maxDepth = limits.maxDepth;
    decodeLimits.maxMessageBytes = limits.maxRequestBytes;
    decodeLimits.maxStringBytes = limits.maxRequestBytes;
    Result<XmlRpcBody> parsed = XmlRpcReader::parseBody(body, decodeLimits, request.charset);
    if (!parsed) {
        const QByteArray xml
            = XmlRpcWriter::writeFault(xmlrpcfault::ParseError, QStringLiteral("parse error: %1").arg(parsed.error()));
        const RpcFault fault {RpcValue::fromInt(xmlrpcfault::ParseError), parsed.error(), {}};
        return sendReply(request, xml, {}, fault, {}, {});
    }
    if (parsed->kind != XmlRpcBody::Kind::Call) {
        const QString text = QStringLiteral("invalid request: the body is not a <methodCall>");
        const RpcFault fault {RpcValue::fromInt(xmlrpcfault::InvalidRequest), text, {}};
        return sendReply(request, XmlRpcWriter::writeFault(fault), {}, fault, {}, {});
    }

    XmlRpcReply reply = m_server->methods().invoke(parsed->method, parsed->params);
    auto answer = [this, request, reply, method = parsed->method, params = std::move(parsed->params)]() mutable {
        QByteArray xml;
        if (reply.fault) {
            xml = XmlRpcWriter::writeFault(*reply.fault);
        } else if (Result<QByteArray> written = XmlRpcWriter::writeResponse(reply.result); written) {
            xml = std::move(*written);
        } else {
            reply.fault = RpcFault {RpcValue::fromInt(xmlrpcfault::InternalError),
                                    QStringLiteral("the result cannot be written: %1").arg(written.error()),
                                    {}};
            xml = XmlRpcWriter::writeFault(*reply.fault);
        }
        sendReply(request, xml, reply.result, reply.fault, method, params);
    };
    if (reply.delayMs <= 0)
        return answer();
    m_waitingForReply = true;
    QTimer::singleShot(reply.delayMs, this, [this, answer]() mutable {
        m_waitingForReply = false;
        answer();
        // Bytes that arrived meanwhile are still in the socket (or the buffer): serve them now.
        if (!m_closing && m_socket->bytesAvailable() > 0)
            onReadyRead();
        else
            processBuffer();
    });
}

void XmlRpcConnection::sendReply(const Request& request, const QByteArray& xml, const RpcValue& result,
                                 const std::optional<RpcFault>& fault, const QString& method, const RpcArray& params)
{
    http::HeaderList fields {{"Server", kServerName}, {"Content-Type", "text/xml; charset=utf-8"}};
    const bool close = !request.keepAlive;
    if (request.http10 && !close)
        fields.emplace_back("Connection", "keep-alive");
    const bool observe = m_server->wantsCalls();
    QByteArray written;
    writeHttp(200, fields, xml, close, observe ? &written : nullptr);
    if (observe)
        emitCall(request.bytes, written, method, params, result, fault, request.time);
}

void XmlRpcConnection::sendError(int status, const QByteArray& text, bool close, const QByteArray& requestBytes)
{
    http::HeaderList fields {{"Server", kServerName}, {"Content-Type", "text/plain; charset=utf-8"}};
    if (status == 405)
        fields.emplace_back("Allow", "POST");
    const bool observe = m_server->wantsCalls() && !requestBytes.isEmpty();
    QByteArray written;
    writeHttp(status, fields, text, close, observe ? &written : nullptr);
    if (observe) {
        emitCall(requestBytes, written, {}, {}, {},
                 RpcFault {RpcValue::fromInt(status), QString::fromUtf8(text).trimmed(), {}}, m_firstByteTime);
    }
}

void XmlRpcConnection::writeHttp(int status, const http::HeaderList& fields, const QByteArray& body, bool close,
                                 QByteArray* written)
{
    http::HeaderList all = fields;
    if (close)
        all.emplace_back("Connection", "close");
    Result<QByteArray> bytes = http::writeResponse(status, all, body);
    if (!bytes)
        return shutDown(bytes.error());
    m_socket->write(*bytes);
    // Written now rather than from the next event loop turn: one wake-up less per reply.
    m_socket->flush();
    if (written)
        *written = std::move(*bytes);
    if (close) {
        m_closing = true;
        m_socket->disconnectFromHost(); // after the reply has been written
    }
}

void XmlRpcConnection::emitCall(const QByteArray& requestBytes, const QByteArray& responseBytes, const QString& method,
                                const RpcArray& params, const RpcValue& result, const std::optional<RpcFault>& fault,
                                double requestTime)
{
    const double now = servedNow();
    auto request = std::make_shared<DecodedMessage>();
    request->protocol = QStringLiteral("xmlrpc");
    request->kind = MessageKind::Request;
    request->method = method;
    request->params = RpcValue::fromArray(params);
    request->summary = method.isEmpty() ? QStringLiteral("HTTP request") : method;
    request->buffers = {requestBytes};
    request->bufferNames = {QStringLiteral("request")};
    request->firstSeen = requestTime > 0 ? requestTime : now;
    request->lastSeen = request->firstSeen;

    auto response = std::make_shared<DecodedMessage>();
    response->protocol = request->protocol;
    response->kind = MessageKind::Response;
    response->method = method;
    response->result = result;
    response->fault = fault;
    response->status = fault ? CallStatus::Fault : CallStatus::Ok;
    response->buffers = {responseBytes};
    response->bufferNames = {QStringLiteral("response")};
    response->firstSeen = now;
    response->lastSeen = now;

    const Call call
        = makeServedCall(std::move(request), std::move(response), *m_socket, m_server->nextCallId(), m_connectionId);
    Q_EMIT m_server->callServed(call);
}

void XmlRpcConnection::reportClosed(const QString& reason)
{
    Q_EMIT m_server->connectionRefused(
        QStringLiteral("connection from %1 closed: %2")
            .arg(Endpoint {m_socket->peerAddress().toString(), m_socket->peerPort()}.toString(), reason));
}

void XmlRpcConnection::shutDown(const QString& reason)
{
    if (m_closing)
        return;
    m_closing = true;
    reportClosed(reason);
    m_socket->abort();
    deleteLater();
}

} // namespace rpcscope
