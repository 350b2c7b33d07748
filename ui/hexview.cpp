#include "hexview.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

namespace rpcscope {

HexView::HexView(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setCursor(Qt::IBeamCursor);
    updateMetrics();
}

void HexView::setData(const QByteArray& data)
{
    m_data = data;
    m_cursor = 0;
    m_anchor = 0;
    m_selStart = 0;
    m_selLength = 0;
    m_spans.clear();
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

void HexView::setSelection(qint64 offset, qint64 length, bool scroll)
{
    offset = std::clamp<qint64>(offset, 0, m_data.size());
    length = std::clamp<qint64>(length, 0, m_data.size() - offset);
    m_selStart = offset;
    m_selLength = length;
    if (length > 0 && (m_cursor < offset || m_cursor >= offset + length))
        m_cursor = offset;
    m_anchor = m_cursor;
    if (length > 0 && scroll) {
        // Show the start of the range; if it is taller than the view, its start is what matters.
        scrollToOffset(offset + length - 1);
        scrollToOffset(offset);
    }
    viewport()->update();
}

QByteArray HexView::selectedBytes() const
{
    return m_data.mid(m_selStart, m_selLength);
}

void HexView::setSpans(std::vector<Span> spans)
{
    m_spans = std::move(spans);
    std::sort(m_spans.begin(), m_spans.end(), [](const Span& a, const Span& b) { return a.offset < b.offset; });
    viewport()->update();
}

QColor HexView::spanColor(qint64 offset) const
{
    // Spans are few (a legend's worth), so a linear scan per byte painted is fine.
    for (const Span& s : m_spans) {
        if (offset >= s.offset && offset < s.offset + s.length)
            return s.color;
    }
    return {};
}

void HexView::updateMetrics()
{
    const QFontMetrics fm(font());
    m_charWidth = std::max(1, fm.horizontalAdvance(QLatin1Char('0')));
    m_lineHeight = fm.height() + 2;
    m_ascent = fm.ascent() + 1;
    updateScrollBars();
}

qint64 HexView::lineCount() const
{
    return (m_data.size() + m_bytesPerLine - 1) / m_bytesPerLine;
}

int HexView::visibleLines() const
{
    return std::max(1, viewport()->height() / m_lineHeight);
}

int HexView::offsetDigits() const
{
    int digits = 4;
    while (digits < 16 && (qint64(1) << (4 * digits)) <= m_data.size())
        ++digits;
    return digits;
}

int HexView::hexX(int column) const
{
    const int start = m_charWidth / 2 + (offsetDigits() + 2) * m_charWidth;
    return start + (column * 3 + (column >= m_bytesPerLine / 2 ? 1 : 0)) * m_charWidth - horizontalScrollBar()->value();
}

int HexView::asciiX(int column) const
{
    return hexX(0) + (m_bytesPerLine * 3 + 2) * m_charWidth + column * m_charWidth;
}

int HexView::widthFor(int bytesPerLine) const
{
    return m_charWidth / 2 + (offsetDigits() + 2 + bytesPerLine * 3 + 2 + bytesPerLine + 1) * m_charWidth;
}

int HexView::totalWidth() const
{
    return widthFor(m_bytesPerLine);
}

void HexView::updateScrollBars()
{
    // Fall back to 8 bytes a line rather than make the user scroll sideways in a narrow pane.
    // Decide as if the vertical scroll bar were shown, so that it appearing cannot push 16 bytes off the edge.
    const int scrollBar = verticalScrollBar()->isVisible() ? 0 : verticalScrollBar()->sizeHint().width();
    const int perLine = viewport()->width() - scrollBar >= widthFor(16) ? 16 : 8;
    const bool relayout = perLine != m_bytesPerLine;
    m_bytesPerLine = perLine;
    const qint64 lines = lineCount();
    verticalScrollBar()->setRange(0, int(std::max<qint64>(0, lines - visibleLines())));
    verticalScrollBar()->setPageStep(visibleLines());
    verticalScrollBar()->setSingleStep(1);
    horizontalScrollBar()->setRange(0, std::max(0, totalWidth() - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setSingleStep(m_charWidth);
    if (relayout) {
        scrollToOffset(m_cursor);
        viewport()->update();
    }
}

QSize HexView::sizeHint() const
{
    return {widthFor(16) + verticalScrollBar()->sizeHint().width() + 2 * frameWidth(), m_lineHeight * 12};
}

QSize HexView::minimumSizeHint() const
{
    return {m_charWidth * 30, m_lineHeight * 3};
}

void HexView::scrollToOffset(qint64 offset)
{
    if (m_data.isEmpty())
        return;
    const qint64 line = std::clamp<qint64>(offset, 0, m_data.size() - 1) / m_bytesPerLine;
    const int first = verticalScrollBar()->value();
    const int lines = visibleLines();
    if (line >= first && line < first + lines)
        return;
    const bool far = line < first - lines || line >= first + 2 * lines;
    if (far)
        verticalScrollBar()->setValue(int(line - lines / 2));
    else if (line < first)
        verticalScrollBar()->setValue(int(line));
    else
        verticalScrollBar()->setValue(int(line - lines + 1));
}

QRect HexView::byteRect(qint64 offset, bool ascii) const
{
    const qint64 line = offset / m_bytesPerLine - verticalScrollBar()->value();
    const int column = int(offset % m_bytesPerLine);
    const int y = int(line) * m_lineHeight;
    if (ascii)
        return {asciiX(column), y, m_charWidth, m_lineHeight};
    return {hexX(column) - m_charWidth / 2, y, 3 * m_charWidth, m_lineHeight};
}

qint64 HexView::offsetAt(const QPoint& pos) const
{
    if (m_data.isEmpty() || pos.y() < 0)
        return -1;
    const qint64 line = verticalScrollBar()->value() + pos.y() / m_lineHeight;
    if (line >= lineCount())
        return -1;
    int column = -1;
    if (pos.x() >= asciiX(0)) {
        column = (pos.x() - asciiX(0)) / m_charWidth;
        if (column >= m_bytesPerLine)
            return -1;
    } else if (pos.x() < hexX(0) - m_charWidth / 2) {
        column = 0; // the offset column stands for its line
    } else {
        for (int c = m_bytesPerLine - 1; c >= 0; --c) {
            if (pos.x() >= hexX(c) - m_charWidth / 2) {
                column = c;
                break;
            }
        }
    }
    const qint64 offset = line * m_bytesPerLine + column;
    return offset < m_data.size() ? offset : -1;
}

void HexView::paintEvent(QPaintEvent* event)
{
    Q_UNUSED(event);
    QPainter p(viewport());
    const QPalette& pal = palette();
    p.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    if (m_data.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(viewport()->rect(), Qt::AlignCenter, tr("No bytes"));
        return;
    }
    const int first = verticalScrollBar()->value();
    const qint64 last = std::min<qint64>(lineCount(), first + visibleLines() + 1);
    const int digits = offsetDigits();
    const QColor text = pal.color(QPalette::Text);
    const QColor dim = pal.color(QPalette::PlaceholderText);
    const QColor highlight = pal.color(hasFocus() ? QPalette::Active : QPalette::Inactive, QPalette::Highlight);
    const QColor highlightedText
        = pal.color(hasFocus() ? QPalette::Active : QPalette::Inactive, QPalette::HighlightedText);
    static const char* hexDigits = "0123456789abcdef";

    for (qint64 line = first; line < last; ++line) {
        const int y = int(line - first) * m_lineHeight;
        const qint64 base = line * m_bytesPerLine;
        p.setPen(dim);
        p.drawText(m_charWidth / 2 - horizontalScrollBar()->value(), y + m_ascent,
                   QStringLiteral("%1").arg(base, digits, 16, QLatin1Char('0')));
        for (int c = 0; c < m_bytesPerLine && base + c < m_data.size(); ++c) {
            const qint64 offset = base + c;
            const auto byte = static_cast<unsigned char>(m_data[offset]);
            const bool selected = offset >= m_selStart && offset < m_selStart + m_selLength;
            const QRect hexRect = byteRect(offset, false);
            const QRect asciiRect = byteRect(offset, true);
            if (selected) {
                // Join neighbours (including across the mid-line gap) so a range reads as one block.
                QRect joined = hexRect;
                if (c + 1 < m_bytesPerLine && offset + 1 < m_selStart + m_selLength)
                    joined.setRight(byteRect(offset + 1, false).left());
                p.fillRect(joined, highlight);
                p.fillRect(asciiRect, highlight);
            } else if (const QColor span = spanColor(offset); span.isValid()) {
                QRect joined = hexRect;
                if (c + 1 < m_bytesPerLine && spanColor(offset + 1) == span)
                    joined.setRight(byteRect(offset + 1, false).left());
                p.fillRect(joined, span);
                p.fillRect(asciiRect, span);
            }
            p.setPen(selected ? highlightedText : text);
            const char pair[2] = {hexDigits[byte >> 4], hexDigits[byte & 15]};
            p.drawText(hexX(c), y + m_ascent, QString::fromLatin1(pair, 2));
            const bool printable = byte >= 0x20 && byte < 0x7f;
            if (!printable && !selected)
                p.setPen(dim);
            p.drawText(asciiRect.left(), y + m_ascent,
                       printable ? QString(QLatin1Char(char(byte))) : QStringLiteral("."));
            if (offset == m_cursor && hasFocus()) {
                p.setPen(selected ? highlightedText : text);
                p.drawRect(hexRect.adjusted(0, 0, -1, -1));
                p.drawRect(asciiRect.adjusted(0, 0, -1, -1));
            }
        }
    }
    // A faint rule between hex and text columns.
    p.setPen(pal.color(QPalette::Mid));
    const int rule = asciiX(0) - m_charWidth;
    p.drawLine(rule, 0, rule, int(last - first) * m_lineHeight);
}

void HexView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void HexView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange)
        updateMetrics();
    QAbstractScrollArea::changeEvent(event);
}

bool HexView::event(QEvent* event)
{
    if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
        viewport()->update();
    return QAbstractScrollArea::event(event);
}

void HexView::selectRange(qint64 anchor, qint64 to)
{
    m_selStart = std::min(anchor, to);
    m_selLength = std::abs(to - anchor) + 1;
    viewport()->update();
}

void HexView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const qint64 offset = offsetAt(event->position().toPoint());
    if (offset < 0)
        return;
    if (event->modifiers() & Qt::ShiftModifier) {
        m_cursor = offset;
        selectRange(m_anchor, offset);
        Q_EMIT rangeSelected(m_selStart, m_selLength);
        return;
    }
    m_dragging = true;
    m_cursor = offset;
    m_anchor = offset;
    selectRange(offset, offset);
    Q_EMIT byteActivated(offset);
}

void HexView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragging || m_data.isEmpty())
        return;
    QPoint pos = event->position().toPoint();
    pos.setY(std::clamp(pos.y(), 0, viewport()->height() - 1));
    if (event->position().y() > viewport()->height())
        verticalScrollBar()->setValue(verticalScrollBar()->value() + 1);
    else if (event->position().y() < 0)
        verticalScrollBar()->setValue(verticalScrollBar()->value() - 1);
    qint64 offset = offsetAt(pos);
    if (offset < 0)
        offset = m_data.size() - 1;
    if (offset == m_cursor)
        return;
    m_cursor = offset;
    selectRange(m_anchor, offset);
}

