#include "httpmessage.h"

#include "http/httpchunked.h"
#include "http/httpcontentcoding.h"
#include "http/httpparser.h"

namespace rpcscope::http {

namespace {

QString latin1(QByteArrayView v)
{
    return QString::fromLatin1(v.data(), v.size());
}

qint64 offsetIn(QByteArrayView whole, QByteArrayView part)
{
    return part.data() - whole.data();
}

// What a field is for, in words a student can follow. Unknown fields get a generic line.
QString fieldDescription(QByteArrayView name)
{
    struct Known
    {
        const char* name;
        const char* text;
    };
    static constexpr Known kKnown[] = {
        {"Host", "Which server (host and port) the request is for; required in HTTP/1.1."},
        {"User-Agent", "The client program that sent the request."},
        {"Server", "The server program that sent the response."},
        {"Content-Type", "Media type of the body; XML-RPC uses text/xml."},
        {"Content-Length", "Size of the body in bytes, as sent on the wire (after any compression)."},
        {"Transfer-Encoding", "How the body is framed on the wire; \"chunked\" sends it in size-prefixed pieces."},
        {"Content-Encoding", "Compression applied to the body (gzip, deflate); undone before decoding."},
        {"Accept-Encoding", "Compressions the client can read; Python's client offers gzip."},
        {"Connection", "Whether the connection stays open after this message (keep-alive) or closes."},
        {"Date", "When the server produced the response."},
        {"Expect", "\"100-continue\": the client waits for an interim 100 response before sending the body."},
        {"Keep-Alive", "Parameters of a persistent connection (timeout, maximum requests)."},
        {"Authorization", "Credentials for the server (Basic authentication is only base64, not encryption)."},
        {"Accept", "Media types the client accepts in the response."},
    };
    for (const Known& k : kKnown) {
        if (equalsIgnoringCase(name, k.name))
            return QString::fromLatin1(k.text);
    }
    return QStringLiteral("A header field: a name, a colon and a value.");
}

void addFields(DecodeNode& parent, const std::vector<HeaderField>& fields)
{
    for (const HeaderField& f : fields) {
        const QString value = f.folded ? latin1(HttpHead::fieldValue(f)) : latin1(f.value);
        parent.add(latin1(f.name), QStringLiteral("header"), value, f.offset, f.length, fieldDescription(f.name));
    }
}

void addStartLine(DecodeNode& http, QByteArrayView bytes, const HttpHead& head)
{
    const QByteArrayView line = head.startLine(bytes);
    if (head.isRequest()) {
        DecodeNode& l = http.add(QStringLiteral("requestLine"), QStringLiteral("request-line"), latin1(line),
                                 head.startOffset, head.startLineLength,
                                 QStringLiteral("First line of an HTTP request: method, target and protocol version."));
        l.add(QStringLiteral("method"), QStringLiteral("token"), latin1(head.method), offsetIn(bytes, head.method),
              head.method.size(), QStringLiteral("HTTP method; XML-RPC calls are always POST."));
        l.add(QStringLiteral("target"), QStringLiteral("request-target"), latin1(head.target),
              offsetIn(bytes, head.target), head.target.size(),
              QStringLiteral("Path of the request on the server; XML-RPC servers conventionally use / or /RPC2."));
        l.add(QStringLiteral("version"), QStringLiteral("version"), latin1(head.version), offsetIn(bytes, head.version),
              head.version.size(),
              QStringLiteral("HTTP version. HTTP/1.1 keeps the connection open for further calls by default."));
        return;
    }
    DecodeNode& l = http.add(QStringLiteral("statusLine"), QStringLiteral("status-line"), latin1(line),
                             head.startOffset, head.startLineLength,
                             QStringLiteral("First line of an HTTP response: version, status code and reason."));
    l.add(QStringLiteral("version"), QStringLiteral("version"), latin1(head.version), offsetIn(bytes, head.version),
          head.version.size(),
          QStringLiteral("HTTP version. An HTTP/1.0 server closes the connection after each response."));
    l.add(QStringLiteral("status"), QStringLiteral("status-code"), QString::number(head.status),
          offsetIn(bytes, head.version) + head.version.size() + 1, 3,
          QStringLiteral("Status code: 200 means the server handled the request (an XML-RPC fault also comes "
                         "with 200); 1xx codes are interim responses."));
    if (!head.reason.isEmpty())
        l.add(QStringLiteral("reason"), QStringLiteral("reason-phrase"), latin1(head.reason),
              offsetIn(bytes, head.reason), head.reason.size(),
              QStringLiteral("The status code in words, for people only."));
}

void addHeadNodes(DecodeNode& root, QByteArrayView bytes, const HttpHead& head, DecodedMessage& message)
{
    DecodeNode& http = root.add(
        QStringLiteral("http"), head.isRequest() ? QStringLiteral("HTTP request") : QStringLiteral("HTTP response"),
        latin1(head.startLine(bytes)), 0, head.length,
        head.isRequest() ? QStringLiteral("The HTTP request that carries the call: a request line, "
                                          "header fields, an empty line, then the body.")
                         : QStringLiteral("The HTTP response that carries the reply: a status line, "
                                          "header fields, an empty line, then the body."));
    if (head.startOffset > 0)
        http.add(QStringLiteral("emptyLines"), QStringLiteral("bytes"),
                 QStringLiteral("%1 bytes").arg(head.startOffset), 0, head.startOffset,
                 QStringLiteral("Empty lines before the start line, tolerated and ignored."));
    addStartLine(http, bytes, head);
    const qint64 fieldsStart = bytes.indexOf('\n', head.startOffset) + 1;
    qint64 fieldsEnd = fieldsStart;
    if (!head.headers.empty())
        fieldsEnd = head.headers.back().offset + head.headers.back().length;
    DecodeNode& fields
        = http.add(QStringLiteral("headers"), QStringLiteral("headers"),
                   QStringLiteral("%1 fields").arg(head.headers.size()), fieldsStart, fieldsEnd - fieldsStart,
                   QStringLiteral("Header fields: \"Name: value\" lines that describe the message."));
    addFields(fields, head.headers);
    const qint64 blankStart = head.length - 1 - (head.length >= 2 && bytes[head.length - 2] == '\r' ? 1 : 0);
    if (head.terminated && blankStart >= fieldsEnd)
        http.add(QStringLiteral("end"), QStringLiteral("line-end"), QStringLiteral("empty line"), blankStart,
                 head.length - blankStart, QStringLiteral("The empty line that ends the header block."));
    for (const Problem& p : head.problems)
        message.addProblem(p.text, p.offset, &http);
}

// Trailer fields after the last chunk: "Name: value" lines up to an empty line.
void addTrailers(DecodeNode& body, QByteArrayView raw, qint64 base, qint64 from, qint64 to)
{
    if (from < 0 || to <= from)
        return;
    DecodeNode& t = body.add(QStringLiteral("trailers"), QStringLiteral("headers"), QString(), base + from, to - from,
                             QStringLiteral("Trailer fields sent after the last chunk, then an empty line."));
    int count = 0;
    qint64 pos = from;
    while (pos < to) {
        qint64 nl = raw.indexOf('\n', pos);
        if (nl < 0 || nl >= to)
            nl = to - 1;
        qint64 end = nl;
        if (end > pos && raw[end - 1] == '\r')
            --end;
        if (end > pos) {
            const QByteArrayView line = raw.sliced(pos, end - pos);
            const qsizetype colon = line.indexOf(':');
            const QByteArrayView name = colon > 0 ? line.first(colon).trimmed() : line;
            const QByteArrayView value = colon > 0 ? line.sliced(colon + 1).trimmed() : QByteArrayView();
            t.add(latin1(name), QStringLiteral("header"), latin1(value), base + pos, end - pos, fieldDescription(name));
            ++count;
        }
        pos = nl + 1;
    }
    t.value = QStringLiteral("%1 fields").arg(count);
}

void addChunkNodes(DecodeNode& body, QByteArrayView raw, qint64 base, const DechunkedBody& d)
{
    int index = 0;
    for (const ChunkSpan& c : d.chunks) {
        const qint64 length = c.length > 0 ? c.length : raw.size() - c.offset;
        qint64 sizeText = c.sizeLength;
        while (sizeText > 0 && (raw[c.offset + sizeText - 1] == '\n' || raw[c.offset + sizeText - 1] == '\r'))
            --sizeText;
        const bool last = c.size == 0;
        DecodeNode& n
            = body.add(last ? QStringLiteral("lastChunk") : QStringLiteral("chunk[%1]").arg(index++),
                       QStringLiteral("chunk"), QStringLiteral("%1 bytes").arg(c.size), base + c.offset, length,
                       last ? QStringLiteral("The zero-size chunk that ends a chunked body.")
                            : QStringLiteral("One piece of a chunked body: a hexadecimal size line, the "
                                             "data, and a line end."));
        n.add(QStringLiteral("size"), QStringLiteral("hex"),
              QStringLiteral("%1 (%2)").arg(latin1(raw.sliced(c.offset, sizeText))).arg(c.size), base + c.offset,
              sizeText, QStringLiteral("Chunk size in hexadecimal, optionally followed by ;extensions."));
        if (!last)
            n.add(QStringLiteral("data"), QStringLiteral("bytes"), QStringLiteral("%1 bytes").arg(c.size),
                  base + c.dataOffset, std::min(c.size, raw.size() - c.dataOffset),
                  QStringLiteral("The chunk's share of the body."));
    }
    addTrailers(body, raw, base, d.trailerOffset, d.length);
}

} // namespace

QByteArray mediaType(QByteArrayView contentType)
{
    const qsizetype semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.first(semi)).trimmed().toByteArray().toLower();
}

