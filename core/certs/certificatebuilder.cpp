#include "certificatebuilder.h"

#include "certs/opensslerror.h"

#include <QHostAddress>
#include <QScopeGuard>
#include <QtEndian>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace rpcscope::certbuilder {

namespace {

constexpr long kSecondsPerDay = 86400;

struct X509Deleter
{
    void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

Status failed(const QString& what)
{
    return Error {QStringLiteral("cannot %1: %2").arg(what, takeOpenSslErrors())};
}

// A random positive serial of at most 159 bits: unique in practice, and within RFC 5280's 20 octets.
Status setRandomSerial(X509* x)
{
    std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(BN_new(), BN_free);
    do {
        if (!serial || BN_rand(serial.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1)
            return failed(QStringLiteral("make a serial number"));
    } while (BN_is_zero(serial.get()));
    if (!BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x)))
        return failed(QStringLiteral("set the serial number"));
    return Done {};
}

Status addNameEntry(X509_NAME* name, const char* field, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(utf8.constData()),
                                   int(utf8.size()), -1, 0)
        != 1)
        return failed(QStringLiteral("set the %1 of the certificate").arg(QLatin1String(field)));
    return Done {};
}

// Extensions from fixed texts only: names from the network never go through this parser (see addSubjectAltNames).
Status addExtension(X509* x, X509* issuer, int nid, const char* value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, x, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (!extension)
        return failed(QStringLiteral("make the extension %1").arg(QLatin1String(value)));
    const int added = X509_add_ext(x, extension, -1);
    X509_EXTENSION_free(extension);
    if (added != 1)
        return failed(QStringLiteral("add the extension %1").arg(QLatin1String(value)));
    return Done {};
}

// subjectAltName built as GENERAL_NAMEs, not as configuration text, so a name cannot smuggle in extra entries.
Status addSubjectAltNames(X509* x, const QStringList& names, bool critical)
{
    GENERAL_NAMES* list = sk_GENERAL_NAME_new_null();
    auto freeList = qScopeGuard([list] { GENERAL_NAMES_free(list); });
    for (const QString& name : names) {
        GENERAL_NAME* entry = GENERAL_NAME_new();
        if (!entry)
            return failed(QStringLiteral("make a subject alternative name"));
        QHostAddress address;
        QByteArray bytes;
        if (address.setAddress(name)) {
            bool isV4 = false;
            const quint32 v4 = address.toIPv4Address(&isV4);
            if (isV4 && address.protocol() == QAbstractSocket::IPv4Protocol) {
                bytes.resize(4);
                qToBigEndian(v4, bytes.data());
            } else {
                const Q_IPV6ADDR v6 = address.toIPv6Address();
                bytes = QByteArray(reinterpret_cast<const char*>(v6.c), 16);
            }
            ASN1_OCTET_STRING* ip = ASN1_OCTET_STRING_new();
            ASN1_OCTET_STRING_set(ip, reinterpret_cast<const unsigned char*>(bytes.constData()), int(bytes.size()));
            GENERAL_NAME_set0_value(entry, GEN_IPADD, ip);
        } else {
            bytes = name.toLatin1();
            ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
            ASN1_STRING_set(dns, bytes.constData(), int(bytes.size()));
            GENERAL_NAME_set0_value(entry, GEN_DNS, dns);
        }
        sk_GENERAL_NAME_push(list, entry);
    }
    if (X509_add1_ext_i2d(x, NID_subject_alt_name, list, critical ? 1 : 0, X509V3_ADD_DEFAULT) != 1)
        return failed(QStringLiteral("add the subject alternative names"));
    return Done {};
}

Status setValidity(X509* x, int days, const X509* ca)
{
    if (!X509_gmtime_adj(X509_getm_notBefore(x), -kBackdateDays * kSecondsPerDay)
        || !X509_time_adj_ex(X509_getm_notAfter(x), days, 0, nullptr))
        return failed(QStringLiteral("set the validity"));
    // A leaf outliving its CA would fail anyway; stop it where the CA stops.
    if (ca && ASN1_TIME_compare(X509_get0_notAfter(x), X509_get0_notAfter(ca)) > 0)
        X509_set1_notAfter(x, X509_get0_notAfter(ca));
    return Done {};
}

#define RETURN_IF_FAILED(expression)                                                                                   \
    do {                                                                                                               \
        if (Status s_ = (expression); !s_)                                                                             \
            return Error {s_.error()};                                                                                 \
    } while (false)

} // namespace

