#pragma once
// Helpers shared by the XML-RPC reader and decoder tests: XML-RPC bodies and HTTP messages as Python writes them,
// text in other encodings, the reader and the decoder run on them, the bytes a node covers, and a one-connection
// stream pipeline.

#include "decoderregistry.h"
#include "testsupport.h"
#include "trafficdecoder.h"
#include "xmlrpc/xmlrpcdecoder.h"
#include "xmlrpc/xmlrpcreader.h"

#include <QStringEncoder>
#include <QStringList>

#include <zlib.h>

#include <memory>
#include <optional>

namespace rpcscope::xmlrpctest {

inline QByteArray callWith(const QByteArray& valueXml)
{
    return "<?xml version='1.0'?>\n<methodCall><methodName>echo</methodName><params><param>" + valueXml
        + "</param></params></methodCall>";
}

struct Read
{
    XmlRpcBody body;
    std::vector<Problem> problems;
    DecodeNode tree;
};

inline Read read(const QByteArray& xml, bool tree = true, DecodeLimits limits = {}, qint64 base = 0)
{
    Read r;
    XmlRpcReadOptions options;
    options.limits = limits;
    options.baseOffset = base;
    r.tree.name = QStringLiteral("body");
    r.body = XmlRpcReader::read(xml, options, r.problems, tree ? &r.tree : nullptr);
    return r;
}

inline RpcValue dateTime(const char* text, std::optional<qint64> msecs)
{
    return RpcValue::fromDateTime(RpcDateTime {QString::fromLatin1(text), msecs});
}

inline RpcValue tagged(RpcValue v, const char* tag)
{
    v.setTag(QString::fromLatin1(tag));
    return v;
}

inline QString problemsText(const std::vector<Problem>& problems)
{
    QStringList out;
    for (const Problem& p : problems)
        out << QStringLiteral("%1 (at byte %2)").arg(p.text).arg(p.offset);
    return out.join(QLatin1Char('\n'));
}

inline const QByteArray kAddBody
    = "<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n<param>\n"
      "<value><int>3</int></value>\n</param>\n<param>\n<value><int>4</int></value>\n</param>\n"
      "</params>\n</methodCall>\n";
inline const QByteArray kSevenBody
    = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>7</int></value>\n"
      "</param>\n</params>\n</methodResponse>\n";

inline QByteArray request(const QByteArray& body, const QByteArray& extraHeaders = {})
{
    return "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept-Encoding: gzip\r\nContent-Type: text/xml\r\n"
           "User-Agent: Python-xmlrpc/3.11\r\n"
        + extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

inline QByteArray response(const QByteArray& body, const QByteArray& version = "HTTP/1.0", const QByteArray& extra = {})
{
    return version
        + " 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nDate: Tue, 24 Nov 2026 00:23:41 GMT\r\n"
          "Content-type: text/xml\r\n"
        + extra + "Content-length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

inline QByteArray faultBody(int code, const QByteArray& text)
{
    return "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n"
           "<value><int>"
        + QByteArray::number(code) + "</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>"
        + text + "</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n";
}

inline QByteArray gzip(const QByteArray& data)
{
    z_stream zs {};
    deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(data.size()))) + 32, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(int(zs.total_out));
    deflateEnd(&zs);
    return out;
}

inline QByteArray requestOfType(const QByteArray& body, const QByteArray& contentType)
{
    return "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// `text` in `encoding` ("UTF-16LE", "EUC-JP"...), with a byte order mark in front when asked.
inline QByteArray encoded(const QString& text, const char* encoding, bool bom = false)
{
    QStringEncoder encoder(encoding, bom ? QStringConverter::Flag::WriteBom : QStringConverter::Flag::Default);
    return encoder.encode(text);
}

inline const QString kEchoCall
    = QStringLiteral("<methodCall><methodName>echo</methodName><params><param><value><string>%1"
                     "</string></value></param></params></methodCall>");

inline DecodedMessage decode(const QByteArray& bytes, Direction dir, const DecodedMessage* req = nullptr,
                             bool tree = true)
{
    DecodeOptions options;
    options.buildTree = tree;
    DecodeContext context;
    context.direction = dir;
    context.options = &options;
    context.request = req;
    return XmlRpcDecoder().decode(bytes, context);
}

// The bytes a node covers in its buffer.
inline QByteArray covered(const DecodedMessage& m, const DecodeNode* n)
{
    if (!n || n->buffer >= int(m.buffers.size()))
        return "<missing>";
    return m.buffers[std::size_t(n->buffer)].mid(n->offset, n->length);
}

// Feeds one connection's segments, in order, through a TrafficDecoder.
struct Pipeline
{
    DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector sink;
    DecodeOptions options;
    std::unique_ptr<TrafficDecoder> traffic;
    double ts = 1000;

    explicit Pipeline(bool startSeen = true)
    {
        traffic = std::make_unique<TrafficDecoder>(registry, options, sink);
        traffic->streamOpened(1, Endpoint {QStringLiteral("127.0.0.1"), 40000},
                              Endpoint {QStringLiteral("127.0.0.1"), 8000}, ts, startSeen);
    }
    Pipeline& send(Direction dir, const QByteArray& bytes)
    {
        ts += 0.001;
        traffic->streamData(1, dir, bytes, ts);
        return *this;
    }
    Pipeline& client(const QByteArray& bytes) { return send(Direction::ClientToServer, bytes); }
    Pipeline& server(const QByteArray& bytes) { return send(Direction::ServerToClient, bytes); }
    std::vector<Call>& finish()
    {
        traffic->streamEnded(1, Direction::ClientToServer, ts, false);
        traffic->streamEnded(1, Direction::ServerToClient, ts, false);
        traffic->streamClosed(1, ts);
        traffic->finishAll(ts);
        return sink.calls;
    }
};

} // namespace rpcscope::xmlrpctest
