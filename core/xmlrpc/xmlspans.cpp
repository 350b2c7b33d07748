#include "xmlspans.h"

#include <algorithm>

namespace rpcscope::xmlrpc {

XmlSpans::XmlSpans(QByteArrayView xml)
{
    const qint64 n = xml.size();
    std::vector<std::size_t> open;
    qint64 pos = 0;
    while (pos < n) {
        const qint64 lt = xml.indexOf('<', pos);
        if (lt < 0)
            break;
        const QByteArrayView rest = xml.sliced(lt);
        qint64 next = -1;
        if (rest.startsWith("<!--")) {
            const qint64 e = xml.indexOf("-->", lt + 4);
            next = e < 0 ? -1 : e + 3;
        } else if (rest.startsWith("<![CDATA[")) {
            const qint64 e = xml.indexOf("]]>", lt + 9);
            next = e < 0 ? -1 : e + 3;
        } else if (rest.startsWith("<?")) {
            const qint64 e = xml.indexOf("?>", lt + 2);
            next = e < 0 ? -1 : e + 2;
        } else if (rest.startsWith("<!")) {
            // A declaration (DOCTYPE) with a possible internal subset in brackets.
            int depth = 0;
            char quote = 0;
            for (qint64 i = lt + 2; i < n; ++i) {
                const char c = xml[i];
                if (quote) {
                    if (c == quote)
                        quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '[') {
                    ++depth;
                } else if (c == ']') {
                    --depth;
                } else if (c == '>' && depth <= 0) {
                    next = i + 1;
                    break;
                }
            }
        } else if (rest.startsWith("</")) {
            const qint64 gt = xml.indexOf('>', lt + 2);
            if (gt >= 0 && !open.empty()) {
                XmlSpan& s = m_spans[open.back()];
                s.contentEnd = lt;
                s.end = gt + 1;
                open.pop_back();
            }
            next = gt < 0 ? -1 : gt + 1;
        } else {
            char quote = 0;
            qint64 i = lt + 1;
            for (; i < n; ++i) {
                const char c = xml[i];
                if (quote) {
                    if (c == quote)
                        quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    break;
                }
            }
            if (i >= n) {
                m_spans.push_back({lt, n, n, n});
                break;
            }
            if (xml[i - 1] == '/') {
                m_spans.push_back({lt, i + 1, i + 1, i + 1});
            } else {
                open.push_back(m_spans.size());
                m_spans.push_back({lt, i + 1, n, n});
            }
            next = i + 1;
        }
        if (next < 0)
            break;
        pos = next;
    }
}

const XmlSpan* XmlSpans::at(qint64 start) const
{
    const auto it = std::lower_bound(m_spans.begin(), m_spans.end(), start,
                                     [](const XmlSpan& s, qint64 v) { return s.start < v; });
    return it != m_spans.end() && it->start == start ? &*it : nullptr;
}

} // namespace rpcscope::xmlrpc
