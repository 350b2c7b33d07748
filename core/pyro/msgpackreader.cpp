#include "msgpackreader.h"

#include "bytecursor.h"
#include "pydatetime.h"
#include "pyintegers.h"
#include "pytext.h"

namespace rpcscope {

namespace {

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
            fail(QStringLiteral("%1 bytes after the msgpack value").arg(m_in.remaining()), m_in.pos(), tree);
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

    // A limit stops reading: what was read stays, the message is cut rather than malformed.
    bool stop(const QString& text, qint64 pos, DecodeNode* where)
    {
        if (m_error.isEmpty())
            m_stoppedByLimit = true;
        return fail(text, pos, where);
    }

    bool truncated(qint64 at, DecodeNode* where)
    {
        return fail(QStringLiteral("msgpack data ends in the middle of a value"), at, where);
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
        const quint8 b = m_in.u8();
        if (m_in.failed())
            return truncated(start, node);
        QString format;
        if (!readBody(b, out, node, depth, format))
            return false;
        if (node && node->type == QLatin1String("cut"))
            node->length = m_in.pos() - node->offset;
        else if (node)
            pyvalue::finishNode(*node, out, m_in.pos(), QStringLiteral("msgpack %1.").arg(format));
        return true;
    }

    bool readLength(qint64 n, int minEach, qint64 at, DecodeNode* node)
    {
        if (n * minEach > m_in.remaining())
            return fail(QStringLiteral("msgpack length %1 does not fit the %2 bytes left").arg(n).arg(m_in.remaining()),
                        at, node);
        return true;
    }

    bool readBody(quint8 b, RpcValue& out, DecodeNode* node, int depth, QString& format)
    {
        const qint64 at = m_in.pos() - 1;
        if (b <= 0x7f) {
            format = QStringLiteral("positive fixint (the value is the type byte)");
            out = RpcValue::fromInt(b);
            return true;
        }
        if (b >= 0xe0) {
            format = QStringLiteral("negative fixint");
            out = RpcValue::fromInt(static_cast<qint8>(b));
            return true;
        }
        if ((b & 0xf0) == 0x80) {
            format = QStringLiteral("fixmap (up to 15 pairs)");
            return readMap(b & 0x0f, out, node, depth);
        }
        if ((b & 0xf0) == 0x90) {
            format = QStringLiteral("fixarray (up to 15 items)");
            return readArray(b & 0x0f, out, node, depth);
        }
        if ((b & 0xe0) == 0xa0) {
            format = QStringLiteral("fixstr (up to 31 bytes of UTF-8)");
            return readStr(b & 0x1f, out, at, node);
        }
        switch (b) {
        case 0xc0:
            format = QStringLiteral("nil");
            out = RpcValue::nil();
            return true;
        case 0xc2:
        case 0xc3:
            format = QStringLiteral("bool");
            out = RpcValue::fromBool(b == 0xc3);
            return true;
        case 0xc4:
        case 0xc5:
        case 0xc6: {
            format = QStringLiteral("bin (bytes with a %1-byte length)").arg(1 << (b - 0xc4));
            const qint64 n = length(b - 0xc4);
            if (m_in.failed())
                return truncated(at, node);
            QByteArrayView b;
            if (!takeStringBytes(n, false, "bytes", at, b, node))
                return false;
            out = RpcValue::fromBytes(b.toByteArray());
            return true;
        }
        case 0xc7:
        case 0xc8:
        case 0xc9: {
            const qint64 n = length(b - 0xc7);
            format = QStringLiteral("ext (an extension type with a %1-byte length)").arg(1 << (b - 0xc7));
            return readExt(n, out, at, node, format);
        }
        case 0xd4:
        case 0xd5:
        case 0xd6:
        case 0xd7:
        case 0xd8:
            format = QStringLiteral("fixext %1").arg(1 << (b - 0xd4));
            return readExt(1 << (b - 0xd4), out, at, node, format);
        case 0xca:
            format = QStringLiteral("float 32");
            out = RpcValue::fromDouble(m_in.f32be());
            break;
        case 0xcb:
            format = QStringLiteral("float 64");
            out = RpcValue::fromDouble(m_in.f64be());
            break;
        case 0xcc:
            format = QStringLiteral("uint 8");
            out = RpcValue::fromInt(m_in.u8());
            break;
        case 0xcd:
            format = QStringLiteral("uint 16");
            out = RpcValue::fromInt(m_in.u16be());
            break;
        case 0xce:
            format = QStringLiteral("uint 32");
            out = RpcValue::fromInt(m_in.u32be());
            break;
        case 0xcf: {
            format = QStringLiteral("uint 64");
            const quint64 v = m_in.u64be();
            out = v > quint64(std::numeric_limits<qint64>::max()) ? RpcValue::fromBigInt(QString::number(v))
                                                                  : RpcValue::fromInt(static_cast<qint64>(v));
            break;
        }
        case 0xd0:
            format = QStringLiteral("int 8");
            out = RpcValue::fromInt(m_in.i8());
            break;
        case 0xd1:
            format = QStringLiteral("int 16");
            out = RpcValue::fromInt(m_in.i16be());
            break;
        case 0xd2:
            format = QStringLiteral("int 32");
            out = RpcValue::fromInt(m_in.i32be());
            break;
        case 0xd3:
            format = QStringLiteral("int 64");
            out = RpcValue::fromInt(m_in.i64be());
            break;
        case 0xd9:
        case 0xda:
        case 0xdb: {
            format = QStringLiteral("str (UTF-8 with a %1-byte length)").arg(1 << (b - 0xd9));
            const qint64 n = length(b - 0xd9);
            if (m_in.failed())
                return truncated(at, node);
            return readStr(n, out, at, node);
        }
        case 0xdc:
        case 0xdd: {
            format = QStringLiteral("array (%1-byte count)").arg(b == 0xdc ? 2 : 4);
            const qint64 n = length(b == 0xdc ? 1 : 2);
            if (m_in.failed())
                return truncated(at, node);
            return readArray(n, out, node, depth);
        }
        case 0xde:
        case 0xdf: {
            format = QStringLiteral("map (%1-byte count)").arg(b == 0xde ? 2 : 4);
            const qint64 n = length(b == 0xde ? 1 : 2);
            if (m_in.failed())
                return truncated(at, node);
            return readMap(n, out, node, depth);
        }
        default:
            return fail(QStringLiteral("byte 0x%1 is not a msgpack type").arg(b, 2, 16, QLatin1Char('0')), at, node);
        }
        return m_in.ok() || truncated(at, node);
    }

