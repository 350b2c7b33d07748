#include "httpparser.h"

#include <cstdint>
#include <limits>

namespace rpcscope::http {

namespace {
// More empty lines than this before a start line are not a sloppy peer's extra CRLF but junk.
constexpr qint64 kMaxLeadingLineEnds = 1024;
// Responses are matched with requests in order; a peer that never answers must not make the queue grow forever.
constexpr std::size_t kMaxQueuedRequests = 4096;

const char* roleName(HttpHead::Kind kind)
{
    return kind == HttpHead::Kind::Request ? "request" : "response";
}
} // namespace

BodyFraming bodyFraming(const HttpHead& head, RequestMethodKind answers)
{
    BodyFraming f;
    if (!head.isRequest()) {
        const int s = head.status;
        if (answers == RequestMethodKind::Head || (s >= 100 && s < 200) || s == 204 || s == 304)
            return f;
        if (answers == RequestMethodKind::Connect && s >= 200 && s < 300)
            return f;
    }
    // Transfer-Encoding wins over Content-Length (RFC 9112 §6.3 rule 3): chunked must be the final coding. One pass
    // over the fields finds the last Transfer-Encoding and reads the Content-Lengths up to the first bad one.
    const HeaderField* lastCoding = nullptr;
    qint64 length = -1;
    const HeaderField* badLength = nullptr;
    qint64 badValue = -1;
    for (const HeaderField& h : head.headers) {
        if (equalsIgnoringCase(h.name, "Transfer-Encoding")) {
            lastCoding = &h;
            continue;
        }
        if (badLength || !equalsIgnoringCase(h.name, "Content-Length"))
            continue;
        // Unfolded only when folded: every message has this field, and a copy per message adds up.
        const qint64 v = parseContentLength(h.folded ? QByteArrayView(HttpHead::fieldValue(h)) : h.value);
        if (v < 0 || (length >= 0 && v != length)) {
            badLength = &h;
            badValue = v;
            continue;
        }
        length = v;
    }
    if (lastCoding) {
        const QByteArray value = HttpHead::fieldValue(*lastCoding);
        const qsizetype comma = value.lastIndexOf(',');
        const QByteArrayView final = QByteArrayView(value).sliced(comma + 1).trimmed();
        if (equalsIgnoringCase(final, "chunked")) {
            f.kind = BodyFraming::Kind::Chunked;
            return f;
        }
        if (head.isRequest()) {
            f.kind = BodyFraming::Kind::Invalid;
            f.error = QStringLiteral("request Transfer-Encoding \"%1\" does not end with chunked, so its body length "
                                     "is unknown")
                          .arg(QString::fromLatin1(value));
            return f;
        }
        f.kind = BodyFraming::Kind::UntilClose;
        return f;
    }
    if (badLength) {
        f.kind = BodyFraming::Kind::Invalid;
        f.error = badValue < 0
            ? QStringLiteral("bad Content-Length \"%1\"").arg(QString::fromLatin1(HttpHead::fieldValue(*badLength)))
            : QStringLiteral("conflicting Content-Length fields (%1 and %2)").arg(length).arg(badValue);
        return f;
    }
    if (length >= 0) {
        f.kind = BodyFraming::Kind::Length;
        f.length = length;
        return f;
    }
    f.kind = head.isRequest() ? BodyFraming::Kind::None : BodyFraming::Kind::UntilClose;
    return f;
}

void HttpExchange::requestStarted(QByteArrayView method)
{
    RequestMethodKind kind = RequestMethodKind::Other;
    if (method == "HEAD")
        kind = RequestMethodKind::Head;
    else if (method == "CONNECT")
        kind = RequestMethodKind::Connect;
    if (m_methods.size() >= kMaxQueuedRequests)
        m_methods.pop_front();
    m_methods.push_back(kind);
}

RequestMethodKind HttpExchange::responseStarted(int status)
{
    if (status >= 100 && status < 200 && status != 101)
        return RequestMethodKind::Other;
    if (m_methods.empty())
        return RequestMethodKind::Other; // a capture that started after the request
    const RequestMethodKind kind = m_methods.front();
    m_methods.pop_front();
    return kind;
}

void HttpMessageParser::reset()
{
    m_stage = Stage::Start;
    m_seen = 0;
    m_lead = 0;
    m_scanned = 0;
    m_headLength = 0;
    m_switchAfter = false;
    m_framing = {};
    m_chunked.reset();
}

qint64 HttpMessageParser::resync(QByteArrayView pending)
{
    reset();
    m_headCut = false;
    return findStartLine(pending, m_kind, 0);
}

void HttpMessageParser::rebaseHead(const char* base)
{
    // Offsets within the message stay; only where it lies changed. Computed on addresses, as the old bytes may be
    // gone.
    const auto oldBase = reinterpret_cast<std::uintptr_t>(m_headBase);
    auto move = [&](QByteArrayView& v) {
        if (!v.isNull())
            v = QByteArrayView(base + (reinterpret_cast<std::uintptr_t>(v.data()) - oldBase), v.size());
    };
    move(m_head.method);
    move(m_head.target);
    move(m_head.reason);
    move(m_head.version);
    for (HeaderField& f : m_head.headers) {
        move(f.name);
        move(f.value);
    }
    m_headBase = base;
}

FrameCut HttpMessageParser::complete(qint64 length, HttpExchange& exchange)
{
    const bool switchNow = m_switchAfter;
    reset();
    m_headCut = true; // complete() follows a parsed head: the message's, in m_head
    if (switchNow)
        exchange.setSwitched();
    return FrameCut::message(length);
}

FrameCut HttpMessageParser::skipGarbage(QByteArrayView pending, const FrameHints& hints, const DecodeLimits& limits)
{
    const qint64 next = findStartLine(pending, m_kind, 1);
    qint64 length = next;
    if (next < 0) {
        // Wait for a start line, but not without bound and not past the end of the stream.
        if (!hints.ended && pending.size() <= limits.maxHeaderBytes)
            return FrameCut::needMore();
        length = pending.size();
    }
    reset();
    return FrameCut::skip(length,
                          QStringLiteral("%1 bytes that are not an HTTP %2 (skipped to the next start line)")
                              .arg(length)
                              .arg(QLatin1StringView(roleName(m_kind))));
}

FrameCut HttpMessageParser::cut(QByteArrayView pending, const FrameHints& hints, HttpExchange& exchange)
{
    static const DecodeLimits kDefaults;
    const DecodeLimits& limits = hints.limits ? *hints.limits : kDefaults;
    m_headCut = false;
    if (m_stage == Stage::Body && pending.data() != m_headBase)
        rebaseHead(pending.data());
    if (pending.size() < m_seen)
        reset(); // not the bytes we saw growing: start over
    m_seen = pending.size();
    if (exchange.switched()) {
        reset();
        return FrameCut::stop(QStringLiteral("the connection left HTTP (101 Switching Protocols or CONNECT); "
                                             "the rest is not decoded"));
    }

    if (m_stage == Stage::Start) {
        m_lead = leadingLineEnds(pending);
        if (m_lead == pending.size()) {
            // Stray empty lines (some clients send CRLF after a body): a message of their own that decodes to
            // nothing, so that they neither wait forever nor count as junk.
            if (m_lead > 0 && (hints.ended || m_lead > kMaxLeadingLineEnds)) {
                const qint64 n = m_lead;
                reset();
                return FrameCut::message(n);
            }
            return FrameCut::needMore();
        }
        if (m_lead > kMaxLeadingLineEnds)
            return skipGarbage(pending, hints, limits);
        switch (checkStartLine(pending.sliced(m_lead), m_kind)) {
        case StartLineCheck::NeedMore:
            if (pending.size() - m_lead > limits.maxHeaderBytes) {
                reset();
                return FrameCut::skip(pending.size(),
                                      QStringLiteral("HTTP start line longer than the header limit "
                                                     "of %1 bytes")
                                          .arg(limits.maxHeaderBytes));
            }
            return FrameCut::needMore();
        case StartLineCheck::Invalid:
            return skipGarbage(pending, hints, limits);
        case StartLineCheck::Plausible:
            m_stage = Stage::Head;
            m_scanned = m_lead;
            break;
        }
    }

    if (m_stage == Stage::Head) {
        const qint64 end = findHeadEnd(pending, m_scanned);
        if (end < 0 || end - m_lead > limits.maxHeaderBytes) {
            if (end < 0 && pending.size() - m_lead <= limits.maxHeaderBytes) {
                m_scanned = std::max(m_lead, pending.size() - 2);
                return FrameCut::needMore();
            }
            const qint64 length = end < 0 ? pending.size() : end;
            reset();
            return FrameCut::skip(
                length, QStringLiteral("HTTP header block exceeds the limit of %1 bytes").arg(limits.maxHeaderBytes));
        }
        if (Status parsed = parseHeadInto(pending.first(end), m_kind, m_head); !parsed) {
            reset();
            return FrameCut::skip(
                end, QStringLiteral("not an HTTP %1: %2").arg(QLatin1StringView(roleName(m_kind)), parsed.error()));
        }
        m_headBase = pending.data();
        const HttpHead* head = &m_head;
        if (m_kind == HttpHead::Kind::Request) {
            exchange.requestStarted(head->method);
            m_framing = bodyFraming(*head);
        } else {
            const RequestMethodKind answers = exchange.responseStarted(head->status);
            m_framing = bodyFraming(*head, answers);
            m_switchAfter = head->status == 101
                || (answers == RequestMethodKind::Connect && head->status >= 200 && head->status < 300);
        }
        if (m_framing.kind == BodyFraming::Kind::Invalid) {
            const QString reason = m_framing.error;
            reset();
            return FrameCut::skip(end, reason);
        }
        m_headLength = end;
        m_stage = Stage::Body;
    }

    const qint64 body = pending.size() - m_headLength;
    switch (m_framing.kind) {
    case BodyFraming::Kind::None:
    case BodyFraming::Kind::Invalid:
        return complete(m_headLength, exchange);
    case BodyFraming::Kind::Length: {
        const qint64 length = m_framing.length;
        if (length > limits.maxMessageBytes) {
            // The end is known, so the body is skipped without ever being buffered or allocated.
            const qint64 total = length > std::numeric_limits<qint64>::max() - m_headLength
                ? std::numeric_limits<qint64>::max()
                : m_headLength + length;
            reset();
            return FrameCut::skip(total,
                                  QStringLiteral("HTTP body of %1 bytes exceeds the limit of %2 bytes")
                                      .arg(length)
                                      .arg(limits.maxMessageBytes));
        }
        if (body >= length)
            return complete(m_headLength + length, exchange);
        return FrameCut::needMore();
    }
    case BodyFraming::Kind::Chunked:
        switch (m_chunked.scan(pending.sliced(m_headLength), limits.maxMessageBytes, limits.maxHeaderBytes)) {
        case ChunkedScanner::Status::Done:
            return complete(m_headLength + m_chunked.position(), exchange);
        case ChunkedScanner::Status::NeedMore:
            return FrameCut::needMore();
        case ChunkedScanner::Status::Error:
            if (m_chunked.limitExceeded()) {
                const QString reason = m_chunked.error();
                reset();
                return FrameCut::stop(reason);
            }
            // Broken chunk syntax: the message so far is framed so the decoder can show where it breaks; what
            // follows is skipped up to the next start line.
            return complete(m_headLength + std::max<qint64>(m_chunked.position(), 1), exchange);
        }
        break;
    case BodyFraming::Kind::UntilClose:
        if (body > limits.maxMessageBytes) {
            reset();
            return FrameCut::stop(QStringLiteral("HTTP response body without a length exceeds the limit of %1 bytes")
                                      .arg(limits.maxMessageBytes));
        }
        if (hints.ended)
            return complete(pending.size(), exchange);
        return FrameCut::needMore();
    }
    return FrameCut::needMore();
}

} // namespace rpcscope::http
