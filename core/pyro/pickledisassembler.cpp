#include "pickledisassembler.h"

#include "bytecursor.h"
#include "pickleargs.h"
#include "pickleopcodes.h"
#include "picklevaluebuilder.h"
#include "pyrepr.h"

#include <unordered_map>
#include <vector>

namespace rpcscope {

namespace {

using Obj = PickleObject;

class Machine
{
public:
    Machine(QByteArrayView bytes, qint64 base, const DecodeLimits& limits)
        : m_in(bytes, base)
        , m_limits(limits)
    { }

    PyReadResult run(DecodeNode* tree)
    {
        PyReadResult r;
        DecodeNode* ops = nullptr;
        if (tree) {
            ops = &tree->add(QStringLiteral("pickle.opcodes"), QStringLiteral("opcodes"), QString(), m_in.pos(), 0,
                             QStringLiteral("The pickle program: opcodes for a small stack machine, listed as "
                                            "pickletools.dis shows them. RpcScope replays only the data-building "
                                            "ones and never imports or calls anything."));
        }
        const int result = execute(ops);
        if (ops) {
            ops->length = m_in.pos() - ops->offset;
            ops->value = QStringLiteral("%1 opcodes, protocol %2").arg(m_opcodes).arg(m_protocol);
        }
        if (result >= 0) {
            PickleValueBuilder builder(m_objs, m_limits, m_notes);
            r.value = builder.build(result, tree, QStringLiteral("value"));
            if (!builder.error().isEmpty()) {
                m_error = builder.error();
                m_errorOffset = builder.errorOffset();
                m_stoppedByLimit = builder.stoppedByLimit();
            }
            if (tree && !m_in.atEnd() && m_error.isEmpty())
                tree->add(QStringLiteral("pickle.trailing"), QStringLiteral("bytes"),
                          QStringLiteral("%1 bytes").arg(m_in.remaining()), m_in.pos(), m_in.remaining(),
                          QStringLiteral("Bytes after STOP; Python's unpickler never reads them."));
        }
        r.error = m_error;
        r.errorOffset = m_errorOffset;
        r.stoppedByLimit = m_stoppedByLimit;
        r.notes = m_notes.take();
        return r;
    }

private:
    bool fail(const QString& text, qint64 pos, DecodeNode* where)
    {
        if (m_error.isEmpty()) {
            m_error = text;
            m_errorOffset = pos;
            if (where)
                where->addError(text, pos, pos < m_in.base() + m_in.view().size() ? 1 : 0);
        }
        return false;
    }

    int newObj(Obj::Kind kind, qint64 start, qint64 end)
    {
        Obj o;
        o.kind = kind;
        o.start = start;
        o.end = end;
        m_objs.push_back(std::move(o));
        return static_cast<int>(m_objs.size()) - 1;
    }

    int scalar(RpcValue v, qint64 start, qint64 end)
    {
        const int id = newObj(Obj::Kind::Scalar, start, end);
        m_objs[id].scalar = std::move(v);
        return id;
    }

    bool pop(int& id, qint64 at, const PickleOpcode& op, DecodeNode* where)
    {
        const qsizetype floor = m_marks.empty() ? 0 : m_marks.back().stackSize;
        if (static_cast<qsizetype>(m_stack.size()) <= floor)
            return fail(QStringLiteral("%1 needs a value but the stack is empty").arg(QLatin1StringView(op.name)), at,
                        where);
        id = m_stack.back();
        m_stack.pop_back();
        return true;
    }

    bool top(int& id, qint64 at, const PickleOpcode& op, DecodeNode* where)
    {
        if (!pop(id, at, op, where))
            return false;
        m_stack.push_back(id);
        return true;
    }

    // Everything above the last MARK, and the MARK's own offset.
    bool popMark(std::vector<int>& items, qint64& markAt, qint64 at, const PickleOpcode& op, DecodeNode* where)
    {
        if (m_marks.empty())
            return fail(QStringLiteral("%1 without a MARK").arg(QLatin1StringView(op.name)), at, where);
        const Mark mark = m_marks.back();
        m_marks.pop_back();
        items.assign(m_stack.begin() + mark.stackSize, m_stack.end());
        m_stack.resize(mark.stackSize);
        markAt = mark.offset;
        return true;
    }

    // A limit stops the machine: the message is cut rather than malformed.
    bool stop(const QString& text, qint64 pos, DecodeNode* where)
    {
        if (m_error.isEmpty())
            m_stoppedByLimit = true;
        return fail(text, pos, where);
    }

