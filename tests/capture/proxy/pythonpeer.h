#pragma once

#include "testsupport.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QTest>

namespace rpcscope::test {

/// A Debian python3 running a script next to the test, without blocking the test's event loop (the recording
/// proxy under test lives in it). Servers print their port on the first line of their output.
class PythonPeer
{
public:
    PythonPeer() = default;
    PythonPeer(const PythonPeer&) = delete;
    PythonPeer& operator=(const PythonPeer&) = delete;
    ~PythonPeer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    void start(const QString& script, const QStringList& args = {})
    {
        m_process.start(pythonPath(), QStringList {QStringLiteral("-c"), script} + args);
    }

    /// For servers: the port printed on the first line (0 if none came in time).
    quint16 readPort(int timeoutMs = 15000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!m_process.canReadLine() && !deadline.hasExpired() && m_process.state() != QProcess::NotRunning)
            m_process.waitForReadyRead(100);
        return static_cast<quint16>(m_process.readLine().trimmed().toUInt());
    }

    /// Runs the event loop until the script exits; false on timeout (the script is then killed).
    bool finish(int timeoutMs = 30000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (m_process.state() != QProcess::NotRunning && !deadline.hasExpired())
            QTest::qWait(5);
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
            m_out += m_process.readAllStandardOutput();
            m_err += m_process.readAllStandardError();
            return false;
        }
        m_out += m_process.readAllStandardOutput();
        m_err += m_process.readAllStandardError();
        return true;
    }

    int exitCode() const { return m_process.exitCode(); }
    const QByteArray& out() const { return m_out; }
    const QByteArray& err() const { return m_err; }
    QProcess& process() { return m_process; }

private:
    QProcess m_process;
    QByteArray m_out;
    QByteArray m_err;
};

} // namespace rpcscope::test
