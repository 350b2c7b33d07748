#include "regexprefix.h"

namespace rpcscope {

namespace {

char16_t asciiLower(char16_t c)
{
    return (c >= u'A' && c <= u'Z') ? char16_t(c + (u'a' - u'A')) : c;
}

bool isAsciiAlnum(char16_t c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isQuantifier(char16_t c)
{
    // '{' counts even where PCRE2 would take it literally (not followed by a count): the prefix only gets shorter.
    return c == u'?' || c == u'*' || c == u'+' || c == u'{';
}

bool isMeta(char16_t c)
{
    return c == u'\\' || c == u'^' || c == u'$' || c == u'.' || c == u'|' || c == u'?' || c == u'*' || c == u'+'
        || c == u'(' || c == u')' || c == u'[' || c == u']' || c == u'{' || c == u'}';
}

} // namespace

QString anchoredLiteralPrefix(const QString& pattern)
{
    if (!pattern.startsWith(QLatin1Char('^')) || pattern.contains(QLatin1Char('|')))
        return {};
    QString prefix;
    qsizetype i = 1;
    while (i < pattern.size()) {
        char16_t c = pattern[i].unicode();
        qsizetype next = i + 1;
        if (c == u'\\') {
            // An escaped ASCII punctuation character is itself; an escaped letter or digit is a class, an
            // assertion, a code or a quoting (\d, \b, \x41, \Q): the prefix ends there.
            if (next >= pattern.size())
                break;
            c = pattern[next].unicode();
            if (c >= 0x80 || isAsciiAlnum(c))
                break;
            next = next + 1;
        } else if (c >= 0x80 || isMeta(c)) {
            break;
        }
        if (next < pattern.size() && isQuantifier(pattern[next].unicode()))
            break; // the character may be absent or repeated
        prefix.append(QChar(c));
        i = next;
    }
    return prefix;
}

bool mayMatchAnchoredPrefix(QStringView text, QStringView prefix)
{
    for (qsizetype i = 0; i < prefix.size(); ++i) {
        if (i >= text.size())
            return false;
        const char16_t c = text[i].unicode();
        if (c >= 0x80)
            return true;
        if (asciiLower(c) != asciiLower(prefix[i].unicode()))
            return false;
    }
    return true;
}

} // namespace rpcscope
