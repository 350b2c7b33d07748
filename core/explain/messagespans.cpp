#include "messagespans.h"

#include "spanroles.h"

#include <algorithm>
#include <map>

namespace rpcscope {

namespace {

struct FlatNode
{
    const DecodeNode* node;
    int parent;
    /// Children that take part in the attribution (the bits of a flags word do not).
    std::vector<int> children;
    /// Some child holds bytes of buffer 0: bytes this node holds beside them are not its value.
    bool hasByteChildren = false;
};

bool paints(const DecodeNode& n)
{
    return n.hasBytes() && n.buffer == 0 && n.length > 0;
}

// A flags word: every child covers exactly the node's bytes and has no children of its own. The bytes are the
// word's; its children are views of single bits.
bool bitsOnly(const DecodeNode& n)
{
    return n.children.size() >= 2 && std::all_of(n.children.begin(), n.children.end(), [&n](const DecodeNode& c) {
               return c.children.empty() && c.buffer == n.buffer && c.offset == n.offset && c.length == n.length;
           });
}

std::vector<FlatNode> flatten(const DecodeNode& root)
{
    std::vector<FlatNode> flat;
    flat.push_back({&root, -1, {}, false});
    // Iterative: a tree may be thousands of levels deep.
    for (std::size_t i = 0; i < flat.size(); ++i) {
        const DecodeNode& n = *flat[i].node;
        if (bitsOnly(n))
            continue;
        for (const DecodeNode& c : n.children) {
            flat[i].children.push_back(int(flat.size()));
            flat[i].hasByteChildren = flat[i].hasByteChildren || paints(c);
            flat.push_back({&c, int(i), {}, false});
        }
    }
    return flat;
}

// Children before their parent, siblings in order: the order in which nodes take the bytes still free, so that each
// byte goes to the node DecodeNode::deepestAt would find for it.
std::vector<int> postOrder(const std::vector<FlatNode>& flat)
{
    std::vector<int> order;
    order.reserve(flat.size());
    std::vector<std::pair<int, std::size_t>> stack {{0, 0}};
    while (!stack.empty()) {
        const int n = stack.back().first;
        const std::size_t next = stack.back().second;
        if (next < flat[n].children.size()) {
            stack.back().second++;
            stack.push_back({flat[n].children[next], 0});
        } else {
            order.push_back(n);
            stack.pop_back();
        }
    }
    return order;
}

struct Claim
{
    qint64 from;
    qint64 to;
    int holder;
};

// The bytes not yet taken, as disjoint ranges [start, end) keyed by start.
class FreeBytes
{
public:
    explicit FreeBytes(qint64 length)
    {
        if (length > 0)
            m_free.emplace(0, length);
    }

    /// Takes what is still free of [from, to) for `holder`.
    void take(qint64 from, qint64 to, int holder, std::vector<Claim>& claims)
    {
        auto it = m_free.upper_bound(from);
        if (it != m_free.begin() && std::prev(it)->second > from)
            --it;
        while (it != m_free.end() && it->first < to) {
            const qint64 start = it->first;
            const qint64 end = it->second;
            const qint64 a = std::max(start, from);
            const qint64 b = std::min(end, to);
            it = m_free.erase(it);
            if (start < a)
                m_free.emplace(start, a);
            if (b < end)
                it = m_free.emplace(b, end).first;
            claims.push_back({a, b, holder});
        }
    }

