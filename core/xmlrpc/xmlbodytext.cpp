#include "xmlbodytext.h"

#include <algorithm>

namespace rpcscope::xmlrpc {

namespace {

QString badBytesText(const BadBytes& bad, const XmlEncoding& encoding)
{
    const QString name = QString::fromLatin1(encoding.name);
    QString text = encoding.source == XmlEncoding::Source::Default
        ? QStringLiteral("invalid UTF-8 (%1) in a body that names no encoding, which XML reads as UTF-8").arg(bad.what)
        : QStringLiteral("invalid %1 (%2) in a body read as %3").arg(name, bad.what, encoding.description());
    if (bad.count > 1)
        text += QStringLiteral("; %1 invalid places in all").arg(bad.count);
    return text;
}

} // namespace

XmlBodyText::XmlBodyText(QByteArrayView body, QByteArrayView httpCharset)
    : m_body(body)
    , m_encoding(detectXmlEncoding(body, httpCharset))
{
    for (const XmlEncoding::Note& n : m_encoding.notes)
        m_issues.push_back({n.text, n.offset, n.length, Problem::Kind::Lenient});
    switch (m_encoding.kind) {
    case XmlEncoding::Kind::Refused:
        m_issues.push_back({m_encoding.refusal, 0, std::min<qint64>(body.size(), 4), Problem::Kind::Malformed});
        return;
    case XmlEncoding::Kind::Utf8: {
        // Invalid bytes are a fatal error in XML. The text is still read (a U+FFFD stands in for each bad place)
        // so that the rest of the message shows, but the message says where the first one is.
        const BadBytes bad = findInvalidUtf8(body);
        if (bad.found())
            m_issues.push_back({badBytesText(bad, m_encoding), bad.offset, bad.length, Problem::Kind::Malformed});
        return;
    }
    case XmlEncoding::Kind::Utf16:
    case XmlEncoding::Kind::Legacy:
        m_converted = transcodeToUtf8(body, m_encoding);
        if (const BadBytes& bad = m_converted->bad; bad.found())
            m_issues.push_back({badBytesText(bad, m_encoding), bad.offset, bad.length, Problem::Kind::Malformed});
        return;
    }
}

bool XmlBodyText::malformed() const
{
    return std::any_of(m_issues.begin(), m_issues.end(),
                       [](const Issue& i) { return i.kind == Problem::Kind::Malformed; });
}

} // namespace rpcscope::xmlrpc
