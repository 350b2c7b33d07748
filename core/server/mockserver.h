#pragma once

#include "intercept/answerbook.h"
#include "intercept/callrule.h"
#include "result.h"
#include "server/connectionlimits.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

class QTcpServer;

namespace rpcscope {

class DecoderRegistry;

/// A mock server made from recorded calls: it answers every call with the recorded answer to the same protocol,
/// object, method and arguments; without one, with the latest recorded answer to that method; without any, with a
/// fault that names the call ("no recorded answer for never_recorded(1)"). Recorded faults and exceptions are
/// answered as such. Any protocol RpcScope can answer in (XML-RPC, Pyro4) is recognised from the client's first
/// bytes, so one port serves all of them; Pyro4's handshake is answered as recorded, with the client's sequence
/// numbers and serializer. The proxy's rules apply before the recorded answers (`setRules`), and the recorded
/// latencies can be replayed. Java RMI calls cannot be mocked (stubs name the recorded server's ports).
///
/// Event-driven on the owning thread; each connection is a MessageRelay whose "server" is the answer book.
class MockServer : public QObject
{
    Q_OBJECT
public:
    /// `registry` must outlive the server.
    MockServer(const DecoderRegistry& registry, std::shared_ptr<const AnswerBook> answers, QObject* parent = nullptr);
    ~MockServer() override;

    void setRules(std::shared_ptr<const CallRuleSet> rules) { m_rules = std::move(rules); }
    /// Answer each call after its recorded latency (in order on each connection).
    void setReplayLatency(bool on) { m_replayLatency = on; }
    void setLimits(const ConnectionLimits& limits) { m_limits = limits; }

    /// Starts listening (loopback unless told otherwise; port 0 picks a free port).
    Status listen(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    void close();
    quint16 port() const;
    QHostAddress address() const;
    int connectionCount() const { return m_connections; }

Q_SIGNALS:
    /// A call was answered: `how` is "recorded", "latest recorded for the method", "no recorded answer", or the rule.
    void callAnswered(const QString& protocol, const QString& call, const QString& how);
    /// A connection could not be served (a protocol without answers, unrecognised bytes, a rule that failed).
    void problem(const QString& message);

private:
    friend class MockConnection;
    void onNewConnection();

    const DecoderRegistry& m_registry;
    std::shared_ptr<const AnswerBook> m_answers;
    std::shared_ptr<const CallRuleSet> m_rules;
    bool m_replayLatency = false;
    ConnectionLimits m_limits;
    QTcpServer* m_server = nullptr;
    int m_connections = 0;
    quint64 m_nextStream = 1;
};

} // namespace rpcscope
