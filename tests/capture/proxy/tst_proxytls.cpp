// `rpcscope-cli proxy --tls` (capture/proxy/proxytls.cpp, tlschannel.cpp, proxyconnectiontls.cpp) between real
// peers: verifying Python clients that trust the exported RpcScope CA, an HTTPS XML-RPC server whose self-signed
// certificate openssl made, and the failures a user meets, each reported with its reason.
#include "pythonpeer.h"
#include "testsupport.h"
#include "tlspeers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope::test;

namespace {

// A running `rpcscope-cli proxy`: started, waited for, stopped with SIGTERM, its output kept.
class ProxyProcess
{
public:
    ~ProxyProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    bool start(const QStringList& args, const QString& keyLog = {})
    {
        if (!keyLog.isEmpty()) {
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("SSLKEYLOGFILE"), keyLog);
            m_process.setProcessEnvironment(environment);
        }
        m_process.start(cliPath(), QStringList {QStringLiteral("proxy")} + args);
        QDeadlineTimer deadline(15000);
        while (!m_err.contains("listening on") && !deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
            m_process.waitForReadyRead(100);
            m_err += m_process.readAllStandardError();
        }
        return m_err.contains("listening on");
    }
    /// Waits until standard error holds `text` (a report that follows a client's failure).
    bool waitForError(const QByteArray& text, int timeoutMs = 10000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_err.contains(text) && !deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
            m_process.waitForReadyRead(100);
            m_err += m_process.readAllStandardError();
        }
        return m_err.contains(text);
    }
    void stop()
    {
        m_process.terminate();
        m_process.waitForFinished(10000);
        m_out += m_process.readAllStandardOutput();
        m_err += m_process.readAllStandardError();
    }
    int exitCode() const { return m_process.exitCode(); }
    const QByteArray& out() const { return m_out; }
    const QByteArray& err() const { return m_err; }

private:
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
};

// The calls of a jsonl text as "method(params) -> status result", the way a user compares two listings.
QStringList callsOf(const QByteArray& jsonl)
{
    QStringList calls;
    for (const QByteArray& line : jsonl.trimmed().split('\n')) {
        if (line.isEmpty())
            continue;
        const QJsonObject call = QJsonDocument::fromJson(line).object();
        calls << QStringLiteral("%1%2 -> %3 %4")
                     .arg(call.value(QStringLiteral("method")).toString(),
                          QString::fromUtf8(QJsonDocument(call.value(QStringLiteral("params")).toArray())
                                                .toJson(QJsonDocument::Compact)),
                          call.value(QStringLiteral("status")).toString(),
                          QString::number(call.value(QStringLiteral("result")).toDouble()));
    }
    return calls;
}

} // namespace

class TestProxyTls : public QObject
{
    Q_OBJECT

    QTemporaryDir m_temp;
    QString m_caDir;
    QString m_rpcscopeCa;
    CertificateFiles m_upstream;

    // The HTTPS XML-RPC server behind the proxy, with the self-signed certificate.
    quint16 startUpstream(PythonPeer& server)
    {
        server.start(QString::fromLatin1(httpsXmlRpcServerScript()), {m_upstream.certificate, m_upstream.key});
        return server.readPort();
    }

