#pragma once

#include "decodenode.h"
#include "message.h"
#include "xmlrpc/xmlrpcreader.h"
#include "xmlrpc/xmlspans.h"

#include <pugixml.hpp>

#include <optional>

namespace rpcscope::xmlrpc {

/// The state of reading one XML-RPC document: where its bytes are, where problems go, how much of the value
/// limits has been used, and (for trees) where each element ends. Internal to core/xmlrpc.
class ReadSession
{
public:
    ReadSession(QByteArrayView xml, const XmlRpcReadOptions& options, std::vector<Problem>& problems, bool buildTree);

    bool buildTree() const { return m_spans.has_value(); }
    const DecodeLimits& limits() const { return m_options.limits; }
    /// The message buffer that node ranges point into.
    int buffer() const { return m_options.buffer; }
    /// True once a limit stopped the read: nothing more is decoded.
    bool stopped() const { return m_stopped; }

    /// Offset in the XML of an element's '<' (of a text node's first byte); -1 when pugixml does not know it.
    qint64 startOf(pugi::xml_node node) const;
    /// Offset in the XML where a problem with `element`'s content is best shown: its text, else its '<'.
    qint64 contentOf(pugi::xml_node element) const;
    /// Adds a node covering `element` (from its '<' to the end of its end tag) under `parent`.
    DecodeNode& addElement(DecodeNode& parent, QString name, QString type, QString value, pugi::xml_node element,
                           QString description = {});

    /// Records a problem at `xmlOffset` (an offset in the XML), with an error node under `where` when given.
    void problem(const QString& text, qint64 xmlOffset, DecodeNode* where, qint64 length = 0);
    /// Records a lenient reading (what was accepted and what the spec allows) at `xmlOffset`, with a `lenient`
    /// note node under `where` when given. The message's status stays.
    void lenient(const QString& text, qint64 xmlOffset, DecodeNode* where, qint64 length = 0);
    /// Offset in the decoded message's buffer of an offset in the XML.
    qint64 toBuffer(qint64 xmlOffset) const { return m_options.toBuffer(xmlOffset); }
    /// Counts one more value; false (after recording why) when the document holds more than the limit allows.
    bool countValue(pugi::xml_node at, DecodeNode* where);
    /// Stops the read for good (after a limit).
    void stop() { m_stopped = true; }

private:
    const XmlRpcReadOptions& m_options;
    std::vector<Problem>& m_problems;
    std::optional<XmlSpans> m_spans;
    qint64 m_values = 0;
    bool m_stopped = false;
};

/// The element's name without a namespace prefix ("ex:i8" → "i8"), as Python and Apache match them.
const char* localName(pugi::xml_node element);
/// The element's text: its character data and CDATA sections joined (child elements are not included).
QByteArray elementText(pugi::xml_node element);
/// The same text without a copy when it is the element's one text child (the common case): a view into the parsed
/// document, else `joined` filled and viewed.
QByteArrayView elementText(pugi::xml_node element, QByteArray& joined);
/// The first child element, skipping text, comments and processing instructions.
pugi::xml_node firstElement(pugi::xml_node parent);
pugi::xml_node nextElement(pugi::xml_node element);
/// The number of child elements, counted up to `cap`: room reserved for values at once instead of growing.
std::size_t countElements(pugi::xml_node parent, std::size_t cap = 1024);
/// True when `parent` holds character data other than blanks.
bool hasNonBlankText(pugi::xml_node parent);
/// The first text or CDATA child of `parent` that holds more than blanks, or null.
pugi::xml_node firstNonBlankText(pugi::xml_node parent);
/// `text` for a note: in backticks, line ends and tabs escaped, cut after 40 bytes.
QString backticked(QByteArrayView text);

} // namespace rpcscope::xmlrpc
