#include "xmlrpcvaluereader.h"

#include "decodelimits.h"
#include "xmlrpc/xmlrpcscalars.h"

#include <algorithm>
#include <cstring>

namespace rpcscope::xmlrpc {

namespace {

enum class Kind { Int, Bool, String, Double, DateTime, Base64, Struct, Array, Nil, Dom };

struct TypeInfo
{
    const char* local;
    Kind kind;
    const char* tag;
    const char* description;
};

// Every type element we read, matched on the local name so `ex:i8` and `i8` are the same (as Python does).
constexpr TypeInfo kTypes[] = {
    {"int", Kind::Int, "", "A 32-bit signed integer in decimal."},
    {"i4", Kind::Int, "", "A 32-bit signed integer (i4 is the spec's other name for int)."},
    {"i8", Kind::Int, "i8", "A 64-bit signed integer (an extension; Apache XML-RPC writes ex:i8)."},
    {"i1", Kind::Int, "i1", "An 8-bit integer, a Java byte (Apache extension ex:i1)."},
    {"i2", Kind::Int, "i2", "A 16-bit integer, a Java short (Apache extension ex:i2)."},
    {"biginteger", Kind::Int, "biginteger", "An integer of any size (Apache extension ex:biginteger)."},
    {"boolean", Kind::Bool, "", "A boolean: 0 is false, 1 is true."},
    {"string", Kind::String, "", "A string; XML escapes (&lt; &amp;) are undone."},
    {"double", Kind::Double, "", "A double-precision floating-point number in decimal."},
    {"float", Kind::Double, "float", "A 32-bit floating-point number (Apache extension ex:float)."},
    {"bigdecimal", Kind::Double, "bigdecimal", "A decimal number of any precision (Apache extension ex:bigdecimal)."},
    {"dateTime.iso8601", Kind::DateTime, "",
     "A date and time in ISO 8601 form, by the spec YYYYMMDDTHH:MM:SS, without a time zone."},
    {"dateTime", Kind::DateTime, "", "A date and time with zone and milliseconds (Apache extension ex:dateTime)."},
    {"base64", Kind::Base64, "", "Binary data as base64 text (line breaks inside are ignored)."},
    {"serializable", Kind::Base64, "serializable",
     "A Java object as base64 of its serialization stream (Apache extension ex:serializable); never deserialize "
     "it from an untrusted peer."},
    {"struct", Kind::Struct, "", "A struct: named members, each a name and a value."},
    {"array", Kind::Array, "", "An array: a <data> element holding values in order."},
    {"nil", Kind::Nil, "", "No value (None/null): the nil extension, not in the 1999 spec."},
    {"dom", Kind::Dom, "dom", "An XML fragment carried as is (Apache extension ex:dom)."},
};

const TypeInfo* typeInfo(const char* local)
{
    for (const TypeInfo& t : kTypes) {
        if (std::strcmp(t.local, local) == 0)
            return &t;
    }
    return nullptr;
}

QString quoted(QByteArrayView text)
{
    constexpr qsizetype kShown = 40;
    QString s = QString::fromUtf8(text.first(std::min(text.size(), kShown)));
    if (text.size() > kShown)
        s += QChar(0x2026);
    return QLatin1Char('"') + s + QLatin1Char('"');
}

QString elementName(pugi::xml_node element)
{
    return QString::fromUtf8(element.name());
}

class QByteArrayXmlWriter : public pugi::xml_writer
{
public:
    void write(const void* data, size_t size) override { out.append(static_cast<const char*>(data), qsizetype(size)); }
    QByteArray out;
};

class ValueReader
{
public:
    explicit ValueReader(ReadSession& session)
        : s(session)
    { }

    RpcValue value(pugi::xml_node valueElement, DecodeNode* node, int depth);

private:
    RpcValue typed(pugi::xml_node element, const TypeInfo& info, DecodeNode* node, int depth);
    RpcValue scalar(pugi::xml_node element, const TypeInfo& info, DecodeNode* node);
    RpcValue structure(pugi::xml_node element, DecodeNode* node, int depth);
    RpcValue array(pugi::xml_node element, DecodeNode* node, int depth);
    QString limitedString(const QByteArray& text, pugi::xml_node element, DecodeNode* node);

