#include "mainwindow.h"

#include "appicons.h"
#include "calldetailsview.h"
#include "callexporter.h"
#include "callformat.h"
#include "calllistview.h"
#include "captureloader.h"
#include "explainpanel.h"
#include "filterbar.h"
#include "javaclasspathsetting.h"
#include "messagebar.h"
#include "models/calllistmodel.h"
#include "models/callstore.h"
#include "samplecaptures.h"
#include "statisticspanel.h"
#include "themecolors.h"
#include "walkthroughpanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace rpcscope {

namespace {

constexpr int kMaxRecentFiles = 10;

QIcon themed(const char* name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QLatin1String(name), QApplication::style()->standardIcon(fallback));
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_registry(DecoderRegistry::withBuiltins())
    , m_store(new CallStore(m_registry, DecodeOptions {}, this))
    , m_model(new CallListModel(m_store, this))
    , m_loader(new CaptureLoader(m_registry, DecodeOptions {}, this))
    , m_messages(new MessageBar(this))
    , m_filter(new FilterBar(this))
    , m_list(new CallListView(this))
    , m_details(new CallDetailsView(this))
    , m_split(new QSplitter(Qt::Vertical, this))
    , m_explain(new ExplainPanel(this))
    , m_statistics(new StatisticsPanel(m_model, this))
{
    setWindowTitle(QStringLiteral("RpcScope"));
    setWindowIcon(appicons::application());
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    std::vector<CallFilter::ProtocolName> protocols;
    for (const auto& d : m_registry.decoders())
        protocols.push_back({d->id(), d->displayName()});
    m_filter->setProtocols(std::move(protocols));

    m_list->setModel(m_model);
    m_list->setAccessibleName(tr("Calls"));
    m_split->addWidget(m_list);
    m_split->addWidget(m_details);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);
    m_split->setChildrenCollapsible(false);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->setSpacing(4);
    layout->addWidget(m_messages);
    layout->addWidget(m_filter);
    layout->addWidget(m_split, 1);
    setCentralWidget(central);

    m_javaClasspath = new JavaClasspathSetting(*m_store, this);
    createActions();
    createMenus();
    createDocks();
    createStatusBar();

    connect(m_filter, &FilterBar::filterChanged, this, [this](const CallFilter& filter) {
        m_model->setFilter(filter);
        // Keep the call the user was looking at in view when it survives the filter.
        if (m_list->currentIndex().isValid())
            m_list->scrollTo(m_list->currentIndex(), QAbstractItemView::PositionAtCenter);
    });
    connect(m_list, &CallListView::currentCallChanged, this, &MainWindow::showCurrentCall);
    connect(m_details, &CallDetailsView::nodeSelected, m_explain, &ExplainPanel::showNode);
    connect(m_explain, &ExplainPanel::counterpartActivated, m_details, &CallDetailsView::selectNode);
    connect(m_model, &CallListModel::visibleCallsChanged, this, &MainWindow::updateCounts);
    connect(m_store, &CallStore::trafficStatsChanged, this, &MainWindow::updateCounts);

    connect(m_loader, &CaptureLoader::callsReady, m_store, &CallStore::appendEntries);
    connect(m_loader, &CaptureLoader::progress, this, &MainWindow::onLoadProgress);
    connect(m_loader, &CaptureLoader::fileFailed, this, &MainWindow::onFileFailed);
    connect(m_loader, &CaptureLoader::fileWarning, this,
            [this](const QString&, const QString& text) { m_messages->showMessage(text, MessageBar::Level::Warning); });
    connect(m_loader, &CaptureLoader::finished, this, &MainWindow::onLoadFinished);

    // Calls listed before the classpath changed were named without it: read the open files again.
    connect(m_javaClasspath, &JavaClasspathSetting::changed, this, [this](const QString& summary) {
        if (!m_openFiles.isEmpty())
            openFiles(m_openFiles);
        m_messages->showMessage(summary, MessageBar::Level::Information);
    });
    connect(m_javaClasspath, &JavaClasspathSetting::problem, this,
            [this](const QString& text) { m_messages->showMessage(text, MessageBar::Level::Warning); });
    m_javaClasspath->restore();
    readSettings();
    updateCounts();
}

MainWindow::~MainWindow()
{
    m_loader->cancel();
    m_loader->wait();
}

