#include "pytext.h"

#include <QStringDecoder>

#include <algorithm>

namespace rpcscope {

namespace {

bool isContinuation(quint8 b)
{
    return (b & 0xC0) == 0x80;
}

// The slow path: a UTF-8 decoder that reads encoded surrogates as code points and replaces each invalid sequence
// (its maximal valid prefix, as Python's 'replace' does) with U+FFFD.
QString decodeExact(QByteArrayView bytes, PyText::Report* report)
{
    QString out;
    out.reserve(bytes.size());
    const auto* s = reinterpret_cast<const quint8*>(bytes.data());
    const qsizetype n = bytes.size();
    bool lastWasDecodedHigh = false;
    for (qsizetype i = 0; i < n;) {
        const quint8 b = s[i];
        if (b < 0x80) {
            out += QChar(b);
            ++i;
            lastWasDecodedHigh = false;
            continue;
        }
        int length = 0;
        char32_t code = 0;
        quint8 low = 0x80;
        quint8 high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
            code = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            code = b & 0x0F;
            if (b == 0xE0)
                low = 0xA0; // no overlong forms; ED A0..BF (surrogates) is allowed on purpose
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            code = b & 0x07;
            if (b == 0xF0)
                low = 0x90;
            else if (b == 0xF4)
                high = 0x8F;
        }
        int taken = 1;
        bool valid = length > 0;
        for (; valid && taken < length; ++taken) {
            if (i + taken >= n) {
                valid = false;
                break;
            }
            const quint8 c = s[i + taken];
            const bool inRange = taken == 1 ? (c >= low && c <= high) : isContinuation(c);
            if (!inRange) {
                valid = false;
                break;
            }
            code = (code << 6) | (c & 0x3F);
        }
        if (!valid) {
            if (report && report->invalidAt < 0)
                report->invalidAt = i;
            out += QChar(QChar::ReplacementCharacter);
            i += std::max(1, taken);
            lastWasDecodedHigh = false;
            continue;
        }
        const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
        if (surrogate && report && report->surrogateAt < 0)
            report->surrogateAt = i;
        if (surrogate && code >= 0xDC00 && lastWasDecodedHigh && report && report->joinedPairAt < 0) {
            report->joinedPairAt = i - 3;
            report->pairHigh = out.back().unicode();
            report->pairLow = static_cast<char16_t>(code);
        }
        PyText::appendCodePoint(out, code);
        lastWasDecodedHigh = surrogate && code < 0xDC00;
        i += length;
    }
    return out;
}

} // namespace

QString PyText::decodeUtf8(QByteArrayView bytes, Report* report)
{
    // Qt's decoder is fast and right for well-formed text once told to keep a leading U+FEFF; it flags encoded
    // surrogates and invalid bytes as errors, and only then is the text decoded again the slow, exact way.
    QStringDecoder decoder(QStringConverter::Utf8,
                           QStringConverter::Flag::ConvertInitialBom | QStringConverter::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (!decoder.hasError())
        return text;
    return decodeExact(bytes, report);
}

bool PyText::appendCodePoint(QString& out, char32_t code)
{
    if (QChar::requiresSurrogates(code)) {
        out += QChar(QChar::highSurrogate(code));
        out += QChar(QChar::lowSurrogate(code));
        return false;
    }
    const bool joins = QChar::isLowSurrogate(code) && !out.isEmpty() && out.back().isHighSurrogate();
    out += QChar(static_cast<char16_t>(code));
    return joins;
}

QByteArray PyText::encodeUtf8SurrogatePass(QStringView text)
{
    if (!hasLoneSurrogate(text))
        return text.toUtf8();
    QByteArray out;
    out.reserve(text.size() * 3);
    qsizetype run = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!c.isSurrogate())
            continue;
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            ++i;
            continue;
        }
        out += text.sliced(run, i - run).toUtf8();
        const char16_t u = c.unicode();
        out += static_cast<char>(0xE0 | (u >> 12));
        out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (u & 0x3F));
        run = i + 1;
    }
    out += text.sliced(run).toUtf8();
    return out;
}

bool PyText::hasLoneSurrogate(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!c.isSurrogate())
            continue;
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            ++i;
            continue;
        }
        return true;
    }
    return false;
}

QString PyText::joinedPairText(char16_t high, char16_t low)
{
    auto hex = [](char32_t c) {
        return QString::number(static_cast<uint>(c), 16).toUpper().rightJustified(4, QLatin1Char('0'));
    };
    return QStringLiteral("the code points U+%1 U+%2 (two in Python) read as the one character U+%3: UTF-16 cannot "
                          "keep them apart")
        .arg(hex(high), hex(low), hex(QChar::surrogateToUcs4(high, low)));
}

} // namespace rpcscope
