#include "decodenode.h"

#include <QList>

namespace rpcscope {

DecodeNode& DecodeNode::add(QString childName, QString childType, QString childValue, qint64 childOffset,
                            qint64 childLength, QString childDescription)
{
    DecodeNode& n = children.emplace_back();
    n.name = std::move(childName);
    n.type = std::move(childType);
    n.value = std::move(childValue);
    n.description = std::move(childDescription);
    n.offset = childOffset;
    n.length = childLength;
    n.buffer = buffer;
    return n;
}

DecodeNode& DecodeNode::addError(const QString& text, qint64 errorOffset, qint64 errorLength)
{
    DecodeNode& n
        = add(QStringLiteral("malformed"), QStringLiteral("error"),
              errorOffset >= 0 ? QStringLiteral("%1 (at byte %2)").arg(text).arg(errorOffset) : text, errorOffset,
              errorLength, QStringLiteral("The decoder could not read this part of the message."));
    n.error = true;
    return n;
}

const DecodeNode* DecodeNode::find(QStringView path) const
{
    const DecodeNode* node = this;
    for (QStringView part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        const DecodeNode* next = nullptr;
        for (const DecodeNode& child : node->children) {
            if (child.name == part) {
                next = &child;
                break;
            }
        }
        if (!next)
            return nullptr;
        node = next;
    }
    return node;
}

const DecodeNode* DecodeNode::findFirst(QStringView childName) const
{
    if (name == childName)
        return this;
    for (const DecodeNode& child : children) {
        if (const DecodeNode* hit = child.findFirst(childName))
            return hit;
    }
    return nullptr;
}

namespace {
// The node below `node` (or `node` itself) with the narrowest range covering the position: the deeper of equally
// narrow ones, then the first.
void narrowestInto(const DecodeNode& node, int buf, qint64 pos, int depth, const DecodeNode*& best, int& bestDepth)
{
    if (node.contains(buf, pos)
        && (!best || node.length < best->length || (node.length == best->length && depth > bestDepth))) {
        best = &node;
        bestDepth = depth;
    }
    for (const DecodeNode& child : node.children)
        narrowestInto(child, buf, pos, depth + 1, best, bestDepth);
}
} // namespace

const DecodeNode* DecodeNode::deepestAt(int buf, qint64 pos) const
{
    // Children usually lie inside their parent, but not always (a node may point into another buffer, as a TLS
    // record's node points into the decrypted bytes), so every node is looked at, and the one that says most about
    // the byte wins: the narrowest, not the first found.
    const DecodeNode* best = nullptr;
    int bestDepth = -1;
    narrowestInto(*this, buf, pos, 0, best, bestDepth);
    return best;
}

bool DecodeNode::hasError() const
{
    if (error)
        return true;
    for (const DecodeNode& child : children) {
        if (child.hasError())
            return true;
    }
    return false;
}

int DecodeNode::count() const
{
    int n = 1;
    for (const DecodeNode& child : children)
        n += child.count();
    return n;
}

namespace {
void dumpInto(const DecodeNode& node, int depth, bool withDescriptions, QString& out)
{
    out += QString(depth * 2, QLatin1Char(' '));
    out += node.name;
    if (!node.type.isEmpty())
        out += QStringLiteral(" (%1)").arg(node.type);
    if (!node.value.isEmpty())
        out += QStringLiteral(" = ") + node.value;
    if (node.hasBytes()) {
        if (node.buffer == 0)
            out += QStringLiteral(" [%1,%2]").arg(node.offset).arg(node.length);
        else
            out += QStringLiteral(" [b%1:%2,%3]").arg(node.buffer).arg(node.offset).arg(node.length);
    }
    if (withDescriptions && !node.description.isEmpty())
        out += QStringLiteral("  -- ") + node.description;
    out += QLatin1Char('\n');
    for (const DecodeNode& child : node.children)
        dumpInto(child, depth + 1, withDescriptions, out);
}
} // namespace

QString dumpTree(const DecodeNode& root, bool withDescriptions)
{
    QString out;
    dumpInto(root, 0, withDescriptions, out);
    return out;
}

} // namespace rpcscope
