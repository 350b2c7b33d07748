#include "inflighttools.h"

#include "calldetailsview.h"
#include "heldmessageeditor.h"
#include "intercept/answerbook.h"
#include "intercept/interceptqueue.h"
#include "intercept/ruleload.h"
#include "interceptpanel.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "models/calllistmodel.h"
#include "models/callstore.h"
#include "proxypanel.h"
#include "rulespanel.h"
#include "server/mockserver.h"

#include <QAction>
#include <QDockWidget>
#include <QHostAddress>
#include <QInputDialog>

namespace rpcscope {

InFlightTools::InFlightTools(MainWindow& window, ProxyPanel& proxy)
    : QObject(&window)
    , m_window(window)
    , m_proxy(proxy)
    , m_rules(new RulesPanel(filterProtocols(window.registry())))
    , m_intercept(new InterceptPanel(*proxy.interceptQueue(), filterProtocols(window.registry())))
    , m_editor(new HeldMessageEditor)
    , m_serveAsMock(new QAction(tr("Serve These Calls as a &Mock…"), this))
    , m_stopMocks(new QAction(tr("Stop &Mock Servers"), this))
{
    auto* rulesDock = new QDockWidget(tr("Rules"), &window);
    rulesDock->setObjectName(QStringLiteral("rulesDock"));
    rulesDock->setWidget(m_rules);
    window.addDockPanel(rulesDock, Qt::BottomDockWidgetArea);
    rulesDock->hide();
    auto* interceptDock = new QDockWidget(tr("Intercept"), &window);
    interceptDock->setObjectName(QStringLiteral("interceptDock"));
    interceptDock->setWidget(m_intercept);
    window.addDockPanel(interceptDock, Qt::BottomDockWidgetArea);
    interceptDock->hide();

    connect(m_rules, &RulesPanel::rulesChanged, &proxy, &ProxyPanel::setCallRules);
    m_rules->load();
    proxy.setCallRules(m_rules->ruleSet());

    window.detailsView()->insertPanel(m_editor);
    m_editor->hide();
    InterceptQueue* queue = proxy.interceptQueue();
    connect(queue, &InterceptQueue::heldChanged, this, [this, queue] {
        m_window.callListModel()->setHeldCalls(queue->heldCallIds());
        if (m_editor->isVisible() && m_editor->row() < 0)
            m_editor->hide();
    });
    connect(queue, &InterceptQueue::messageHeld, this, [interceptDock, this](int) {
        interceptDock->show();
        interceptDock->raise();
        m_window.messageBar()->showMessage(tr("A call is held by the intercept: select it to edit, forward, answer "
                                              "or drop it."),
                                           MessageBar::Level::Information);
    });
    connect(&window, &MainWindow::currentCallChanged, this,
            [this](std::shared_ptr<const Call> call) { showHeldOf(call ? call->id : 0); });
    connect(m_intercept, &InterceptPanel::heldMessageChosen, this, [this, queue](int row) {
        const quint64 id = queue->callId(row);
        if (!id || !m_window.selectCallById(id)) {
            // The call is not listed (yet, or filtered out): open the message all the same.
            m_editor->setHeld(queue, row);
            m_editor->show();
        }
    });
    connect(m_editor, &HeldMessageEditor::decided, m_editor, &QWidget::hide);

    m_serveAsMock->setObjectName(QStringLiteral("serveAsMock"));
    m_serveAsMock->setToolTip(tr("Answer clients with the selected calls' recorded answers, on a port of your choice"));
    connect(m_serveAsMock, &QAction::triggered, this, &InFlightTools::askAndServeAsMock);
    window.addCallAction(m_serveAsMock);
    m_stopMocks->setEnabled(false);
    connect(m_stopMocks, &QAction::triggered, this, &InFlightTools::stopMocks);
    window.addCallAction(m_stopMocks);
}

InFlightTools::~InFlightTools() = default;

void InFlightTools::showHeldOf(quint64 callId)
{
    InterceptQueue* queue = m_proxy.interceptQueue();
    const int row = callId ? queue->rowOfCall(callId) : -1;
    if (row < 0) {
        m_editor->setHeld(nullptr, -1);
        m_editor->hide();
        return;
    }
    m_editor->setHeld(queue, row);
    m_editor->show();
}

Result<quint16> InFlightTools::serveAsMock(const std::vector<int>& storeRows, const QHostAddress& address, quint16 port)
{
    auto book = std::make_shared<AnswerBook>();
    const CallStore& store = *m_window.callStore();
    for (int row : storeRows) {
        if (row >= 0 && row < store.size())
            book->add(store.call(row));
    }
    if (book->isEmpty())
        return Error {tr("None of the selected calls has an answer to serve (select answered calls)")};
    auto server = std::make_unique<MockServer>(store.registry(), book);
    connect(server.get(), &MockServer::problem, this, [this](const QString& message) {
        m_window.messageBar()->showMessage(tr("Mock: %1").arg(message), MessageBar::Level::Warning);
    });
    if (Status s = server->listen(address, port); !s)
        return Error {s.error()};
    const quint16 listening = server->port();
    m_mocks.push_back(std::move(server));
    m_stopMocks->setEnabled(true);
    return listening;
}

void InFlightTools::askAndServeAsMock()
{
    const std::vector<int> rows = m_window.selectedStoreRows();
    bool ok = false;
    const QString text = QInputDialog::getText(
        &m_window, tr("Serve These Calls as a Mock"),
        tr("%n call(s) selected. Listen on (HOST:PORT; port 0 picks a free one):", nullptr, int(rows.size())),
        QLineEdit::Normal, QStringLiteral("127.0.0.1:0"), &ok);
    if (!ok)
        return;
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    QHostAddress address;
    bool portOk = false;
    const uint port = text.mid(colon + 1).toUInt(&portOk);
    if (colon < 0 || !address.setAddress(text.left(colon).remove(QLatin1Char('[')).remove(QLatin1Char(']'))) || !portOk
        || port > 65535) {
        m_window.messageBar()->showMessage(tr("'%1' is not HOST:PORT").arg(text));
        return;
    }
    Result<quint16> served = serveAsMock(rows, address, quint16(port));
    if (!served) {
        m_window.messageBar()->showMessage(served.error());
        return;
    }
    m_window.messageBar()->showMessage(
        tr("Serving the selected calls as a mock on %1:%2: point XML-RPC clients at http://%1:%2/RPC2 and Pyro4 "
           "clients at PYRO:OBJECT@%1:%2")
            .arg(address.toString())
            .arg(*served),
        MessageBar::Level::Information);
}

void InFlightTools::stopMocks()
{
    m_mocks.clear();
    m_stopMocks->setEnabled(false);
}

} // namespace rpcscope
