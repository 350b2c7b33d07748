// The serpent and json walkers of rewritePyroEndpoints (see pyropayloadwalkers.h).
#include "intercept/pyropayloadwalkers.h"
#include "pyro/pyrojsonwriter.h"
#include "pyro/pyvalue.h"
#include "pyro/serpentscanner.h"
#include "pyro/serpentwriter.h"
#include "rpcvalue.h"

#include <cstring>

namespace rpcscope::pyroendpoints {

namespace {

QString depthError(int depth)
{
    return QStringLiteral("nesting deeper than %1 levels").arg(depth);
}

QString valuesError(qint64 values)
{
    return QStringLiteral("more than %1 values in one message").arg(values);
}

class SerpentWalker
{
public:
    SerpentWalker(QByteArrayView text, PayloadEdits& edits, const DecodeLimits& limits)
        : m_in(text, 0, limits)
        , m_edits(edits)
        , m_limits(limits)
    { }

    Result<bool> run()
    {
        const QByteArrayView text = m_in.text();
        if (text.contains('\0') || !text.isValidUtf8())
            return Error {QStringLiteral("serpent text with a NUL byte or not UTF-8")};
        if (text.startsWith('#')) {
            const qsizetype nl = text.indexOf('\n');
            m_in.setPos(nl < 0 ? text.size() : nl + 1);
        }
        Seen value;
        if (!parse(value, 0))
            return Error {m_in.error().isEmpty() ? QStringLiteral("unreadable serpent text") : m_in.error()};
        m_in.skipSpace();
        if (!m_in.atEnd())
            return Error {QStringLiteral("text after the serpent value")};
        return true;
    }

private:
    bool fail(const QString& why) { return m_in.fail(why, m_in.pos(), nullptr); }

    bool parse(Seen& out, int depth)
    {
        m_in.skipSpace();
        if (++m_values > m_limits.maxValues)
            return fail(valuesError(m_limits.maxValues));
        const qsizetype start = m_in.pos();
        out.site = {start, 0};
        const char c = m_in.peek();
        if (m_in.isNumberStart()) {
            RpcValue number;
            if (!m_in.readSignedNumber(number, nullptr))
                return false;
            if (number.isInt()) {
                out.kind = Seen::Kind::Int;
                out.number = number.toInt();
                out.numberKnown = true;
            }
        } else if (m_in.isStringStart()) {
            RpcValue string;
            if (!m_in.readStrings(string, nullptr))
                return false;
            if (string.isString()) {
                out.kind = Seen::Kind::Str;
                if (string.toString().size() <= Seen::kMaxText) {
                    out.text = string.toString();
                    out.textKnown = true;
                }
            }
        } else if (c == '(' || c == '[' || c == '{') {
            if (depth >= m_limits.maxDepth)
                return fail(depthError(m_limits.maxDepth));
            if (!(c == '{' ? parseBrace(out, depth) : parseSequence(out, c == '(' ? ')' : ']', depth)))
                return false;
            if (out.kind == Seen::Kind::Str || out.kind == Seen::Kind::Int || out.kind == Seen::Kind::None)
                return true; // a parenthesised value keeps the site of its literal
        } else if (c == '.' && m_in.peek(1) == '.' && m_in.peek(2) == '.') {
            m_in.advance(3);
        } else if (SerpentScanner::isIdentChar(c) && !(c >= '0' && c <= '9')) {
            const qsizetype s = m_in.pos();
            while (!m_in.atEnd() && SerpentScanner::isIdentChar(m_in.peek()))
                m_in.advance();
            const QByteArrayView word = m_in.text().sliced(s, m_in.pos() - s);
            if (word == "None")
                out.kind = Seen::Kind::None;
            else if (word == "set" && m_in.peek() == '(' && m_in.peek(1) == ')')
                m_in.advance(2);
            else if (word != "True" && word != "False")
                return fail(QStringLiteral("a name in serpent text"));
        } else {
            return fail(QStringLiteral("unexpected character in serpent text"));
        }
        out.site.length = m_in.pos() - start;
        if (out.kind == Seen::Kind::Str)
            m_edits.seenString(out);
        return true;
    }

    // '(' or '[' items ')' or ']'; a parenthesised value without a comma is that value.
    bool parseSequence(Seen& out, char close, int depth)
    {
        m_in.advance();
        out.kind = Seen::Kind::Sequence;
        bool sawComma = false;
        qsizetype count = 0;
        Seen single;
        m_in.skipSpace();
        while (m_in.peek() != close) {
            Seen item;
            if (!parse(item, depth + 1))
                return false;
            ++count;
            if (count == 1)
                single = item;
            keepItem(out, std::move(item));
            m_in.skipSpace();
            if (m_in.peek() == ',') {
                sawComma = true;
                m_in.advance();
                m_in.skipSpace();
            } else if (m_in.peek() != close) {
                return fail(QStringLiteral("expected ',' or a closing bracket in serpent text"));
            }
        }
        m_in.advance();
        if (close == ')' && count == 1 && !sawComma)
            out = std::move(single);
        return true;
    }