void HexView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        if (m_selLength > 1)
            Q_EMIT rangeSelected(m_selStart, m_selLength);
    }
}

void HexView::moveCursor(qint64 to, bool extend)
{
    if (m_data.isEmpty())
        return;
    to = std::clamp<qint64>(to, 0, m_data.size() - 1);
    m_cursor = to;
    scrollToOffset(to);
    if (extend) {
        selectRange(m_anchor, to);
        Q_EMIT rangeSelected(m_selStart, m_selLength);
        return;
    }
    m_anchor = to;
    selectRange(to, to);
    Q_EMIT byteActivated(to);
}

void HexView::keyPressEvent(QKeyEvent* event)
{
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    const qint64 page = qint64(visibleLines()) * m_bytesPerLine;
    if (event->matches(QKeySequence::Copy)) {
        copySelection(false);
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        m_anchor = 0;
        m_cursor = std::max<qint64>(0, m_data.size() - 1);
        selectRange(0, m_cursor);
        Q_EMIT rangeSelected(m_selStart, m_selLength);
        return;
    }
    switch (event->key()) {
    case Qt::Key_Left:
        moveCursor(m_cursor - 1, shift);
        return;
    case Qt::Key_Right:
        moveCursor(m_cursor + 1, shift);
        return;
    case Qt::Key_Up:
        moveCursor(m_cursor - m_bytesPerLine, shift);
        return;
    case Qt::Key_Down:
        moveCursor(m_cursor + m_bytesPerLine, shift);
        return;
    case Qt::Key_PageUp:
        moveCursor(m_cursor - page, shift);
        return;
    case Qt::Key_PageDown:
        moveCursor(m_cursor + page, shift);
        return;
    case Qt::Key_Home:
        moveCursor(ctrl ? 0 : m_cursor - m_cursor % m_bytesPerLine, shift);
        return;
    case Qt::Key_End:
        moveCursor(ctrl ? m_data.size() - 1 : m_cursor - m_cursor % m_bytesPerLine + m_bytesPerLine - 1, shift);
        return;
    default:
        QAbstractScrollArea::keyPressEvent(event);
    }
}

void HexView::copySelection(bool asText) const
{
    const QByteArray bytes = selectedBytes();
    if (bytes.isEmpty())
        return;
    QApplication::clipboard()->setText(asText ? QString::fromLatin1(bytes) : QString::fromLatin1(bytes.toHex(' ')));
}

void HexView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    QAction* hex = menu.addAction(tr("Copy Bytes as Hex"), this, [this] { copySelection(false); });
    QAction* text = menu.addAction(tr("Copy Bytes as Text"), this, [this] { copySelection(true); });
    hex->setEnabled(m_selLength > 0);
    text->setEnabled(m_selLength > 0);
    menu.exec(event->globalPos());
}

} // namespace rpcscope