    // Objects and MARKs count against the value budget (the machine runs without recursion; nesting is bounded
    // where values are built, by PickleValueBuilder).
    bool withinBudget(qint64 at, DecodeNode* where)
    {
        if (static_cast<qint64>(m_objs.size() + m_marks.size()) > m_limits.maxValues)
            return stop(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), at, where);
        return true;
    }

    bool push(int id, qint64 at, DecodeNode* where)
    {
        if (!withinBudget(at, where))
            return false;
        m_stack.push_back(id);
        return true;
    }

    bool makeSequence(Obj::Kind kind, const std::vector<int>& items, qint64 start, qint64 end, qint64 at,
                      DecodeNode* where)
    {
        const int id = newObj(kind, start, end);
        m_objs[id].items = items;
        return push(id, at, where);
    }

    bool extend(int container, const std::vector<int>& items, qint64 end, qint64 at, const PickleOpcode& op,
                DecodeNode* where)
    {
        Obj& c = m_objs[container];
        const bool isDict = c.kind == Obj::Kind::Dict;
        const bool fits = isDict        ? op.code == 's' || op.code == 'u'
            : c.kind == Obj::Kind::List ? op.code == 'a' || op.code == 'e'
            : c.kind == Obj::Kind::Set  ? op.code == 0x90
                                        : false;
        if (!fits)
            return fail(QStringLiteral("%1 applied to something that is not a matching container")
                            .arg(QLatin1StringView(op.name)),
                        at, where);
        if (isDict && items.size() % 2 != 0)
            return fail(QStringLiteral("%1 with an odd number of keys and values").arg(QLatin1StringView(op.name)), at,
                        where);
        c.items.insert(c.items.end(), items.begin(), items.end());
        c.end = std::max(c.end, end);
        return true;
    }

    int makeGlobal(const QString& name, qint64 start, qint64 end)
    {
        const int id = newObj(Obj::Kind::Global, start, end);
        m_objs[id].name = name;
        return id;
    }

    bool instance(const PickleOpcode& op, int callable, int args, int kwargs, qint64 end, qint64 at, DecodeNode* where)
    {
        const int id = newObj(Obj::Kind::Instance, m_objs[callable].start, end);
        m_objs[id].name = QLatin1StringView(op.name);
        m_objs[id].callable = callable;
        m_objs[id].args = args;
        m_objs[id].kwargs = kwargs;
        return push(id, at, where);
    }

    // Runs the opcodes until STOP; returns the result's index, or -1 after a failure.
    int execute(DecodeNode* ops)
    {
        while (true) {
            const qint64 at = m_in.pos();
            const int code = m_in.peek();
            if (code < 0) {
                fail(QStringLiteral("pickle ends without STOP"), at, ops);
                return -1;
            }
            m_in.skip(1);
            const PickleOpcode* op = PickleOpcode::find(static_cast<quint8>(code));
            if (!op) {
                fail(QStringLiteral("unknown pickle opcode 0x%1").arg(code, 2, 16, QLatin1Char('0')), at, ops);
                return -1;
            }
            ++m_opcodes;
            PickleArg arg;
            if (const QString error = PickleArgs::read(*op, m_in, m_limits, at, arg, m_notes); !error.isEmpty()) {
                fail(error, at, ops);
                return -1;
            }
            const qint64 end = m_in.pos();
            DecodeNode* node = nullptr;
            if (ops) {
                node = &ops->add(QLatin1StringView(op->name), QStringLiteral("opcode"), PickleArgs::text(*op, arg), at,
                                 end - at, QLatin1StringView(op->description));
            }
            if (op->code == '.') {
                int result = -1;
                if (!pop(result, at, *op, node))
                    return -1;
                return result;
            }
            if (!step(*op, arg, at, end, node))
                return -1;
        }
    }

