#include "serverprocess.h"

#include "testsupport.h"

#include <QElapsedTimer>
#include <QRegularExpression>

namespace rpcscope::test {

CliProcess::~CliProcess()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(3000))
            m_process->kill();
        m_process->waitForFinished(3000);
    }
}

bool CliProcess::start(const QStringList& args, int lines, int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_process->start(cliPath(), args);
    if (!m_process->waitForStarted(timeoutMs))
        return false;
    QElapsedTimer timer;
    timer.start();
    QByteArray pending;
    while (m_lines.size() < lines && timer.elapsed() < timeoutMs) {
        if (!m_process->waitForReadyRead(200) && m_process->state() == QProcess::NotRunning)
            return false;
        pending += m_process->readAllStandardOutput();
        qsizetype nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            m_lines << QString::fromUtf8(pending.left(nl)).trimmed();
            pending.remove(0, nl + 1);
        }
    }
    return m_lines.size() >= lines;
}

quint16 CliProcess::port(const QString& marker) const
{
    static const QRegularExpression trailingPort(QStringLiteral(":(\\d+)(/|$)"));
    for (const QString& line : m_lines) {
        if (!line.contains(marker))
            continue;
        QRegularExpressionMatchIterator it = trailingPort.globalMatch(line);
        quint16 port = 0;
        while (it.hasNext())
            port = static_cast<quint16>(it.next().captured(1).toUInt());
        if (port)
            return port;
    }
    return 0;
}

bool CliProcess::running() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString CliProcess::errors()
{
    return m_process ? QString::fromUtf8(m_process->readAllStandardError()) : QString();
}

} // namespace rpcscope::test
