#include "picklevaluebuilder.h"

#include "pyvalue.h"

#include <algorithm>

namespace rpcscope {

PickleValueBuilder::PickleValueBuilder(const std::vector<PickleObject>& objects, const DecodeLimits& limits)
    : m_objs(objects)
    , m_limits(limits)
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
    if (depth > m_limits.maxDepth) {
        fail(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), o.start, node);
        return {};
    }
    if (++m_built > m_maxBuilt) {
        fail(m_maxBuilt < m_limits.maxValues
                 ? QStringLiteral("memo references expand to more than %1 values (the pickle made %2 objects)")
                       .arg(m_maxBuilt)
                       .arg(m_objs.size())
                 : QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues),
             o.start, node);
        return {};
    }
    if (m_visiting[id]) {
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
        for (std::size_t i = 0; i < o.items.size(); ++i)
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
    case PickleObject::Kind::Dict: {
        RpcStruct members;
        for (std::size_t i = 0; i + 1 < o.items.size(); i += 2) {
            const RpcValue key = build(o.items[i], nullptr, QString(), depth + 1);
            const QString keyName = pyvalue::keyText(key);
            members.emplace_back(keyName, build(o.items[i + 1], node, keyName, depth + 1));
        }
        v = pyvalue::classDict(std::move(members));
        description = QStringLiteral("A dict built by the opcodes in this range.");
        break;
    }
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

RpcValue PickleValueBuilder::buildInstance(const PickleObject& o, DecodeNode* node, int depth, QString& description)
{
    const QString callable = callableName(m_objs, o.callable);
    const RpcValue cls = build(o.callable, node, QStringLiteral("__class__"), depth + 1);
    const RpcValue args = build(o.args, node, QStringLiteral("args"), depth + 1);
    RpcValue kwargs;
    RpcValue state;
    if (o.kwargs >= 0)
        kwargs = build(o.kwargs, node, QStringLiteral("kwargs"), depth + 1);
    if (o.state >= 0)
        state = build(o.state, node, QStringLiteral("state"), depth + 1);
    const RpcArray& a = args.toArray();
    // What Python's own pickler writes for plain values under protocols 0-3.
    auto is = [&](std::initializer_list<const char*> names) {
        for (const char* n : names) {
            if (callable == QLatin1StringView(n))
                return true;
        }
        return false;
    };
    if (o.kwargs < 0 && o.state < 0) {
        if (is({"builtins.set", "__builtin__.set", "builtins.frozenset", "__builtin__.frozenset"}) && a.size() <= 1) {
            description = QStringLiteral("A set, pickled as a call of %1 on a list.").arg(callable);
            return RpcValue::fromArray(a.empty() ? RpcArray {} : a.front().toArray(),
                                       callable.endsWith(QLatin1String("frozenset")) ? QStringLiteral("frozenset")
                                                                                     : QStringLiteral("set"));
        }
        if (is({"_codecs.encode"}) && a.size() == 2 && a[0].isString()) {
            description = QStringLiteral("Bytes, pickled as _codecs.encode(text, 'latin1') (protocols 0-2).");
            return RpcValue::fromBytes(a[0].toString().toLatin1());
        }
        if (is({"builtins.bytearray", "__builtin__.bytearray", "builtins.bytes", "__builtin__.bytes"})) {
            description = QStringLiteral("Bytes, pickled as a call of %1.").arg(callable);
            if (a.empty())
                return RpcValue::fromBytes({});
            if (a[0].type() == RpcValue::Type::Bytes)
                return a[0];
            if (a[0].isString())
                return RpcValue::fromBytes(a[0].toString().toLatin1());
        }
        if (is({"builtins.complex", "__builtin__.complex"}) && a.size() == 2) {
            description = QStringLiteral("A complex number, pickled as complex(real, imag).");
            auto num
                = [](const RpcValue& x) { return x.type() == RpcValue::Type::Int ? double(x.toInt()) : x.toDouble(); };
            return RpcValue::fromStruct({{QStringLiteral("real"), RpcValue::fromDouble(num(a[0]))},
                                         {QStringLiteral("imag"), RpcValue::fromDouble(num(a[1]))}},
                                        QStringLiteral("complex"));
        }
    }
    QString className = callable;
    if (is({"copyreg._reconstructor", "copy_reg._reconstructor"}) && !a.empty()
        && a[0].tag() == QLatin1String("global"))
        className = a[0].toString();
    RpcStruct members;
    members.emplace_back(QStringLiteral("__class__"), RpcValue::fromString(className));
    members.emplace_back(QStringLiteral("args"), args);
    if (o.kwargs >= 0)
        members.emplace_back(QStringLiteral("kwargs"), kwargs);
    if (o.state >= 0)
        members.emplace_back(QStringLiteral("state"), state);
    Q_UNUSED(cls);
    description = QStringLiteral("An object that %1 would create by calling %2; shown as data, never created.")
                      .arg(o.name, callable);
    return RpcValue::fromStruct(std::move(members), className);
}

} // namespace rpcscope
