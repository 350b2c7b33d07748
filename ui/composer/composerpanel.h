#pragma once

#include "client/composedcall.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTreeWidget;

namespace rpcscope {

class CallExchange;
class CallRepeater;
class ValueTreeEditor;

/// The request composer: an endpoint (http(s) URL for XML-RPC, PYRO: URI for Pyro4), a method (the picker is
/// filled from system.listMethods or the Pyro4 handshake metadata, with signature and help shown when the server
/// has them), parameters in a typed tree, and for XML-RPC a raw XML tab kept in sync both ways (invalid XML is
/// flagged and kept). Send shows the response as a tree with status, timing and HTTP status; Replay N times shows
/// min/median/p95/max. Sent calls go to a history; "Copy as" offers curl, Python and raw HTTP.
class ComposerPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ComposerPanel(QWidget* parent = nullptr);
    ~ComposerPanel() override;

    /// Loads a call to edit (endpoint, method, params, serializer).
    void load(const ComposedCall& call);
    /// The call as composed now, or why it is not valid (a parameter that does not parse, invalid raw XML).
    Result<ComposedCall> composedCall() const;

    /// Sends the composed call; `finished` follows.
    void send();
    /// Sends it `count` times and shows the latency summary; `replayFinished` follows.
    void replay(int count);
    /// Asks the endpoint for its methods (system.listMethods or the Pyro4 metadata).
    void refreshMethods();

    ValueTreeEditor* paramsEditor() const { return m_params; }
    QPlainTextEdit* rawXmlEditor() const { return m_rawXml; }
    QLabel* rawXmlStatus() const { return m_rawStatus; }
    QLineEdit* endpointEdit() const { return m_endpoint; }
    QComboBox* methodEdit() const { return m_method; }
    QLabel* responseStatus() const { return m_status; }
    QTreeWidget* responseTree() const { return m_response; }
    QListWidget* history() const { return m_history; }

Q_SIGNALS:
    void finished(const rpcscope::CallOutcome& outcome);
    void replayFinished(const QString& summary);

private:
    void updateMode();
    void treeEdited();
    void rawXmlEdited();
    void showOutcome(const CallOutcome& outcome);
    void methodChosen();
    void copyAs(int kind);
    void addToHistory(const ComposedCall& call);

    QLineEdit* m_endpoint;
    QComboBox* m_method;
    QPushButton* m_refresh;
    QComboBox* m_serializer;
    QSpinBox* m_timeout;
    QLabel* m_methodInfo;
    QTabWidget* m_tabs;
    ValueTreeEditor* m_params;
    QPlainTextEdit* m_rawXml;
    QLabel* m_rawStatus;
    QPushButton* m_send;
    QPushButton* m_replay;
    QSpinBox* m_replayCount;
    QPushButton* m_copy;
    QLabel* m_status;
    QTreeWidget* m_response;
    QListWidget* m_history;
    CallExchange* m_exchange = nullptr;
    CallRepeater* m_repeater;
    std::vector<ComposedCall> m_historyCalls;
    bool m_syncing = false;
    bool m_rawValid = true;
};

} // namespace rpcscope
