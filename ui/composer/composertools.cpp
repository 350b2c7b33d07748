#include "composertools.h"

#include "client/composedfromcall.h"
#include "composerpanel.h"
#include "mainwindow.h"
#include "models/callstore.h"
#include "testserverpanel.h"

#include <QAction>
#include <QDockWidget>
#include <QStatusBar>

namespace rpcscope {

ComposerTools::ComposerTools(MainWindow& window)
    : QObject(&window)
    , m_window(window)
    , m_server(new TestServerPanel(*window.callStore()))
    , m_composer(new ComposerPanel)
    , m_serverDock(new QDockWidget(tr("Test Server"), &window))
    , m_composerDock(new QDockWidget(tr("Composer"), &window))
    , m_edit(new QAction(tr("Edit in Composer"), this))
    , m_replay(new QAction(tr("Replay"), this))
    , m_replayMany(new QAction(tr("Replay 10 Times"), this))
{
    m_serverDock->setObjectName(QStringLiteral("testServerDock"));
    m_serverDock->setWidget(m_server);
    m_composerDock->setObjectName(QStringLiteral("composerDock"));
    m_composerDock->setWidget(m_composer);
    window.addDockPanel(m_serverDock, Qt::RightDockWidgetArea);
    window.addDockPanel(m_composerDock, Qt::RightDockWidgetArea);
    m_serverDock->hide();
    m_composerDock->hide();

    m_edit->setToolTip(tr("Load the selected call into the composer to change and resend it"));
    m_replay->setToolTip(tr("Send the selected call again as it was"));
    m_replayMany->setToolTip(tr("Send the selected call 10 times and show min/median/p95/max latency"));
    connect(m_edit, &QAction::triggered, this, &ComposerTools::editSelected);
    connect(m_replay, &QAction::triggered, this, [this] { replaySelected(1); });
    connect(m_replayMany, &QAction::triggered, this, [this] { replaySelected(10); });
    window.addCallAction(m_edit);
    window.addCallAction(m_replay);
    window.addCallAction(m_replayMany);
}

bool ComposerTools::editSelected()
{
    const std::vector<int> rows = m_window.selectedStoreRows();
    if (rows.empty())
        return false;
    Result<ComposedCall> call = composedFromCall(m_window.callStore()->call(rows.front()));
    if (!call) {
        m_window.statusBar()->showMessage(call.error(), 5000);
        return false;
    }
    m_composer->load(*call);
    m_composerDock->show();
    m_composerDock->raise();
    return true;
}

void ComposerTools::replaySelected(int times)
{
    if (!editSelected())
        return;
    if (times <= 1)
        m_composer->send();
    else
        m_composer->replay(times);
}

ComposerTools* installComposerTools(MainWindow& window)
{
    return new ComposerTools(window);
}

} // namespace rpcscope
