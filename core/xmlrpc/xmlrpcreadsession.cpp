#include "xmlrpcreadsession.h"

#include <cstring>

namespace rpcscope::xmlrpc {

ReadSession::ReadSession(QByteArrayView xml, const XmlRpcReadOptions& options, std::vector<Problem>& problems,
                         bool buildTree)
    : m_options(options)
    , m_problems(problems)
{
    // Element ends are only needed for node ranges; the bulk path never scans for them.
    if (buildTree)
        m_spans.emplace(xml);
}

qint64 ReadSession::startOf(pugi::xml_node node) const
{
    const ptrdiff_t at = node.offset_debug();
    if (at < 0)
        return -1;
    // pugixml reports where an element's name starts, one byte after its '<'.
    return node.type() == pugi::node_element ? qint64(at) - 1 : qint64(at);
}

qint64 ReadSession::contentOf(pugi::xml_node element) const
{
    for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            const qint64 at = startOf(c);
            if (at >= 0)
                return at;
        }
    }
    return startOf(element);
}

DecodeNode& ReadSession::addElement(DecodeNode& parent, QString name, QString type, QString value,
                                    pugi::xml_node element, QString description)
{
    const qint64 start = startOf(element);
    qint64 length = 0;
    if (const XmlSpan* span = m_spans ? m_spans->at(start) : nullptr)
        length = span->end - span->start;
    DecodeNode& n = parent.add(std::move(name), std::move(type), std::move(value),
                               start < 0 ? -1 : m_options.baseOffset + start, length, std::move(description));
    n.buffer = m_options.buffer;
    return n;
}

void ReadSession::problem(const QString& text, qint64 xmlOffset, DecodeNode* where, qint64 length)
{
    const qint64 at = xmlOffset < 0 ? -1 : m_options.baseOffset + xmlOffset;
    m_problems.push_back({text, at});
    if (where) {
        DecodeNode& e = where->addError(text, at, length);
        e.buffer = m_options.buffer;
    }
}

bool ReadSession::countValue(pugi::xml_node at, DecodeNode* where)
{
    if (++m_values <= m_options.limits.maxValues)
        return true;
    problem(
        QStringLiteral("more than %1 values in one message; the rest is not decoded").arg(m_options.limits.maxValues),
        startOf(at), where);
    m_stopped = true;
    return false;
}

const char* localName(pugi::xml_node element)
{
    const char* name = element.name();
    const char* colon = std::strrchr(name, ':');
    return colon ? colon + 1 : name;
}

QByteArray elementText(pugi::xml_node element)
{
    pugi::xml_node only = element.first_child();
    // The common case, one text child, without building a joined copy first.
    if (only && !only.next_sibling() && (only.type() == pugi::node_pcdata || only.type() == pugi::node_cdata))
        return QByteArray(only.value());
    QByteArray out;
    for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)
            out += c.value();
    }
    return out;
}

pugi::xml_node firstElement(pugi::xml_node parent)
{
    pugi::xml_node c = parent.first_child();
    while (c && c.type() != pugi::node_element)
        c = c.next_sibling();
    return c;
}

pugi::xml_node nextElement(pugi::xml_node element)
{
    pugi::xml_node c = element.next_sibling();
    while (c && c.type() != pugi::node_element)
        c = c.next_sibling();
    return c;
}

bool hasNonBlankText(pugi::xml_node parent)
{
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_cdata)
            return true;
        if (c.type() != pugi::node_pcdata)
            continue;
        for (const char* p = c.value(); *p; ++p) {
            if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
                return true;
        }
    }
    return false;
}

} // namespace rpcscope::xmlrpc
