#pragma once

#include "result.h"

#include <QObject>
#include <QProcess>
#include <QTemporaryDir>

namespace rpcscope {

/// "Capture from command…": runs a shell command that writes a pcap stream to its standard output (such as
/// `tcpdump -i lo -U -w - 'tcp port 8000'` or `ssh host tcpdump -U -w - ...`) into a FIFO, which the window then
/// reads like a capture file, decoding as the bytes arrive. The command runs in a process group of its own so
/// stopping it also stops what it started.
class CommandCapture : public QObject
{
    Q_OBJECT
public:
    explicit CommandCapture(QObject* parent = nullptr);
    ~CommandCapture() override;

    /// Starts `command`; returns the FIFO path to read, or why it could not start.
    Result<QString> start(const QString& command);
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    const QString& command() const { return m_command; }

Q_SIGNALS:
    /// The command ended; `message` holds its exit status and the end of its standard error when it failed.
    void finished(bool ok, const QString& message);

private:
    QProcess m_process;
    QTemporaryDir m_dir;
    QString m_command;
};

} // namespace rpcscope
