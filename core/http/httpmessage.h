#pragma once

#include "http/httphead.h"
#include "protocoldecoder.h"

#include <optional>

namespace rpcscope::http {

/// One framed HTTP message taken apart for a protocol decoder that rides on HTTP (XML-RPC): the head, and the
/// body with its transfer coding (chunked) and content coding (gzip, deflate) undone.
struct HttpMessageParts
{
    /// Null when not even a start line could be read (the problem is recorded on the message).
    std::optional<HttpHead> head;
    /// True when the message is nothing but empty lines (a sloppy peer's stray CRLF).
    bool onlyLineEnds = false;
    /// The payload, after all codings were undone. Identity bodies are a view into buffer 0; derived bodies live
    /// in `bodyData` and in the message's buffers.
    QByteArrayView body;
    QByteArray bodyData;
    /// Which of the message's buffers `body` is in, and where it starts there.
    int bodyBuffer = 0;
    qint64 bodyOffset = 0;
    /// False when the body is shorter than announced or a coding could not be undone completely.
    bool bodyComplete = true;
    /// Index of the "body" node among the root's children (payload nodes go there), or -1.
    int bodyNode = -1;
    /// The Content-Type's `charset` parameter, lower-case and unquoted (empty if none), and where its value lies in
    /// the message (buffer 0), or -1. XML-RPC reads it as the body's encoding when the XML names none (RFC 7303).
    QByteArray charset;
    qint64 charsetOffset = -1;
};

/// Reads `bytes` (buffer 0 of `message`, which must already hold it) as one HTTP message of `kind`. Problems go to
/// `message`; with a `root`, the tree gets an `http` node (start line, each header field) and a `body` node
/// (chunks, trailers, and the decoded payload's buffer). Derived payloads are appended to `message.buffers`.
/// `framed` is the head the framer parsed from these same bytes, when it did: it is taken instead of parsing again.
HttpMessageParts readHttpMessage(const QByteArray& bytes, HttpHead::Kind kind, DecodedMessage& message,
                                 DecodeNode* root, const DecodeLimits& limits, const HttpHead* framed = nullptr);

/// The media type of a Content-Type value, lower-cased and without parameters ("text/xml").
QByteArray mediaType(QByteArrayView contentType);

/// The `charset` parameter of a Content-Type value (`text/xml; charset="ISO-8859-1"` → "iso-8859-1"), lower-case
/// and unquoted; empty when there is none. `valueOffset` gets the value's offset in `contentType`, or -1.
QByteArray charsetParameter(QByteArrayView contentType, qint64* valueOffset = nullptr);

/// "HTTP/1.1 200 OK" style text of a head's start line, for summaries.
QString startLineText(const HttpHead& head, QByteArrayView bytes);

} // namespace rpcscope::http