    ReadSession& s;
};

RpcValue ValueReader::value(pugi::xml_node valueElement, DecodeNode* node, int depth)
{
    if (s.stopped() || !s.countValue(valueElement, node))
        return {};
    const int maxDepth = std::min(s.limits().maxDepth, kStackSafeDepth);
    if (depth > maxDepth) {
        s.problem(QStringLiteral("values nested deeper than %1 levels; the rest is not decoded").arg(maxDepth),
                  s.startOf(valueElement), node);
        s.stop();
        return {};
    }
    const pugi::xml_node element = firstElement(valueElement);
    if (!element) {
        // The untyped-value rule: bare text is a string, and an empty <value/> an empty string.
        RpcValue v = RpcValue::fromString(limitedString(elementText(valueElement), valueElement, node));
        if (node) {
            node->type = QStringLiteral("string");
            node->value = v.toDisplayString();
            node->description = QStringLiteral("A value without a type element: its text is a string.");
        }
        return v;
    }
    if (const pugi::xml_node extra = nextElement(element))
        s.problem(QStringLiteral("<value> holds more than one element; <%1> is ignored").arg(elementName(extra)),
                  s.startOf(extra), node);
    const TypeInfo* info = typeInfo(localName(element));
    if (!info) {
        s.problem(QStringLiteral("unknown XML-RPC type <%1>").arg(elementName(element)), s.startOf(element), node);
        if (node)
            node->type = QStringLiteral("unknown");
        return {};
    }
    DecodeNode* typeNode = node ? &s.addElement(*node, elementName(element), QString::fromLatin1(info->local), {},
                                                element, QString::fromLatin1(info->description))
                                : nullptr;
    RpcValue v = typed(element, *info, typeNode, depth);
    if (node) {
        const QString shown = v.toDisplayString();
        typeNode->value = shown;
        node->type = typeNode->type;
        node->value = shown;
        node->description = QStringLiteral("A value: one type element, or bare text for a string.");
    }
    return v;
}

RpcValue ValueReader::typed(pugi::xml_node element, const TypeInfo& info, DecodeNode* node, int depth)
{
    switch (info.kind) {
    case Kind::Struct:
        return structure(element, node, depth);
    case Kind::Array:
        return array(element, node, depth);
    case Kind::Dom: {
        QByteArrayXmlWriter writer;
        for (pugi::xml_node c = element.first_child(); c; c = c.next_sibling())
            c.print(writer, "", pugi::format_raw);
        RpcValue v = RpcValue::fromString(QString::fromUtf8(writer.out));
        v.setTag(QStringLiteral("dom"));
        return v;
    }
    default:
        if (const pugi::xml_node inner = firstElement(element))
            s.problem(QStringLiteral("unexpected <%1> inside <%2>").arg(elementName(inner), elementName(element)),
                      s.startOf(inner), node);
        return scalar(element, info, node);
    }
}

QString ValueReader::limitedString(const QByteArray& text, pugi::xml_node element, DecodeNode* node)
{
    const qint64 limit = s.limits().maxStringBytes;
    if (text.size() <= limit)
        return QString::fromUtf8(text);
    s.problem(
        QStringLiteral("string of %1 bytes exceeds the limit of %2 bytes; it is cut there").arg(text.size()).arg(limit),
        s.contentOf(element), node);
    return QString::fromUtf8(text.first(limit));
}

RpcValue ValueReader::scalar(pugi::xml_node element, const TypeInfo& info, DecodeNode* node)
{
    const QByteArray text = elementText(element);
    const QString tag = QString::fromLatin1(info.tag);
    auto bad = [&](const char* what, const char* expected) {
        s.problem(QStringLiteral("bad %1 %2 in <%3>%4")
                      .arg(QLatin1StringView(what), quoted(trimmedXml(text)), elementName(element),
                           expected[0] ? QStringLiteral(" (%1)").arg(QLatin1StringView(expected)) : QString()),
                  s.contentOf(element), node);
    };
    switch (info.kind) {
    case Kind::Int: {
        const IntText n = parseInteger(text);
        if (n.status == IntText::Status::Ok) {
            RpcValue v = RpcValue::fromInt(n.value);
            v.setTag(tag);
            return v;
        }
        if (n.status == IntText::Status::TooBig)
            return RpcValue::fromBigInt(QString::fromLatin1(n.digits));
        bad("integer", "expected decimal digits with an optional sign");
        return {};
    }
    case Kind::Bool: {
        const std::optional<bool> b = parseBoolean(text);
        if (b)
            return RpcValue::fromBool(*b);
        bad("boolean", "expected 0 or 1");
        return {};
    }
    case Kind::String:
        return RpcValue::fromString(limitedString(text, element, node));
    case Kind::Double: {
        const std::optional<double> d = parseDouble(text);
        if (d) {
            RpcValue v = RpcValue::fromDouble(*d);
            v.setTag(tag);
            return v;
        }
        bad("double", "expected a decimal number");
        return {};
    }
    case Kind::DateTime: {
        const QByteArrayView t = trimmedXml(text);
        RpcDateTime dt {QString::fromUtf8(t), parseDateTime(t)};
        if (!dt.msecsSinceEpoch)
            bad("dateTime", "expected a form like 19980717T14:08:55");
        return RpcValue::fromDateTime(std::move(dt));
    }
    case Kind::Base64: {
        std::optional<QByteArray> bytes = decodeBase64(text);
        if (!bytes) {
            bad("base64", "");
            return {};
        }
        RpcValue v = RpcValue::fromBytes(std::move(*bytes));
        v.setTag(tag);
        return v;
    }
    case Kind::Nil:
        if (hasNonBlankText(element))
            s.problem(QStringLiteral("text inside <%1>, which must be empty").arg(elementName(element)),
                      s.contentOf(element), node);
        return {};
    case Kind::Struct:
    case Kind::Array:
    case Kind::Dom:
        break;
    }
    return {};
}

RpcValue ValueReader::structure(pugi::xml_node element, DecodeNode* node, int depth)
{
    RpcStruct members;
    for (pugi::xml_node m = firstElement(element); m && !s.stopped(); m = nextElement(m)) {
        if (std::strcmp(localName(m), "member") != 0) {
            s.problem(QStringLiteral("unexpected <%1> in <struct> (expected <member>)").arg(elementName(m)),
                      s.startOf(m), node);
            continue;
        }
        pugi::xml_node name;
        pugi::xml_node value;
        for (pugi::xml_node c = firstElement(m); c; c = nextElement(c)) {
            const char* local = localName(c);
            if (!name && std::strcmp(local, "name") == 0)
                name = c;
            else if (!value && std::strcmp(local, "value") == 0)
                value = c;
            else
                s.problem(QStringLiteral("unexpected <%1> in <member>").arg(elementName(c)), s.startOf(c), node);
        }
        const QString key = name ? QString::fromUtf8(elementText(name)) : QString();
        DecodeNode* memberNode = nullptr;
        if (node) {
            memberNode = &s.addElement(*node, key, {}, {}, m, QStringLiteral("A struct member: its name and value."));
            if (name)
                s.addElement(*memberNode, QStringLiteral("name"), QStringLiteral("string"), key, name,
                             QStringLiteral("The member's name."));
        }
        if (!name)
            s.problem(QStringLiteral("<member> without <name>"), s.startOf(m), memberNode);
        RpcValue v;
        if (!value) {
            s.problem(QStringLiteral("<member> without <value>"), s.startOf(m), memberNode);
        } else {
            DecodeNode* valueNode
                = memberNode ? &s.addElement(*memberNode, QStringLiteral("value"), {}, {}, value) : nullptr;
            v = ValueReader(s).value(value, valueNode, depth + 1);
        }
        if (memberNode) {
            memberNode->type = v.typeName();
            memberNode->value = v.toDisplayString();
        }
        members.emplace_back(key, std::move(v));
    }
    return RpcValue::fromStruct(std::move(members));
}

RpcValue ValueReader::array(pugi::xml_node element, DecodeNode* node, int depth)
{
    RpcArray items;
    pugi::xml_node data = firstElement(element);
    DecodeNode* dataNode = node;
    if (data && std::strcmp(localName(data), "data") == 0) {
        if (const pugi::xml_node extra = nextElement(data))
            s.problem(QStringLiteral("unexpected <%1> after <data> in <array>").arg(elementName(extra)),
                      s.startOf(extra), node);
        if (node)
            dataNode = &s.addElement(*node, QStringLiteral("data"), QStringLiteral("data"), {}, data,
                                     QStringLiteral("The array's values, in order."));
    } else {
        // Lenient like most readers: values straight inside <array> are still read.
        s.problem(QStringLiteral("<array> without <data>"), s.startOf(element), node);
        data = element;
    }
    int index = 0;
    for (pugi::xml_node v = firstElement(data); v && !s.stopped(); v = nextElement(v)) {
        if (std::strcmp(localName(v), "value") != 0) {
            s.problem(QStringLiteral("unexpected <%1> in <data> (expected <value>)").arg(elementName(v)), s.startOf(v),
                      dataNode);
            continue;
        }
        DecodeNode* itemNode
            = dataNode ? &s.addElement(*dataNode, QStringLiteral("value[%1]").arg(index), {}, {}, v) : nullptr;
        items.push_back(ValueReader(s).value(v, itemNode, depth + 1));
        ++index;
    }
    if (dataNode && dataNode != node)
        dataNode->value
            = (items.size() == 1 ? QStringLiteral("1 value") : QStringLiteral("%1 values").arg(items.size()));
    return RpcValue::fromArray(std::move(items));
}

} // namespace

RpcValue readValue(ReadSession& session, pugi::xml_node value, DecodeNode* node, int depth)
{
    return ValueReader(session).value(value, node, depth);
}

} // namespace rpcscope::xmlrpc
