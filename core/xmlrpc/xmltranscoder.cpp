#include "xmltranscoder.h"

#include <QStringDecoder>
#include <QStringList>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rpcscope::xmlrpc {

namespace {

QString hex(unsigned v, int digits)
{
    return QLatin1String("0x") + QString::number(v, 16).toUpper().rightJustified(digits, QLatin1Char('0'));
}

// "0xE9 0x74": the bytes of a bad place as the hex pane shows them (at most four).
QString hexBytes(QByteArrayView bytes)
{
    QStringList parts;
    for (const char c : bytes.first(std::min<qsizetype>(bytes.size(), 4)))
        parts << hex(static_cast<unsigned char>(c), 2);
    if (bytes.size() > 4)
        parts << QStringLiteral("…");
    return parts.join(QLatin1Char(' '));
}

// Writes code point `c` as UTF-8 at `out`; returns the number of bytes.
int putUtf8(char32_t c, char* out)
{
    if (c < 0x80) {
        out[0] = static_cast<char>(c);
        return 1;
    }
    if (c < 0x800) {
        out[0] = static_cast<char>(0xC0 | (c >> 6));
        out[1] = static_cast<char>(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (c >> 12));
        out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (c >> 18));
    out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (c & 0x3F));
    return 4;
}

constexpr char32_t kReplacement = 0xFFFD;

void noteBad(BadBytes& bad, qint64 offset, qint64 length, const QString& what)
{
    if (!bad.found()) {
        bad.offset = offset;
        bad.length = length;
        bad.what = what;
    }
    ++bad.count;
}

// UTF-16 is converted here rather than by Qt so that unpaired surrogates and a trailing odd byte are found at their
// exact offsets (they are not characters, and XML has no way to carry them).
TranscodedXml fromUtf16(QByteArrayView body, qint64 start, bool bigEndian)
{
    TranscodedXml t {QByteArray(), WireOffsets(start), {}};
    const qint64 n = body.size();
    t.utf8.resize((n - start) / 2 * 3 + 4);
    char* out = t.utf8.data();
    const auto* b = reinterpret_cast<const unsigned char*>(body.data());
    auto unit = [&](qint64 at) -> char16_t {
        return bigEndian ? char16_t((b[at] << 8) | b[at + 1]) : char16_t((b[at + 1] << 8) | b[at]);
    };
    qint64 pos = start;
    while (pos + 1 < n) {
        const char16_t u = unit(pos);
        char32_t c = u;
        qint64 width = 2;
        if (u >= 0xD800 && u <= 0xDBFF && pos + 3 < n && unit(pos + 2) >= 0xDC00 && unit(pos + 2) <= 0xDFFF) {
            c = 0x10000 + ((char32_t(u) - 0xD800) << 10) + (unit(pos + 2) - 0xDC00);
            width = 4;
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            noteBad(t.bad, pos, 2, QStringLiteral("an unpaired surrogate %1").arg(hex(u, 4)));
            c = kReplacement;
        }
        const int written = putUtf8(c, out);
        out += written;
        t.offsets.append(written, width);
        pos += width;
    }
    if (pos < n)
        noteBad(t.bad, pos, n - pos, QStringLiteral("a last byte that is half a character"));
    t.utf8.resize(out - t.utf8.data());
    return t;
}

