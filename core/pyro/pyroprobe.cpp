#include "pyroprobe.h"

#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyro/pyroframer.h"

#include <QtEndian>

namespace rpcscope {

namespace {

// The version of a valid message header at the start of `bytes`, or 0.
int versionAt(QByteArrayView bytes)
{
    if (Pyro5Header::isValidAt(bytes))
        return 5;
    if (Pyro4Header::isValidAt(bytes))
        return 4;
    return 0;
}

// Could `bytes` still grow into a header of protocol `version`?
bool couldBecomeHeader(QByteArrayView bytes, int version)
{
    if (bytes.size() >= PyroFramer::kMaxHeaderSize)
        return false;
    const QByteArrayView magic("PYRO");
    if (!magic.startsWith(bytes.first(std::min<qsizetype>(4, bytes.size()))))
        return false;
    if (bytes.size() < 6)
        return true;
    if (Pyro5Header::hasPyro5Version(bytes))
        return version == 5;
    return version == 4 && qFromBigEndian<quint16>(bytes.data() + 4) == Pyro4Header::kVersion
        && bytes.size() < Pyro4Header::kSize;
}

quint16 typeAt(QByteArrayView bytes)
{
    if (Pyro5Header::isValidAt(bytes))
        return static_cast<quint8>(bytes[6]);
    return Pyro4Header::read(bytes)->type;
}

// What a message start found in one direction says about the connection.
ProbeResult judgeStart(QByteArrayView bytes, bool fromClient, int confidence, int version)
{
    if (versionAt(bytes) != version)
        return {};
    const quint16 type = typeAt(bytes);
    if (fromClient && type == pyro::MsgConnect)
        return {confidence, false, false};
    if (pyro::isRequestType(type))
        return {confidence - 5, false, !fromClient};
    if (pyro::isResponseType(type))
        return {confidence - 5, false, fromClient};
    return {confidence - 40, false, false};
}

} // namespace

ProbeResult PyroProbe::probe(const ProbeInput& input, int version)
{
    const QByteArrayView client = input.client;
    const QByteArrayView server = input.server;
    if (versionAt(client) != 0)
        return judgeStart(client, true, 100, version);
    if (!client.isEmpty() && couldBecomeHeader(client, version))
        return {0, true, false};
    if (client.isEmpty()) {
        if (versionAt(server) != 0)
            return judgeStart(server, false, 95, version);
        return {0, server.isEmpty() || couldBecomeHeader(server, version), false};
    }
    if (input.startSeen) {
        // "PYRO" and the version with a damaged checksum or magic number: still most likely Pyro.
        const bool pyro5 = Pyro5Header::hasPyro5Version(client) && client.size() >= Pyro5Header::kSize501;
        const bool pyro4
            = client.size() >= Pyro4Header::kSize && client[4] == 0 && client[5] == char(Pyro4Header::kVersion);
        if (client.startsWith("PYRO") && ((pyro5 && version == 5) || (pyro4 && version == 4)))
            return {40, false, false};
        return {};
    }
    // A capture that started mid-connection: look for a message start anywhere in either direction.
    if (const qint64 at = PyroFramer::findMessageStart(client); at >= 0)
        return judgeStart(client.sliced(at), true, 85, version);
    if (const qint64 at = PyroFramer::findMessageStart(server); at >= 0)
        return judgeStart(server.sliced(at), false, 85, version);
    constexpr qint64 kSearchBytes = 16 * 1024;
    return {0, client.size() < kSearchBytes && server.size() < kSearchBytes, false};
}

} // namespace rpcscope
