#pragma once

#include <QFrame>

class QLabel;
class QVBoxLayout;

namespace rpcscope {

/// A strip at the top of the window for problems that need no dialog (a file that could not be opened, a capture
/// with gaps). Each message stays until dismissed; the rest of the window keeps working.
class MessageBar : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Information, Warning, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(const QString& text, Level level = Level::Error);
    void clearMessages();
    /// The messages shown, as given to showMessage() (without the "Error:" prefix).
    QStringList messages() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVBoxLayout* m_list;
    QList<QPair<QLabel*, Level>> m_labels;
};

} // namespace rpcscope
