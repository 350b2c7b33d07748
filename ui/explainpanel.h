#pragma once

#include "call.h"

#include <QWidget>

#include <memory>

class QTextBrowser;

namespace rpcscope {

/// The teaching view: for the field selected in the request or response, what it is (its description), where it
/// is (its bytes, in hex and as text), and the corresponding field in the other direction of the call (the same
/// header field in the reply, the response's result for a method name, …), which a link selects.
class ExplainPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ExplainPanel(QWidget* parent = nullptr);

    /// The call whose fields are explained (decoded with trees); null clears the panel.
    void setCall(std::shared_ptr<const Call> call);
    /// Explains `node` of the message in `direction`; null shows a hint.
    void showNode(Direction direction, const DecodeNode* node);
    QString text() const;
    QSize sizeHint() const override { return {340, 480}; }

    /// Up to this many bytes of a field are shown.
    static constexpr int kMaxBytesShown = 256;

Q_SIGNALS:
    /// The user clicked the counterpart: select it in the other pane.
    void counterpartActivated(rpcscope::Direction direction, const rpcscope::DecodeNode* node);

protected:
    void changeEvent(QEvent* event) override;

private:
    QString bytesHtml(const DecodedMessage& message, const DecodeNode& node) const;
    void render();

    QTextBrowser* m_browser;
    std::shared_ptr<const Call> m_call;
    Direction m_direction = Direction::ClientToServer;
    const DecodeNode* m_node = nullptr;
    const DecodeNode* m_counterpart = nullptr;
};

} // namespace rpcscope
