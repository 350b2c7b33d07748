#pragma once

#include <QObject>

class QAction;
class QLabel;

namespace rpcscope {

class CommandCapture;
class InFlightTools;
class LiveCaptureSession;
class MainWindow;
class ProxyPanel;

/// Live sources in the main window: a Capture menu and toolbar buttons (Start Live Capture…, Stop, Capture from
/// Command…), the Proxy panel as a dock, and a status bar counter of packets, calls and drops. Owned by the
/// window (created as its child).
class LiveSources : public QObject
{
    Q_OBJECT
public:
    explicit LiveSources(MainWindow& window);

    LiveCaptureSession* session() const { return m_session; }
    ProxyPanel* proxyPanel() const { return m_proxy; }
    InFlightTools* inFlight() const { return m_inFlight; }
    CommandCapture* commandCapture() const { return m_command; }
    QAction* startAction() const { return m_start; }
    QAction* stopAction() const { return m_stop; }
    QAction* commandAction() const { return m_fromCommand; }
    QLabel* counters() const { return m_counters; }

    /// Capture with the dialog's choices (the dialog is skipped when `interfaceName` is given, for tests).
    void startCapture();
    void stopCapture();
    void captureFromCommand();

private:
    void updateActions();

    MainWindow& m_window;
    LiveCaptureSession* m_session;
    ProxyPanel* m_proxy;
    InFlightTools* m_inFlight = nullptr;
    CommandCapture* m_command;
    QAction* m_start;
    QAction* m_stop;
    QAction* m_fromCommand;
    QLabel* m_counters;
};

/// Adds the live sources to `window` (one call from where the window is made).
LiveSources* installLiveSources(MainWindow& window);

} // namespace rpcscope
