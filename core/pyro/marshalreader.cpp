#include "marshalreader.h"

#include "bytecursor.h"
#include "pyintegers.h"
#include "pytext.h"

#include <vector>

namespace rpcscope {

namespace {

constexpr quint8 kFlagRef = 0x80;

QString codeName(char code)
{
    switch (code) {
    case 'N':
        return QStringLiteral("TYPE_NONE");
    case 'F':
        return QStringLiteral("TYPE_FALSE");
    case 'T':
        return QStringLiteral("TYPE_TRUE");
    case 'S':
        return QStringLiteral("TYPE_STOPITER");
    case '.':
        return QStringLiteral("TYPE_ELLIPSIS");
    case 'i':
        return QStringLiteral("TYPE_INT (4-byte little-endian)");
    case 'I':
        return QStringLiteral("TYPE_INT64 (8-byte little-endian)");
    case 'f':
        return QStringLiteral("TYPE_FLOAT (repr text, 1-byte length)");
    case 'g':
        return QStringLiteral("TYPE_BINARY_FLOAT (8-byte IEEE double)");
    case 'x':
        return QStringLiteral("TYPE_COMPLEX (two repr texts)");
    case 'y':
        return QStringLiteral("TYPE_BINARY_COMPLEX (two IEEE doubles)");
    case 'l':
        return QStringLiteral("TYPE_LONG (signed count, then 15-bit digits)");
    case 's':
        return QStringLiteral("TYPE_STRING (bytes, 4-byte length)");
    case 't':
        return QStringLiteral("TYPE_INTERNED (UTF-8, 4-byte length)");
    case 'u':
        return QStringLiteral("TYPE_UNICODE (UTF-8, 4-byte length)");
    case 'a':
        return QStringLiteral("TYPE_ASCII (4-byte length)");
    case 'A':
        return QStringLiteral("TYPE_ASCII_INTERNED (4-byte length)");
    case 'z':
        return QStringLiteral("TYPE_SHORT_ASCII (1-byte length)");
    case 'Z':
        return QStringLiteral("TYPE_SHORT_ASCII_INTERNED (1-byte length)");
    case '(':
        return QStringLiteral("TYPE_TUPLE (4-byte count)");
    case ')':
        return QStringLiteral("TYPE_SMALL_TUPLE (1-byte count)");
    case '[':
        return QStringLiteral("TYPE_LIST (4-byte count)");
    case '{':
        return QStringLiteral("TYPE_DICT (key/value pairs ended by TYPE_NULL)");
    case '<':
        return QStringLiteral("TYPE_SET (4-byte count)");
    case '>':
        return QStringLiteral("TYPE_FROZENSET (4-byte count)");
    case 'r':
        return QStringLiteral("TYPE_REF (4-byte index of an earlier object)");
    default:
        return QStringLiteral("type '%1'").arg(QChar::fromLatin1(code));
    }
}

class Reader
{
public:
    Reader(QByteArrayView bytes, qint64 base, const DecodeLimits& limits)
        : m_in(bytes, base)
        , m_limits(limits)
    { }

    PyReadResult run(DecodeNode* tree)
    {
        PyReadResult r;
        if (read(tree, QStringLiteral("value"), r.value, 0) && !m_in.atEnd())
            fail(QStringLiteral("%1 bytes after the marshal value").arg(m_in.remaining()), m_in.pos(), tree);
        r.error = m_error;
        r.errorOffset = m_errorOffset;
        r.stoppedByLimit = m_stoppedByLimit;
        r.notes = m_notes.take();
        return r;
    }

private:
    struct Ref
    {
        RpcValue value;
        qint64 count = 1;
        bool filled = false;
    };

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

    // A limit stops reading: what was read stays, the message is cut rather than malformed.
    bool stop(const QString& text, qint64 pos, DecodeNode* where)
    {
        if (m_error.isEmpty())
            m_stoppedByLimit = true;
        return fail(text, pos, where);
    }

    bool truncated(DecodeNode* where, qint64 at)
    {
        return fail(QStringLiteral("marshal data ends in the middle of a value"), at, where);
    }

