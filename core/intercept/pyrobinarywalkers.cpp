// The marshal and msgpack walkers of rewritePyroEndpoints (see pyropayloadwalkers.h).
#include "bytecursor.h"
#include "intercept/pyropayloadwalkers.h"
#include "pyro/pyvalue.h"

#include <QtEndian>

namespace rpcscope::pyroendpoints {

namespace {

constexpr quint8 kFlagRef = 0x80;

QString depthError(int depth)
{
    return QStringLiteral("nesting deeper than %1 levels").arg(depth);
}

bool isAscii(const QByteArray& utf8)
{
    return std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<quint8>(c) < 0x80; });
}

void appendLe32(QByteArray& out, quint32 v)
{
    char b[4];
    qToLittleEndian(v, b);
    out.append(b, 4);
}

void appendBe(QByteArray& out, quint64 v, int width)
{
    for (int i = width - 1; i >= 0; --i)
        out.append(char((v >> (8 * i)) & 0xFF));
}

// Python 3.11's marshal (version 4). Every object with FLAG_REF gets the next reference number when its type byte
// is read (containers before their items), which TYPE_REF repeats.
class MarshalWalker
{
public:
    MarshalWalker(QByteArrayView bytes, PayloadEdits& edits, const DecodeLimits& limits)
        : m_in(bytes)
        , m_edits(edits)
        , m_limits(limits)
    { }

    Result<bool> run()
    {
        Seen value;
        if (!read(value, 0))
            return Error {m_error};
        if (!m_in.atEnd())
            return Error {QStringLiteral("bytes after the marshal value")};
        return true;
    }

private:
    bool fail(const QString& why, qint64 at)
    {
        m_error = QStringLiteral("%1 at byte %2 of the marshal payload").arg(why).arg(at);
        return false;
    }
    bool truncated(qint64 at) { return fail(QStringLiteral("marshal data ends inside a value"), at); }

    bool count(qint64& n, qint64 minBytesEach)
    {
        const qint64 at = m_in.pos();
        n = m_in.i32le();
        if (m_in.failed())
            return truncated(at);
        if (n < 0 || n * minBytesEach > m_in.remaining())
            return fail(QStringLiteral("a marshal length of %1 that the %2 bytes left cannot hold")
                            .arg(n)
                            .arg(m_in.remaining()),
                        at);
        return true;
    }

    bool skip(qint64 n, qint64 at) { return m_in.skip(n) || truncated(at); }

    bool readText(qint64 n, Seen& out, qint64 at)
    {
        const QByteArrayView b = m_in.bytes(n);
        if (m_in.failed())
            return truncated(at);
        out.kind = Seen::Kind::Str;
        if (n <= Seen::kMaxText * 4) {
            out.text = QString::fromUtf8(b);
            out.textKnown = out.text.size() <= Seen::kMaxText;
            if (!out.textKnown)
                out.text.clear();
        }
        return true;
    }

