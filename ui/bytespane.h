#pragma once

#include "message.h"
#include "models/byterange.h"

#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QTabBar;

namespace rpcscope {

class HexView;

/// The bytes of one message: a tab per buffer when the message has derived ones (de-chunked, inflated), the hex
/// view, and, when colouring by field is on, a legend naming each colour.
class BytesPane : public QWidget
{
    Q_OBJECT
public:
    explicit BytesPane(QWidget* parent = nullptr);

    void setMessage(std::shared_ptr<const DecodedMessage> message);
    /// Shows the buffer of `range`, highlights exactly its bytes and (when `scroll`) scrolls to them; clears the
    /// highlight for an invalid range.
    void showRange(const ByteRange& range, bool scroll = true);
    int currentBuffer() const;
    void setCurrentBuffer(int buffer);
    void setColorByField(bool on);
    bool colorByField() const { return m_colorByField; }
    HexView* hexView() const { return m_hex; }
    /// The fields currently coloured, in legend order.
    const std::vector<const DecodeNode*>& fields() const { return m_fields; }

Q_SIGNALS:
    /// The user clicked a byte, or moved onto one with the keyboard.
    void byteActivated(int buffer, qint64 offset);
    /// The user clicked a field's name in the legend.
    void fieldActivated(const rpcscope::DecodeNode* node);

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateFields();

    QTabBar* m_tabs;
    HexView* m_hex;
    QLabel* m_legend;
    std::shared_ptr<const DecodedMessage> m_message;
    std::vector<const DecodeNode*> m_fields;
    bool m_colorByField = false;
};

} // namespace rpcscope
