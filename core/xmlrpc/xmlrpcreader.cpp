#include "xmlrpcreader.h"

#include "bytesearch.h"
#include "xmlrpc/xmlbodytext.h"
#include "xmlrpc/xmlprolog.h"
#include "xmlrpc/xmlrpcreadsession.h"
#include "xmlrpc/xmlrpcscalars.h"
#include "xmlrpc/xmlrpcvaluereader.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rpcscope {

using namespace xmlrpc;

namespace {

// Escapes and CDATA are read, line ends normalised as XML requires, and blank text kept only where it is all an
// element holds (`<string> </string>` is one space). No DTD processing exists in pugixml: entities other than the
// five predefined ones and character references are never expanded.
constexpr unsigned kParseFlags
    = pugi::parse_escapes | pugi::parse_eol | pugi::parse_cdata | pugi::parse_ws_pcdata_single;

QString parseErrorText(pugi::xml_parse_status status)
{
    switch (status) {
    case pugi::status_unrecognized_tag:
        return QStringLiteral("malformed XML: unrecognised markup");
    case pugi::status_bad_pi:
        return QStringLiteral("malformed XML: bad processing instruction");
    case pugi::status_bad_comment:
        return QStringLiteral("malformed XML: bad comment");
    case pugi::status_bad_cdata:
        return QStringLiteral("malformed XML: bad CDATA section");
    case pugi::status_bad_doctype:
        return QStringLiteral("malformed XML: bad document type declaration");
    case pugi::status_bad_pcdata:
        return QStringLiteral("malformed XML: bad character data");
    case pugi::status_bad_start_element:
        return QStringLiteral("malformed XML: bad start tag");
    case pugi::status_bad_attribute:
        return QStringLiteral("malformed XML: bad attribute");
    case pugi::status_bad_end_element:
        return QStringLiteral("malformed XML: bad end tag");
    case pugi::status_end_element_mismatch:
        return QStringLiteral("malformed XML: an end tag does not match its start tag");
    case pugi::status_no_document_element:
        return QStringLiteral("malformed XML: no root element");
    case pugi::status_append_invalid_root:
        return QStringLiteral("malformed XML: more than one root element");
    default:
        return QStringLiteral("XML could not be parsed");
    }
}

class EnvelopeReader
{
public:
    EnvelopeReader(ReadSession& session, bool partial)
        : s(session)
        , m_partial(partial)
    { }

    XmlRpcBody read(pugi::xml_node root, DecodeNode* parent);

private:
    void call(pugi::xml_node element, DecodeNode* node, XmlRpcBody& body);
    void response(pugi::xml_node element, DecodeNode* node, XmlRpcBody& body);
    RpcArray params(pugi::xml_node element, DecodeNode* node);
    void fault(pugi::xml_node element, DecodeNode* node, XmlRpcBody& body);
    // A complaint about something missing; not made when the document was cut short (the parse error says it all).
    void missing(const QString& text, pugi::xml_node at, DecodeNode* where)
    {
        if (!m_partial)
            s.problem(text, s.startOf(at), where);
    }

