#pragma once

#include "jrmp/javaclasspath.h"

#include <QDialog>

#include <optional>

class QLabel;
class QListWidget;
class QPushButton;

namespace rpcscope {

/// Edits the Java classpath the GUI names Java RMI methods with: folders of .class files and jars, in order. OK
/// reads them (as `--java-classpath` does) and closes only if they load; the error, naming the file, shows in the
/// dialog otherwise.
class JavaClasspathDialog : public QDialog
{
    Q_OBJECT
public:
    explicit JavaClasspathDialog(const QStringList& entries, QWidget* parent = nullptr);

    QStringList entries() const;
    /// What OK loaded; empty when the list is empty (no classes: only the JDK's built-in methods).
    const std::optional<JavaClasspath::Loaded>& loaded() const { return m_loaded; }

public Q_SLOTS:
    void accept() override;

private:
    void addEntries(const QStringList& paths);
    void updateButtons();

    QListWidget* m_list;
    QPushButton* m_remove;
    QLabel* m_status;
    std::optional<JavaClasspath::Loaded> m_loaded;
};

} // namespace rpcscope
