#include "httphead.h"

#include "bytesearch.h"

#include <cstring>
#include <limits>

namespace rpcscope::http {

namespace {
constexpr qsizetype kMaxMethodLength = 24;
constexpr qsizetype kMaxReasonLength = 1024;

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
}

// Real request methods are upper-case tokens (GET, POST, M-SEARCH...). Being stricter than RFC 9110's token
// keeps resynchronisation from mistaking body text for a request line.
bool isMethodChar(char c)
{
    return (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

bool isTargetChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7F;
}

QByteArrayView trimBlanks(QByteArrayView v)
{
    qsizetype b = 0;
    qsizetype e = v.size();
    while (b < e && isBlank(v[b]))
        ++b;
    while (e > b && isBlank(v[e - 1]))
        --e;
    return v.sliced(b, e - b);
}

// Matches `literal` at bytes[i...]; returns the check result and advances `i` on success.
StartLineCheck expect(QByteArrayView bytes, qsizetype& i, QByteArrayView literal)
{
    for (char c : literal) {
        if (i >= bytes.size())
            return StartLineCheck::NeedMore;
        if (bytes[i] != c)
            return StartLineCheck::Invalid;
        ++i;
    }
    return StartLineCheck::Plausible;
}

// "HTTP/d.d" at bytes[i...].
StartLineCheck expectVersion(QByteArrayView bytes, qsizetype& i)
{
    if (const StartLineCheck c = expect(bytes, i, "HTTP/"); c != StartLineCheck::Plausible)
        return c;
    for (int k = 0; k < 3; ++k) {
        if (i >= bytes.size())
            return StartLineCheck::NeedMore;
        const bool ok = k == 1 ? bytes[i] == '.' : isDigit(bytes[i]);
        if (!ok)
            return StartLineCheck::Invalid;
        ++i;
    }
    return StartLineCheck::Plausible;
}

StartLineCheck expectLineEnd(QByteArrayView bytes, qsizetype i)
{
    if (i >= bytes.size())
        return StartLineCheck::NeedMore;
    if (bytes[i] == '\n')
        return StartLineCheck::Plausible;
    if (bytes[i] != '\r')
        return StartLineCheck::Invalid;
    if (i + 1 >= bytes.size())
        return StartLineCheck::NeedMore;
    return bytes[i + 1] == '\n' ? StartLineCheck::Plausible : StartLineCheck::Invalid;
}

StartLineCheck checkRequestLine(QByteArrayView bytes)
{
    qsizetype i = 0;
    while (i < bytes.size() && i <= kMaxMethodLength && isMethodChar(bytes[i]))
        ++i;
    if (i > kMaxMethodLength)
        return StartLineCheck::Invalid;
    if (i == bytes.size())
        return StartLineCheck::NeedMore;
    if (i == 0 || bytes[i] != ' ')
        return StartLineCheck::Invalid;
    const qsizetype targetStart = ++i;
    while (i < bytes.size() && isTargetChar(bytes[i]))
        ++i;
    if (i == bytes.size())
        return StartLineCheck::NeedMore;
    if (i == targetStart || bytes[i] != ' ')
        return StartLineCheck::Invalid;
    ++i;
    if (const StartLineCheck c = expectVersion(bytes, i); c != StartLineCheck::Plausible)
        return c;
    return expectLineEnd(bytes, i);
}

StartLineCheck checkStatusLine(QByteArrayView bytes)
{
    qsizetype i = 0;
    if (const StartLineCheck c = expectVersion(bytes, i); c != StartLineCheck::Plausible)
        return c;
    if (const StartLineCheck c = expect(bytes, i, " "); c != StartLineCheck::Plausible)
        return c;
    for (int k = 0; k < 3; ++k) {
        if (i >= bytes.size())
            return StartLineCheck::NeedMore;
        if (!isDigit(bytes[i]))
            return StartLineCheck::Invalid;
        ++i;
    }
    if (i >= bytes.size())
        return StartLineCheck::NeedMore;
    if (bytes[i] != ' ')
        return expectLineEnd(bytes, i);
    const qsizetype reasonStart = ++i;
    while (i < bytes.size() && bytes[i] != '\r' && bytes[i] != '\n') {
        if (i - reasonStart > kMaxReasonLength)
            return StartLineCheck::Invalid;
        ++i;
    }
    return expectLineEnd(bytes, i);
}

bool parseVersion(QByteArrayView v, HttpHead& head)
{
    if (v.size() != 8 || !v.startsWith("HTTP/") || !isDigit(v[5]) || v[6] != '.' || !isDigit(v[7]))
        return false;
    head.version = v;
    head.versionMajor = v[5] - '0';
    head.versionMinor = v[7] - '0';
    return true;
}

// The caller knows where the head starts and reports the offset; the text says what is wrong.
Error startLineError(const char* what)
{
    return Error {QString::fromLatin1(what)};
}
} // namespace

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    // Peers mostly write names the way they are looked up ("Content-Length"): one compare settles those.
    if (std::memcmp(a.data(), b.data(), size_t(a.size())) == 0)
        return true;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

const HeaderField* HttpHead::field(QByteArrayView name) const
{
    for (const HeaderField& f : headers) {
        if (equalsIgnoringCase(f.name, name))
            return &f;
    }
    return nullptr;
}

QByteArrayView HttpHead::value(QByteArrayView name) const
{
    const HeaderField* f = field(name);
    return f ? f->value : QByteArrayView();
}

bool HttpHead::hasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const HeaderField& f : headers) {
        if (!equalsIgnoringCase(f.name, name))
            continue;
        const QByteArray unfolded = f.folded ? fieldValue(f) : QByteArray();
        const QByteArrayView value = f.folded ? QByteArrayView(unfolded) : f.value;
        qsizetype start = 0;
        while (start <= value.size()) {
            qsizetype comma = value.indexOf(',', start);
            if (comma < 0)
                comma = value.size();
            if (equalsIgnoringCase(trimBlanks(value.sliced(start, comma - start)), token))
                return true;
            start = comma + 1;
        }
    }
    return false;
}

