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
#include "models/samplecaptures.h"
#include "statisticspanel.h"
#include "themecolors.h"
#include "tlskeylogs.h"
#include "tlsstats.h"
#include "walkthroughpanel.h"

#include <QAction>
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
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace rpcscope {

namespace {

constexpr int kMaxRecentFiles = 10;

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_registry(DecoderRegistry::withBuiltins())
    , m_store(new CallStore(m_registry, DecodeOptions {}, this))
    , m_model(new CallListModel(m_store, this))
    , m_loader(new CaptureLoader(m_registry, DecodeOptions {}, this))
    , m_tlsKeyLogs(new TlsKeyLogs(this))
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
    connect(m_details, &CallDetailsView::nodeSelected, this, [this](Direction direction, const DecodeNode* node) {
        if (node)
            m_messageDirection = direction;
    });
    connect(m_explain, &ExplainPanel::counterpartActivated, m_details, &CallDetailsView::selectNode);
    connect(m_model, &CallListModel::visibleCallsChanged, this, &MainWindow::updateCounts);
    connect(m_store, &CallStore::trafficStatsChanged, this, &MainWindow::updateCounts);

    connect(m_loader, &CaptureLoader::fileStarted, m_store, &CallStore::beginSource);
    connect(m_loader, &CaptureLoader::callsReady, m_store, &CallStore::appendEntries);
    connect(m_loader, &CaptureLoader::progress, this, &MainWindow::onLoadProgress);
    connect(m_loader, &CaptureLoader::fileFailed, this, &MainWindow::onFileFailed);
    connect(m_loader, &CaptureLoader::fileWarning, this,
            [this](const QString&, const QString& text) { m_messages->showMessage(text, MessageBar::Level::Warning); });
    connect(m_loader, &CaptureLoader::finished, this, &MainWindow::onLoadFinished);
    connect(m_loader, &CaptureLoader::tlsFinished, this, &MainWindow::onTlsFinished);
    m_loader->setTlsKeyLogs(m_tlsKeyLogs->files());
    connect(m_tlsKeyLogs, &TlsKeyLogs::changed, this, &MainWindow::onTlsKeyLogsChanged);

    // Calls listed before the classpath changed were named without it: read the open files again.
    connect(m_javaClasspath, &JavaClasspathSetting::changed, this, [this](const QString& summary) {
        if (canReadOpenFilesAgain())
            openFiles(QStringList(m_openFiles)); // a copy: openFiles() replaces m_openFiles
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

void MainWindow::onTlsFinished(const TlsStats& stats)
{
    m_wantsTlsKeys = stats.undecryptedCount > 0;
    const QStringList lines = stats.describe(tr("Choose the key log the client wrote in File → TLS Key Log… (clients "
                                                "write one when SSLKEYLOGFILE names a file)."));
    if (!lines.isEmpty())
        m_messages->showMessage(lines.join(QLatin1Char('\n')), MessageBar::Level::Warning);
}

void MainWindow::onTlsKeyLogsChanged()
{
    m_loader->setTlsKeyLogs(m_tlsKeyLogs->files());
    // Keys arrived for connections that were not decrypted: decode the capture again.
    if (m_wantsTlsKeys && canReadOpenFilesAgain() && !isLoading())
        openFiles(QStringList(m_openFiles));
}

bool MainWindow::canReadOpenFilesAgain() const
{
    // A pipe cannot be read twice.
    return !m_openFiles.isEmpty()
        && std::all_of(m_openFiles.begin(), m_openFiles.end(), [](const QString& f) { return QFileInfo(f).isFile(); });
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
        text += asJson ? QString::fromUtf8(callToJson(call)) : callToText(call, m_store->timeBaseOf(row), &m_registry);
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

void MainWindow::startWalkthrough(const QString& tourId)
{
    m_walkthroughDock->show();
    m_walkthroughDock->raise();
    m_walkthrough->start(tourId);
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
