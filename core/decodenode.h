#pragma once

#include <QString>
#include <QStringView>

#include <vector>

namespace rpcscope {

/// One field of a decoded message: what it is called, its type, its value as shown, what it means, and the exact
/// bytes it came from. Trees are plain value data, built once by a decoder and read-only afterwards.
///
/// `buffer` indexes `DecodedMessage::buffers`: 0 is the message as reassembled from the wire; decoders that
/// de-chunk or inflate add further buffers and point nodes into them. `offset < 0` marks a synthetic node that
/// has no bytes of its own (a value derived from several fields, for example).
///
/// Note: `add()` returns a reference into `children`, which stays valid only until the next `add()` on the same
/// parent. Finish a child before adding its next sibling.
struct DecodeNode
{
    QString name;
    QString type;
    QString value;
    QString description;
    qint64 offset = -1;
    qint64 length = 0;
    int buffer = 0;
    bool error = false;
    std::vector<DecodeNode> children;

    DecodeNode& add(QString childName, QString childType, QString childValue, qint64 childOffset, qint64 childLength,
                    QString childDescription = {});
    /// Adds a `malformed` node saying what is wrong and where; the message keeps everything decoded before it.
    DecodeNode& addError(const QString& text, qint64 errorOffset, qint64 errorLength = 0);

    bool hasBytes() const { return offset >= 0; }
    qint64 end() const { return offset + length; }
    bool contains(int buf, qint64 pos) const { return buffer == buf && pos >= offset && pos < offset + length; }

    /// Follows a path of child names separated by '/', e.g. "body/params/param[0]". Returns nullptr if absent.
    const DecodeNode* find(QStringView path) const;
    /// The first node (depth-first, this included) whose name equals `childName`, or nullptr.
    const DecodeNode* findFirst(QStringView childName) const;
    /// The node whose byte range in `buf` contains `pos` most narrowly (the deepest, in a tree of nested ranges);
    /// nullptr if no node covers it.
    const DecodeNode* deepestAt(int buf, qint64 pos) const;
    /// True if this node or any descendant is an error node.
    bool hasError() const;
    /// Number of nodes in this subtree, this one included.
    int count() const;
};

/// Indented text rendering of a tree, one node per line: `name (type) = value [offset,length]`. The same text is
/// used by golden test files and by "Copy as text" in the GUI. Buffers other than 0 are written `[b1:offset,len]`.
QString dumpTree(const DecodeNode& root, bool withDescriptions = false);

} // namespace rpcscope
