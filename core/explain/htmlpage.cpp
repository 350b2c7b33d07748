#include "htmlpage.h"

#include <algorithm>
#include <vector>

namespace rpcscope::htmlpage {

namespace {

constexpr qint64 kPerLine = 16;

// One stylesheet for the message page and the handouts: system fonts only, colours printed as shown, nothing that
// a printer would cut at the right margin of A4.
const char kStyle[] = R"(
:root { color-scheme: light; }
body { font: 10pt/1.4 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; margin: 1.5em auto; max-width: 60em;
       color: #1a1a1a; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 15pt; margin: 0 0 .2em; } h2 { font-size: 12pt; margin: 1.4em 0 .4em; }
h3 { font-size: 10.5pt; margin: 1.2em 0 .3em; }
.sub, .desc, .muted { color: #555; } .desc { font-size: 9pt; }
code, .mono, .dump, table.spans td.m { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; }
.dump { font-size: 8.5pt; line-height: 1.5; white-space: pre; border: 1px solid #ddd; padding: .4em .6em;
        border-radius: 4px; overflow-x: auto; }
.line { break-inside: avoid; } .off { color: #888; } .gap { display: inline-block; width: 1ch; }
.dump [data-s] { cursor: default; border-radius: 2px; }
.dim { color: #aaa; } .mark { outline: 1.5px solid #1f5fb0; }
.hl { outline: 2px solid #d03a00 !important; background-color: #ffe08a !important; }
.legend { margin: .6em 0; font-size: 9pt; } .legend span.item { display: inline-block; margin: 0 1.2em .2em 0; }
.sw { display: inline-block; width: 1.6em; height: .9em; vertical-align: -1px; border: 1px solid #999; margin-right: .3em; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.2em; margin: 0; } ul.tree { padding-left: 0; }
ul.tree li { margin: .15em 0; break-inside: avoid; } .node { cursor: default; border-radius: 2px; }
.node .t { color: #666; } .node .r { color: #888; font-size: 8.5pt; }
table.spans { border-collapse: collapse; width: 100%; font-size: 8pt; }
table.spans th, table.spans td { border-bottom: 1px solid #e4e4e4; padding: .15em .4em; text-align: left;
                                 vertical-align: top; }
table.spans tr { break-inside: avoid; }
.step { break-inside: avoid; margin-bottom: 1.2em; } .step p { margin: .3em 0; }
@page { size: A4; margin: 14mm; }
@media print { body { margin: 0; max-width: none; } .hl { outline: none !important; } .noprint { display: none; } }
)";

} // namespace

QString escape(const QString& text)
{
    return text.toHtmlEscaped();
}

QString colorName(quint32 rgb)
{
    return QStringLiteral("#%1").arg(rgb & 0xffffff, 6, 16, QLatin1Char('0'));
}

QString page(const QString& title, const QString& body, const QString& script)
{
    QString out
        = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"generator\" content=\"RpcScope\">\n<title>%1</title>\n<style>%2</style>\n"
                         "</head>\n<body>\n")
              .arg(escape(title), QLatin1String(kStyle));
    out += body;
    if (!script.isEmpty())
        out += QStringLiteral("<script>\n%1\n</script>\n").arg(script);
    out += QStringLiteral("</body>\n</html>\n");
    return out;
}

QString hexLines(QByteArrayView bytes, qint64 fromLine, qint64 toLine, const std::function<ByteStyle(qint64)>& style)
{
    QString out;
    const qint64 length = bytes.size();
    int digits = 4;
    while (digits < 16 && (length - 1) >> (digits * 4) > 0)
        ++digits;
    for (qint64 line = fromLine; line < toLine && line * kPerLine < length; ++line) {
        const qint64 start = line * kPerLine;
        const qint64 end = std::min(start + kPerLine, length);
        std::vector<ByteStyle> styles;
        styles.reserve(std::size_t(end - start));
        for (qint64 i = start; i < end; ++i)
            styles.push_back(style(i));
        QString hex;
        QString text;
        // Bytes of one run are one element in each column, so hovering anywhere on it finds the run.
        auto open = [](const ByteStyle& s) {
            QString attrs = s.attributes;
            if (s.rgb)
                attrs += QStringLiteral(" style=\"background:%1\"").arg(colorName(s.rgb));
            if (*s.cssClass)
                attrs += QStringLiteral(" class=\"%1\"").arg(QLatin1String(s.cssClass));
            return QStringLiteral("<span%1>").arg(attrs);
        };
        for (qint64 i = start; i < start + kPerLine; ++i) {
            if (i > start)
                hex += (i - start) % 8 == 0 ? QLatin1String("  ") : QLatin1String(" ");
            if (i >= end) {
                hex += QLatin1String("  "); // a short last line keeps the text column aligned
                continue;
            }
            const ByteStyle& s = styles[std::size_t(i - start)];
            const bool first = i == start || styles[std::size_t(i - start - 1)].run != s.run;
            const bool last = i + 1 == end || styles[std::size_t(i - start + 1)].run != s.run;
            if (first) {
                hex += open(s);
                text += open(s);
            }
            const auto c = static_cast<unsigned char>(bytes[i]);
            hex += QStringLiteral("%1").arg(c, 2, 16, QLatin1Char('0'));
            text += c >= 0x20 && c < 0x7f ? escape(QString(QLatin1Char(char(c)))) : QStringLiteral(".");
            if (last) {
                hex += QLatin1String("</span>");
                text += QLatin1String("</span>");
            }
        }
        out += QStringLiteral("<div class=\"line\"><span class=\"off\">%1</span>  %2  %3</div>")
                   .arg(start, digits, 16, QLatin1Char('0'))
                   .arg(hex, text);
    }
    return out;
}

} // namespace rpcscope::htmlpage