QByteArray charsetParameter(QByteArrayView contentType, qint64* valueOffset)
{
    if (valueOffset)
        *valueOffset = -1;
    // type/subtype *( ";" name "=" ( token / quoted-string ) ), blanks allowed around the semicolons (RFC 9110 §5.6.6).
    qsizetype semi = contentType.indexOf(';');
    while (semi >= 0) {
        const qsizetype next = contentType.indexOf(';', semi + 1);
        const QByteArrayView parameter
            = contentType.sliced(semi + 1, (next < 0 ? contentType.size() : next) - semi - 1);
        const qsizetype eq = parameter.indexOf('=');
        if (eq > 0 && equalsIgnoringCase(parameter.first(eq).trimmed(), "charset")) {
            qsizetype start = eq + 1;
            while (start < parameter.size() && (parameter[start] == ' ' || parameter[start] == '\t'))
                ++start;
            QByteArrayView value = parameter.sliced(start).trimmed();
            if (value.startsWith('"')) {
                const qsizetype close = value.indexOf('"', 1);
                value = value.sliced(1, (close < 0 ? value.size() : close) - 1);
                ++start;
            }
            if (valueOffset)
                *valueOffset = semi + 1 + start;
            return value.toByteArray().toLower();
        }
        semi = next;
    }
    return {};
}

