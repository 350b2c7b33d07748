#pragma once

#include "callsink.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace rpcscope::test {

/// A sink that keeps every finished call, in the order the pipeline hands them over.
class CallCollector : public CallSink
{
public:
    void callFinished(Call&& call) override { calls.push_back(std::move(call)); }
    std::vector<Call> calls;
};

/// Absolute path of a fixture under tests/data (the directory is compiled in, so tests do not depend on the
/// working directory). Fails the current test if the file is missing.
QString dataPath(const QString& relative);
QByteArray readData(const QString& relative);

struct ProcessResult
{
    int exitCode = -1;
    bool crashed = false;
    bool timedOut = false;
    QByteArray out;
    QByteArray err;
};

/// Runs a program to completion (killed after `timeoutMs`), feeding `input` on standard input.
ProcessResult runProcess(const QString& program, const QStringList& args, const QByteArray& input = {},
                         int timeoutMs = 30000);
/// Runs Debian's python3 (the one with python3-pyro4) on a script given as text.
ProcessResult runPython(const QString& script, const QStringList& args = {}, const QByteArray& input = {},
                        int timeoutMs = 30000);
/// Runs rpcscope-cli with `args`.
ProcessResult runCli(const QStringList& args, const QByteArray& input = {}, int timeoutMs = 60000);

/// A TCP port on 127.0.0.1 that was free a moment ago.
quint16 freeTcpPort();

QString pythonPath();
QString cliPath();
QString guiPath();
/// Empty when the tool is not installed.
QString tsharkPath();
QString javaPath();
QString javacPath();

/// The folder that holds the unmodified Pyro5 package, `<source>/../shared/peers` (Debian has no Pyro5), or empty
/// when it is absent: tests that need Pyro5 skip then, saying so.
QString pyro5PeersPath();
/// `script` preceded by the line that puts pyro5PeersPath() on Python's path, for Debian's python3 to import Pyro5.
QString withPyro5(const QString& script);

} // namespace rpcscope::test