QByteArray HttpHead::fieldValue(const HeaderField& field)
{
    if (!field.folded)
        return field.value.toByteArray();
    QByteArray out;
    out.reserve(field.value.size());
    bool inBreak = false;
    for (char c : field.value) {
        if (c == '\r' || c == '\n' || (inBreak && isBlank(c))) {
            inBreak = true;
            continue;
        }
        if (inBreak)
            out += ' ';
        inBreak = false;
        out += c;
    }
    return out;
}

qint64 leadingLineEnds(QByteArrayView bytes)
{
    qint64 i = 0;
    while (i < bytes.size() && (bytes[i] == '\r' || bytes[i] == '\n'))
        ++i;
    return i;
}

qint64 findHeadEnd(QByteArrayView bytes, qint64 from)
{
    qint64 i = std::max<qint64>(from, 0);
    while (i < bytes.size()) {
        const qint64 nl = findByte(bytes, '\n', i);
        if (nl < 0 || nl + 1 >= bytes.size())
            return -1;
        if (bytes[nl + 1] == '\n')
            return nl + 2;
        if (bytes[nl + 1] == '\r') {
            if (nl + 2 >= bytes.size())
                return -1;
            if (bytes[nl + 2] == '\n')
                return nl + 3;
        }
        i = nl + 1;
    }
    return -1;
}

StartLineCheck checkStartLine(QByteArrayView bytes, HttpHead::Kind kind)
{
    return kind == HttpHead::Kind::Request ? checkRequestLine(bytes) : checkStatusLine(bytes);
}

qint64 findStartLine(QByteArrayView bytes, HttpHead::Kind kind, qint64 from)
{
    qint64 p = std::max<qint64>(from, 0);
    if (p > 0 && p <= bytes.size() && bytes[p - 1] != '\n') {
        const qint64 nl = findByte(bytes, '\n', p);
        if (nl < 0)
            return -1;
        p = nl + 1;
    }
    while (p < bytes.size()) {
        if (checkStartLine(bytes.sliced(p), kind) != StartLineCheck::Invalid)
            return p;
        const qint64 nl = findByte(bytes, '\n', p);
        if (nl < 0)
            return -1;
        p = nl + 1;
    }
    return -1;
}

Result<HttpHead> parseHead(QByteArrayView bytes, HttpHead::Kind kind)
{
    HttpHead head;
    head.headers.reserve(16); // one allocation for the heads clients send
    if (Status parsed = parseHeadInto(bytes, kind, head); !parsed)
        return Error {parsed.error()};
    return head;
}

