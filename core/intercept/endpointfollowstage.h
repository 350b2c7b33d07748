#pragma once

#include "intercept/endpointrewrite.h"
#include "intercept/messagegate.h"

#include <QByteArray>
#include <QStringList>

namespace rpcscope {

/// The server→client side of one proxied connection whose handed-out endpoints are followed: cuts what the server
/// sends into whole messages (MessageGate) and gives each on with its endpoints rewritten (JRMP returns, Pyro4 and
/// Pyro5 messages), so that the client's next connection to a handed-out object comes to the proxy too. Other
/// protocols (XML-RPC) pass as they come, once the client's first bytes have shown what the connection speaks.
///
/// The client's bytes go on untouched and unheld; the stage only reads them, to learn where the server's messages
/// end (a JRMP Return has no length). A pure function of the bytes and calls: the caller owns time and calls
/// `serverQuiet()` once the server has been silent a while with bytes held (`held()`), which ends a message that
/// only the client's next words would otherwise end. Bytes given out are always the server's bytes in order, a
/// message rewritten or as it came.
class EndpointFollowStage
{
public:
    /// Held server bytes beyond which the stage stops framing and passes everything as it comes (a large reply
    /// is not held whole only to look for stubs in it).
    static constexpr qint64 kMaxHeldBytes = 8 * 1024 * 1024;

    EndpointFollowStage(const DecoderRegistry& registry, const DecodeOptions& options, quint16 clientPort,
                        quint16 serverPort, EndpointMapper map);

    /// Bytes the client sent (already passed on). Server bytes they complete are appended to `toClient`.
    void clientBytes(QByteArrayView data, double ts, QByteArray& toClient);
    /// Bytes the server sent; what can go to the client now is appended to `toClient`.
    void serverBytes(QByteArrayView data, double ts, QByteArray& toClient);
    /// The server has been silent a while: a message held for want of an end is given out.
    void serverQuiet(QByteArray& toClient);
    /// The server ended its side: everything held is given out.
    void serverEnded(double ts, QByteArray& toClient);
    void clientEnded(double ts, QByteArray& toClient);

    /// Server bytes held, waiting for the end of their message.
    qint64 held() const { return m_gate.pendingBytes(Direction::ServerToClient); }
    /// Endpoints rewritten so far.
    int rewritten() const { return m_rewritten; }
    /// Notes since the last call: stubs that cannot be followed, a reply too large to hold.
    QStringList takeNotes() { return std::exchange(m_notes, {}); }
    /// The connection speaks a protocol whose endpoints are followed (false while detecting and for others).
    bool following() const { return m_following; }

private:
    void take(std::vector<GateUnit>& units, QByteArray& toClient);
    void checkProtocol(std::vector<GateUnit>& units);

    MessageGate m_gate;
    EndpointMapper m_map;
    QString m_protocol;
    bool m_following = false;
    int m_rewritten = 0;
    QStringList m_notes;
};

} // namespace rpcscope