    // A big-endian length of 1 << sizeCode bytes.
    qint64 length(int sizeCode)
    {
        switch (sizeCode) {
        case 0:
            return m_in.u8();
        case 1:
            return m_in.u16be();
        default:
            return m_in.u32be();
        }
    }

    // Takes `n` bytes of string data; past max-string-bytes only the first ones are kept (not splitting a UTF-8
    // sequence when `utf8`), the rest is skipped and the cut noted.
    bool takeStringBytes(qint64 n, bool utf8, const char* what, qint64 at, QByteArrayView& b, DecodeNode* node)
    {
        if (!readLength(n, 1, at, node))
            return false;
        b = m_in.bytes(n);
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

    bool readStr(qint64 n, RpcValue& out, qint64 at, DecodeNode* node)
    {
        QByteArrayView b;
        if (!takeStringBytes(n, true, "a str", at, b, node))
            return false;
        PyText::Report report;
        out = RpcValue::fromString(PyText::decodeUtf8(b, &report));
        const qint64 data = m_in.pos() - n;
        if (report.invalidAt >= 0)
            m_notes.lenient(QStringLiteral("a str holds bytes that are not UTF-8, shown as U+FFFD (Python's msgpack "
                                           "refuses them)"),
                            data + report.invalidAt);
        if (report.surrogateAt >= 0)
            m_notes.lenient(QStringLiteral("a str holds a surrogate written in UTF-8, read as that lone code unit "
                                           "(Python's msgpack refuses it)"),
                            data + report.surrogateAt);
        if (report.joinedPairAt >= 0)
            m_notes.lenient(QStringLiteral("a str holds ") + PyText::joinedPairText(report.pairHigh, report.pairLow),
                            data + report.joinedPairAt);
        return true;
    }

    bool readArray(qint64 n, RpcValue& out, DecodeNode* node, int depth)
    {
        const qint64 at = m_in.pos();
        if (!readLength(n, 1, at, node))
            return false;
        if (depth >= m_limits.maxDepth)
            return stop(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), at, node);
        RpcArray items;
        items.reserve(static_cast<std::size_t>(n));
        bool ok = true;
        for (qint64 i = 0; i < n && ok; ++i) {
            RpcValue item;
            ok = read(node, QStringLiteral("[%1]").arg(i), item, depth + 1);
            items.push_back(std::move(item));
        }
        out = RpcValue::fromArray(std::move(items));
        return ok;
    }