void MainWindow::createActions()
{
    m_openAction = new QAction(themed("document-open", QStyle::SP_DialogOpenButton), tr("&Open Capture…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setIconText(tr("Open"));
    m_openAction->setToolTip(tr("Open a pcap or pcapng capture (Ctrl+O); you can also drop files on the window"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openDialog);

    m_exportAllAction
        = new QAction(themed("document-save-as", QStyle::SP_DialogSaveButton), tr("&Save Calls As…"), this);
    m_exportAllAction->setShortcut(QKeySequence::Save);
    m_exportAllAction->setIconText(tr("Save Calls"));
    m_exportAllAction->setToolTip(tr("Save the calls shown as JSON Lines (the CLI's format) or pcap (Ctrl+S)"));
    connect(m_exportAllAction, &QAction::triggered, this, [this] { exportCalls(false); });

    m_exportSelectedAction = new QAction(tr("Save Selected Calls As…"), this);
    m_exportSelectedAction->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    connect(m_exportSelectedAction, &QAction::triggered, this, [this] { exportCalls(true); });

    m_closeAction = new QAction(tr("&Close Capture"), this);
    m_closeAction->setShortcut(QKeySequence::Close);
    connect(m_closeAction, &QAction::triggered, this, [this] {
        m_loader->cancel();
        m_loader->wait();
        m_store->clear();
        m_openFiles.clear();
        setWindowFilePath({});
        setWindowTitle(QStringLiteral("RpcScope"));
    });

    m_quitAction = new QAction(themed("application-exit", QStyle::SP_DialogCloseButton), tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_copyTextAction = new QAction(themed("edit-copy", QStyle::SP_FileIcon), tr("&Copy as Text"), this);
    m_copyTextAction->setShortcut(QKeySequence::Copy);
    m_copyTextAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyTextAction, &QAction::triggered, this, [this] { copySelected(false); });
    m_copyJsonAction = new QAction(tr("Copy as &JSON"), this);
    m_copyJsonAction->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    m_copyJsonAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_copyJsonAction, &QAction::triggered, this, [this] { copySelected(true); });
    m_markAction = new QAction(tr("&Mark"), this);
    m_markAction->setShortcut(QKeySequence(tr("Ctrl+M")));
    m_markAction->setToolTip(tr("Mark the selected calls so they stand out (Ctrl+M)"));
    connect(m_markAction, &QAction::triggered, this, [this] { setMarked(true); });
    m_unmarkAction = new QAction(tr("&Unmark"), this);
    m_unmarkAction->setShortcut(QKeySequence(tr("Ctrl+Shift+M")));
    connect(m_unmarkAction, &QAction::triggered, this, [this] { setMarked(false); });

    m_list->addContextAction(m_copyTextAction);
    m_list->addContextAction(m_copyJsonAction);
    m_list->addContextSeparator();
    m_list->addContextAction(m_markAction);
    m_list->addContextAction(m_unmarkAction);
    m_list->addContextSeparator();
    m_list->addContextAction(m_exportSelectedAction);

    m_findAction = new QAction(themed("edit-find", QStyle::SP_FileDialogContentsView), tr("&Filter Calls"), this);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, m_filter, &FilterBar::focusFilter);

    auto* timeGroup = new QActionGroup(this);
    m_relativeTimeAction = new QAction(tr("&Relative Time"), timeGroup);
    m_relativeTimeAction->setToolTip(tr("Seconds since the first call"));
    m_absoluteTimeAction = new QAction(tr("&Time of Day"), timeGroup);
    for (QAction* a : timeGroup->actions())
        a->setCheckable(true);
    m_relativeTimeAction->setChecked(true);
    connect(timeGroup, &QActionGroup::triggered, this, [this](QAction* a) {
        m_model->setTimeFormat(a == m_absoluteTimeAction ? CallListModel::TimeFormat::Absolute
                                                         : CallListModel::TimeFormat::Relative);
    });

    auto* layoutGroup = new QActionGroup(this);
    m_sideBySideAction = new QAction(tr("Request and Response &Side by Side"), layoutGroup);
    m_stackedAction = new QAction(tr("Request and Response S&tacked"), layoutGroup);
    for (QAction* a : layoutGroup->actions())
        a->setCheckable(true);
    m_sideBySideAction->setChecked(true);
    m_sideBySideAction->setIcon(appicons::sideBySide());
    m_sideBySideAction->setIconText(tr("Side by Side"));
    m_sideBySideAction->setToolTip(tr("Request left, response right"));
    m_stackedAction->setIcon(appicons::stacked());
    m_stackedAction->setIconText(tr("Stacked"));
    m_stackedAction->setToolTip(tr("Request above the response"));
    connect(layoutGroup, &QActionGroup::triggered, this,
            [this](QAction* a) { m_details->setOrientation(a == m_stackedAction ? Qt::Vertical : Qt::Horizontal); });

    // Live capture and the proxy append calls at the bottom; following them is the auto-scroll of a live view.
    m_followNewCallsAction = new QAction(tr("&Follow New Calls"), this);
    m_followNewCallsAction->setCheckable(true);
    m_followNewCallsAction->setObjectName(QStringLiteral("followNewCalls"));
    m_followNewCallsAction->setStatusTip(tr("Scroll the call list to each new call as it arrives"));
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        // Queued: the view lays the new rows out first, so the bottom is the new bottom.
        if (m_followNewCallsAction->isChecked())
            QMetaObject::invokeMethod(m_list, &QAbstractItemView::scrollToBottom, Qt::QueuedConnection);
    });
    m_colorByFieldAction = new QAction(appicons::colourByField(), tr("&Colour Bytes by Field"), this);
    m_colorByFieldAction->setIconText(tr("Colour by Field"));
    m_colorByFieldAction->setCheckable(true);
    m_colorByFieldAction->setShortcut(QKeySequence(tr("Ctrl+3")));
    m_colorByFieldAction->setToolTip(tr("Give each top-level field of a message its own colour in the bytes, with a "
                                        "legend (Ctrl+3)"));
    connect(m_colorByFieldAction, &QAction::toggled, m_details, &CallDetailsView::setColorByField);

    m_walkthroughAction
        = new QAction(themed("help-contents", QStyle::SP_DialogHelpButton), tr("&Walk Through the Wire Format"), this);
    m_walkthroughAction->setShortcut(QKeySequence::HelpContents);
    m_walkthroughAction->setToolTip(tr("A guided tour of XML-RPC add(3, 4) and Pyro4 get_fortune, field by field "
                                       "and byte by byte (F1)"));
    connect(m_walkthroughAction, &QAction::triggered, this, &MainWindow::startWalkthrough);

    m_aboutAction = new QAction(tr("&About RpcScope"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_cancelLoadAction = new QAction(themed("process-stop", QStyle::SP_BrowserStop), tr("Cancel Loading"), this);
    m_cancelLoadAction->setEnabled(false);
    connect(m_cancelLoadAction, &QAction::triggered, m_loader, &CaptureLoader::cancel);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(m_exportAllAction);
    file->addAction(m_exportSelectedAction);
    file->addSeparator();
    file->addAction(m_closeAction);
    file->addAction(m_quitAction);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_findAction);
    edit->addSeparator();
    edit->addAction(m_copyTextAction);
    edit->addAction(m_copyJsonAction);
    edit->addSeparator();
    edit->addAction(m_javaClasspath->action());

    m_callsMenu = menuBar()->addMenu(tr("&Calls"));
    m_callsMenu->addAction(m_markAction);
    m_callsMenu->addAction(m_unmarkAction);
    m_callsMenu->addSeparator();

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_relativeTimeAction);
    m_viewMenu->addAction(m_absoluteTimeAction);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_sideBySideAction);
    m_viewMenu->addAction(m_stackedAction);
    m_viewMenu->addAction(m_colorByFieldAction);
    m_viewMenu->addAction(m_followNewCallsAction);
    m_viewMenu->addSeparator();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_walkthroughAction);
    m_samplesMenu = help->addMenu(tr("&Samples"));
    m_samplesMenu->setToolTipsVisible(true);
    help->addSeparator();
    help->addAction(m_aboutAction);
    updateSamplesMenu();

    QToolBar* tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addAction(m_openAction);
    tools->addAction(m_exportAllAction);
    tools->addSeparator();
    tools->addAction(m_colorByFieldAction);
    tools->addAction(m_sideBySideAction);
    tools->addAction(m_stackedAction);
    m_toolBar = tools;
    updateRecentMenu();
}

