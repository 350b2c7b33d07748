#include "depthformats.h"

#include "jrmp/javaserialization.h"
#include "jrmp/javavalues.h"
#include "protocoldecoder.h"
#include "pyro/marshalreader.h"
#include "pyro/msgpackreader.h"
#include "pyro/pickledisassembler.h"
#include "pyro/pyrojsonreader.h"
#include "pyro/serpentparser.h"
#include "xmlrpc/xmlrpcdecoder.h"

#include <QStringList>

namespace rpcscope::test {

namespace {

QString firstProblem(const DecodedMessage& m)
{
    return m.problems.empty() ? QString() : m.problems.front().text;
}

QByteArray httpPost(const QByteArray& body)
{
    return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray xmlCall(const QByteArray& value)
{
    return httpPost("<?xml version=\"1.0\"?><methodCall><methodName>echo</methodName><params><param><value>" + value
                    + "</value></param></params></methodCall>");
}

QString readXmlRpc(const QByteArray& bytes, const DecodeLimits& limits)
{
    DecodeOptions options;
    options.limits = limits;
    DecodeContext context;
    context.options = &options;
    return firstProblem(XmlRpcDecoder().decode(bytes, context));
}

QString readJava(const QByteArray& bytes, const DecodeLimits& limits)
{
    const JavaStream stream = JavaSerializationParser::parse(bytes, 0, limits);
    JavaValueConverter(stream, bytes, limits).values(stream.contents);
    return stream.error;
}

} // namespace

bool xmlRpcDecoderAvailable()
{
    DecodeContext context;
    const DecodedMessage m = XmlRpcDecoder().decode(xmlCall("<int>1</int>"), context);
    return m.method == QLatin1String("echo");
}

std::vector<NestingFormat> nestingFormats()
{
    std::vector<NestingFormat> f;
    f.push_back(
        {QStringLiteral("serpent tuples"),
         [](int d) -> QByteArray {
             return "# serpent utf-8 python3.2\n" + QByteArray(d, '(') + "1" + QByteArray(",)").repeated(d);
         },
         [](const QByteArray& b, const DecodeLimits& l) { return SerpentParser::parse(b, 0, l, nullptr).error; }});
    f.push_back(
        {QStringLiteral("json arrays"), [](int d) -> QByteArray { return QByteArray(d, '[') + QByteArray(d, ']'); },
         [](const QByteArray& b, const DecodeLimits& l) { return PyroJsonReader::parse(b, 0, l, nullptr).error; }});
    f.push_back(
        {QStringLiteral("marshal lists"),
         [](int d) -> QByteArray { return QByteArray("[\x01\x00\x00\x00", 5).repeated(d) + "N"; },
         [](const QByteArray& b, const DecodeLimits& l) { return MarshalReader::parse(b, 0, l, nullptr).error; }});
    f.push_back(
        {QStringLiteral("msgpack arrays"),
         [](int d) -> QByteArray { return QByteArray(d, '\x91') + QByteArray(1, '\xC0'); },
         [](const QByteArray& b, const DecodeLimits& l) { return MsgpackReader::parse(b, 0, l, nullptr).error; }});
    f.push_back(
        {QStringLiteral("pickle TUPLE1 stack"),
         [](int d) -> QByteArray { return QByteArray("\x80\x02N", 3) + QByteArray(d, '\x85') + "."; },
         [](const QByteArray& b, const DecodeLimits& l) { return PickleDisassembler::parse(b, 0, l, nullptr).error; }});
    f.push_back(
        {QStringLiteral("pickle MARK stack"),
         [](int d) -> QByteArray {
             return QByteArray("\x80\x02", 2) + QByteArray(d, '(') + "N" + QByteArray(d, 't') + ".";
         },
         [](const QByteArray& b, const DecodeLimits& l) { return PickleDisassembler::parse(b, 0, l, nullptr).error; }});
    f.push_back({QStringLiteral("Java Object[] in Object[]"),
                 [](int d) -> QByteArray {
                     // The first array writes the class descriptor (handle 0x7E0000); the others refer to it.
                     QByteArray s("\xAC\xED\x00\x05", 4);
                     s += QByteArray("\x75\x72\x00\x13[Ljava.lang.Object;", 23);
                     s += QByteArray("\x90\xCE\x58\x9F\x10\x73\x29\x6C\x02\x00\x00\x78\x70\x00\x00\x00\x01", 17);
                     s += QByteArray("\x75\x71\x00\x7E\x00\x00\x00\x00\x00\x01", 10).repeated(d - 1);
                     s += '\x70';
                     return s;
                 },
                 readJava});
    f.push_back({QStringLiteral("XML-RPC arrays"),
                 [](int d) -> QByteArray {
                     return xmlCall(QByteArray("<array><data><value>").repeated(d) + "<int>1</int>"
                                    + QByteArray("</value></data></array>").repeated(d));
                 },
                 readXmlRpc});
    f.push_back({QStringLiteral("XML-RPC structs"),
                 [](int d) -> QByteArray {
                     return xmlCall(QByteArray("<struct><member><name>a</name><value>").repeated(d) + "<int>1</int>"
                                    + QByteArray("</value></member></struct>").repeated(d));
                 },
                 readXmlRpc});
    return f;
}

} // namespace rpcscope::test