    QStringList proxyArgs(quint16 listen, quint16 upstream, const QStringList& extra) const
    {
        return QStringList {QStringLiteral("--tls"),
                            QStringLiteral("--ca-dir"),
                            m_caDir,
                            QStringLiteral("--listen"),
                            QStringLiteral(":%1").arg(listen),
                            QStringLiteral("--to"),
                            QStringLiteral("127.0.0.1:%1").arg(upstream),
                            QStringLiteral("--format"),
                            QStringLiteral("jsonl")}
        + extra;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_temp.isValid());
        m_caDir = m_temp.filePath(QStringLiteral("ca"));
        m_rpcscopeCa = exportRpcScopeCa(m_caDir, m_temp.filePath(QStringLiteral("rpcscope-ca.pem")));
        QVERIFY(!m_rpcscopeCa.isEmpty());
        m_upstream
            = makeSelfSigned(m_temp.path(), QStringLiteral("upstream"), QStringLiteral("DNS:localhost,IP:127.0.0.1"));
        QVERIFY(!m_upstream.certificate.isEmpty());
    }

    void verifyingClientTrustsTheExportedCa_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addRow("by IP (no SNI)") << QStringLiteral("127.0.0.1");
        QTest::addRow("by name (SNI)") << QStringLiteral("localhost");
    }

    // The user's path: export the CA, trust it in the client, point the client at the proxy. The calls are
    // printed decoded, and the pcap written from the plaintext decodes to the same calls.
    void verifyingClientTrustsTheExportedCa()
    {
        QFETCH(QString, host);
        PythonPeer server;
        const quint16 upstream = startUpstream(server);
        QVERIFY(upstream != 0);
        const QString pcap = m_temp.filePath(QStringLiteral("plain-%1.pcap").arg(host));
        const QString keyLog = m_temp.filePath(QStringLiteral("keys-%1.log").arg(host));
        const quint16 port = freeTcpPort();
        ProxyProcess proxy;
        QVERIFY2(proxy.start(proxyArgs(port, upstream,
                                       {QStringLiteral("--upstream-cacert"), m_upstream.certificate,
                                        QStringLiteral("--write"), pcap}),
                             keyLog),
                 proxy.err().constData());
        QVERIFY2(proxy.err().contains("TLS: clients must trust"), proxy.err().constData());
        QVERIFY2(proxy.err().contains(QByteArray("TLS: appending the session keys to " + keyLog.toUtf8())),
                 proxy.err().constData());

        const QString url = QStringLiteral("https://%1:%2/RPC2").arg(host).arg(port);
        for (int i = 0; i < 2; ++i) {
            const ProcessResult client = runPython(QString::fromLatin1(httpsXmlRpcClientScript()), {url, m_rpcscopeCa});
            QVERIFY2(client.exitCode == 0, QByteArray(client.out + client.err + proxy.err()).constData());
            QCOMPARE(client.out, QByteArray("7\n"));
        }
        proxy.stop();
        QCOMPARE(proxy.exitCode(), 0);
        QVERIFY2(proxy.err().contains("2 connections (0 failed)"), proxy.err().constData());
        const QStringList live = callsOf(proxy.out());
        QCOMPARE(live, (QStringList {QStringLiteral("add[3,4] -> ok 7"), QStringLiteral("add[3,4] -> ok 7")}));

        const ProcessResult decoded
            = runCli({QStringLiteral("decode"), pcap, QStringLiteral("--format"), QStringLiteral("jsonl")});
        QVERIFY2(decoded.exitCode == 0, decoded.err.constData());
        QCOMPARE(callsOf(decoded.out), live);
        // The pcap holds plaintext HTTP on the upstream's port, not TLS records.
        QFile file(pcap);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("POST /RPC2 HTTP/1.1"));

        // SSLKEYLOGFILE: the secrets of four TLS 1.3 sessions (two calls, each with a client and an upstream leg).
        QFile keys(keyLog);
        QVERIFY(keys.open(QIODevice::ReadOnly));
        QSet<QByteArray> randoms;
        int trafficSecrets = 0;
        for (const QByteArray& line : keys.readAll().split('\n')) {
            const QList<QByteArray> fields = line.split(' ');
            if (fields.size() != 3)
                continue;
            QCOMPARE(fields[1].size(), 64); // the ClientHello random, in hex
            randoms.insert(fields[1]);
            trafficSecrets += fields[0] == "CLIENT_TRAFFIC_SECRET_0" ? 1 : 0;
        }
        QCOMPARE(randoms.size(), 4);
        QCOMPARE(trafficSecrets, 4);
    }

    // Pyro4 over SSL through the proxy, to `rpcscope-cli serve --tls`: the same CA on both legs, the Pyro4
    // handshake and call decoded from the plaintext.
    void pyro4OverSslThroughTheProxy()
    {
        QProcess serve;
        serve.start(cliPath(),
                    {QStringLiteral("serve"), QStringLiteral("--tls"), QStringLiteral("--ca-dir"), m_caDir,
                     QStringLiteral("--pyro"), QStringLiteral(":0")});
        QVERIFY(serve.waitForReadyRead(15000));
        const QString uri = QString::fromUtf8(serve.readLine()).trimmed().section(QLatin1Char(' '), 1);
        QVERIFY2(uri.startsWith(QLatin1String("PYRO:example.greeting@127.0.0.1:")), qPrintable(uri));
        const quint16 upstream = uri.section(QLatin1Char(':'), -1).toUShort();
        const quint16 port = freeTcpPort();
        ProxyProcess proxy;
        QVERIFY2(proxy.start(proxyArgs(port, upstream, {QStringLiteral("--upstream-cacert"), m_rpcscopeCa})),
                 proxy.err().constData());
        const ProcessResult client
            = runPython(QString::fromLatin1(pyro4SslClientScript()),
                        {QStringLiteral("PYRO:example.greeting@127.0.0.1:%1").arg(port), m_rpcscopeCa});
        QVERIFY2(client.exitCode == 0, QByteArray(client.out + client.err + proxy.err()).constData());
        QCOMPARE(client.out, QByteArray("Hello, tls.\n"));
        proxy.stop();
        serve.terminate();
        serve.waitForFinished(10000);
        QVERIFY2(proxy.out().contains("\"method\":\"get_fortune\"")
                     && proxy.out().contains("\"result\":\"Hello, tls. \\n\""),
                 proxy.out().constData());
        QVERIFY2(proxy.out().contains("\"protocol\":\"pyro4\""), proxy.out().constData());
    }

    void selfSignedUpstream_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<bool>("works");
        QTest::addRow("verified against the system's CAs") << QStringList {} << false;
        QTest::addRow("--upstream-insecure") << QStringList {QStringLiteral("--upstream-insecure")} << true;
    }

    // An upstream with a self-signed certificate: refused (with the reason on the proxy's standard error and an
    // alert for the client) unless verification is off.
    void selfSignedUpstream()
    {
        QFETCH(QStringList, options);
        QFETCH(bool, works);
        PythonPeer server;
        const quint16 upstream = startUpstream(server);
        QVERIFY(upstream != 0);
        const quint16 port = freeTcpPort();
        ProxyProcess proxy;
        QVERIFY2(proxy.start(proxyArgs(port, upstream, options)), proxy.err().constData());
        const QString url = QStringLiteral("https://localhost:%1/RPC2").arg(port);
        const ProcessResult client = runPython(QString::fromLatin1(httpsXmlRpcClientScript()), {url, m_rpcscopeCa});
        if (works) {
            QVERIFY2(client.exitCode == 0, QByteArray(client.out + proxy.err()).constData());
            QCOMPARE(client.out, QByteArray("7\n"));
            proxy.stop();
            QCOMPARE(callsOf(proxy.out()), QStringList {QStringLiteral("add[3,4] -> ok 7")});
            return;
        }
        QCOMPARE(client.exitCode, 3);
        // The client is told by an alert, not by a silently closed connection.
        QVERIFY2(client.out.contains("SSLError") && client.out.contains("HANDSHAKE_FAILURE"), client.out.constData());
        QVERIFY2(proxy.waitForError("certificate verify failed"), proxy.err().constData());
        proxy.stop();
        QVERIFY2(proxy.err().contains(
                     QStringLiteral("TLS handshake with 127.0.0.1:%1 (as localhost) failed for the client 127.0.0.1:")
                         .arg(upstream)
                         .toUtf8()),
                 proxy.err().constData());
        QVERIFY2(proxy.err().contains("certificate verify failed: self-signed certificate; trust its CA with "
                                      "--upstream-cacert FILE, or do not verify it with --upstream-insecure"),
                 proxy.err().constData());
        QVERIFY2(proxy.err().contains("1 connections (1 failed)"), proxy.err().constData());
        QVERIFY(proxy.out().isEmpty());
    }

    // The upstream's certificate names localhost and 127.0.0.1: asked for another name, it does not verify.
    void upstreamCheckedForTheClientsName()
    {
        PythonPeer server;
        const quint16 upstream = startUpstream(server);
        const quint16 port = freeTcpPort();
        ProxyProcess proxy;
        QVERIFY2(proxy.start(proxyArgs(port, upstream, {QStringLiteral("--upstream-cacert"), m_upstream.certificate})),
                 proxy.err().constData());
        // The client asks for other.example (its SNI): the proxy checks the upstream for that name.
        const ProcessResult client = runPython(QStringLiteral(R"(
import socket, ssl, sys
context = ssl.create_default_context(cafile=sys.argv[2])
with socket.create_connection(('127.0.0.1', int(sys.argv[1]))) as raw:
    try:
        with context.wrap_socket(raw, server_hostname='other.example') as tls:
            print('connected')
    except ssl.SSLError as e:
        print('ERROR', e.reason)
)"),
                                               {QString::number(port), m_rpcscopeCa});
        QVERIFY2(client.out.contains("ERROR SSLV3_ALERT_HANDSHAKE_FAILURE"),
                 QByteArray(client.out + client.err).constData());
        QVERIFY2(proxy.waitForError("(as other.example) failed"), proxy.err().constData());
        QVERIFY2(proxy.err().contains("certificate verify failed: hostname mismatch"), proxy.err().constData());
    }

    // A client that does not trust RpcScope's CA (or pins) is named as such.
    void clientRefusingTheCertificateIsNamed()
    {
        PythonPeer server;
        const quint16 upstream = startUpstream(server);
        const quint16 port = freeTcpPort();
        ProxyProcess proxy;
        QVERIFY2(proxy.start(proxyArgs(port, upstream, {QStringLiteral("--upstream-insecure")})),
                 proxy.err().constData());
        const QString url = QStringLiteral("https://localhost:%1/RPC2").arg(port);
        const ProcessResult client = runPython(QString::fromLatin1(httpsXmlRpcClientScript()), {url, QString()});
        QCOMPARE(client.exitCode, 3);
        QVERIFY2(client.out.contains("CERTIFICATE_VERIFY_FAILED"), client.out.constData());
        QVERIFY2(proxy.waitForError("refused RpcScope's certificate"), proxy.err().constData());
        QVERIFY2(
            proxy.err().contains("refused RpcScope's certificate for localhost, 127.0.0.1 (its alert: unknown CA): "
                                 "it does not trust RpcScope's CA"),
            proxy.err().constData());
        QVERIFY2(proxy.err().contains("or it pins the server's certificate"), proxy.err().constData());
    }

    void plainClientIsNamed()
    {
        PythonPeer server;
        const quint16 upstream = startUpstream(server);
        const quint16 port = freeTcpPort();
        ProxyProcess proxy;
        QVERIFY2(proxy.start(proxyArgs(port, upstream, {QStringLiteral("--upstream-insecure")})),
                 proxy.err().constData());
        const QString url = QStringLiteral("http://127.0.0.1:%1/RPC2").arg(port);
        const ProcessResult client = runPython(QString::fromLatin1(httpsXmlRpcClientScript()), {url, QString()});
        QCOMPARE(client.exitCode, 3);
        QVERIFY2(proxy.waitForError("does not speak TLS"), proxy.err().constData());
        QVERIFY2(proxy.err().contains("is it using http:// or plain TCP?"), proxy.err().constData());
    }

    void unreachableUpstreamReachesTheClientAsAnAlert()
    {
        const quint16 port = freeTcpPort();
        const quint16 closed = freeTcpPort();
        ProxyProcess proxy;
        QVERIFY2(proxy.start(proxyArgs(port, closed, {})), proxy.err().constData());
        const QString url = QStringLiteral("https://127.0.0.1:%1/RPC2").arg(port);
        const ProcessResult client = runPython(QString::fromLatin1(httpsXmlRpcClientScript()), {url, m_rpcscopeCa});
        QCOMPARE(client.exitCode, 3);
        QVERIFY2(client.out.contains("HANDSHAKE_FAILURE"), client.out.constData());
        QVERIFY2(proxy.waitForError(QStringLiteral("cannot reach 127.0.0.1:%1").arg(closed).toUtf8()),
                 proxy.err().constData());
        QVERIFY2(proxy.err().contains("Connection refused"), proxy.err().constData());
    }

    void badOptionsAreErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("missing upstream CA file")
            << QStringList {QStringLiteral("--tls"),
                            QStringLiteral("--listen"),
                            QStringLiteral(":0"),
                            QStringLiteral("--to"),
                            QStringLiteral("127.0.0.1:1"),
                            QStringLiteral("--upstream-cacert"),
                            QStringLiteral("/nonexistent.pem")}
            << 1 << QByteArray("cannot read the certificate file /nonexistent.pem");
        QTest::addRow("both upstream choices")
            << QStringList {QStringLiteral("--tls"),       QStringLiteral("--listen"),
                            QStringLiteral(":0"),          QStringLiteral("--to"),
                            QStringLiteral("127.0.0.1:1"), QStringLiteral("--upstream-cacert"),
                            QStringLiteral("x.pem"),       QStringLiteral("--upstream-insecure")}
            << 2 << QByteArray("exclude each other");
        QTest::addRow("TLS option without --tls")
            << QStringList {QStringLiteral("--listen"), QStringLiteral(":0"), QStringLiteral("--to"),
                            QStringLiteral("127.0.0.1:1"), QStringLiteral("--upstream-insecure")}
            << 2 << QByteArray("go with --tls");
        QTest::addRow("TLS with only an HTTP proxy")
            << QStringList {QStringLiteral("--tls"), QStringLiteral("--http-proxy"), QStringLiteral(":0")} << 2
            << QByteArray("--tls needs a --listen");
    }

    void badOptionsAreErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        const ProcessResult r
            = runCli(QStringList {QStringLiteral("proxy"), QStringLiteral("--ca-dir"), m_caDir} + args, {}, 10000);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestProxyTls)
#include "tst_proxytls.moc"
