// The test servers over TLS (core/server/servertls.cpp, `rpcscope-cli serve --tls`): Python's xmlrpc.client and
// Pyro4 with SSL, trusting the exported RpcScope CA, get their answers; a client that does not trust it is refused
// with the reason in the log; --cert/--key serve a certificate made by openssl.
#include "asyncprocess.h"
#include "certs/certificateauthority.h"
#include "server/pyro4daemon.h"
#include "server/servertls.h"
#include "server/xmlrpcserver.h"
#include "testsupport.h"
#include "tlspeers.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// A running `rpcscope-cli serve`: its two "xmlrpc URL" / "pyro URI" lines, then SIGTERM and the log.
class ServeProcess
{
public:
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    QStringList start(const QStringList& args, int lines)
    {
        m_process.start(cliPath(), QStringList {QStringLiteral("serve")} + args);
        QStringList out;
        QElapsedTimer clock;
        clock.start();
        while (out.size() < lines && clock.elapsed() < 15000 && m_process.state() != QProcess::NotRunning) {
            if (!m_process.canReadLine())
                m_process.waitForReadyRead(200);
            while (m_process.canReadLine())
                out << QString::fromUtf8(m_process.readLine()).trimmed();
        }
        return out;
    }
    QByteArray stop()
    {
        m_process.terminate();
        m_process.waitForFinished(10000);
        return m_process.readAllStandardError();
    }

private:
    QProcess m_process;
};

// Asks the server at 127.0.0.1:port for its certificate, trusting `cafile`, and prints its subjectAltName.
const char kPeerNames[] = R"(
import socket, ssl, sys
context = ssl.create_default_context(cafile=sys.argv[2])
with socket.create_connection(('127.0.0.1', int(sys.argv[1]))) as raw:
    with context.wrap_socket(raw, server_hostname='localhost') as tls:
        print(' '.join('%s:%s' % name for name in tls.getpeercert()['subjectAltName']))
)";

} // namespace

class TestServerTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_temp;
    QString m_caDir;
    QString m_ca;

