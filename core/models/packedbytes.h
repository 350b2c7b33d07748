#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>
#include <mutex>
#include <vector>

namespace rpcscope {

/// Where a packer's message bytes live. A million-call capture carries most of a gigabyte of message bytes while
/// the window shows one call's at a time, so by default they go to an unlinked temporary file (in
/// QDir::tempPath()) and are read back when a call is selected; only the chunk being filled stays in memory.
/// When no file can be made or written (no temporary directory, a full disk), the bytes stay in memory instead:
/// nothing is lost. Appends come from one thread at a time, reads from any.
class ByteSpill
{
public:
    enum class Backing { File, Memory };
    /// Bytes are written to the file a chunk at a time.
    static constexpr qsizetype kChunkSize = 1024 * 1024;
    /// Small reads from the file read this much from there on, for the reads that follow.
    static constexpr qsizetype kReadAhead = 256 * 1024;

    /// A spill with the given backing; `File` falls back to `Memory` when no temporary file can be made.
    explicit ByteSpill(Backing backing);
    ~ByteSpill();
    ByteSpill(const ByteSpill&) = delete;
    ByteSpill& operator=(const ByteSpill&) = delete;

    /// Appends `bytes` and returns the offset they start at.
    quint64 append(QByteArrayView bytes);
    /// Copies `size` bytes from `offset` into `into`; an error when the file cannot be read back.
    Status read(quint64 offset, qsizetype size, char* into) const;

    Backing backing() const;
    /// Bytes held in memory now (the chunk being filled and the read-ahead, or everything for a memory backing).
    qsizetype memoryBytes() const;

private:
    void writeFullChunk();

    mutable std::mutex m_mutex;
    int m_fd = -1;
    /// False once a write failed (a full disk): the file is still read, new chunks stay in memory.
    bool m_writable = true;
    /// The last stretch read ahead from the file, and where it starts.
    mutable QByteArray m_window;
    mutable quint64 m_windowStart = 0;
    /// Bytes before this offset are in the file; the rest in m_chunks, in order.
    quint64 m_inFile = 0;
    std::vector<std::unique_ptr<char[]>> m_chunks;
    /// Bytes used of the last chunk.
    qsizetype m_lastUsed = kChunkSize;
};

/// The bytes of one stored message: a range of a `ByteSpill` shared with the messages stored around it. Copying
/// one shares the spill, which lives as long as any of its messages.
class PackedBytes
{
public:
    PackedBytes() = default;
    /// `size` bytes of `spill` from `offset` (as `BytePacker::pack` returned them).
    PackedBytes(std::shared_ptr<const ByteSpill> spill, quint64 offset, qsizetype size)
        : m_spill(std::move(spill))
        , m_offset(offset)
        , m_size(m_spill ? size : 0)
    { }

    const std::shared_ptr<const ByteSpill>& spill() const { return m_spill; }
    quint64 offset() const { return m_offset; }

    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    /// The bytes read back; an error (naming the cause) when the spill file cannot be read.
    Result<QByteArray> read() const;
    /// Reads the bytes into `buffer` (resized, its capacity reused): for scans over many messages.
    Status readInto(QByteArray& buffer) const;
    /// The bytes, or empty when they cannot be read back (use `read()` where the reason matters).
    QByteArray toByteArray() const;
    /// Whether both are the same bytes of the same spill (not merely equal bytes).
    bool isSameRangeAs(const PackedBytes& other) const
    {
        return m_spill == other.m_spill && m_offset == other.m_offset && m_size == other.m_size;
    }
    /// Whether the bytes are held in memory (false: they are in a spill file and read back when asked for).
    bool inMemory() const;

private:
    friend class BytePacker;
    std::shared_ptr<const ByteSpill> m_spill;
    quint64 m_offset = 0;
    qsizetype m_size = 0;
};

/// Appends message bytes to its spill (made on the first message). Not thread-safe: one packer per producing
/// thread (a packer may hand its bytes to other threads, which only read them).
class BytePacker
{
public:
    explicit BytePacker(ByteSpill::Backing backing = ByteSpill::Backing::File)
        : m_backing(backing)
    { }

    PackedBytes pack(QByteArrayView bytes);

private:
    ByteSpill::Backing m_backing;
    std::shared_ptr<ByteSpill> m_spill;
};

} // namespace rpcscope