    // A 4-byte count or length that must fit in what is left (each item takes at least `minEach` bytes).
    bool readCount(qint64& n, int minEach, DecodeNode* node)
    {
        const qint64 at = m_in.pos();
        const qint32 v = m_in.i32le();
        if (m_in.failed())
            return truncated(node, at);
        if (v < 0 || qint64(v) * minEach > m_in.remaining())
            return fail(QStringLiteral("marshal length %1 does not fit the %2 bytes left").arg(v).arg(m_in.remaining()),
                        at, node);
        n = v;
        return true;
    }

    // Reads one value; a value cut short by an error keeps its node, marked incomplete, up to where reading stopped.
    bool read(DecodeNode* parent, const QString& name, RpcValue& out, int depth)
    {
        const std::size_t before = parent ? parent->children.size() : 0;
        if (readInner(parent, name, out, depth))
            return true;
        if (parent && parent->children.size() > before)
            pyvalue::markIncomplete(parent->children[before], m_in.pos());
        return false;
    }

    bool readInner(DecodeNode* parent, const QString& name, RpcValue& out, int depth)
    {
        const qint64 start = m_in.pos();
        DecodeNode* node = parent ? &parent->add(name, QString(), QString(), start, 0) : nullptr;
        if (++m_values > m_limits.maxValues)
            return stop(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), start, node);
        const quint8 byte = m_in.u8();
        if (m_in.failed())
            return truncated(node, start);
        const char code = static_cast<char>(byte & 0x7F);
        qsizetype refIndex = -1;
        if (byte & kFlagRef) {
            refIndex = static_cast<qsizetype>(m_refs.size());
            m_refs.push_back({});
        }
        const qint64 valuesBefore = m_values;
        if (!readBody(code, out, node, depth))
            return false;
        if (refIndex >= 0) {
            m_refs[refIndex] = {out, m_values - valuesBefore + 1, true};
        }
        if (node && node->type == QLatin1String("cut")) {
            node->length = m_in.pos() - node->offset;
        } else if (node) {
            QString description = QStringLiteral("marshal %1").arg(codeName(code));
            if (refIndex >= 0)
                description += QStringLiteral("; FLAG_REF: remembered as reference #%1").arg(refIndex);
            if (code == 'r')
                description = QStringLiteral("marshal TYPE_REF: the same object as reference #%1, sent again by "
                                             "index")
                                  .arg(m_lastRef);
            pyvalue::finishNode(*node, out, m_in.pos(), description);
        }
        return true;
    }

    // Takes `n` bytes of string data; past max-string-bytes only the first ones are kept (not splitting a UTF-8
    // sequence when `utf8`), the rest is skipped and the cut noted.
    bool takeStringBytes(qint64 n, bool utf8, const char* what, QByteArrayView& b, DecodeNode* node)
    {
        const qint64 at = m_in.pos();
        b = m_in.bytes(n);
        if (m_in.failed())
            return truncated(node, at);
        const qint64 max = m_limits.maxStringBytes;
        if (n > max) {
            qint64 keep = max;
            while (utf8 && keep > 0 && keep < n && (static_cast<quint8>(b[keep]) & 0xC0) == 0x80)
                --keep;
            m_notes.truncated(QStringLiteral("%1 of %2 bytes cut to the first %3 (max-string-bytes)")
                                  .arg(QLatin1StringView(what))
                                  .arg(n)
                                  .arg(keep),
                              at);
            b = b.first(keep);
        }
        return true;
    }

    bool readText(qint64 n, bool ascii, RpcValue& out, DecodeNode* node)
    {
        const qint64 at = m_in.pos();
        QByteArrayView b;
        if (!takeStringBytes(n, !ascii, "a str", b, node))
            return false;
        if (ascii) {
            // TYPE_ASCII bytes are read one code point per byte by Python (Latin-1), whatever their value.
            out = RpcValue::fromString(QString::fromLatin1(b));
            return true;
        }
        // Python writes str with 'surrogatepass': a lone surrogate is its 3-byte UTF-8 form.
        PyText::Report report;
        out = RpcValue::fromString(PyText::decodeUtf8(b, &report));
        if (report.joinedPairAt >= 0)
            m_notes.lenient(QStringLiteral("a str holds ") + PyText::joinedPairText(report.pairHigh, report.pairLow),
                            at + report.joinedPairAt);
        if (report.invalidAt >= 0)
            m_notes.lenient(QStringLiteral("a str holds bytes that are not UTF-8, shown as U+FFFD (Python's marshal "
                                           "refuses them)"),
                            at + report.invalidAt);
        return true;
    }

