#pragma once

#include "callsink.h"
#include "decoderregistry.h"
#include "result.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <vector>

namespace rpcscope {

class Pyro4Daemon;
class RecordingProxy;
class TrafficDecoder;
class XmlRpcServer;
struct ComposedCall;

/// The built-in demo that `rpcscope --demo` and `rpcscope-cli demo` run: the XML-RPC test server and the Pyro4
/// daemon on free loopback ports, a recording proxy in front of each, and the article's calls sent through the
/// proxies one after the other. What the proxy records goes through the same decode pipeline as a capture and
/// reaches `sink`, so the demo shows decoded wire traffic, not the client's own idea of it. Needs no privileges.
class DemoSession : public QObject
{
    Q_OBJECT
public:
    /// `sink` receives every recorded call on this object's thread and must outlive the session.
    explicit DemoSession(CallSink& sink, QObject* parent = nullptr);
    ~DemoSession() override;

    /// Starts the servers and the proxies (all on 127.0.0.1, free ports).
    Status start();
    /// Sends the demo's calls through the proxies, one after the other; `finished` follows the last reply.
    void run();
    /// Stops everything; calls still open are finished (no-reply).
    void stop();

    /// The addresses a user would type to do the same by hand (through the proxies).
    QString xmlRpcUrl() const;
    QString pyroUri() const;
    /// Lines for a banner: what runs where, and how to do it with one's own traffic.
    QStringList describe() const;
    int callsSent() const { return m_sent; }

Q_SIGNALS:
    /// About to send one call (e.g. "add(3, 4) to http://127.0.0.1:4242/RPC2").
    void sending(const QString& what);
    /// Every call has been answered (or failed: `failures` counts transport errors, not faults).
    void finished(int failures);

private:
    void sendNext();

    DecoderRegistry m_registry;
    std::unique_ptr<TrafficDecoder> m_traffic;
    std::unique_ptr<XmlRpcServer> m_xmlrpc;
    std::unique_ptr<Pyro4Daemon> m_pyro;
    std::unique_ptr<RecordingProxy> m_proxy;
    std::vector<ComposedCall> m_script;
    QTimer m_expiry;
    int m_sent = 0;
    int m_failures = 0;
};

} // namespace rpcscope
