#pragma once

#include "message.h"

#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QModelIndex;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace rpcscope {

class BytesPane;
class DecodeTreeModel;
class ElidedLabel;

/// One message of the selected call (the request or the response): its decode tree above, its bytes and its text
/// below, linked both ways — a node selected in the tree highlights exactly its bytes; a byte clicked selects the
/// deepest node containing it. Moving to another call keeps the same field selected when the new tree has it.
class MessagePane : public QWidget
{
    Q_OBJECT
public:
    explicit MessagePane(Direction direction, QWidget* parent = nullptr);

    /// Shows `message` (decoded with its tree). `caption` heads the pane.
    void setMessage(std::shared_ptr<const DecodedMessage> message, const QString& caption);
    /// Shows no message, with the reason.
    void setPlaceholder(const QString& caption, const QString& reason);

    Direction direction() const { return m_direction; }
    const std::shared_ptr<const DecodedMessage>& message() const;
    QTreeView* treeView() const { return m_tree; }
    DecodeTreeModel* treeModel() const { return m_model; }
    BytesPane* bytesPane() const { return m_bytes; }
    QPlainTextEdit* textView() const { return m_text; }
    QString caption() const;

    /// Selects `node` in the tree (and so its bytes). Null clears the selection.
    void selectNode(const DecodeNode* node);
    const DecodeNode* currentNode() const;
    void setColorByField(bool on);
    /// Actions on the whole message (Copy as Annotated Text, Export Message as HTML…) for the tree's context menu.
    void addContextActions(const QList<QAction*>& actions) { m_contextActions += actions; }

Q_SIGNALS:
    /// The selected node changed, whatever the cause; null when nothing is selected.
    void nodeSelected(const rpcscope::DecodeNode* node);
    /// The tree's context menu is about to open: its message actions act on this pane's message.
    void contextMenuOpening(rpcscope::Direction direction);

private:
    void onCurrentNodeChanged();
    void onByteActivated(int buffer, qint64 offset);
    void updateText();
    void showTreeMenu(const QPoint& pos);
    void collapseDetails(const QModelIndex& index);

    Direction m_direction;
    ElidedLabel* m_caption;
    QStackedWidget* m_stack;
    QLabel* m_placeholder;
    QTreeView* m_tree;
    DecodeTreeModel* m_model;
    QTabWidget* m_tabs;
    BytesPane* m_bytes;
    QPlainTextEdit* m_text;
    bool m_textDirty = true;
    /// Set while the bytes pane is driving the tree, so the tree's echo does not scroll the bytes away.
    bool m_fromBytes = false;
    /// Path (below the root) of the field last selected, re-selected in the next call's tree.
    QString m_lastPath;
    QList<QAction*> m_contextActions;
};

} // namespace rpcscope
