#include "xmlrpcwriter.h"

#include "xmlrpc/xmlrpcscalars.h"

#include <limits>

namespace rpcscope {

namespace {

constexpr QByteArrayView kDeclaration = "<?xml version=\"1.0\"?>\n";

bool fitsInt32(qint64 v)
{
    return v >= std::numeric_limits<qint32>::min() && v <= std::numeric_limits<qint32>::max();
}

// Characters XML 1.0 has no way to carry, escaped or not (its Char production).
bool forbiddenInXml(char16_t c)
{
    return (c < 0x20 && c != u'\t' && c != u'\n' && c != u'\r') || c == 0xFFFE || c == 0xFFFF;
}

class ValueWriter
{
public:
    ValueWriter(QByteArray& out, int maxDepth)
        : m_out(out)
        , m_maxDepth(maxDepth)
    { }

    Status write(const RpcValue& v, int depth)
    {
        if (depth > m_maxDepth)
            return Error {QStringLiteral("values nest deeper than %1 levels").arg(m_maxDepth)};
        m_out += "<value>";
        switch (v.type()) {
        case RpcValue::Type::Nil:
            m_out += "<nil/>";
            break;
        case RpcValue::Type::Bool:
            m_out += v.toBool() ? "<boolean>1</boolean>" : "<boolean>0</boolean>";
            break;
        case RpcValue::Type::Int:
            if (fitsInt32(v.toInt()) && v.tag() != QLatin1String("i8")) {
                m_out += "<int>";
                m_out += QByteArray::number(v.toInt());
                m_out += "</int>";
            } else {
                m_out += "<i8>";
                m_out += QByteArray::number(v.toInt());
                m_out += "</i8>";
            }
            break;
        case RpcValue::Type::BigInt:
            m_out += "<ex:biginteger xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">";
            if (Status s = XmlRpcWriter::appendEscaped(v.toBigInt().digits, m_out); !s)
                return s;
            m_out += "</ex:biginteger>";
            break;
        case RpcValue::Type::Decimal:
            m_out += "<ex:bigdecimal xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">";
            if (Status s = XmlRpcWriter::appendEscaped(v.toDecimal().text, m_out); !s)
                return s;
            m_out += "</ex:bigdecimal>";
            break;
        case RpcValue::Type::Double:
            m_out += "<double>";
            // The one text of a double (rpcscope::formatDouble). NaN and the infinities have no form in the spec;
            // "NaN", "Infinity" and "-Infinity" are what both Python's float() and Java's parseDouble read.
            m_out += formatDouble(v.toDouble());
            m_out += "</double>";
            break;
        case RpcValue::Type::String:
            m_out += "<string>";
            if (Status s = XmlRpcWriter::appendEscaped(v.toString(), m_out); !s)
                return s;
            m_out += "</string>";
            break;
        case RpcValue::Type::Bytes:
            m_out += "<base64>";
            m_out += v.toBytes().toBase64();
            m_out += "</base64>";
            break;
        case RpcValue::Type::DateTime: {
            const RpcDateTime& dt = v.toDateTime();
            m_out += "<dateTime.iso8601>";
            if (dt.text.isEmpty() && dt.msecsSinceEpoch) {
                m_out += xmlrpc::formatDateTime(*dt.msecsSinceEpoch);
            } else if (Status s = XmlRpcWriter::appendEscaped(dt.text, m_out); !s) {
                return s;
            }
            m_out += "</dateTime.iso8601>";
            break;
        }
        case RpcValue::Type::Array:
            m_out += "<array><data>";
            for (const RpcValue& item : v.toArray()) {
                if (Status s = write(item, depth + 1); !s)
                    return s;
            }
            m_out += "</data></array>";
            break;
        case RpcValue::Type::Struct:
            m_out += "<struct>";
            for (const RpcMember& member : v.toStruct()) {
                m_out += "<member><name>";
                if (Status s = XmlRpcWriter::appendEscaped(member.first, m_out); !s)
                    return s;
                m_out += "</name>";
                if (Status s = write(member.second, depth + 1); !s)
                    return s;
                m_out += "</member>";
            }
            m_out += "</struct>";
            break;
        case RpcValue::Type::Map:
            // A struct's member names are strings: a map keyed by anything else has no XML-RPC form.
            m_out += "<struct>";
            for (const RpcMapEntry& e : v.toMap()) {
                if (!e.first.isString())
                    return Error {QStringLiteral("XML-RPC struct members are named by strings; this map has a %1 key")
                                      .arg(e.first.typeName())};
                m_out += "<member><name>";
                if (Status s = XmlRpcWriter::appendEscaped(e.first.toString(), m_out); !s)
                    return s;
                m_out += "</name>";
                if (Status s = write(e.second, depth + 1); !s)
                    return s;
                m_out += "</member>";
            }
            m_out += "</struct>";
            break;
        }
        m_out += "</value>";
        return Done {};
    }

private:
    QByteArray& m_out;
    int m_maxDepth;
};

} // namespace

Status XmlRpcWriter::appendEscaped(QStringView text, QByteArray& out)
{
    qsizetype plainFrom = 0;
    auto flushPlain = [&](qsizetype to) {
        if (to > plainFrom)
            out += text.sliced(plainFrom, to - plainFrom).toUtf8();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        const char* escape = nullptr;
        switch (c) {
        case u'&':
            escape = "&amp;";
            break;
        case u'<':
            escape = "&lt;";
            break;
        case u'>':
            escape = "&gt;";
            break;
        case u'\r':
            // A raw CR would be turned into LF by every XML parser's line-end normalisation.
            escape = "&#13;";
            break;
        default:
            break;
        }
        if (!escape) {
            bool bad = forbiddenInXml(c);
            if (QChar::isHighSurrogate(c)) {
                if (i + 1 < text.size() && QChar::isLowSurrogate(text[i + 1].unicode())) {
                    ++i;
                    continue;
                }
                bad = true;
            } else if (QChar::isLowSurrogate(c)) {
                bad = true;
            }
            if (!bad)
                continue;
            return Error {QStringLiteral("character U+%1 at position %2 cannot be written in XML")
                              .arg(uint(c), 4, 16, QLatin1Char('0'))
                              .arg(i)};
        }
        flushPlain(i);
        out += escape;
        plainFrom = i + 1;
    }
    flushPlain(text.size());
    return Done {};
}

Status XmlRpcWriter::writeValue(const RpcValue& value, QByteArray& out, int maxDepth)
{
    return ValueWriter(out, maxDepth).write(value, 1);
}

Result<QByteArray> XmlRpcWriter::writeCall(const QString& method, const RpcArray& params, int maxDepth)
{
    QByteArray out;
    out.reserve(128);
    out += kDeclaration;
    out += "<methodCall><methodName>";
    if (Status s = appendEscaped(method, out); !s)
        return Error {QStringLiteral("method name: %1").arg(s.error())};
    out += "</methodName><params>";
    for (size_t i = 0; i < params.size(); ++i) {
        out += "<param>";
        if (Status s = writeValue(params[i], out, maxDepth); !s)
            return Error {QStringLiteral("parameter %1: %2").arg(i + 1).arg(s.error())};
        out += "</param>";
    }
    out += "</params></methodCall>\n";
    return out;
}

Result<QByteArray> XmlRpcWriter::writeResponse(const RpcValue& result, int maxDepth)
{
    QByteArray out;
    out.reserve(128);
    out += kDeclaration;
    out += "<methodResponse><params><param>";
    if (Status s = writeValue(result, out, maxDepth); !s)
        return Error {QStringLiteral("result: %1").arg(s.error())};
    out += "</param></params></methodResponse>\n";
    return out;
}

QByteArray XmlRpcWriter::writeFault(const RpcFault& fault)
{
    const RpcValue code = fault.code.isNil() ? RpcValue::fromInt(0) : fault.code;
    QByteArray out;
    out += kDeclaration;
    out += "<methodResponse><fault><value><struct><member><name>faultCode</name>";
    if (!writeValue(code, out, 1))
        out += "<value><int>0</int></value>";
    out += "</member><member><name>faultString</name><value><string>";
    QByteArray text;
    if (!appendEscaped(fault.message, text)) {
        // Keep the fault readable rather than failing to answer: drop what XML cannot carry.
        QString cleaned = fault.message;
        for (QChar& c : cleaned) {
            if (forbiddenInXml(c.unicode()) || c.isSurrogate())
                c = QChar(0xFFFD);
        }
        text.clear();
        appendEscaped(cleaned, text);
    }
    out += text;
    out += "</string></value></member></struct></value></fault></methodResponse>\n";
    return out;
}

QByteArray XmlRpcWriter::writeFault(int code, const QString& message)
{
    return writeFault(RpcFault {RpcValue::fromInt(code), message, {}});
}

} // namespace rpcscope
