#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QStringList>
#include <QTimer>

class QWidget;

namespace rpcscope {

/// The TLS key logs the window decrypts with: a preference kept in the settings, chosen in File → "TLS Key Log…",
/// and watched, so that the calls are decoded again when a client appends keys to one of them.
class TlsKeyLogs : public QObject
{
    Q_OBJECT
public:
    /// Reads the preference (settings key "tls/keyLogFiles").
    explicit TlsKeyLogs(QObject* parent = nullptr);

    const QStringList& files() const { return m_files; }
    /// Replaces the list, saves it and watches the new files; emits `changed` when it differs.
    void setFiles(const QStringList& files);
    /// The dialog behind File → "TLS Key Log…": the key logs in a list, Add… and Remove, and where clients write
    /// them. Returns true when the list was changed.
    bool edit(QWidget* parent);

Q_SIGNALS:
    /// The list changed, or a file in it changed on disk (keys arrived); coalesced over a short moment.
    void changed();

private:
    void watch();

    QStringList m_files;
    QFileSystemWatcher m_watcher;
    QTimer m_settle;
};

} // namespace rpcscope