    bool read(Seen& out, int depth)
    {
        const qint64 start = m_in.pos();
        if (++m_values > m_limits.maxValues)
            return fail(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), start);
        const quint8 byte = m_in.u8();
        if (m_in.failed())
            return truncated(start);
        const char code = static_cast<char>(byte & 0x7F);
        int ref = -1;
        if ((byte & kFlagRef) && code != 'r') {
            ref = int(m_refs.size());
            m_refs.emplace_back();
        }
        if (!readBody(code, out, depth, start))
            return false;
        out.site = {start, m_in.pos() - start};
        if (ref >= 0) {
            out.object = ref;
            Remembered& remembered = m_refs[std::size_t(ref)];
            remembered.kind = out.kind;
            remembered.text = out.text;
            remembered.textKnown = out.textKnown;
            remembered.number = out.number;
            remembered.numberKnown = out.numberKnown;
            remembered.filled = true;
            m_edits.seenDefinition(ref, out.site);
        }
        if (out.kind == Seen::Kind::Str && code != 'r')
            m_edits.seenString(out);
        return true;
    }

    bool readBody(char code, Seen& out, int depth, qint64 start)
    {
        const qint64 at = m_in.pos();
        switch (code) {
        case 'N':
            out.kind = Seen::Kind::None;
            return true;
        case 'F':
        case 'T':
        case '.':
        case 'S':
            return true;
        case 'i':
            out.number = m_in.i32le();
            out.kind = Seen::Kind::Int;
            out.numberKnown = true;
            return m_in.ok() || truncated(at);
        case 'I':
            out.number = m_in.i64le();
            out.kind = Seen::Kind::Int;
            out.numberKnown = true;
            return m_in.ok() || truncated(at);
        case 'g':
            return skip(8, at);
        case 'y':
            return skip(16, at);
        case 'f':
        case 'x':
            for (int i = 0; i < (code == 'x' ? 2 : 1); ++i) {
                const quint8 n = m_in.u8();
                if (m_in.failed() || !skip(n, at))
                    return truncated(at);
            }
            return true;
        case 'l': {
            const qint32 n = m_in.i32le();
            if (m_in.failed())
                return truncated(at);
            out.kind = Seen::Kind::Int;
            return skip(2 * (n < 0 ? -qint64(n) : qint64(n)), at);
        }
        case 's': {
            qint64 n = 0;
            return count(n, 1) && skip(n, at);
        }
        case 't':
        case 'u':
        case 'a':
        case 'A': {
            qint64 n = 0;
            return count(n, 1) && readText(n, out, at);
        }
        case 'z':
        case 'Z': {
            const quint8 n = m_in.u8();
            return m_in.failed() ? truncated(at) : readText(n, out, at);
        }
        case '(':
        case ')':
        case '[':
        case '<':
        case '>': {
            qint64 n = 0;
            if (code == ')') {
                n = m_in.u8();
                if (m_in.failed())
                    return truncated(at);
            } else if (!count(n, 1)) {
                return false;
            }
            if (depth >= m_limits.maxDepth)
                return fail(depthError(m_limits.maxDepth), start);
            out.kind = Seen::Kind::Sequence;
            for (qint64 i = 0; i < n; ++i) {
                Seen item;
                if (!read(item, depth + 1))
                    return false;
                keepItem(out, std::move(item));
            }
            return true;
        }
        case '{': {
            if (depth >= m_limits.maxDepth)
                return fail(depthError(m_limits.maxDepth), start);
            DictWatch dict;
            while (true) {
                if (m_in.peek() == '0') {
                    m_in.skip(1);
                    break;
                }
                Seen key;
                Seen value;
                if (!read(key, depth + 1) || !read(value, depth + 1))
                    return false;
                dict.member(key, std::move(value));
            }
            out = std::move(dict).finish({start, m_in.pos() - start});
            if (out.kind == Seen::Kind::Object)
                m_edits.seenObject(out);
            return true;
        }
        case 'r': {
            const quint32 index = m_in.u32le();
            if (m_in.failed())
                return truncated(at);
            if (index >= m_refs.size() || !m_refs[index].filled)
                return fail(QStringLiteral("a reference to an object not seen before"), start);
            // A repeated str or int is that object again (its literal decides what every reference reads); a
            // repeated container is not looked into twice.
            const Remembered& remembered = m_refs[index];
            if (remembered.kind == Seen::Kind::Str || remembered.kind == Seen::Kind::Int
                || remembered.kind == Seen::Kind::None) {
                out.kind = remembered.kind;
                out.text = remembered.text;
                out.textKnown = remembered.textKnown;
                out.number = remembered.number;
                out.numberKnown = remembered.numberKnown;
            }
            out.object = int(index);
            m_edits.seenReference(int(index), {start, m_in.pos() - start});
            return true;
        }
        default:
            return fail(
                QStringLiteral("marshal type code 0x%1 is not read here").arg(quint8(code), 2, 16, QLatin1Char('0')),
                start);
        }
    }

    ByteCursor m_in;
    PayloadEdits& m_edits;
    const DecodeLimits& m_limits;
    // What each FLAG_REF object was, as far as its references need it.
    struct Remembered
    {
        Seen::Kind kind = Seen::Kind::Other;
        bool filled = false;
        bool textKnown = false;
        bool numberKnown = false;
        QString text;
        qint64 number = 0;
    };
    std::vector<Remembered> m_refs;
    qint64 m_values = 0;
    QString m_error;
};

