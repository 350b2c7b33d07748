#pragma once

#include "decoderregistry.h"
#include "message.h"
#include "trafficstats.h"

#include <QMainWindow>

#include <memory>
#include <vector>

class QAction;
class QActionGroup;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QToolBar;
class QToolButton;

namespace rpcscope {

class CallDetailsView;
class CallListModel;
class CallListView;
class CallStore;
class CaptureLoader;
class JavaClasspathSetting;
class ExplainPanel;
class FilterBar;
class MessageBar;
class StatisticsPanel;
class TlsKeyLogs;
struct TlsStats;
class WalkthroughPanel;
struct Call;

/// RpcScope's main window: the filter and call list above, the selected call's request and response below, the
/// Explain and Statistics panels docked at the side, a message bar for problems with files, and a status bar with
/// counts. Later panels (test server, composer, proxy) plug in through `addDockPanel` and `addCallAction`.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Replaces the calls shown with those of `files` (read one after the other into one list).
    void openFiles(const QStringList& files);
    bool isLoading() const;

    /// Adds a dock panel on `area` and a toggle for it in the View menu.
    void addDockPanel(QDockWidget* dock, Qt::DockWidgetArea area = Qt::RightDockWidgetArea);
    /// Adds an action to the call list's context menu (and the Calls menu); it acts on `selectedStoreRows()`.
    void addCallAction(QAction* action);
    std::vector<int> selectedStoreRows() const;
    /// Makes the call with number `id` (the No. column) current. False if there is none or it is filtered out.
    bool selectCallById(quint64 id);

    CallStore* callStore() const { return m_store; }
    CallListModel* callListModel() const { return m_model; }
    CallListView* callListView() const { return m_list; }
    CallDetailsView* detailsView() const { return m_details; }
    FilterBar* filterBar() const { return m_filter; }
    ExplainPanel* explainPanel() const { return m_explain; }
    StatisticsPanel* statisticsPanel() const { return m_statistics; }
    MessageBar* messageBar() const { return m_messages; }
    WalkthroughPanel* walkthroughPanel() const { return m_walkthrough; }
    /// The TLS key logs captures are decrypted with (File → "TLS Key Log…").
    TlsKeyLogs* tlsKeyLogs() const { return m_tlsKeyLogs; }
    /// Help → Walk Through: shows the walkthrough panel and starts the tour `tourId` ("wire-format", "java-rmi";
    /// core/models/walkthroughtours.h) over the samples.
    void startWalkthrough(const QString& tourId = QStringLiteral("wire-format"));
    /// The message that File → Export Message as HTML… and Copy as Annotated Text act on: that of the pane where a
    /// field was selected last (the request until then).
    Direction messageDirection() const { return m_messageDirection; }
    /// The paths of the recently opened files, most recent first (File → Open Recent).
    const QStringList& recentFiles() const { return m_recentFiles; }
    const DecoderRegistry& registry() const { return m_registry; }
    /// The status bar's count text, e.g. "120 of 5,000 calls shown · 3 errors".
    QString countsText() const;

Q_SIGNALS:
    /// A load started with openFiles() is over (finished, failed or cancelled) and every call read is listed.
    void loadFinished();
    /// The call shown in the details changed (null: none).
    void currentCallChanged(std::shared_ptr<const rpcscope::Call> call);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    void readSettings();
    void writeSettings() const;

    void openDialog();
    void exportCalls(bool selectedOnly);
    void copySelected(bool asJson);
    void setMarked(bool marked);
    void showAbout();
    void showCurrentCall(int storeRow);
    void updateCounts();
    void updateRecentMenu();
    void updateSamplesMenu();
    void addRecentFile(const QString& file);
    void onLoadProgress(qint64 done, qint64 total);
    void onLoadFinished(const rpcscope::TrafficStats& stats, bool cancelled);
    void onFileFailed(const QString& file, const QString& reason);
    void onTlsFinished(const rpcscope::TlsStats& stats);
    void onTlsKeyLogsChanged();
    /// The open files are all regular files (not pipes), so they can be decoded again.
    bool canReadOpenFilesAgain() const;

    DecoderRegistry m_registry;
    CallStore* m_store;
    CallListModel* m_model;
    CaptureLoader* m_loader;
    JavaClasspathSetting* m_javaClasspath = nullptr;
    TlsKeyLogs* m_tlsKeyLogs;
    /// The open files had TLS connections that more keys would decrypt.
    bool m_wantsTlsKeys = false;

    MessageBar* m_messages;
    FilterBar* m_filter;
    CallListView* m_list;
    CallDetailsView* m_details;
    QSplitter* m_split;
    ExplainPanel* m_explain;
    StatisticsPanel* m_statistics;
    QDockWidget* m_explainDock = nullptr;
    QDockWidget* m_statisticsDock = nullptr;
    WalkthroughPanel* m_walkthrough = nullptr;
    QDockWidget* m_walkthroughDock = nullptr;

    QLabel* m_counts = nullptr;
    QLabel* m_problems = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;

    QToolBar* m_toolBar = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_callsMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_samplesMenu = nullptr;
    QStringList m_recentFiles;
    QStringList m_openFiles;

    QAction* m_openAction = nullptr;
    QAction* m_tlsKeyLogAction = nullptr;
    QAction* m_exportAllAction = nullptr;
    QAction* m_exportSelectedAction = nullptr;
    QAction* m_closeAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_copyTextAction = nullptr;
    QAction* m_copyJsonAction = nullptr;
    QAction* m_markAction = nullptr;
    QAction* m_unmarkAction = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_relativeTimeAction = nullptr;
    QAction* m_absoluteTimeAction = nullptr;
    QAction* m_sideBySideAction = nullptr;
    QAction* m_stackedAction = nullptr;
    QAction* m_colorByFieldAction = nullptr;
    QAction* m_followNewCallsAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_walkthroughAction = nullptr;
    QList<QAction*> m_tourActions;
    QAction* m_exportMessageAction = nullptr;
    QAction* m_copyAnnotatedAction = nullptr;
    Direction m_messageDirection = Direction::ClientToServer;
    QAction* m_cancelLoadAction = nullptr;
    TrafficStats m_lastStats;
};

} // namespace rpcscope
