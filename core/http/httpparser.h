#pragma once

#include "http/httpchunked.h"
#include "http/httphead.h"
#include "protocoldecoder.h"

#include <deque>

namespace rpcscope::http {

/// The kind of request a response answers, as far as framing cares (RFC 9112 §6.3).
enum class RequestMethodKind : quint8 { Other, Head, Connect };

/// How the body of a message is delimited.
struct BodyFraming
{
    enum class Kind {
        None, ///< no body (requests without length, HEAD responses, 1xx, 204, 304)
        Length, ///< Content-Length bytes
        Chunked, ///< Transfer-Encoding: chunked
        UntilClose, ///< a response without length: the body runs until the connection closes
        Invalid, ///< the head makes the length unknowable (`error` says why)
    };
    Kind kind = Kind::None;
    qint64 length = 0;
    QString error;
};

/// The framing rules of RFC 9112 §6.3 for `head`; for a response, `answers` is the request's method kind.
BodyFraming bodyFraming(const HttpHead& head, RequestMethodKind answers = RequestMethodKind::Other);

/// What the two directions of one connection tell each other: the methods of requests whose responses have not
/// started yet (a response to HEAD has no body), and whether the connection left HTTP (101, CONNECT).
class HttpExchange
{
public:
    void requestStarted(QByteArrayView method);
    /// A response with `status` started: returns the method kind of the request it answers. Interim (1xx) responses
    /// other than 101 answer nothing yet.
    RequestMethodKind responseStarted(int status);
    bool switched() const { return m_switched; }
    void setSwitched() { m_switched = true; }

private:
    std::deque<RequestMethodKind> m_methods;
    bool m_switched = false;
};

/// Incremental HTTP/1.x message parser for one direction of a connection. `cut()` is called with the bytes not
/// yet framed, which start at a message start and only grow until a cut is returned; it keeps its progress (head
/// end search, chunk walk) between calls so a large body is walked once, not once per segment.
///
/// Tolerates empty lines before a start line, bare LF line ends and obsolete folding. Past a limit it answers
/// Skip (a Content-Length body, whose end is known) or Stop (a chunked or until-close body, whose end is not)
/// with the reason; bytes that are not a start line are skipped up to the next plausible one.
class HttpMessageParser
{
public:
    explicit HttpMessageParser(HttpHead::Kind kind)
        : m_kind(kind)
    { }

    FrameCut cut(QByteArrayView pending, const FrameHints& hints, HttpExchange& exchange);
    /// The offset of the first plausible start line in `pending`, or -1; forgets any message in progress.
    qint64 resync(QByteArrayView pending);
    void reset();
    /// The head of the message the last cut() returned, when it read one (views into that cut's `pending`); else
    /// null.
    const HttpHead* cutHead() const { return m_headCut ? &m_head : nullptr; }

private:
    enum class Stage { Start, Head, Body };
    FrameCut complete(qint64 length, HttpExchange& exchange);
    FrameCut skipGarbage(QByteArrayView pending, const FrameHints& hints, const DecodeLimits& limits);

    HttpHead::Kind m_kind;
    Stage m_stage = Stage::Start;
    qint64 m_seen = 0;
    qint64 m_lead = 0;
    qint64 m_scanned = 0;
    qint64 m_headLength = 0;
    bool m_switchAfter = false;
    BodyFraming m_framing;
    ChunkedScanner m_chunked;
    // The head being framed; kept between messages so that its lists keep their room. Its views are only valid
    // within cut().
    HttpHead m_head;
    bool m_headCut = false;
    // Where the bytes m_head's views point into began: a later cut() of the same message may see them moved (the
    // caller's buffer grew), and the views are moved with them.
    const char* m_headBase = nullptr;
    void rebaseHead(const char* base);
};

} // namespace rpcscope::http
