#include "livesources.h"

#include "capturedialog.h"
#include "commandcapture.h"
#include "inflighttools.h"
#include "livecapturesession.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "proxypanel.h"
#include "tlskeylogs.h"

#include <QAction>
#include <QDockWidget>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>

namespace rpcscope {

LiveSources::LiveSources(MainWindow& window)
    : QObject(&window)
    , m_window(window)
    , m_session(new LiveCaptureSession(*window.callStore(), this))
    , m_proxy(new ProxyPanel(*window.callStore()))
    , m_command(new CommandCapture(this))
    , m_start(new QAction(tr("Start &Live Capture…"), this))
    , m_stop(new QAction(tr("S&top Capture"), this))
    , m_fromCommand(new QAction(tr("Capture from &Command…"), this))
    , m_counters(new QLabel)
{
    m_start->setObjectName(QStringLiteral("startLiveCapture"));
    m_stop->setObjectName(QStringLiteral("stopLiveCapture"));
    m_fromCommand->setObjectName(QStringLiteral("captureFromCommand"));
    m_start->setIcon(QIcon::fromTheme(QStringLiteral("media-record")));
    m_stop->setIcon(QIcon::fromTheme(QStringLiteral("media-playback-stop")));
    m_start->setToolTip(tr("Capture live traffic from a network interface (needs capture rights)"));
    m_fromCommand->setToolTip(tr("Decode the pcap stream a command writes, e.g. tcpdump -U -w - or ssh host tcpdump"));
    connect(m_start, &QAction::triggered, this, &LiveSources::startCapture);
    connect(m_stop, &QAction::triggered, this, &LiveSources::stopCapture);
    connect(m_fromCommand, &QAction::triggered, this, &LiveSources::captureFromCommand);

    auto* dock = new QDockWidget(tr("Proxy"), &window);
    dock->setObjectName(QStringLiteral("proxyDock"));
    dock->setWidget(m_proxy);
    window.addDockPanel(dock, Qt::BottomDockWidgetArea);
    dock->hide();

    QMenu* menu = window.menuBar()->addMenu(tr("&Capture"));
    menu->addAction(m_start);
    menu->addAction(m_stop);
    menu->addSeparator();
    menu->addAction(m_fromCommand);
    menu->addAction(dock->toggleViewAction());
    QToolBar* tools = window.addToolBar(tr("Live"));
    tools->setObjectName(QStringLiteral("liveToolBar"));
    tools->addAction(m_start);
    tools->addAction(m_stop);

    m_inFlight = new InFlightTools(window, *m_proxy);

    window.statusBar()->addPermanentWidget(m_counters);
    m_counters->hide();
    connect(m_session, &LiveCaptureSession::statsChanged, this, [this] {
        m_counters->setText(m_session->summary());
        m_counters->show();
    });
    connect(m_session, &LiveCaptureSession::runningChanged, this, &LiveSources::updateActions);
    connect(m_session, &LiveCaptureSession::failed, this,
            [this](const QString& message) { m_window.messageBar()->showMessage(message); });
    connect(m_proxy, &ProxyPanel::problem, this, [this](const QString& message) {
        m_window.messageBar()->showMessage(message, MessageBar::Level::Warning);
    });
    connect(m_command, &CommandCapture::finished, this, [this](bool ok, const QString& message) {
        if (!ok)
            m_window.messageBar()->showMessage(message);
        updateActions();
    });
    updateActions();
}

void LiveSources::startCapture()
{
    CaptureDialog dialog(&m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    LiveCaptureOptions options = dialog.options();
    options.tlsKeyLogs = m_window.tlsKeyLogs()->files();
    if (Status started = m_session->start(options); !started)
        m_window.messageBar()->showMessage(started.error());
}

void LiveSources::stopCapture()
{
    m_session->stop();
    m_command->stop();
}

void LiveSources::captureFromCommand()
{
    bool ok = false;
    const QString command = QInputDialog::getText(
        &m_window, tr("Capture from Command"), tr("A command that writes a pcap stream to its standard output:"),
        QLineEdit::Normal,
        m_command->command().isEmpty() ? QStringLiteral("tcpdump -i lo -U -w - 'tcp port 8000'") : m_command->command(),
        &ok);
    if (!ok)
        return;
    auto fifo = m_command->start(command);
    if (!fifo) {
        m_window.messageBar()->showMessage(fifo.error());
        return;
    }
    m_window.openFiles({*fifo});
    updateActions();
}

void LiveSources::updateActions()
{
    const bool running = m_session->isRunning() || m_command->isRunning();
    m_start->setEnabled(!running);
    m_fromCommand->setEnabled(!running);
    m_stop->setEnabled(running);
}

LiveSources* installLiveSources(MainWindow& window)
{
    return new LiveSources(window);
}

} // namespace rpcscope
