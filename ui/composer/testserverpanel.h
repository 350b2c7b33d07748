#pragma once

#include "result.h"

#include <QSslConfiguration>
#include <QWidget>

#include <optional>

class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace rpcscope {

class CallStore;
class Pyro4Daemon;
class XmlRpcServer;
struct Call;

/// The built-in test servers in the window: start/stop the XML-RPC server and the Pyro4 daemon (each on a chosen
/// port, 0 for a free one), their address and methods, and a live log. Calls they serve join the call list like
/// captured ones. Both listen on loopback only. With "TLS" checked they start speaking TLS, with a certificate for
/// localhost, 127.0.0.1 and ::1 from RpcScope's CA (clients trust its exported certificate).
class TestServerPanel : public QWidget
{
    Q_OBJECT
public:
    explicit TestServerPanel(CallStore& store, QWidget* parent = nullptr);
    ~TestServerPanel() override;

    Status startXmlRpc();
    Status startPyro();
    void stopXmlRpc();
    void stopPyro();
    XmlRpcServer& xmlRpcServer() const { return *m_xmlrpc; }
    Pyro4Daemon& pyroDaemon() const { return *m_pyro; }
    QPlainTextEdit* log() const { return m_log; }
    QCheckBox* tlsBox() const { return m_tls; }
    /// Where RpcScope's CA is kept (the shared default unless set, for instance by tests).
    void setCaDirectory(const QString& directory)
    {
        m_caDirectory = directory;
        m_tlsConfiguration.reset();
    }

Q_SIGNALS:
    /// A server started or stopped.
    void stateChanged();

private:
    void served(const Call& call);
    void appendLog(const QString& line);
    void updateState();
    // The TLS configuration of the servers when "TLS" is checked (made once), nullopt otherwise.
    Result<std::optional<QSslConfiguration>> tlsChoice();

    CallStore& m_store;
    std::unique_ptr<XmlRpcServer> m_xmlrpc;
    std::unique_ptr<Pyro4Daemon> m_pyro;
    QSpinBox* m_xmlrpcPort;
    QSpinBox* m_pyroPort;
    QPushButton* m_xmlrpcButton;
    QPushButton* m_pyroButton;
    QLabel* m_xmlrpcAddress;
    QLabel* m_pyroAddress;
    QLabel* m_methods;
    QPlainTextEdit* m_log;
    QCheckBox* m_tls;
    QString m_caDirectory;
    std::optional<QSslConfiguration> m_tlsConfiguration;
    quint64 m_lastId = 0;
};

} // namespace rpcscope
