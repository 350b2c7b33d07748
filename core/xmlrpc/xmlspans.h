#pragma once

#include <QByteArrayView>

#include <vector>

namespace rpcscope::xmlrpc {

/// Where one element lies in the XML text: `[start, end)` from its '<' to just past its end tag (or "/>"), and
/// its content between the start tag and the end tag.
struct XmlSpan
{
    qint64 start = 0;
    qint64 contentStart = 0;
    qint64 contentEnd = 0;
    qint64 end = 0;
};

/// The byte ranges of all elements of a document, found in one pass over the text. pugixml reports where a node
/// starts but not where it ends; this fills in the ends so tree nodes can cover exactly their bytes. Elements left
/// open by a broken document end at the end of the text.
class XmlSpans
{
public:
    explicit XmlSpans(QByteArrayView xml);
    /// The span of the element whose '<' is at `start`, or null.
    const XmlSpan* at(qint64 start) const;
    std::size_t size() const { return m_spans.size(); }

private:
    std::vector<XmlSpan> m_spans;
};

} // namespace rpcscope::xmlrpc