private Q_SLOTS:
    void initTestCase()
    {
        m_caDir = m_temp.filePath(QStringLiteral("ca"));
        m_ca = exportRpcScopeCa(m_caDir, m_temp.filePath(QStringLiteral("rpcscope-ca.pem")));
        QVERIFY(!m_ca.isEmpty());
    }

    void serveTlsAnswersPythonAndPyro4()
    {
        ServeProcess serve;
        const QStringList lines
            = serve.start({QStringLiteral("--tls"), QStringLiteral("--ca-dir"), m_caDir, QStringLiteral("--log")}, 2);
        QCOMPARE(lines.size(), 2);
        const QRegularExpression xmlrpc(QStringLiteral("^xmlrpc https://127\\.0\\.0\\.1:(\\d+)/RPC2$"));
        QVERIFY2(xmlrpc.match(lines[0]).hasMatch(), qPrintable(lines[0]));
        QVERIFY2(lines[1].startsWith(QLatin1String("pyro PYRO:example.greeting@127.0.0.1:")), qPrintable(lines[1]));
        const QString url = lines[0].section(QLatin1Char(' '), 1);
        const QString port = xmlrpc.match(lines[0]).captured(1);

        // By address and by name, with strict verification (Python 3.13's default).
        ProcessResult r = runPython(QString::fromLatin1(httpsXmlRpcClientScript()), {url, m_ca});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QCOMPARE(r.out, QByteArray("7\n"));
        r = runPython(QString::fromLatin1(httpsXmlRpcClientScript()),
                      {QString(url).replace(QLatin1String("127.0.0.1"), QLatin1String("localhost")), m_ca});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QCOMPARE(r.out, QByteArray("7\n"));
        r = runPython(QString::fromLatin1(kPeerNames), {port, m_ca});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(r.out, QByteArray("DNS:localhost IP Address:127.0.0.1 IP Address:0:0:0:0:0:0:0:1\n"));

        // Pyro4 with SSL=True and the CA in SSL_CACERTS: the handshake and the call both go through TLS.
        r = runPython(QString::fromLatin1(pyro4SslClientScript()), {lines[1].section(QLatin1Char(' '), 1), m_ca});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QCOMPARE(r.out, QByteArray("Hello, tls.\n"));

        // A client that trusts only the system's CAs is refused, and the log says why.
        r = runPython(QString::fromLatin1(httpsXmlRpcClientScript()), {url, QString()});
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.out.contains("CERTIFICATE_VERIFY_FAILED"), r.out.constData());
        const QByteArray log = serve.stop();
        QVERIFY2(log.contains("TLS with a certificate for localhost, 127.0.0.1, ::1 signed by RpcScope's CA"),
                 log.constData());
        QVERIFY2(log.contains("add -> ok 7"), log.constData());
        QVERIFY2(log.contains("example.greeting.get_fortune -> ok"), log.constData());
        QVERIFY2(log.contains("TLS handshake with 127.0.0.1:") && log.contains("unknown CA"), log.constData());
    }

    void serveTlsWithOwnCertificate()
    {
        const CertificateFiles own
            = makeSelfSigned(m_temp.path(), QStringLiteral("own"), QStringLiteral("DNS:localhost,IP:127.0.0.1"));
        ServeProcess serve;
        const QStringList lines
            = serve.start({QStringLiteral("--tls"), QStringLiteral("--cert"), own.certificate, QStringLiteral("--key"),
                           own.key, QStringLiteral("--xmlrpc"), QStringLiteral(":0")},
                          1);
        QCOMPARE(lines.size(), 1);
        const ProcessResult r = runPython(QString::fromLatin1(httpsXmlRpcClientScript()),
                                          {lines[0].section(QLatin1Char(' '), 1), own.certificate});
        QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
        QCOMPARE(r.out, QByteArray("7\n"));
        QVERIFY2(serve.stop().contains(QByteArray("TLS with " + own.certificate.toUtf8())),
                 "the log names the certificate file");
    }

    void badTlsOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("missing certificate")
            << QStringList {QStringLiteral("--tls"), QStringLiteral("--cert"), QStringLiteral("/nonexistent/cert.pem")}
            << QByteArray("cannot read the certificate file /nonexistent/cert.pem");
        QTest::addRow("key without certificate")
            << QStringList {QStringLiteral("--tls"), QStringLiteral("--key"), QStringLiteral("k.pem")}
            << QByteArray("--key needs --cert");
        QTest::addRow("certificate without --tls")
            << QStringList {QStringLiteral("--cert"), QStringLiteral("c.pem")} << QByteArray("go with --tls");
        QTest::addRow("certificate holding no key")
            << QStringList {QStringLiteral("--tls"), QStringLiteral("--cert"), QStringLiteral("CA")}
            << QByteArray("no PEM private key in");
    }

    void badTlsOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, message);
        args.replaceInStrings(QStringLiteral("CA"), m_ca);
        const ProcessResult r = runCli(QStringList {QStringLiteral("serve")} + args, {}, 10000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }

    // In process: TLS is chosen before listening, the URL says https, and a plain-HTTP client is refused with a
    // reason instead of hanging.
    void inProcessServers()
    {
        Result<CertificateAuthority> ca = CertificateAuthority::open(m_caDir);
        QVERIFY(ca);
        Result<ServerIdentity> identity = ca->issueServerIdentity({QStringLiteral("127.0.0.1")});
        QVERIFY(identity);
        Result<QSslConfiguration> configuration = serverTlsConfiguration(*identity);
        QVERIFY(configuration);

        XmlRpcServer server;
        QVERIFY(server.setTls(*configuration));
        QVERIFY(server.listen());
        QVERIFY(server.usesTls());
        QCOMPARE(server.url(), QStringLiteral("https://127.0.0.1:%1/RPC2").arg(server.port()));
        QVERIFY(!server.setTls(std::nullopt)); // too late: it listens
        QSignalSpy refused(&server, &XmlRpcServer::connectionRefused);
        ProcessResult r = runPythonServing(QString::fromLatin1(httpsXmlRpcClientScript()), {server.url(), m_ca});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(r.out, QByteArray("7\n"));
        r = runPythonServing(QString::fromLatin1(httpsXmlRpcClientScript()),
                             {QString(server.url()).replace(QLatin1String("https"), QLatin1String("http")), QString()});
        QCOMPARE(r.exitCode, 3);
        QTRY_VERIFY(!refused.isEmpty());
        const QString reason = refused.first().first().toString();
        QVERIFY2(reason.startsWith(QLatin1String("TLS handshake with 127.0.0.1:")), qPrintable(reason));

        Pyro4Daemon daemon;
        QVERIFY(daemon.setTls(*configuration));
        QVERIFY(daemon.listen());
        r = runPythonServing(QString::fromLatin1(pyro4SslClientScript()), {daemon.uri(), m_ca});
        QVERIFY2(r.exitCode == 0, describe(r).constData());
        QCOMPARE(r.out, QByteArray("Hello, tls.\n"));
    }
};

QTEST_GUILESS_MAIN(TestServerTls)
#include "tst_servertls.moc"
