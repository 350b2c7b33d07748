#pragma once

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace rpcscope {

/// Turns SIGINT and SIGTERM into a Qt signal for command-line tools that run an event loop (live capture, the
/// proxy), so Ctrl-C ends them cleanly: pending calls are finished and files flushed. Uses signalfd, so no
/// global handler state is needed. Create it before any thread starts (threads inherit the blocked mask).
class StopSignals : public QObject
{
    Q_OBJECT
public:
    explicit StopSignals(QObject* parent = nullptr);
    ~StopSignals() override;

Q_SIGNALS:
    void stopRequested();

private:
    int m_fd = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace rpcscope
