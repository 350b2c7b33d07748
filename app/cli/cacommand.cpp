// rpcscope-cli ca: shows RpcScope's certificate authority (made on first use) and exports its certificate.
#include "commands.h"

#include "certs/certificateauthority.h"

#include <QCommandLineParser>
#include <QSaveFile>

#include <cstdio>

using namespace rpcscope;

namespace {

const char kDetails[] = R"(
'proxy --tls' shows its clients certificates signed by this CA, and 'serve --tls' uses one too. The
CA is made on first use, once per installation, in the directory below (or --ca-dir DIR):
rpcscope-ca.pem holds its key (readable by you only), rpcscope-ca-cert.pem its certificate.
Clients must trust that certificate:
  Python   ssl.create_default_context(cafile="rpcscope-ca-cert.pem"), or SSL_CERT_FILE=rpcscope-ca-cert.pem
  curl     curl --cacert rpcscope-ca-cert.pem https://...
  Java     keytool -importcert -noprompt -alias rpcscope -file rpcscope-ca-cert.pem \
             -keystore rpcscope-trust.p12 -storetype PKCS12 -storepass changeit
           java -Djavax.net.ssl.trustStore=rpcscope-trust.p12 -Djavax.net.ssl.trustStorePassword=changeit ...

Examples:
  rpcscope-cli ca
  rpcscope-cli ca --export rpcscope-ca-cert.pem
  rpcscope-cli ca --ca-dir ./ca --export -
)";

int usageError(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli ca: %s\nRun 'rpcscope-cli ca --help' for the options.\n",
                 text.toLocal8Bit().constData());
    return 2;
}

int failure(const QString& text)
{
    std::fprintf(stderr, "rpcscope-cli ca: %s\n", text.toLocal8Bit().constData());
    return 1;
}

} // namespace

int runCaCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show RpcScope's certificate authority, making it on first use, and export its certificate."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    const QCommandLineOption caDir(
        QStringLiteral("ca-dir"),
        QStringLiteral("Keep the CA in this directory (default: %1).").arg(CertificateAuthority::defaultDirectory()),
        QStringLiteral("dir"));
    const QCommandLineOption exportTo(
        QStringLiteral("export"), QStringLiteral("Write the CA certificate as PEM to FILE (- for standard output)."),
        QStringLiteral("file"));
    parser.addOptions({help, caDir, exportTo});
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet(help)) {
        std::printf("%s%s", qPrintable(parser.helpText()), kDetails);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));

    Result<CertificateAuthority> ca = CertificateAuthority::open(parser.value(caDir));
    if (!ca)
        return failure(ca.error());
    const Certificate& certificate = ca->certificate();
    if (ca->isNew())
        std::fprintf(stderr, "rpcscope-cli ca: made a new CA in %s\n", qPrintable(ca->directory()));

    if (parser.isSet(exportTo)) {
        const QString target = parser.value(exportTo);
        const QByteArray pem = certificate.toPem();
        if (target == QLatin1String("-")) {
            std::fwrite(pem.constData(), 1, size_t(pem.size()), stdout);
            return std::fflush(stdout) == 0 ? 0 : failure(QStringLiteral("cannot write the standard output"));
        }
        QSaveFile file(target);
        if (!file.open(QIODevice::WriteOnly) || file.write(pem) != pem.size() || !file.commit())
            return failure(QStringLiteral("cannot write %1: %2").arg(target, file.errorString()));
        std::fprintf(stderr, "rpcscope-cli ca: wrote the CA certificate (SHA-256 %s) to %s\n",
                     qPrintable(certificate.sha256Fingerprint()), qPrintable(target));
        return 0;
    }
    std::printf("directory    %s\ncertificate  %s\nkey          %s (owner only)\nsubject      %s\n"
                "valid        %s to %s\nSHA-256      %s\n",
                qPrintable(ca->directory()), qPrintable(ca->certificatePath()), qPrintable(ca->keyPath()),
                qPrintable(certificate.subject()), qPrintable(certificate.notBefore().toString(Qt::ISODate)),
                qPrintable(certificate.notAfter().toString(Qt::ISODate)), qPrintable(certificate.sha256Fingerprint()));
    return 0;
}
