#include "endpointfollowstage.h"

#include "intercept/jrmpendpointrewriter.h"
#include "intercept/pyroendpointrewriter.h"
#include "jrmp/javaserialization.h"
#include "jrmp/jrmpconstants.h"

namespace rpcscope {

namespace {
// A JRMP Return whose bytes so far are whole and hold no object (a void method's return when the method is unknown,
// so that its shape cannot tell the framer it is complete): nothing in it can be a stub, and a JDK server writes a
// return in one piece, so when it came in one read it goes on now instead of after the server's silence.
bool holdsNoObject(QByteArrayView pending)
{
    constexpr qint64 kMaxLooked = 4096;
    if (pending.size() > kMaxLooked || pending.isEmpty() || static_cast<quint8>(pending[0]) != jrmp::kReturn)
        return false;
    JavaSerializationParser parser(pending, 1, DecodeLimits {}, false);
    if (!parser.readHeader())
        return false;
    while (parser.next()) {
        const JavaNode& last = parser.stream().node(parser.stream().contents.back());
        if (last.kind != JavaKind::BlockData && last.kind != JavaKind::Reset)
            return false;
    }
    return parser.stream().end == JavaStream::End::Complete;
}

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
    // Only a return that began in this read: TCP rarely cuts a segment where a return's header ends, but a reader
    // that gets a return in pieces may, and then waits for the rest or the silence.
    if (m_following && m_protocol == QLatin1String("jrmp") && held() > 0 && held() <= data.size()
        && holdsNoObject(m_gate.pendingData(Direction::ServerToClient))) {
        units.clear();
        m_gate.quiet(Direction::ServerToClient, units);
        take(units, toClient);
    }
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