// Any encoding Qt converts (its own ISO-8859-1, ICU's windows-1252, EUC-JP, Shift_JIS...), one byte at a time: a
// character's bytes are those fed since the last character came out.
TranscodedXml fromLegacy(QByteArrayView body, const QByteArray& name)
{
    TranscodedXml t;
    QStringDecoder decoder(name.constData());
    constexpr qint64 kRun = 4096;
    QVarLengthArray<QChar, 64> chars(std::max<qsizetype>(64, decoder.requiredSpace(kRun)));
    // In an encoding without shift states a run of ASCII bytes that starts between two characters is that many
    // characters, so it is fed at once: one call instead of one per byte for the markup, which is mostly ASCII.
    const bool stateless = !(name.startsWith("ISO-2022") || name.startsWith("UTF-7") || name.startsWith("HZ"));
    t.utf8.reserve(body.size() + body.size() / 2);
    char16_t high = 0; // a high surrogate waiting for its partner
    bool substituted = false;
    // Appends converted characters as one piece made from `wireBytes` bytes; false for half a surrogate pair (its
    // bytes then go with the other half). ICU stands in U+001A for bytes it cannot convert in EUC-JP and Shift_JIS;
    // XML has no U+001A, so every one of them is a bad place and becomes U+FFFD like the others.
    auto emit = [&](const QChar* begin, qint64 count, qint64 wireBytes) {
        qint64 written = 0;
        char utf8[4];
        for (qint64 k = 0; k < count; ++k) {
            const char16_t u = begin[k].unicode();
            char32_t c = u;
            if (high && u >= 0xDC00 && u <= 0xDFFF) {
                c = 0x10000 + ((char32_t(high) - 0xD800) << 10) + (u - 0xDC00);
                high = 0;
            } else if (u >= 0xD800 && u <= 0xDBFF) {
                high = u;
                continue;
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                c = kReplacement;
            } else if (u == 0x1A) {
                c = kReplacement;
                substituted = true;
            }
            const int w = putUtf8(c, utf8);
            t.utf8.append(utf8, w);
            written += w;
        }
        if (written == 0)
            return false;
        t.offsets.append(written, wireBytes);
        return true;
    };
    qint64 characterStart = 0;
    bool hadError = false;
    bool pendingBad = false;
    for (qint64 i = 0; i < body.size(); ++i) {
        if (stateless && characterStart == i && !high && !pendingBad) {
            qint64 run = 0;
            while (run < kRun && i + run < body.size() && static_cast<unsigned char>(body[i + run]) < 0x80)
                ++run;
            if (run > 1) {
                const QChar* end = decoder.appendToBuffer(chars.data(), body.sliced(i, run));
                const qint64 produced = end - chars.data();
                const bool bad = decoder.hasError() && !hadError;
                hadError = decoder.hasError();
                if (produced == run && !bad) {
                    for (qint64 k = 0; k < run; ++k) {
                        substituted = false;
                        emit(chars.data() + k, 1, 1);
                        if (substituted)
                            noteBad(t.bad, i + k, 1, hexBytes(body.sliced(i + k, 1)));
                    }
                } else {
                    // Not one character per byte after all: the run is one piece, exact at its ends.
                    emit(chars.data(), produced, run);
                    if (bad)
                        noteBad(t.bad, i, run, hexBytes(body.sliced(i, run)));
                }
                characterStart = i + run;
                i += run - 1;
                continue;
            }
        }
        const QChar* end = decoder.appendToBuffer(chars.data(), body.sliced(i, 1));
        const qint64 produced = end - chars.data();
        // Qt says only whether some error happened so far: the first one is seen here, the rest by U+001A.
        pendingBad = pendingBad || (decoder.hasError() && !hadError);
        hadError = decoder.hasError();
        if (produced == 0)
            continue;
        const bool lastIsAscii
            = static_cast<unsigned char>(body[i]) < 0x80 && chars[produced - 1] == QLatin1Char(body[i]);
        if (produced == 1 && lastIsAscii && i > characterStart && !pendingBad && t.offsets.textLength() > 0) {
            // Bytes that made nothing before an ASCII character (ISO-2022-JP's escape back to ASCII) end the
            // character before it, so that a '<' here maps to its own byte.
            t.offsets.widenLast(i - characterStart);
            characterStart = i;
        }
        // A bad byte is often only known as bad when the next one arrives; when that one is ASCII and came out as
        // itself, it is a character of its own and not part of the bad place.
        const bool asciiAfter = produced > 1 && i > characterStart && lastIsAscii;
        const qint64 groupEnd = asciiAfter ? i : i + 1;
        substituted = false;
        if (!emit(chars.data(), asciiAfter ? produced - 1 : produced, groupEnd - characterStart))
            continue;
        if (pendingBad || substituted)
            noteBad(t.bad, characterStart, groupEnd - characterStart,
                    hexBytes(body.sliced(characterStart, groupEnd - characterStart)));
        pendingBad = false;
        characterStart = groupEnd;
        if (asciiAfter && emit(chars.data() + produced - 1, 1, 1))
            characterStart = i + 1;
    }
    if (characterStart < body.size())
        noteBad(t.bad, characterStart, body.size() - characterStart,
                QStringLiteral("%1 at the end, not a whole character").arg(hexBytes(body.sliced(characterStart))));
    return t;
}

} // namespace

