#include "picklevaluebuilder.h"

#include "picklereductions.h"

#include <algorithm>

namespace rpcscope {

PickleValueBuilder::PickleValueBuilder(const std::vector<PickleObject>& objects, const DecodeLimits& limits,
                                       PyNotes& notes)
    : m_objs(objects)
    , m_limits(limits)
    , m_notes(notes)
    , m_visiting(objects.size(), false)
    , m_maxBuilt(std::min<qint64>(limits.maxValues, 16 * qint64(objects.size()) + 250000))
{ }

QString PickleValueBuilder::callableName(const std::vector<PickleObject>& objects, int id)
{
    const PickleObject& o = objects[id];
    return o.kind == PickleObject::Kind::Global ? o.name : QStringLiteral("<a computed callable>");
}

void PickleValueBuilder::fail(const QString& text, qint64 pos, DecodeNode* where)
{
    if (!m_error.isEmpty())
        return;
    m_error = text;
    m_errorOffset = pos;
    if (where)
        where->addError(text, pos, 1);
}

RpcValue PickleValueBuilder::build(int id, DecodeNode* parent, const QString& name, int depth)
{
    if (!m_error.isEmpty())
        return {};
    const PickleObject& o = m_objs[id];
    DecodeNode* node = parent ? &parent->add(name, QString(), QString(), o.start, o.end - o.start) : nullptr;
    // As in the other readers, a container may open at depths 0 to maxDepth - 1.
    if (depth >= m_limits.maxDepth && o.kind != PickleObject::Kind::Scalar && o.kind != PickleObject::Kind::Global) {
        fail(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), o.start, node);
        if (node)
            pyvalue::markIncomplete(*node, o.end);
        return {};
    }
    if (++m_built > m_maxBuilt) {
        fail(m_maxBuilt < m_limits.maxValues
                 ? QStringLiteral("memo references expand to more than %1 values (the pickle made %2 objects)")
                       .arg(m_maxBuilt)
                       .arg(m_objs.size())
                 : QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues),
             o.start, node);
        if (node)
            pyvalue::markIncomplete(*node, o.end);
        return {};
    }
    if (m_visiting[id]) {
        m_notes.truncated(QStringLiteral("an object contains itself: the inner reference is shown as '<recursive "
                                         "reference>'"),
                          o.start);
        RpcValue v = RpcValue::fromString(QStringLiteral("<recursive reference>"));
        v.setTag(QStringLiteral("recursion"));
        if (node)
            pyvalue::finishNode(*node, v, o.end,
                                QStringLiteral("The object contains itself here (a memo reference to an "
                                               "enclosing object)."));
        return v;
    }
    m_visiting[id] = true;
    RpcValue v;
    QString description;
    switch (o.kind) {
    case PickleObject::Kind::Scalar:
        v = o.scalar;
        description = QStringLiteral("A plain value pushed by the opcode here.");
        break;
    case PickleObject::Kind::List:
    case PickleObject::Kind::Tuple:
    case PickleObject::Kind::Set:
    case PickleObject::Kind::FrozenSet: {
        RpcArray items;
        items.reserve(o.items.size());
        for (std::size_t i = 0; i < o.items.size() && m_error.isEmpty(); ++i)
            items.push_back(build(o.items[i], node, QStringLiteral("[%1]").arg(i), depth + 1));
        static const QString tags[] = {QString(),
                                       QString(),
                                       QStringLiteral("tuple"),
                                       QString(),
                                       QStringLiteral("set"),
                                       QStringLiteral("frozenset")};
        v = RpcValue::fromArray(std::move(items), tags[static_cast<int>(o.kind)]);
        description = QStringLiteral("A %1 built by the opcodes in this range.").arg(pyvalue::typeLabel(v));
        break;
    }
    case PickleObject::Kind::Dict:
        v = buildDict(o, node, depth);
        description = QStringLiteral("A dict built by the opcodes in this range.");
        break;
    case PickleObject::Kind::Global:
        v = RpcValue::fromString(o.name);
        v.setTag(QStringLiteral("global"));
        description = QStringLiteral("A reference to %1: unpickling would import it. Never imported here.").arg(o.name);
        break;
    case PickleObject::Kind::Instance:
        v = buildInstance(o, node, depth, description);
        break;
    }
    m_visiting[id] = false;
    if (node)
        pyvalue::finishNode(*node, v, o.end, description);
    return v;
}

RpcValue PickleValueBuilder::buildDict(const PickleObject& o, DecodeNode* node, int depth)
{
    pyvalue::DictBuilder dict(node);
    for (std::size_t i = 0; i + 1 < o.items.size() && m_error.isEmpty(); i += 2) {
        DecodeNode scratch;
        RpcValue key = build(o.items[i], node ? &scratch : nullptr, QStringLiteral("key"), depth + 1);
        if (!m_error.isEmpty()) {
            if (node)
                node->children.insert(node->children.end(), scratch.children.begin(), scratch.children.end());
            break;
        }
        RpcValue value = build(o.items[i + 1], node, pyvalue::keyText(key), depth + 1);
        dict.add(std::move(key), std::move(value),
                 node && !scratch.children.empty() ? std::move(scratch.children.front()) : DecodeNode());
    }
    return dict.finish();
}

RpcValue PickleValueBuilder::buildInstance(const PickleObject& o, DecodeNode* node, int depth, QString& description)
{
    const QString callable = callableName(m_objs, o.callable);
    build(o.callable, node, QStringLiteral("__class__"), depth + 1);
    const RpcValue args = build(o.args, node, QStringLiteral("args"), depth + 1);
    RpcValue kwargs;
    RpcValue state;
    if (o.kwargs >= 0)
        kwargs = build(o.kwargs, node, QStringLiteral("kwargs"), depth + 1);
    if (o.state >= 0)
        state = build(o.state, node, QStringLiteral("state"), depth + 1);
    if (m_error.isEmpty()) {
        if (auto plain = PickleReductions::plainValue(callable, args.toArray(), o.kwargs >= 0, state, description))
            return std::move(*plain);
    }
    QString className = callable;
    const RpcArray& a = args.toArray();
    if ((callable == QLatin1String("copyreg._reconstructor") || callable == QLatin1String("copy_reg._reconstructor"))
        && !a.empty() && a[0].tag() == QLatin1String("global"))
        className = a[0].toString();
    RpcStruct members;
    members.emplace_back(QStringLiteral("__class__"), RpcValue::fromString(className));
    members.emplace_back(QStringLiteral("args"), args);
    if (o.kwargs >= 0)
        members.emplace_back(QStringLiteral("kwargs"), kwargs);
    if (o.state >= 0)
        members.emplace_back(QStringLiteral("state"), state);
    description = QStringLiteral("An object that %1 would create by calling %2; shown as data, never created.")
                      .arg(o.name, callable);
    return RpcValue::fromStruct(std::move(members), className);
}

} // namespace rpcscope
