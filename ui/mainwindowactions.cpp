// The main window's actions, menus and tool bar (what each action does lives in mainwindow.cpp).
#include "mainwindow.h"

#include "appicons.h"
#include "calldetailsview.h"
#include "calllistview.h"
#include "captureloader.h"
#include "filterbar.h"
#include "javaclasspathsetting.h"
#include "messageexport.h"
#include "messagepane.h"
#include "models/calllistmodel.h"
#include "models/callstore.h"
#include "tlskeylogs.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>

namespace rpcscope {

namespace {

QIcon themed(const char* name, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(QLatin1String(name), QApplication::style()->standardIcon(fallback));
}

} // namespace

void MainWindow::createActions()
{
    m_openAction = new QAction(themed("document-open", QStyle::SP_DialogOpenButton), tr("&Open Capture…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setIconText(tr("Open"));
    m_openAction->setToolTip(tr("Open a pcap or pcapng capture (Ctrl+O); you can also drop files on the window"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openDialog);

    m_tlsKeyLogAction = new QAction(tr("TLS Key &Log…"), this);
    m_tlsKeyLogAction->setToolTip(tr("The key logs TLS is decrypted with (clients write one when SSLKEYLOGFILE is "
                                     "set); the open capture is decoded again with them"));
    connect(m_tlsKeyLogAction, &QAction::triggered, this, [this] { m_tlsKeyLogs->edit(this); });

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
    connect(m_walkthroughAction, &QAction::triggered, this, [this] { startWalkthrough(); });
    auto* rmiTour = new QAction(tr("Walk Through &Java RMI"), this);
    rmiTour->setToolTip(tr("A guided tour of Java RMI: the handshake, a registry lookup and the stub it returns, a "
                           "call by ObjID and method hash, and the Java serialization of its result"));
    connect(rmiTour, &QAction::triggered, this, [this] { startWalkthrough(QStringLiteral("java-rmi")); });
    m_tourActions = {m_walkthroughAction, rmiTour};

    // Teaching material from the message shown: every byte explained (core/explain).
    m_exportMessageAction = new QAction(tr("Export Message as &HTML…"), this);
    m_exportMessageAction->setToolTip(tr("Save the request or response shown (the one whose field was selected "
                                         "last) as a self-contained HTML page: coloured bytes, a legend, the tree "
                                         "with descriptions; prints on A4"));
    connect(m_exportMessageAction, &QAction::triggered, this,
            [this] { messageexport::exportShown(*this, m_messageDirection, true); });
    m_copyAnnotatedAction = new QAction(tr("Copy as &Annotated Text"), this);
    m_copyAnnotatedAction->setToolTip(tr("Copy the request or response shown as a hex dump with each line's fields "
                                         "named beside it, for a terminal or a slide"));
    connect(m_copyAnnotatedAction, &QAction::triggered, this,
            [this] { messageexport::exportShown(*this, m_messageDirection, false); });
    for (Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
        m_details->pane(d)->addContextActions({m_copyAnnotatedAction, m_exportMessageAction});
        connect(m_details->pane(d), &MessagePane::contextMenuOpening, this,
                [this](Direction direction) { m_messageDirection = direction; });
    }

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
    file->addAction(m_tlsKeyLogAction);
    file->addSeparator();
    file->addAction(m_exportAllAction);
    file->addAction(m_exportSelectedAction);
    file->addAction(m_exportMessageAction);
    file->addSeparator();
    file->addAction(m_closeAction);
    file->addAction(m_quitAction);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_findAction);
    edit->addSeparator();
    edit->addAction(m_copyTextAction);
    edit->addAction(m_copyJsonAction);
    edit->addAction(m_copyAnnotatedAction);
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
    help->addActions(m_tourActions);
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

} // namespace rpcscope