Status checkName(const QString& name)
{
    if (QHostAddress().setAddress(name))
        return Done {};
    if (name.isEmpty() || name.size() > 253)
        return Error {QStringLiteral("'%1' is not a host name (1 to 253 characters)").arg(name.left(80))};
    const QStringList labels = name.split(QLatin1Char('.'));
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const QString& label = labels[i];
        if (i == 0 && label == QLatin1String("*") && labels.size() > 2)
            continue;
        if (label.isEmpty() || label.size() > 63)
            return Error {QStringLiteral("'%1' is not a host name (empty or long label)").arg(name.left(80))};
        for (const QChar c : label) {
            const char16_t u = c.unicode();
            const bool ok
                = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '_';
            if (!ok)
                return Error {QStringLiteral("'%1' is not a host name (letters, digits, '-', '_' and '.' only)")
                                  .arg(name.left(80))};
        }
    }
    return Done {};
}

Result<Certificate> makeCa(const PrivateKey& key, const QString& note)
{
    X509Ptr x(X509_new());
    if (!x || X509_set_version(x.get(), X509_VERSION_3) != 1)
        return Error {failed(QStringLiteral("make a certificate")).error()};
    RETURN_IF_FAILED(setRandomSerial(x.get()));
    RETURN_IF_FAILED(setValidity(x.get(), kCaValidityDays, nullptr));
    X509_NAME* subject = X509_get_subject_name(x.get());
    RETURN_IF_FAILED(addNameEntry(subject, "CN", QStringLiteral("RpcScope CA")));
    RETURN_IF_FAILED(addNameEntry(subject, "O", QStringLiteral("RpcScope")));
    if (!note.isEmpty())
        RETURN_IF_FAILED(addNameEntry(subject, "OU", note.left(64)));
    X509_set_issuer_name(x.get(), subject);
    if (X509_set_pubkey(x.get(), key.handle()) != 1)
        return Error {failed(QStringLiteral("set the CA's key")).error()};
    RETURN_IF_FAILED(addExtension(x.get(), x.get(), NID_basic_constraints, "critical,CA:TRUE"));
    RETURN_IF_FAILED(addExtension(x.get(), x.get(), NID_key_usage, "critical,keyCertSign,cRLSign"));
    RETURN_IF_FAILED(addExtension(x.get(), x.get(), NID_subject_key_identifier, "hash"));
    if (X509_sign(x.get(), key.handle(), EVP_sha256()) <= 0)
        return Error {failed(QStringLiteral("sign the CA certificate")).error()};
    return Certificate::adopt(x.release());
}

Result<Certificate> makeLeaf(const QStringList& names, const PrivateKey& key, const Certificate& ca,
                             const PrivateKey& caKey)
{
    if (names.isEmpty())
        return Error {QStringLiteral("a certificate needs at least one name")};
    for (const QString& name : names)
        RETURN_IF_FAILED(checkName(name));
    X509Ptr x(X509_new());
    if (!x || X509_set_version(x.get(), X509_VERSION_3) != 1)
        return Error {failed(QStringLiteral("make a certificate")).error()};
    RETURN_IF_FAILED(setRandomSerial(x.get()));
    RETURN_IF_FAILED(setValidity(x.get(), kLeafValidityDays, ca.handle()));
    // RFC 5280: without a subject the SAN extension must be critical.
    const bool withCommonName = names.first().size() <= 64;
    if (withCommonName)
        RETURN_IF_FAILED(addNameEntry(X509_get_subject_name(x.get()), "CN", names.first()));
    X509_set_issuer_name(x.get(), X509_get_subject_name(ca.handle()));
    if (X509_set_pubkey(x.get(), key.handle()) != 1)
        return Error {failed(QStringLiteral("set the certificate's key")).error()};
    RETURN_IF_FAILED(addSubjectAltNames(x.get(), names, !withCommonName));
    RETURN_IF_FAILED(addExtension(x.get(), ca.handle(), NID_basic_constraints, "critical,CA:FALSE"));
    const bool rsa = EVP_PKEY_is_a(key.handle(), "RSA");
    RETURN_IF_FAILED(addExtension(x.get(), ca.handle(), NID_key_usage,
                                  rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"));
    RETURN_IF_FAILED(addExtension(x.get(), ca.handle(), NID_ext_key_usage, "serverAuth"));
    // No subject key identifier on the leaf: some TLS stacks (SChannel) trip over a leaf and CA with equal SKIs.
    RETURN_IF_FAILED(addExtension(x.get(), ca.handle(), NID_authority_key_identifier, "keyid:always"));
    if (X509_sign(x.get(), caKey.handle(), EVP_sha256()) <= 0)
        return Error {failed(QStringLiteral("sign the certificate")).error()};
    return Certificate::adopt(x.release());
}

} // namespace rpcscope::certbuilder
