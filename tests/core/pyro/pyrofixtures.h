#pragma once

// Shared helpers of the Pyro tests: the captured fixtures as byte streams, fed through the real pipeline, and
// messages built by hand.
#include "call.h"
#include "protocoldecoder.h"
#include "testsupport.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <vector>

/// Skips the current test, saying why, when the Pyro5 package is not beside the checkout (../shared/peers).
#define RPCSCOPE_REQUIRE_PYRO5()                                                                                       \
    do {                                                                                                               \
        if (rpcscope::test::pyro5PeersPath().isEmpty())                                                                \
            QSKIP("Pyro5 is not installed: ../shared/peers/Pyro5 beside the checkout is absent");                      \
    } while (false)

namespace rpcscope::test {

/// One TCP segment of a capture (tests/data/<folder>/<name>.chunks.jsonl, written by extract_chunks.py).
struct PyroChunk
{
    int connection = 0;
    Direction direction = Direction::ClientToServer;
    double ts = 0;
    QByteArray data;
};

/// `name` is "pyro5/pyro5-serpent" or, in the pyro4 folder, just "pyro4-serpent".
std::vector<PyroChunk> loadPyroChunks(const QString& name);
/// Feeds the capture's segments, in capture order, to a TrafficDecoder with the built-in decoders; returns the
/// calls in the order they finished.
std::vector<Call> decodePyroCapture(const QString& name, const DecodeOptions& options = {false, {}, {}});
/// All bytes one direction of a connection carried.
QByteArray pyroStream(const QString& name, int connection, Direction direction);
/// The messages of one direction, split by their header sizes (Pyro4 or Pyro5, whichever each header is).
std::vector<QByteArray> pyroMessages(const QString& name, int connection, Direction direction);
/// Runs a Python script (Debian's python3) that reads JSON from stdin and prints JSON; returns what it printed.
/// Fails the current test (and returns null) when the script fails.
QJsonValue runPythonJson(const QString& script, const QJsonValue& input);
/// A Pyro4 message built by hand, with a correct checksum unless `checksum` is given.
QByteArray pyro4Message(quint16 type, quint16 flags, quint16 seq, quint16 serializer, const QByteArray& payload,
                        const QByteArray& annotations = {}, int checksum = -1);
/// A Pyro5 message built by hand (protocol 502, magic 0x4DC5), with `correlationId` in the header when given.
QByteArray pyro5Message(quint8 type, quint16 flags, quint16 seq, quint8 serializer, const QByteArray& payload,
                        const QByteArray& annotations = {}, const QByteArray& correlationId = {});

} // namespace rpcscope::test