Status parseHeadInto(QByteArrayView bytes, HttpHead::Kind kind, HttpHead& head)
{
    std::vector<HeaderField> headers = std::move(head.headers);
    std::vector<Problem> problems = std::move(head.problems);
    headers.clear();
    problems.clear();
    head = HttpHead {};
    head.headers = std::move(headers);
    head.problems = std::move(problems);
    head.kind = kind;
    head.startOffset = leadingLineEnds(bytes);
    const qint64 firstEnd = findByte(bytes, '\n', head.startOffset);
    if (firstEnd < 0)
        return startLineError("the start line is incomplete");
    qint64 lineEnd = firstEnd;
    if (lineEnd > head.startOffset && bytes[lineEnd - 1] == '\r')
        --lineEnd;
    const QByteArrayView line = bytes.sliced(head.startOffset, lineEnd - head.startOffset);
    head.startLineLength = line.size();
    if (kind == HttpHead::Kind::Request) {
        const qsizetype sp1 = line.indexOf(' ');
        const qsizetype sp2 = line.lastIndexOf(' ');
        if (sp1 <= 0 || sp2 <= sp1 + 1)
            return startLineError("not an HTTP request line");
        head.method = line.first(sp1);
        head.target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
        if (!parseVersion(line.sliced(sp2 + 1), head))
            return startLineError("bad HTTP version in the request line");
    } else {
        const qsizetype sp1 = line.indexOf(' ');
        if (sp1 <= 0 || !parseVersion(line.first(sp1), head))
            return startLineError("not an HTTP status line");
        const QByteArrayView rest = line.sliced(sp1 + 1);
        if (rest.size() < 3 || !isDigit(rest[0]) || !isDigit(rest[1]) || !isDigit(rest[2])
            || (rest.size() > 3 && rest[3] != ' '))
            return startLineError("bad status code in the status line");
        head.status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
        head.reason = rest.size() > 4 ? rest.sliced(4) : QByteArrayView();
    }

    qint64 pos = firstEnd + 1;
    bool terminated = false;
    while (pos < bytes.size()) {
        const qint64 nl = findByte(bytes, '\n', pos);
        const qint64 next = nl < 0 ? bytes.size() : nl + 1;
        qint64 end = nl < 0 ? bytes.size() : nl;
        if (end > pos && bytes[end - 1] == '\r')
            --end;
        if (end == pos && nl >= 0) {
            head.length = next;
            terminated = true;
            break;
        }
        const QByteArrayView text = bytes.sliced(pos, end - pos);
        if (text.isEmpty())
            break; // a lone CR at the end: the head is incomplete
        if (isBlank(text[0])) {
            // Obsolete line folding (RFC 9112 §5.2): the line continues the previous field's value.
            if (head.headers.empty()) {
                head.problems.push_back({QStringLiteral("a continuation line before the first header field"), pos});
            } else {
                HeaderField& last = head.headers.back();
                const QByteArrayView more = trimBlanks(text);
                if (!more.isEmpty()) {
                    const qint64 valueEnd = (more.data() - bytes.data()) + more.size();
                    if (last.value.isEmpty())
                        last.valueOffset = more.data() - bytes.data();
                    last.value = bytes.sliced(last.valueOffset, valueEnd - last.valueOffset);
                    last.folded = true;
                }
                last.length = end - last.offset;
            }
        } else if (const qsizetype colon = findByte(text, ':'); colon <= 0) {
            head.problems.push_back({QStringLiteral("header line without a colon"), pos});
        } else {
            HeaderField f;
            f.name = text.first(colon);
            if (isBlank(f.name.back())) {
                head.problems.push_back({QStringLiteral("blank before the colon of a header field"), pos});
                f.name = trimBlanks(f.name);
            }
            f.value = trimBlanks(text.sliced(colon + 1));
            f.valueOffset = f.value.isEmpty() ? end : f.value.data() - bytes.data();
            f.offset = pos;
            f.length = end - pos;
            head.headers.push_back(f);
        }
        pos = next;
    }
    if (!terminated) {
        head.terminated = false;
        head.length = bytes.size();
        head.problems.push_back(
            {QStringLiteral("the header block is incomplete (no empty line after the fields)"), bytes.size()});
    }
    return Done {};
}

qint64 parseContentLength(QByteArrayView value)
{
    qint64 result = -1;
    qsizetype start = 0;
    while (start <= value.size()) {
        qsizetype comma = value.indexOf(',', start);
        if (comma < 0)
            comma = value.size();
        const QByteArrayView item = trimBlanks(value.sliced(start, comma - start));
        if (item.isEmpty())
            return -1;
        qint64 v = 0;
        for (char c : item) {
            if (!isDigit(c))
                return -1;
            if (v > (std::numeric_limits<qint64>::max() - 9) / 10)
                v = std::numeric_limits<qint64>::max();
            else
                v = v * 10 + (c - '0');
        }
        if (result >= 0 && v != result)
            return -1;
        result = v;
        start = comma + 1;
    }
    return result;
}

} // namespace rpcscope::http
