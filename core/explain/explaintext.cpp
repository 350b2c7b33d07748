#include "explaintext.h"

#include <QStringList>

#include <algorithm>

namespace rpcscope {

namespace {

bool printable(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u >= 0x20 && u < 0x7f) || c == '\r' || c == '\n' || c == '\t' || u >= 0x80;
    });
}

QString lastName(const QString& path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

} // namespace

QString spanLabel(const ExplainSpan& span, QByteArrayView bytes)
{
    const QString name = lastName(span.path);
    const QByteArrayView own
        = span.offset + span.length <= bytes.size() ? bytes.sliced(span.offset, span.length) : QByteArrayView();
    const QString& r = span.role;
    if (span.isField()) {
        // The text column shows text already; binary fields get their value beside their name, and so do one- and
        // two-byte codes that happen to be printable ('P' is 0x50, a JRMP Call).
        const bool code = own.size() <= 2 && span.value != QString::fromLatin1(own);
        if ((!printable(own) || code) && !span.value.isEmpty() && span.value.size() <= 24)
            return QStringLiteral("%1=%2").arg(name, span.value);
        return name;
    }
    if (r == QLatin1String("start-tag") || r == QLatin1String("end-tag") || r == QLatin1String("empty-element-tag")) {
        // The tag as written, without attributes.
        QString tag = span.value;
        const qsizetype blank = tag.indexOf(QLatin1Char(' '));
        if (blank > 0)
            tag = tag.left(blank)
                + (r == QLatin1String("empty-element-tag") ? QStringLiteral("/>") : QStringLiteral(">"));
        return tag;
    }
    if (r == QLatin1String("crlf"))
        return QStringLiteral("CRLF");
    if (r == QLatin1String("line-end"))
        return span.length == 2 ? QStringLiteral("CRLF") : QStringLiteral("LF");
    if (r == QLatin1String("header-end"))
        return QStringLiteral("blank line");
    if (r == QLatin1String("header-name"))
        return name + QLatin1Char(':');
    if (r == QLatin1String("separator"))
        return own.contains(':') ? QStringLiteral(":") : QStringLiteral("SP");
    if (r == QLatin1String("indentation"))
        return QStringLiteral("indent");
    if (r == QLatin1String("whitespace"))
        return QStringLiteral("blank");
    if (r == QLatin1String("punctuation"))
        return QStringLiteral("'%1'").arg(span.value);
    return QStringLiteral("%1 of %2").arg(r, name);
}

QString explanationText(const QByteArray& bytes, const MessageExplanation& explanation, const QString& heading,
                        int bytesPerLine)
{
    const qint64 perLine = std::clamp(bytesPerLine, 4, 64);
    const qint64 length = std::min<qint64>(explanation.length, bytes.size());
    int digits = 4;
    while (digits < 16 && (length - 1) >> (digits * 4) > 0)
        ++digits;
    QString out = heading + QLatin1Char('\n');
    auto span = explanation.spans.begin();
    for (qint64 line = 0; line < length; line += perLine) {
        const qint64 end = std::min(line + perLine, length);
        QString hex;
        QString text;
        for (qint64 i = line; i < line + perLine; ++i) {
            if (i > line && (i - line) % 8 == 0)
                hex += QLatin1Char(' ');
            if (i < end) {
                const auto c = static_cast<unsigned char>(bytes[i]);
                hex += QStringLiteral("%1 ").arg(c, 2, 16, QLatin1Char('0'));
                text += c >= 0x20 && c < 0x7f ? QChar(QLatin1Char(char(c))) : QChar(QLatin1Char('.'));
            } else {
                hex += QLatin1String("   ");
                text += QLatin1Char(' ');
            }
        }
        QStringList labels;
        while (span != explanation.spans.end() && span->end() <= line)
            ++span;
        for (auto s = span; s != explanation.spans.end() && s->offset < end; ++s) {
            QString label = spanLabel(*s, bytes);
            if (s->offset < line)
                label.prepend(QChar(0x2026));
            if (s->end() > end)
                label.append(QChar(0x2026));
            labels << label;
        }
        out += QStringLiteral("%1  %2 %3  %4")
                   .arg(line, digits, 16, QLatin1Char('0'))
                   .arg(hex, text, labels.join(QStringLiteral(" · ")));
        out += QLatin1Char('\n');
    }
    return out;
}

} // namespace rpcscope