void MainWindow::createDocks()
{
    m_explainDock = new QDockWidget(tr("Explain"), this);
    m_explainDock->setObjectName(QStringLiteral("explainDock"));
    m_explainDock->setWidget(m_explain);
    addDockPanel(m_explainDock, Qt::RightDockWidgetArea);
    m_explainDock->toggleViewAction()->setShortcut(QKeySequence(tr("Ctrl+1")));

    m_statisticsDock = new QDockWidget(tr("Statistics"), this);
    m_statisticsDock->setObjectName(QStringLiteral("statisticsDock"));
    m_statisticsDock->setWidget(m_statistics);
    addDockPanel(m_statisticsDock, Qt::BottomDockWidgetArea);
    m_statisticsDock->toggleViewAction()->setShortcut(QKeySequence(tr("Ctrl+2")));
    m_statisticsDock->toggleViewAction()->setToolTip(tr("Calls per method, latency percentiles and a latency "
                                                        "histogram of the calls shown (Ctrl+2)"));
    m_statisticsDock->hide();

    m_walkthrough = new WalkthroughPanel(this);
    m_walkthroughDock = new QDockWidget(tr("Walkthrough"), this);
    m_walkthroughDock->setObjectName(QStringLiteral("walkthroughDock"));
    m_walkthroughDock->setWidget(m_walkthrough);
    addDockPanel(m_walkthroughDock, Qt::RightDockWidgetArea);
    m_walkthroughDock->hide();
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_explainDock->toggleViewAction());
    m_toolBar->addAction(m_statisticsDock->toggleViewAction());
}

