#pragma once

// Runs a peer process while this thread's event loop keeps serving (the servers under test live on it), unlike
// test::runProcess, which blocks the loop.
#include "testsupport.h"

#include <QEventLoop>
#include <QProcess>
#include <QTimer>

namespace rpcscope::test {

inline ProcessResult runServing(const QString& program, const QStringList& args, const QByteArray& input = {},
                                int timeoutMs = 20000)
{
    ProcessResult r;
    QProcess p;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&p, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            loop.quit();
    });
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        r.timedOut = true;
        loop.quit();
    });
    p.start(program, args);
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    timer.start(timeoutMs);
    if (p.state() != QProcess::NotRunning)
        loop.exec();
    if (r.timedOut) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.exitCode = p.error() == QProcess::FailedToStart ? -1 : p.exitCode();
    return r;
}

/// What went wrong with a peer run, for failure messages.
inline QByteArray describe(const ProcessResult& r)
{
    return "exit " + QByteArray::number(r.exitCode) + (r.timedOut ? " (timed out)" : "") + "\nstdout: " + r.out
        + "\nstderr: " + r.err;
}

inline ProcessResult runPythonServing(const QString& script, const QStringList& args = {}, const QByteArray& input = {},
                                      int timeoutMs = 20000)
{
    return runServing(pythonPath(), QStringList {QStringLiteral("-c"), script} + args, input, timeoutMs);
}

} // namespace rpcscope::test
