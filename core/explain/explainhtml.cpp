#include "explainhtml.h"

#include "fieldpalette.h"
#include "htmlpage.h"
#include "models/fieldcounterpart.h"

#include <QHash>

#include <algorithm>

namespace rpcscope {

namespace {

using htmlpage::escape;

// Hovering a byte lights its span (both columns, its table row) and its node in the tree; hovering a node lights
// every span inside its bytes.
const char kLinkScript[] = R"(
(function () {
  var byRun = {};
  document.querySelectorAll('[data-s]').forEach(function (e) { (byRun[e.dataset.s] = byRun[e.dataset.s] || []).push(e); });
  var nodes = {};
  document.querySelectorAll('li[data-n] > .node').forEach(function (e) { nodes[e.parentNode.dataset.n] = e; });
  var lit = [];
  function clear() { lit.forEach(function (e) { e.classList.remove('hl'); }); lit = []; }
  function light(list) { (list || []).forEach(function (e) { e.classList.add('hl'); lit.push(e); }); }
  document.addEventListener('mouseover', function (ev) {
    var run = ev.target.closest('[data-s]');
    var node = ev.target.closest('li[data-n] > .node');
    if (!run && !node) { clear(); return; }
    clear();
    if (run) {
      var s = SPANS[run.dataset.s];
      light(byRun[run.dataset.s]);
      if (nodes[s[2]]) light([nodes[s[2]]]);
      return;
    }
    var li = node.parentNode, o = +li.dataset.o, l = +li.dataset.l;
    light([node]);
    SPANS.forEach(function (s, k) { if (s[0] >= o && s[0] + s[1] <= o + l) light(byRun[k]); });
  });
})();
)";

// The colour of each byte when coloured by field: the window's layout fields and tints.
class FieldColors
{
public:
    FieldColors(const DecodedMessage& message, int buffer)
        : m_fields(layoutFields(message.tree, buffer))
    { }
    quint32 at(qint64 offset) const
    {
        for (std::size_t i = 0; i < m_fields.size(); ++i) {
            if (offset >= m_fields[i]->offset && offset < m_fields[i]->end())
                return fieldpalette::fieldRgb(int(i));
        }
        return 0;
    }
    const std::vector<const DecodeNode*>& fields() const { return m_fields; }

private:
    std::vector<const DecodeNode*> m_fields;
};

QString rangeText(const DecodeNode& n)
{
    if (!n.hasBytes())
        return {};
    return n.buffer == 0 ? QStringLiteral("[%1,%2]").arg(n.offset).arg(n.length)
                         : QStringLiteral("[b%1:%2,%3]").arg(n.buffer).arg(n.offset).arg(n.length);
}

QString nodeLine(const DecodeNode& n)
{
    QString line = QStringLiteral("<b>%1</b>").arg(escape(n.name));
    if (!n.type.isEmpty())
        line += QStringLiteral(" <span class=\"t\">(%1)</span>").arg(escape(n.type));
    if (!n.value.isEmpty())
        line += QStringLiteral(" = <code>%1</code>").arg(escape(n.value.left(200)));
    line += QStringLiteral(" <span class=\"r\">%1</span>").arg(rangeText(n));
    return line;
}

// The tree as nested lists, without recursion (trees can be thousands of levels deep).
QString treeHtml(const DecodeNode& root, const QHash<const DecodeNode*, int>& ids)
{
    QString out = QStringLiteral("<ul class=\"tree\">");
    struct Frame
    {
        const DecodeNode* node;
        std::size_t next;
    };
    std::vector<Frame> stack;
    auto open = [&](const DecodeNode& n) {
        out += QStringLiteral("<li data-n=\"%1\" data-o=\"%2\" data-l=\"%3\"><div class=\"node\">%4")
                   .arg(ids.value(&n, -1))
                   .arg(n.hasBytes() && n.buffer == 0 ? n.offset : -1)
                   .arg(n.hasBytes() && n.buffer == 0 ? n.length : 0)
                   .arg(nodeLine(n));
        if (!n.description.isEmpty())
            out += QStringLiteral("<div class=\"desc\">%1</div>").arg(escape(n.description));
        out += QLatin1String("</div>");
        if (!n.children.empty())
            out += QLatin1String("<ul>");
        stack.push_back({&n, 0});
    };
    open(root);
    while (!stack.empty()) {
        Frame& f = stack.back();
        if (f.next < f.node->children.size()) {
            const DecodeNode& child = f.node->children[f.next++];
            open(child);
            continue;
        }
        if (!f.node->children.empty())
            out += QLatin1String("</ul>");
        out += QLatin1String("</li>");
        stack.pop_back();
    }
    out += QLatin1String("</ul>\n");
    return out;
}

QHash<const DecodeNode*, int> nodeIds(const DecodeNode& root)
{
    QHash<const DecodeNode*, int> ids;
    std::vector<const DecodeNode*> todo {&root};
    while (!todo.empty()) {
        const DecodeNode* n = todo.back();
        todo.pop_back();
        ids.insert(n, int(ids.size()));
        for (auto it = n->children.rbegin(); it != n->children.rend(); ++it)
            todo.push_back(&*it);
    }
    return ids;
}

QString legendHtml(const FieldColors& colors)
{
    QString out = QStringLiteral("<div class=\"legend\">");
    for (std::size_t i = 0; i < colors.fields().size(); ++i) {
        const DecodeNode& f = *colors.fields()[i];
        out += QStringLiteral("<span class=\"item\" title=\"%1\"><span class=\"sw\" style=\"background:%2\"></span>%3"
                              "</span>")
                   .arg(escape(f.description), htmlpage::colorName(fieldpalette::fieldRgb(int(i))), escape(f.name));
    }
    out += QLatin1String("</div>\n");
    return out;
}

} // namespace