void MainWindow::addDockPanel(QDockWidget* dock, Qt::DockWidgetArea area)
{
    addDockWidget(area, dock);
    m_viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::addCallAction(QAction* action)
{
    m_list->addContextAction(action);
    m_callsMenu->addAction(action);
}

void MainWindow::createStatusBar()
{
    m_counts = new QLabel(this);
    m_problems = new QLabel(this);
    m_problems->setTextFormat(Qt::PlainText);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setDefaultAction(m_cancelLoadAction);
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_cancel->setAutoRaise(true);
    m_cancel->hide();
    statusBar()->addWidget(m_counts);
    statusBar()->addWidget(m_problems, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
}

QString MainWindow::countsText() const
{
    const QLocale locale = QLocale::system();
    const int total = m_store->size();
    const int shown = m_model->rowCount();
    QString text = shown == total ? tr("%1 calls").arg(locale.toString(total))
                                  : tr("Shown: %1 of %2 calls").arg(locale.toString(shown), locale.toString(total));
    const int errors = m_store->errorCount();
    text += errors == 1 ? tr(" · 1 error") : tr(" · %1 errors").arg(locale.toString(errors));
    return text;
}

void MainWindow::updateCounts()
{
    m_counts->setText(countsText());
    const TrafficStats& stats = m_store->trafficStats();
    if (stats.clean()) {
        m_problems->clear();
        m_problems->setToolTip({});
        return;
    }
    QPalette pal = m_problems->palette();
    pal.setColor(QPalette::WindowText, themecolors::errorText(palette()));
    m_problems->setPalette(pal);
    m_problems->setText(QStringLiteral("⚠ ") + stats.describeProblems());
    m_problems->setToolTip(tr("%1 connections, %2 not recognised, %3 messages, %4 malformed")
                               .arg(stats.connections)
                               .arg(stats.unrecognisedConnections)
                               .arg(stats.messages)
                               .arg(stats.malformedMessages));
}

void MainWindow::openFiles(const QStringList& files)
{
    if (files.isEmpty())
        return;
    m_loader->cancel();
    m_loader->wait();
    m_messages->clearMessages();
    m_details->showCall(nullptr);
    m_explain->setCall(nullptr);
    m_store->clear();
    m_openFiles.clear();
    for (const QString& f : files)
        m_openFiles << QFileInfo(f).absoluteFilePath();
    setWindowFilePath(m_openFiles.first());
    setWindowTitle(tr("%1 — RpcScope")
                       .arg(m_openFiles.size() == 1 ? QFileInfo(m_openFiles.first()).fileName()
                                                    : tr("%1 files").arg(m_openFiles.size())));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Loading %p%"));
    m_progress->show();
    m_cancel->show();
    m_cancelLoadAction->setEnabled(true);
    m_loader->setDecodeOptions(m_store->decodeOptions());
    m_loader->load(m_openFiles);
}

bool MainWindow::isLoading() const
{
    return m_loader->isRunning() || m_cancelLoadAction->isEnabled();
}

void MainWindow::onLoadProgress(qint64 done, qint64 total)
{
    m_progress->setValue(total > 0 ? int(done * 1000 / total) : 0);
}

void MainWindow::onFileFailed(const QString& file, const QString& reason)
{
    Q_UNUSED(file);
    // The reason names the file already (capture errors do).
    m_messages->showMessage(reason, MessageBar::Level::Error);
}

void MainWindow::onLoadFinished(const TrafficStats& stats, bool cancelled)
{
    m_progress->hide();
    m_cancel->hide();
    m_cancelLoadAction->setEnabled(false);
    m_store->setTrafficStats(stats);
    if (cancelled) {
        const int read = m_store->size();
        m_messages->showMessage(read == 0       ? tr("Loading was cancelled before any call was read.")
                                    : read == 1 ? tr("Loading was cancelled: the one call read before that is shown.")
                                                : tr("Loading was cancelled: the %1 calls read before that are shown.")
                                                      .arg(QLocale::system().toString(read)),
                                MessageBar::Level::Warning);
    }
    for (const QString& f : std::as_const(m_openFiles))
        addRecentFile(f);
    if (!m_list->currentIndex().isValid() && m_model->rowCount() > 0)
        m_list->setCurrentIndex(m_model->index(0, 0));
    Q_EMIT loadFinished();
}

void MainWindow::showCurrentCall(int storeRow)
{
    if (storeRow < 0) {
        m_explain->setCall(nullptr);
        m_details->showCall(nullptr);
        Q_EMIT currentCallChanged(nullptr);
        return;
    }
    auto call = std::make_shared<const Call>(m_store->call(storeRow, true));
    const ProtocolDecoder* decoder = m_registry.find(call->protocol);
    // The Explain panel must know the new call before the panes announce their (new) selected nodes.
    m_explain->setCall(call);
    m_details->showCall(call, decoder ? decoder->displayName() : call->protocol);
    Q_EMIT currentCallChanged(call);
}

std::vector<int> MainWindow::selectedStoreRows() const
{
    return m_list->selectedStoreRows();
}

bool MainWindow::selectCallById(quint64 id)
{
    return m_list->selectStoreRow(m_store->rowOfId(id));
}

void MainWindow::openDialog()
{
    const QString dir = m_recentFiles.isEmpty() ? QString() : QFileInfo(m_recentFiles.first()).absolutePath();
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Capture"), dir, tr("Captures (*.pcap *.pcapng *.cap *.dmp);;All files (*)"));
    openFiles(files);
}

void MainWindow::exportCalls(bool selectedOnly)
{
    const std::vector<int> rows = selectedOnly ? m_list->selectedStoreRows() : m_model->visibleStoreRows();
    if (rows.empty()) {
        m_messages->showMessage(selectedOnly ? tr("No calls are selected: nothing to save.")
                                             : tr("No calls are shown: nothing to save."),
                                MessageBar::Level::Information);
        return;
    }
    const QString filters = tr("JSON Lines, the CLI's format (*.jsonl);;pcap capture (*.pcap)");
    QString chosen;
    const QString base = m_openFiles.isEmpty() ? tr("calls") : QFileInfo(m_openFiles.first()).completeBaseName();
    QString path = QFileDialog::getSaveFileName(this, selectedOnly ? tr("Save Selected Calls") : tr("Save Calls"),
                                                base + QStringLiteral(".jsonl"), filters, &chosen);
    if (path.isEmpty())
        return;
    CallExporter::Format format = CallExporter::formatForPath(path);
    if (chosen.contains(QLatin1String("*.pcap")))
        format = CallExporter::Format::Pcap;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Status status = CallExporter::write(*m_store, rows, path, format);
    QApplication::restoreOverrideCursor();
    if (!status.ok())
        m_messages->showMessage(status.error(), MessageBar::Level::Error);
    else
        statusBar()->showMessage(tr("Saved %1 calls to %2").arg(rows.size()).arg(path), 5000);
}

void MainWindow::copySelected(bool asJson)
{
    QString text;
    for (int row : m_list->selectedStoreRows()) {
        const Call call = m_store->call(row, false);
        text += asJson ? QString::fromUtf8(callToJson(call)) : callToText(call, m_store->timeBase(), &m_registry);
        text += QLatin1Char('\n');
    }
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void MainWindow::setMarked(bool marked)
{
    for (int row : m_list->selectedStoreRows())
        m_store->setMarked(row, marked);
}

void MainWindow::showAbout()
{
    QStringList protocols;
    for (const auto& d : m_registry.decoders())
        protocols << d->displayName();
    QMessageBox::about(this, tr("About RpcScope"),
                       tr("<h3>RpcScope %1</h3>"
                          "<p>Looks at remote calls on the wire: each request with its reply, decoded into a tree "
                          "whose every field points at the bytes it came from.</p>"
                          "<p>Protocols: %2.</p>"
                          "<p>Built with Qt %3.</p>")
                           .arg(QApplication::applicationVersion(), protocols.join(QStringLiteral(", ")),
                                QString::fromLatin1(qVersion())));
}

void MainWindow::startWalkthrough()
{
    m_walkthroughDock->show();
    m_walkthroughDock->raise();
    m_walkthrough->start();
}

void MainWindow::updateSamplesMenu()
{
    m_samplesMenu->clear();
    const QStringList samples = samplecaptures::files();
    for (const QString& f : samples) {
        QAction* a = m_samplesMenu->addAction(samplecaptures::title(f), this, [this, f] { openFiles({f}); });
        a->setToolTip(f);
        a->setStatusTip(f);
    }
    if (samples.isEmpty()) {
        QAction* none = m_samplesMenu->addAction(tr("No sample captures installed"));
        none->setEnabled(false);
    }
}

void MainWindow::addRecentFile(const QString& file)
{
    m_recentFiles.removeAll(file);
    m_recentFiles.prepend(file);
    while (m_recentFiles.size() > kMaxRecentFiles)
        m_recentFiles.removeLast();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    for (const QString& f : std::as_const(m_recentFiles)) {
        QAction* a = m_recentMenu->addAction(QFileInfo(f).fileName(), this, [this, f] { openFiles({f}); });
        a->setToolTip(f);
        a->setStatusTip(f);
    }
    if (!m_recentFiles.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] {
            m_recentFiles.clear();
            updateRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::readSettings()
{
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        // Roomy by default, but never wider or taller than the screen it opens on (the Explain panel on the right
        // was cut off on a 1400-pixel screen).
        QSize size(1440, 900);
        if (const QScreen* screen = this->screen())
            size = size.boundedTo(screen->availableGeometry().size());
        resize(size);
    }
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    if (!m_split->restoreState(s.value(QStringLiteral("window/split")).toByteArray()))
        m_split->setSizes({230, 630}); // the details need the height more than a short list does
    m_details->restoreState(s.value(QStringLiteral("details/split")).toByteArray());
    const QByteArray header = s.value(QStringLiteral("calls/header")).toByteArray();
    if (!header.isEmpty())
        m_list->header()->restoreState(header);
    m_recentFiles = s.value(QStringLiteral("recentFiles")).toStringList();
    updateRecentMenu();
    if (s.value(QStringLiteral("view/absoluteTime"), false).toBool())
        m_absoluteTimeAction->trigger();
    if (s.value(QStringLiteral("view/stacked"), false).toBool())
        m_stackedAction->trigger();
    m_colorByFieldAction->setChecked(s.value(QStringLiteral("view/colorByField"), false).toBool());
}

void MainWindow::writeSettings() const
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("window/split"), m_split->saveState());
    s.setValue(QStringLiteral("details/split"), m_details->saveState());
    s.setValue(QStringLiteral("calls/header"), m_list->header()->saveState());
    s.setValue(QStringLiteral("recentFiles"), m_recentFiles);
    s.setValue(QStringLiteral("view/absoluteTime"), m_absoluteTimeAction->isChecked());
    s.setValue(QStringLiteral("view/stacked"), m_stackedAction->isChecked());
    s.setValue(QStringLiteral("view/colorByField"), m_colorByFieldAction->isChecked());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_loader->cancel();
    m_loader->wait();
    writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls()) {
        for (const QUrl& url : event->mimeData()->urls()) {
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
        }
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList files;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            files << url.toLocalFile();
    }
    if (!files.isEmpty()) {
        event->acceptProposedAction();
        openFiles(files);
    }
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateCounts();
}

} // namespace rpcscope
