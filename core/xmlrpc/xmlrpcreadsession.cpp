#include "xmlrpcreadsession.h"

#include "xmlrpc/xmltranscoder.h"

#include <algorithm>
#include <cstring>

namespace rpcscope {

qint64 XmlRpcReadOptions::toBuffer(qint64 xmlOffset) const
{
    if (xmlOffset < 0)
        return -1;
    return baseOffset + (wire ? wire->toWire(xmlOffset) : xmlOffset);
}

} // namespace rpcscope

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
    qint64 end = start;
    if (const XmlSpan* span = m_spans ? m_spans->at(start) : nullptr)
        end = span->end;
    const qint64 at = start < 0 ? -1 : toBuffer(start);
    DecodeNode& n = parent.add(std::move(name), std::move(type), std::move(value), at,
                               start < 0 ? 0 : toBuffer(end) - at, std::move(description));
    n.buffer = m_options.buffer;
    return n;
}

void ReadSession::problem(const QString& text, qint64 xmlOffset, DecodeNode* where, qint64 length)
{
    const qint64 at = toBuffer(xmlOffset);
    const qint64 bytes = xmlOffset < 0 ? 0 : toBuffer(xmlOffset + length) - at;
    m_problems.push_back({text, at, Problem::Kind::Malformed});
    if (where) {
        DecodeNode& e = where->addError(text, at, bytes);
        e.buffer = m_options.buffer;
    }
}

void ReadSession::lenient(const QString& text, qint64 xmlOffset, DecodeNode* where, qint64 length)
{
    const qint64 at = toBuffer(xmlOffset);
    const qint64 bytes = xmlOffset < 0 ? 0 : toBuffer(xmlOffset + length) - at;
    m_problems.push_back({text, at, Problem::Kind::Lenient});
    if (where) {
        DecodeNode& n = where->add(QStringLiteral("lenient"), QStringLiteral("note"), text, at, bytes,
                                   QStringLiteral("Read although a strict peer would refuse it."));
        n.buffer = m_options.buffer;
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

QByteArrayView elementText(pugi::xml_node element, QByteArray& joined)
{
    pugi::xml_node only = element.first_child();
    if (!only)
        return {};
    if (!only.next_sibling() && (only.type() == pugi::node_pcdata || only.type() == pugi::node_cdata))
        return QByteArrayView(only.value());
    joined = elementText(element);
    return joined;
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

std::size_t countElements(pugi::xml_node parent, std::size_t cap)
{
    std::size_t n = 0;
    for (pugi::xml_node c = firstElement(parent); c && n < cap; c = nextElement(c))
        ++n;
    return n;
}

bool hasNonBlankText(pugi::xml_node parent)
{
    return bool(firstNonBlankText(parent));
}

pugi::xml_node firstNonBlankText(pugi::xml_node parent)
{
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_cdata)
            return c;
        if (c.type() != pugi::node_pcdata)
            continue;
        for (const char* p = c.value(); *p; ++p) {
            if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
                return c;
        }
    }
    return {};
}

QString backticked(QByteArrayView text)
{
    constexpr qsizetype kShown = 40;
    QString s = QString::fromUtf8(text.first(std::min(text.size(), kShown)));
    s.replace(QLatin1Char('\n'), QLatin1String("\\n"))
        .replace(QLatin1Char('\r'), QLatin1String("\\r"))
        .replace(QLatin1Char('\t'), QLatin1String("\\t"));
    if (text.size() > kShown)
        s += QChar(0x2026);
    return QLatin1Char('`') + s + QLatin1Char('`');
}

} // namespace rpcscope::xmlrpc
