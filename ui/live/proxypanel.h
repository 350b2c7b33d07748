#pragma once

#include "intercept/callrule.h"
#include "proxyrule.h"

#include <QTimer>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QWidget;

namespace rpcscope {

class CallMarker;
class CallStore;
class CertificateAuthority;
class InterceptQueue;
class LiveCallFeed;
class RecordingProxy;
class TlsVerifyChooser;
class TrafficDecoder;

/// The recording proxy in the window: a table of rules (listen → target, or HTTP proxy) that can be edited while
/// stopped, Start/Stop, and per-rule counters (connections, open, failed, bytes each way) updated while it runs.
/// Proxied calls join the call list like captured ones. Needs no privileges.
///
/// Calls are changed on their way by the call rules (`setCallRules`) and held by the intercept (`interceptQueue`).
///
/// With "Follow handed-out objects" checked (the default) the Java RMI stubs and Pyro URIs that replies hand out are
/// followed (RecordingProxy::setFollowing): each endpoint gets a listener of the proxy's own, listed under the rules
/// with the same counters, and the calls on those objects join the call list as calls to their real endpoints.
///
/// A rule with TLS checked terminates TLS: clients get certificates from RpcScope's CA (its certificate can be
/// exported from the panel), and the upstream is verified as chosen under the table (system CAs, a CA file, or
/// not at all); handshake failures appear in the status line with their reason.
class ProxyPanel : public QWidget
{
    Q_OBJECT
public:
    enum Column {
        ListenColumn,
        TargetColumn,
        TlsColumn,
        ConnectionsColumn,
        OpenColumn,
        FailedColumn,
        SentColumn,
        ReceivedColumn,
        ColumnCount
    };

    explicit ProxyPanel(CallStore& store, QWidget* parent = nullptr);
    ~ProxyPanel() override;

    /// Adds a rule row; an empty target makes it an HTTP forward proxy; `tls` terminates TLS on it.
    void addRule(const QString& listen, const QString& target, bool tls = false);
    /// Starts with the rules in the table; the error names the rule that is wrong.
    Status start();
    void stop();
    bool isRunning() const;
    /// The rules as parsed from the table.
    Result<std::vector<ProxyRule>> rules() const;
    /// The port rule `row` listens on while running.
    quint16 listenPort(int row) const;
    QTableWidget* table() const { return m_table; }
    /// The endpoints followed since the last start: the object's endpoint, the proxy's listener for it, and the
    /// counters (columns from ConnectionsColumn on, as in the rules' table).
    QTableWidget* followedTable() const { return m_followed; }
    /// Whether the next start follows handed-out objects (default true).
    void setFollowing(bool follow);
    bool isFollowing() const;
    /// How TLS rules verify their upstream.
    TlsVerifyChooser* upstreamVerification() const { return m_upstream; }
    /// Where RpcScope's CA is kept (the shared default unless set, for instance by tests).
    void setCaDirectory(const QString& directory);
    QString caDirectory() const { return m_caDirectory; }
    /// Writes the CA's certificate (made on first use) to `file` as PEM, for clients to trust.
    Status exportCaCertificate(const QString& file);

    /// The intercept: what it holds waits in this queue (the Intercept panel and the call details show it).
    InterceptQueue* interceptQueue() const { return m_intercept; }
    /// Call rules (the Rules panel's): they apply at once, to open connections too.
    void setCallRules(std::shared_ptr<const CallRuleSet> rules);
    /// The call id (as listed) whose request sits at `requestOffset` of proxied connection `stream`, 0 if none.
    quint64 listedCallId(quint64 stream, qint64 requestOffset) const;

Q_SIGNALS:
    void runningChanged(bool running);
    /// A connection problem (upstream refused...), also shown in the panel.
    void problem(const QString& message);

private:
    void updateCounters();
    void addFollowed(int index);
    void updateButtons();
    Result<std::shared_ptr<const CertificateAuthority>> authority();

    CallStore& m_store;
    LiveCallFeed* m_feed;
    InterceptQueue* m_intercept;
    std::shared_ptr<const CallRuleSet> m_callRules;
    std::unique_ptr<CallMarker> m_marker;
    std::unique_ptr<TrafficDecoder> m_traffic;
    std::unique_ptr<RecordingProxy> m_proxy;
    QTableWidget* m_table;
    QTableWidget* m_followed;
    QCheckBox* m_follow;
    QPushButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_startStop;
    QLabel* m_status;
    QTimer m_timer;
    QWidget* m_tlsBox;
    TlsVerifyChooser* m_upstream;
    QLabel* m_caLabel;
    QPushButton* m_exportCa;
    QString m_caDirectory;
    std::shared_ptr<const CertificateAuthority> m_ca;
};

} // namespace rpcscope