QByteArray marshalLiteral(QByteArrayView payload, const Scalar& value, qint64 templateOffset, bool definition)
{
    const quint8 templ = static_cast<quint8>(payload[templateOffset]);
    const char code = static_cast<char>(templ & 0x7F);
    const quint8 flag = definition ? (templ & kFlagRef) : 0;
    QByteArray out;
    if (!value.isText) {
        if (value.number < std::numeric_limits<qint32>::min() || value.number > std::numeric_limits<qint32>::max())
            return {};
        out.append(char('i' | flag));
        appendLe32(out, quint32(qint32(value.number)));
        return out;
    }
    const QByteArray utf8 = value.text.toUtf8();
    const bool interned = code == 'Z' || code == 'A' || code == 't';
    if (isAscii(utf8) && utf8.size() < 256 && (code == 'z' || code == 'Z')) {
        out.append(char(code | flag));
        out.append(char(utf8.size()));
    } else {
        const char wide = isAscii(utf8) && code != 'u' && code != 't' ? (interned ? 'A' : 'a') : (interned ? 't' : 'u');
        out.append(char(wide | flag));
        appendLe32(out, quint32(utf8.size()));
    }
    return out + utf8;
}

// msgpack as msgpack-python writes it (Pyro's extension types are opaque here).
class MsgpackWalker
{
public:
    MsgpackWalker(QByteArrayView bytes, PayloadEdits& edits, const DecodeLimits& limits)
        : m_in(bytes)
        , m_edits(edits)
        , m_limits(limits)
    { }

    Result<bool> run()
    {
        Seen value;
        if (!read(value, 0))
            return Error {m_error};
        if (!m_in.atEnd())
            return Error {QStringLiteral("bytes after the msgpack value")};
        return true;
    }

private:
    bool fail(const QString& why, qint64 at)
    {
        m_error = QStringLiteral("%1 at byte %2 of the msgpack payload").arg(why).arg(at);
        return false;
    }
    bool truncated(qint64 at) { return fail(QStringLiteral("msgpack data ends inside a value"), at); }

    quint64 unsignedOf(int width)
    {
        quint64 v = 0;
        for (int i = 0; i < width; ++i)
            v = (v << 8) | m_in.u8();
        return v;
    }

    bool read(Seen& out, int depth)
    {
        const qint64 start = m_in.pos();
        if (++m_values > m_limits.maxValues)
            return fail(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), start);
        const quint8 b = m_in.u8();
        if (m_in.failed())
            return truncated(start);
        qint64 items = -1;
        bool map = false;
        qint64 skipBytes = 0;
        if (b <= 0x7F || b >= 0xE0) {
            out.kind = Seen::Kind::Int;
            out.number = b <= 0x7F ? qint64(b) : qint64(qint8(b));
            out.numberKnown = true;
        } else if (b <= 0x8F) {
            items = b & 0x0F;
            map = true;
        } else if (b <= 0x9F) {
            items = b & 0x0F;
        } else if (b <= 0xBF) {
            if (!readStr(b & 0x1F, out, start))
                return false;
        } else {
            switch (b) {
            case 0xC0:
                out.kind = Seen::Kind::None;
                break;
            case 0xC2:
            case 0xC3:
                break;
            case 0xC4:
            case 0xC5:
            case 0xC6:
                skipBytes = qint64(unsignedOf(1 << (b - 0xC4)));
                break;
            case 0xC7:
            case 0xC8:
            case 0xC9:
                skipBytes = qint64(unsignedOf(1 << (b - 0xC7))) + 1;
                break;
            case 0xCA:
                skipBytes = 4;
                break;
            case 0xCB:
                skipBytes = 8;
                break;
            case 0xCC:
            case 0xCD:
            case 0xCE:
            case 0xCF: {
                const quint64 v = unsignedOf(1 << (b - 0xCC));
                out.kind = Seen::Kind::Int;
                out.numberKnown = v <= quint64(std::numeric_limits<qint64>::max());
                out.number = out.numberKnown ? qint64(v) : 0;
                break;
            }
            case 0xD0:
            case 0xD1:
            case 0xD2:
            case 0xD3: {
                const int width = 1 << (b - 0xD0);
                quint64 v = unsignedOf(width);
                if (width < 8 && (v >> (8 * width - 1)))
                    v |= ~quint64(0) << (8 * width);
                out.kind = Seen::Kind::Int;
                out.number = qint64(v);
                out.numberKnown = true;
                break;
            }
            case 0xD4:
            case 0xD5:
            case 0xD6:
            case 0xD7:
            case 0xD8:
                skipBytes = 1 + (qint64(1) << (b - 0xD4));
                break;
            case 0xD9:
            case 0xDA:
            case 0xDB: {
                const qint64 n = qint64(unsignedOf(1 << (b - 0xD9)));
                if (m_in.failed())
                    return truncated(start);
                if (!readStr(n, out, start))
                    return false;
                break;
            }
            case 0xDC:
            case 0xDD:
                items = qint64(unsignedOf(b == 0xDC ? 2 : 4));
                break;
            case 0xDE:
            case 0xDF:
                items = qint64(unsignedOf(b == 0xDE ? 2 : 4));
                map = true;
                break;
            default:
                return fail(QStringLiteral("msgpack byte 0xc1, which no value starts with"), start);
            }
        }
        if (m_in.failed())
            return truncated(start);
        if (skipBytes > 0 && !m_in.skip(skipBytes))
            return truncated(start);
        if (items >= 0 && !readContainer(items, map, out, depth, start))
            return false;
        out.site = {start, m_in.pos() - start};
        if (out.kind == Seen::Kind::Str)
            m_edits.seenString(out);
        return true;
    }

    bool readStr(qint64 n, Seen& out, qint64 start)
    {
        const QByteArrayView b = m_in.bytes(n);
        if (m_in.failed())
            return truncated(start);
        out.kind = Seen::Kind::Str;
        if (n <= Seen::kMaxText * 4) {
            out.text = QString::fromUtf8(b);
            out.textKnown = out.text.size() <= Seen::kMaxText;
            if (!out.textKnown)
                out.text.clear();
        }
        return true;
    }

    bool readContainer(qint64 n, bool map, Seen& out, int depth, qint64 start)
    {
        if (n * (map ? 2 : 1) > m_in.remaining())
            return fail(QStringLiteral("a msgpack container of %1 items that the %2 bytes left cannot hold")
                            .arg(n)
                            .arg(m_in.remaining()),
                        start);
        if (depth >= m_limits.maxDepth)
            return fail(depthError(m_limits.maxDepth), start);
        if (!map) {
            out.kind = Seen::Kind::Sequence;
            for (qint64 i = 0; i < n; ++i) {
                Seen item;
                if (!read(item, depth + 1))
                    return false;
                keepItem(out, std::move(item));
            }
            return true;
        }
        DictWatch dict;
        for (qint64 i = 0; i < n; ++i) {
            Seen key;
            Seen value;
            if (!read(key, depth + 1) || !read(value, depth + 1))
                return false;
            dict.member(key, std::move(value));
        }
        out = std::move(dict).finish({start, m_in.pos() - start});
        if (out.kind == Seen::Kind::Object)
            m_edits.seenObject(out);
        return true;
    }

    ByteCursor m_in;
    PayloadEdits& m_edits;
    const DecodeLimits& m_limits;
    qint64 m_values = 0;
    QString m_error;
};