    ReadSession& s;
    bool m_partial;
};

XmlRpcBody EnvelopeReader::read(pugi::xml_node root, DecodeNode* parent)
{
    XmlRpcBody body;
    const char* name = localName(root);
    if (std::strcmp(name, "methodCall") == 0) {
        body.kind = XmlRpcBody::Kind::Call;
        DecodeNode* node = parent
            ? &s.addElement(*parent, QStringLiteral("methodCall"), QStringLiteral("methodCall"), {}, root,
                            QStringLiteral("An XML-RPC call: the method's name and its "
                                           "parameters."))
            : nullptr;
        call(root, node, body);
        if (node)
            node->value = body.method;
    } else if (std::strcmp(name, "methodResponse") == 0) {
        body.kind = XmlRpcBody::Kind::Response;
        DecodeNode* node = parent
            ? &s.addElement(*parent, QStringLiteral("methodResponse"), QStringLiteral("methodResponse"), {}, root,
                            QStringLiteral("An XML-RPC response: one result value, or a "
                                           "fault."))
            : nullptr;
        response(root, node, body);
        if (node)
            node->value = body.fault
                ? QStringLiteral("fault %1: %2").arg(body.fault->code.toDisplayString(), body.fault->message)
                : body.result.toDisplayString();
    } else {
        s.problem(QStringLiteral("not XML-RPC: the root element is <%1>, not <methodCall> or <methodResponse>")
                      .arg(QString::fromUtf8(root.name())),
                  s.startOf(root), parent);
    }
    return body;
}

void EnvelopeReader::call(pugi::xml_node element, DecodeNode* node, XmlRpcBody& body)
{
    bool named = false;
    bool haveParams = false;
    for (pugi::xml_node c = firstElement(element); c && !s.stopped(); c = nextElement(c)) {
        const char* local = localName(c);
        if (!named && std::strcmp(local, "methodName") == 0) {
            named = true;
            QByteArray joined;
            const QByteArrayView text = elementText(c, joined);
            const QByteArrayView trimmed = trimmedXml(text);
            body.method = QString::fromUtf8(trimmed);
            DecodeNode* nameNode = node
                ? &s.addElement(*node, QStringLiteral("methodName"), QStringLiteral("string"), body.method, c,
                                QStringLiteral("Name of the method to call; dots separate namespaces "
                                               "(system.listMethods)."))
                : nullptr;
            if (body.method.isEmpty())
                s.problem(QStringLiteral("empty <methodName>"), s.startOf(c), node);
            else if (trimmed.size() != text.size())
                // Python's server would look the name up with its blanks and find nothing.
                s.lenient(QStringLiteral("method name written %1; read as %2 without the blanks")
                              .arg(backticked(text), backticked(trimmed)),
                          s.contentOf(c), nameNode, text.size());
        } else if (!haveParams && std::strcmp(local, "params") == 0) {
            haveParams = true;
            body.params = params(c, node);
        } else {
            s.problem(QStringLiteral("unexpected <%1> in <methodCall>").arg(QString::fromUtf8(c.name())), s.startOf(c),
                      node);
        }
    }
    if (!named)
        missing(QStringLiteral("<methodCall> without <methodName>"), element, node);
}

RpcArray EnvelopeReader::params(pugi::xml_node element, DecodeNode* node)
{
    RpcArray values;
    values.reserve(countElements(element));
    DecodeNode* paramsNode = node ? &s.addElement(*node, QStringLiteral("params"), QStringLiteral("params"), {},
                                                  element, QStringLiteral("The parameters, in order."))
                                  : nullptr;
    int index = 0;
    for (pugi::xml_node p = firstElement(element); p && !s.stopped(); p = nextElement(p)) {
        if (std::strcmp(localName(p), "param") != 0) {
            s.problem(QStringLiteral("unexpected <%1> in <params> (expected <param>)").arg(QString::fromUtf8(p.name())),
                      s.startOf(p), paramsNode);
            continue;
        }
        DecodeNode* paramNode = paramsNode ? &s.addElement(*paramsNode, QStringLiteral("param[%1]").arg(index), {}, {},
                                                           p, QStringLiteral("Parameter %1.").arg(index))
                                           : nullptr;
        const pugi::xml_node value = firstElement(p);
        RpcValue v;
        if (!value || std::strcmp(localName(value), "value") != 0) {
            missing(QStringLiteral("<param> without <value>"), p, paramNode);
        } else {
            DecodeNode* valueNode
                = paramNode ? &s.addElement(*paramNode, QStringLiteral("value"), {}, {}, value) : nullptr;
            v = readValue(s, value, valueNode, 1);
        }
        if (paramNode) {
            paramNode->type = v.typeName();
            paramNode->value = v.toDisplayString();
        }
        values.push_back(std::move(v));
        ++index;
    }
    if (paramsNode)
        paramsNode->value
            = (values.size() == 1 ? QStringLiteral("1 value") : QStringLiteral("%1 values").arg(values.size()));
    return values;
}

void EnvelopeReader::response(pugi::xml_node element, DecodeNode* node, XmlRpcBody& body)
{
    const pugi::xml_node first = firstElement(element);
    if (!first) {
        missing(QStringLiteral("<methodResponse> without <params> or <fault>"), element, node);
        return;
    }
    if (const pugi::xml_node extra = nextElement(first))
        s.problem(QStringLiteral("unexpected <%1> in <methodResponse>").arg(QString::fromUtf8(extra.name())),
                  s.startOf(extra), node);
    const char* local = localName(first);
    if (std::strcmp(local, "fault") == 0) {
        fault(first, node, body);
        return;
    }
    if (std::strcmp(local, "params") != 0) {
        s.problem(QStringLiteral("unexpected <%1> in <methodResponse> (expected <params> or <fault>)")
                      .arg(QString::fromUtf8(first.name())),
                  s.startOf(first), node);
        return;
    }
    RpcArray values = params(first, node);
    if (values.empty()) {
        missing(QStringLiteral("<methodResponse> without a result <param>"), first, node);
        return;
    }
    if (values.size() > 1)
        s.problem(QStringLiteral("<methodResponse> with %1 params; XML-RPC returns exactly one").arg(values.size()),
                  s.startOf(first), node);
    body.result = std::move(values.front());
}

void EnvelopeReader::fault(pugi::xml_node element, DecodeNode* node, XmlRpcBody& body)
{
    DecodeNode* faultNode = node ? &s.addElement(*node, QStringLiteral("fault"), QStringLiteral("fault"), {}, element,
                                                 QStringLiteral("The call failed: a struct with faultCode (int) and "
                                                                "faultString (text). HTTP still says 200."))
                                 : nullptr;
    RpcFault f;
    const pugi::xml_node value = firstElement(element);
    if (!value || std::strcmp(localName(value), "value") != 0) {
        missing(QStringLiteral("<fault> without <value>"), element, faultNode);
        body.fault = f;
        return;
    }
    DecodeNode* valueNode = faultNode ? &s.addElement(*faultNode, QStringLiteral("value"), {}, {}, value) : nullptr;
    const RpcValue v = readValue(s, value, valueNode, 1);
    if (!v.isStruct()) {
        s.problem(QStringLiteral("the fault value is a %1, not a struct").arg(v.typeName()), s.startOf(value),
                  faultNode);
    } else {
        const RpcValue* code = v.member(u"faultCode");
        const RpcValue* text = v.member(u"faultString");
        if (code)
            f.code = *code;
        else
            missing(QStringLiteral("fault without faultCode"), value, faultNode);
        if (text)
            f.message = text->isString() ? text->toString() : text->toDisplayString();
        else
            missing(QStringLiteral("fault without faultString"), value, faultNode);
        if (code && !code->isInt())
            s.problem(QStringLiteral("faultCode is a %1, not an int").arg(code->typeName()), s.startOf(value),
                      faultNode);
    }
    if (faultNode)
        faultNode->value = QStringLiteral("%1: %2").arg(f.code.toDisplayString(), f.message);
    body.fault = std::move(f);
}

// Number of start tags ('<' not followed by '/', '!' or '?'): an upper bound on the elements, counted without
// allocating. Sixteen bytes at a time where SSE2 is there (every x86-64): a search per '<' costs more than the parse
// on markup as dense as XML-RPC's.
qint64 countStartTags(QByteArrayView xml)
{
    const char* p = xml.data();
    const char* end = p + xml.size();
    qint64 n = 0;
#if defined(__SSE2__)
    const __m128i lt = _mm_set1_epi8('<');
    const __m128i slash = _mm_set1_epi8('/');
    const __m128i bang = _mm_set1_epi8('!');
    const __m128i question = _mm_set1_epi8('?');
    // Each block of 16 also reads the byte after it, so the last block ends one byte before the end.
    for (; end - p >= 17; p += 16) {
        const __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const unsigned opens = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(here, lt)));
        if (!opens)
            continue;
        const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
        const __m128i notStart = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(next, slash), _mm_cmpeq_epi8(next, bang)),
                                              _mm_cmpeq_epi8(next, question));
        // A few bits at most: cleared one by one (a popcount instruction is not in the x86-64 baseline).
        for (unsigned starts = opens & ~unsigned(_mm_movemask_epi8(notStart)); starts; starts &= starts - 1)
            ++n;
    }