void WireOffsets::append(qint64 textBytes, qint64 wireBytes)
{
    if (!m_runs.empty()) {
        Run& last = m_runs.back();
        if (last.textWidth == textBytes && last.wireWidth == wireBytes) {
            ++last.count;
            m_textEnd += textBytes;
            m_wireEnd += wireBytes;
            return;
        }
    }
    m_runs.push_back({m_textEnd, m_wireEnd, textBytes, wireBytes, 1});
    m_textEnd += textBytes;
    m_wireEnd += wireBytes;
}

void WireOffsets::widenLast(qint64 extraWireBytes)
{
    if (m_runs.empty() || extraWireBytes <= 0)
        return;
    Run last = m_runs.back();
    if (last.count > 1) {
        --m_runs.back().count;
        last.textStart += (last.count - 1) * last.textWidth;
        last.wireStart += (last.count - 1) * last.wireWidth;
        last.count = 1;
        last.wireWidth += extraWireBytes;
        m_runs.push_back(last);
    } else {
        m_runs.back().wireWidth += extraWireBytes;
    }
    m_wireEnd += extraWireBytes;
}

qint64 WireOffsets::toWire(qint64 textOffset) const
{
    if (textOffset >= m_textEnd)
        return m_wireEnd;
    if (m_runs.empty() || textOffset < 0)
        return m_runs.empty() ? m_wireEnd : m_runs.front().wireStart;
    const auto it = std::upper_bound(m_runs.begin(), m_runs.end(), textOffset,
                                     [](qint64 v, const Run& r) { return v < r.textStart; });
    const Run& r = *std::prev(it);
    return r.wireStart + (textOffset - r.textStart) / r.textWidth * r.wireWidth;
}

BadBytes findInvalidUtf8(QByteArrayView bytes)
{
    BadBytes bad;
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    const qint64 n = bytes.size();
    qint64 i = 0;
    while (i < n) {
#if defined(__SSE2__)
        // Sixteen ASCII bytes at a time where SSE2 is there (every x86-64): most XML-RPC bodies are nothing else.
        while (i + 16 <= n && _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i))) == 0)
            i += 16;
#endif
        // Eight ASCII bytes at a time: most XML-RPC bodies are nothing else.
        if (i + 8 <= n) {
            quint64 word;
            std::memcpy(&word, b + i, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = b[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int need = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        }
        // The longest start of a valid sequence is one bad place (Unicode's "maximal subpart").
        qint64 len = 1;
        bool ok = need > 0;
        for (int k = 1; ok && k <= need; ++k) {
            if (i + k >= n) {
                ok = false;
                break;
            }
            const unsigned char t = b[i + k];
            const unsigned char low = k == 1 ? lo : 0x80;
            const unsigned char high = k == 1 ? hi : 0xBF;
            if (t < low || t > high) {
                ok = false;
                break;
            }
            ++len;
        }
        if (!ok)
            noteBad(bad, i, len, hexBytes(bytes.sliced(i, len)));
        i += len;
    }
    return bad;
}

TranscodedXml transcodeToUtf8(QByteArrayView body, const XmlEncoding& encoding)
{
    if (encoding.kind == XmlEncoding::Kind::Utf16)
        return fromUtf16(body, encoding.bomLength, encoding.bigEndian);
    return fromLegacy(body, encoding.name);
}

} // namespace rpcscope::xmlrpc
