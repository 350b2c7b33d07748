#include "bytespane.h"

#include "hexview.h"
#include "models/fieldcounterpart.h"
#include "themecolors.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QTabBar>
#include <QVBoxLayout>

namespace rpcscope {

BytesPane::BytesPane(QWidget* parent)
    : QWidget(parent)
    , m_tabs(new QTabBar(this))
    , m_hex(new HexView(this))
    , m_legend(new QLabel(this))
{
    m_tabs->setDocumentMode(true);
    m_tabs->setExpanding(false);
    m_tabs->setDrawBase(false);
    m_tabs->hide();
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::RichText);
    m_legend->setContentsMargins(4, 2, 4, 2);
    m_legend->setToolTip(tr("Each top-level field of the message in its own colour; click a name to select it"));
    m_legend->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_tabs);
    layout->addWidget(m_hex, 1);
    layout->addWidget(m_legend);

    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        if (!m_message || index < 0 || std::size_t(index) >= m_message->buffers.size())
            return;
        m_hex->setData(m_message->buffers[index]);
        updateFields();
    });
    connect(m_hex, &HexView::byteActivated, this,
            [this](qint64 offset) { Q_EMIT byteActivated(currentBuffer(), offset); });
    connect(m_legend, &QLabel::linkActivated, this, [this](const QString& link) {
        const int i = link.toInt();
        if (i >= 0 && std::size_t(i) < m_fields.size())
            Q_EMIT fieldActivated(m_fields[i]);
    });
}

void BytesPane::setMessage(std::shared_ptr<const DecodedMessage> message)
{
    m_message = std::move(message);
    const QSignalBlocker block(m_tabs);
    while (m_tabs->count() > 0)
        m_tabs->removeTab(0);
    if (!m_message || m_message->buffers.empty()) {
        m_hex->setData({});
        m_tabs->hide();
        updateFields();
        return;
    }
    for (std::size_t i = 0; i < m_message->buffers.size(); ++i) {
        const QString name = i < m_message->bufferNames.size() ? m_message->bufferNames[i] : tr("buffer %1").arg(i);
        m_tabs->addTab(tr("%1 (%2 B)").arg(name, QLocale::system().toString(m_message->buffers[i].size())));
    }
    m_tabs->setVisible(m_message->buffers.size() > 1);
    m_tabs->setCurrentIndex(0);
    m_hex->setData(m_message->buffers[0]);
    updateFields();
}

int BytesPane::currentBuffer() const
{
    return std::max(0, m_tabs->currentIndex());
}

void BytesPane::setCurrentBuffer(int buffer)
{
    if (buffer != currentBuffer() && buffer >= 0 && buffer < m_tabs->count())
        m_tabs->setCurrentIndex(buffer); // loads the buffer through currentChanged
}

void BytesPane::showRange(const ByteRange& range, bool scroll)
{
    if (!range.isValid()) {
        m_hex->setSelection(0, 0);
        return;
    }
    setCurrentBuffer(range.buffer);
    if (range.buffer != currentBuffer())
        return;
    m_hex->setSelection(range.offset, std::max<qint64>(range.length, 1), scroll);
}

void BytesPane::setColorByField(bool on)
{
    m_colorByField = on;
    updateFields();
}

void BytesPane::updateFields()
{
    m_fields.clear();
    if (!m_colorByField || !m_message || m_message->tree.name.isEmpty()) {
        m_hex->setSpans({});
        m_legend->hide();
        return;
    }
    m_fields = layoutFields(m_message->tree, currentBuffer());
    std::vector<HexView::Span> spans;
    QStringList entries;
    const QColor text = palette().color(QPalette::Text);
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
        const QColor c = themecolors::fieldColor(int(i), palette());
        spans.push_back({m_fields[i]->offset, m_fields[i]->length, c});
        // A coloured swatch, then the field's name as a link that selects it.
        entries << QStringLiteral("<span style=\"background-color:%1;color:%1\">&#9608;&#9608;</span>&nbsp;"
                                  "<a href=\"%2\" style=\"color:%3;text-decoration:none\">%4</a>")
                       .arg(c.name())
                       .arg(i)
                       .arg(text.name(), m_fields[i]->name.toHtmlEscaped());
    }
    m_hex->setSpans(std::move(spans));
    m_legend->setText(entries.join(QStringLiteral(" &nbsp; ")));
    m_legend->setVisible(!entries.isEmpty());
}

void BytesPane::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateFields();
}

} // namespace rpcscope