#endif
    while ((p = static_cast<const char*>(std::memchr(p, '<', size_t(end - p))))) {
        ++p;
        if (p < end && *p != '/' && *p != '!' && *p != '?')
            ++n;
    }
    return n;
}

// The XML declaration's node, and a note when it does not come first (pugixml reads it anywhere in the prolog;
// Python's expat refuses "XML or text declaration not at start of entity").
void readDeclaration(QByteArrayView xml, const Prolog& prolog, ReadSession& s, DecodeNode* parent)
{
    if (prolog.declarationOffset < 0)
        return;
    const qint64 at = prolog.declarationOffset;
    const qint64 length = prolog.declarationLength;
    DecodeNode* node = nullptr;
    if (parent) {
        const qint64 start = s.toBuffer(at);
        node = &parent->add(QStringLiteral("xmlDeclaration"), QStringLiteral("declaration"),
                            QString::fromUtf8(xml.sliced(at, length)), start, s.toBuffer(at + length) - start,
                            QStringLiteral("The XML declaration: XML version and, optionally, the text encoding."));
        node->buffer = s.buffer();
    }
    if (at == prolog.bomLength)
        return;
    const QByteArrayView before = xml.sliced(prolog.bomLength, at - prolog.bomLength);
    if (trimmedXml(before).isEmpty())
        s.lenient(QStringLiteral("%1 before the XML declaration (%2); XML requires the declaration at the very start")
                      .arg(before.size() == 1 ? QStringLiteral("1 blank byte")
                                              : QStringLiteral("%1 blank bytes").arg(before.size()),
                           backticked(before)),
                  prolog.bomLength, node, before.size());
    else
        s.lenient(QStringLiteral("the XML declaration comes after other markup; XML requires it at the very start"), at,
                  node, length);
}