QString startLineText(const HttpHead& head, QByteArrayView bytes)
{
    return latin1(head.startLine(bytes));
}

HttpMessageParts readHttpMessage(const QByteArray& bytes, HttpHead::Kind kind, DecodedMessage& message,
                                 DecodeNode* root, const DecodeLimits& limits, const HttpHead* framed)
{
    HttpMessageParts parts;
    if (message.buffers.empty()) {
        message.buffers.push_back(bytes);
        message.bufferNames.push_back(QStringLiteral("message"));
    }
    const qint64 lead = leadingLineEnds(bytes);
    if (lead == bytes.size()) {
        parts.onlyLineEnds = true;
        if (root)
            root->add(QStringLiteral("emptyLines"), QStringLiteral("bytes"), QStringLiteral("%1 bytes").arg(lead), 0,
                      lead, QStringLiteral("Empty lines between messages, tolerated and ignored."));
        return parts;
    }
    if (framed && framed->kind == kind && framed->startOffset == lead) {
        parts.head = *framed;
    } else {
        const qint64 end = findHeadEnd(bytes, lead);
        Result<HttpHead> parsed = parseHead(end < 0 ? QByteArrayView(bytes) : QByteArrayView(bytes).first(end), kind);
        if (!parsed) {
            message.addProblem(parsed.error(), lead, root);
            return parts;
        }
        parts.head = std::move(parsed.value());
    }
    const HttpHead& head = *parts.head;
    if (root)
        addHeadNodes(*root, bytes, head, message);
    else
        for (const Problem& p : head.problems)
            message.addProblem(p.text, p.offset);

    const QByteArrayView raw = QByteArrayView(bytes).sliced(head.length);
    const qint64 base = head.length;
    const BodyFraming framing = bodyFraming(head);
    const QByteArrayView contentType = head.value("Content-Type");
    qint64 charsetAt = -1;
    parts.charset = charsetParameter(contentType, &charsetAt);
    if (charsetAt >= 0)
        parts.charsetOffset = offsetIn(bytes, contentType) + charsetAt;
    DecodeNode* bodyNode = nullptr;
    if (root && (!raw.isEmpty() || framing.kind == BodyFraming::Kind::Length)) {
        parts.bodyNode = static_cast<int>(root->children.size());
        const QString type = framing.kind == BodyFraming::Kind::Chunked ? QStringLiteral("chunked")
            : contentType.isEmpty()                                     ? QStringLiteral("body")
                                                                        : latin1(mediaType(contentType));
        bodyNode
            = &root->add(QStringLiteral("body"), type, QStringLiteral("%1 bytes").arg(raw.size()), base, raw.size(),
                         framing.kind == BodyFraming::Kind::Chunked
                             ? QStringLiteral("The message body in chunked transfer coding: size-prefixed "
                                              "pieces ending with a zero-size chunk.")
                             : QStringLiteral("The message body: the bytes after the empty line, as many as "
                                              "Content-Length says."));
    }

    QByteArrayView payload = raw;
    if (framing.kind == BodyFraming::Kind::Chunked) {
        DechunkedBody d = dechunk(raw, limits.maxMessageBytes, limits.maxHeaderBytes);
        if (bodyNode)
            addChunkNodes(*bodyNode, raw, base, d);
        if (!d.error.isEmpty()) {
            message.addProblem(d.error, base + d.errorOffset, bodyNode);
            parts.bodyComplete = false;
        } else if (raw.size() > d.length) {
            message.addProblem(QStringLiteral("%1 bytes after the end of the chunked body").arg(raw.size() - d.length),
                               base + d.length, bodyNode);
        }
        parts.bodyData = std::move(d.data);
        parts.bodyBuffer = static_cast<int>(message.buffers.size());
        message.buffers.push_back(parts.bodyData);
        message.bufferNames.push_back(QStringLiteral("body (de-chunked)"));
        payload = parts.bodyData;
    } else {
        if (framing.kind == BodyFraming::Kind::Length && raw.size() != framing.length) {
            if (raw.size() < framing.length) {
                message.addProblem(
                    QStringLiteral("the body is incomplete: %1 of %2 bytes").arg(raw.size()).arg(framing.length),
                    bytes.size(), bodyNode);
                parts.bodyComplete = false;
            } else {
                message.addProblem(QStringLiteral("%1 bytes after the %2-byte body")
                                       .arg(raw.size() - framing.length)
                                       .arg(framing.length),
                                   base + framing.length, bodyNode);
                payload = raw.first(framing.length);
            }
        } else if (framing.kind == BodyFraming::Kind::Invalid) {
            message.addProblem(framing.error, base, bodyNode);
        }
        parts.bodyOffset = base;
    }

    const QByteArrayView encoding = head.value("Content-Encoding");
    const ContentCoding coding = contentCoding(encoding);
    if (coding == ContentCoding::Unsupported) {
        message.addProblem(
            QStringLiteral("unsupported Content-Encoding \"%1\"; the body is shown as sent").arg(latin1(encoding)),
            base, bodyNode);
    } else if (coding != ContentCoding::Identity && !payload.isEmpty()) {
        Result<InflatedBody> inflated = inflateBody(payload, coding, limits.maxMessageBytes);
        if (!inflated) {
            message.addProblem(inflated.error(), parts.bodyBuffer == 0 ? base : 0, bodyNode);
            parts.bodyComplete = false;
            parts.body = {};
            return parts;
        }
        const qint64 compressed = payload.size();
        parts.bodyData = std::move(inflated->data);
        parts.bodyBuffer = static_cast<int>(message.buffers.size());
        parts.bodyOffset = 0;
        message.buffers.push_back(parts.bodyData);
        message.bufferNames.push_back(QStringLiteral("body (inflated)"));
        payload = parts.bodyData;
        if (bodyNode) {
            DecodeNode& n = bodyNode->add(QStringLiteral("inflated"), inflated->format,
                                          QStringLiteral("%1 bytes from %2").arg(payload.size()).arg(compressed), 0,
                                          payload.size(),
                                          QStringLiteral("The body after undoing Content-Encoding: %1 (a buffer of "
                                                         "its own).")
                                              .arg(latin1(encoding)));
            n.buffer = parts.bodyBuffer;
        }
    }
    parts.body = payload;
    return parts;
}

} // namespace rpcscope::http
