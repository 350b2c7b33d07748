#include "xmlprolog.h"

#include "bytesearch.h"

namespace rpcscope::xmlrpc {

namespace {
bool isXmlBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isNameChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':'
        || c == '-' || c == '.' || u >= 0x80;
}

// The value of pseudo-attribute `name` inside an XML declaration.
QByteArray declarationValue(QByteArrayView decl, std::string_view name)
{
    qsizetype at = findBytes(decl, name);
    while (at >= 0) {
        qsizetype i = at + qsizetype(name.size());
        while (i < decl.size() && isXmlBlank(decl[i]))
            ++i;
        if (i < decl.size() && decl[i] == '=') {
            ++i;
            while (i < decl.size() && isXmlBlank(decl[i]))
                ++i;
            if (i < decl.size() && (decl[i] == '"' || decl[i] == '\'')) {
                const qsizetype end = decl.indexOf(decl[i], i + 1);
                if (end > i)
                    return decl.sliced(i + 1, end - i - 1).toByteArray().toLower();
            }
        }
        at = findBytes(decl, name, at + 1);
    }
    return {};
}
} // namespace

Prolog scanProlog(QByteArrayView xml)
{
    Prolog p;
    qsizetype pos = 0;
    if (xml.startsWith("\xEF\xBB\xBF")) {
        p.bomLength = 3;
        pos = 3;
    }
    while (true) {
        while (pos < xml.size() && isXmlBlank(xml[pos]))
            ++pos;
        if (pos >= xml.size()) {
            p.status = Prolog::Status::NeedMore;
            return p;
        }
        if (xml[pos] != '<') {
            p.status = Prolog::Status::NotXml;
            return p;
        }
        const QByteArrayView rest = xml.sliced(pos);
        if (rest.size() < 9
            && (QByteArrayView("<!DOCTYPE").startsWith(rest) || QByteArrayView("<!--").startsWith(rest)
                || QByteArrayView("<?xml").startsWith(rest))) {
            p.status = Prolog::Status::NeedMore;
            return p;
        }
        if (rest.startsWith("<?")) {
            const qsizetype end = findBytes(xml, "?>", pos + 2);
            if (end < 0) {
                p.status = Prolog::Status::NeedMore;
                return p;
            }
            if (rest.startsWith("<?xml") && isXmlBlank(rest.size() > 5 ? rest[5] : ' ') && p.declarationOffset < 0) {
                p.encoding = declarationValue(xml.sliced(pos, end - pos), "encoding");
                p.declarationOffset = pos;
                p.declarationLength = end + 2 - pos;
            }
            pos = end + 2;
            continue;
        }
        if (rest.startsWith("<!--")) {
            const qsizetype end = findBytes(xml, "-->", pos + 4);
            if (end < 0) {
                p.status = Prolog::Status::NeedMore;
                return p;
            }
            pos = end + 3;
            continue;
        }
        if (rest.startsWith("<!DOCTYPE")) {
            // Found: the caller refuses the document, so where the declaration ends does not matter.
            p.doctypeOffset = pos;
            p.status = Prolog::Status::NotXml;
            return p;
        }
        qsizetype i = pos + 1;
        while (i < xml.size() && isNameChar(xml[i]))
            ++i;
        if (i >= xml.size()) {
            p.status = Prolog::Status::NeedMore;
            return p;
        }
        if (i == pos + 1 || !(isXmlBlank(xml[i]) || xml[i] == '>' || xml[i] == '/')) {
            p.status = Prolog::Status::NotXml;
            return p;
        }
        p.status = Prolog::Status::Root;
        p.rootOffset = pos;
        p.rootName = xml.sliced(pos + 1, i - pos - 1);
        return p;
    }
}

bool isUtf8Compatible(QByteArrayView encoding)
{
    const QByteArray e = encoding.toByteArray().toLower();
    return e.isEmpty() || e == "utf-8" || e == "utf8" || e == "us-ascii" || e == "ascii";
}

} // namespace rpcscope::xmlrpc
