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
    return m_fd >= 0 ? Backing::File : Backing::Memory;
}

qsizetype ByteSpill::memoryBytes() const
{
    std::lock_guard lock(m_mutex);
    return qsizetype(m_chunks.size()) * kChunkSize;
}

void ByteSpill::writeFullChunk()
{
    // Only a file-backed spill with exactly one (full) chunk writes; after a failed write the spill keeps its
    // chunks in memory from then on.
    if (m_fd < 0 || m_chunks.size() != 1)
        return;
    if (!writeAll(m_fd, m_chunks.front().get(), kChunkSize, m_inFile)) {
        ::close(m_fd);
        m_fd = -1;
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
        const ssize_t got = ::pread(m_fd, into, std::size_t(n), off_t(offset));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            return Error {
                QStringLiteral("the message's bytes cannot be read back from the temporary file: %1")
                    .arg(got < 0 ? QString::fromLocal8Bit(std::strerror(errno)) : QStringLiteral("short read"))};
        }
        into += got;
        size -= got;
        offset += quint64(got);
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
