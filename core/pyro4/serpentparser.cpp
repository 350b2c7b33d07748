#include "serpentparser.h"

#include "pyintegers.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace rpcscope {

namespace {

bool isIdentChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || static_cast<quint8>(c) >= 0x80;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
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

const QString kValueDescription = QStringLiteral("A Python literal in serpent text (read as ast.literal_eval would).");

QString describe(const RpcValue& v)
{
    switch (v.type()) {
    case RpcValue::Type::String:
        return QStringLiteral("A str, written by serpent with Python's repr(): quoted, with backslash escapes.");
    case RpcValue::Type::Int:
    case RpcValue::Type::BigInt:
        return QStringLiteral("An int: Python ints have no size limit, serpent writes their decimal digits.");
    case RpcValue::Type::Double:
        return QStringLiteral("A float written with repr(); serpent writes infinity as 1e30000.");
    case RpcValue::Type::Bool:
        return QStringLiteral("A bool: the literal True or False.");
    case RpcValue::Type::Nil:
        return QStringLiteral("None: Python's null value.");
    case RpcValue::Type::Bytes:
        return QStringLiteral("Bytes: serpent has no bytes literal, so it sends {'data': <base-64 text>, "
                              "'encoding': 'base64'}.");
    case RpcValue::Type::Array:
        if (v.tag() == QLatin1String("tuple"))
            return QStringLiteral("A tuple: (a,b), (a,) with one item, () when empty.");
        if (v.tag() == QLatin1String("set"))
            return QStringLiteral("A set: {a,b}; serpent writes an empty set as ().");
        return QStringLiteral("A list: [a,b].");
    case RpcValue::Type::Struct:
        if (v.tag() == QLatin1String("complex"))
            return QStringLiteral("A complex number, written (real+imagj).");
        if (!v.tag().isEmpty())
            return QStringLiteral("A dict standing for an object of class %1 (its '__class__' key).").arg(v.tag());
        return QStringLiteral("A dict: {key:value,...}, keys in insertion order.");
    default:
        return kValueDescription;
    }
}

class Parser
{
public:
    Parser(QByteArrayView text, qint64 base, const DecodeLimits& limits)
        : m_text(text)
        , m_base(base)
        , m_limits(limits)
    { }

