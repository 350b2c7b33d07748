#pragma once

#include "result.h"

#include <QObject>

#include <memory>
#include <vector>

class QAction;
class QHostAddress;

namespace rpcscope {

class HeldMessageEditor;
class InterceptPanel;
class MainWindow;
class MockServer;
class ProxyPanel;
class RulesPanel;

/// Changing calls in flight, in the window: the Rules panel (the proxy's call rules, saved with the session), the
/// Intercept panel (what to hold and the held messages), the held message of the selected call opened in the call
/// details' editors, "held" in the call list, and "Serve These Calls as a Mock…" on a selection of calls.
class InFlightTools : public QObject
{
    Q_OBJECT
public:
    InFlightTools(MainWindow& window, ProxyPanel& proxy);
    ~InFlightTools() override;

    RulesPanel* rulesPanel() const { return m_rules; }
    InterceptPanel* interceptPanel() const { return m_intercept; }
    HeldMessageEditor* heldEditor() const { return m_editor; }
    QAction* serveAsMockAction() const { return m_serveAsMock; }
    QAction* stopMocksAction() const { return m_stopMocks; }

    /// Serves the calls at `storeRows` of the call list as a mock on `address`:`port` (0: a free port); returns the
    /// port it listens on.
    Result<quint16> serveAsMock(const std::vector<int>& storeRows, const QHostAddress& address, quint16 port);
    int mockServers() const { return int(m_mocks.size()); }
    void stopMocks();

private:
    void showHeldOf(quint64 callId);
    void askAndServeAsMock();

    MainWindow& m_window;
    ProxyPanel& m_proxy;
    RulesPanel* m_rules;
    InterceptPanel* m_intercept;
    HeldMessageEditor* m_editor;
    QAction* m_serveAsMock;
    QAction* m_stopMocks;
    std::vector<std::unique_ptr<MockServer>> m_mocks;
};

} // namespace rpcscope
