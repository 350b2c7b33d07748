#include "endpointfollowstage.h"

#include "intercept/jrmpendpointrewriter.h"
#include "intercept/pyroendpointrewriter.h"

namespace rpcscope {

namespace {
bool followable(const QString& protocol)
{
    return protocol == QLatin1String("jrmp") || protocol == QLatin1String("pyro4")
        || protocol == QLatin1String("pyro5");
}
} // namespace

EndpointFollowStage::EndpointFollowStage(const DecoderRegistry& registry, const DecodeOptions& options,
                                         quint16 clientPort, quint16 serverPort, EndpointMapper map)
    : m_gate(registry, options, clientPort, serverPort)
    , m_map(std::move(map))
{
    // Only where messages end matters: nothing is decoded, and the client's bytes (passed on already) are not kept.
    m_gate.setDecoding(Direction::ClientToServer, false);
    m_gate.setDecoding(Direction::ServerToClient, false);
    m_gate.setKeepingBytes(Direction::ClientToServer, false);
}

void EndpointFollowStage::clientBytes(QByteArrayView data, double ts, QByteArray& toClient)
{
    if (m_gate.state() == MessageGate::State::PassThrough)
        return;
    std::vector<GateUnit> units;
    m_gate.feed(Direction::ClientToServer, data, ts, units);
    take(units, toClient);
}

void EndpointFollowStage::serverBytes(QByteArrayView data, double ts, QByteArray& toClient)
{
    if (m_gate.state() == MessageGate::State::PassThrough) {
        toClient.append(data);
        return;
    }
    std::vector<GateUnit> units;
    m_gate.feed(Direction::ServerToClient, data, ts, units);
    if (held() > kMaxHeldBytes) {
        m_notes << QStringLiteral("a reply of more than %1 MiB: it and the rest of the connection pass as they "
                                  "come, without following the endpoints in them")
                       .arg(kMaxHeldBytes / (1024 * 1024));
        m_gate.giveUp(units);
        m_following = false;
    }
    take(units, toClient);
}

void EndpointFollowStage::serverQuiet(QByteArray& toClient)
{
    std::vector<GateUnit> units;
    m_gate.quiet(Direction::ServerToClient, units);
    take(units, toClient);
}

void EndpointFollowStage::serverEnded(double ts, QByteArray& toClient)
{
    std::vector<GateUnit> units;
    m_gate.end(Direction::ServerToClient, ts, units);
    take(units, toClient);
}

void EndpointFollowStage::clientEnded(double ts, QByteArray& toClient)
{
    std::vector<GateUnit> units;
    m_gate.end(Direction::ClientToServer, ts, units);
    take(units, toClient);
}

void EndpointFollowStage::checkProtocol(std::vector<GateUnit>& units)
{
    if (!m_protocol.isEmpty() || m_gate.state() != MessageGate::State::Framing || !m_gate.decoder())
        return;
    m_protocol = m_gate.decoder()->id();
    m_following = followable(m_protocol);
    if (!m_following)
        m_gate.giveUp(units); // nothing to follow: the server's bytes pass as they come from now on
}

void EndpointFollowStage::take(std::vector<GateUnit>& units, QByteArray& toClient)
{
    checkProtocol(units);
    for (const GateUnit& unit : units) {
        if (unit.direction != Direction::ServerToClient)
            continue;
        if (m_following && unit.length > 0) {
            EndpointRewrite rewrite;
            if (m_protocol == QLatin1String("jrmp"))
                rewrite = rewriteJrmpEndpoints(unit.bytes, m_map, m_gate.options().limits);
            else
                rewrite = rewritePyroEndpoints(unit.bytes, m_map, m_gate.options().limits);
            m_notes << rewrite.notes;
            if (rewrite.rewritten > 0) {
                m_rewritten += rewrite.rewritten;
                toClient.append(rewrite.bytes);
                continue;
            }
        }
        toClient.append(unit.bytes);
    }
}

} // namespace rpcscope
