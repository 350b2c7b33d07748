#pragma once

#include "jrmp/javaclasspath.h"

#include <QObject>
#include <QStringList>

#include <optional>

class QAction;
class QWidget;

namespace rpcscope {

class CallStore;

/// The GUI's Java classpath preference (Edit → Java Classpath…): kept in the settings, read at start, and given to
/// the call store's decode options, which every source (capture files, live capture, the proxy) and every call
/// decoded again use.
class JavaClasspathSetting : public QObject
{
    Q_OBJECT
public:
    JavaClasspathSetting(CallStore& store, QWidget* window);

    QAction* action() const { return m_action; }
    /// Loads the saved classpath into the store; a classpath that no longer loads is reported with `problem`.
    void restore();
    /// Loads `entries` into the store and saves them; false (and `problem`) if they do not load.
    bool apply(const QStringList& entries);

Q_SIGNALS:
    /// The store decodes with other methods now: calls already listed were named with the old ones.
    void changed(const QString& summary);
    void problem(const QString& text);

private:
    void edit();
    void install(const QStringList& entries, const std::optional<JavaClasspath::Loaded>& loaded);

    CallStore& m_store;
    QWidget* m_window;
    QAction* m_action;
};

} // namespace rpcscope
