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

} // namespace rpcscope::test
