#include "filterbar.h"

#include "themecolors.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace rpcscope {

namespace {

const char* kSyntaxHelp = QT_TRANSLATE_NOOP(
    "rpcscope::FilterBar",
    "<b>Filter calls</b> — terms separated by spaces must all match; <code>!</code> negates a term.<br>"
    "<code>add</code> free text: method, object, endpoints, status, or the message bytes contain it<br>"
    "<code>method:add</code> contains &nbsp; <code>method=add</code> exactly &nbsp; (also <code>object:</code>, "
    "<code>client:</code>, <code>server:</code>)<br>"
    "<code>protocol:pyro4</code> &nbsp; <code>status:fault</code> (ok, fault, exception, no-reply, malformed, "
    "pending, error)<br>"
    "<code>latency&gt;10ms</code> with &lt; &lt;= = &gt;= &gt; and us, ms, s<br>"
    "<code>\"two words\"</code> quotes keep spaces together");

} // namespace

FilterBar::FilterBar(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_delay(new QTimer(this))
{
    m_edit->setPlaceholderText(tr("Filter calls: method:add status:fault latency>10ms !client:10.0.0.1 … (Ctrl+F)"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setToolTip(tr(kSyntaxHelp));
    m_edit->setAccessibleName(tr("Call filter"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_edit);
    layout->addWidget(m_error);

    m_delay->setSingleShot(true);
    m_delay->setInterval(250);
    connect(m_delay, &QTimer::timeout, this, &FilterBar::applyNow);
    connect(m_edit, &QLineEdit::textEdited, m_delay, qOverload<>(&QTimer::start));
    connect(m_edit, &QLineEdit::returnPressed, this, &FilterBar::applyNow);
    // The clear button changes the text without textEdited.
    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty())
            applyNow();
    });
}

void FilterBar::setProtocols(std::vector<CallFilter::ProtocolName> protocols)
{
    m_protocols = std::move(protocols);
}

QString FilterBar::text() const
{
    return m_edit->text();
}

void FilterBar::setText(const QString& text)
{
    m_edit->setText(text);
    applyNow();
}

void FilterBar::focusFilter()
{
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

QString FilterBar::errorText() const
{
    return m_hasError ? m_error->text() : QString();
}

void FilterBar::applyNow()
{
    m_delay->stop();
    const QString text = m_edit->text();
    const CallFilter filter = CallFilter::parse(text, m_protocols);
    if (!filter.isValid()) {
        showError(&*filter.error());
        return;
    }
    showError(nullptr);
    if (text == m_applied)
        return;
    m_applied = text;
    Q_EMIT filterChanged(filter);
}

void FilterBar::showError(const FilterError* error)
{
    m_hasError = error != nullptr;
    QPalette pal = palette();
    if (error) {
        const QString text = m_edit->text();
        // Show the offending characters in context, e.g.  …latency>10⟦min⟧ …
        const QString shown = text.mid(error->position, error->length);
        m_error->setText(tr("%1 (at “%2”, column %3)").arg(error->message, shown).arg(error->position + 1));
        pal.setColor(QPalette::Base, themecolors::errorBackground(palette()));
        QPalette labelPal = m_error->palette();
        labelPal.setColor(QPalette::WindowText, themecolors::errorText(palette()));
        m_error->setPalette(labelPal);
        m_error->show();
        m_edit->setToolTip(m_error->text());
    } else {
        m_error->hide();
        m_error->clear();
        m_edit->setToolTip(tr(kSyntaxHelp));
    }
    m_edit->setPalette(error ? pal : palette());
}

void FilterBar::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_hasError)
        applyNow();
}

} // namespace rpcscope
