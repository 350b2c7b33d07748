#pragma once

#include "message.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace rpcscope::http {

/// One header field as sent. The views point into the bytes given to `parseHead()`.
struct HeaderField
{
    QByteArrayView name;
    /// Without surrounding blanks. For an obsolete folded field the view spans the continuation lines; use
    /// `HttpHead::fieldValue()` for the unfolded text.
    QByteArrayView value;
    /// The field's line (and continuation lines) in the message, without the final line end.
    qint64 offset = 0;
    qint64 length = 0;
    qint64 valueOffset = 0;
    bool folded = false;
};

/// The start line and header block of one HTTP/1.x message. Views point into the parsed bytes.
struct HttpHead
{
    enum class Kind { Request, Response };
    Kind kind = Kind::Request;
    QByteArrayView method;
    QByteArrayView target;
    int status = 0;
    QByteArrayView reason;
    QByteArrayView version;
    int versionMajor = 1;
    int versionMinor = 1;
    /// Empty lines tolerated before the start line (RFC 9112 §2.2).
    qint64 startOffset = 0;
    /// The start line without its line end.
    qint64 startLineLength = 0;
    std::vector<HeaderField> headers;
    /// The whole head: leading empty lines, start line, fields and the empty line that ends them.
    qint64 length = 0;
    /// False when the bytes ended before the empty line that ends the header block.
    bool terminated = true;
    /// Lines that break the grammar but were tolerated (a field without a colon...), with their offsets.
    std::vector<Problem> problems;

    bool isRequest() const { return kind == Kind::Request; }
    /// The first field called `name` (case-insensitive), or null.
    const HeaderField* field(QByteArrayView name) const;
    /// The value of the first field called `name` (case-insensitive); a null view if there is none.
    QByteArrayView value(QByteArrayView name) const;
    /// True if any field called `name` lists `token` in its comma-separated value (case-insensitive).
    bool hasToken(QByteArrayView name, QByteArrayView token) const;
    /// The value with obsolete line folding replaced by single spaces.
    static QByteArray fieldValue(const HeaderField& field);
    /// "POST /RPC2 HTTP/1.1" or "HTTP/1.1 200 OK", as sent.
    QByteArrayView startLine(QByteArrayView bytes) const { return bytes.sliced(startOffset, startLineLength); }
};

/// ASCII case-insensitive equality (header names, tokens).
bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b);

/// Number of CR/LF bytes at the start of `bytes` (empty lines before a start line).
qint64 leadingLineEnds(QByteArrayView bytes);

/// Searches for the empty line that ends a header block, starting at `from`. Returns the length of the block
/// including that line, or -1 if it has not arrived yet. Bare LF line ends are accepted.
qint64 findHeadEnd(QByteArrayView bytes, qint64 from);

enum class StartLineCheck { Plausible, NeedMore, Invalid };
/// Whether `bytes` begins with a request line (`METHOD target HTTP/x.y`) or a status line (`HTTP/x.y NNN
/// reason`). NeedMore when the bytes so far are a valid prefix of one.
StartLineCheck checkStartLine(QByteArrayView bytes, HttpHead::Kind kind);

/// Offset of the first line at or after `from` that starts a message of `kind` (or could, once more bytes
/// arrive), or -1.
qint64 findStartLine(QByteArrayView bytes, HttpHead::Kind kind, qint64 from = 0);

/// Parses a complete head: `bytes` holds at least the whole header block (see `findHeadEnd`). Fails only when
/// the start line cannot be read; tolerated oddities are listed in `HttpHead::problems`.
Result<HttpHead> parseHead(QByteArrayView bytes, HttpHead::Kind kind);
/// The same into `head`, which keeps the room of its lists from the last head it held (the framer parses every
/// message's head: no allocation per message). `head` is valid only when the result is.
Status parseHeadInto(QByteArrayView bytes, HttpHead::Kind kind, HttpHead& head);

/// Reads a Content-Length value: digits, or a list of identical values ("12, 12"). -1 if it is not one.
/// Values too large for 64 bits give the largest qint64 (beyond any limit).
qint64 parseContentLength(QByteArrayView value);

} // namespace rpcscope::http
