#pragma once

#include "call.h"

#include <QWidget>

#include <memory>

class QLabel;
class QSplitter;

namespace rpcscope {

class MessagePane;

/// The selected call in full: a line saying what it was, then the request and the response side by side or
/// stacked, each with its tree, bytes and text (see MessagePane). The call comes decoded with its trees.
class CallDetailsView : public QWidget
{
    Q_OBJECT
public:
    explicit CallDetailsView(QWidget* parent = nullptr);

    /// Shows `call`, whose messages were decoded with trees; null shows the "select a call" hint.
    void showCall(std::shared_ptr<const Call> call, const QString& protocolName = {});
    const std::shared_ptr<const Call>& call() const { return m_call; }

    /// Puts `panel` above the request and response (the held-message editor of the intercept); the caller shows
    /// and hides it.
    void insertPanel(QWidget* panel);

    MessagePane* pane(Direction direction) const;
    MessagePane* requestPane() const { return m_request; }
    MessagePane* responsePane() const { return m_response; }

    /// Horizontal: request left, response right. Vertical: request above the response.
    void setOrientation(Qt::Orientation orientation);
    Qt::Orientation orientation() const;
    void setColorByField(bool on);
    void selectNode(Direction direction, const DecodeNode* node);
    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

Q_SIGNALS:
    /// A node was selected in one of the two panes (null: that pane's selection was cleared).
    void nodeSelected(rpcscope::Direction direction, const rpcscope::DecodeNode* node);

private:
    QLabel* m_summary;
    QSplitter* m_split;
    MessagePane* m_request;
    MessagePane* m_response;
    std::shared_ptr<const Call> m_call;
};

} // namespace rpcscope