    bool step(const PickleOpcode& op, const PickleArg& a, qint64 at, qint64 end, DecodeNode* node)
    {
        int x = -1;
        int y = -1;
        int z = -1;
        std::vector<int> items;
        qint64 markAt = 0;
        switch (op.code) {
        case 0x80:
            m_protocol = static_cast<int>(a.integer);
            if (a.integer > 5)
                return fail(QStringLiteral("unsupported pickle protocol %1").arg(a.integer), at, node);
            return true;
        case 0x95:
        case 0x98:
            return true;
        case '(':
            if (!withinBudget(at, node))
                return false;
            m_marks.push_back({static_cast<qsizetype>(m_stack.size()), at});
            return true;
        case '0':
            if (!m_marks.empty() && static_cast<qsizetype>(m_stack.size()) == m_marks.back().stackSize) {
                m_marks.pop_back();
                return true;
            }
            return pop(x, at, op, node);
        case '1':
            return popMark(items, markAt, at, op, node);
        case '2':
            return top(x, at, op, node) && push(x, at, node);
        case 'I':
        case 'L':
        case 0x8a:
        case 0x8b:
        case 'S':
        case 'V':
            return push(scalar(a.value, at, end), at, node);
        case 'J':
        case 'K':
        case 'M':
            return push(scalar(RpcValue::fromInt(a.integer), at, end), at, node);
        case 'F':
        case 'G':
            return push(scalar(RpcValue::fromDouble(a.real), at, end), at, node);
        case 'T':
        case 'U':
            return push(scalar(RpcValue::fromString(QString::fromLatin1(a.bytes)), at, end), at, node);
        case 'B':
        case 'C':
        case 0x8e:
            return push(scalar(RpcValue::fromBytes(a.bytes.toByteArray()), at, end), at, node);
        case 0x96: {
            RpcValue bytes = RpcValue::fromBytes(a.bytes.toByteArray());
            bytes.setTag(QStringLiteral("bytearray"));
            return push(scalar(std::move(bytes), at, end), at, node);
        }
        case 0x8c:
        case 'X':
        case 0x8d:
            return push(scalar(a.value, at, end), at, node);
        case 0x97:
            m_notes.lenient(QStringLiteral("NEXT_BUFFER takes an out-of-band buffer that is not in the message (Pyro's "
                                           "unpickler refuses it): shown as '<out-of-band buffer>'"),
                            at);
            return push(scalar(RpcValue::fromString(QStringLiteral("<out-of-band buffer>")), at, end), at, node);
        case 'N':
            return push(scalar(RpcValue::nil(), at, end), at, node);
        case 0x88:
        case 0x89:
            return push(scalar(RpcValue::fromBool(op.code == 0x88), at, end), at, node);
        case ']':
            return push(newObj(Obj::Kind::List, at, end), at, node);
        case '}':
            return push(newObj(Obj::Kind::Dict, at, end), at, node);
        case 0x8f:
            return push(newObj(Obj::Kind::Set, at, end), at, node);
        case ')':
            return push(newObj(Obj::Kind::Tuple, at, end), at, node);
        case 0x85:
        case 0x86:
        case 0x87: {
            const int n = op.code - 0x84;
            items.resize(n);
            for (int i = n - 1; i >= 0; --i) {
                if (!pop(items[i], at, op, node))
                    return false;
            }
            return makeSequence(Obj::Kind::Tuple, items, m_objs[items.front()].start, end, at, node);
        }
        case 't':
        case 'l':
        case 0x91:
            if (!popMark(items, markAt, at, op, node))
                return false;
            return makeSequence(op.code == 't'       ? Obj::Kind::Tuple
                                    : op.code == 'l' ? Obj::Kind::List
                                                     : Obj::Kind::FrozenSet,
                                items, markAt, end, at, node);
        case 'd':
            if (!popMark(items, markAt, at, op, node))
                return false;
            if (items.size() % 2 != 0)
                return fail(QStringLiteral("DICT with an odd number of keys and values"), at, node);
            return makeSequence(Obj::Kind::Dict, items, markAt, end, at, node);
        case 'a':
        case 's':
            items.resize(op.code == 'a' ? 1 : 2);
            for (auto it = items.rbegin(); it != items.rend(); ++it) {
                if (!pop(*it, at, op, node))
                    return false;
            }
            return top(x, at, op, node) && extend(x, items, end, at, op, node);
        case 'e':
        case 'u':
        case 0x90:
            if (!popMark(items, markAt, at, op, node) || !top(x, at, op, node))
                return false;
            return extend(x, items, end, at, op, node);
        case 'g':
        case 'h':
        case 'j': {
            const auto it = m_memo.find(a.integer);
            if (it == m_memo.end())
                return fail(QStringLiteral("memo index %1 was never stored").arg(a.integer), at, node);
            return push(it->second, at, node);
        }
        case 'p':
        case 'q':
        case 'r':
            if (!top(x, at, op, node))
                return false;
            m_memo[a.integer] = x;
            return true;
        case 0x94:
            if (!top(x, at, op, node))
                return false;
            m_memo[static_cast<qint64>(m_memo.size())] = x;
            return true;
        case 'c':
            return push(
                makeGlobal(QString::fromUtf8(a.bytes) + QLatin1Char('.') + QString::fromUtf8(a.second), at, end), at,
                node);
        case 0x93: {
            if (!pop(y, at, op, node) || !pop(x, at, op, node))
                return false;
            const Obj& module = m_objs[x];
            const Obj& name = m_objs[y];
            if (module.kind != Obj::Kind::Scalar || !module.scalar.isString() || name.kind != Obj::Kind::Scalar
                || !name.scalar.isString())
                return fail(QStringLiteral("STACK_GLOBAL needs two strings"), at, node);
            const QString full = module.scalar.toString() + QLatin1Char('.') + name.scalar.toString();
            if (node)
                node->value = full;
            return push(makeGlobal(full, module.start, end), at, node);
        }
        case 0x82:
        case 0x83:
        case 0x84:
            return push(makeGlobal(QStringLiteral("<copyreg extension %1>").arg(a.integer), at, end), at, node);
        case 'P':
            m_notes.lenient(QStringLiteral("PERSID names a persistent object that only the sender's pickler knows "
                                           "(Pyro's unpickler refuses it): shown as its id"),
                            at);
            return push(makeGlobal(QStringLiteral("<persistent id %1>").arg(QString::fromUtf8(a.bytes)), at, end), at,
                        node);
        case 'Q':
            if (!pop(x, at, op, node))
                return false;
            m_notes.lenient(QStringLiteral("BINPERSID names a persistent object that only the sender's pickler knows "
                                           "(Pyro's unpickler refuses it): shown as its id"),
                            at);
            return push(makeGlobal(QStringLiteral("<persistent id %1>").arg(PyRepr::repr(m_objs[x].scalar)),
                                   m_objs[x].start, end),
                        at, node);
        case 'R':
        case 0x81:
            if (!pop(y, at, op, node) || !pop(x, at, op, node))
                return false;
            if (node)
                node->value = describeCallable(x)
                    + (op.code == 'R' ? QStringLiteral("(*args)") : QStringLiteral(".__new__(*args)"));
            return instance(op, x, y, -1, end, at, node);
        case 0x92:
            if (!pop(z, at, op, node) || !pop(y, at, op, node) || !pop(x, at, op, node))
                return false;
            if (node)
                node->value = describeCallable(x) + QStringLiteral(".__new__(*args, **kwargs)");
            return instance(op, x, y, z, end, at, node);
        case 'i':
        case 'o': {
            if (!popMark(items, markAt, at, op, node))
                return false;
            int callable = -1;
            if (op.code == 'i') {
                callable
                    = makeGlobal(QString::fromUtf8(a.bytes) + QLatin1Char('.') + QString::fromUtf8(a.second), at, end);
            } else {
                if (items.empty())
                    return fail(QStringLiteral("OBJ without a class above the MARK"), at, node);
                callable = items.front();
                items.erase(items.begin());
            }
            const int args = newObj(Obj::Kind::Tuple, markAt, end);
            m_objs[args].items = items;
            if (node)
                node->value = describeCallable(callable) + QStringLiteral("(*args)");
            return instance(op, callable, args, -1, end, at, node);
        }
        case 'b': {
            if (!pop(y, at, op, node) || !top(x, at, op, node))
                return false;
            Obj& target = m_objs[x];
            if (node)
                node->value = QStringLiteral("state of %1")
                                  .arg(target.kind == Obj::Kind::Instance ? describeCallable(target.callable)
                                                                          : QStringLiteral("the object below"));
            target.state = y;
            target.end = std::max(target.end, end);
            return true;
        }
        default:
            return fail(QStringLiteral("opcode %1 is not handled").arg(QLatin1StringView(op.name)), at, node);
        }
    }

    QString describeCallable(int id) const { return PickleValueBuilder::callableName(m_objs, id); }

    struct Mark
    {
        qsizetype stackSize;
        qint64 offset;
    };

    ByteCursor m_in;
    const DecodeLimits& m_limits;
    std::vector<Obj> m_objs;
    std::vector<int> m_stack;
    std::vector<Mark> m_marks;
    std::unordered_map<qint64, int> m_memo;
    int m_protocol = 0;
    int m_opcodes = 0;
    QString m_error;
    qint64 m_errorOffset = -1;
    bool m_stoppedByLimit = false;
    PyNotes m_notes;
};

} // namespace

PyReadResult PickleDisassembler::parse(QByteArrayView bytes, qint64 base, const DecodeLimits& limits, DecodeNode* tree)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    Machine machine(bytes, base, bounded);
    return machine.run(tree);
}

} // namespace rpcscope
