#include "javaclasspathsetting.h"

#include "javaclasspathdialog.h"
#include "models/callstore.h"

#include <QAction>
#include <QSettings>

namespace rpcscope {

namespace {
const QString kKey = QStringLiteral("java/classpath");
} // namespace

JavaClasspathSetting::JavaClasspathSetting(CallStore& store, QWidget* window)
    : QObject(window)
    , m_store(store)
    , m_window(window)
    , m_action(new QAction(tr("Java &Classpath…"), this))
{
    m_action->setToolTip(tr("Folders and jars with the remote interfaces of your Java RMI services, to name their "
                            "methods and decode their arguments"));
    connect(m_action, &QAction::triggered, this, &JavaClasspathSetting::edit);
}

void JavaClasspathSetting::restore()
{
    const QStringList entries = QSettings().value(kKey).toStringList();
    if (entries.isEmpty())
        return;
    Result<JavaClasspath::Loaded> loaded = JavaClasspath::load(entries);
    if (!loaded) {
        Q_EMIT problem(tr("Java classpath not loaded: %1").arg(loaded.error()));
        return;
    }
    DecodeOptions options = m_store.decodeOptions();
    options.javaMethods = loaded->methods;
    m_store.setDecodeOptions(options);
}

bool JavaClasspathSetting::apply(const QStringList& entries)
{
    std::optional<JavaClasspath::Loaded> loaded;
    if (!entries.isEmpty()) {
        Result<JavaClasspath::Loaded> read = JavaClasspath::load(entries);
        if (!read) {
            Q_EMIT problem(tr("Java classpath not loaded: %1").arg(read.error()));
            return false;
        }
        loaded = std::move(*read);
    }
    install(entries, loaded);
    return true;
}

void JavaClasspathSetting::install(const QStringList& entries, const std::optional<JavaClasspath::Loaded>& loaded)
{
    DecodeOptions options = m_store.decodeOptions();
    options.javaMethods = loaded ? loaded->methods : nullptr;
    m_store.setDecodeOptions(options);
    QSettings().setValue(kKey, entries);
    Q_EMIT changed(loaded ? tr("Java classpath: %1").arg(loaded->summary)
                          : tr("No Java classpath: only the JDK's own remote methods are named"));
}

void JavaClasspathSetting::edit()
{
    JavaClasspathDialog dialog(QSettings().value(kKey).toStringList(), m_window);
    if (dialog.exec() == QDialog::Accepted)
        install(dialog.entries(), dialog.loaded());
}

} // namespace rpcscope
