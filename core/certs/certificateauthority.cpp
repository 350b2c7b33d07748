#include "certificateauthority.h"

#include "certs/certificatebuilder.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QSysInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rpcscope {

namespace {

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Writes `bytes` to a new file beside `path` with `mode` and returns its name; the caller moves it into place.
Result<QString> writeTemporary(const QString& path, const QByteArray& bytes, mode_t mode)
{
    const QString temporary
        = QStringLiteral("%1.%2-%3.tmp").arg(path).arg(::getpid()).arg(QRandomGenerator::global()->generate(), 0, 16);
    const QByteArray native = QFile::encodeName(temporary);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return Error {QStringLiteral("cannot write %1: %2").arg(temporary, errnoText(errno))};
    ::fchmod(fd, mode); // the umask may have taken bits away from a public certificate
    qsizetype written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + written, size_t(bytes.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int error = errno;
            ::close(fd);
            ::unlink(native.constData());
            return Error {QStringLiteral("cannot write %1: %2").arg(temporary, errnoText(error))};
        }
        written += n;
    }
    const bool synced = ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!synced) {
        ::unlink(native.constData());
        return Error {QStringLiteral("cannot write %1: %2").arg(temporary, errnoText(error))};
    }
    return temporary;
}

// The note in the CA's OU: who made it, where and when, so that CAs in one trust store can be told apart.
QString creationNote()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty()) {
        const passwd* account = ::getpwuid(::geteuid());
        user = account ? QString::fromLocal8Bit(account->pw_name) : QString::number(::geteuid());
    }
    return QStringLiteral("%1@%2 %3")
        .arg(user, QSysInfo::machineHostName(), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
}

} // namespace

QString CertificateAuthority::defaultDirectory()
{
    // Generic, not per application: the GUI (RpcScope) and rpcscope-cli must find the same CA.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/rpcscope");
}

QString CertificateAuthority::keyPath() const
{
    return m_directory + QLatin1Char('/') + QLatin1String(kKeyFileName);
}

QString CertificateAuthority::certificatePath() const
{
    return m_directory + QLatin1Char('/') + QLatin1String(kCertificateFileName);
}

Result<CertificateAuthority> CertificateAuthority::open(const QString& directory)
{
    const QString dir
        = QDir::cleanPath(QFileInfo(directory.isEmpty() ? defaultDirectory() : directory).absoluteFilePath());
    if (!QFileInfo::exists(dir)) {
        if (!QDir().mkpath(dir))
            return Error {QStringLiteral("cannot make the CA directory %1").arg(dir)};
        // Only the owner needs to look inside: the key is there.
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    } else if (!QFileInfo(dir).isDir()) {
        return Error {QStringLiteral("the CA directory %1 is not a directory").arg(dir)};
    }
    if (QFileInfo::exists(dir + QLatin1Char('/') + QLatin1String(kKeyFileName)))
        return load(dir);
    return create(dir);
}

Result<CertificateAuthority> CertificateAuthority::load(const QString& directory)
{
    CertificateAuthority ca;
    ca.m_directory = directory;
    const QString path = ca.keyPath();
    struct stat info
    { };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return Error {QStringLiteral("cannot read the CA key %1: %2").arg(path, errnoText(errno))};
    if (info.st_mode & (S_IRWXG | S_IRWXO))
        return Error {QStringLiteral("the CA key %1 is readable by others (mode %2); make it private with "
                                     "'chmod 600 %1', or remove it to make a new CA")
                          .arg(path)
                          .arg(info.st_mode & 0777, 4, 8, QLatin1Char('0'))};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error {QStringLiteral("cannot read the CA key %1: %2").arg(path, file.errorString())};
    const QByteArray pem = file.read(1024 * 1024);
    Result<PrivateKey> key = PrivateKey::fromPem(pem, path);
    if (!key)
        return Error {key.error()};
    Result<std::vector<Certificate>> certificates = Certificate::fromPem(pem);
    if (!certificates)
        return Error {QStringLiteral("cannot use the CA file %1: %2").arg(path, certificates.error())};
    ca.m_key = std::move(*key);
    ca.m_certificate = certificates->front();
    const QString fix = QStringLiteral("remove %1 to make a new CA (clients must then trust the new one)").arg(path);
    if (!ca.m_key.matches(ca.m_certificate))
        return Error {QStringLiteral("the key in %1 does not belong to its certificate; %2").arg(path, fix)};
    if (!ca.m_certificate.isCertificateAuthority())
        return Error {QStringLiteral("the certificate in %1 is not a CA certificate; %2").arg(path, fix)};
    if (ca.m_certificate.notAfter() <= QDateTime::currentDateTimeUtc())
        return Error {QStringLiteral("the CA in %1 expired on %2; %3")
                          .arg(path, ca.m_certificate.notAfter().toString(Qt::ISODate), fix)};
    if (Status written = ca.writeCertificateFile(); !written)
        return Error {written.error()};
    return ca;
}

