#include "pyrojsonreader.h"

#include "jsonwriter.h"
#include "pyintegers.h"
#include "pytext.h"

#include <charconv>
#include <limits>

namespace rpcscope {

namespace {

QString describe(const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::String:
        return QStringLiteral("A JSON string (Pyro writes UTF-8 without \\u escapes for non-ASCII text).");
    case RpcValue::Type::Int:
    case RpcValue::Type::BigInt:
        return QStringLiteral("A JSON number without fraction: a Python int, of any size.");
    case RpcValue::Type::Double:
        return QStringLiteral("A JSON number with a fraction or exponent (or NaN/Infinity): a Python float.");
    case RpcValue::Type::Bool:
        return QStringLiteral("A JSON true or false.");
    case RpcValue::Type::Nil:
        return QStringLiteral("JSON null: Python's None.");
    case RpcValue::Type::Array:
        return QStringLiteral("A JSON array: Python lists, tuples and sets all become arrays.");
    case RpcValue::Type::Struct:
        if (!v.tag().isEmpty())
            return QStringLiteral("A JSON object standing for an object of class %1 (its \"__class__\" key).")
                .arg(v.tag());
        return QStringLiteral("A JSON object: a Python dict with string keys.");
    default:
        return QString();
    }
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

class Reader
{
public:
    Reader(QByteArrayView text, qint64 base, const DecodeLimits& limits)
        : m_text(text)
        , m_base(base)
        , m_limits(limits)
    { }

    PyReadResult run(DecodeNode* tree)
    {
        PyReadResult r;
        skipSpace();
        if (parseValue(tree, QStringLiteral("value"), r.value, 0)) {
            skipSpace();
            if (m_pos < m_text.size())
                fail(QStringLiteral("unexpected text after the JSON value"), m_pos, tree);
        }
        r.error = m_error;
        r.errorOffset = m_errorOffset;
        r.stoppedByLimit = m_stoppedByLimit;
        r.notes = m_notes.take();
        return r;
    }

private:
    char peek(qsizetype ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }
    qint64 abs(qsizetype p) const { return m_base + p; }
    bool fail(const QString& text, qsizetype pos, DecodeNode* where)
    {
        if (m_error.isEmpty()) {
            m_error = text;
            m_errorOffset = abs(pos);
            if (where)
                where->addError(text, abs(pos), pos < m_text.size() ? 1 : 0);
        }
        return false;
    }
    // A limit stops reading: what was read stays, the message is cut rather than malformed.
    bool stop(const QString& text, qsizetype pos, DecodeNode* where)
    {
        if (m_error.isEmpty())
            m_stoppedByLimit = true;
        return fail(text, pos, where);
    }
    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }
    bool literal(QByteArrayView word)
    {
        if (m_text.sliced(m_pos).startsWith(word)) {
            m_pos += word.size();
            return true;
        }
        return false;
    }

    // Reads one value; a value cut short by an error keeps its node, marked incomplete, up to where reading stopped.
    bool parseValue(DecodeNode* parent, const QString& name, RpcValue& out, int depth)
    {
        const std::size_t before = parent ? parent->children.size() : 0;
        if (parseValueInner(parent, name, out, depth))
            return true;
        if (parent && parent->children.size() > before)
            pyvalue::markIncomplete(parent->children[before], abs(m_pos));
        return false;
    }

