#pragma once

#include "client/callcollection.h"
#include "client/composedcall.h"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTreeView;
class QTreeWidget;

namespace rpcscope {

class CallExchange;
class CallRepeater;
class DecodeTreeModel;
class DecoderRegistry;
class PyroNamePicker;
class TlsVerifyChooser;
class ValueTreeEditor;

/// The request composer: an endpoint (http(s) URL for XML-RPC, PYRO: or PYRONAME: URI for Pyro5 or Pyro4, with a
/// picker of the names a Pyro name server lists), a method (the picker is filled from system.listMethods or the
/// Pyro handshake metadata, with signature and help shown when the server has them), parameters in a typed tree, and
/// for XML-RPC a raw XML tab kept in sync both ways (invalid XML is flagged and kept). Send shows the response as a
/// tree with status, timing and HTTP status; Replay N times shows min/median/p95/max. Sent calls go to a history; "Copy
/// as" offers curl, Python and raw HTTP. TLS (https URLs, or Pyro4 with "TLS" checked) verifies the server with the
/// system's CAs, a CA file, or not at all.
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
    /// Copies the composed call to the clipboard as curl (0), Python xmlrpc.client (1), Python Pyro4 (2) or raw
    /// HTTP (3), with what its TLS choice needs.
    void copyAs(int kind);

    /// The collection file of named requests (by default collection.json in the application data folder).
    void setCollectionPath(const QString& path);
    QString collectionPath() const { return m_collectionPath; }
    /// Adds the composed call to the collection under `name` (replacing one of that name) and saves the file.
    Status saveToCollection(const QString& name);
    /// Loads the named request from the collection into the editor.
    bool loadFromCollection(const QString& name);
    const std::vector<NamedCall>& collection() const { return m_collection; }
    /// Replaces the parameters with those of a Python literal (serpent syntax): `'letian', [1, 2.5]` or a tuple.
    Status setArgumentsLiteral(const QString& text);
    QLineEdit* argumentsLiteralEdit() const { return m_literal; }

    ValueTreeEditor* paramsEditor() const { return m_params; }
    QPlainTextEdit* rawXmlEditor() const { return m_rawXml; }
    QLabel* rawXmlStatus() const { return m_rawStatus; }
    QLineEdit* endpointEdit() const { return m_endpoint; }
    QCheckBox* pyroTlsBox() const { return m_pyroTls; }
    TlsVerifyChooser* tlsVerification() const { return m_tls; }
    QComboBox* methodEdit() const { return m_method; }
    QComboBox* serializerEdit() const { return m_serializer; }
    PyroNamePicker* pyroNames() const { return m_pyroNames; }
    QLabel* responseStatus() const { return m_status; }
    QTreeWidget* responseTree() const { return m_response; }
    /// The reply decoded as in the inspector (HTTP head, XML or Pyro4 header and payload), byte ranges included.
    DecodeTreeModel* responseDecodeTree() const { return m_decodeModel; }
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
    void addToHistory(const ComposedCall& call);
    void reloadCollection();
    // The TLS choice of the form, for calls the panel makes itself (method lists, signatures).
    void applyTls(ComposedCall& call) const;

    QLineEdit* m_endpoint;
    PyroNamePicker* m_pyroNames;
    QComboBox* m_method;
    QPushButton* m_refresh;
    QComboBox* m_serializer;
    QCheckBox* m_pyroTls;
    TlsVerifyChooser* m_tls;
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
    QComboBox* m_saved;
    QLineEdit* m_literal;
    QString m_collectionPath;
    std::vector<NamedCall> m_collection;
    std::unique_ptr<DecoderRegistry> m_registry;
    DecodeTreeModel* m_decodeModel;
    QTreeView* m_decodeView;
};

} // namespace rpcscope
