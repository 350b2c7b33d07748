#pragma once

#include <QLabel>

namespace rpcscope {

/// A one-line label that shortens its text with "…" to the width it is given instead of demanding the width of
/// the whole text (long captions would otherwise widen the window). The full text is in the tooltip.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    void setFullText(const QString& text);
    const QString& fullText() const { return m_text; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_text;
};

} // namespace rpcscope
