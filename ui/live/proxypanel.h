#pragma once

#include "proxyrule.h"

#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace rpcscope {

class CallStore;
class LiveCallFeed;
class RecordingProxy;
class TrafficDecoder;

/// The recording proxy in the window: a table of rules (listen → target, or HTTP proxy) that can be edited while
/// stopped, Start/Stop, and per-rule counters (connections, open, failed, bytes each way) updated while it runs.
/// Proxied calls join the call list like captured ones. Needs no privileges.
class ProxyPanel : public QWidget
{
    Q_OBJECT
public:
    enum Column {
        ListenColumn,
        TargetColumn,
        ConnectionsColumn,
        OpenColumn,
        FailedColumn,
        SentColumn,
        ReceivedColumn,
        ColumnCount
    };

    explicit ProxyPanel(CallStore& store, QWidget* parent = nullptr);
    ~ProxyPanel() override;

    /// Adds a rule row; an empty target makes it an HTTP forward proxy.
    void addRule(const QString& listen, const QString& target);
    /// Starts with the rules in the table; the error names the rule that is wrong.
    Status start();
    void stop();
    bool isRunning() const;
    /// The rules as parsed from the table.
    Result<std::vector<ProxyRule>> rules() const;
    /// The port rule `row` listens on while running.
    quint16 listenPort(int row) const;
    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void runningChanged(bool running);
    /// A connection problem (upstream refused...), also shown in the panel.
    void problem(const QString& message);

private:
    void updateCounters();
    void updateButtons();

    CallStore& m_store;
    LiveCallFeed* m_feed;
    std::unique_ptr<TrafficDecoder> m_traffic;
    std::unique_ptr<RecordingProxy> m_proxy;
    QTableWidget* m_table;
    QPushButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_startStop;
    QLabel* m_status;
    QTimer m_timer;
};

} // namespace rpcscope
