#pragma once

#include "models/callfilter.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTimer;

namespace rpcscope {

/// The filter line above the call list. It parses as the user types (after a short pause, or at once on Enter)
/// and either emits the new filter or shows, in red, why the text is not a filter and where.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit FilterBar(QWidget* parent = nullptr);

    /// The protocols `protocol:` accepts.
    void setProtocols(std::vector<CallFilter::ProtocolName> protocols);
    QString text() const;
    void setText(const QString& text);
    /// Puts the keyboard focus in the filter line with its text selected.
    void focusFilter();
    QLineEdit* lineEdit() const { return m_edit; }
    /// The error currently shown; empty when the text is a valid filter.
    QString errorText() const;
    /// Parses and applies the current text now.
    void applyNow();

Q_SIGNALS:
    /// A valid filter was entered.
    void filterChanged(const rpcscope::CallFilter& filter);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showError(const FilterError* error);

    QLineEdit* m_edit;
    QLabel* m_error;
    QTimer* m_delay;
    std::vector<CallFilter::ProtocolName> m_protocols;
    QString m_applied;
    bool m_hasError = false;
};

} // namespace rpcscope
