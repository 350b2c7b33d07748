// The composer engine and `rpcscope-cli call` over TLS (core/client: callexchange, copyas, callcollection): an HTTPS
// XML-RPC server and a Pyro4 SSL daemon in Python with certificates made by openssl, verified by default, with
// --cacert or not at all with --insecure; a rejected certificate is named; "Copy as" snippets carry the same choice
// and run against the same peers.
#include "client/callcollection.h"
#include "client/callexchange.h"
#include "client/copyas.h"
#include "peerprocess.h"
#include "testsupport.h"
#include "tlspeers.h"

#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

ComposedCall addCall(const QString& url)
{
    ComposedCall c;
    c.endpoint = url;
    c.method = QStringLiteral("add");
    c.params = {RpcValue::fromInt(3), RpcValue::fromInt(4)};
    return c;
}

} // namespace

class TestCallTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_temp;
    CertificateFiles m_server; // localhost and 127.0.0.1
    CertificateFiles m_otherName; // other.example only
    PeerProcess m_https;
    PeerProcess m_httpsOtherName;
    PeerProcess m_pyro;
    QString m_url;
    QString m_otherNameUrl;
    QString m_pyroUri;

private Q_SLOTS:
    void initTestCase()
    {
        m_server
            = makeSelfSigned(m_temp.path(), QStringLiteral("server"), QStringLiteral("DNS:localhost,IP:127.0.0.1"));
        m_otherName = makeSelfSigned(m_temp.path(), QStringLiteral("other"), QStringLiteral("DNS:other.example"),
                                     QStringLiteral("other.example"));
        QVERIFY(!m_server.certificate.isEmpty() && !m_otherName.certificate.isEmpty());
        const QString script = QString::fromLatin1(httpsXmlRpcServerScript());
        // PeerProcess runs a script without arguments: they are set in sys.argv first.
        auto withArgs = [](const QString& body, const CertificateFiles& files) -> QString {
            return QStringLiteral("import sys\nsys.argv[1:] = [%1, %2]\n")
                       .arg(copyas::pythonLiteral(RpcValue::fromString(files.certificate)),
                            copyas::pythonLiteral(RpcValue::fromString(files.key)))
                + body;
        };
        const QString port = m_https.start(withArgs(script, m_server));
        QVERIFY2(!port.isEmpty(), qPrintable(m_https.error()));
        m_url = QStringLiteral("https://127.0.0.1:%1/RPC2").arg(port);
        const QString otherPort = m_httpsOtherName.start(withArgs(script, m_otherName));
        QVERIFY2(!otherPort.isEmpty(), qPrintable(m_httpsOtherName.error()));
        m_otherNameUrl = QStringLiteral("https://127.0.0.1:%1/RPC2").arg(otherPort);
        m_pyroUri = m_pyro.start(withArgs(QString::fromLatin1(pyro4SslDaemonScript()), m_server));
        QVERIFY2(m_pyroUri.startsWith(QLatin1String("PYRO:")), qPrintable(m_pyro.error()));
    }

    void callCommand_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("which");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("--cacert") << QStringList {QStringLiteral("--cacert"), QStringLiteral("SERVER")}
                                  << QStringLiteral("https") << 0 << QByteArray("7\n");
        QTest::addRow("--insecure") << QStringList {QStringLiteral("--insecure")} << QStringLiteral("https") << 0
                                    << QByteArray("7\n");
        QTest::addRow("-k, wrong name") << QStringList {QStringLiteral("-k")} << QStringLiteral("other") << 0
                                        << QByteArray("7\n");
        QTest::addRow("verified by default")
            << QStringList {} << QStringLiteral("https") << 2
            << QByteArray(
                   "rpcscope-cli call: transport-error: the TLS certificate of 127.0.0.1:PORT (localhost, issued "
                   "by localhost) is not accepted: The certificate is self-signed, and untrusted (trust its CA with "
                   "--cacert FILE, or skip the check with --insecure)\n");
        QTest::addRow("name does not match")
            << QStringList {QStringLiteral("--cacert"), QStringLiteral("OTHER")} << QStringLiteral("other") << 2
            << QByteArray("The host name did not match any of the valid hosts for this certificate");
        QTest::addRow("CA file that is not PEM")
            << QStringList {QStringLiteral("--cacert"), QStringLiteral("SERVERKEY")} << QStringLiteral("https") << 2
            << QByteArray("no PEM certificate in it");
        QTest::addRow("Pyro4 over SSL") << QStringList {QStringLiteral("--tls"), QStringLiteral("--cacert"),
                                                        QStringLiteral("SERVER")}
                                        << QStringLiteral("pyro") << 0 << QByteArray("\"Hello, me. \\n\"\n");
        QTest::addRow("Pyro4 over SSL, not trusted")
            << QStringList {QStringLiteral("--tls")} << QStringLiteral("pyro") << 2
            << QByteArray("The certificate is self-signed, and untrusted");
        QTest::addRow("--tls with an http URL") << QStringList {QStringLiteral("--tls")} << QStringLiteral("http") << 2
                                                << QByteArray("--tls is for PYRO: URIs");
        QTest::addRow("--cacert with an http URL")
            << QStringList {QStringLiteral("--cacert"), QStringLiteral("SERVER")} << QStringLiteral("http") << 2
            << QByteArray("--cacert and --insecure are for https:// URLs");
    }

    void callCommand()
    {
        QFETCH(QStringList, options);
        QFETCH(QString, which);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, expected);
        options.replaceInStrings(QStringLiteral("SERVERKEY"), m_server.key);
        options.replaceInStrings(QStringLiteral("SERVER"), m_server.certificate);
        options.replaceInStrings(QStringLiteral("OTHER"), m_otherName.certificate);
        QStringList call {QStringLiteral("call")};
        call += options;
        if (which == QLatin1String("pyro"))
            call << m_pyroUri << QStringLiteral("get_fortune") << QStringLiteral("me");
        else
            call << (which == QLatin1String("other") ? m_otherNameUrl
                         : which == QLatin1String("http")
                         ? QString(m_url).replace(QLatin1String("https"), QLatin1String("http"))
                         : m_url)
                 << QStringLiteral("add") << QStringLiteral("3") << QStringLiteral("4");
        const ProcessResult r = runCli(call, {}, 30000);
        QCOMPARE(r.exitCode, exitCode);
        expected.replace("PORT", m_url.section(QLatin1Char(':'), 2).section(QLatin1Char('/'), 0, 0).toUtf8());
        QVERIFY2((exitCode == 0 ? r.out : r.err).contains(expected), QByteArray(r.out + r.err).constData());
    }

    // The engine itself: the outcome says the certificate was rejected, apart from other transport errors.
    void outcomeNamesARejectedCertificate()
    {
        CallOutcome outcome = CallExchange::run(addCall(m_url));
        QCOMPARE(outcome.kind, CallOutcomeKind::TransportError);
        QVERIFY(outcome.certificateRejected);
        QVERIFY2(outcome.error.contains(QLatin1String("self-signed")), qPrintable(outcome.error));

        ComposedCall trusted = addCall(m_url);
        trusted.caFile = m_server.certificate;
        outcome = CallExchange::run(trusted);
        QCOMPARE(outcome.kind, CallOutcomeKind::Ok);
        QCOMPARE(outcome.result.toInt(), 7);

        // TLS to a plain-HTTP port: a handshake failure, not a rejected certificate.
        PeerProcess plain;
        const QString port = plain.start(QString::fromLatin1(simpleXmlRpcServerScript()));
        QVERIFY(!port.isEmpty());
        outcome = CallExchange::run(addCall(QStringLiteral("https://127.0.0.1:%1/RPC2").arg(port)));
        QCOMPARE(outcome.kind, CallOutcomeKind::TransportError);
        QVERIFY(!outcome.certificateRejected);
        QVERIFY2(outcome.error.startsWith(QStringLiteral("TLS handshake with 127.0.0.1:%1 failed").arg(port)),
                 qPrintable(outcome.error));
    }

    void copyAsSnippetsCarryTheTlsChoice_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("insecure");
        QTest::addColumn<bool>("rawBody");
        QTest::addRow("curl --cacert") << QStringLiteral("curl") << false << false;
        QTest::addRow("curl -k") << QStringLiteral("curl") << true << false;
        QTest::addRow("Python cafile") << QStringLiteral("python") << false << false;
        QTest::addRow("Python CERT_NONE") << QStringLiteral("python") << true << false;
        QTest::addRow("Python raw body, cafile") << QStringLiteral("python") << false << true;
        QTest::addRow("Pyro4 SSL_CACERTS") << QStringLiteral("pyro") << false << false;
        QTest::addRow("Pyro4 CERT_NONE") << QStringLiteral("pyro") << true << false;
    }

    void copyAsSnippetsCarryTheTlsChoice()
    {
        QFETCH(QString, kind);
        QFETCH(bool, insecure);
        QFETCH(bool, rawBody);
        ComposedCall call = addCall(m_url);
        if (kind == QLatin1String("pyro")) {
            call.endpoint = m_pyroUri;
            call.method = QStringLiteral("get_fortune");
            call.params = {RpcValue::fromString(QStringLiteral("copy"))};
            call.pyroTls = true;
        }
        if (rawBody)
            call.rawBody
                = "<?xml version=\"1.0\"?><methodCall><methodName>add</methodName><params><param><value><int>3</int>"
                  "</value></param><param><value><int>4</int></value></param></params></methodCall>";
        if (insecure)
            call.insecure = true;
        else
            call.caFile = m_server.certificate;
        // The same choice sends the call from the composer...
        const CallOutcome outcome = CallExchange::run(call);
        QVERIFY2(outcome.kind == CallOutcomeKind::Ok, qPrintable(outcome.error));

        // ...and from the snippet, against the same server.
        Result<QString> snippet = kind == QLatin1String("curl") ? copyas::curl(call)
            : kind == QLatin1String("pyro")                     ? copyas::pythonPyro4(call)
                                                                : copyas::pythonXmlRpc(call);
        QVERIFY(snippet);
        ProcessResult r;
        if (kind == QLatin1String("curl")) {
            QVERIFY2(snippet->contains(insecure ? QStringLiteral("curl -sS -k ")
                                                : QStringLiteral("--cacert '%1'").arg(m_server.certificate)),
                     qPrintable(*snippet));
            r = runProcess(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), *snippet});
            if (r.exitCode == 127)
                QSKIP("curl is not installed");
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QVERIFY2(r.out.contains("<int>7</int>"), r.out.constData());
            return;
        }
        r = runPython(*snippet);
        QVERIFY2(r.exitCode == 0, QByteArray(snippet->toUtf8() + "\n" + r.err).constData());
        QCOMPARE(r.out, kind == QLatin1String("pyro") ? QByteArray("Hello, copy. \n\n") : QByteArray("7\n"));
        // Without the TLS lines the same snippet fails: they are what makes it work.
        if (kind == QLatin1String("python") && !rawBody) {
            QVERIFY(snippet->contains(insecure ? QStringLiteral("ssl.CERT_NONE") : QStringLiteral("cafile=")));
            ComposedCall plain = call;
            plain.caFile.clear();
            plain.insecure = false;
            r = runPython(*copyas::pythonXmlRpc(plain));
            QVERIFY(r.exitCode != 0);
            QVERIFY2(r.err.contains("CERTIFICATE_VERIFY_FAILED"), r.err.constData());
        }
    }

    void collectionKeepsTheTlsChoice()
    {
        ComposedCall pyro;
        pyro.endpoint = m_pyroUri;
        pyro.method = QStringLiteral("get_fortune");
        pyro.pyroTls = true;
        pyro.caFile = QStringLiteral("/etc/ssl/ca.pem");
        ComposedCall xml = addCall(m_url);
        xml.insecure = true;
        const QByteArray json = callcollection::toJson(
            {{QStringLiteral("a"), pyro}, {QStringLiteral("b"), xml}, {QStringLiteral("c"), addCall(m_url)}});
        Result<std::vector<NamedCall>> back = callcollection::fromJson(json);
        QVERIFY(back);
        QCOMPARE(back->size(), size_t(3));
        QVERIFY(back->at(0).call.pyroTls);
        QCOMPARE(back->at(0).call.caFile, QStringLiteral("/etc/ssl/ca.pem"));
        QVERIFY(!back->at(0).call.insecure);
        QVERIFY(back->at(1).call.insecure);
        QVERIFY(!back->at(2).call.insecure && back->at(2).call.caFile.isEmpty() && !back->at(2).call.pyroTls);
    }
};

QTEST_GUILESS_MAIN(TestCallTls)
#include "tst_calltls.moc"
