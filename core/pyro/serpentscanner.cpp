#include "serpentscanner.h"

#include "pyintegers.h"
#include "pytext.h"

#include <charconv>
#include <limits>

namespace rpcscope {

namespace {

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

double asDouble(const RpcValue& v)
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

RpcValue complexValue(double re, double im)
{
    return RpcValue::fromStruct(
        {{QStringLiteral("real"), RpcValue::fromDouble(re)}, {QStringLiteral("imag"), RpcValue::fromDouble(im)}},
        QStringLiteral("complex"));
}

RpcValue negateNumber(const RpcValue& v, bool imaginary)
{
    if (imaginary)
        return complexValue(-v.member(u"real")->toDouble(), -v.member(u"imag")->toDouble());
    if (v.type() == RpcValue::Type::Double)
        return RpcValue::fromDouble(-v.toDouble());
    return PyIntegers::negate(v);
}

} // namespace

bool SerpentScanner::isIdentChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || static_cast<quint8>(c) >= 0x80;
}

bool SerpentScanner::fail(const QString& text, qsizetype pos, DecodeNode* where)
{
    if (m_error.isEmpty()) {
        m_error = text;
        m_errorOffset = abs(pos);
        if (where)
            where->addError(text, abs(pos), pos < m_text.size() ? 1 : 0);
    }
    return false;
}

bool SerpentScanner::stop(const QString& text, qsizetype pos, DecodeNode* where)
{
    if (m_error.isEmpty())
        m_stoppedByLimit = true;
    return fail(text, pos, where);
}

void SerpentScanner::finish(PyReadResult& r)
{
    r.error = m_error;
    r.errorOffset = m_errorOffset;
    r.stoppedByLimit = m_stoppedByLimit;
    r.notes = m_notes.take();
}

void SerpentScanner::skipSpace()
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

bool SerpentScanner::isStringStart() const
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

bool SerpentScanner::isNumberStart() const
{
    const char c = peek();
    return c == '+' || c == '-' || isDigit(c) || (c == '.' && isDigit(peek(1)));
}

bool SerpentScanner::readSignedNumber(RpcValue& out, DecodeNode* node)
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
    if (!readNumber(out, imaginary, node))
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
    if (!readNumber(imag, isImag, node))
        return false;
    if (!isImag)
        return fail(QStringLiteral("only a complex number may follow a number and a sign"), imagStart, node);
    double im = imag.member(u"imag")->toDouble();
    if (minus)
        im = -im;
    out = complexValue(asDouble(out), im);
    return true;
}

