#include "msgpackreader.h"

#include "bytecursor.h"
#include "pyintegers.h"

#include <QDate>
#include <QDateTime>
#include <QTimeZone>

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
            return fail(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), start, node);
        const quint8 b = m_in.u8();
        if (m_in.failed())
            return truncated(start, node);
        QString format;
        if (!readBody(b, out, node, depth, format))
            return false;
        if (node)
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
            if (!readLength(n, 1, at, node))
                return false;
            out = RpcValue::fromBytes(m_in.bytes(n).toByteArray());
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

    bool readStr(qint64 n, RpcValue& out, qint64 at, DecodeNode* node)
    {
        if (!readLength(n, 1, at, node))
            return false;
        if (n > m_limits.maxStringBytes)
            return fail(QStringLiteral("string longer than %1").arg(m_limits.maxStringBytes), at, node);
        out = RpcValue::fromString(QString::fromUtf8(m_in.bytes(n)));
        return true;
    }

    bool readArray(qint64 n, RpcValue& out, DecodeNode* node, int depth)
    {
        const qint64 at = m_in.pos();
        if (!readLength(n, 1, at, node))
            return false;
        if (depth >= m_limits.maxDepth)
            return fail(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), at, node);
        RpcArray items;
        items.reserve(static_cast<std::size_t>(n));
        for (qint64 i = 0; i < n; ++i) {
            RpcValue item;
            if (!read(node, QStringLiteral("[%1]").arg(i), item, depth + 1))
                return false;
            items.push_back(std::move(item));
        }
        out = RpcValue::fromArray(std::move(items));
        return true;
    }

    bool readMap(qint64 n, RpcValue& out, DecodeNode* node, int depth)
    {
        const qint64 at = m_in.pos();
        if (!readLength(n, 2, at, node))
            return false;
        if (depth >= m_limits.maxDepth)
            return fail(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), at, node);
        RpcStruct members;
        for (qint64 i = 0; i < n; ++i) {
            const qint64 keyStart = m_in.pos();
            RpcValue key;
            DecodeNode scratch;
            if (!read(node ? &scratch : nullptr, QStringLiteral("key"), key, depth + 1)) {
                if (node)
                    node->children.insert(node->children.end(), scratch.children.begin(), scratch.children.end());
                return false;
            }
            const QString name = pyvalue::keyText(key);
            RpcValue value;
            if (!read(node, name, value, depth + 1))
                return false;
            if (node) {
                DecodeNode& member = node->children.back();
                member.length = member.end() - keyStart;
                member.offset = keyStart;
            }
            members.emplace_back(name, std::move(value));
        }
        out = pyvalue::classDict(std::move(members));
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
            const auto v = digits.isEmpty() ? std::nullopt : PyIntegers::fromDigits(digits, 10, negative);
            if (!v)
                return fail(QStringLiteral("Pyro big-number extension holds no valid integer"), at, node);
            out = *v;
            return true;
        }
        case 0x32: {
            format += QStringLiteral(", Pyro type 0x32: datetime as a POSIX timestamp (double)");
            const double ts = ext.f64le();
            if (ext.failed() || n != 8)
                return fail(QStringLiteral("Pyro datetime extension needs 8 bytes, not %1").arg(n), at, node);
            const qint64 ms = static_cast<qint64>(ts * 1000.0);
            const QDateTime dt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
            out = RpcValue::fromDateTime({dt.toString(ms % 1000 ? Qt::ISODateWithMs : Qt::ISODate), ms});
            return true;
        }
        case 0x33: {
            format += QStringLiteral(", Pyro type 0x33: date as a day ordinal (1 = 0001-01-01)");
            const qint64 ordinal = ext.i64le();
            if (ext.failed() || n != 8)
                return fail(QStringLiteral("Pyro date extension needs 8 bytes, not %1").arg(n), at, node);
            const QDate d = QDate::fromJulianDay(ordinal + 1721425);
            out = RpcValue::fromDateTime(
                {d.toString(Qt::ISODate), QDateTime(d, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch()});
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
};

} // namespace

PyReadResult MsgpackReader::parse(QByteArrayView bytes, qint64 base, const DecodeLimits& limits, DecodeNode* tree)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    Reader reader(bytes, base, bounded);
    return reader.run(tree);
}

} // namespace rpcscope
