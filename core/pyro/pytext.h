#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace rpcscope {

/// Python str values to and from the bytes Pyro's serializers write, exactly. A Python str is a sequence of code
/// points and may hold U+FEFF anywhere and lone surrogates (U+D800..U+DFFF); a QString is UTF-16. So:
/// - U+FEFF is data, kept wherever it stands (Qt's UTF-8 and UTF-32 conversions drop a leading one);
/// - a surrogate code point becomes that one UTF-16 unit, never U+FFFD. marshal and pickle write them with
///   Python's 'surrogatepass' (U+D800 as the bytes ED A0 80);
/// - what UTF-16 cannot keep is reported: a high surrogate code point directly followed by a low one reads as the
///   one character the pair encodes (Python keeps two code points), and bytes that are not UTF-8 become U+FFFD.
class PyText
{
public:
    /// What decoding found that the caller must report; offsets are relative to the decoded bytes.
    struct Report
    {
        /// First byte that is not UTF-8 (replaced by U+FFFD), or -1.
        qsizetype invalidAt = -1;
        /// First surrogate code point written in UTF-8 (ED A0..BF xx), which strict UTF-8 decoders refuse, or -1.
        qsizetype surrogateAt = -1;
        /// First high surrogate code point directly followed by a low one (two code points in Python, one character
        /// in UTF-16), or -1; `pairHigh` and `pairLow` are the two.
        qsizetype joinedPairAt = -1;
        char16_t pairHigh = 0;
        char16_t pairLow = 0;
        bool clean() const { return invalidAt < 0 && surrogateAt < 0 && joinedPairAt < 0; }
    };

    /// Decodes UTF-8 keeping every U+FEFF and reading encoded surrogates as lone UTF-16 units.
    static QString decodeUtf8(QByteArrayView bytes, Report* report = nullptr);
    /// Appends one code point (U+0000..U+10FFFF, surrogates and U+FEFF included) as UTF-16. Returns true when it
    /// was a low surrogate appended right after a high one, i.e. the two now read as one character.
    static bool appendCodePoint(QString& out, char32_t code);
    /// UTF-8 with Python's 'surrogatepass': a lone surrogate unit is written as its 3-byte form (ED A0 80 for
    /// U+D800), as Python's marshal and pickle write it; pairs are written as the character they encode.
    static QByteArray encodeUtf8SurrogatePass(QStringView text);
    /// True if `text` holds a surrogate unit that is not half of a pair.
    static bool hasLoneSurrogate(QStringView text);
    /// "U+D83D U+DE00 at offset 12 read as one character (U+1F600)..." style text for a report's joined pair.
    static QString joinedPairText(char16_t high, char16_t low);
};

} // namespace rpcscope
