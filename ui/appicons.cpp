#include "appicons.h"

#include <QIconEngine>
#include <QPainter>
#include <QPainterPath>

#include <functional>

namespace rpcscope::appicons {

namespace {

// Paints a 256x256 design scaled to whatever size is requested, so icons stay sharp at any size and scale.
class PaintedIconEngine : public QIconEngine
{
public:
    using Painter = std::function<void(QPainter&)>;
    explicit PaintedIconEngine(Painter painter, qreal designSize)
        : m_painter(std::move(painter))
        , m_design(designSize)
    { }
    void paint(QPainter* p, const QRect& rect, QIcon::Mode mode, QIcon::State) override
    {
        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        p->translate(rect.topLeft());
        p->scale(rect.width() / m_design, rect.height() / m_design);
        if (mode == QIcon::Disabled)
            p->setOpacity(0.4);
        m_painter(*p);
        p->restore();
    }
    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pm(size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        paint(&p, QRect(QPoint(0, 0), size), mode, state);
        return pm;
    }
    QIconEngine* clone() const override { return new PaintedIconEngine(m_painter, m_design); }

private:
    Painter m_painter;
    qreal m_design;
};

QIcon painted(PaintedIconEngine::Painter painter, qreal design)
{
    return QIcon(new PaintedIconEngine(std::move(painter), design));
}

QPen roundPen(const QColor& c, qreal width)
{
    return QPen(c, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
}

} // namespace

QIcon application()
{
    return painted(
        [](QPainter& p) {
            QLinearGradient bg(0, 12, 0, 244);
            bg.setColorAt(0, QColor(0x3d, 0x7b, 0xe0));
            bg.setColorAt(1, QColor(0x1d, 0x4f, 0xa3));
            p.setPen(Qt::NoPen);
            p.setBrush(bg);
            p.drawRoundedRect(QRectF(12, 12, 232, 232), 44, 44);
            // The request, left to right, and the reply, right to left.
            p.setPen(roundPen(Qt::white, 16));
            p.drawLine(QPointF(44, 88), QPointF(164, 88));
            p.drawPolyline(QPolygonF({QPointF(150, 66), QPointF(178, 88), QPointF(150, 110)}));
            p.setPen(roundPen(QColor(0xff, 0xd1, 0x66), 16));
            p.drawLine(QPointF(92, 152), QPointF(212, 152));
            p.drawPolyline(QPolygonF({QPointF(106, 130), QPointF(78, 152), QPointF(106, 174)}));
            // The lens over both.
            p.setPen(roundPen(Qt::white, 12));
            p.setBrush(QColor(255, 255, 255, 46));
            p.drawEllipse(QPointF(150, 150), 46, 46);
            p.setPen(roundPen(Qt::white, 20));
            p.drawLine(QPointF(184, 184), QPointF(218, 218));
        },
        256);
}

QIcon sideBySide()
{
    return painted(
        [](QPainter& p) {
            const QColor a(0x3d, 0x7b, 0xe0);
            const QColor b(0xe0, 0xa0, 0x30);
            p.setPen(roundPen(a, 1.2));
            p.setBrush(QColor(a.red(), a.green(), a.blue(), 70));
            p.drawRoundedRect(QRectF(2.5, 4.5, 8.5, 15), 1.5, 1.5);
            p.setPen(roundPen(b, 1.2));
            p.setBrush(QColor(b.red(), b.green(), b.blue(), 70));
            p.drawRoundedRect(QRectF(13, 4.5, 8.5, 15), 1.5, 1.5);
        },
        24);
}

QIcon stacked()
{
    return painted(
        [](QPainter& p) {
            const QColor a(0x3d, 0x7b, 0xe0);
            const QColor b(0xe0, 0xa0, 0x30);
            p.setPen(roundPen(a, 1.2));
            p.setBrush(QColor(a.red(), a.green(), a.blue(), 70));
            p.drawRoundedRect(QRectF(3.5, 2.5, 17, 8.5), 1.5, 1.5);
            p.setPen(roundPen(b, 1.2));
            p.setBrush(QColor(b.red(), b.green(), b.blue(), 70));
            p.drawRoundedRect(QRectF(3.5, 13, 17, 8.5), 1.5, 1.5);
        },
        24);
}

QIcon colourByField()
{
    return painted(
        [](QPainter& p) {
            p.setPen(Qt::NoPen);
            const struct
            {
                QRectF r;
                QColor c;
            } blocks[] = {
                {{2, 5, 6, 5}, QColor(0xe0, 0x6c, 0x75)},   {{9, 5, 13, 5}, QColor(0x61, 0xaf, 0xef)},
                {{2, 12, 10, 5}, QColor(0x98, 0xc3, 0x79)}, {{13, 12, 9, 5}, QColor(0xe5, 0xc0, 0x7b)},
                {{2, 19, 4, 3}, QColor(0xc6, 0x78, 0xdd)},
            };
            for (const auto& b : blocks) {
                p.setBrush(b.c);
                p.drawRoundedRect(b.r, 1, 1);
            }
        },
        24);
}

} // namespace rpcscope::appicons
