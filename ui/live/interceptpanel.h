#pragma once

#include "models/callfilter.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace rpcscope {

class InterceptQueue;

/// The intercept's controls and its queue: "Intercept calls matching …" (the call list's filter language), on
/// requests and/or responses, how long a message waits for a decision, and the held messages, oldest first.
/// Selecting one opens it in the call details (HeldMessageEditor); Forward All lets everything go.
class InterceptPanel : public QWidget
{
    Q_OBJECT
public:
    /// `protocols` are the names `protocol:` accepts.
    InterceptPanel(InterceptQueue& queue, std::vector<CallFilter::ProtocolName> protocols, QWidget* parent = nullptr);

    QCheckBox* enabledBox() const { return m_enabled; }
    QLineEdit* filterEdit() const { return m_filter; }
    QCheckBox* requestsBox() const { return m_requests; }
    QCheckBox* responsesBox() const { return m_responses; }
    QSpinBox* timeoutBox() const { return m_timeout; }
    QTableView* table() const { return m_table; }
    /// Applies the controls to the queue; false (and the reason shown) when the filter does not parse.
    bool apply();

Q_SIGNALS:
    /// The user picked held message `row` (to open it in the details).
    void heldMessageChosen(int row);

private:
    InterceptQueue& m_queue;
    std::vector<CallFilter::ProtocolName> m_protocols;
    QCheckBox* m_enabled;
    QLineEdit* m_filter;
    QCheckBox* m_requests;
    QCheckBox* m_responses;
    QSpinBox* m_timeout;
    QLabel* m_status;
    QTableView* m_table;
    QPushButton* m_forwardAll;
};

} // namespace rpcscope
