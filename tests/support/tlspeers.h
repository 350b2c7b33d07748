#pragma once

// TLS peers for the tests of the TLS proxy, the test servers and the composer: certificates made by the openssl
// command-line tool (independent of RpcScope's own CA code), RpcScope's CA exported by the real CLI, and Python
// scripts (ssl, xmlrpc, Pyro4) on both ends. No script writes two slashes in a row: moc reads them as a comment.
#include "testsupport.h"

#include <QDir>
#include <QTest>

namespace rpcscope::test {

struct CertificateFiles
{
    QString certificate;
    QString key;
};

/// A self-signed EC certificate for `subjectAltNames` ("DNS:localhost,IP:127.0.0.1"), valid for two days, made
/// by `openssl req` in `dir` as NAME.pem and NAME-key.pem. Empty paths (and a failed test) when openssl fails.
inline CertificateFiles makeSelfSigned(const QString& dir, const QString& name, const QString& subjectAltNames,
                                       const QString& commonName = QStringLiteral("localhost"))
{
    CertificateFiles files {QDir(dir).filePath(name + QStringLiteral(".pem")),
                            QDir(dir).filePath(name + QStringLiteral("-key.pem"))};
    const ProcessResult r = runProcess(
        QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
         QStringLiteral("-keyout"), files.key, QStringLiteral("-out"), files.certificate, QStringLiteral("-days"),
         QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName, QStringLiteral("-addext"),
         QStringLiteral("subjectAltName=") + subjectAltNames});
    if (r.exitCode != 0) {
        QTest::qFail(QByteArray("openssl req failed: " + r.err).constData(), __FILE__, __LINE__);
        return {};
    }
    return files;
}

/// Runs `rpcscope-cli ca --ca-dir caDir --export file` (making the CA on first use); empty on failure.
inline QString exportRpcScopeCa(const QString& caDir, const QString& file)
{
    const ProcessResult r
        = runCli({QStringLiteral("ca"), QStringLiteral("--ca-dir"), caDir, QStringLiteral("--export"), file});
    if (r.exitCode != 0) {
        QTest::qFail(QByteArray("rpcscope-cli ca --export failed: " + r.err).constData(), __FILE__, __LINE__);
        return {};
    }
    return file;
}

/// An HTTPS XML-RPC server (SimpleXMLRPCServer on an ssl-wrapped socket) with add, echo; argv: CERT KEY. Prints its
/// port. A client that fails its handshake costs the server nothing but that connection.
inline const char* httpsXmlRpcServerScript()
{
    return R"(
import ssl, sys
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(('127.0.0.1', 0), logRequests=False, allow_none=True)
s.register_function(lambda a, b: a + b, 'add')
s.register_function(lambda v: v, 'echo')
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
s.socket = context.wrap_socket(s.socket, server_side=True)
print(s.server_address[1], flush=True)
s.serve_forever()
)";
}

/// An xmlrpc.client call of add(3, 4) to argv[1]; argv[2] is the CA file to trust ('' for the system's, '-' to
/// verify nothing). Verification is strict (VERIFY_X509_STRICT, Python 3.13's default) with a CA file. Prints the
/// result, or "ERROR <type> <message>" and exits 3.
inline const char* httpsXmlRpcClientScript()
{
    return R"(
import ssl, sys, xmlrpc.client
url, cafile = sys.argv[1], sys.argv[2]
if cafile == '-':
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
elif cafile:
    context = ssl.create_default_context(cafile=cafile)
    context.verify_flags |= ssl.VERIFY_X509_STRICT
else:
    context = ssl.create_default_context()
try:
    print(xmlrpc.client.ServerProxy(url, context=context).add(3, 4))
except Exception as e:
    print('ERROR', type(e).__name__, e, flush=True)
    sys.exit(3)
)";
}

/// A Pyro4 client over SSL calling get_fortune('tls') on argv[1], trusting the CA file argv[2]. Prints the result,
/// or "ERROR <type> <message>" and exits 3.
inline const char* pyro4SslClientScript()
{
    return R"(
import sys, Pyro4, Pyro4.errors
Pyro4.config.SSL = True
Pyro4.config.SSL_CACERTS = sys.argv[2]
try:
    with Pyro4.Proxy(sys.argv[1]) as p:
        p._pyroTimeout = 10
        print(p.get_fortune('tls').strip())
except Exception as e:
    print('ERROR', type(e).__name__, e, flush=True)
    sys.exit(3)
)";
}

/// A Pyro4 daemon over SSL serving example.greeting (get_fortune) on 127.0.0.1; argv: CERT KEY. Prints its URI.
inline const char* pyro4SslDaemonScript()
{
    return R"(
import sys, Pyro4
Pyro4.config.SSL = True
Pyro4.config.SSL_SERVERCERT = sys.argv[1]
Pyro4.config.SSL_SERVERKEY = sys.argv[2]
Pyro4.config.SERIALIZERS_ACCEPTED = {'serpent', 'json', 'marshal'}
@Pyro4.expose
class GreetingMaker(object):
    def get_fortune(self, name):
        return 'Hello, {0}. \n'.format(name)
daemon = Pyro4.Daemon(host='127.0.0.1', port=0)
print(daemon.register(GreetingMaker, 'example.greeting'), flush=True)
daemon.requestLoop()
)";
}

} // namespace rpcscope::test