pugi::xml_node lastElementChild(pugi::xml_node parent)
{
    pugi::xml_node c = parent.last_child();
    while (c && c.type() != pugi::node_element)
        c = c.previous_sibling();
    return c;
}

// Where the root element ends: pugixml keeps no end offsets, so the markup is scanned from the root's last element
// on (start tags open, end tags close) until the root's end tag. -1 when it cannot be found.
qint64 rootEnd(QByteArrayView xml, pugi::xml_node root, const ReadSession& s)
{
    pugi::xml_node last = root;
    qint64 open = 0; // elements open before `last` starts
    while (const pugi::xml_node child = lastElementChild(last)) {
        last = child;
        ++open;
    }
    qint64 pos = s.startOf(last);
    if (pos < 0)
        return -1;
    const qint64 n = xml.size();
    const char* data = xml.data();
    // True when the markup at `at` starts with `prefix` (the bytes left are checked first).
    auto at = [&](qint64 from, std::string_view prefix) {
        return n - from >= qint64(prefix.size()) && std::memcmp(data + from, prefix.data(), prefix.size()) == 0;
    };
    auto skipTo = [&](std::string_view end, qint64 from) {
        const qint64 e = findBytes(xml, end, from);
        return e < 0 ? qint64(-1) : e + qint64(end.size());
    };
    while (pos < n) {
        const auto* found = static_cast<const char*>(std::memchr(data + pos, '<', size_t(n - pos)));
        if (!found)
            return -1;
        const qint64 lt = found - data;
        const char second = lt + 1 < n ? data[lt + 1] : '\0';
        if (second == '!' && at(lt, "<!--")) {
            pos = skipTo("-->", lt + 4);
        } else if (second == '!' && at(lt, "<![CDATA[")) {
            pos = skipTo("]]>", lt + 9);
        } else if (second == '?') {
            pos = skipTo("?>", lt + 2);
        } else if (second == '/') {
            const auto* gt
                = static_cast<const char*>(std::memchr(data + lt + 2, '>', size_t(std::max<qint64>(0, n - lt - 2))));
            pos = gt ? gt - data + 1 : -1;
            if (pos >= 0 && --open == 0)
                return pos;
        } else {
            char quote = 0;
            qint64 i = lt + 1;
            for (; i < n; ++i) {
                const char c = data[i];
                if (quote) {
                    if (c == quote)
                        quote = 0;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    break;
                }
            }
            if (i >= n)
                return -1;
            if (data[i - 1] != '/')
                ++open;
            else if (open == 0 && lt == s.startOf(root))
                return i + 1; // a self-closed root
            pos = i + 1;
        }
        if (pos < 0)
            return -1;
    }
    return -1;
}

// Bytes after the root element other than blanks, comments and processing instructions: pugixml ignores them,
// XML (and Python's expat: "junk after document element") does not.
void checkEpilog(QByteArrayView xml, pugi::xml_node root, ReadSession& s, DecodeNode* parent)
{
    qint64 pos = rootEnd(xml, root, s);
    if (pos < 0)
        return;
    while (pos < xml.size()) {
        const char c = xml[pos];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            ++pos;
            continue;
        }
        const QByteArrayView rest = xml.sliced(pos);
        const qint64 end = rest.startsWith("<!--") ? findBytes(xml, "-->", pos + 4)
            : rest.startsWith("<?")                ? findBytes(xml, "?>", pos + 2)
                                                   : -1;
        if (end < 0)
            break;
        pos = end + (rest.startsWith("<!--") ? 3 : 2);
    }
    if (pos >= xml.size())
        return;
    const QByteArrayView junk = xml.sliced(pos);
    s.lenient(QStringLiteral("%1 after the root element ignored: %2; XML allows only comments, processing "
                             "instructions and blanks there")
                  .arg(junk.size() == 1 ? QStringLiteral("1 byte") : QStringLiteral("%1 bytes").arg(junk.size()),
                       backticked(junk)),
              pos, parent, junk.size());
}

} // namespace

