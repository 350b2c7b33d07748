#include "messagepane.h"

#include "bytespane.h"
#include "elidedlabel.h"
#include "hexview.h"
#include "models/decodetreemodel.h"
#include "models/messagetext.h"
#include "themecolors.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace rpcscope {

namespace {

// Error nodes in the error colour; nodes without bytes of their own (derived values) in italics.
class TreeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(DecodeTreeModel::ErrorRole).toBool()) {
            option->palette.setColor(QPalette::Text, themecolors::errorText(option->palette));
            option->font.setBold(true);
        } else if (!index.data(DecodeTreeModel::ByteRangeRole).value<ByteRange>().isValid()) {
            option->font.setItalic(true);
        }
    }
};

// Below the root: the part of a path that the next call's tree may share.
QString pathBelowRoot(const QString& path)
{
    const qsizetype slash = path.indexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : path.mid(slash + 1);
}

} // namespace

MessagePane::MessagePane(Direction direction, QWidget* parent)
    : QWidget(parent)
    , m_direction(direction)
    , m_caption(new ElidedLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_model(new DecodeTreeModel(this))
    , m_tabs(new QTabWidget(this))
    , m_bytes(new BytesPane(this))
    , m_text(new QPlainTextEdit(this))
{
    const QString what = direction == Direction::ClientToServer ? tr("Request") : tr("Response");
    setObjectName(direction == Direction::ClientToServer ? QStringLiteral("requestPane")
                                                         : QStringLiteral("responsePane"));
    m_caption->setContentsMargins(2, 2, 2, 2);
    QFont bold = m_caption->font();
    bold.setBold(true);
    m_caption->setFont(bold);
    m_caption->setFullText(what);

    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new TreeDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->setAccessibleName(tr("%1 decode tree").arg(what));
    m_tree->header()->setStretchLastSection(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    const QFontMetrics fm(font());
    m_tree->setColumnWidth(DecodeTreeModel::NameColumn,
                           fm.horizontalAdvance(QStringLiteral("header.annotationsSize")) + 60);
    m_tree->setColumnWidth(DecodeTreeModel::TypeColumn, fm.horizontalAdvance(QStringLiteral("dateTime.iso8601")) + 12);

    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setAccessibleName(tr("%1 as text").arg(what));

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_bytes, tr("Bytes"));
    m_tabs->addTab(m_text, tr("Text"));
    m_tabs->setTabToolTip(0, tr("The message's bytes: offsets, hex and ASCII"));
    m_tabs->setTabToolTip(1,
                          tr("The message as text: HTTP headers and pretty-printed XML, or the Pyro4 header and "
                             "its serialized payload"));

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    m_stack->addWidget(split);
    m_stack->addWidget(m_placeholder);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(m_stack, 1);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &MessagePane::onCurrentNodeChanged);
    connect(m_bytes, &BytesPane::byteActivated, this, &MessagePane::onByteActivated);
    connect(m_bytes, &BytesPane::fieldActivated, this, &MessagePane::selectNode);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { updateText(); });
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &MessagePane::showTreeMenu);
    setPlaceholder(what, tr("Select a call to see its %1.").arg(what.toLower()));
}

const std::shared_ptr<const DecodedMessage>& MessagePane::message() const
{
    return m_model->message();
}

QString MessagePane::caption() const
{
    return m_caption->fullText();
}

void MessagePane::setMessage(std::shared_ptr<const DecodedMessage> message, const QString& caption)
{
    m_caption->setFullText(caption);
    const QString keep = m_lastPath;
    {
        const QSignalBlocker block(m_tree->selectionModel());
        m_model->setMessage(message);
    }
    m_bytes->setMessage(message);
    m_textDirty = true;
    m_stack->setCurrentIndex(0);
    const DecodeNode* root = m_model->root();
    if (root) {
        if (root->count() <= 400) {
            m_tree->expandAll();
            collapseDetails(m_model->index(0, 0));
        } else {
            m_tree->expandToDepth(1);
        }
        // Fit the names (indented as they are), within reason: values need room too.
        m_tree->resizeColumnToContents(DecodeTreeModel::NameColumn);
        m_tree->setColumnWidth(DecodeTreeModel::NameColumn,
                               std::clamp(m_tree->columnWidth(DecodeTreeModel::NameColumn), 140,
                                          std::max(140, m_tree->viewport()->width() * 45 / 100)));
    }
    updateText();
    // Stay on the field the user was looking at, if this message has it too.
    const DecodeNode* again = root && !keep.isEmpty() ? root->find(keep) : nullptr;
    selectNode(again);
    m_lastPath = keep;
    if (!again)
        Q_EMIT nodeSelected(nullptr);
}

