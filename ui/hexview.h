#pragma once

#include <QAbstractScrollArea>
#include <QByteArray>
#include <QColor>

#include <vector>

namespace rpcscope {

/// Bytes as offsets, hex and ASCII in a fixed-width font, the way a hex editor shows them. It has a cursor (the
/// byte the user is on) and a selection (the bytes highlighted, usually the range of the selected tree node), and
/// can tint spans of bytes (fields) in colours. Programmatic changes never emit the user-action signals, so views
/// linked to it do not hear their own echo.
class HexView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    struct Span
    {
        qint64 offset = 0;
        qint64 length = 0;
        QColor color;
    };

    explicit HexView(QWidget* parent = nullptr);

    void setData(const QByteArray& data);
    const QByteArray& data() const { return m_data; }

    /// Highlights [offset, offset + length) and, when `scroll`, scrolls it into view. The cursor moves to `offset`
    /// unless it is already inside the range. A length of 0 clears the selection.
    void setSelection(qint64 offset, qint64 length, bool scroll = true);
    qint64 selectionStart() const { return m_selStart; }
    qint64 selectionLength() const { return m_selLength; }
    QByteArray selectedBytes() const;
    qint64 cursorPosition() const { return m_cursor; }

    void setSpans(std::vector<Span> spans);
    const std::vector<Span>& spans() const { return m_spans; }

    /// Makes the line of `offset` visible (centred when it was far away).
    void scrollToOffset(qint64 offset);
    /// 16 bytes a line, or 8 when the view is too narrow for 16.
    int bytesPerLine() const { return m_bytesPerLine; }

    /// Where a byte is drawn, in viewport coordinates (hex column, or ASCII column when `ascii`).
    QRect byteRect(qint64 offset, bool ascii = false) const;
    /// The byte under a viewport position, or -1.
    qint64 offsetAt(const QPoint& pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    /// The user clicked a byte or moved the cursor onto one with the keyboard.
    void byteActivated(qint64 offset);
    /// The user selected a range by dragging or with Shift and the arrow keys.
    void rangeSelected(qint64 offset, qint64 length);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;

private:
    void updateMetrics();
    void updateScrollBars();
    qint64 lineCount() const;
    int visibleLines() const;
    int offsetDigits() const;
    int hexX(int column) const;
    int asciiX(int column) const;
    int totalWidth() const;
    int widthFor(int bytesPerLine) const;
    void moveCursor(qint64 to, bool extend);
    void selectRange(qint64 anchor, qint64 to);
    void copySelection(bool asText) const;
    QColor spanColor(qint64 offset) const;

    QByteArray m_data;
    qint64 m_cursor = 0;
    qint64 m_anchor = 0;
    qint64 m_selStart = 0;
    qint64 m_selLength = 0;
    bool m_dragging = false;
    std::vector<Span> m_spans;
    int m_bytesPerLine = 16;
    int m_charWidth = 8;
    int m_lineHeight = 16;
    int m_ascent = 12;
};

} // namespace rpcscope
