#pragma once

#include "message.h"
#include "xmlrpc/xmlencoding.h"
#include "xmlrpc/xmltranscoder.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>
#include <vector>

namespace rpcscope::xmlrpc {

/// An XML body made ready for the reader: its encoding decided, the text as UTF-8, and everything that was wrong
/// or generous about the bytes as issues.
///
/// Offsets stay those of the original body. A UTF-8 body is parsed in place. Any other body is converted to a UTF-8
/// copy for pugixml, and `wire` maps every offset in that copy back to the body's bytes, so tree nodes and problems
/// point at the bytes that were sent (the hex pane shows the message, not a copy nobody sent; a node such as
/// `<int>3</int>` in UTF-16 covers exactly its 24 bytes). The copy is not added to the message's buffers.
class XmlBodyText
{
public:
    /// Reads `body` (which must outlive this object) as XML 1.0 and RFC 7303 say; `httpCharset` is the
    /// Content-Type's charset parameter, lower-case, or empty.
    XmlBodyText(QByteArrayView body, QByteArrayView httpCharset = {});

    /// Something wrong (Malformed: invalid bytes, a refused encoding) or generous (Lenient: a missing byte order
    /// mark, names that disagree) about the bytes; offset and length in the body.
    struct Issue
    {
        QString text;
        qint64 offset = 0;
        qint64 length = 0;
        Problem::Kind kind = Problem::Kind::Malformed;
    };

    const XmlEncoding& encoding() const { return m_encoding; }
    /// False when the encoding was refused: there is no text to read.
    bool readable() const { return m_encoding.kind != XmlEncoding::Kind::Refused; }
    /// The UTF-8 text to parse.
    QByteArrayView text() const { return m_converted ? QByteArrayView(m_converted->utf8) : m_body; }
    /// Maps text offsets to body offsets; null when the text is the body itself.
    const WireOffsets* wire() const { return m_converted ? &m_converted->offsets : nullptr; }
    const std::vector<Issue>& issues() const { return m_issues; }
    /// True when an issue makes the message malformed.
    bool malformed() const;

private:
    QByteArrayView m_body;
    XmlEncoding m_encoding;
    std::optional<TranscodedXml> m_converted;
    std::vector<Issue> m_issues;
};

} // namespace rpcscope::xmlrpc
