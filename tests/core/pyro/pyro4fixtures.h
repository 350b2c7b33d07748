#pragma once

// Shared helpers of the Pyro4 tests: the captured fixtures as byte streams, fed through the real pipeline.
#include "call.h"
#include "protocoldecoder.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <vector>

namespace rpcscope::test {

/// One TCP segment of a capture (tests/data/pyro4/<name>.chunks.jsonl, written by extract_chunks.py).
struct Pyro4Chunk
{
    int connection = 0;
    Direction direction = Direction::ClientToServer;
    double ts = 0;
    QByteArray data;
};

std::vector<Pyro4Chunk> loadPyro4Chunks(const QString& name);
/// Feeds the capture's segments, in capture order, to a TrafficDecoder with the built-in decoders; returns the
/// calls in the order they finished.
std::vector<Call> decodePyro4Capture(const QString& name, const DecodeOptions& options = {false, {}, {}});
/// All bytes one direction of a connection carried.
QByteArray pyro4Stream(const QString& name, int connection, Direction direction);
/// The messages of one direction, split by their header sizes (24 + annotations + data).
std::vector<QByteArray> pyro4Messages(const QString& name, int connection, Direction direction);
/// Runs a Python script (Debian's python3) that reads JSON from stdin and prints JSON; returns what it printed.
/// Fails the current test (and returns null) when the script fails.
QJsonValue runPythonJson(const QString& script, const QJsonValue& input);
/// A Pyro4 message built by hand, with a correct checksum unless `checksum` is given.
QByteArray pyro4Message(quint16 type, quint16 flags, quint16 seq, quint16 serializer, const QByteArray& payload,
                        const QByteArray& annotations = {}, int checksum = -1);

} // namespace rpcscope::test
