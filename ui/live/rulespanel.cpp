#include "rulespanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

namespace rpcscope {

namespace {
const QString kSettingsKey = QStringLiteral("proxy/callRules");
} // namespace

RulesPanel::RulesPanel(std::vector<CallFilter::ProtocolName> protocols, QWidget* parent)
    : QWidget(parent)
    , m_protocols(std::move(protocols))
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_add(new QPushButton(tr("&Add Rule"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_up(new QPushButton(tr("Up"), this))
    , m_down(new QPushButton(tr("Down"), this))
    , m_status(new QLabel(this))
    , m_valid(std::make_shared<const CallRuleSet>())
{
    m_table->setHorizontalHeaderLabels({tr("On"), tr("Rule: FILTER => ACTION")});
    m_table->horizontalHeader()->setSectionResizeMode(EnabledColumn, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setToolTip(tr("Each rule: a filter as in the call list, then => and an action: delay 300ms, "
                           "fault 4 \"message\" (or fault ValueError \"message\"), reply 7, drop, reset, "
                           "rewrite params[0]=5. The first rule that matches a request acts on it."));
    m_status->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    connect(m_add, &QPushButton::clicked, this, [this] {
        addRule(QStringLiteral("method:add => delay 500ms"));
        m_table->setCurrentCell(m_table->rowCount() - 1, RuleColumn);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, RuleColumn));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
        edited();
    });
    connect(m_up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { move(1); });
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (!m_filling)
            edited();
    });
    // The empty table is not saved: it would replace the session's rules before load() reads them.
    m_filling = true;
    edited();
    m_filling = false;
}

void RulesPanel::addRule(const QString& text, bool enabled)
{
    m_filling = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto* on = new QTableWidgetItem;
    on->setFlags((on->flags() | Qt::ItemIsUserCheckable) & ~Qt::ItemIsEditable);
    on->setCheckState(enabled ? Qt::Checked : Qt::Unchecked);
    m_table->setItem(row, EnabledColumn, on);
    m_table->setItem(row, RuleColumn, new QTableWidgetItem(text));
    m_filling = false;
    edited();
}

void RulesPanel::move(int by)
{
    const int row = m_table->currentRow();
    const int to = row + by;
    if (row < 0 || to < 0 || to >= m_table->rowCount())
        return;
    m_filling = true;
    for (int column = 0; column < ColumnCount; ++column) {
        QTableWidgetItem* a = m_table->takeItem(row, column);
        QTableWidgetItem* b = m_table->takeItem(to, column);
        m_table->setItem(row, column, b);
        m_table->setItem(to, column, a);
    }
    m_filling = false;
    m_table->setCurrentCell(to, RuleColumn);
    edited();
}

Result<std::vector<CallRule>> RulesPanel::rules() const
{
    std::vector<CallRule> rules;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString text = m_table->item(row, RuleColumn) ? m_table->item(row, RuleColumn)->text() : QString();
        if (text.trimmed().isEmpty())
            continue;
        RuleError error;
        std::optional<CallRule> rule = parseCallRule(text, error, m_protocols);
        if (!rule)
            return Error {tr("Rule %1, column %2: %3").arg(row + 1).arg(error.column).arg(error.message)};
        rule->enabled = m_table->item(row, EnabledColumn)->checkState() == Qt::Checked;
        rules.push_back(std::move(*rule));
    }
    return rules;
}

void RulesPanel::edited()
{
    const bool any = m_table->rowCount() > 0;
    m_remove->setEnabled(any);
    m_up->setEnabled(any);
    m_down->setEnabled(any);
    Result<std::vector<CallRule>> parsed = rules();
    if (!parsed) {
        m_status->setText(tr("%1 — the proxy keeps the rules as they were.").arg(parsed.error()));
        return;
    }
    const qsizetype on = std::count_if(parsed->begin(), parsed->end(), [](const CallRule& r) { return r.enabled; });
    m_status->setText(
        parsed->empty()
            ? tr("No rules: calls pass the proxy unchanged.")
            : tr("%1 of %2 rules on; the first that matches a request acts on it.").arg(on).arg(parsed->size()));
    m_valid = std::make_shared<const CallRuleSet>(std::move(*parsed));
    if (!m_filling)
        save();
    Q_EMIT rulesChanged(m_valid);
}

void RulesPanel::load()
{
    m_filling = true;
    m_table->setRowCount(0);
    const QStringList saved = QSettings().value(kSettingsKey).toStringList();
    for (const QString& entry : saved) {
        // "1\tTEXT" (on) or "0\tTEXT" (off).
        addRule(entry.mid(2), entry.startsWith(QLatin1Char('1')));
        m_filling = true;
    }
    m_filling = false;
    edited();
}

void RulesPanel::save() const
{
    QStringList entries;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString text = m_table->item(row, RuleColumn) ? m_table->item(row, RuleColumn)->text() : QString();
        const bool on = m_table->item(row, EnabledColumn)->checkState() == Qt::Checked;
        entries << (on ? QStringLiteral("1\t") : QStringLiteral("0\t")) + text;
    }
    QSettings().setValue(kSettingsKey, entries);
}

} // namespace rpcscope