QByteArray msgpackLiteral(const Scalar& value)
{
    QByteArray out;
    if (!value.isText) {
        const qint64 n = value.number;
        if (n < 0)
            return {};
        if (n < 0x80) {
            out.append(char(n));
        } else if (n <= 0xFF) {
            out.append(char(0xCC));
            appendBe(out, quint64(n), 1);
        } else if (n <= 0xFFFF) {
            out.append(char(0xCD));
            appendBe(out, quint64(n), 2);
        } else if (n <= 0xFFFFFFFFLL) {
            out.append(char(0xCE));
            appendBe(out, quint64(n), 4);
        } else {
            out.append(char(0xCF));
            appendBe(out, quint64(n), 8);
        }
        return out;
    }
    const QByteArray utf8 = value.text.toUtf8();
    const qint64 n = utf8.size();
    if (n < 32) {
        out.append(char(0xA0 | n));
    } else if (n <= 0xFF) {
        out.append(char(0xD9));
        appendBe(out, quint64(n), 1);
    } else if (n <= 0xFFFF) {
        out.append(char(0xDA));
        appendBe(out, quint64(n), 2);
    } else {
        out.append(char(0xDB));
        appendBe(out, quint64(n), 4);
    }
    return out + utf8;
}

} // namespace

Result<PayloadEdits::Encoder> walkMarshal(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    MarshalWalker walker(payload, edits, bounded);
    if (const auto read = walker.run(); !read)
        return Error {read.error()};
    return PayloadEdits::Encoder([payload](const Scalar& value, qint64 templateOffset, bool definition) {
        return marshalLiteral(payload, value, templateOffset, definition);
    });
}

Result<PayloadEdits::Encoder> walkMsgpack(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    MsgpackWalker walker(payload, edits, bounded);
    if (const auto read = walker.run(); !read)
        return Error {read.error()};
    return PayloadEdits::Encoder([](const Scalar& value, qint64, bool) { return msgpackLiteral(value); });
}

} // namespace rpcscope::pyroendpoints