    PyReadResult run(DecodeNode* tree)
    {
        PyReadResult result;
        if (const qsizetype nul = m_text.indexOf('\0'); nul >= 0) {
            fail(QStringLiteral("serpent text contains a NUL byte, which serpent refuses to parse"), nul, tree);
            return finish(result);
        }
        if (!m_text.isValidUtf8()) {
            fail(QStringLiteral("serpent text is not valid UTF-8"), 0, tree);
            return finish(result);
        }
        if (m_text.startsWith('#')) {
            qsizetype nl = m_text.indexOf('\n');
            if (nl < 0)
                nl = m_text.size();
            if (tree) {
                QByteArrayView line = m_text.first(nl);
                if (line.endsWith('\r'))
                    line.chop(1);
                tree->add(QStringLiteral("serpent.header"), QStringLiteral("comment"), QString::fromUtf8(line), m_base,
                          std::min<qsizetype>(nl + 1, m_text.size()),
                          QStringLiteral("Serpent's first line: a comment naming the text encoding and the Python "
                                         "grammar version of what follows."));
            }
            m_pos = std::min<qsizetype>(nl + 1, m_text.size());
        }
        skipSpace();
        if (atEnd()) {
            fail(QStringLiteral("serpent text has no value"), m_pos, tree);
            return finish(result);
        }
        if (!parseValue(tree, QStringLiteral("value"), result.value, 0))
            return finish(result);
        skipSpace();
        if (!atEnd())
            fail(QStringLiteral("unexpected text after the value"), m_pos, tree);
        return finish(result);
    }

private:
    PyReadResult& finish(PyReadResult& r)
    {
        r.error = m_error;
        r.errorOffset = m_errorOffset;
        return r;
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(qsizetype ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }
    qint64 abs(qsizetype pos) const { return m_base + pos; }

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

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                ++m_pos;
            } else if (c == '#') {
                while (m_pos < m_text.size() && m_text[m_pos] != '\n')
                    ++m_pos;
            } else if (c == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
                m_pos += peek(1) == '\n' ? 2 : 3;
            } else {
                return;
            }
        }
    }

    bool countValue(DecodeNode* where)
    {
        if (++m_values > m_limits.maxValues)
            return fail(QStringLiteral("more than %1 values in one message").arg(m_limits.maxValues), m_pos, where);
        return true;
    }

    DecodeNode* open(DecodeNode* parent, const QString& name, qsizetype start)
    {
        return parent ? &parent->add(name, QString(), QString(), abs(start), 0) : nullptr;
    }

    void close(DecodeNode* node, const RpcValue& v)
    {
        if (node)
            pyvalue::finishNode(*node, v, abs(m_pos), describe(v));
    }

    bool isStringStart() const
    {
        qsizetype i = 0;
        while (i < 2) {
            const char c = peek(i);
            if (c == '\'' || c == '"')
                return true;
            if (!(c == 'r' || c == 'R' || c == 'b' || c == 'B' || c == 'u' || c == 'U' || c == 'f' || c == 'F'))
                return false;
            ++i;
        }
        return peek(2) == '\'' || peek(2) == '"';
    }

    // value := ['+'|'-'] number [('+'|'-') imaginary] | atom
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
        skipSpace();
        const qsizetype start = m_pos;
        DecodeNode* node = open(parent, name, start);
        if (!countValue(node))
            return false;
        const char c = peek();
        if (c == '+' || c == '-' || isDigit(c) || (c == '.' && isDigit(peek(1)))) {
            if (!parseSignedNumber(out, node))
                return false;
            close(node, out);
            return true;
        }
        if (isStringStart()) {
            if (!parseStrings(out, node))
                return false;
            close(node, out);
            return true;
        }
        if (c == '(' || c == '[' || c == '{') {
            if (depth >= m_limits.maxDepth)
                return fail(QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth), m_pos, node);
            const bool ok = c == '(' ? parseParen(out, node, depth)
                : c == '['           ? parseList(out, node, depth)
                                     : parseBrace(out, node, depth);
            if (!ok)
                return false;
            if (node && c == '(' && node->type == QLatin1String("(paren)")) {
                // A parenthesised expression, not a tuple: the node is its inner value, widened to the parentheses.
                DecodeNode inner = std::move(node->children.front());
                inner.name = node->name;
                inner.offset = node->offset;
                inner.length = abs(m_pos) - node->offset;
                *node = std::move(inner);
                return true;
            }
            close(node, out);
            return true;
        }
        if (c == '.' && peek(1) == '.' && peek(2) == '.') {
            m_pos += 3;
            out = RpcValue::fromString(QStringLiteral("Ellipsis"));
            out.setTag(QStringLiteral("ellipsis"));
            close(node, out);
            return true;
        }
        if (isIdentChar(c) && !isDigit(c)) {
            const qsizetype s = m_pos;
            while (m_pos < m_text.size() && isIdentChar(m_text[m_pos]))
                ++m_pos;
            const QByteArrayView word = m_text.sliced(s, m_pos - s);
            if (word == "None") {
                out = RpcValue::nil();
            } else if (word == "True" || word == "False") {
                out = RpcValue::fromBool(word == "True");
            } else if (word == "set" && peek() == '(' && peek(1) == ')') {
                m_pos += 2;
                out = RpcValue::fromArray({}, QStringLiteral("set"));
            } else {
                return fail(QStringLiteral("unexpected name '%1' (serpent writes only literals)")
                                .arg(QString::fromUtf8(word.first(std::min<qsizetype>(40, word.size())))),
                            s, node);
            }
            close(node, out);
            return true;
        }
        if (atEnd())
            return fail(QStringLiteral("serpent text ends where a value should be"), m_pos, node);
        return fail(QStringLiteral("unexpected character '%1' where a value should be").arg(QChar::fromLatin1(c)),
                    m_pos, node);
    }

    bool parseSignedNumber(RpcValue& out, DecodeNode* node)
    {
        bool negative = false;
        if (peek() == '+' || peek() == '-') {
            negative = peek() == '-';
            ++m_pos;
            skipSpace();
            if (!(isDigit(peek()) || (peek() == '.' && isDigit(peek(1)))))
                return fail(QStringLiteral("a sign must be followed by a number"), m_pos, node);
        }
        bool imaginary = false;
        if (!parseNumber(out, imaginary, node))
            return false;
        if (negative)
            out = negateNumber(out, imaginary);
        if (imaginary)
            return true;
        // A real number may be followed by "+ imaginary" or "- imaginary": a complex literal.
        const qsizetype save = m_pos;
        skipSpace();
        if (peek() != '+' && peek() != '-') {
            m_pos = save;
            return true;
        }
        const bool minus = peek() == '-';
        ++m_pos;
        skipSpace();
        if (!(isDigit(peek()) || (peek() == '.' && isDigit(peek(1)))))
            return fail(QStringLiteral("only a complex number may follow a number and a sign"), m_pos, node);
        const qsizetype imagStart = m_pos;
        RpcValue imag;
        bool isImag = false;
        if (!parseNumber(imag, isImag, node))
            return false;
        if (!isImag)
            return fail(QStringLiteral("only a complex number may follow a number and a sign"), imagStart, node);
        double im = imag.member(u"imag")->toDouble();
        if (minus)
            im = -im;
        out = complexValue(asDouble(out), im);
        return true;
    }

    static double asDouble(const RpcValue& v)
    {
        switch (v.type()) {
        case RpcValue::Type::Int:
            return static_cast<double>(v.toInt());
        case RpcValue::Type::BigInt:
            return QStringView(v.toBigInt().digits).toDouble();
        default:
            return v.toDouble();
        }
    }

    static RpcValue complexValue(double re, double im)
    {
        return RpcValue::fromStruct(
            {{QStringLiteral("real"), RpcValue::fromDouble(re)}, {QStringLiteral("imag"), RpcValue::fromDouble(im)}},
            QStringLiteral("complex"));
    }

    static RpcValue negateNumber(const RpcValue& v, bool imaginary)
    {
        if (imaginary) {
            return complexValue(-v.member(u"real")->toDouble(), -v.member(u"imag")->toDouble());
        }
        if (v.type() == RpcValue::Type::Double)
            return RpcValue::fromDouble(-v.toDouble());
        return PyIntegers::negate(v);
    }

    bool parseNumber(RpcValue& out, bool& imaginary, DecodeNode* node)
    {
        const qsizetype start = m_pos;
        if (peek() == '0'
            && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'o' || peek(1) == 'O' || peek(1) == 'b'
                || peek(1) == 'B')) {
            const char kind = static_cast<char>(peek(1) | 0x20);
            const int base = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
            m_pos += 2;
            QByteArray digits;
            while (m_pos < m_text.size() && isIdentChar(m_text[m_pos])) {
                if (m_text[m_pos] != '_')
                    digits += m_text[m_pos];
                ++m_pos;
            }
            const auto v = digits.isEmpty() ? std::nullopt : PyIntegers::fromDigits(digits, base, false);
            if (!v)
                return fail(QStringLiteral("invalid or too large integer literal"), start, node);
            out = *v;
            return true;
        }
        bool isFloat = false;
        auto digitsRun = [&] {
            while (m_pos < m_text.size() && (isDigit(m_text[m_pos]) || m_text[m_pos] == '_'))
                ++m_pos;
        };
        digitsRun();
        if (peek() == '.') {
            isFloat = true;
            ++m_pos;
            digitsRun();
        }
        if ((peek() == 'e' || peek() == 'E')
            && (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
            isFloat = true;
            m_pos += 2;
            digitsRun();
        }
        const qsizetype end = m_pos;
        if (peek() == 'j' || peek() == 'J') {
            imaginary = true;
            ++m_pos;
        }
        if (m_pos < m_text.size() && isIdentChar(m_text[m_pos]))
            return fail(QStringLiteral("invalid number literal"), start, node);
        QByteArray text;
        text.reserve(end - start);
        for (qsizetype i = start; i < end; ++i) {
            if (m_text[i] != '_')
                text += m_text[i];
        }
        if (!isFloat && !imaginary) {
            if (text.size() > PyIntegers::kMaxDecimalDigits)
                return fail(
                    QStringLiteral("integer literal with more than %1 digits").arg(PyIntegers::kMaxDecimalDigits),
                    start, node);
            out = PyIntegers::fromDecimal(text, false);
            return true;
        }
        double d = 0;
        const auto res = std::from_chars(text.constData(), text.constData() + text.size(), d);
        if (res.ec == std::errc::result_out_of_range) {
            // Python turns an overflowing literal into infinity (serpent's 1e30000) and an underflowing one into 0.
            const qsizetype e = text.indexOf('e') >= 0 ? text.indexOf('e') : text.indexOf('E');
            const bool tiny = e >= 0 && e + 1 < text.size() && text[e + 1] == '-';
            d = tiny ? 0.0 : std::numeric_limits<double>::infinity();
        } else if (res.ec != std::errc() || res.ptr != text.constData() + text.size()) {
            return fail(QStringLiteral("invalid number literal"), start, node);
        }
        out = imaginary ? complexValue(0.0, d) : RpcValue::fromDouble(d);
        return true;
    }

    // Adjacent literals concatenate, as in Python: 'a' "b" is 'ab'.
    bool parseStrings(RpcValue& out, DecodeNode* node)
    {
        QString text;
        QByteArray bytes;
        bool first = true;
        bool isBytes = false;
        while (true) {
            const qsizetype start = m_pos;
            bool literalBytes = false;
            if (!parseStringLiteral(text, bytes, literalBytes, node))
                return false;
            if (!first && literalBytes != isBytes)
                return fail(QStringLiteral("cannot join a bytes literal and a str literal"), start, node);
            isBytes = literalBytes;
            first = false;
            const qsizetype save = m_pos;
            skipSpace();
            if (!isStringStart()) {
                m_pos = save;
                break;
            }
        }
        out = isBytes ? RpcValue::fromBytes(bytes) : RpcValue::fromString(text);
        return true;
    }

    bool parseStringLiteral(QString& text, QByteArray& bytes, bool& isBytes, DecodeNode* node)
    {
        const qsizetype start = m_pos;
        bool raw = false;
        while (peek() != '\'' && peek() != '"') {
            const char c = static_cast<char>(peek() | 0x20);
            if (c == 'r')
                raw = true;
            else if (c == 'b')
                isBytes = true;
            else if (c == 'f')
                return fail(QStringLiteral("f-strings are not literals"), m_pos, node);
            ++m_pos;
        }
        const char quote = peek();
        const bool triple = peek(1) == quote && peek(2) == quote;
        m_pos += triple ? 3 : 1;
        qsizetype run = m_pos;
        auto flush = [&](qsizetype upTo) {
            if (upTo <= run)
                return;
            const QByteArrayView part = m_text.sliced(run, upTo - run);
            if (isBytes)
                bytes.append(part.data(), part.size());
            else
                text += QString::fromUtf8(part);
        };
        while (true) {
            if (atEnd())
                return fail(QStringLiteral("unterminated string literal"), start, node);
            const char c = m_text[m_pos];
            if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
                flush(m_pos);
                m_pos += triple ? 3 : 1;
                if (!isBytes && text.size() > m_limits.maxStringBytes)
                    return fail(QStringLiteral("string longer than %1").arg(m_limits.maxStringBytes), start, node);
                return true;
            }
            if (!triple && (c == '\n' || c == '\r'))
                return fail(QStringLiteral("line break inside a string literal"), m_pos, node);
            if (isBytes && static_cast<quint8>(c) >= 0x80)
                return fail(QStringLiteral("bytes literals may contain only ASCII characters"), m_pos, node);
            if (c != '\\') {
                ++m_pos;
                continue;
            }
            flush(m_pos);
            if (m_pos + 1 >= m_text.size())
                return fail(QStringLiteral("unterminated string literal"), start, node);
            if (raw) {
                // In raw literals a backslash only protects the next character; both stay.
                m_pos += 2;
                run = m_pos - 2;
                continue;
            }
            if (!parseEscape(text, bytes, isBytes, node))
                return false;
            run = m_pos;
        }
    }

    void appendCode(QString& text, QByteArray& bytes, bool isBytes, char32_t code)
    {
        if (isBytes)
            bytes += static_cast<char>(code & 0xFF);
        else
            text += QString::fromUcs4(&code, 1);
    }

    bool parseEscape(QString& text, QByteArray& bytes, bool isBytes, DecodeNode* node)
    {
        const qsizetype at = m_pos;
        const char e = m_text[m_pos + 1];
        m_pos += 2;
        switch (e) {
        case '\n':
            return true;
        case '\r':
            if (peek() == '\n')
                ++m_pos;
            return true;
        case '\\':
        case '\'':
        case '"':
            appendCode(text, bytes, isBytes, static_cast<char32_t>(e));
            return true;
        case 'a':
            appendCode(text, bytes, isBytes, 7);
            return true;
        case 'b':
            appendCode(text, bytes, isBytes, 8);
            return true;
        case 'f':
            appendCode(text, bytes, isBytes, 12);
            return true;
        case 'n':
            appendCode(text, bytes, isBytes, 10);
            return true;
        case 'r':
            appendCode(text, bytes, isBytes, 13);
            return true;
        case 't':
            appendCode(text, bytes, isBytes, 9);
            return true;
        case 'v':
            appendCode(text, bytes, isBytes, 11);
            return true;
        case 'x':
        case 'u':
        case 'U': {
            if (isBytes && e != 'x')
                break; // \u and \U mean nothing in bytes: kept as written
            const int width = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            char32_t code = 0;
            for (int i = 0; i < width; ++i) {
                const int h = hexValue(peek(i));
                if (h < 0)
                    return fail(QStringLiteral("truncated \\%1 escape").arg(QChar::fromLatin1(e)), at, node);
                code = code * 16 + static_cast<char32_t>(h);
            }
            if (code > 0x10FFFF)
                return fail(QStringLiteral("\\U escape beyond U+10FFFF"), at, node);
            m_pos += width;
            appendCode(text, bytes, isBytes, code);
            return true;
        }
        default:
            if (e >= '0' && e <= '7') {
                char32_t code = static_cast<char32_t>(e - '0');
                for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; ++i) {
                    code = code * 8 + static_cast<char32_t>(peek() - '0');
                    ++m_pos;
                }
                appendCode(text, bytes, isBytes, code);
                return true;
            }
            break;
        }
        // Unknown escapes (and \N{...}, whose names we do not carry) stay as written, backslash included.
        m_pos = at + 1;
        if (isBytes)
            bytes += '\\';
        else
            text += QLatin1Char('\\');
        return true;
    }

    // '(' [value (',' value)* [',']] ')': a tuple, or a parenthesised value when there is no comma.
    bool parseParen(RpcValue& out, DecodeNode* node, int depth)
    {
        ++m_pos;
        if (node)
            node->type = QStringLiteral("tuple");
        RpcArray items;
        bool sawComma = false;
        skipSpace();
        while (peek() != ')') {
            RpcValue item;
            if (!parseValue(node, QStringLiteral("[%1]").arg(items.size()), item, depth + 1))
                return false;
            items.push_back(std::move(item));
            skipSpace();
            if (peek() == ',') {
                sawComma = true;
                ++m_pos;
                skipSpace();
                continue;
            }
            if (peek() != ')')
                return fail(QStringLiteral("expected ',' or ')' in a tuple"), m_pos, node);
        }
        ++m_pos;
        if (items.size() == 1 && !sawComma) {
            out = std::move(items.front());
            if (node)
                node->type = QStringLiteral("(paren)");
            return true;
        }
        out = RpcValue::fromArray(std::move(items), QStringLiteral("tuple"));
        return true;
    }

    bool parseList(RpcValue& out, DecodeNode* node, int depth)
    {
        ++m_pos;
        if (node)
            node->type = QStringLiteral("list");
        RpcArray items;
        skipSpace();
        while (peek() != ']') {
            RpcValue item;
            if (!parseValue(node, QStringLiteral("[%1]").arg(items.size()), item, depth + 1))
                return false;
            items.push_back(std::move(item));
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                skipSpace();
                continue;
            }
            if (peek() != ']')
                return fail(QStringLiteral("expected ',' or ']' in a list"), m_pos, node);
        }
        ++m_pos;
        out = RpcValue::fromArray(std::move(items));
        return true;
    }

    // '{' '}' is an empty dict; '{' k ':' v, ... '}' a dict; '{' v, ... '}' a set.
    bool parseBrace(RpcValue& out, DecodeNode* node, int depth)
    {
        ++m_pos;
        if (node)
            node->type = QStringLiteral("dict");
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            out = RpcValue::fromStruct({});
            return true;
        }
        const qsizetype firstStart = m_pos;
        RpcValue first;
        if (!parseValue(node, QStringLiteral("[0]"), first, depth + 1))
            return false;
        skipSpace();
        if (peek() != ':')
            return parseSetRest(std::move(first), out, node, depth);
        if (node)
            node->children.pop_back(); // the key gets no node of its own: the member node is named after it
        RpcStruct members;
        RpcValue key = std::move(first);
        qsizetype keyStart = firstStart;
        while (true) {
            ++m_pos; // ':'
            RpcValue value;
            const QString name = pyvalue::keyText(key);
            if (!parseValue(node, name, value, depth + 1))
                return false;
            if (node) {
                DecodeNode& member = node->children.back();
                member.length = member.end() - abs(keyStart);
                member.offset = abs(keyStart);
            }
            members.emplace_back(name, std::move(value));
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                skipSpace();
            } else if (peek() != '}') {
                return fail(QStringLiteral("expected ',' or '}' in a dict"), m_pos, node);
            }
            if (peek() == '}')
                break;
            keyStart = m_pos;
            if (!parseValue(nullptr, QString(), key, depth + 1)) {
                if (node)
                    node->addError(m_error, m_errorOffset, m_errorOffset - m_base < m_text.size() ? 1 : 0);
                return false;
            }
            skipSpace();
            if (peek() != ':')
                return fail(QStringLiteral("expected ':' after a dict key"), m_pos, node);
        }
        ++m_pos;
        out = convertDict(std::move(members), node);
        return true;
    }

    bool parseSetRest(RpcValue first, RpcValue& out, DecodeNode* node, int depth)
    {
        RpcArray items;
        items.push_back(std::move(first));
        while (true) {
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                skipSpace();
            } else if (peek() != '}') {
                return fail(QStringLiteral("expected ',' or '}' in a set"), m_pos, node);
            }
            if (peek() == '}')
                break;
            RpcValue item;
            if (!parseValue(node, QStringLiteral("[%1]").arg(items.size()), item, depth + 1))
                return false;
            items.push_back(std::move(item));
        }
        ++m_pos;
        out = RpcValue::fromArray(std::move(items), QStringLiteral("set"));
        return true;
    }

    // Serpent's conventions for values Python literals cannot express.
    RpcValue convertDict(RpcStruct members, DecodeNode* node)
    {
        if (members.size() == 2 && members[0].first == QLatin1String("data")
            && members[1].first == QLatin1String("encoding") && members[0].second.isString()
            && members[1].second.toString() == QLatin1String("base64")) {
            const auto decoded = QByteArray::fromBase64Encoding(members[0].second.toString().toLatin1(),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            if (decoded)
                return RpcValue::fromBytes(*decoded);
            if (node)
                node->description = QStringLiteral("A dict shaped like serpent's bytes, but its data is not base-64.");
        }
        if (members.size() == 2 && members[0].first == QLatin1String("__class__")
            && members[0].second.toString() == QLatin1String("float") && members[1].first == QLatin1String("value")
            && members[1].second.toString() == QLatin1String("nan"))
            return RpcValue::fromDouble(std::numeric_limits<double>::quiet_NaN());
        return pyvalue::classDict(std::move(members));
    }

    QByteArrayView m_text;
    qint64 m_base;
    const DecodeLimits& m_limits;
    qsizetype m_pos = 0;
    qint64 m_values = 0;
    QString m_error;
    qint64 m_errorOffset = -1;
};

} // namespace

PyReadResult SerpentParser::parse(QByteArrayView text, qint64 base, const DecodeLimits& limits, DecodeNode* tree)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    Parser parser(text, base, bounded);
    return parser.run(tree);
}

} // namespace rpcscope