XmlRpcBody XmlRpcReader::read(QByteArrayView xml, const XmlRpcReadOptions& options, std::vector<Problem>& problems,
                              DecodeNode* parent)
{
    ReadSession session(xml, options, problems, parent != nullptr);
    const Prolog prolog = options.prolog ? *options.prolog : scanProlog(xml);
    if (prolog.doctypeOffset >= 0) {
        // Refused before any parser sees it: DTDs are how XXE and billion-laughs attacks get in.
        session.problem(QStringLiteral("DOCTYPE refused: XML-RPC has no document types, and entity declarations are "
                                       "never expanded"),
                        prolog.doctypeOffset, parent);
        return {};
    }
    if (prolog.status == Prolog::Status::NotXml
        || (prolog.status == Prolog::Status::NeedMore && xml.trimmed().isEmpty())) {
        session.problem(xml.trimmed().isEmpty() ? QStringLiteral("the body is empty; XML-RPC needs an XML document")
                                                : QStringLiteral("the body is not XML"),
                        prolog.bomLength, parent);
        return {};
    }
    readDeclaration(xml, prolog, session, parent);

    // pugixml builds a DOM of about 64 bytes per element, so markup dense with tiny elements (`<a/><a/>...`) could
    // cost far more memory than its size. XML-RPC needs at most four elements per value and spends at least 8 bytes
    // on each (`<value/>`); a document with more start tags than that is refused before any node is allocated.
    const qint64 maxElements = std::min(4 * options.limits.maxValues, qint64(xml.size()) / 8) + 64;
    if (const qint64 elements = countStartTags(xml); elements > maxElements) {
        session.problem(QStringLiteral("%1 XML elements in %2 bytes: more than XML-RPC values need (at most %3 here); "
                                       "the body is not decoded")
                            .arg(elements)
                            .arg(xml.size())
                            .arg(maxElements),
                        0, parent);
        return {};
    }
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed
        = doc.load_buffer(xml.data(), size_t(xml.size()), kParseFlags, pugi::encoding_utf8);
    const bool partial = !parsed;
    if (partial) {
        // pugixml can report a position just past the text when it ends inside markup.
        qint64 at = std::min<qint64>(qint64(parsed.offset), xml.size());
        QString text = parseErrorText(parsed.status);
        if (parsed.status == pugi::status_end_element_mismatch) {
            // pugixml reports the end of the text as its last byte.
            if (at >= xml.size() - 1) {
                text = QStringLiteral("malformed XML: the document ends before all its elements are closed");
                at = xml.size();
            } else if (const qint64 tag = xml.first(at + 1).lastIndexOf("</"); tag >= 0 && at - tag < 256) {
                // pugixml stops inside the end tag; point at its start.
                at = tag;
            }
        }
        session.problem(text, at, parent);
    }
    const pugi::xml_node root = firstElement(doc);
    if (!root) {
        if (!partial)
            session.problem(QStringLiteral("malformed XML: no root element"), 0, parent);
        return {};
    }
    XmlRpcBody body = EnvelopeReader(session, partial).read(root, parent);
    if (!partial && !session.stopped())
        checkEpilog(xml, root, session, parent);
    return body;
}

Result<XmlRpcBody> XmlRpcReader::parseBody(QByteArrayView body, const DecodeLimits& limits, QByteArrayView httpCharset)
{
    const XmlBodyText text(body, httpCharset);
    for (const XmlBodyText::Issue& issue : text.issues()) {
        if (issue.kind == Problem::Kind::Malformed)
            return Error {QStringLiteral("%1 (at byte %2)").arg(issue.text).arg(issue.offset)};
    }
    XmlRpcReadOptions options;
    options.limits = limits;
    options.wire = text.wire();
    std::vector<Problem> problems;
    XmlRpcBody read = XmlRpcReader::read(text.text(), options, problems, nullptr);
    for (const Problem& p : problems) {
        if (p.kind == Problem::Kind::Malformed)
            return Error {p.offset >= 0 ? QStringLiteral("%1 (at byte %2)").arg(p.text).arg(p.offset) : p.text};
    }
    return read;
}

} // namespace rpcscope
