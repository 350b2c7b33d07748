#pragma once

// A peer server run by Debian's python3 for the duration of a test: started from a script that prints one line
// (its port or URI) once it listens, and killed when the object goes away.
#include "testsupport.h"

#include <QElapsedTimer>
#include <QProcess>

namespace rpcscope::test {

class PeerProcess
{
public:
    /// Starts `script`; returns the first line it prints, or an empty string (with `error()` set) on failure.
    QString start(const QString& script, int timeoutMs = 15000)
    {
        m_process.start(pythonPath(), {QStringLiteral("-c"), script});
        if (!m_process.waitForStarted(timeoutMs)) {
            m_error = m_process.errorString();
            return {};
        }
        QElapsedTimer clock;
        clock.start();
        while (!m_process.canReadLine() && clock.elapsed() < timeoutMs) {
            if (m_process.state() == QProcess::NotRunning)
                break;
            m_process.waitForReadyRead(200);
        }
        if (!m_process.canReadLine()) {
            m_error = QStringLiteral("peer did not start: ") + QString::fromUtf8(m_process.readAllStandardError());
            return {};
        }
        return QString::fromUtf8(m_process.readLine()).trimmed();
    }
    QString error() const { return m_error; }
    ~PeerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

private:
    QProcess m_process;
    QString m_error;
};

inline const char* simpleXmlRpcServerScript()
{
    return R"(
import sys
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
class Handler(SimpleXMLRPCRequestHandler):
    protocol_version = 'HTTP/1.1'
s = SimpleXMLRPCServer(('127.0.0.1', 0), requestHandler=Handler, allow_none=True, logRequests=False,
                       use_builtin_types=True)
s.register_introspection_functions()
s.register_multicall_functions()
s.register_function(lambda a, b: a + b, 'add')
s.register_function(lambda v: v, 'echo')
def boom():
    raise ValueError('nope')
s.register_function(boom, 'boom')
print(s.server_address[1], flush=True)
s.serve_forever()
)";
}

inline const char* pyro4DaemonScript()
{
    return R"(
import Pyro4
Pyro4.config.SERIALIZERS_ACCEPTED = {'serpent', 'json', 'marshal'}
@Pyro4.expose
class GreetingMaker(object):
    def get_fortune(self, name):
        return 'Hello, {0}. \n'.format(name)
    def divide(self, a, b):
        return a / b
    def echo(self, value):
        return value
daemon = Pyro4.Daemon(host='127.0.0.1', port=0)
print(daemon.register(GreetingMaker, 'example.greeting'), flush=True)
daemon.requestLoop()
)";
}

/// The Pyro4 daemon of pyro4DaemonScript in Pyro5 (run it through withPyro5): prints its URI.
inline const char* pyro5DaemonScript()
{
    return R"(
import Pyro5.api
@Pyro5.api.expose
class GreetingMaker(object):
    def get_fortune(self, name):
        return 'Hello, {0}. \n'.format(name)
    def divide(self, a, b):
        return a / b
    def echo(self, value):
        return value
daemon = Pyro5.api.Daemon(host='127.0.0.1', port=0)
print(daemon.register(GreetingMaker, 'example.greeting'), flush=True)
daemon.requestLoop()
)";
}

/// A Pyro4 or Pyro5 name server (the stock one, started as `python3 -m Pyro4.naming` / `-m Pyro5.nameserver` start
/// it, on loopback) with a daemon whose GreetingMaker is registered as example.greeting: prints the name server's
/// port. Pyro5 needs withPyro5.
inline QString pyroNameServerScript(int version)
{
    QString script = QStringLiteral(R"(
import threading
import PyroN.api as api
if N == 4:
    import Pyro4.naming as naming
    ns_uri, ns_daemon, _ = naming.startNS(host='127.0.0.1', port=0, enableBroadcast=False)
else:
    import Pyro5.nameserver as naming
    ns_uri, ns_daemon, _ = naming.start_ns(host='127.0.0.1', port=0, enableBroadcast=False)
threading.Thread(target=ns_daemon.requestLoop, daemon=True).start()
@api.expose
class GreetingMaker(object):
    def get_fortune(self, name):
        return 'Hello, {0}. \n'.format(name)
daemon = api.Daemon(host='127.0.0.1', port=0)
uri = daemon.register(GreetingMaker, 'example.greeting')
with api.Proxy(ns_uri) as ns:
    ns.register('example.greeting', uri)
    ns.register('example.calculator', uri)
print(ns_uri.port, flush=True)
daemon.requestLoop()
)");
    // Pyro4 has no api module: its names are at the top.
    script.replace(QStringLiteral("import PyroN.api as api"),
                   version == 4 ? QStringLiteral("import Pyro4 as api") : QStringLiteral("import Pyro5.api as api"));
    return script.replace(QStringLiteral("N == 4"), version == 4 ? QStringLiteral("True") : QStringLiteral("False"));
}

} // namespace rpcscope::test