    bool parseBrace(Seen& out, int depth)
    {
        const qsizetype start = m_in.pos();
        m_in.advance();
        m_in.skipSpace();
        DictWatch dict;
        bool isSet = false;
        bool first = true;
        while (m_in.peek() != '}') {
            Seen key;
            if (!parse(key, depth + 1))
                return false;
            m_in.skipSpace();
            if (first)
                isSet = m_in.peek() != ':';
            first = false;
            if (!isSet) {
                if (m_in.peek() != ':')
                    return fail(QStringLiteral("expected ':' after a dict key in serpent text"));
                m_in.advance();
                Seen value;
                if (!parse(value, depth + 1))
                    return false;
                dict.member(key, std::move(value));
                m_in.skipSpace();
            }
            if (m_in.peek() == ',') {
                m_in.advance();
                m_in.skipSpace();
            } else if (m_in.peek() != '}') {
                return fail(QStringLiteral("expected ',' or '}' in serpent text"));
            }
        }
        m_in.advance();
        out = std::move(dict).finish({start, m_in.pos() - start});
        if (out.kind == Seen::Kind::Object)
            m_edits.seenObject(out);
        return true;
    }

    SerpentScanner m_in;
    PayloadEdits& m_edits;
    const DecodeLimits& m_limits;
    qint64 m_values = 0;
};

// JSON as Python's json module writes it (NaN, Infinity and -Infinity included).
class JsonWalker
{
public:
    JsonWalker(QByteArrayView text, PayloadEdits& edits, const DecodeLimits& limits)
        : m_text(text)
        , m_edits(edits)
        , m_limits(limits)
    { }

    Result<bool> run()
    {
        if (!m_text.isValidUtf8())
            return Error {QStringLiteral("json text that is not UTF-8")};
        Seen value;
        if (!parse(value, 0) || (skipSpace(), m_pos != m_text.size()))
            return Error {m_error.isEmpty() ? QStringLiteral("text after the json value") : m_error};
        return true;
    }

private:
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    bool fail(const QString& why)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1 at byte %2 of the json payload").arg(why).arg(m_pos);
        return false;
    }
    void skipSpace()
    {
        while (m_pos < m_text.size()
               && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool word(QByteArrayView w)
    {
        if (!m_text.sliced(m_pos).startsWith(w))
            return false;
        m_pos += w.size();
        return true;
    }

    bool parse(Seen& out, int depth)
    {
        skipSpace();
        if (++m_values > m_limits.maxValues)
            return fail(valuesError(m_limits.maxValues));
        const qsizetype start = m_pos;
        out.site = {start, 0};
        const char c = peek();
        if (c == '"') {
            if (!parseString(out))
                return false;
        } else if (c == '{' || c == '[') {
            if (depth >= m_limits.maxDepth)
                return fail(depthError(m_limits.maxDepth));
            if (!(c == '{' ? parseObject(out, depth) : parseArray(out, depth)))
                return false;
        } else if (word("null")) {
            out.kind = Seen::Kind::None;
        } else if (word("true") || word("false") || word("NaN") || word("Infinity") || word("-Infinity")) {
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            qsizetype end = m_pos + (c == '-' ? 1 : 0);
            bool integral = true;
            while (end < m_text.size()) {
                const char d = m_text[end];
                if (d == '.' || d == 'e' || d == 'E' || d == '+' || (d == '-' && end > m_pos))
                    integral = false;
                else if (!(d >= '0' && d <= '9'))
                    break;
                ++end;
            }
            bool ok = false;
            const qint64 n = QByteArrayView(m_text.sliced(m_pos, end - m_pos)).toLongLong(&ok);
            if (integral && ok) {
                out.kind = Seen::Kind::Int;
                out.number = n;
                out.numberKnown = true;
            }
            if (end == m_pos || (c == '-' && end == m_pos + 1))
                return fail(QStringLiteral("a bad number"));
            m_pos = end;
        } else {
            return fail(QStringLiteral("unexpected character"));
        }
        out.site.length = m_pos - start;
        return true;
    }

    bool parseString(Seen& out)
    {
        ++m_pos;
        const qsizetype start = m_pos;
        QString text;
        bool escaped = false;
        while (true) {
            if (m_pos >= m_text.size())
                return fail(QStringLiteral("a string that does not end"));
            const char c = m_text[m_pos];
            if (c == '"')
                break;
            if (static_cast<quint8>(c) < 0x20)
                return fail(QStringLiteral("a control character in a string"));
            if (c != '\\') {
                ++m_pos;
                continue;
            }
            escaped = true;
            if (m_pos + 1 >= m_text.size())
                return fail(QStringLiteral("a string that does not end"));
            m_pos += m_text[m_pos + 1] == 'u' ? 6 : 2;
        }
        const QByteArrayView raw = m_text.sliced(start, m_pos - start);
        ++m_pos;
        out.kind = Seen::Kind::Str;
        out.site.length = m_pos - out.site.offset;
        if (raw.size() > Seen::kMaxText * 6)
            return true;
        if (!escaped) {
            text = QString::fromUtf8(raw);
        } else if (!unescape(raw, text)) {
            return fail(QStringLiteral("a bad escape in a string"));
        }
        if (text.size() <= Seen::kMaxText) {
            out.text = std::move(text);
            out.textKnown = true;
        }
        m_edits.seenString(out);
        return true;
    }

    static bool unescape(QByteArrayView raw, QString& text)
    {
        qsizetype run = 0;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw[i] != '\\')
                continue;
            text += QString::fromUtf8(raw.sliced(run, i - run));
            if (i + 1 >= raw.size())
                return false;
            const char e = raw[i + 1];
            const char* plain = "\"\\/bfnrt";
            const char* mapped = "\"\\/\b\f\n\r\t";
            if (const char* p = e ? std::strchr(plain, e) : nullptr) {
                text += QChar(mapped[p - plain]);
                i += 1;
            } else if (e == 'u' && i + 6 <= raw.size()) {
                bool ok = false;
                const uint code = QByteArrayView(raw.sliced(i + 2, 4)).toUInt(&ok, 16);
                if (!ok)
                    return false;
                text += QChar(char16_t(code));
                i += 5;
            } else {
                return false;
            }
            run = i + 1;
        }
        text += QString::fromUtf8(raw.sliced(run));
        return true;
    }

