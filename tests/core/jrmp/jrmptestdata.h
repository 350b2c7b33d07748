#pragma once
// Shared fixture access for the JRMP tests: the captured Java RMI exchange (tests/data/jrmp/hello.pcap, made by
// capture.sh) split into its connections and messages, and hex helpers for hand-written byte examples.

#include "pcapreplay.h"
#include "testsupport.h"

#include <QByteArray>
#include <QString>

namespace rpcscope::test {

/// Bytes from hex text; spaces, newlines and '|' separators are ignored.
inline QByteArray hex(const char* text)
{
    return QByteArray::fromHex(QByteArray(text).replace('|', ' '));
}

/// The connections of hello.pcap with their byte streams.
inline const std::vector<ReplayedConnection>& helloConnections()
{
    static const std::vector<ReplayedConnection> connections
        = replayPcap(readData(QStringLiteral("jrmp/hello.pcap")), nullptr);
    return connections;
}

/// The `k`-th connection to `serverPort` in hello.pcap (in order of their first packet), or an empty one.
inline const ReplayedConnection& helloConnection(quint16 serverPort, int k)
{
    int seen = 0;
    for (const ReplayedConnection& c : helloConnections()) {
        if (c.server.port == serverPort && seen++ == k)
            return c;
    }
    static const ReplayedConnection none;
    return none;
}

/// The `n`-th segment sent in `dir` on the `k`-th connection to `serverPort` that starts with `type` (in hello.pcap
/// every JRMP message was sent as one segment; Pings come and go with timing, so messages are found by type).
inline QByteArray helloMessage(quint16 serverPort, int k, Direction dir, char type, int n)
{
    int i = 0;
    for (const auto& [d, bytes] : helloConnection(serverPort, k).segments) {
        if (d == dir && bytes.startsWith(type) && i++ == n)
            return bytes;
    }
    return {};
}

/// The `n`-th Call (0x50) and the `n`-th Return (0x51) of a connection: Return n answers Call n.
inline QByteArray helloCall(quint16 serverPort, int k, int n)
{
    return helloMessage(serverPort, k, Direction::ClientToServer, '\x50', n);
}
inline QByteArray helloReturn(quint16 serverPort, int k, int n)
{
    return helloMessage(serverPort, k, Direction::ServerToClient, '\x51', n);
}

// The ports capture.sh uses: the registry, Hello (UnicastRef), Hello2 (UnicastRef2), Hello3 (UnicastRef2 with a
// client socket factory).
constexpr quint16 kRegistryPort = 21099;
constexpr quint16 kObjectPort = 21100;
constexpr quint16 kObject2Port = 21101;
constexpr quint16 kObject3Port = 21102;

// Connections of hello.pcap by their first packet: to the registry, 0 is the server's rebinds and 1 the client's
// list and lookups; to kObjectPort, 0 is the registry's DGC dirty call, 1 the client's calls, 2 the client's DGC
// clean. Calls on the client's registry connection: list, lookup("Missing"), lookup("Hello"), lookup("Hello2"),
// lookup("Hello3"). Calls on its object connection: dirty, sayHello, add, fortunes, wordLengths, move, total, mood,
// touch, fail.
namespace registrycall {
enum { List, LookupMissing, LookupHello, LookupHello2, LookupHello3 };
}
namespace objectcall {
enum { Dirty, SayHello, Add, Fortunes, WordLengths, Move, Total, Mood, Touch, Fail };
}

} // namespace rpcscope::test
