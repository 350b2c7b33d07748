#include "tlskeylogs.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace rpcscope {

namespace {
const char kSettingsKey[] = "tls/keyLogFiles";
// Clients write a few lines per connection in quick succession: wait for them to settle before decoding again.
constexpr int kSettleMs = 300;
} // namespace

TlsKeyLogs::TlsKeyLogs(QObject* parent)
    : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &TlsKeyLogs::changed);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] {
        // A file replaced by a new one (written anew) leaves the watcher: watch it again.
        watch();
        m_settle.start();
    });
    m_files = QSettings().value(QLatin1String(kSettingsKey)).toStringList();
    watch();
}

void TlsKeyLogs::watch()
{
    const QStringList watched = m_watcher.files();
    if (!watched.isEmpty())
        m_watcher.removePaths(watched);
    QStringList existing;
    for (const QString& f : m_files) {
        if (QFileInfo::exists(f))
            existing << f;
    }
    if (!existing.isEmpty())
        m_watcher.addPaths(existing);
}

void TlsKeyLogs::setFiles(const QStringList& files)
{
    if (files == m_files)
        return;
    m_files = files;
    QSettings().setValue(QLatin1String(kSettingsKey), m_files);
    watch();
    Q_EMIT changed();
}

bool TlsKeyLogs::edit(QWidget* parent)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("TLS Key Logs"));
    auto* explanation = new QLabel(
        tr("RpcScope decrypts TLS with the secrets in these key logs (NSS format). A client writes one when the "
           "SSLKEYLOGFILE environment variable names a file: Python's ssl, curl, OpenSSL, Firefox and Chrome do. "
           "Captures are decoded again when the list changes or a client adds keys; pcapng files with a "
           "Decryption Secrets Block need no key log."),
        &dialog);
    explanation->setWordWrap(true);
    auto* list = new QListWidget(&dialog);
    list->setObjectName(QStringLiteral("keyLogList"));
    list->addItems(m_files);
    auto* add = new QPushButton(tr("&Add…"), &dialog);
    auto* remove = new QPushButton(tr("&Remove"), &dialog);
    connect(add, &QPushButton::clicked, &dialog, [&dialog, list] {
        const QStringList chosen = QFileDialog::getOpenFileNames(&dialog, tr("Add TLS Key Logs"), QString(),
                                                                 tr("Key logs (*.log *.keys *.txt);;All files (*)"));
        for (const QString& f : chosen) {
            if (list->findItems(f, Qt::MatchExactly).isEmpty())
                list->addItem(f);
        }
    });
    connect(remove, &QPushButton::clicked, &dialog, [list] { qDeleteAll(list->selectedItems()); });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* row = new QHBoxLayout;
    row->addWidget(add);
    row->addWidget(remove);
    row->addStretch(1);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(explanation);
    layout->addWidget(list, 1);
    layout->addLayout(row);
    layout->addWidget(buttons);
    dialog.resize(560, 320);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    QStringList files;
    for (int i = 0; i < list->count(); ++i)
        files << list->item(i)->text();
    const bool changedList = files != m_files;
    setFiles(files);
    return changedList;
}

} // namespace rpcscope
