#pragma once

#include "livecapture.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace rpcscope {

class CallStore;
class LiveCallFeed;

/// A live capture as the window runs it: the capture thread, the feed that moves its calls into the call list, and
/// a timer that publishes the counters (packets, calls, drops) twice a second. Starting and stopping never block
/// the GUI for longer than libpcap takes to open or the thread takes to drain its buffer.
class LiveCaptureSession : public QObject
{
    Q_OBJECT
public:
    explicit LiveCaptureSession(CallStore& store, QObject* parent = nullptr);
    ~LiveCaptureSession() override;

    /// Starts capturing; the error (wrong filter, no rights, unknown interface) says what to do. Calls are decoded
    /// with the store's Java classes and share its names of remote objects.
    Status start(const LiveCaptureOptions& given);
    void stop();
    bool isRunning() const { return m_capture != nullptr; }
    LiveCaptureStats stats() const;
    /// "lo: 1,024 packets · 12 calls · 0 dropped".
    QString summary() const;

Q_SIGNALS:
    void statsChanged();
    void runningChanged(bool running);
    /// The capture ended on its own (the interface went away).
    void failed(const QString& message);

private:
    void poll();

    CallStore& m_store;
    LiveCallFeed* m_feed;
    std::unique_ptr<LiveCapture> m_capture;
    LiveCaptureStats m_last;
    QString m_interface;
    QTimer m_timer;
};

} // namespace rpcscope
