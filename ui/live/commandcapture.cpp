#include "commandcapture.h"

#include <csignal>
#include <sys/stat.h>
#include <unistd.h>

namespace rpcscope {

CommandCapture::CommandCapture(QObject* parent)
    : QObject(parent)
{
    m_process.setChildProcessModifier([] { ::setsid(); });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        const QString err = QString::fromLocal8Bit(m_process.readAllStandardError()).trimmed().right(500);
        const bool ok = status == QProcess::NormalExit && code == 0;
        QString message;
        if (!ok) {
            message = status == QProcess::NormalExit ? tr("'%1' exited with status %2").arg(m_command).arg(code)
                                                     : tr("'%1' was stopped").arg(m_command);
            if (!err.isEmpty())
                message += QStringLiteral(": ") + err;
        }
        Q_EMIT finished(ok, message);
    });
}

CommandCapture::~CommandCapture()
{
    stop();
}

Result<QString> CommandCapture::start(const QString& command)
{
    stop();
    if (command.trimmed().isEmpty())
        return Error {tr("no command given")};
    if (!m_dir.isValid())
        return Error {tr("cannot create a temporary directory: %1").arg(m_dir.errorString())};
    const QString fifo = m_dir.filePath(QStringLiteral("capture.pcap"));
    ::unlink(fifo.toLocal8Bit().constData());
    if (::mkfifo(fifo.toLocal8Bit().constData(), 0600) != 0)
        return Error {tr("cannot create a pipe at %1: %2").arg(fifo, qt_error_string(errno))};
    m_command = command;
    // The command's output goes into the FIFO; $0 is the FIFO, so the command text needs no quoting.
    m_process.start(QStringLiteral("/bin/sh"),
                    {QStringLiteral("-c"), QStringLiteral("{ %1\n} > \"$0\"").arg(command), fifo});
    if (!m_process.waitForStarted(5000))
        return Error {tr("cannot run '%1': %2").arg(command, m_process.errorString())};
    return fifo;
}

void CommandCapture::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    const qint64 pid = m_process.processId();
    if (pid > 0)
        ::kill(-static_cast<pid_t>(pid), SIGTERM);
    if (!m_process.waitForFinished(3000)) {
        if (pid > 0)
            ::kill(-static_cast<pid_t>(pid), SIGKILL);
        m_process.waitForFinished(3000);
    }
}

} // namespace rpcscope
