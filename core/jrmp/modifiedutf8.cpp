#include "modifiedutf8.h"

namespace rpcscope::modifiedutf8 {

QString decode(QByteArrayView bytes, bool* ok)
{
    if (ok)
        *ok = true;
    const auto* p = reinterpret_cast<const quint8*>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    // Most strings on the wire are ASCII: take the fast path until the first byte that is not.
    while (i < n && p[i] != 0 && p[i] < 0x80)
        ++i;
    if (i == n)
        return QString::fromLatin1(bytes.data(), n);
    QString out;
    out.reserve(n);
    out.append(QLatin1StringView(bytes.data(), i));
    auto bad = [&] {
        if (ok)
            *ok = false;
        out.append(QChar(0xFFFD));
    };
    while (i < n) {
        const quint8 b = p[i];
        if (b != 0 && b < 0x80) {
            out.append(QChar(b));
            i += 1;
        } else if ((b & 0xE0) == 0xC0) {
            if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80) {
                bad();
                i += 1;
                continue;
            }
            out.append(QChar(static_cast<char16_t>(((b & 0x1F) << 6) | (p[i + 1] & 0x3F))));
            i += 2;
        } else if ((b & 0xF0) == 0xE0) {
            if (i + 2 >= n || (p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) {
                bad();
                i += 1;
                continue;
            }
            out.append(QChar(static_cast<char16_t>(((b & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F))));
            i += 3;
        } else {
            // A raw NUL, a 4-byte UTF-8 form or a stray continuation byte: not modified UTF-8.
            bad();
            i += 1;
        }
    }
    return out;
}

QByteArray encode(QStringView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (QChar qc : text) {
        const char16_t c = qc.unicode();
        if (c != 0 && c < 0x80) {
            out.append(static_cast<char>(c));
        } else if (c < 0x800) {
            out.append(static_cast<char>(0xC0 | (c >> 6)));
            out.append(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.append(static_cast<char>(0xE0 | (c >> 12)));
            out.append(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.append(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

} // namespace rpcscope::modifiedutf8
