#include "pyropickleliterals.h"

#include <QtEndian>

#include <limits>

namespace rpcscope::pyroendpoints {

QString rawUnicodeUnescape(QByteArrayView line)
{
    QString out;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\\' && i + 1 < line.size() && (line[i + 1] == 'u' || line[i + 1] == 'U')) {
            const int digits = line[i + 1] == 'u' ? 4 : 8;
            if (i + 2 + digits <= line.size()) {
                bool ok = false;
                const uint code = QByteArrayView(line.sliced(i + 2, digits)).toUInt(&ok, 16);
                if (ok && code <= 0x10FFFF) {
                    const char32_t point = code;
                    out += QString::fromUcs4(&point, 1);
                    i += 1 + digits;
                    continue;
                }
            }
        }
        out += QChar(static_cast<uchar>(c));
    }
    return out;
}

namespace {

// What Python's pickler writes for a str in protocol 0: raw-unicode-escape, with \\, NUL, \n, \r and \x1a escaped too.
QByteArray rawUnicodeEscape(const QString& text)
{
    QByteArray out;
    for (const char32_t c : text.toUcs4()) {
        if (c < 0x100 && c != '\\' && c != 0 && c != '\n' && c != '\r' && c != 0x1A)
            out.append(char(c));
        else if (c < 0x10000)
            out.append(QStringLiteral("\\u%1").arg(uint(c), 4, 16, QLatin1Char('0')).toLatin1());
        else
            out.append(QStringLiteral("\\U%1").arg(uint(c), 8, 16, QLatin1Char('0')).toLatin1());
    }
    return out;
}

} // namespace

QByteArray pickleLiteral(QByteArrayView payload, const Scalar& value, qint64 templateOffset)
{
    const quint8 templ = static_cast<quint8>(payload[templateOffset]);
    QByteArray out;
    char le[8];
    if (!value.isText) {
        const qint64 n = value.number;
        if (templ == 'I' || templ == 'L')
            return (templ == 'I' ? "I" : "L") + QByteArray::number(n) + (templ == 'L' ? "L\n" : "\n");
        if (n >= 0 && n <= 0xFF) {
            out.append('K');
            out.append(char(n));
        } else if (n >= 0 && n <= 0xFFFF) {
            out.append('M');
            qToLittleEndian<quint16>(quint16(n), le);
            out.append(le, 2);
        } else if (n >= std::numeric_limits<qint32>::min() && n <= std::numeric_limits<qint32>::max()) {
            out.append('J');
            qToLittleEndian<qint32>(qint32(n), le);
            out.append(le, 4);
        }
        return out;
    }
    if (templ == 'V')
        return 'V' + rawUnicodeEscape(value.text) + '\n';
    const QByteArray utf8 = value.text.toUtf8();
    if (templ == 0x8C && utf8.size() < 256) {
        out.append(char(0x8C));
        out.append(char(utf8.size()));
    } else if (templ == 0x8D) {
        out.append(char(0x8D));
        qToLittleEndian<quint64>(quint64(utf8.size()), le);
        out.append(le, 8);
    } else {
        out.append('X');
        qToLittleEndian<quint32>(quint32(utf8.size()), le);
        out.append(le, 4);
    }
    return out + utf8;
}

} // namespace rpcscope::pyroendpoints
