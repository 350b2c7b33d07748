#include "javabignumbers.h"

#include <vector>

namespace rpcscope::javabignumbers {

QString decimalDigits(QByteArrayView magnitude)
{
    qsizetype first = 0;
    while (first < magnitude.size() && magnitude[first] == 0)
        ++first;
    magnitude = magnitude.sliced(first);
    if (magnitude.isEmpty())
        return QStringLiteral("0");
    // Base 2^32 words, most significant first; the first word takes the bytes that do not fill a whole word.
    std::vector<quint32> words;
    words.reserve(static_cast<std::size_t>(magnitude.size() / 4 + 1));
    const qsizetype head = magnitude.size() % 4;
    qsizetype i = 0;
    if (head > 0) {
        quint32 w = 0;
        for (; i < head; ++i)
            w = (w << 8) | static_cast<quint8>(magnitude[i]);
        words.push_back(w);
    }
    for (; i < magnitude.size(); i += 4)
        words.push_back((quint32(quint8(magnitude[i])) << 24) | (quint32(quint8(magnitude[i + 1])) << 16)
                        | (quint32(quint8(magnitude[i + 2])) << 8) | quint32(quint8(magnitude[i + 3])));
    // Repeated division by 10^9 gives the base 10^9 digits, least significant first.
    std::vector<quint32> chunks;
    chunks.reserve(static_cast<std::size_t>(magnitude.size() * 241 / 900 + 2));
    std::size_t start = 0;
    while (start < words.size()) {
        quint64 rem = 0;
        for (std::size_t k = start; k < words.size(); ++k) {
            const quint64 cur = (rem << 32) | words[k];
            words[k] = static_cast<quint32>(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        chunks.push_back(static_cast<quint32>(rem));
        while (start < words.size() && words[start] == 0)
            ++start;
    }
    QString digits = QString::number(chunks.back());
    digits.reserve(static_cast<qsizetype>(chunks.size() * 9));
    char buf[9];
    for (auto it = chunks.rbegin() + 1; it != chunks.rend(); ++it) {
        quint32 c = *it;
        for (int k = 8; k >= 0; --k) {
            buf[k] = static_cast<char>('0' + c % 10);
            c /= 10;
        }
        digits.append(QLatin1StringView(buf, 9));
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