bool SerpentScanner::readNumber(RpcValue& out, bool& imaginary, DecodeNode* node)
{
    const qsizetype start = m_pos;
    const QString tooLong = QStringLiteral("an integer of more than %1 digits").arg(PyIntegers::kMaxDecimalDigits);
    if (peek() == '0'
        && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'o' || peek(1) == 'O' || peek(1) == 'b' || peek(1) == 'B')) {
        const char kind = static_cast<char>(peek(1) | 0x20);
        const int base = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
        m_pos += 2;
        QByteArray digits;
        while (m_pos < m_text.size() && isIdentChar(m_text[m_pos])) {
            if (m_text[m_pos] != '_')
                digits += m_text[m_pos];
            ++m_pos;
        }
        bool valid = !digits.isEmpty();
        for (char c : digits)
            valid = valid && (hexValue(c) >= 0 && hexValue(c) < base);
        if (!valid)
            return fail(QStringLiteral("invalid integer literal"), start, node);
        const auto v = PyIntegers::fromDigits(digits, base, false);
        if (!v) {
            m_notes.truncated(tooLong + QStringLiteral(" is shown as None"), abs(start));
            out = pyvalue::cutValue(node, tooLong);
            return true;
        }
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
        if (text.size() > PyIntegers::kMaxDecimalDigits) {
            m_notes.truncated(tooLong + QStringLiteral(" is shown as None"), abs(start));
            out = pyvalue::cutValue(node, tooLong);
            return true;
        }
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

bool SerpentScanner::readStrings(RpcValue& out, DecodeNode* node)
{
    const qsizetype first = m_pos;
    QString text;
    QByteArray bytes;
    bool firstLiteral = true;
    bool isBytes = false;
    while (true) {
        const qsizetype start = m_pos;
        bool literalBytes = false;
        if (!readStringLiteral(text, bytes, literalBytes, node))
            return false;
        if (!firstLiteral && literalBytes != isBytes)
            return fail(QStringLiteral("cannot join a bytes literal and a str literal"), start, node);
        isBytes = literalBytes;
        firstLiteral = false;
        const qsizetype save = m_pos;
        skipSpace();
        if (!isStringStart()) {
            m_pos = save;
            break;
        }
    }
    // Past max-string-bytes the value is cut to that many bytes (characters for a str); reading goes on after it.
    const qint64 max = m_limits.maxStringBytes;
    if (isBytes && bytes.size() > max) {
        m_notes.truncated(
            QStringLiteral("bytes of %1 bytes cut to the first %2 (max-string-bytes)").arg(bytes.size()).arg(max),
            abs(first));
        bytes.truncate(max);
    } else if (!isBytes && text.size() > max) {
        m_notes.truncated(
            QStringLiteral("a str of %1 characters cut to the first %2 (max-string-bytes)").arg(text.size()).arg(max),
            abs(first));
        text.truncate(max > 0 && text.at(max - 1).isHighSurrogate() ? max - 1 : max);
    }
    out = isBytes ? RpcValue::fromBytes(bytes) : RpcValue::fromString(text);
    return true;
}

void SerpentScanner::appendRaw(QString& text, QByteArray& bytes, bool isBytes, QByteArrayView part)
{
    if (isBytes)
        bytes.append(part.data(), part.size());
    else
        text += PyText::decodeUtf8(part); // the whole text is valid UTF-8 (checked first): nothing to report
}

void SerpentScanner::appendCode(QString& text, QByteArray& bytes, bool isBytes, char32_t code, qsizetype at)
{
    if (isBytes) {
        bytes += static_cast<char>(code & 0xFF);
        return;
    }
    // repr() writes a character outside the BMP as one \U escape (or as itself): two \u surrogate escapes are two
    // code points in Python, which UTF-16 cannot tell from that character.
    if (PyText::appendCodePoint(text, code))
        m_notes.lenient(QStringLiteral("a str holds ")
                            + PyText::joinedPairText(text.at(text.size() - 2).unicode(), text.back().unicode()),
                        abs(at));
}

bool SerpentScanner::readStringLiteral(QString& text, QByteArray& bytes, bool& isBytes, DecodeNode* node)
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
        if (upTo > run)
            appendRaw(text, bytes, isBytes, m_text.sliced(run, upTo - run));
    };
    while (true) {
        if (atEnd())
            return fail(QStringLiteral("unterminated string literal"), start, node);
        const char c = m_text[m_pos];
        if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
            flush(m_pos);
            m_pos += triple ? 3 : 1;
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
        if (!readEscape(text, bytes, isBytes, node))
            return false;
        run = m_pos;
    }
}

bool SerpentScanner::readEscape(QString& text, QByteArray& bytes, bool isBytes, DecodeNode* node)
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
        appendCode(text, bytes, isBytes, static_cast<char32_t>(e), at);
        return true;
    case 'a':
        appendCode(text, bytes, isBytes, 7, at);
        return true;
    case 'b':
        appendCode(text, bytes, isBytes, 8, at);
        return true;
    case 'f':
        appendCode(text, bytes, isBytes, 12, at);
        return true;
    case 'n':
        appendCode(text, bytes, isBytes, 10, at);
        return true;
    case 'r':
        appendCode(text, bytes, isBytes, 13, at);
        return true;
    case 't':
        appendCode(text, bytes, isBytes, 9, at);
        return true;
    case 'v':
        appendCode(text, bytes, isBytes, 11, at);
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
        appendCode(text, bytes, isBytes, code, at);
        return true;
    }
    case 'N':
        if (!isBytes && peek() == '{') {
            // Python would look the name up; repr() never writes one, and we carry no table of names.
            m_notes.lenient(QStringLiteral("a \\N{...} escape is kept as written: character names are not looked "
                                           "up"),
                            abs(at));
        }
        break;
    default:
        if (e >= '0' && e <= '7') {
            char32_t code = static_cast<char32_t>(e - '0');
            for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; ++i) {
                code = code * 8 + static_cast<char32_t>(peek() - '0');
                ++m_pos;
            }
            appendCode(text, bytes, isBytes, code, at);
            return true;
        }
        break;
    }
    // Unknown escapes stay as written, backslash included, as in Python.
    m_pos = at + 1;
    if (isBytes)
        bytes += '\\';
    else
        text += QLatin1Char('\\');
    return true;
}

} // namespace rpcscope