    const std::map<qint64, qint64>& ranges() const { return m_free; }

private:
    std::map<qint64, qint64> m_free;
};

bool tiles(const std::vector<spanroles::RolePiece>& pieces, qint64 from, qint64 to)
{
    qint64 at = from;
    for (const spanroles::RolePiece& p : pieces) {
        if (p.offset != at || p.length <= 0 || p.role.isEmpty())
            return false;
        at += p.length;
    }
    return at == to;
}

} // namespace

bool ExplainSpan::isField() const
{
    return role == kFieldRole;
}

const ExplainSpan* MessageExplanation::spanAt(qint64 offset) const
{
    auto it = std::upper_bound(spans.begin(), spans.end(), offset,
                               [](qint64 o, const ExplainSpan& s) { return o < s.offset; });
    if (it == spans.begin())
        return nullptr;
    --it;
    return offset < it->end() ? &*it : nullptr;
}

MessageExplanation explainMessage(const DecodedMessage& message)
{
    MessageExplanation out;
    const QByteArray& bytes = message.bytes();
    out.length = bytes.size();
    if (out.length == 0)
        return out;

    const std::vector<FlatNode> flat = flatten(message.tree);
    FreeBytes free(out.length);
    std::vector<Claim> claims;
    for (int i : postOrder(flat)) {
        const DecodeNode& n = *flat[i].node;
        if (paints(n))
            free.take(std::max<qint64>(n.offset, 0), std::min<qint64>(n.end(), out.length), i, claims);
    }
    // Bytes outside the tree (or a message decoded without one) belong to the root.
    std::vector<Claim> outside;
    for (const auto& [start, end] : free.ranges())
        outside.push_back({start, end, 0});
    claims.insert(claims.end(), outside.begin(), outside.end());
    std::sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) { return a.from < b.from; });

    const spanroles::RoleSplitter splitter = spanroles::splitterFor(message.protocol);
    std::vector<QString> paths(flat.size());
    std::vector<const DecodeNode*> chain;
    std::vector<spanroles::RolePiece> pieces;
    out.spans.reserve(claims.size());
    // The child of `holder` on the way from the root to `node`, or null: which field a neighbouring run belongs to.
    auto childTowards = [&flat](int holder, int node) -> const DecodeNode* {
        for (int i = node; i >= 0; i = flat[i].parent) {
            if (flat[i].parent == holder)
                return flat[i].node;
        }
        return nullptr;
    };
    for (std::size_t k = 0; k < claims.size(); ++k) {
        const Claim& c = claims[k];
        chain.clear();
        for (int i = c.holder; i >= 0; i = flat[i].parent)
            chain.push_back(flat[i].node);
        std::reverse(chain.begin(), chain.end());
        QString& path = paths[c.holder];
        if (path.isEmpty()) {
            QStringList names;
            for (const DecodeNode* n : chain)
                names << n->name;
            path = names.join(QLatin1Char('/'));
        }
        const DecodeNode& holder = *flat[c.holder].node;
        const bool inside = paints(holder) && c.from >= holder.offset && c.to <= holder.end();
        spanroles::RoleRun run {
            message, QByteArrayView(bytes), chain, c.from, c.to, inside && !flat[c.holder].hasByteChildren};
        run.before = k > 0 ? childTowards(c.holder, claims[k - 1].holder) : nullptr;
        run.after = k + 1 < claims.size() ? childTowards(c.holder, claims[k + 1].holder) : nullptr;
        pieces.clear();
        if (!inside || !splitter || !splitter(run, pieces) || !tiles(pieces, c.from, c.to)) {
            pieces.clear();
            spanroles::genericRoles(run, pieces);
        }
        for (spanroles::RolePiece& p : pieces) {
            ExplainSpan s;
            s.offset = p.offset;
            s.length = p.length;
            s.node = &holder;
            s.path = path;
            s.role = std::move(p.role);
            const bool field = s.role == kFieldRole;
            s.value = !p.value.isEmpty() ? std::move(p.value)
                : field && !holder.value.isEmpty()
                ? holder.value
                : spanroles::bytesText(QByteArrayView(bytes).sliced(s.offset, s.length));
            s.description = std::move(p.description);
            if (s.description.isEmpty())
                s.description = holder.description;
            if (s.description.isEmpty())
                s.description = QStringLiteral("The “%1” field (%2).").arg(holder.name, holder.type);
            out.spans.push_back(std::move(s));
        }
    }
    return out;
}

} // namespace rpcscope