    bool readMap(qint64 n, RpcValue& out, DecodeNode* node, int depth)
    {
        const qint64 at = m_in.pos();
        if (!readLength(n, 2, at, node))
            return false;
        if (depth >= m_limits.maxDepth)
            return stop(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), at, node);
        pyvalue::DictBuilder dict(node);
        for (qint64 i = 0; i < n; ++i) {
            const qint64 keyStart = m_in.pos();
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

    bool readExt(qint64 n, RpcValue& out, qint64 at, DecodeNode* node, QString& format)
    {
        const qint8 type = m_in.i8();
        if (m_in.failed())
            return truncated(at, node);
        if (!readLength(n, 1, at, node))
            return false;
        const QByteArrayView data = m_in.bytes(n);
        ByteCursor ext(data);
        switch (static_cast<quint8>(type)) {
        case 0x30: {
            format += QStringLiteral(", Pyro type 0x30: complex as two doubles");
            const double re = ext.f64le();
            const double im = ext.f64le();
            if (ext.failed() || n != 16)
                return fail(QStringLiteral("Pyro complex extension needs 16 bytes, not %1").arg(n), at, node);
            out = RpcValue::fromStruct({{QStringLiteral("real"), RpcValue::fromDouble(re)},
                                        {QStringLiteral("imag"), RpcValue::fromDouble(im)}},
                                       QStringLiteral("complex"));
            return true;
        }
        case 0x31: {
            format += QStringLiteral(", Pyro type 0x31: an int of any size as ASCII digits");
            QByteArrayView digits = data;
            const bool negative = digits.startsWith('-');
            if (negative)
                digits = digits.sliced(1);
            const bool allDigits = !digits.isEmpty()
                && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!allDigits)
                return fail(QStringLiteral("Pyro big-number extension holds no valid integer"), at, node);
            if (digits.size() > PyIntegers::kMaxDecimalDigits) {
                const QString limit
                    = QStringLiteral("an integer of more than %1 digits").arg(PyIntegers::kMaxDecimalDigits);
                m_notes.truncated(limit + QStringLiteral(" is shown as None"), at);
                out = pyvalue::cutValue(node, limit);
                return true;
            }
            out = PyIntegers::fromDecimal(digits, negative);
            return true;
        }
        case 0x32: {
            format += QStringLiteral(", Pyro type 0x32: datetime as a POSIX timestamp (double), shown in UTC");
            const double ts = ext.f64le();
            if (ext.failed() || n != 8)
                return fail(QStringLiteral("Pyro datetime extension needs 8 bytes, not %1").arg(n), at, node);
            if (const auto dt = PyDateTime::fromTimestamp(ts)) {
                out = RpcValue::fromDateTime(*dt);
                return true;
            }
            m_notes.lenient(QStringLiteral("a datetime timestamp %1 is outside years 1-9999 (Python refuses it)")
                                .arg(QString::fromLatin1(formatDouble(ts))),
                            at);
            out = RpcValue::fromDateTime(
                {QStringLiteral("timestamp %1").arg(QString::fromLatin1(formatDouble(ts))), std::nullopt});
            return true;
        }
        case 0x33: {
            format += QStringLiteral(", Pyro type 0x33: date as a day ordinal (1 = 0001-01-01)");
            const qint64 ordinal = ext.i64le();
            if (ext.failed() || n != 8)
                return fail(QStringLiteral("Pyro date extension needs 8 bytes, not %1").arg(n), at, node);
            if (const auto d = PyDateTime::fromOrdinal(ordinal)) {
                out = RpcValue::fromDateTime(*d);
                return true;
            }
            m_notes.lenient(
                QStringLiteral("a date ordinal %1 is outside years 1-9999 (Python refuses it)").arg(ordinal), at);
            out = RpcValue::fromDateTime({QStringLiteral("ordinal %1").arg(ordinal), std::nullopt});
            return true;
        }
        default:
            format += QStringLiteral(", extension type %1 (unknown to Pyro)").arg(type);
            out = RpcValue::fromStruct({{QStringLiteral("ext"), RpcValue::fromInt(type)},
                                        {QStringLiteral("data"), RpcValue::fromBytes(data.toByteArray())}},
                                       QStringLiteral("msgpack.ExtType"));
            return true;
        }
    }

    ByteCursor m_in;
    const DecodeLimits& m_limits;
    qint64 m_values = 0;
    QString m_error;
    qint64 m_errorOffset = -1;
    bool m_stoppedByLimit = false;
    PyNotes m_notes;
};

} // namespace

PyReadResult MsgpackReader::parse(QByteArrayView bytes, qint64 base, const DecodeLimits& limits, DecodeNode* tree)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    Reader reader(bytes, base, bounded);
    return reader.run(tree);
}

} // namespace rpcscope