    bool readFloatText(double& d, DecodeNode* node)
    {
        const qint64 at = m_in.pos();
        const quint8 n = m_in.u8();
        const QByteArrayView t = m_in.bytes(n);
        if (m_in.failed())
            return truncated(node, at);
        bool ok = false;
        d = QString::fromLatin1(t).toDouble(&ok);
        if (!ok && t != "nan" && t != "inf" && t != "-inf")
            return fail(QStringLiteral("invalid float text in marshal data"), at, node);
        if (!ok)
            d = t == "nan" ? qQNaN() : (t == "inf" ? qInf() : -qInf());
        return true;
    }

    static RpcValue complexValue(double re, double im)
    {
        return RpcValue::fromStruct(
            {{QStringLiteral("real"), RpcValue::fromDouble(re)}, {QStringLiteral("imag"), RpcValue::fromDouble(im)}},
            QStringLiteral("complex"));
    }

    bool readBody(char code, RpcValue& out, DecodeNode* node, int depth)
    {
        const qint64 at = m_in.pos();
        switch (code) {
        case 'N':
            out = RpcValue::nil();
            return true;
        case 'F':
        case 'T':
            out = RpcValue::fromBool(code == 'T');
            return true;
        case '.':
            out = RpcValue::fromString(QStringLiteral("Ellipsis"));
            out.setTag(QStringLiteral("ellipsis"));
            return true;
        case 'S':
            out = RpcValue::fromStruct(
                {{QStringLiteral("__class__"), RpcValue::fromString(QStringLiteral("builtins.StopIteration"))}},
                QStringLiteral("builtins.StopIteration"));
            return true;
        case 'i':
            out = RpcValue::fromInt(m_in.i32le());
            return m_in.ok() || truncated(node, at);
        case 'I':
            out = RpcValue::fromInt(m_in.i64le());
            return m_in.ok() || truncated(node, at);
        case 'g':
            out = RpcValue::fromDouble(m_in.f64le());
            return m_in.ok() || truncated(node, at);
        case 'y': {
            const double re = m_in.f64le();
            const double im = m_in.f64le();
            out = complexValue(re, im);
            return m_in.ok() || truncated(node, at);
        }
        case 'f': {
            double d = 0;
            if (!readFloatText(d, node))
                return false;
            out = RpcValue::fromDouble(d);
            return true;
        }
        case 'x': {
            double re = 0;
            double im = 0;
            if (!readFloatText(re, node) || !readFloatText(im, node))
                return false;
            out = complexValue(re, im);
            return true;
        }
        case 'l':
            return readLong(out, node);
        case 's': {
            qint64 n = 0;
            if (!readCount(n, 1, node))
                return false;
            QByteArrayView b;
            if (!takeStringBytes(n, false, "bytes", b, node))
                return false;
            out = RpcValue::fromBytes(b.toByteArray());
            return true;
        }
        case 't':
        case 'u':
        case 'a':
        case 'A': {
            qint64 n = 0;
            if (!readCount(n, 1, node))
                return false;
            return readText(n, code == 'a' || code == 'A', out, node);
        }
        case 'z':
        case 'Z': {
            const quint8 n = m_in.u8();
            if (m_in.failed())
                return truncated(node, at);
            return readText(n, true, out, node);
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
                    return truncated(node, at);
            } else if (!readCount(n, 1, node)) {
                return false;
            }
            return readSequence(code, n, out, node, depth);
        }
        case '{':
            return readDict(out, node, depth);
        case 'r': {
            const quint32 index = m_in.u32le();
            if (m_in.failed())
                return truncated(node, at);
            if (index >= m_refs.size())
                return fail(QStringLiteral("reference #%1 to an object not seen before").arg(index), at, node);
            const Ref& ref = m_refs[index];
            if (!ref.filled)
                return fail(QStringLiteral("reference #%1 to an object that contains itself").arg(index), at, node);
            // Each repetition counts its full size, so references cannot multiply a message without bound.
            m_values += ref.count;
            if (m_values > m_limits.maxValues)
                return stop(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), at, node);
            m_lastRef = index;
            out = ref.value;
            return true;
        }
        case '0':
            return fail(QStringLiteral("TYPE_NULL outside a dict"), at - 1, node);
        case 'c':
            return fail(QStringLiteral("marshal code objects are not decoded"), at - 1, node);
        default:
            return fail(QStringLiteral("unknown marshal type code 0x%1").arg(quint8(code), 2, 16, QLatin1Char('0')),
                        at - 1, node);
        }
    }

    bool readLong(RpcValue& out, DecodeNode* node)
    {
        const qint64 at = m_in.pos();
        const qint32 n = m_in.i32le();
        if (m_in.failed())
            return truncated(node, at);
        const qint64 count = n < 0 ? -qint64(n) : n;
        if (count * 2 > m_in.remaining())
            return fail(QStringLiteral("marshal long of %1 digits does not fit the %2 bytes left")
                            .arg(count)
                            .arg(m_in.remaining()),
                        at, node);
        std::vector<quint16> digits(static_cast<std::size_t>(count));
        for (qint64 i = 0; i < count; ++i) {
            digits[static_cast<std::size_t>(i)] = m_in.u16le();
            if (digits[static_cast<std::size_t>(i)] > 0x7FFF)
                return fail(QStringLiteral("marshal long digit out of range"), m_in.pos() - 2, node);
        }
        const auto v = PyIntegers::fromMarshalDigits(digits.data(), count, n < 0);
        if (!v) {
            const QString limit
                = QStringLiteral("an integer of more than %1 decimal digits").arg(PyIntegers::kMaxDecimalDigits);
            m_notes.truncated(limit + QStringLiteral(" is shown as None"), at - 1);
            out = pyvalue::cutValue(node, limit);
            return true;
        }
        out = *v;
        return true;
    }

    bool readSequence(char code, qint64 n, RpcValue& out, DecodeNode* node, int depth)
    {
        const QString tag = code == '[' ? QString()
            : code == '<'               ? QStringLiteral("set")
            : code == '>'               ? QStringLiteral("frozenset")
                                        : QStringLiteral("tuple");
        if (depth >= m_limits.maxDepth)
            return stop(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), m_in.pos(), node);
        RpcArray items;
        items.reserve(static_cast<std::size_t>(n));
        bool ok = true;
        for (qint64 i = 0; i < n && ok; ++i) {
            RpcValue item;
            ok = read(node, QStringLiteral("[%1]").arg(i), item, depth + 1);
            items.push_back(std::move(item));
        }
        out = RpcValue::fromArray(std::move(items), tag);
        return ok;
    }

    bool readDict(RpcValue& out, DecodeNode* node, int depth)
    {
        if (depth >= m_limits.maxDepth)
            return stop(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), m_in.pos(), node);
        pyvalue::DictBuilder dict(node);
        while (true) {
            const qint64 keyStart = m_in.pos();
            if (m_in.peek() == '0') {
                m_in.skip(1);
                break;
            }
            if (m_in.atEnd()) {
                out = dict.finish();
                return truncated(node, keyStart);
            }
            RpcValue key;
            DecodeNode scratch;
            if (!read(node ? &scratch : nullptr, QStringLiteral("key"), key, depth + 1)) {
                if (node)
                    node->children.insert(node->children.end(), scratch.children.begin(), scratch.children.end());
                out = dict.finish();
                return false;
            }
            RpcValue value;
            const bool ok = read(node, pyvalue::keyText(key), value, depth + 1);
            if (node) {
                DecodeNode& member = node->children.back();
                member.length = member.end() - keyStart;
                member.offset = keyStart;
            }
            dict.add(std::move(key), std::move(value),
                     node && !scratch.children.empty() ? std::move(scratch.children.front()) : DecodeNode());
            if (!ok) {
                out = dict.finish();
                return false;
            }
        }
        out = dict.finish();
        return true;
    }

    ByteCursor m_in;
    const DecodeLimits& m_limits;
    std::vector<Ref> m_refs;
    qint64 m_values = 0;
    quint32 m_lastRef = 0;
    QString m_error;
    qint64 m_errorOffset = -1;
    bool m_stoppedByLimit = false;
    PyNotes m_notes;
};

} // namespace

PyReadResult MarshalReader::parse(QByteArrayView bytes, qint64 base, const DecodeLimits& limits, DecodeNode* tree)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    Reader reader(bytes, base, bounded);
    return reader.run(tree);
}

} // namespace rpcscope