QString explanationHtml(const DecodedMessage& message, const MessageExplanation& explanation, const QString& title,
                        const QString& subtitle)
{
    const QByteArray& bytes = message.bytes();
    const FieldColors colors(message, 0);
    const QHash<const DecodeNode*, int> ids = nodeIds(message.tree);
    const std::vector<ExplainSpan>& spans = explanation.spans;

    QString body = QStringLiteral("<h1>%1</h1>\n<p class=\"sub\">%2</p>\n").arg(escape(title), escape(subtitle));
    body += QStringLiteral("<p class=\"sub noprint\">Hover over a byte to find its field in the tree, or over a "
                           "field to see its bytes.</p>\n");
    body += QStringLiteral("<h2>Bytes</h2>\n");
    body += legendHtml(colors);
    body += QLatin1String("<div class=\"dump\">");
    std::size_t at = 0;
    body += htmlpage::hexLines(bytes, 0, (explanation.length + 15) / 16, [&](qint64 offset) {
        while (at < spans.size() && spans[at].end() <= offset)
            ++at;
        htmlpage::ByteStyle style;
        if (at < spans.size()) {
            const ExplainSpan& s = spans[at];
            style.run = qint64(at);
            style.rgb = colors.at(s.offset);
            style.attributes = QStringLiteral(" data-s=\"%1\" title=\"%2 · %3\"").arg(at).arg(escape(s.path), s.role);
        }
        return style;
    });
    body += QLatin1String("</div>\n");

    body += QStringLiteral("<h2>Fields</h2>\n") + treeHtml(message.tree, ids);

    body += QStringLiteral("<h2>Every byte, in order</h2>\n<table class=\"spans\"><thead><tr><th>Offset</th>"
                           "<th>Bytes</th><th>Field</th><th>Role</th><th>Value</th><th>What it is</th></tr></thead>"
                           "<tbody>\n");
    QString data = QStringLiteral("var SPANS = [");
    for (std::size_t k = 0; k < spans.size(); ++k) {
        const ExplainSpan& s = spans[k];
        body += QStringLiteral("<tr data-s=\"%1\" data-o=\"%2\" data-l=\"%3\"><td class=\"m\">%2</td><td class=\"m\">%3"
                               "</td><td class=\"m\">%4</td><td>%5</td><td class=\"m\">%6</td><td>%7</td></tr>\n")
                    .arg(k)
                    .arg(s.offset)
                    .arg(s.length)
                    .arg(escape(s.path), escape(s.role), escape(s.value.left(200)), escape(s.description));
        data += QStringLiteral("%1[%2,%3,%4]")
                    .arg(k ? QStringLiteral(",") : QString())
                    .arg(s.offset)
                    .arg(s.length)
                    .arg(ids.value(s.node, -1));
    }
    body += QLatin1String("</tbody></table>\n");
    data += QLatin1String("];\n");
    return htmlpage::page(title, body, data + QLatin1String(kLinkScript));
}

QString handoutHtml(const QString& title, const QString& intro, const std::vector<HandoutStep>& steps)
{
    constexpr qint64 kMaxLines = 8;
    QString body = QStringLiteral("<h1>%1</h1>\n<p>%2</p>\n").arg(escape(title), escape(intro));
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const HandoutStep& step = steps[i];
        body += QStringLiteral("<div class=\"step\"><h3>Step %1 of %2 · %3</h3>\n<p>%4</p>\n")
                    .arg(i + 1)
                    .arg(steps.size())
                    .arg(escape(step.title), escape(step.text));
        const DecodeNode* node = step.node;
        if (step.message && node && node->hasBytes() && node->length > 0
            && std::size_t(node->buffer) < step.message->buffers.size()) {
            const QByteArray& bytes = step.message->buffers[std::size_t(node->buffer)];
            const FieldColors colors(*step.message, node->buffer);
            const qint64 first = node->offset / 16;
            const qint64 last = (std::min<qint64>(node->end(), bytes.size()) - 1) / 16 + 1;
            body += QLatin1String("<div class=\"dump\">");
            body += htmlpage::hexLines(bytes, first, std::min(last, first + kMaxLines), [&](qint64 offset) {
                htmlpage::ByteStyle style;
                const bool inside = offset >= node->offset && offset < node->end();
                const quint32 tint = colors.at(offset);
                style.rgb = inside ? (tint ? tint : 0xffe08a) : 0;
                style.run = inside ? qint64(style.rgb) + 1 : 0;
                style.cssClass = inside ? "" : "dim";
                return style;
            });
            if (last - first > kMaxLines)
                body += QStringLiteral("<div class=\"muted\">… %1 more lines</div>").arg(last - first - kMaxLines);
            body += QLatin1String("</div>\n");
        }
        body += QLatin1String("</div>\n");
    }
    return htmlpage::page(title, body);
}

} // namespace rpcscope
