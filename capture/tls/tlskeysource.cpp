#include "tlskeysource.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rpcscope {

namespace {
// A key log is a few hundred bytes per connection; reading more than this at once is not needed.
constexpr qint64 kReadBlock = 64 * 1024;
// Key-log files larger than this are read only up to it (a wrong file given by mistake).
constexpr qint64 kMaxKeyLogBytes = 256 * 1024 * 1024;
} // namespace

Status TlsKeySource::addFile(const QString& path, bool mayNotExistYet)
{
    File file {path, tls::KeyLogReader(QFileInfo(path).fileName()), 0, 0, 0};
    if (QFileInfo(path).isDir())
        return Error {QStringLiteral("%1: is a directory, not a TLS key log").arg(path)};
    if (mayNotExistYet && !QFileInfo::exists(path)) {
        m_files.push_back(std::move(file));
        return Done {};
    }
    if (Status read = this->read(file); !read)
        return read;
    m_files.push_back(std::move(file));
    return Done {};
}

void TlsKeySource::addText(QByteArrayView text, const QString& origin)
{
    m_keys.addText(text, origin);
    m_hadText = true;
}

QStringList TlsKeySource::files() const
{
    QStringList paths;
    for (const File& f : m_files)
        paths << f.path;
    return paths;
}

Status TlsKeySource::read(File& file)
{
    const QByteArray name = QFile::encodeName(file.path);
    const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return Error {QStringLiteral("%1: cannot read the TLS key log: %2")
                          .arg(file.path, QString::fromLocal8Bit(std::strerror(errno)))};
    struct stat st = {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        return Error {QStringLiteral("%1: cannot read the TLS key log").arg(file.path)};
    }
    // Another file at the path now, or the same one cut short: a client started a new log; read it from the start.
    if (quint64(st.st_ino) != file.inode || quint64(st.st_dev) != file.device || st.st_size < file.offset) {
        file.inode = st.st_ino;
        file.device = st.st_dev;
        file.offset = 0;
        file.reader.reset();
    }
    QByteArray block(kReadBlock, Qt::Uninitialized);
    while (file.offset < std::min<qint64>(st.st_size, kMaxKeyLogBytes)) {
        const ssize_t n = ::pread(fd, block.data(), size_t(block.size()), off_t(file.offset));
        if (n <= 0)
            break;
        file.reader.feed(QByteArrayView(block).first(n), m_keys);
        file.offset += n;
    }
    ::close(fd);
    return Done {};
}

bool TlsKeySource::refresh(int minIntervalMs)
{
    if (m_files.empty())
        return false;
    if (m_sinceRefresh.isValid() && m_sinceRefresh.elapsed() < minIntervalMs)
        return false;
    m_sinceRefresh.start();
    const quint64 before = m_keys.revision();
    for (File& f : m_files) {
        struct stat st = {};
        const QByteArray name = QFile::encodeName(f.path);
        if (::stat(name.constData(), &st) != 0)
            continue; // gone for now; a client may create it again
        if (quint64(st.st_ino) == f.inode && quint64(st.st_dev) == f.device && st.st_size == f.offset)
            continue;
        read(f);
    }
    return m_keys.revision() != before;
}

} // namespace rpcscope
