#pragma once
// Starts `rpcscope-cli serve` or `rpcscope-cli proxy` as a child process for load and fault tests, and reads the
// addresses it announces. The process is killed when the object goes away.

#include <QProcess>
#include <QString>

#include <memory>

namespace rpcscope::test {

class CliProcess
{
public:
    ~CliProcess();
    /// Starts rpcscope-cli with `args` and waits until it has printed `lines` lines on standard output.
    bool start(const QStringList& args, int lines, int timeoutMs = 20000);
    /// The lines printed so far on standard output.
    const QStringList& lines() const { return m_lines; }
    /// The port at the end of the first announced address that contains `marker` ("xmlrpc", "pyro"...), or 0.
    quint16 port(const QString& marker) const;
    bool running() const;
    QString errors();
    QProcess& process() { return *m_process; }

private:
    std::unique_ptr<QProcess> m_process;
    QStringList m_lines;
};

} // namespace rpcscope::test
