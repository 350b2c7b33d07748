#include "fieldcounterpart.h"

#include <QStringList>

#include <algorithm>

namespace rpcscope {

namespace {

bool pathInto(const DecodeNode& node, const DecodeNode* target, std::vector<const DecodeNode*>& path)
{
    path.push_back(&node);
    if (&node == target)
        return true;
    for (const DecodeNode& c : node.children) {
        if (pathInto(c, target, path))
            return true;
    }
    path.pop_back();
    return false;
}

const DecodeNode* child(const DecodeNode& node, const QString& name)
{
    for (const DecodeNode& c : node.children) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

// Follows `names` below `root`; the first name may differ (methodCall vs methodResponse) when `loose` is set.
const DecodeNode* followPath(const DecodeNode& root, const QStringList& names, bool loose)
{
    if (names.isEmpty())
        return nullptr;
    auto rest = [&](const DecodeNode* from) -> const DecodeNode* {
        for (qsizetype i = 1; from && i < names.size(); ++i)
            from = child(*from, names[i]);
        return from;
    };
    if (const DecodeNode* exact = rest(child(root, names.front())))
        return exact;
    if (!loose || names.size() < 2)
        return nullptr;
    for (const DecodeNode& c : root.children) {
        if (const DecodeNode* hit = rest(&c))
            return hit;
    }
    return nullptr;
}

const QStringList& callNames()
{
    static const QStringList names = {QStringLiteral("methodName"), QStringLiteral("method"),
                                      QStringLiteral("methodHash"), QStringLiteral("operation")};
    return names;
}

const QStringList& replyNames()
{
    static const QStringList names = {
        QStringLiteral("fault"),  QStringLiteral("result"), QStringLiteral("exception"), QStringLiteral("returnValue"),
        QStringLiteral("return"), QStringLiteral("params"), QStringLiteral("value")};
    return names;
}

const DecodeNode* firstOf(const DecodeNode& root, const QStringList& names)
{
    for (const QString& name : names) {
        if (const DecodeNode* hit = root.findFirst(name); hit && hit != &root)
            return hit;
    }
    return nullptr;
}

QString otherName(Direction direction)
{
    return direction == Direction::ClientToServer ? QStringLiteral("response") : QStringLiteral("request");
}

} // namespace

std::vector<const DecodeNode*> pathTo(const DecodeNode& root, const DecodeNode* target)
{
    std::vector<const DecodeNode*> path;
    if (target)
        pathInto(root, target, path);
    return path;
}

Counterpart findCounterpart(const DecodeNode& tree, const DecodeNode& node, const DecodeNode& other,
                            Direction direction)
{
    const std::vector<const DecodeNode*> path = pathTo(tree, &node);
    const QString there = otherName(direction);
    if (path.empty())
        return {&other, QStringLiteral("the whole %1").arg(there)};
    if (path.size() == 1)
        return {&other, QStringLiteral("the whole %1").arg(there)};

    QStringList names;
    for (std::size_t i = 1; i < path.size(); ++i)
        names << path[i]->name;

    // The call <-> reply relation first: a request's params and a response's params share a path, but what
    // answers a method name is the reply's result, and what a result answers is the method.
    const bool isCall = direction == Direction::ClientToServer;
    for (auto it = path.rbegin(); it != path.rend() - 1; ++it) {
        const QString& name = (*it)->name;
        if (isCall && callNames().contains(name)) {
            if (const DecodeNode* reply = firstOf(other, replyNames()))
                return {reply, QStringLiteral("what the response answered to this call")};
        }
        if (!isCall && replyNames().contains(name) && name != QLatin1String("value")) {
            if (const DecodeNode* call = firstOf(other, callNames()))
                return {call, QStringLiteral("the method this answers")};
        }
    }

    if (const DecodeNode* same = followPath(other, names, true))
        return {same, QStringLiteral("the same field in the %1").arg(there)};

    if (const DecodeNode* named = other.findFirst(node.name); named && named != &other)
        return {named, QStringLiteral("a field with the same name in the %1").arg(there)};

    for (std::size_t depth = path.size() - 1; depth >= 2; --depth) {
        const QStringList prefix = names.mid(0, qsizetype(depth) - 1);
        if (const DecodeNode* near = followPath(other, prefix, true)) {
            return {near, QStringLiteral("no %1 in the %2; the closest enclosing field").arg(node.name, there)};
        }
    }
    return {&other, QStringLiteral("no such field in the %1; its whole message").arg(there)};
}

namespace {

std::vector<const DecodeNode*> byteChildren(const DecodeNode& node, int buffer)
{
    std::vector<const DecodeNode*> out;
    for (const DecodeNode& c : node.children) {
        if (c.hasBytes() && c.length > 0 && c.buffer == buffer)
            out.push_back(&c);
    }
    return out;
}

// The fields directly under `node`, looking through chains of single children.
std::vector<const DecodeNode*> fieldsOf(const DecodeNode& node, int buffer)
{
    const DecodeNode* n = &node;
    std::vector<const DecodeNode*> kids = byteChildren(*n, buffer);
    while (kids.size() == 1) {
        n = kids.front();
        kids = byteChildren(*n, buffer);
    }
    if (kids.empty() && n != &node)
        return {n};
    return kids;
}

} // namespace

std::vector<const DecodeNode*> layoutFields(const DecodeNode& root, int buffer, int maxFields)
{
    const std::vector<const DecodeNode*> top = fieldsOf(root, buffer);
    std::vector<const DecodeNode*> out;
    for (const DecodeNode* field : top) {
        const std::vector<const DecodeNode*> sub = fieldsOf(*field, buffer);
        const int room = maxFields - int(out.size()) - int(top.size());
        if (sub.size() >= 2 && int(sub.size()) <= std::max(room, 0) + 1)
            out.insert(out.end(), sub.begin(), sub.end());
        else
            out.push_back(field);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const DecodeNode* a, const DecodeNode* b) { return a->offset < b->offset; });
    return out;
}

} // namespace rpcscope
