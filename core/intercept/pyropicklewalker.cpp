// The pickle walker of rewritePyroEndpoints (see pyropayloadwalkers.h): the pickle machine run over the opcodes
// without building values, keeping only what URIs need (strs, ints, tuples of at most 5 items, classes of objects,
// the memo). Nothing is imported or called.
#include "bytecursor.h"
#include "intercept/pyropayloadwalkers.h"
#include "intercept/pyropickleliterals.h"
#include "pyro/pickleopcodes.h"
#include "pyro/pyvalue.h"

#include <QHash>
#include <QtEndian>

namespace rpcscope::pyroendpoints {

namespace {

struct Object
{
    Seen::Kind kind = Seen::Kind::Other;
    QString text; // Str (when short), a global's "module.name", an instance's class
    bool textKnown = false;
    qint64 number = 0;
    bool numberKnown = false;
    bool global = false;
    bool instance = false;
    bool longTuple = false;
    std::vector<std::pair<int, Site>> items; // a tuple of at most Seen::kMaxItems
};

struct Pushed
{
    int object = -1;
    Site site;
};

class PickleWalker
{
public:
    PickleWalker(QByteArrayView bytes, PayloadEdits& edits, const DecodeLimits& limits)
        : m_in(bytes)
        , m_edits(edits)
        , m_limits(limits)
    {
        m_objects.resize(2);
        m_objects[kNone].kind = Seen::Kind::None;
    }

    Result<bool> run()
    {
        while (true) {
            if (!step())
                return Error {m_error};
            if (m_stopped)
                break;
        }
        if (!m_in.atEnd())
            return Error {QStringLiteral("bytes after the pickle's STOP")};
        return true;
    }

private:
    bool fail(const QString& why, qint64 at)
    {
        m_error = QStringLiteral("%1 at byte %2 of the pickle").arg(why).arg(at);
        return false;
    }

    // The stack above the last MARK: what opcodes other than the MARK-taking ones may use.
    std::size_t frameBase() const { return m_marks.empty() ? 0 : m_marks.back(); }

    int make(Object o)
    {
        m_objects.push_back(std::move(o));
        return int(m_objects.size() - 1);
    }

    bool push(int object, Site site)
    {
        if (qint64(m_stack.size()) >= m_limits.maxValues || qint64(m_objects.size()) > m_limits.maxValues)
            return fail(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), site.offset);
        m_stack.push_back({object, site});
        return true;
    }

    bool pop(Pushed& out, qint64 at)
    {
        if (m_stack.size() <= frameBase())
            return fail(QStringLiteral("an opcode takes more from the stack than it holds"), at);
        out = m_stack.back();
        m_stack.pop_back();
        return true;
    }

    bool popMark(std::vector<Pushed>& items, qint64 at)
    {
        if (m_marks.empty())
            return fail(QStringLiteral("an opcode needs a MARK that is not there"), at);
        items.assign(m_stack.begin() + qsizetype(m_marks.back()), m_stack.end());
        m_stack.resize(m_marks.back());
        m_marks.pop_back();
        return true;
    }

    int tupleOf(const std::vector<Pushed>& items)
    {
        Object t;
        t.kind = Seen::Kind::Sequence;
        if (items.size() <= Seen::kMaxItems)
            for (const Pushed& p : items)
                t.items.emplace_back(p.object, p.site);
        else
            t.longTuple = true;
        return make(std::move(t));
    }

    Seen seenOf(int object, Site site) const
    {
        const Object& o = m_objects[std::size_t(object)];
        Seen s;
        s.kind = o.kind;
        s.site = site;
        s.object = object;
        s.text = o.textKnown ? o.text : QString();
        s.textKnown = o.textKnown;
        s.number = o.number;
        s.numberKnown = o.numberKnown;
        return s;
    }

    // The class an object made by REDUCE/NEWOBJ/OBJ is an instance of ("" when not a plain global).
    QString classOf(const Pushed& callable, const Pushed& args) const
    {
        const Object& c = m_objects[std::size_t(callable.object)];
        if (!c.global)
            return {};
        if (c.text == QLatin1String("copyreg._reconstructor") || c.text == QLatin1String("copy_reg._reconstructor")) {
            if (args.object < 0)
                return {};
            const Object& a = m_objects[std::size_t(args.object)];
            if (!a.items.empty() && m_objects[std::size_t(a.items.front().first)].global)
                return m_objects[std::size_t(a.items.front().first)].text;
            return {};
        }
        return c.text;
    }