void MessagePane::setPlaceholder(const QString& caption, const QString& reason)
{
    m_caption->setFullText(caption);
    {
        const QSignalBlocker block(m_tree->selectionModel());
        m_model->setMessage(nullptr);
    }
    m_bytes->setMessage(nullptr);
    m_text->clear();
    m_placeholder->setText(reason);
    m_stack->setCurrentIndex(1);
    Q_EMIT nodeSelected(nullptr);
}

const DecodeNode* MessagePane::currentNode() const
{
    return m_model->nodeFromIndex(m_tree->currentIndex());
}

void MessagePane::selectNode(const DecodeNode* node)
{
    const QModelIndex index = m_model->indexFromNode(node);
    if (!index.isValid()) {
        m_tree->selectionModel()->clearCurrentIndex();
        m_tree->selectionModel()->clearSelection();
        m_bytes->showRange({});
        return;
    }
    m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_tree->scrollTo(index);
}

void MessagePane::onCurrentNodeChanged()
{
    const DecodeNode* node = currentNode();
    if (node) {
        const QString path = pathBelowRoot(m_model->pathOf(node));
        m_lastPath = path;
        // When the click came from the bytes, leave them where the user is looking.
        m_bytes->showRange(DecodeTreeModel::rangeOf(*node), !m_fromBytes);
    } else {
        m_bytes->showRange({});
    }
    Q_EMIT nodeSelected(node);
}

void MessagePane::onByteActivated(int buffer, qint64 offset)
{
    const QModelIndex index = m_model->indexAtByte(buffer, offset);
    if (!index.isValid())
        return;
    m_fromBytes = true;
    selectNode(m_model->nodeFromIndex(index));
    m_fromBytes = false;
}

void MessagePane::collapseDetails(const QModelIndex& index)
{
    // Nodes whose children all cover exactly the node's own bytes (the bits of a flags word) add detail but no
    // layout: keep them folded so the message's structure fits on screen.
    const DecodeNode* node = m_model->nodeFromIndex(index);
    if (!node || node->children.empty())
        return;
    const bool bitsOnly = std::all_of(node->children.begin(), node->children.end(), [node](const DecodeNode& c) {
        return c.children.empty() && c.buffer == node->buffer && c.offset == node->offset && c.length == node->length;
    });
    if (bitsOnly) {
        m_tree->collapse(index);
        return;
    }
    for (int row = 0; row < m_model->rowCount(index); ++row)
        collapseDetails(m_model->index(row, 0, index));
}

void MessagePane::setColorByField(bool on)
{
    m_bytes->setColorByField(on);
}

void MessagePane::updateText()
{
    // The text is rendered only when its tab is shown: browsing calls should not pay for pretty-printing.
    if (!m_textDirty || m_tabs->currentWidget() != m_text)
        return;
    m_textDirty = false;
    const auto& message = m_model->message();
    m_text->setPlainText(message ? MessageText::render(*message) : QString());
}

void MessagePane::showTreeMenu(const QPoint& pos)
{
    const DecodeNode* node = m_model->nodeFromIndex(m_tree->indexAt(pos));
    QMenu menu(this);
    QAction* value = menu.addAction(tr("Copy Value"), this, [node] {
        if (node)
            QApplication::clipboard()->setText(node->value);
    });
    QAction* subtree = menu.addAction(tr("Copy Subtree as Text"), this, [node] {
        if (node)
            QApplication::clipboard()->setText(dumpTree(*node, false));
    });
    value->setEnabled(node);
    subtree->setEnabled(node);
    if (!m_contextActions.isEmpty()) {
        Q_EMIT contextMenuOpening(m_direction);
        menu.addSeparator();
        menu.addActions(m_contextActions);
    }
    menu.addSeparator();
    menu.addAction(tr("Expand All"), m_tree, &QTreeView::expandAll);
    menu.addAction(tr("Collapse All"), m_tree, &QTreeView::collapseAll);
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

} // namespace rpcscope
