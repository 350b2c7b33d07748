#pragma once

#include "models/walkthroughsteps.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTextBrowser;

namespace rpcscope {

class MainWindow;

/// Help → Walk Through: guided tours of the sample calls (core/models/walkthroughtours.h) — XML-RPC add(3, 4) and
/// Pyro4 get_fortune("letian") field by field, or Java RMI from the handshake to a serialized HashMap. Each step
/// makes the call current in the window, selects the field in the request or response tree (so its bytes light up
/// in the hex pane) and says in a sentence what those bytes are.
class WalkthroughPanel : public QWidget
{
    Q_OBJECT
public:
    explicit WalkthroughPanel(MainWindow* window);

    /// Opens the sample captures of the tour `tourId` ("wire-format", "java-rmi") in the window and, once they are
    /// listed, shows the first step.
    void start(const QString& tourId = QStringLiteral("wire-format"));
    QString tourId() const { return m_tourId; }
    /// Builds the tour over the calls already listed (start() does this once the samples are loaded). Returns the
    /// number of steps.
    int buildSteps();

    const std::vector<WalkthroughStep>& steps() const { return m_steps; }
    int currentStep() const { return m_current; }
    void showStep(int index);
    void next();
    void previous();
    /// The text shown for the current step (title and sentence).
    QString text() const;
    QSize sizeHint() const override { return {360, 300}; }

    /// The samples the default tour is about.
    static QStringList sampleNames();

Q_SIGNALS:
    /// A step is shown (its node selected); -1 when the tour could not start.
    void stepShown(int index);

private:
    void onLoaded();
    void updateButtons();
    void showProblem(const QString& text);

    MainWindow* m_window;
    QLabel* m_position;
    QTextBrowser* m_text;
    QPushButton* m_back;
    QPushButton* m_next;
    QPushButton* m_restart;
    std::vector<WalkthroughStep> m_steps;
    int m_current = -1;
    bool m_waitingForLoad = false;
    QString m_missing;
    QString m_tourId = QStringLiteral("wire-format");
};

} // namespace rpcscope
