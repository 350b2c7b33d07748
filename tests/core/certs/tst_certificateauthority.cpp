// RpcScope's CA (core/certs/certificateauthority.cpp): made on first use with private files, reused afterwards,
// refused when it cannot be trusted, and issuing leaves that `openssl verify -x509_strict` accepts. The openssl
// command-line tool is the independent judge of what the certificates contain.
#include "certs/certificateauthority.h"
#include "certs/certificatebuilder.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace rpcscope;

namespace {

// The error of a failed Result for a failure message (QVERIFY2 builds its message even when the check passes).
template<typename T>
QByteArray why(const Result<T>& result)
{
    return result ? QByteArray() : result.error().toUtf8();
}

int modeOf(const QString& path)
{
    struct stat info
    { };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 0777);
}

QByteArray openssl(const QStringList& args)
{
    const test::ProcessResult r = test::runProcess(QStringLiteral("openssl"), args);
    return r.out + r.err;
}

} // namespace

class TestCertificateAuthority : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void madeOnFirstUseWithPrivateFilesAndReused()
    {
        QTemporaryDir temp;
        const QString dir = temp.filePath(QStringLiteral("nested/ca"));
        Result<CertificateAuthority> made = CertificateAuthority::open(dir);
        QVERIFY2(made, why(made).constData());
        QVERIFY(made->isNew());
        QCOMPARE(made->keyPath(), dir + QStringLiteral("/rpcscope-ca.pem"));
        QCOMPARE(made->certificatePath(), dir + QStringLiteral("/rpcscope-ca-cert.pem"));
        QCOMPARE(modeOf(made->keyPath()), 0600);
        QCOMPARE(modeOf(dir), 0700);
        QCOMPARE(modeOf(made->certificatePath()), 0644);

        QFile key(made->keyPath());
        QVERIFY(key.open(QIODevice::ReadOnly));
        const QByteArray keyFile = key.readAll();
        QVERIFY(keyFile.contains("-----BEGIN PRIVATE KEY-----"));
        QVERIFY(keyFile.contains("-----BEGIN CERTIFICATE-----"));
        QFile certificate(made->certificatePath());
        QVERIFY(certificate.open(QIODevice::ReadOnly));
        const QByteArray certificateFile = certificate.readAll();
        QCOMPARE(certificateFile, made->certificate().toPem());
        QVERIFY(!certificateFile.contains("PRIVATE KEY"));
        QVERIFY(QDir(dir).entryList(QDir::Files).size() == 2); // no temporary file left behind

        Result<CertificateAuthority> again = CertificateAuthority::open(dir);
        QVERIFY2(again, why(again).constData());
        QVERIFY(!again->isNew());
        QCOMPARE(again->certificate().sha256Fingerprint(), made->certificate().sha256Fingerprint());

        // A deleted certificate file is written again from the key file; the CA stays the same.
        QVERIFY(QFile::remove(made->certificatePath()));
        Result<CertificateAuthority> third = CertificateAuthority::open(dir);
        QVERIFY2(third, why(third).constData());
        QCOMPARE(third->certificate().sha256Fingerprint(), made->certificate().sha256Fingerprint());
        QVERIFY(QFile::exists(made->certificatePath()));
    }

    void caProfile()
    {
        QTemporaryDir temp;
        Result<CertificateAuthority> ca = CertificateAuthority::open(temp.path());
        QVERIFY2(ca, why(ca).constData());
        const Certificate& c = ca->certificate();
        QVERIFY(c.isCertificateAuthority());
        QVERIFY(c.subject().contains(QLatin1String("CN=RpcScope CA")));
        QCOMPARE(c.subject(), c.issuer());
        // Ten years, back-dated two days; the fingerprint is what openssl computes.
        const qint64 days = c.notBefore().daysTo(c.notAfter());
        QCOMPARE(days, qint64(certbuilder::kCaValidityDays + certbuilder::kBackdateDays));
        QVERIFY(c.notBefore() < QDateTime::currentDateTimeUtc());

        const QByteArray text
            = openssl({QStringLiteral("x509"), QStringLiteral("-in"), ca->certificatePath(), QStringLiteral("-noout"),
                       QStringLiteral("-text"), QStringLiteral("-fingerprint"), QStringLiteral("-sha256")});
        QVERIFY2(text.contains("X509v3 Basic Constraints: critical\n                CA:TRUE"), text.constData());
        QVERIFY2(text.contains("X509v3 Key Usage: critical\n                Certificate Sign, CRL Sign"),
                 text.constData());
        QVERIFY2(text.contains("X509v3 Subject Key Identifier"), text.constData());
        QVERIFY2(text.contains("Signature Algorithm: ecdsa-with-SHA256"), text.constData());
        QVERIFY2(text.contains(QByteArray("sha256 Fingerprint=" + c.sha256Fingerprint().toLatin1())), text.constData());
        // The key file holds the key of this certificate: openssl agrees.
        const QByteArray fromKey
            = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), ca->keyPath(), QStringLiteral("-pubout")});
        const QByteArray fromCertificate
            = openssl({QStringLiteral("x509"), QStringLiteral("-in"), ca->certificatePath(), QStringLiteral("-noout"),
                       QStringLiteral("-pubkey")});
        QVERIFY(fromKey.contains("BEGIN PUBLIC KEY"));
        QCOMPARE(fromKey, fromCertificate);
    }

    void issuedCertificatesVerifyStrictly_data()
    {
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QStringList>("sans");
        QTest::addRow("host name") << QStringList {QStringLiteral("localhost")}
                                   << QStringList {QStringLiteral("DNS:localhost")};
        QTest::addRow("IPv4 address") << QStringList {QStringLiteral("127.0.0.1")}
                                      << QStringList {QStringLiteral("IP:127.0.0.1")};
        QTest::addRow("test server names")
            << QStringList {QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")}
            << QStringList {QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1"), QStringLiteral("IP:::1")};
        QTest::addRow("SNI name and upstream")
            << QStringList {QStringLiteral("odoo.example.com"), QStringLiteral("10.1.2.3")}
            << QStringList {QStringLiteral("DNS:odoo.example.com"), QStringLiteral("IP:10.1.2.3")};
        QTest::addRow("wildcard") << QStringList {QStringLiteral("*.example.com")}
                                  << QStringList {QStringLiteral("DNS:*.example.com")};
        const QString longName = QStringLiteral("a").repeated(60) + QStringLiteral(".example.com");
        QTest::addRow("name too long for a CN")
            << QStringList {longName} << QStringList {QStringLiteral("DNS:") + longName};
    }

    void issuedCertificatesVerifyStrictly()
    {
        QFETCH(QStringList, names);
        QFETCH(QStringList, sans);
        QTemporaryDir temp;
        Result<CertificateAuthority> ca = CertificateAuthority::open(temp.path());
        QVERIFY2(ca, why(ca).constData());
        Result<ServerIdentity> identity = ca->issueServerIdentity(names);
        QVERIFY2(identity, why(identity).constData());
        const Certificate& leaf = identity->chain.front();
        QCOMPARE(leaf.subjectAltNames(), sans);
        QCOMPARE(leaf.issuer(), ca->certificate().subject());
        QVERIFY(!leaf.isCertificateAuthority());
        QVERIFY(identity->key.matches(leaf));
        QCOMPARE(leaf.notBefore().daysTo(leaf.notAfter()),
                 qint64(certbuilder::kLeafValidityDays + certbuilder::kBackdateDays));

        const QString leafPath = temp.filePath(QStringLiteral("leaf.pem"));
        QFile file(leafPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(leaf.toPem());
        file.close();
        // -x509_strict wants the authority key identifier Python 3.13 also requires.
        const QByteArray verified
            = openssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-purpose"),
                       QStringLiteral("sslserver"), QStringLiteral("-CAfile"), ca->certificatePath(), leafPath});
        QVERIFY2(verified.contains(QByteArray(leafPath.toUtf8() + ": OK")), verified.constData());
        const QByteArray text = openssl({QStringLiteral("x509"), QStringLiteral("-in"), leafPath,
                                         QStringLiteral("-noout"), QStringLiteral("-text")});
        QVERIFY2(text.contains("CA:FALSE"), text.constData());
        QVERIFY2(text.contains("TLS Web Server Authentication"), text.constData());
        QVERIFY2(text.contains("X509v3 Authority Key Identifier"), text.constData());
        QVERIFY2(!text.contains("X509v3 Subject Key Identifier"), text.constData());
        // Without a CN (the name does not fit) the SAN extension is critical, as RFC 5280 asks.
        QCOMPARE(text.contains("Subject Alternative Name: critical"), names.first().size() > 64);
    }

    void namesThatCannotBeCertifiedAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("SAN injection") << QStringLiteral("a.example,DNS:evil.example");
        QTest::addRow("space") << QStringLiteral("my host");
        QTest::addRow("empty") << QString();
        QTest::addRow("empty label") << QStringLiteral("a..example");
        QTest::addRow("too long") << QStringLiteral("a.").repeated(130);
        QTest::addRow("label too long") << QStringLiteral("b").repeated(64) + QStringLiteral(".example");
        QTest::addRow("non-ASCII") << QStringLiteral("bücher.example");
    }

    void namesThatCannotBeCertifiedAreRefused()
    {
        QFETCH(QString, name);
        QTemporaryDir temp;
        Result<CertificateAuthority> ca = CertificateAuthority::open(temp.path());
        QVERIFY2(ca, why(ca).constData());
        Result<ServerIdentity> identity = ca->issueServerIdentity({QStringLiteral("localhost"), name});
        QVERIFY(!identity);
        QVERIFY2(identity.error().contains(QLatin1String("is not a host name")), qPrintable(identity.error()));
    }

    void untrustworthyCaFilesAreRefused_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        QTest::addRow("key readable by others")
            << QStringLiteral("chmod") << QStringLiteral("readable by others (mode 0644)");
        QTest::addRow("not PEM") << QStringLiteral("garbage") << QStringLiteral("no PEM private key");
        QTest::addRow("key of another CA")
            << QStringLiteral("swap") << QStringLiteral("does not belong to its certificate");
    }

    void untrustworthyCaFilesAreRefused()
    {
        QFETCH(QString, damage);
        QFETCH(QString, message);
        QTemporaryDir temp;
        const QString dir = temp.filePath(QStringLiteral("ca"));
        Result<CertificateAuthority> ca = CertificateAuthority::open(dir);
        QVERIFY2(ca, why(ca).constData());
        if (damage == QLatin1String("chmod")) {
            QVERIFY(::chmod(QFile::encodeName(ca->keyPath()).constData(), 0644) == 0);
        } else {
            QByteArray bytes = "not a key\n";
            if (damage == QLatin1String("swap")) {
                // Another CA's key with this CA's certificate.
                Result<CertificateAuthority> other = CertificateAuthority::open(temp.filePath(QStringLiteral("b")));
                QVERIFY(other);
                QFile otherKey(other->keyPath());
                QVERIFY(otherKey.open(QIODevice::ReadOnly));
                const QByteArray pem = otherKey.readAll();
                bytes = pem.left(pem.indexOf("-----BEGIN CERTIFICATE-----")) + ca->certificate().toPem();
            }
            QFile file(ca->keyPath());
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(bytes);
        }
        Result<CertificateAuthority> reopened = CertificateAuthority::open(dir);
        QVERIFY(!reopened);
        QVERIFY2(reopened.error().contains(message), qPrintable(reopened.error()));
        QVERIFY2(reopened.error().contains(ca->keyPath()), qPrintable(reopened.error()));
    }

    void serverIdentityFromOpensslFiles()
    {
        QTemporaryDir temp;
        const QString cert = temp.filePath(QStringLiteral("c.pem"));
        const QString key = temp.filePath(QStringLiteral("k.pem"));
        const test::ProcessResult made = test::runProcess(
            QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
             QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert,
             QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=test")});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        Result<ServerIdentity> identity = ServerIdentity::readPemFiles(cert, key);
        QVERIFY2(identity, why(identity).constData());
        QCOMPARE(identity->key.algorithm(), QStringLiteral("RSA"));
        QCOMPARE(identity->chain.front().subject(), QStringLiteral("CN=test"));

        // One file holding both works too; a key that belongs to another certificate does not.
        QFile both(temp.filePath(QStringLiteral("both.pem")));
        QVERIFY(both.open(QIODevice::WriteOnly));
        both.write(identity->key.toPem() + identity->chain.front().toPem());
        both.close();
        QVERIFY(ServerIdentity::readPemFiles(both.fileName(), both.fileName()));
        Result<PrivateKey> other = PrivateKey::generate();
        QVERIFY(other);
        QFile otherKey(temp.filePath(QStringLiteral("other.pem")));
        QVERIFY(otherKey.open(QIODevice::WriteOnly));
        otherKey.write(other->toPem());
        otherKey.close();
        Result<ServerIdentity> mismatched = ServerIdentity::readPemFiles(cert, otherKey.fileName());
        QVERIFY(!mismatched);
        QVERIFY2(mismatched.error().contains(QLatin1String("does not belong to the certificate")),
                 qPrintable(mismatched.error()));
        Result<ServerIdentity> missing = ServerIdentity::readPemFiles(temp.filePath(QStringLiteral("nope.pem")), key);
        QVERIFY(!missing);
        QVERIFY2(missing.error().contains(QLatin1String("nope.pem")), qPrintable(missing.error()));
    }
};

QTEST_GUILESS_MAIN(TestCertificateAuthority)
#include "tst_certificateauthority.moc"
