#include "certificate.h"

#include "opensslerror.h"

#include <QFile>
#include <QHostAddress>
#include <QtEndian>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace rpcscope {

namespace {

// PEM files we read are small; a bound keeps a wrong path (a disk image...) from being read whole.
constexpr qint64 kMaxPemFileBytes = 1024 * 1024;

struct BioDeleter
{
    void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

QByteArray drain(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, size);
}

QString nameText(const X509_NAME* name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
    return QString::fromUtf8(drain(bio.get())).replace(QStringLiteral(" = "), QStringLiteral("="));
}

QDateTime timeOf(const ASN1_TIME* time)
{
    tm parts {};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

Result<QByteArray> readSmallFile(const QString& path, const QString& what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error {QStringLiteral("cannot read the %1 %2: %3").arg(what, path, file.errorString())};
    if (file.size() > kMaxPemFileBytes)
        return Error {QStringLiteral("the %1 %2 is larger than 1 MiB; it is not a PEM file").arg(what, path)};
    return file.readAll();
}

} // namespace

Certificate Certificate::adopt(x509_st* x509)
{
    Certificate c;
    if (x509)
        c.m_x509.reset(x509, X509_free);
    return c;
}

QByteArray Certificate::toPem() const
{
    if (!m_x509)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), m_x509.get());
    return drain(bio.get());
}

QString Certificate::subject() const
{
    return m_x509 ? nameText(X509_get_subject_name(m_x509.get())) : QString();
}

QString Certificate::issuer() const
{
    return m_x509 ? nameText(X509_get_issuer_name(m_x509.get())) : QString();
}

QStringList Certificate::subjectAltNames() const
{
    QStringList out;
    if (!m_x509)
        return out;
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(m_x509.get(), NID_subject_alt_name, nullptr, nullptr));
    if (!names)
        return out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
        if (name->type == GEN_DNS) {
            const ASN1_IA5STRING* dns = name->d.dNSName;
            out << QStringLiteral("DNS:")
                    + QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                                          ASN1_STRING_length(dns));
        } else if (name->type == GEN_IPADD) {
            const ASN1_OCTET_STRING* ip = name->d.iPAddress;
            const int length = ASN1_STRING_length(ip);
            const unsigned char* bytes = ASN1_STRING_get0_data(ip);
            QString text;
            if (length == 4) {
                text = QHostAddress(qFromBigEndian<quint32>(bytes)).toString();
            } else if (length == 16) {
                Q_IPV6ADDR address;
                std::copy(bytes, bytes + 16, address.c);
                text = QHostAddress(address).toString();
            } else {
                text = QStringLiteral("(%1 bytes)").arg(length);
            }
            out << QStringLiteral("IP:") + text;
        }
    }
    GENERAL_NAMES_free(names);
    return out;
}

QDateTime Certificate::notBefore() const
{
    return m_x509 ? timeOf(X509_get0_notBefore(m_x509.get())) : QDateTime();
}

QDateTime Certificate::notAfter() const
{
    return m_x509 ? timeOf(X509_get0_notAfter(m_x509.get())) : QDateTime();
}

QString Certificate::sha256Fingerprint() const
{
    if (!m_x509)
        return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(m_x509.get(), EVP_sha256(), digest, &length) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char*>(digest), length).toHex(':').toUpper();
}

bool Certificate::isCertificateAuthority() const
{
    // 1: CA:TRUE (with keyCertSign when keyUsage is present); other values are v1 roots or Netscape types.
    return m_x509 && X509_check_ca(m_x509.get()) == 1;
}

Result<std::vector<Certificate>> Certificate::fromPem(const QByteArray& pem)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    std::vector<Certificate> out;
    while (X509* x509 = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        out.push_back(adopt(x509));
    // Reading stops with "no start line" at the end of the input: that one is not an error.
    const QString errors = takeOpenSslErrors();
    if (out.empty())
        return Error {errors.isEmpty() ? QStringLiteral("no PEM certificate in it")
                                       : QStringLiteral("no PEM certificate in it (%1)").arg(errors)};
    return out;
}

Result<std::vector<Certificate>> Certificate::readPemFile(const QString& path)
{
    Result<QByteArray> bytes = readSmallFile(path, QStringLiteral("certificate file"));
    if (!bytes)
        return Error {bytes.error()};
    Result<std::vector<Certificate>> certificates = fromPem(*bytes);
    if (!certificates)
        return Error {QStringLiteral("cannot use the certificate file %1: %2").arg(path, certificates.error())};
    return certificates;
}

PrivateKey PrivateKey::adopt(evp_pkey_st* key)
{
    PrivateKey k;
    if (key)
        k.m_key.reset(key, EVP_PKEY_free);
    return k;
}

Result<PrivateKey> PrivateKey::generate()
{
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (!key)
        return Error {QStringLiteral("cannot make an EC P-256 key: %1").arg(takeOpenSslErrors())};
    return adopt(key);
}

Result<PrivateKey> PrivateKey::fromPem(const QByteArray& pem, const QString& origin)
{
    BioPtr bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    // An empty passphrase callback: an encrypted key is refused instead of prompting on the terminal.
    EVP_PKEY* key = PEM_read_bio_PrivateKey(
        bio.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr);
    if (!key) {
        const QString errors = takeOpenSslErrors();
        const bool encrypted = pem.contains("ENCRYPTED");
        return Error {encrypted ? QStringLiteral("the key in %1 is encrypted; give an unencrypted PEM key").arg(origin)
                                : QStringLiteral("no PEM private key in %1 (%2)").arg(origin, errors)};
    }
    return adopt(key);
}

Result<PrivateKey> PrivateKey::readPemFile(const QString& path)
{
    Result<QByteArray> bytes = readSmallFile(path, QStringLiteral("key file"));
    if (!bytes)
        return Error {bytes.error()};
    return fromPem(*bytes, path);
}

QByteArray PrivateKey::toPem() const
{
    if (!m_key)
        return {};
    BioPtr bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return drain(bio.get());
}

QString PrivateKey::algorithm() const
{
    if (!m_key)
        return {};
    const char* name = EVP_PKEY_get0_type_name(m_key.get());
    return name ? QString::fromLatin1(name) : QStringLiteral("unknown");
}

bool PrivateKey::matches(const Certificate& certificate) const
{
    if (!m_key || certificate.isNull())
        return false;
    const bool same = X509_check_private_key(certificate.handle(), m_key.get()) == 1;
    takeOpenSslErrors();
    return same;
}

Result<ServerIdentity> ServerIdentity::readPemFiles(const QString& certPath, const QString& keyPath)
{
    Result<std::vector<Certificate>> chain = Certificate::readPemFile(certPath);
    if (!chain)
        return Error {chain.error()};
    Result<PrivateKey> key = PrivateKey::readPemFile(keyPath);
    if (!key)
        return Error {key.error()};
    if (!key->matches(chain->front()))
        return Error {QStringLiteral("the key in %1 does not belong to the certificate in %2 (%3)")
                          .arg(keyPath, certPath, chain->front().subject())};
    return ServerIdentity {std::move(*chain), std::move(*key)};
}

} // namespace rpcscope
