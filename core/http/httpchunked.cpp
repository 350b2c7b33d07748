#include "httpchunked.h"

namespace rpcscope::http {

namespace {
// A chunk-size line is a few hex digits plus optional extensions; anything longer is not chunked encoding.
constexpr qint64 kMaxSizeLine = 4096;
// 15 hex digits keep sizes below 2^60, far past any limit, so additions cannot overflow.
constexpr int kMaxHexDigits = 15;

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

QString printable(QByteArrayView v)
{
    QString s;
    for (char c : v.first(std::min<qsizetype>(v.size(), 40))) {
        const auto u = static_cast<unsigned char>(c);
        s += (u >= 0x20 && u < 0x7F) ? QChar(u) : QChar(u'?');
    }
    return s;
}
} // namespace

ChunkedScanner::Status ChunkedScanner::fail(QString text, bool limit)
{
    m_state = State::Failed;
    m_error = std::move(text);
    m_limit = limit;
    return Status::Error;
}

ChunkedScanner::Status ChunkedScanner::scan(QByteArrayView body, qint64 maxDataBytes, qint64 maxTrailerBytes)
{
    while (true) {
        switch (m_state) {
        case State::Done:
            return Status::Done;
        case State::Failed:
            return Status::Error;
        case State::SizeLine: {
            const qint64 nl = body.indexOf('\n', m_pos);
            if (nl < 0) {
                if (body.size() - m_pos > kMaxSizeLine)
                    return fail(QStringLiteral("chunk-size line longer than %1 bytes").arg(kMaxSizeLine));
                return Status::NeedMore;
            }
            if (nl - m_pos > kMaxSizeLine)
                return fail(QStringLiteral("chunk-size line longer than %1 bytes").arg(kMaxSizeLine));
            qint64 end = nl;
            if (end > m_pos && body[end - 1] == '\r')
                --end;
            const QByteArrayView line = body.sliced(m_pos, end - m_pos);
            qint64 size = 0;
            int digits = 0;
            while (digits < line.size() && hexValue(line[digits]) >= 0) {
                if (digits == kMaxHexDigits)
                    return fail(QStringLiteral("chunk size %1 exceeds the body limit of %2 bytes")
                                    .arg(printable(line.first(digits + 1)) + QStringLiteral("..."))
                                    .arg(maxDataBytes),
                                true);
                size = size * 16 + hexValue(line[digits]);
                ++digits;
            }
            qsizetype rest = digits;
            while (rest < line.size() && (line[rest] == ' ' || line[rest] == '\t'))
                ++rest;
            if (digits == 0 || (rest < line.size() && line[rest] != ';'))
                return fail(QStringLiteral("bad chunk size \"%1\"").arg(printable(line)));
            if (m_data + size > maxDataBytes)
                return fail(QStringLiteral("chunked body exceeds the limit of %1 bytes (chunk of %2 bytes after %3)")
                                .arg(maxDataBytes)
                                .arg(size)
                                .arg(m_data),
                            true);
            if (m_record)
                m_chunks.push_back({m_pos, nl + 1 - m_pos, size, nl + 1, 0});
            m_pos = nl + 1;
            if (size == 0) {
                if (m_record)
                    m_chunks.back().length = m_chunks.back().sizeLength;
                m_trailerStart = m_pos;
                m_state = State::Trailer;
            } else {
                m_remaining = size;
                m_state = State::Data;
            }
            continue;
        }
        case State::Data: {
            const qint64 take = std::min(m_remaining, body.size() - m_pos);
            m_pos += take;
            m_remaining -= take;
            m_data += take;
            if (m_remaining > 0)
                return Status::NeedMore;
            m_state = State::DataEnd;
            continue;
        }
        case State::DataEnd: {
            if (m_pos >= body.size())
                return Status::NeedMore;
            if (body[m_pos] == '\r') {
                if (m_pos + 1 >= body.size())
                    return Status::NeedMore;
                if (body[m_pos + 1] != '\n')
                    return fail(QStringLiteral("chunk data not followed by CRLF"));
                m_pos += 2;
            } else if (body[m_pos] == '\n') {
                m_pos += 1;
            } else {
                return fail(QStringLiteral("chunk data not followed by CRLF"));
            }
            if (m_record)
                m_chunks.back().length = m_pos - m_chunks.back().offset;
            m_state = State::SizeLine;
            continue;
        }
        case State::Trailer: {
            const qint64 nl = body.indexOf('\n', m_pos);
            if (nl < 0) {
                if (body.size() - m_trailerStart > maxTrailerBytes)
                    return fail(QStringLiteral("trailer fields exceed the limit of %1 bytes").arg(maxTrailerBytes),
                                true);
                return Status::NeedMore;
            }
            if (nl + 1 - m_trailerStart > maxTrailerBytes)
                return fail(QStringLiteral("trailer fields exceed the limit of %1 bytes").arg(maxTrailerBytes), true);
            const bool empty = nl == m_pos || (nl == m_pos + 1 && body[m_pos] == '\r');
            m_pos = nl + 1;
            if (empty)
                m_state = State::Done;
            continue;
        }
        }
    }
}

DechunkedBody dechunk(QByteArrayView body, qint64 maxDataBytes, qint64 maxTrailerBytes)
{
    DechunkedBody out;
    ChunkedScanner scanner;
    scanner.recordChunks(true);
    const ChunkedScanner::Status status = scanner.scan(body, maxDataBytes, maxTrailerBytes);
    out.chunks = scanner.chunks();
    out.trailerOffset = scanner.trailerOffset();
    out.length = scanner.position();
    out.complete = status == ChunkedScanner::Status::Done;
    if (status == ChunkedScanner::Status::Error) {
        out.error = scanner.error();
        out.errorOffset = scanner.position();
    } else if (status == ChunkedScanner::Status::NeedMore) {
        out.error = QStringLiteral("the chunked body is incomplete");
        out.errorOffset = body.size();
    }
    // The scanner has checked the sizes against the limit, so this reserve is bounded.
    out.data.reserve(scanner.dataBytes());
    for (const ChunkSpan& c : out.chunks) {
        const qint64 avail = std::min(c.size, body.size() - c.dataOffset);
        if (avail > 0)
            out.data.append(body.data() + c.dataOffset, avail);
    }
    return out;
}

} // namespace rpcscope::http