    bool parseArray(Seen& out, int depth)
    {
        ++m_pos;
        out.kind = Seen::Kind::Sequence;
        skipSpace();
        if (peek() == ']')
            return ++m_pos, true;
        while (true) {
            Seen item;
            if (!parse(item, depth + 1))
                return false;
            keepItem(out, std::move(item));
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
            } else if (peek() == ']') {
                ++m_pos;
                return true;
            } else {
                return fail(QStringLiteral("expected ',' or ']'"));
            }
        }
    }

    bool parseObject(Seen& out, int depth)
    {
        const qsizetype start = m_pos;
        ++m_pos;
        DictWatch dict;
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
        } else {
            while (true) {
                Seen key;
                skipSpace();
                if (peek() != '"')
                    return fail(QStringLiteral("a member name that is not a string"));
                if (!parse(key, depth + 1))
                    return false;
                skipSpace();
                if (peek() != ':')
                    return fail(QStringLiteral("expected ':'"));
                ++m_pos;
                Seen value;
                if (!parse(value, depth + 1))
                    return false;
                dict.member(key, std::move(value));
                skipSpace();
                if (peek() == ',') {
                    ++m_pos;
                } else if (peek() == '}') {
                    ++m_pos;
                    break;
                } else {
                    return fail(QStringLiteral("expected ',' or '}'"));
                }
            }
        }
        out = std::move(dict).finish({start, m_pos - start});
        if (out.kind == Seen::Kind::Object)
            m_edits.seenObject(out);
        return true;
    }

    QByteArrayView m_text;
    PayloadEdits& m_edits;
    const DecodeLimits& m_limits;
    qsizetype m_pos = 0;
    qint64 m_values = 0;
    QString m_error;
};

QByteArray decimal(qint64 n)
{
    return QByteArray::number(n);
}

} // namespace

Result<PayloadEdits::Encoder> walkSerpent(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    SerpentWalker walker(payload, edits, bounded);
    if (const auto read = walker.run(); !read)
        return Error {read.error()};
    // serpent writes a str with repr() and an int in decimal.
    return PayloadEdits::Encoder([](const Scalar& value, qint64, bool) {
        QByteArray out;
        if (value.isText)
            SerpentWriter::writeValue(RpcValue::fromString(value.text), out);
        else
            out = decimal(value.number);
        return out;
    });
}

Result<PayloadEdits::Encoder> walkJson(QByteArrayView payload, PayloadEdits& edits, const DecodeLimits& limits)
{
    const DecodeLimits bounded = pyvalue::stackSafe(limits);
    JsonWalker walker(payload, edits, bounded);
    if (const auto read = walker.run(); !read)
        return Error {read.error()};
    return PayloadEdits::Encoder([](const Scalar& value, qint64, bool) {
        QByteArray out;
        if (value.isText)
            PyroJsonWriter::writeValue(RpcValue::fromString(value.text), out);
        else
            out = decimal(value.number);
        return out;
    });
}

} // namespace rpcscope::pyroendpoints
