#pragma once

#include <QByteArrayView>
#include <QString>

#include <vector>

namespace rpcscope::http {

/// Where one chunk of a chunked body lies, relative to the start of the body.
struct ChunkSpan
{
    qint64 offset = 0; ///< start of the chunk-size line
    qint64 sizeLength = 0; ///< the chunk-size line with its extensions and line end
    qint64 size = 0; ///< data bytes announced (0 for the last chunk)
    qint64 dataOffset = 0;
    qint64 length = 0; ///< the whole chunk: size line, data and the line end after the data
};

/// Walks a `Transfer-Encoding: chunked` body (RFC 9112 §7.1) as its bytes arrive: chunk-size lines with
/// extensions, data, and trailer fields. It never allocates the announced sizes; it only counts them against the
/// limit. Feed it the body from its first byte each time; the bytes may only grow between calls.
class ChunkedScanner
{
public:
    enum class Status { NeedMore, Done, Error };

    /// Continues the walk. Stops with Error when the syntax is broken or the data would exceed `maxDataBytes`
    /// (then `limitExceeded()`), or when the trailer section exceeds `maxTrailerBytes`.
    Status scan(QByteArrayView body, qint64 maxDataBytes, qint64 maxTrailerBytes);
    void reset() { *this = ChunkedScanner(); }

    /// Bytes of the body walked so far; the whole chunked body once Done; where the error is after Error.
    qint64 position() const { return m_pos; }
    qint64 dataBytes() const { return m_data; }
    const QString& error() const { return m_error; }
    bool limitExceeded() const { return m_limit; }
    /// Chunks seen so far (recorded only after `recordChunks(true)`).
    const std::vector<ChunkSpan>& chunks() const { return m_chunks; }
    void recordChunks(bool on) { m_record = on; }
    /// Start of the trailer section (after the last chunk's size line) and its length including the final empty
    /// line; valid once Done.
    qint64 trailerOffset() const { return m_trailerStart; }

private:
    enum class State { SizeLine, Data, DataEnd, Trailer, Done, Failed };
    Status fail(QString text, bool limit = false);

    State m_state = State::SizeLine;
    qint64 m_pos = 0;
    qint64 m_remaining = 0;
    qint64 m_data = 0;
    qint64 m_trailerStart = -1;
    QString m_error;
    bool m_limit = false;
    bool m_record = false;
    std::vector<ChunkSpan> m_chunks;
};

/// A chunked body taken apart: its data joined, and where each chunk and the trailer fields were.
struct DechunkedBody
{
    QByteArray data;
    std::vector<ChunkSpan> chunks;
    qint64 trailerOffset = -1;
    /// Bytes of the body that belong to the chunked encoding (all of it when complete).
    qint64 length = 0;
    bool complete = false;
    /// Empty when the body is well-formed; else what is wrong, at `errorOffset` (relative to the body).
    QString error;
    qint64 errorOffset = -1;
};

/// Joins the data of a chunked body, keeping at most `maxDataBytes` (a larger body is an error, not an
/// allocation).
DechunkedBody dechunk(QByteArrayView body, qint64 maxDataBytes, qint64 maxTrailerBytes);

} // namespace rpcscope::http