    bool pushScalar(Object o, Site site)
    {
        const Seen::Kind kind = o.kind;
        const int id = make(std::move(o));
        if (kind == Seen::Kind::Str || kind == Seen::Kind::Int)
            m_edits.seenDefinition(id, site);
        if (kind == Seen::Kind::Str)
            m_edits.seenString(seenOf(id, site));
        return push(id, site);
    }

    bool pushAgain(int object, Site site)
    {
        const Seen::Kind kind = m_objects[std::size_t(object)].kind;
        if (kind == Seen::Kind::Str || kind == Seen::Kind::Int)
            m_edits.seenReference(object, site);
        return push(object, site);
    }

    bool memoPut(quint64 index, qint64 at)
    {
        if (m_stack.size() <= frameBase())
            return fail(QStringLiteral("a memo put with an empty stack"), at);
        if (qint64(m_memo.size()) >= m_limits.maxValues)
            return fail(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), at);
        m_memo.insert(index, m_stack.back().object);
        return true;
    }

    bool memoGet(quint64 index, Site site)
    {
        const auto it = m_memo.constFind(index);
        if (it == m_memo.constEnd())
            return fail(QStringLiteral("a memo get of an index never put"), site.offset);
        return pushAgain(*it, site);
    }

    static Object str(QString text)
    {
        Object o;
        o.kind = Seen::Kind::Str;
        if (text.size() <= Seen::kMaxText) {
            o.text = std::move(text);
            o.textKnown = true;
        }
        return o;
    }
    static Object integer(std::optional<qint64> n)
    {
        Object o;
        o.kind = Seen::Kind::Int;
        o.number = n.value_or(0);
        o.numberKnown = n.has_value();
        return o;
    }

    bool step()
    {
        const qint64 at = m_in.pos();
        const quint8 code = m_in.u8();
        if (m_in.failed())
            return fail(QStringLiteral("the pickle ends without STOP"), at);
        const PickleOpcode* op = PickleOpcode::find(code);
        if (!op)
            return fail(QStringLiteral("byte 0x%1 is no pickle opcode").arg(code, 2, 16, QLatin1Char('0')), at);
        // The opcode's inline argument.
        QByteArrayView arg;
        QByteArrayView arg2;
        quint64 number = 0;
        switch (op->arg) {
        case PickleOpcode::Arg::None:
            break;
        case PickleOpcode::Arg::U1:
            number = m_in.u8();
            break;
        case PickleOpcode::Arg::U2:
            number = m_in.u16le();
            break;
        case PickleOpcode::Arg::I4:
            number = quint64(qint64(m_in.i32le()));
            break;
        case PickleOpcode::Arg::U4:
            number = m_in.u32le();
            break;
        case PickleOpcode::Arg::U8:
            number = m_in.u64le();
            break;
        case PickleOpcode::Arg::F8:
            m_in.skip(8);
            break;
        case PickleOpcode::Arg::TwoLines:
            if (!line(arg, at))
                return false;
            [[fallthrough]];
        case PickleOpcode::Arg::DecimalLine:
        case PickleOpcode::Arg::LongLine:
        case PickleOpcode::Arg::FloatLine:
        case PickleOpcode::Arg::QuotedLine:
        case PickleOpcode::Arg::UnicodeLine:
        case PickleOpcode::Arg::Line:
            if (!line(op->arg == PickleOpcode::Arg::TwoLines ? arg2 : arg, at))
                return false;
            break;
        case PickleOpcode::Arg::Bytes1:
        case PickleOpcode::Arg::Long1:
            arg = m_in.bytes(m_in.u8());
            break;
        case PickleOpcode::Arg::Bytes4:
        case PickleOpcode::Arg::Long4: {
            const quint32 n = m_in.u32le();
            if (m_in.ok() && n > m_in.remaining())
                return fail(QStringLiteral("a length of %1 that the bytes left cannot hold").arg(n), at);
            arg = m_in.bytes(n);
            break;
        }
        case PickleOpcode::Arg::Bytes8: {
            const quint64 n = m_in.u64le();
            if (m_in.ok() && n > quint64(m_in.remaining()))
                return fail(QStringLiteral("a length of %1 that the bytes left cannot hold").arg(n), at);
            arg = m_in.bytes(qint64(n));
            break;
        }
        }
        if (m_in.failed())
            return fail(QStringLiteral("the pickle ends inside an opcode"), at);
        const Site site {at, m_in.pos() - at};
        return apply(code, arg, arg2, number, site);
    }

