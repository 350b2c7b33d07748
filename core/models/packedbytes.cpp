#include "packedbytes.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

namespace rpcscope {

namespace {

// A file nobody else can open and that disappears with its last descriptor, crash or not.
int openAnonymousFile()
{
    const QByteArray dir = QFile::encodeName(QDir::tempPath());
#ifdef O_TMPFILE
    const int fd = ::open(dir.constData(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
#endif
    QByteArray pattern = dir + "/rpcscope-bytes-XXXXXX";
    const int named = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (named >= 0)
        ::unlink(pattern.constData());
    return named;
}

bool readAll(int fd, char* data, qsizetype size, quint64 offset)
{
    while (size > 0) {
        const ssize_t n = ::pread(fd, data, std::size_t(size), off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; // the file is shorter than what was written to it
            return false;
        }
        data += n;
        size -= n;
        offset += quint64(n);
    }
    return true;
}

Error readError()
{
    return Error {QStringLiteral("the message's bytes cannot be read back from the temporary file: %1")
                      .arg(QString::fromLocal8Bit(std::strerror(errno)))};
}

bool writeAll(int fd, const char* data, qsizetype size, quint64 offset)
{
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, std::size_t(size), off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= n;
        offset += quint64(n);
    }
    return true;
}

} // namespace

ByteSpill::ByteSpill(Backing backing)
{
    if (backing == Backing::File)
        m_fd = openAnonymousFile();
}

ByteSpill::~ByteSpill()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

ByteSpill::Backing ByteSpill::backing() const
{
    std::lock_guard lock(m_mutex);
    return m_fd >= 0 && m_writable ? Backing::File : Backing::Memory;
}

qsizetype ByteSpill::memoryBytes() const
{
    std::lock_guard lock(m_mutex);
    return qsizetype(m_chunks.size()) * kChunkSize + m_window.size();
}

void ByteSpill::writeFullChunk()
{
    // Only a file-backed spill with exactly one (full) chunk writes; after a failed write the spill keeps the
    // chunks that follow in memory.
    if (m_fd < 0 || !m_writable || m_chunks.size() != 1)
        return;
    if (!writeAll(m_fd, m_chunks.front().get(), kChunkSize, m_inFile)) {
        // What is in the file stays readable; what follows stays in memory.
        m_writable = false;
        return;
    }
    m_inFile += kChunkSize;
    m_lastUsed = 0;
}

quint64 ByteSpill::append(QByteArrayView bytes)
{
    std::lock_guard lock(m_mutex);
    const quint64 offset = m_inFile + quint64(m_chunks.size()) * kChunkSize - quint64(kChunkSize - m_lastUsed);
    const char* from = bytes.data();
    qsizetype left = bytes.size();
    while (left > 0) {
        if (m_lastUsed == kChunkSize) {
            writeFullChunk();
            if (m_lastUsed == kChunkSize) {
                m_chunks.push_back(std::make_unique_for_overwrite<char[]>(kChunkSize));
                m_lastUsed = 0;
            }
        }
        const qsizetype n = std::min(left, kChunkSize - m_lastUsed);
        std::memcpy(m_chunks.back().get() + m_lastUsed, from, std::size_t(n));
        m_lastUsed += n;
        from += n;
        left -= n;
    }
    return offset;
}

Status ByteSpill::read(quint64 offset, qsizetype size, char* into) const
{
    std::lock_guard lock(m_mutex);
    while (size > 0 && offset < m_inFile) {
        const qsizetype n = qsizetype(std::min<quint64>(quint64(size), m_inFile - offset));
        const quint64 windowEnd = m_windowStart + quint64(m_window.size());
        if (offset >= m_windowStart && offset + quint64(n) <= windowEnd) {
            std::memcpy(into, m_window.constData() + (offset - m_windowStart), std::size_t(n));
        } else if (n <= kReadAhead / 4) {
            // Read ahead: a search over every call reads the messages in the order they were appended, and a
            // read per message would be two million system calls for a million calls.
            const qsizetype w = qsizetype(std::min<quint64>(quint64(kReadAhead), m_inFile - offset));
            m_window.resize(w);
            if (!readAll(m_fd, m_window.data(), w, offset)) {
                m_window.clear();
                return readError();
            }
            m_windowStart = offset;
            continue;
        } else if (!readAll(m_fd, into, n, offset)) {
            return readError();
        }
        into += n;
        size -= n;
        offset += quint64(n);
    }
    while (size > 0) {
        const quint64 inMemory = offset - m_inFile;
        const std::size_t chunk = std::size_t(inMemory / kChunkSize);
        const qsizetype at = qsizetype(inMemory % kChunkSize);
        const qsizetype n = std::min(size, kChunkSize - at);
        if (chunk >= m_chunks.size())
            return Error {QStringLiteral("the message's bytes are not stored")};
        std::memcpy(into, m_chunks[chunk].get() + at, std::size_t(n));
        into += n;
        size -= n;
        offset += quint64(n);
    }
    return Done {};
}

Result<QByteArray> PackedBytes::read() const
{
    if (m_size == 0)
        return QByteArray();
    QByteArray bytes(m_size, Qt::Uninitialized);
    if (Status s = m_spill->read(m_offset, m_size, bytes.data()); !s)
        return Error {s.error()};
    return bytes;
}

Status PackedBytes::readInto(QByteArray& buffer) const
{
    buffer.resize(m_size);
    return m_size == 0 ? Status(Done {}) : m_spill->read(m_offset, m_size, buffer.data());
}

QByteArray PackedBytes::toByteArray() const
{
    Result<QByteArray> bytes = read();
    return bytes ? std::move(bytes).value() : QByteArray();
}

bool PackedBytes::inMemory() const
{
    return m_spill && m_spill->backing() == ByteSpill::Backing::Memory;
}

PackedBytes BytePacker::pack(QByteArrayView bytes)
{
    PackedBytes packed;
    if (bytes.isEmpty())
        return packed;
    if (!m_spill)
        m_spill = std::make_shared<ByteSpill>(m_backing);
    packed.m_offset = m_spill->append(bytes);
    packed.m_size = bytes.size();
    packed.m_spill = m_spill;
    return packed;
}

} // namespace rpcscope
