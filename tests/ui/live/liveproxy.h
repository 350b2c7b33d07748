#pragma once

// A running ProxyPanel (the window's proxy) in front of RpcScope's XML-RPC test server, for the GUI tests of the
// panels that change calls in flight, and the Python client whose calls go through it.
#include "../../capture/proxy/pythonpeer.h"
#include "decoderregistry.h"
#include "intercept/interceptqueue.h"
#include "models/callstore.h"
#include "proxypanel.h"
#include "server/xmlrpcserver.h"

#include <QTest>

namespace rpcscope::test {

struct LiveProxy
{
    DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CallStore store {registry};
    ProxyPanel panel {store};
    XmlRpcServer server;
    quint16 port = 0;

    LiveProxy()
    {
        if (!server.listen())
            return;
        panel.addRule(QStringLiteral("127.0.0.1:0"), QStringLiteral("127.0.0.1:%1").arg(server.port()));
        if (panel.start())
            port = panel.listenPort(0);
    }

    InterceptQueue& queue() { return *panel.interceptQueue(); }

    /// Starts `method(args...)` through the proxy with Python's xmlrpc.client; the client prints the result, the
    /// fault ("Fault CODE STRING") or the exception's type.
    void call(PythonPeer& client, const QString& method, const QStringList& args)
    {
        client.start(QString::fromLatin1(kClient), QStringList {QString::number(port), method} + args);
    }

    /// Listed call `row` once it has its answer (or is finished without one), else nothing.
    std::optional<Call> finishedCall(int row)
    {
        if (!QTest::qWaitFor([&] { return store.size() > row && store.call(row).status != CallStatus::Pending; }, 5000))
            return std::nullopt;
        return store.call(row);
    }

    /// The listed call of `method` once it has its answer; the latest when there are several.
    std::optional<Call> finished(const QString& method)
    {
        std::optional<Call> found;
        (void)QTest::qWaitFor(
            [&] {
                for (int row = 0; row < store.size(); ++row) {
                    const Call c = store.call(row);
                    if (c.method() == method && c.status != CallStatus::Pending)
                        found = c;
                }
                return found.has_value();
            },
            5000);
        return found;
    }

    // moc takes `//` inside a raw string for a comment, so the URL writes its slashes as \x2f.
    static constexpr char kClient[] = R"(
import sys, xmlrpc.client
args = [int(a) if a.lstrip("-").isdigit() else a for a in sys.argv[3:]]
try:
    print(getattr(xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1]), sys.argv[2])(*args))
except xmlrpc.client.Fault as f:
    print("Fault", f.faultCode, f.faultString)
except Exception as e:
    print(type(e).__name__)
)";
};

} // namespace rpcscope::test
