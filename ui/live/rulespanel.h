#pragma once

#include "intercept/callrule.h"

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTableWidget;

namespace rpcscope {

/// The proxy's call rules (`FILTER => ACTION`, as `rpcscope-cli proxy --rule` takes them), editable in a table:
/// each rule on or off, in order (the first match wins). Every edit is checked at once, the error shown with its
/// place; a valid set goes to the proxy straight away (`rulesChanged`) and is saved with the session (QSettings),
/// so the rules are back the next time.
class RulesPanel : public QWidget
{
    Q_OBJECT
public:
    enum Column { EnabledColumn, RuleColumn, ColumnCount };

    explicit RulesPanel(std::vector<CallFilter::ProtocolName> protocols, QWidget* parent = nullptr);

    /// Adds a rule (text as written) at the end.
    void addRule(const QString& text, bool enabled = true);
    /// The rules as they parse now, or the first error ("Rule 2, column 14: …").
    Result<std::vector<CallRule>> rules() const;
    /// The last valid set.
    std::shared_ptr<const CallRuleSet> ruleSet() const { return m_valid; }
    QTableWidget* table() const { return m_table; }
    QLabel* status() const { return m_status; }

    /// Reads the saved rules (replacing the table), and saves the table's.
    void load();
    void save() const;

Q_SIGNALS:
    void rulesChanged(std::shared_ptr<const rpcscope::CallRuleSet> rules);

private:
    void edited();
    void move(int by);

    std::vector<CallFilter::ProtocolName> m_protocols;
    QTableWidget* m_table;
    QPushButton* m_add;
    QPushButton* m_remove;
    QPushButton* m_up;
    QPushButton* m_down;
    QLabel* m_status;
    std::shared_ptr<const CallRuleSet> m_valid;
    bool m_filling = false;
};

} // namespace rpcscope
