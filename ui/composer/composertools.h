#pragma once

#include <QObject>

class QAction;
class QDockWidget;

namespace rpcscope {

class ComposerPanel;
class MainWindow;
class TestServerPanel;

/// The test server and the composer in the main window: a "Test Server" dock and a "Composer" dock (both in the
/// View menu), and call list actions "Edit in Composer", "Replay" and "Replay 10 Times" acting on the selected
/// call. Owned by the window (created as its child).
class ComposerTools : public QObject
{
    Q_OBJECT
public:
    explicit ComposerTools(MainWindow& window);

    TestServerPanel* testServer() const { return m_server; }
    ComposerPanel* composer() const { return m_composer; }
    QAction* editAction() const { return m_edit; }
    QAction* replayAction() const { return m_replay; }
    QAction* replayManyAction() const { return m_replayMany; }

    /// Loads the selected call into the composer and shows it; false (with a message) when it cannot be resent.
    bool editSelected();
    void replaySelected(int times);

private:
    MainWindow& m_window;
    TestServerPanel* m_server;
    ComposerPanel* m_composer;
    QDockWidget* m_serverDock;
    QDockWidget* m_composerDock;
    QAction* m_edit;
    QAction* m_replay;
    QAction* m_replayMany;
};

/// Adds the test server and composer to `window` (one call from where the window is made).
ComposerTools* installComposerTools(MainWindow& window);

} // namespace rpcscope
