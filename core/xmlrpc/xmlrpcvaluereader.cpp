#include "xmlrpcvaluereader.h"

#include "decodelimits.h"
#include "xmlrpc/xmlrpcscalars.h"

#include <algorithm>
#include <cstring>

namespace rpcscope::xmlrpc {

namespace {

enum class Kind { Int, Bool, String, Double, Decimal, DateTime, Base64, Struct, Array, Nil, Dom };

struct TypeInfo
{
    const char* local;
    Kind kind;
    const char* tag;
    const char* description;
    int bits = 0; // for integers: the width the type allows (0: any)
};

// Every type element we read, matched on the local name so `ex:i8` and `i8` are the same (as Python does).
constexpr TypeInfo kTypes[] = {
    {"int", Kind::Int, "", "A 32-bit signed integer in decimal.", 32},
    {"i4", Kind::Int, "", "A 32-bit signed integer (i4 is the spec's other name for int).", 32},
    {"i8", Kind::Int, "i8", "A 64-bit signed integer (an extension; Apache XML-RPC writes ex:i8).", 64},
    {"i1", Kind::Int, "i1", "An 8-bit integer, a Java byte (Apache extension ex:i1).", 8},
    {"i2", Kind::Int, "i2", "A 16-bit integer, a Java short (Apache extension ex:i2).", 16},
    {"biginteger", Kind::Int, "biginteger", "An integer of any size (Apache extension ex:biginteger)."},
    {"boolean", Kind::Bool, "", "A boolean: 0 is false, 1 is true."},
    {"string", Kind::String, "", "A string; XML escapes (&lt; &amp;) are undone."},
    {"double", Kind::Double, "", "A double-precision floating-point number in decimal."},
    {"float", Kind::Double, "float", "A 32-bit floating-point number (Apache extension ex:float)."},
    {"bigdecimal", Kind::Decimal, "",
     "A decimal number of any precision, kept exactly as written (Apache extension "
     "ex:bigdecimal)."},
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
        // The first byte tells most names apart without a call.
        if (t.local[0] == local[0] && std::strcmp(t.local, local) == 0)
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
    QString limitedString(QByteArrayView text, pugi::xml_node element, DecodeNode* node);

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
        QByteArray joined;
        RpcValue v = RpcValue::fromString(limitedString(elementText(valueElement, joined), valueElement, node));
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
    if (const pugi::xml_node text = firstNonBlankText(valueElement)) {
        // Mixed content: the type element wins, as in Python's reader; a strict parser refuses the value.
        const QByteArray t = elementText(valueElement);
        s.lenient(QStringLiteral("text %1 beside <%2> in <value> ignored; a value holds one type element or text")
                      .arg(backticked(trimmedXml(t)), elementName(element)),
                  s.startOf(text), node, qstrlen(text.value()));
    }
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

QString ValueReader::limitedString(QByteArrayView text, pugi::xml_node element, DecodeNode* node)
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
    QByteArray joined;
    const QByteArrayView text = elementText(element, joined);
    const QByteArrayView trimmed = trimmedXml(text);
    const QString tag = QString::fromLatin1(info.tag);
    // The name as written (`ex:i8`), for notes only: made when one is written.
    auto name = [&] { return elementName(element); };
    auto bad = [&](const char* what, const char* expected) {
        s.problem(QStringLiteral("bad %1 %2 in <%3>%4")
                      .arg(QLatin1StringView(what), quoted(trimmed), name(),
                           expected[0] ? QStringLiteral(" (%1)").arg(QLatin1StringView(expected)) : QString()),
                  s.contentOf(element), node);
    };
    // A form the spec does not allow but that was read anyway: said on the message and in the tree.
    auto lenient = [&](const QString& text) { s.lenient(text, s.contentOf(element), node, trimmed.size()); };
    const bool blanks = trimmed.size() != text.size();
    switch (info.kind) {
    case Kind::Int: {
        const IntText n = parseInteger(text);
        if (n.status == IntText::Status::Bad) {
            bad("integer", "expected decimal digits with an optional sign");
            return {};
        }
        if (blanks)
            lenient(QStringLiteral("%1 written %2; the spec allows no blanks around the digits")
                        .arg(name(), backticked(text)));
        const bool fits = n.status == IntText::Status::Ok
            && (info.bits == 0 || info.bits == 64
                || (n.value >= -(qint64(1) << (info.bits - 1)) && n.value < (qint64(1) << (info.bits - 1))));
        if (info.bits != 0 && !fits)
            lenient(QStringLiteral("<%1> holds %2, beyond the %3 bits it allows; read as written")
                        .arg(name(), QString::fromLatin1(trimmed))
                        .arg(info.bits));
        if (n.status == IntText::Status::TooBig)
            return RpcValue::fromBigInt(QString::fromLatin1(n.digits));
        RpcValue v = RpcValue::fromInt(n.value);
        v.setTag(tag);
        return v;
    }
    case Kind::Bool: {
        const std::optional<bool> b = parseBoolean(text);
        if (!b) {
            bad("boolean", "expected 0 or 1");
            return {};
        }
        if (text != "0" && text != "1")
            lenient(QStringLiteral("boolean written %1; the spec allows 0 or 1").arg(backticked(text)));
        return RpcValue::fromBool(*b);
    }
    case Kind::String:
        return RpcValue::fromString(limitedString(text, element, node));
    case Kind::Double: {
        const bool single = tag == QLatin1String("float");
        const DoubleText d = parseDouble(text, single);
        if (!d.value) {
            bad("double", "expected a decimal number");
            return {};
        }
        if (d.outOfRange)
            lenient(QStringLiteral("%1 written %2, beyond the range of a %3; read as %4")
                        .arg(name(), backticked(trimmed), single ? QStringLiteral("float") : QStringLiteral("double"),
                             QString::fromLatin1(formatDouble(*d.value))));
        else if (d.nonFinite)
            lenient(QStringLiteral("%1 written %2; the spec has no infinity or NaN").arg(name(), backticked(trimmed)));
        else if (d.exponent && !single)
            // Apache's ex:float follows Java's Float.toString, which writes exponents itself.
            lenient(QStringLiteral("%1 written %2; the spec allows no exponent, only digits with a decimal point")
                        .arg(name(), backticked(trimmed)));
        if (blanks)
            lenient(QStringLiteral("%1 written %2; the spec allows no blanks around the number")
                        .arg(name(), backticked(text)));
        RpcValue v = RpcValue::fromDouble(*d.value);
        v.setTag(tag);
        return v;
    }
    case Kind::Decimal:
        if (!isDecimalText(trimmed)) {
            bad("decimal", "expected digits with an optional point and exponent");
            return {};
        }
        if (blanks)
            lenient(QStringLiteral("%1 written %2; Java's BigDecimal allows no blanks around the number")
                        .arg(name(), backticked(text)));
        // Kept as text: a double would round 9876543210.0123456789 to 9876543210.012346.
        return RpcValue::fromDecimal(QString::fromLatin1(trimmed));
    case Kind::DateTime: {
        RpcDateTime dt {QString::fromUtf8(trimmed), parseDateTime(trimmed)};
        if (!dt.msecsSinceEpoch)
            bad("dateTime", "expected a form like 19980717T14:08:55");
        else if (std::strcmp(info.local, "dateTime.iso8601") == 0 && !isSpecDateTime(text))
            lenient(QStringLiteral("dateTime written %1; the spec's form is YYYYMMDDTHH:MM:SS (19980717T14:08:55)")
                        .arg(backticked(text)));
        return RpcValue::fromDateTime(std::move(dt));
    }
    case Kind::Base64: {
        bool unpadded = false;
        std::optional<QByteArray> bytes = decodeBase64(text, &unpadded);
        if (!bytes) {
            bad("base64", "");
            return {};
        }
        if (unpadded)
            lenient(QStringLiteral("base64 without its = padding; Python's reader refuses it"));
        RpcValue v = RpcValue::fromBytes(std::move(*bytes));
        v.setTag(tag);
        return v;
    }
    case Kind::Nil:
        if (hasNonBlankText(element))
            s.problem(QStringLiteral("text inside <%1>, which must be empty").arg(name()), s.contentOf(element), node);
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
    members.reserve(countElements(element));
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
        QByteArray joined;
        const QString key = name ? QString::fromUtf8(elementText(name, joined)) : QString();
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
        // Lenient like most readers (Python's ignores <data> altogether): values straight inside <array> are read.
        s.lenient(QStringLiteral("<array> without <data>; its values are read anyway"), s.startOf(element), node);
        data = element;
    }
    items.reserve(countElements(data));
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
