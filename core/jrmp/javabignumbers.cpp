#include "javabignumbers.h"

#include <vector>

namespace rpcscope::javabignumbers {

namespace {

__extension__ typedef unsigned __int128 Uint128;

// 10^19, the largest power of ten below 2^64: each pass over the number takes 19 digits off it. Its top bit is set,
// so the division below needs no normalising shift.
constexpr quint64 kChunk = 10000000000000000000ULL;
constexpr int kChunkDigits = 19;
// floor((2^128 - 1) / kChunk) - 2^64, the reciprocal that turns each division by kChunk into two multiplications.
const quint64 kReciprocal = static_cast<quint64>(~Uint128(0) / kChunk);

// (high * 2^64 + low) / kChunk and its remainder, for high < kChunk: Möller and Granlund, "Improved division by
// invariant integers" (2011), algorithm 4. A hardware 128-by-64 division would be several times slower.
inline quint64 divideByChunk(quint64 high, quint64 low, quint64& remainder)
{
    const Uint128 product = Uint128(kReciprocal) * high + ((Uint128(high + 1) << 64) | low);
    quint64 quotient = static_cast<quint64>(product >> 64);
    quint64 r = low - quotient * kChunk;
    if (r > static_cast<quint64>(product)) {
        --quotient;
        r += kChunk;
    }
    if (r >= kChunk) {
        ++quotient;
        r -= kChunk;
    }
    remainder = r;
    return quotient;
}

} // namespace

QString decimalDigits(QByteArrayView magnitude)
{
    qsizetype first = 0;
    while (first < magnitude.size() && magnitude[first] == 0)
        ++first;
    magnitude = magnitude.sliced(first);
    if (magnitude.isEmpty())
        return QStringLiteral("0");
    // Base 2^64 words, most significant first; the first word takes the bytes that do not fill a whole word.
    std::vector<quint64> words;
    words.reserve(static_cast<std::size_t>(magnitude.size() / 8 + 1));
    const qsizetype head = magnitude.size() % 8;
    qsizetype i = 0;
    if (head > 0) {
        quint64 w = 0;
        for (; i < head; ++i)
            w = (w << 8) | static_cast<quint8>(magnitude[i]);
        words.push_back(w);
    }
    for (; i < magnitude.size(); i += 8) {
        quint64 w = 0;
        for (int k = 0; k < 8; ++k)
            w = (w << 8) | static_cast<quint8>(magnitude[i + k]);
        words.push_back(w);
    }
    // Repeated division by 10^19 gives the base 10^19 digits, least significant first.
    std::vector<quint64> chunks;
    chunks.reserve(static_cast<std::size_t>(magnitude.size() * 241 / 1900 + 2));
    std::size_t start = 0;
    while (start < words.size()) {
        quint64 rem = 0;
        for (std::size_t k = start; k < words.size(); ++k)
            words[k] = divideByChunk(rem, words[k], rem);
        chunks.push_back(rem);
        while (start < words.size() && words[start] == 0)
            ++start;
    }
    QString digits = QString::number(chunks.back());
    digits.reserve(static_cast<qsizetype>(chunks.size() * kChunkDigits));
    char buf[kChunkDigits];
    for (auto it = chunks.rbegin() + 1; it != chunks.rend(); ++it) {
        quint64 c = *it;
        for (int k = kChunkDigits - 1; k >= 0; --k) {
            buf[k] = static_cast<char>('0' + c % 10);
            c /= 10;
        }
        digits.append(QLatin1StringView(buf, kChunkDigits));
    }
    return digits;
}

qint64 conversionCost(qint64 bytes)
{
    return bytes * bytes;
}

QString bigDecimalText(const QString& unscaled, qint64 scale)
{
    const bool negative = unscaled.startsWith(QLatin1Char('-'));
    const QString coeff = negative ? unscaled.mid(1) : unscaled;
    const QString sign = negative ? QStringLiteral("-") : QString();
    if (scale == 0)
        return sign + coeff;
    const qint64 length = coeff.size();
    const qint64 adjusted = -scale + (length - 1);
    if (scale > 0 && adjusted >= -6) {
        const qint64 pad = scale - length;
        if (pad >= 0)
            return sign + QStringLiteral("0.") + QString(pad, QLatin1Char('0')) + coeff;
        return sign + coeff.left(length - scale) + QLatin1Char('.') + coeff.mid(length - scale);
    }
    QString text = sign + coeff.left(1);
    if (length > 1)
        text += QLatin1Char('.') + coeff.mid(1);
    if (adjusted != 0)
        text += QLatin1Char('E') + (adjusted > 0 ? QStringLiteral("+") : QString()) + QString::number(adjusted);
    return text;
}

} // namespace rpcscope::javabignumbers