Result<CertificateAuthority> CertificateAuthority::create(const QString& directory)
{
    CertificateAuthority ca;
    ca.m_directory = directory;
    Result<PrivateKey> key = PrivateKey::generate();
    if (!key)
        return Error {key.error()};
    Result<Certificate> certificate = certbuilder::makeCa(*key, creationNote());
    if (!certificate)
        return Error {certificate.error()};
    ca.m_key = std::move(*key);
    ca.m_certificate = std::move(*certificate);

    const QString path = ca.keyPath();
    Result<QString> temporary = writeTemporary(path, ca.m_key.toPem() + ca.m_certificate.toPem(), 0600);
    if (!temporary)
        return Error {temporary.error()};
    const QByteArray from = QFile::encodeName(*temporary);
    const QByteArray to = QFile::encodeName(path);
    // link() never replaces: when another process made its CA first, that one wins and is used.
    const int linked = ::link(from.constData(), to.constData());
    const int error = errno;
    if (linked != 0 && error != EEXIST) {
        // File systems without hard links: rename, which replaces, but only when nothing is there yet.
        if (QFileInfo::exists(path) || ::rename(from.constData(), to.constData()) != 0) {
            ::unlink(from.constData());
            if (QFileInfo::exists(path))
                return load(directory);
            return Error {QStringLiteral("cannot write the CA key %1: %2").arg(path, errnoText(error))};
        }
    } else {
        ::unlink(from.constData());
        if (linked != 0)
            return load(directory);
    }
    if (Status written = ca.writeCertificateFile(); !written)
        return Error {written.error()};
    ca.m_new = true;
    return ca;
}

Status CertificateAuthority::writeCertificateFile() const
{
    const QByteArray pem = m_certificate.toPem();
    QFile existing(certificatePath());
    if (existing.open(QIODevice::ReadOnly) && existing.read(pem.size() + 1) == pem)
        return Done {};
    existing.close();
    Result<QString> temporary = writeTemporary(certificatePath(), pem, 0644);
    if (!temporary)
        return Error {temporary.error()};
    if (::rename(QFile::encodeName(*temporary).constData(), QFile::encodeName(certificatePath()).constData()) != 0) {
        const int error = errno;
        QFile::remove(*temporary);
        return Error {
            QStringLiteral("cannot write the CA certificate %1: %2").arg(certificatePath(), errnoText(error))};
    }
    return Done {};
}

Result<Certificate> CertificateAuthority::issue(const QStringList& names, const PrivateKey& key) const
{
    return certbuilder::makeLeaf(names, key, m_certificate, m_key);
}

Result<ServerIdentity> CertificateAuthority::issueServerIdentity(const QStringList& names) const
{
    Result<PrivateKey> key = PrivateKey::generate();
    if (!key)
        return Error {key.error()};
    Result<Certificate> certificate = issue(names, *key);
    if (!certificate)
        return Error {certificate.error()};
    return ServerIdentity {{std::move(*certificate)}, std::move(*key)};
}

} // namespace rpcscope