    bool line(QByteArrayView& out, qint64 at)
    {
        const QByteArrayView rest = m_in.rest();
        const qsizetype nl = rest.indexOf('\n');
        if (nl < 0)
            return fail(QStringLiteral("a line argument without its newline"), at);
        out = rest.first(nl);
        m_in.skip(nl + 1);
        return true;
    }

    bool apply(quint8 code, QByteArrayView arg, QByteArrayView arg2, quint64 number, Site site)
    {
        const qint64 at = site.offset;
        Pushed a;
        Pushed b;
        Pushed c;
        std::vector<Pushed> items;
        switch (code) {
        case '(':
            if (qint64(m_marks.size()) >= m_limits.maxValues)
                return fail(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), at);
            m_marks.push_back(m_stack.size());
            return true;
        case '.':
            m_stopped = true;
            return true;
        case 0x80: // PROTO
            return true;
        case 0x95: { // FRAME: its length counts the opcodes after it, up to the next frame
            const qint64 start = site.offset + site.length;
            if (number > quint64(m_in.remaining()))
                return fail(QStringLiteral("a FRAME longer than the bytes left"), at);
            if (at < m_frameEnd)
                return fail(QStringLiteral("a FRAME inside the frame before it"), at);
            m_frameEnd = start + qint64(number);
            m_edits.addLengthField({at + 1, 8, start, m_frameEnd, number});
            return true;
        }
        case 'X':
        case 0x8C:
        case 0x8D:
            if (arg.size() > Seen::kMaxText * 4) { // no URI: its text is not kept
                Object long_;
                long_.kind = Seen::Kind::Str;
                return pushScalar(std::move(long_), site);
            }
            return pushScalar(str(QString::fromUtf8(arg)), site);
        case 'V':
            return pushScalar(str(rawUnicodeUnescape(arg)), site);
        case 'J':
            return pushScalar(integer(qint64(number)), site);
        case 'K':
        case 'M':
            return pushScalar(integer(qint64(number)), site);
        case 'I':
            if (arg == "00" || arg == "01")
                return push(kOther, site);
            [[fallthrough]];
        case 'L': {
            QByteArrayView digits = arg;
            if (digits.endsWith('L'))
                digits.chop(1);
            bool ok = false;
            const qint64 n = digits.toLongLong(&ok);
            return pushScalar(integer(ok ? std::optional<qint64>(n) : std::nullopt), site);
        }
        case 0x8A:
        case 0x8B: {
            std::optional<qint64> n;
            if (arg.size() <= 8) {
                quint64 v = 0;
                for (qsizetype i = arg.size() - 1; i >= 0; --i)
                    v = (v << 8) | static_cast<quint8>(arg[i]);
                if (!arg.isEmpty() && arg.size() < 8 && (static_cast<quint8>(arg.back()) & 0x80))
                    v |= ~quint64(0) << (8 * arg.size());
                n = qint64(v);
            }
            return pushScalar(integer(n), site);
        }
        case 'N': {
            return push(kNone, site);
        }
        case 'F':
        case 'G':
        case 0x88:
        case 0x89:
        case 'S':
        case 'T':
        case 'U':
        case 'B':
        case 'C':
        case 0x8E:
        case 0x96:
        case 0x97:
        case 'P':
        case 0x82:
        case 0x83:
        case 0x84:
        case ']':
        case '}':
        case 0x8F:
            return push(kOther, site);
        case ')':
            return push(tupleOf({}), site);
        case 'l':
        case 'd':
        case 0x91:
            return popMark(items, at) && push(kOther, site);
        case 't':
            return popMark(items, at) && push(tupleOf(items), site);
        case 0x85:
        case 0x86:
        case 0x87:
            items.resize(std::size_t(code - 0x84));
            for (auto it = items.rbegin(); it != items.rend(); ++it)
                if (!pop(*it, at))
                    return false;
            return push(tupleOf(items), site);
        case 'a':
        case 'Q':
        case 0x98:
            if (!pop(a, at))
                return false;
            return code == 'a' || push(code == 0x98 ? a.object : kOther, site);
        case 's':
            return pop(a, at) && pop(b, at);
        case 'e':
        case 'u':
        case 0x90:
        case '1':
            return popMark(items, at);
        case '0':
            if (!m_marks.empty() && m_stack.size() == m_marks.back()) {
                m_marks.pop_back();
                return true;
            }
            return pop(a, at);
        case '2':
            if (m_stack.size() <= frameBase())
                return fail(QStringLiteral("DUP with an empty stack"), at);
            return pushAgain(m_stack.back().object, site);
        case 'g': {
            bool ok = false;
            const quint64 index = arg.toULongLong(&ok);
            return ok ? memoGet(index, site) : fail(QStringLiteral("a bad GET index"), at);
        }
        case 'h':
        case 'j':
            return memoGet(number, site);
        case 'p': {
            bool ok = false;
            const quint64 index = arg.toULongLong(&ok);
            return ok ? memoPut(index, at) : fail(QStringLiteral("a bad PUT index"), at);
        }
        case 'q':
        case 'r':
            return memoPut(number, at);
        case 0x94:
            return memoPut(quint64(m_memo.size()), at);
        case 'c': {
            Object g;
            g.global = true;
            g.text = QString::fromUtf8(arg) + QLatin1Char('.') + QString::fromUtf8(arg2);
            return push(make(std::move(g)), site);
        }
        case 0x93: { // STACK_GLOBAL: module, name
            if (!pop(b, at) || !pop(a, at))
                return false;
            Object g;
            g.global = true;
            const Object& module = m_objects[std::size_t(a.object)];
            const Object& name = m_objects[std::size_t(b.object)];
            if (module.textKnown && name.textKnown)
                g.text = module.text + QLatin1Char('.') + name.text;
            return push(make(std::move(g)), site);
        }
        case 'R':
        case 0x81:
            if (!pop(b, at) || !pop(a, at))
                return false;
            return pushInstance(code == 'R' ? classOf(a, b) : classOf(a, {}), site);
        case 0x92:
            if (!pop(c, at) || !pop(b, at) || !pop(a, at))
                return false;
            return pushInstance(classOf(a, {}), site);
        case 'i':
            if (!popMark(items, at))
                return false;
            return pushInstance(QString::fromUtf8(arg) + QLatin1Char('.') + QString::fromUtf8(arg2), site);
        case 'o':
            if (!popMark(items, at))
                return false;
            if (items.empty())
                return fail(QStringLiteral("OBJ without a class"), at);
            return pushInstance(classOf(items.front(), {}), site);
        case 'b': {
            if (!pop(b, at) || m_stack.size() <= frameBase())
                return m_error.isEmpty() ? fail(QStringLiteral("BUILD without an object"), at) : false;
            const Object& target = m_objects[std::size_t(m_stack.back().object)];
            if (target.instance)
                seenInstance(target.text, b);
            return true;
        }
        default:
            return fail(QStringLiteral("pickle opcode 0x%1 is not read here").arg(code, 2, 16, QLatin1Char('0')), at);
        }
    }

    bool pushInstance(const QString& className, Site site)
    {
        Object o;
        o.instance = true;
        o.text = className;
        return push(make(std::move(o)), site);
    }

    // BUILD gave an object its state: a URI's is the tuple (protocol, object, sockname, host, port).
    void seenInstance(const QString& className, const Pushed& state)
    {
        const Object& s = m_objects[std::size_t(state.object)];
        if (s.kind != Seen::Kind::Sequence || s.longTuple)
            return;
        Seen object;
        object.kind = Seen::Kind::Object;
        object.className = className;
        Seen tuple;
        tuple.kind = Seen::Kind::Sequence;
        tuple.site = state.site;
        for (const auto& [item, itemSite] : s.items)
            tuple.items.push_back(seenOf(item, itemSite));
        object.items.push_back(std::move(tuple));
        m_edits.seenObject(object);
    }

    // Values that tell nothing about URIs (lists, dicts, floats, bytes...) are one shared object, and so is None:
    // only strs, ints, tuples, classes and instances take room of their own.
    static constexpr int kOther = 0;
    static constexpr int kNone = 1;

    ByteCursor m_in;
    PayloadEdits& m_edits;
    const DecodeLimits& m_limits;
    std::vector<Object> m_objects;
    std::vector<Pushed> m_stack;
    std::vector<std::size_t> m_marks;
    QHash<quint64, int> m_memo;
    bool m_stopped = false;
    qint64 m_frameEnd = 0;
    QString m_error;
};

} // namespace

Result<PayloadEdits::Encoder> walkPickle(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits)
{
    PickleWalker walker(payload, edits, limits);
    if (const auto read = walker.run(); !read)
        return Error {read.error()};
    return PayloadEdits::Encoder([payload](const Scalar& value, qint64 templateOffset, bool) {
        return pickleLiteral(payload, value, templateOffset);
    });
}

} // namespace rpcscope::pyroendpoints