    bool parseValueInner(DecodeNode* parent, const QString& name, RpcValue& out, int depth)
    {
        const qsizetype start = m_pos;
        DecodeNode* node = parent ? &parent->add(name, QString(), QString(), abs(start), 0) : nullptr;
        if (++m_values > m_limits.maxValues)
            return stop(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), m_pos, node);
        const char c = peek();
        bool ok = true;
        if (c == '{' || c == '[') {
            if (depth >= m_limits.maxDepth)
                return stop(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), m_pos, node);
            ok = c == '{' ? parseObject(out, node, depth) : parseArray(out, node, depth);
        } else if (c == '"') {
            QString s;
            ok = parseString(s, node);
            out = RpcValue::fromString(std::move(s));
        } else if (c == '-' || (c >= '0' && c <= '9') || c == 'N' || c == 'I') {
            ok = parseNumber(out, node);
        } else if (literal("true")) {
            out = RpcValue::fromBool(true);
        } else if (literal("false")) {
            out = RpcValue::fromBool(false);
        } else if (literal("null")) {
            out = RpcValue::nil();
        } else if (m_pos >= m_text.size()) {
            return fail(QStringLiteral("JSON text ends where a value should be"), m_pos, node);
        } else {
            return fail(
                QStringLiteral("unexpected character '%1' where a JSON value should be").arg(QChar::fromLatin1(c)),
                m_pos, node);
        }
        if (!ok)
            return false;
        if (node && node->type == QLatin1String("cut"))
            node->length = abs(m_pos) - node->offset;
        else if (node)
            pyvalue::finishNode(*node, out, abs(m_pos), describe(out));
        return true;
    }

    bool parseNumber(RpcValue& out, DecodeNode* node)
    {
        const qsizetype start = m_pos;
        if (literal("NaN")) {
            out = RpcValue::fromDouble(std::numeric_limits<double>::quiet_NaN());
            return true;
        }
        if (literal("Infinity") || literal("-Infinity")) {
            const bool neg = m_text[start] == '-';
            out = RpcValue::fromDouble(neg ? -std::numeric_limits<double>::infinity()
                                           : std::numeric_limits<double>::infinity());
            return true;
        }
        bool negative = false;
        if (peek() == '-') {
            negative = true;
            ++m_pos;
        }
        const qsizetype intStart = m_pos;
        while (peek() >= '0' && peek() <= '9')
            ++m_pos;
        if (m_pos == intStart)
            return fail(QStringLiteral("invalid JSON number"), start, node);
        const qsizetype intEnd = m_pos;
        bool isFloat = false;
        if (peek() == '.') {
            isFloat = true;
            ++m_pos;
            const qsizetype f = m_pos;
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
            if (m_pos == f)
                return fail(QStringLiteral("invalid JSON number"), start, node);
        }
        if (peek() == 'e' || peek() == 'E') {
            isFloat = true;
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            const qsizetype e = m_pos;
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
            if (m_pos == e)
                return fail(QStringLiteral("invalid JSON number"), start, node);
        }
        if (!isFloat) {
            if (intEnd - intStart > PyIntegers::kMaxDecimalDigits) {
                const QString limit
                    = QStringLiteral("an integer of more than %1 digits").arg(PyIntegers::kMaxDecimalDigits);
                m_notes.truncated(limit + QStringLiteral(" is shown as None"), abs(start));
                out = pyvalue::cutValue(node, limit);
                return true;
            }
            out = PyIntegers::fromDecimal(m_text.sliced(intStart, intEnd - intStart), negative);
            return true;
        }
        double d = 0;
        const char* first = m_text.data() + start;
        const char* last = m_text.data() + m_pos;
        const auto res = std::from_chars(first, last, d);
        if (res.ec == std::errc::result_out_of_range) {
            const QByteArrayView t(first, last - first);
            const qsizetype e = std::max(t.indexOf('e'), t.indexOf('E'));
            const bool tiny = e >= 0 && e + 1 < t.size() && t[e + 1] == '-';
            d = tiny ? 0.0 : (negative ? -1 : 1) * std::numeric_limits<double>::infinity();
        } else if (res.ec != std::errc()) {
            return fail(QStringLiteral("invalid JSON number"), start, node);
        }
        out = RpcValue::fromDouble(d);
        return true;
    }

    bool parseString(QString& out, DecodeNode* node)
    {
        const qsizetype start = m_pos;
        ++m_pos;
        qsizetype run = m_pos;
        auto flush = [&] {
            if (m_pos <= run)
                return;
            PyText::Report report;
            out += PyText::decodeUtf8(m_text.sliced(run, m_pos - run), &report);
            if (report.invalidAt >= 0)
                m_notes.lenient(QStringLiteral("a JSON string holds bytes that are not UTF-8, shown as U+FFFD (Pyro's "
                                               "json serializer refuses them)"),
                                abs(run + report.invalidAt));
            if (report.surrogateAt >= 0)
                m_notes.lenient(QStringLiteral("a JSON string holds a surrogate written in UTF-8, read as that lone "
                                               "code unit (strict UTF-8 decoders, Python's too, refuse it)"),
                                abs(run + report.surrogateAt));
        };
        while (true) {
            if (m_pos >= m_text.size())
                return fail(QStringLiteral("unterminated JSON string"), start, node);
            const char c = m_text[m_pos];
            if (c == '"') {
                flush();
                ++m_pos;
                const qint64 max = m_limits.maxStringBytes;
                if (out.size() > max) {
                    m_notes.truncated(QStringLiteral("a str of %1 characters cut to the first %2 (max-string-bytes)")
                                          .arg(out.size())
                                          .arg(max),
                                      abs(start));
                    out.truncate(max > 0 && out.at(max - 1).isHighSurrogate() ? max - 1 : max);
                }
                return true;
            }
            if (static_cast<quint8>(c) < 0x20)
                return fail(QStringLiteral("control character inside a JSON string"), m_pos, node);
            if (c != '\\') {
                ++m_pos;
                continue;
            }
            flush();
            const qsizetype at = m_pos;
            if (m_pos + 1 >= m_text.size())
                return fail(QStringLiteral("unterminated JSON string"), start, node);
            const char e = peek(1);
            m_pos += 2;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                out += QLatin1Char(e);
                break;
            case 'b':
                out += QChar(8);
                break;
            case 'f':
                out += QChar(12);
                break;
            case 'n':
                out += QChar(10);
                break;
            case 'r':
                out += QChar(13);
                break;
            case 't':
                out += QChar(9);
                break;
            case 'u': {
                char16_t unit = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexValue(peek(i));
                    if (h < 0)
                        return fail(QStringLiteral("invalid \\u escape"), at, node);
                    unit = static_cast<char16_t>(unit * 16 + h);
                }
                m_pos += 4;
                // Kept as the unit it names, U+FEFF and lone surrogates included. JSON writes a character outside
                // the BMP as two escapes; they join up in UTF-16 exactly as Python's json joins them.
                out += QChar(unit);
                break;
            }
            default:
                return fail(QStringLiteral("invalid escape in a JSON string"), at, node);
            }
            run = m_pos;
        }
    }

    bool parseArray(RpcValue& out, DecodeNode* node, int depth)
    {
        ++m_pos;
        RpcArray items;
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            out = RpcValue::fromArray({});
            return true;
        }
        while (true) {
            skipSpace();
            RpcValue item;
            const bool ok = parseValue(node, QStringLiteral("[%1]").arg(items.size()), item, depth + 1);
            items.push_back(std::move(item));
            if (!ok) {
                out = RpcValue::fromArray(std::move(items));
                return false;
            }
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                break;
            }
            out = RpcValue::fromArray(std::move(items));
            return fail(QStringLiteral("expected ',' or ']' in a JSON array"), m_pos, node);
        }
        out = RpcValue::fromArray(std::move(items));
        return true;
    }

    bool parseObject(RpcValue& out, DecodeNode* node, int depth)
    {
        const qsizetype start = m_pos;
        ++m_pos;
        RpcStruct members;
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            out = RpcValue::fromStruct({});
            return true;
        }
        auto partial = [&] { out = pyvalue::classDict(std::move(members)); };
        while (true) {
            skipSpace();
            const qsizetype keyStart = m_pos;
            if (peek() != '"') {
                partial();
                return fail(QStringLiteral("expected a string key in a JSON object"), m_pos, node);
            }
            QString key;
            if (!parseString(key, node)) {
                partial();
                return false;
            }
            skipSpace();
            if (peek() != ':') {
                partial();
                return fail(QStringLiteral("expected ':' after a JSON object key"), m_pos, node);
            }
            ++m_pos;
            skipSpace();
            RpcValue value;
            const bool ok = parseValue(node, key, value, depth + 1);
            if (node) {
                DecodeNode& member = node->children.back();
                member.length = member.end() - abs(keyStart);
                member.offset = abs(keyStart);
            }
            members.emplace_back(std::move(key), std::move(value));
            if (!ok) {
                partial();
                return false;
            }
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                break;
            }
            partial();
            return fail(QStringLiteral("expected ',' or '}' in a JSON object"), m_pos, node);
        }
        if (members.size() > 1 && structNeedsMapForm(members))
            m_notes.lenient(QStringLiteral("a JSON object names a key more than once: every member is shown, while "
                                           "Python's json keeps only the last of each name"),
                            abs(start));
        out = pyvalue::classDict(std::move(members));
        return true;
    }

    QByteArrayView m_text;
    qint64 m_base;
    const DecodeLimits& m_limits;
    qsizetype m_pos = 0;
    qint64 m_values = 0;
    QString m_error;
    qint64 m_errorOffset = -1;
    bool m_stoppedByLimit = false;
    PyNotes m_notes;
};

} // namespace

PyReadResult PyroJsonReader::parse(QByteArrayView text, qint64 base, const DecodeLimits& limits, DecodeNode* tree)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    Reader reader(text, base, bounded);
    return reader.run(tree);
}

} // namespace rpcscope
