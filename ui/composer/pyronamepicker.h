#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace rpcscope {

/// The composer's picker of Pyro names: asks a Pyro4 or Pyro5 name server (HOST:PORT, 127.0.0.1:9090 by default)
/// for its registered names (its `list()`), lists them with the URI each stands for, and offers the chosen one as
/// `PYRONAME:name@host:port`, which the composer then calls through the name server.
class PyroNamePicker : public QWidget
{
    Q_OBJECT
public:
    explicit PyroNamePicker(QWidget* parent = nullptr);

    /// Asks the name server for its names now (what the "Names" button does); `done` reports the outcome.
    void listNames();
    /// The name server's location, "HOST:PORT".
    QLineEdit* nameServerEdit() const { return m_nameServer; }
    QComboBox* namesBox() const { return m_names; }
    QLabel* statusLabel() const { return m_status; }

Q_SIGNALS:
    /// A name was chosen: `PYRONAME:name@host:port`.
    void nameChosen(const QString& uri);

private:
    QLineEdit* m_nameServer;
    QPushButton* m_list;
    QComboBox* m_names;
    QLabel* m_status;
    QString m_listedFrom; // the HOST:PORT the names came from
};

} // namespace rpcscope
