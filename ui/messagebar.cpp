#include "messagebar.h"

#include "themecolors.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace rpcscope {

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent)
    , m_list(new QVBoxLayout)
{
    setFrameShape(QFrame::StyledPanel);
    auto* close = new QToolButton(this);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &MessageBar::clearMessages);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    m_list->setSpacing(2);
    layout->addLayout(m_list, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void MessageBar::showMessage(const QString& text, Level level)
{
    auto* label = new QLabel(this);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QString prefix = level == Level::Error ? tr("Error") : level == Level::Warning ? tr("Warning") : QString();
    // Rich text always: the message is escaped, so quotes in it must not be shown as entities.
    label->setTextFormat(Qt::RichText);
    const QString body = text.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>"));
    label->setText(prefix.isEmpty() ? body : QStringLiteral("<b>%1:</b> %2").arg(prefix, body));
    // The text as given, for messages(): the label holds its rich-text rendering.
    label->setProperty("message", text);
    m_list->addWidget(label);
    m_labels.append({label, level});
    update();
    show();
}

void MessageBar::clearMessages()
{
    for (const auto& [label, level] : std::as_const(m_labels))
        delete label;
    m_labels.clear();
    hide();
}

QStringList MessageBar::messages() const
{
    QStringList out;
    for (const auto& [label, level] : m_labels)
        out << label->property("message").toString();
    return out;
}

void MessageBar::paintEvent(QPaintEvent* event)
{
    // Painted from the current palette each time, so a theme switch needs nothing special.
    bool problem = false;
    for (const auto& [label, level] : std::as_const(m_labels))
        problem = problem || level != Level::Information;
    QPainter p(this);
    p.fillRect(rect(), problem ? themecolors::errorBackground(palette()) : palette().color(QPalette::AlternateBase));
    p.end();
    QFrame::paintEvent(event);
}

} // namespace rpcscope
