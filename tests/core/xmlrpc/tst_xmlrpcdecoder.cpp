// XmlRpcDecoder on HTTP messages (as Python writes them: see docs/wire-formats.md §1) and through the stream
// pipeline: probing by content, call fields, byte ranges in the message and in derived buffers (de-chunked,
// inflated, converted), faults, HTTP errors, 100 Continue, keep-alive, pipelining, multicall sub-calls, HTTP/1.0
// until-close bodies, garbage and resynchronisation.
#include "decoderregistry.h"
#include "testsupport.h"
#include "trafficdecoder.h"
#include "xmlrpc/xmlrpcdecoder.h"

#include <QStringEncoder>
#include <QTest>

#include <zlib.h>

using namespace rpcscope;

namespace {

const QByteArray kAddBody = "<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n<param>\n"
                            "<value><int>3</int></value>\n</param>\n<param>\n<value><int>4</int></value>\n</param>\n"
                            "</params>\n</methodCall>\n";
const QByteArray kSevenBody
    = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>7</int></value>\n"
      "</param>\n</params>\n</methodResponse>\n";

QByteArray request(const QByteArray& body, const QByteArray& extraHeaders = {})
{
    return "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept-Encoding: gzip\r\nContent-Type: text/xml\r\n"
           "User-Agent: Python-xmlrpc/3.11\r\n"
        + extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray response(const QByteArray& body, const QByteArray& version = "HTTP/1.0", const QByteArray& extra = {})
{
    return version
        + " 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nDate: Tue, 24 Nov 2026 00:23:41 GMT\r\n"
          "Content-type: text/xml\r\n"
        + extra + "Content-length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray faultBody(int code, const QByteArray& text)
{
    return "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n"
           "<value><int>"
        + QByteArray::number(code) + "</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>"
        + text + "</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n";
}

QByteArray gzip(const QByteArray& data)
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

QByteArray requestOfType(const QByteArray& body, const QByteArray& contentType)
{
    return "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// `text` in `encoding` ("UTF-16LE", "EUC-JP"...), with a byte order mark in front when asked.
QByteArray encoded(const QString& text, const char* encoding, bool bom = false)
{
    QStringEncoder encoder(encoding, bom ? QStringConverter::Flag::WriteBom : QStringConverter::Flag::Default);
    return encoder.encode(text);
}

const QString kEchoCall = QStringLiteral("<methodCall><methodName>echo</methodName><params><param><value><string>%1"
                                         "</string></value></param></params></methodCall>");

DecodedMessage decode(const QByteArray& bytes, Direction dir, const DecodedMessage* req = nullptr, bool tree = true)
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
QByteArray covered(const DecodedMessage& m, const DecodeNode* n)
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

} // namespace

class TestXmlRpcDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addRequest()
    {
        const QByteArray bytes = request(kAddBody);
        for (const bool tree : {true, false}) {
            const DecodedMessage m = decode(bytes, Direction::ClientToServer, nullptr, tree);
            QVERIFY(m.problems.empty());
            QCOMPARE(m.kind, MessageKind::Request);
            QCOMPARE(m.method, QStringLiteral("add"));
            QCOMPARE(m.params, RpcValue::fromArray({RpcValue::fromInt(3), RpcValue::fromInt(4)}));
            // The summary is a display string: bulk decoding (no tree) leaves it out.
            QCOMPARE(m.summary, tree ? QStringLiteral("add(3, 4)") : QString());
            QCOMPARE(m.tree.children.empty(), !tree);
        }
        const DecodedMessage m = decode(bytes, Direction::ClientToServer);
        const DecodeNode* three = m.tree.find(u"body/methodCall/params/param[0]/value/int");
        QCOMPARE(covered(m, three), QByteArray("<int>3</int>"));
        QCOMPARE(three->offset, bytes.indexOf("<int>3</int>"));
        QCOMPARE(three->value, QStringLiteral("3"));
        QCOMPARE(covered(m, m.tree.find(u"body/methodCall/params/param[1]/value/int")), QByteArray("<int>4</int>"));
        QCOMPARE(covered(m, m.tree.find(u"http/requestLine")), QByteArray("POST /RPC2 HTTP/1.1"));
        QCOMPARE(covered(m, m.tree.find(u"http/headers/Content-Length")), QByteArray("Content-Length: 187"));
        QCOMPARE(covered(m, m.tree.find(u"body")), kAddBody);
        QCOMPARE(m.tree.find(u"body/methodCall/methodName")->value, QStringLiteral("add"));
    }

    void responses_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("summary");

        QTest::addRow("result 7") << response(kSevenBody) << int(MessageKind::Response) << int(CallStatus::Ok) << "→ 7";
        QTest::addRow("fault") << response(faultBody(42, "no")) << int(MessageKind::Response) << int(CallStatus::Fault)
                               << "fault 42: no";
        QTest::addRow("HTTP 404 from a wrong path")
            << QByteArray("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n") << int(MessageKind::Response)
            << int(CallStatus::Exception) << "HTTP/1.0 404 Not Found";
        QTest::addRow("100 Continue is an event")
            << QByteArray("HTTP/1.1 100 Continue\r\n\r\n") << int(MessageKind::Event) << int(CallStatus::Ok)
            << "HTTP/1.1 100 Continue";
        QTest::addRow("XML that is no XML-RPC")
            << response("<html/>") << int(MessageKind::Response) << int(CallStatus::Malformed) << "→ nil";
    }

    void responses()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, summary);
        const DecodedMessage m = decode(bytes, Direction::ServerToClient);
        QCOMPARE(int(m.kind), kind);
        QCOMPARE(int(m.status), status);
        QCOMPARE(m.summary, summary);
        if (status == int(CallStatus::Ok) && kind == int(MessageKind::Response)) {
            QCOMPARE(m.result, RpcValue::fromInt(7));
            QCOMPARE(covered(m, m.tree.find(u"body/methodResponse/params/param[0]/value/int")),
                     QByteArray("<int>7</int>"));
        }
        if (status == int(CallStatus::Fault)) {
            QCOMPARE(m.fault->code, RpcValue::fromInt(42));
            QCOMPARE(m.fault->message, QStringLiteral("no"));
        }
        if (status == int(CallStatus::Exception))
            QCOMPARE(m.fault->code, RpcValue::fromInt(404));
    }

    void gzipBodyIsABufferOfItsOwn()
    {
        const QByteArray body = faultBody(1, QByteArray(2000, 'x'));
        const QByteArray bytes = response(gzip(body), "HTTP/1.1", "Content-Encoding: gzip\r\n");
        const DecodedMessage m = decode(bytes, Direction::ServerToClient);
        QVERIFY(m.problems.empty());
        QCOMPARE(m.fault->message, QString(2000, QLatin1Char('x')));
        QCOMPARE(m.buffers.size(), std::size_t(2));
        QCOMPARE(m.buffers[1], body);
        const DecodeNode* code = m.tree.findFirst(u"faultCode");
        QVERIFY(code);
        QCOMPARE(code->buffer, 1);
        QVERIFY(covered(m, code).startsWith("<member>\n<name>faultCode</name>"));
        QCOMPARE(covered(m, m.tree.find(u"body/inflated")), body);
    }

    void deflateAndChunkedRequest()
    {
        // A chunked request body whose chunks split the XML mid-tag, deflate-coded (zlib), with a trailer.
        QByteArray zipped;
        {
            uLongf size = compressBound(uLong(kAddBody.size()));
            zipped.resize(int(size));
            compress(reinterpret_cast<Bytef*>(zipped.data()), &size,
                     reinterpret_cast<const Bytef*>(kAddBody.constData()), uLong(kAddBody.size()));
            zipped.resize(int(size));
        }
        const QByteArray first = zipped.left(10);
        const QByteArray rest = zipped.mid(10);
        const QByteArray bytes
            = "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Encoding: deflate\r\n"
              "Transfer-Encoding: chunked\r\n\r\n"
            + QByteArray::number(first.size(), 16) + ";ext=1\r\n" + first + "\r\n" + QByteArray::number(rest.size(), 16)
            + "\r\n" + rest + "\r\n0\r\nX-Checksum: 1\r\n\r\n";
        const DecodedMessage m = decode(bytes, Direction::ClientToServer);
        QVERIFY(m.problems.empty());
        QCOMPARE(m.method, QStringLiteral("add"));
        QCOMPARE(m.params, RpcValue::fromArray({RpcValue::fromInt(3), RpcValue::fromInt(4)}));
        QCOMPARE(m.bufferNames.size(), std::size_t(3));
        const DecodeNode* three = m.tree.findFirst(u"int");
        QCOMPARE(three->buffer, 2);
        QCOMPARE(covered(m, three), QByteArray("<int>3</int>"));
        QCOMPARE(m.tree.find(u"body/trailers/X-Checksum")->value, QStringLiteral("1"));
        QCOMPARE(covered(m, m.tree.find(u"body/chunk[0]/size")), QByteArray("a;ext=1"));
    }

    // Every encoding XML-RPC peers send is read, and every node still covers the bytes as sent (not a UTF-8 copy):
    // the <string> node of a UTF-16 body covers the UTF-16 bytes of `<string>...</string>`.
    void encodings_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("encodingNode");
        QTest::addColumn<QString>("note"); // the one lenient note, or empty
        QTest::addColumn<QByteArray>("wireEncoding"); // for the bytes the <string> node must cover

        const QString japanese = QStringLiteral("\u65e5\u672c\u8a9e \u30c6\u30b9\u30c8");
        const QString mixed = QStringLiteral("h\u00e9llo \u2713 \U0001D11E");
        const QString declared16 = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n") + kEchoCall;
        QTest::addRow("UTF-16LE with a byte order mark")
            << encoded(declared16.arg(mixed), "UTF-16LE", true) << QByteArray("text/xml") << mixed
            << "UTF-16LE (byte order mark)" << QString() << QByteArray("UTF-16LE");
        QTest::addRow("UTF-16BE with a byte order mark")
            << encoded(declared16.arg(mixed), "UTF-16BE", true) << QByteArray("text/xml") << mixed
            << "UTF-16BE (byte order mark)" << QString() << QByteArray("UTF-16BE");
        QTest::addRow("UTF-16LE without a byte order mark")
            << encoded(declared16.arg(japanese), "UTF-16LE") << QByteArray("text/xml") << japanese
            << "UTF-16LE (by its byte pattern)"
            << "UTF-16 body without a byte order mark; XML 1.0 requires one (read as UTF-16LE by its byte pattern)"
            << QByteArray("UTF-16LE");
        QTest::addRow("UTF-16BE without mark or declaration")
            << encoded(kEchoCall.arg(japanese), "UTF-16BE") << QByteArray("text/xml") << japanese
            << "UTF-16BE (by its byte pattern)"
            << "UTF-16 body without a byte order mark; XML 1.0 requires one (read as UTF-16BE by its byte pattern)"
            << QByteArray("UTF-16BE");
        QTest::addRow("EUC-JP declared") << encoded(
            QStringLiteral("<?xml version='1.0' encoding='EUC-JP'?>\n") + kEchoCall.arg(japanese), "EUC-JP")
                                         << QByteArray("text/xml") << japanese << "EUC-JP (XML declaration)"
                                         << QString() << QByteArray("EUC-JP");
        QTest::addRow("Shift_JIS declared") << encoded(
            QStringLiteral("<?xml version='1.0' encoding='Shift_JIS'?>\n") + kEchoCall.arg(japanese), "Shift_JIS")
                                            << QByteArray("text/xml") << japanese << "Shift_JIS (XML declaration)"
                                            << QString() << QByteArray("Shift_JIS");
        const QString euro = QStringLiteral("\u20ac 5, caf\u00e9");
        QTest::addRow("windows-1252 declared") << encoded(
            QStringLiteral("<?xml version='1.0' encoding='windows-1252'?>") + kEchoCall.arg(euro), "windows-1252")
                                               << QByteArray("text/xml") << euro << "windows-1252 (XML declaration)"
                                               << QString() << QByteArray("windows-1252");
        const QString cafe = QStringLiteral("caf\u00e9 cr\u00e8me");
        QTest::addRow("ISO-8859-1 declared") << encoded(
            QStringLiteral("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>") + kEchoCall.arg(cafe), "ISO-8859-1")
                                             << QByteArray("text/xml") << cafe << "ISO-8859-1 (XML declaration)"
                                             << QString() << QByteArray("ISO-8859-1");
        QTest::addRow("ISO-8859-1 from the HTTP charset")
            << encoded(kEchoCall.arg(cafe), "ISO-8859-1") << QByteArray("text/xml; charset=ISO-8859-1") << cafe
            << "ISO-8859-1 (HTTP charset)" << QString() << QByteArray("ISO-8859-1");
        QTest::addRow("quoted HTTP charset")
            << encoded(kEchoCall.arg(cafe), "ISO-8859-1") << QByteArray("text/xml;charset=\"latin1\"") << cafe
            << "ISO-8859-1 (HTTP charset)" << QString() << QByteArray("ISO-8859-1");
        QTest::addRow("HTTP charset over the declaration (RFC 7303)")
            << encoded(QStringLiteral("<?xml version='1.0' encoding='utf-8'?>") + kEchoCall.arg(cafe), "ISO-8859-1")
            << QByteArray("text/xml; charset=iso-8859-1") << cafe << "ISO-8859-1 (HTTP charset)"
            << "the HTTP charset names iso-8859-1 and the XML declaration utf-8; read as iso-8859-1, as RFC 7303 says "
               "(Python's xmlrpc.client follows the declaration)"
            << QByteArray("ISO-8859-1");
        QTest::addRow("UTF-8 with a byte order mark")
            << encoded(kEchoCall.arg(mixed), "UTF-8", true) << QByteArray("text/xml") << mixed
            << "UTF-8 (byte order mark)" << QString() << QByteArray("UTF-8");
        QTest::addRow("UTF-16 declared on single bytes")
            << encoded(declared16.arg(cafe), "UTF-8") << QByteArray("text/xml") << cafe << "UTF-8 (by its byte pattern)"
            << "the XML declaration names utf-16, but the body's characters are single bytes (\"<\" is one byte); read "
               "as UTF-8"
            << QByteArray("UTF-8");
    }

    void encodings()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, value);
        QFETCH(QString, encodingNode);
        QFETCH(QString, note);
        QFETCH(QByteArray, wireEncoding);
        const QByteArray bytes = requestOfType(body, contentType);
        for (const bool tree : {true, false}) {
            const DecodedMessage m = decode(bytes, Direction::ClientToServer, nullptr, tree);
            QCOMPARE(m.status, CallStatus::Ok);
            QCOMPARE(m.method, QStringLiteral("echo"));
            QCOMPARE(m.params, RpcValue::fromArray({RpcValue::fromString(value)}));
            QCOMPARE(m.problems.size(), note.isEmpty() ? std::size_t(0) : std::size_t(1));
            if (!note.isEmpty()) {
                QCOMPARE(m.problems.front().kind, Problem::Kind::Lenient);
                QCOMPARE(m.problems.front().text, note);
            }
            // Node ranges are in the message as sent; no UTF-8 copy is added.
            QCOMPARE(m.buffers.size(), std::size_t(1));
            if (!tree)
                continue;
            QCOMPARE(m.tree.find(u"body/encoding")->value, encodingNode);
            const DecodeNode* string = m.tree.findFirst(u"string");
            QVERIFY(string);
            QCOMPARE(covered(m, string),
                     encoded(QStringLiteral("<string>%1</string>").arg(value), wireEncoding.constData()));
            const DecodeNode* call = m.tree.find(u"body/methodCall");
            QCOMPARE(call->offset + call->length, bytes.size());
            QCOMPARE(covered(m, call), encoded(kEchoCall.arg(value), wireEncoding.constData()));
        }
    }

    // Bodies that cannot be read say why and where, as a malformed message; nothing is dropped or shown as if fine.
    void unreadableBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("problem");
        QTest::addColumn<qint64>("at"); // offset in the body
        QTest::addColumn<qint64>("length"); // of the error node
        QTest::addColumn<QString>("shown"); // the parameter still read, or empty when nothing can be read

        const QString cafe = QStringLiteral("caf\u00e9");
        QTest::addRow("UCS-4 big-endian with a byte order mark")
            << encoded(kEchoCall.arg(cafe), "UTF-32BE", true) << QByteArray("text/xml")
            << "the body is UCS-4 (UTF-32BE) (byte order mark), which is not read: XML requires only UTF-8 and UTF-16, "
               "and XML-RPC peers (Python's expat) refuse UCS-4 too"
            << qint64(0) << qint64(4) << QString();
        QTest::addRow("UCS-4 little-endian without a mark")
            << encoded(kEchoCall.arg(cafe), "UTF-32LE") << QByteArray("text/xml")
            << "the body is UCS-4 (UTF-32LE) (by its byte pattern), which is not read: XML requires only UTF-8 and "
               "UTF-16, and XML-RPC peers (Python's expat) refuse UCS-4 too"
            << qint64(0) << qint64(4) << QString();
        QTest::addRow("an encoding Qt does not know")
            << QByteArray("<?xml version='1.0' encoding='x-rpcscope-none'?>")
                + kEchoCall.arg(QStringLiteral("a")).toUtf8()
            << QByteArray("text/xml")
            << "the body's encoding \"x-rpcscope-none\" (XML declaration) is not known here; the body is not read"
            << qint64(0) << qint64(4) << QString();
        QTest::addRow("EBCDIC") << QByteArray("\x4C\x6F\xA7\x94\x93\x40") << QByteArray("text/xml")
                                << "the body is EBCDIC (it starts with \"<?xm\" in EBCDIC), which is not read"
                                << qint64(0) << qint64(4) << QString();
        const QByteArray latin1 = encoded(kEchoCall.arg(cafe), "ISO-8859-1");
        QTest::addRow("Latin-1 that names no encoding")
            << latin1 << QByteArray("text/xml")
            << "invalid UTF-8 (0xE9) in a body that names no encoding, which XML reads as UTF-8"
            << qint64(latin1.indexOf('\xE9')) << qint64(1) << QStringLiteral("caf\ufffd");
        const QByteArray eucjp = encoded(kEchoCall.arg(QStringLiteral("\u65e5\u672c")), "EUC-JP");
        QTest::addRow("EUC-JP that names no encoding")
            << eucjp << QByteArray("text/xml")
            << "invalid UTF-8 (0xC6) in a body that names no encoding, which XML reads as UTF-8; 4 invalid places in "
               "all"
            << qint64(eucjp.indexOf('\xC6')) << qint64(1) << QStringLiteral("\ufffd\ufffd\ufffd\ufffd");
        QTest::addRow("UTF-8 named, Latin-1 sent")
            << QByteArray("<?xml version='1.0' encoding='UTF-8'?>") + latin1 << QByteArray("text/xml")
            << "invalid UTF-8 (0xE9) in a body read as UTF-8 (XML declaration)" << qint64(38 + latin1.indexOf('\xE9'))
            << qint64(1) << QStringLiteral("caf\ufffd");
        QByteArray badEucJp = QByteArray("<?xml version='1.0' encoding='EUC-JP'?>") + latin1;
        QTest::addRow("bytes that are no EUC-JP")
            << badEucJp << QByteArray("text/xml") << "invalid EUC-JP (0xE9) in a body read as EUC-JP (XML declaration)"
            << qint64(badEucJp.indexOf('\xE9')) << qint64(1) << QStringLiteral("caf\ufffd");
        QByteArray surrogate = encoded(kEchoCall.arg(QStringLiteral("ab")), "UTF-16LE", true);
        const qint64 b = surrogate.indexOf(QByteArray("b\0", 2));
        surrogate[b] = '\x00';
        surrogate[b + 1] = '\xD8';
        QTest::addRow("UTF-16 with an unpaired surrogate")
            << surrogate << QByteArray("text/xml")
            << "invalid UTF-16LE (an unpaired surrogate 0xD800) in a body read as UTF-16LE (byte order mark)" << b
            << qint64(2) << QStringLiteral("a\ufffd");
        const QByteArray odd = encoded(kEchoCall.arg(QStringLiteral("ab")), "UTF-16BE", true) + '\n';
        QTest::addRow("UTF-16 with an odd byte at the end")
            << odd << QByteArray("text/xml")
            << "invalid UTF-16BE (a last byte that is half a character) in a body read as UTF-16BE (byte order mark)"
            << qint64(odd.size() - 1) << qint64(1) << QStringLiteral("ab");
    }

    void unreadableBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, problem);
        QFETCH(qint64, at);
        QFETCH(qint64, length);
        QFETCH(QString, shown);
        const QByteArray bytes = requestOfType(body, contentType);
        const qint64 bodyStart = bytes.size() - body.size();
        for (const bool tree : {true, false}) {
            const DecodedMessage m = decode(bytes, Direction::ClientToServer, nullptr, tree);
            QCOMPARE(m.status, CallStatus::Malformed);
            QVERIFY(!m.problems.empty());
            QCOMPARE(m.problems.front().kind, Problem::Kind::Malformed);
            QCOMPARE(m.problems.front().text, problem);
            QCOMPARE(m.problems.front().offset, bodyStart + at);
            if (shown.isEmpty())
                QVERIFY2(m.params.toArray().empty(), qPrintable(m.params.toDisplayString()));
            else
                QCOMPARE(m.params, RpcValue::fromArray({RpcValue::fromString(shown)}));
            if (tree) {
                const DecodeNode* error = m.tree.findFirst(u"malformed");
                QVERIFY(error);
                QCOMPARE(error->offset, bodyStart + at);
                QCOMPARE(error->length, length);
                QCOMPARE(covered(m, error), body.mid(at, length));
                QCOMPARE(covered(m, m.tree.find(u"body")), body);
            }
        }
    }

    void malformedBodies_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");

        QTest::addRow("XML cut short") << request(kAddBody.left(kAddBody.indexOf("</params>")))
                                       << "malformed XML: the document ends before all its elements are closed";
        QTest::addRow("XML cut inside a tag")
            << request(kAddBody.left(kAddBody.indexOf("<int>4") + 3)) << "malformed XML: bad start tag";
        QTest::addRow("body shorter than Content-Length")
            << request(kAddBody).chopped(20) << "the body is incomplete: 167 of 187 bytes";
        QTest::addRow("GET") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                             << "not an XML-RPC call: GET request (XML-RPC calls are POST)";
        QTest::addRow("no body") << QByteArray("POST /RPC2 HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                                 << "the HTTP message has no body; XML-RPC needs an XML document";
        QTest::addRow("bad gzip") << request("garbage that is not gzip", "Content-Encoding: gzip\r\n")
                                  << "corrupt gzip data: incorrect header check";
    }

    void malformedBodies()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        const DecodedMessage m = decode(bytes, Direction::ClientToServer);
        QCOMPARE(m.status, CallStatus::Malformed);
        QVERIFY(!m.problems.empty());
        QCOMPARE(m.problems.front().text, problem);
        QVERIFY(m.tree.hasError());
    }

    void probe_data()
    {
        QTest::addColumn<QByteArray>("client");
        QTest::addColumn<QByteArray>("server");
        QTest::addColumn<bool>("startSeen");
        QTest::addColumn<int>("confidence");
        QTest::addColumn<bool>("needMore");
        QTest::addColumn<bool>("swap");

        QTest::addRow("a call") << request(kAddBody) << QByteArray() << true << 95 << false << false;
        QTest::addRow("head without body yet")
            << request(kAddBody).chopped(187) << QByteArray() << true << 0 << true << false;
        QTest::addRow("half a request line") << QByteArray("POST /RP") << QByteArray() << true << 0 << true << false;
        QTest::addRow("a GET is not XML-RPC")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << QByteArray() << true << 0 << false << false;
        QTest::addRow("a POST of JSON is not XML-RPC")
            << QByteArray("POST /api HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}") << QByteArray() << true << 0 << false
            << false;
        QTest::addRow("SOAP is not XML-RPC") << request("<?xml version='1.0'?><soap:Envelope xmlns:soap='x'/>")
                                             << QByteArray() << true << 0 << false << false;
        QTest::addRow("Pyro4 is not XML-RPC")
            << QByteArray("PYRO\x00\x30\x00\x01", 8) << QByteArray() << true << 0 << false << false;
        QTest::addRow("only the response was captured")
            << QByteArray() << response(kSevenBody) << false << 90 << false << false;
        QTest::addRow("roles swapped") << response(kSevenBody) << QByteArray() << false << 85 << false << true;
        QTest::addRow("mid-stream start")
            << kAddBody.mid(50) + request(kAddBody) << QByteArray() << false << 85 << false << false;
        QTest::addRow("a UTF-16 call") << requestOfType(encoded(kEchoCall.arg(QStringLiteral("x")), "UTF-16LE", true),
                                                        "text/xml")
                                       << QByteArray() << true << 95 << false << false;
        QTest::addRow("a UTF-16 call without a mark")
            << requestOfType(encoded(kEchoCall.arg(QStringLiteral("x")), "UTF-16BE"), "text/xml") << QByteArray()
            << true << 95 << false << false;
        QTest::addRow("a UCS-4 call (recognised, then refused)")
            << requestOfType(encoded(kEchoCall.arg(QStringLiteral("x")), "UTF-32BE", true), "text/xml") << QByteArray()
            << true << 95 << false << false;
        QTest::addRow("a UTF-16 response")
            << QByteArray() << response(encoded(QString::fromLatin1(kSevenBody), "UTF-16LE", true)) << false << 90
            << false << false;
        QTest::addRow("an unreadable body said to be XML")
            << requestOfType("\x4C\x6F\xA7\x94", "text/xml") << QByteArray() << true << 50 << false << false;
        QTest::addRow("a gzipped XML call")
            << request("\x1f\x8b...", "Content-Encoding: gzip\r\n") << QByteArray() << true << 50 << false << false;
    }

    void probe()
    {
        QFETCH(QByteArray, client);
        QFETCH(QByteArray, server);
        QFETCH(bool, startSeen);
        QFETCH(int, confidence);
        QFETCH(bool, needMore);
        QFETCH(bool, swap);
        ProbeInput input;
        input.client = client;
        input.server = server;
        input.startSeen = startSeen;
        input.serverPort = 80;
        const ProbeResult r = XmlRpcDecoder().probe(input);
        QCOMPARE(r.confidence, confidence);
        QCOMPARE(r.needMoreData, needMore);
        QCOMPARE(r.swapRoles, swap);
    }

    void keepAliveCallsInOrder()
    {
        // Python's client on an HTTP/1.1 server: head and body in separate segments, one call after the other.
        const QByteArray add = request(kAddBody);
        Pipeline p;
        p.client(add.left(add.indexOf("\r\n\r\n") + 4)).client(kAddBody);
        p.server(response(kSevenBody, "HTTP/1.1"));
        p.client(request(QByteArray(kAddBody).replace("<int>3</int>", "<int>1</int>")));
        p.server(response(faultBody(3, "nope"), "HTTP/1.1"));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(2));
        QCOMPARE(calls[0].method(), QStringLiteral("add"));
        QCOMPARE(calls[0].status, CallStatus::Ok);
        QCOMPARE(calls[0].result(), RpcValue::fromInt(7));
        QVERIFY(calls[0].latencyMs().has_value());
        QCOMPARE(calls[1].status, CallStatus::Fault);
        QCOMPARE(calls[1].params(), RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::fromInt(4)}));
        QCOMPARE(calls[1].fault()->message, QStringLiteral("nope"));
    }

    // A UTF-16 call does not take the rest of its connection down with it.
    void utf16CallOnAKeptAliveConnection()
    {
        const QString body = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n")
            + kEchoCall.arg(QStringLiteral("\u00e9t\u00e9"));
        Pipeline p;
        p.client(requestOfType(encoded(body, "UTF-16LE", true), "text/xml; charset=utf-16"));
        p.server(response(kSevenBody, "HTTP/1.1"));
        p.client(request(kAddBody)).server(response(kSevenBody, "HTTP/1.1"));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(2));
        QCOMPARE(calls[0].method(), QStringLiteral("echo"));
        QCOMPARE(calls[0].params(), RpcValue::fromArray({RpcValue::fromString(QStringLiteral("\u00e9t\u00e9"))}));
        QCOMPARE(calls[0].status, CallStatus::Ok);
        QCOMPARE(calls[0].result(), RpcValue::fromInt(7));
        QCOMPARE(calls[1].method(), QStringLiteral("add"));
        QCOMPARE(calls[1].result(), RpcValue::fromInt(7));
    }

    // A refused body is still a call, with its reason, and its reply pairs with it.
    void ucs4CallIsShownWithItsReason()
    {
        Pipeline p;
        p.client(requestOfType(encoded(kEchoCall.arg(QStringLiteral("x")), "UTF-32BE", true), "text/xml"));
        p.server(response(faultBody(1, "&lt;class 'xml.parsers.expat.ExpatError'&gt;:not well-formed"), "HTTP/1.1"));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(1));
        QCOMPARE(calls[0].status, CallStatus::Malformed);
        QVERIFY2(calls[0].notes.join(QLatin1Char('\n')).contains(QStringLiteral("UCS-4 (UTF-32BE)")),
                 qPrintable(calls[0].notes.join(QLatin1Char('\n'))));
        QCOMPARE(calls[0].fault()->code, RpcValue::fromInt(1));
    }

    void pipelinedRequestsPairInOrder()
    {
        QByteArray second = kAddBody;
        second.replace("add", "mul");
        Pipeline p;
        p.client(request(kAddBody) + request(second));
        const QByteArray both = response(kSevenBody, "HTTP/1.1") + response(faultBody(9, "x"), "HTTP/1.1");
        p.server(both.left(100)).server(both.mid(100));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(2));
        QCOMPARE(calls[0].method(), QStringLiteral("add"));
        QCOMPARE(calls[0].result(), RpcValue::fromInt(7));
        QCOMPARE(calls[1].method(), QStringLiteral("mul"));
        QCOMPARE(calls[1].status, CallStatus::Fault);
    }

    void expect100Continue()
    {
        const QByteArray req = request(kAddBody, "Expect: 100-continue\r\n");
        Pipeline p;
        p.client(req.left(req.indexOf("\r\n\r\n") + 4));
        p.server("HTTP/1.1 100 Continue\r\n\r\n");
        p.client(kAddBody);
        p.server(response(kSevenBody, "HTTP/1.1"));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(1));
        QCOMPARE(calls[0].status, CallStatus::Ok);
        QCOMPARE(calls[0].result(), RpcValue::fromInt(7));
    }

    void http10ResponseUntilClose()
    {
        Pipeline p;
        p.client(request(kAddBody));
        p.server("HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n" + kSevenBody.left(50)).server(kSevenBody.mid(50));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(1));
        QCOMPARE(calls[0].status, CallStatus::Ok);
        QCOMPARE(calls[0].result(), RpcValue::fromInt(7));
    }

    void multicallSubCalls()
    {
        const QByteArray call
            = "<?xml version='1.0'?>\n<methodCall>\n<methodName>system.multicall</methodName>\n<params>\n<param>\n"
              "<value><array><data>\n<value><struct>\n<member>\n<name>methodName</name>\n<value><string>add</string>"
              "</value>\n</member>\n<member>\n<name>params</name>\n<value><array><data>\n<value><int>1</int></value>\n"
              "<value><int>2</int></value>\n</data></array></value>\n</member>\n</struct></value>\n<value><struct>\n"
              "<member>\n<name>methodName</name>\n<value><string>fail</string></value>\n</member>\n<member>\n"
              "<name>params</name>\n<value><array><data>\n</data></array></value>\n</member>\n</struct></value>\n"
              "</data></array></value>\n</param>\n</params>\n</methodCall>\n";
        const QByteArray reply
            = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><array><data>\n"
              "<value><int>3</int></value>\n</data></array></value>\n<value><struct>\n<member>\n<name>faultCode</"
              "name>\n"
              "<value><int>7</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>batch fault"
              "</string></value>\n</member>\n</struct></value>\n</data></array></value>\n</param>\n</params>\n"
              "</methodResponse>\n";
        Pipeline p;
        p.client(request(call)).server(response(reply));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(1));
        QCOMPARE(calls[0].status, CallStatus::Ok);
        QCOMPARE(calls[0].subCalls.size(), std::size_t(2));
        const SubCall& add = calls[0].subCalls[0];
        QCOMPARE(add.method, QStringLiteral("add"));
        QCOMPARE(add.params, RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::fromInt(2)}));
        QCOMPARE(add.status, CallStatus::Ok);
        QCOMPARE(add.result, RpcValue::fromInt(3));
        const SubCall& fail = calls[0].subCalls[1];
        QCOMPARE(fail.method, QStringLiteral("fail"));
        QCOMPARE(fail.status, CallStatus::Fault);
        QCOMPARE(fail.fault->code, RpcValue::fromInt(7));
        QCOMPARE(fail.fault->message, QStringLiteral("batch fault"));
    }

    void garbageBetweenCallsIsSkipped()
    {
        Pipeline p;
        p.client(request(kAddBody)).server(response(kSevenBody, "HTTP/1.1"));
        p.client("\x01\x02 this is not HTTP\r\n");
        p.client(request(kAddBody)).server(response(kSevenBody, "HTTP/1.1"));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(3));
        int ok = 0;
        int malformed = 0;
        for (const Call& c : calls) {
            ok += c.status == CallStatus::Ok && c.result() == RpcValue::fromInt(7);
            malformed += c.status == CallStatus::Malformed;
        }
        QCOMPARE(ok, 2);
        QCOMPARE(malformed, 1);
    }

    void midStreamCaptureResyncs()
    {
        Pipeline p(false);
        p.client(kAddBody.mid(60));
        p.server(kSevenBody.mid(30));
        p.client(request(kAddBody)).server(response(kSevenBody, "HTTP/1.1"));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(1));
        QCOMPARE(calls[0].method(), QStringLiteral("add"));
        QCOMPARE(calls[0].result(), RpcValue::fromInt(7));
    }

    void gapInsideARequest()
    {
        // Bytes lost from the capture in the middle of the second request: that call is incomplete (malformed, with
        // the reason), its reply still pairs with it, and the decoder picks up again at the next request line.
        const QByteArray add = request(kAddBody);
        Pipeline p;
        p.client(add).server(response(kSevenBody, "HTTP/1.1"));
        p.client(add.left(150));
        p.traffic->streamGap(1, Direction::ClientToServer, 40, p.ts);
        p.client(add.mid(190));
        p.server(response(kSevenBody, "HTTP/1.1"));
        p.client(add).server(response(kSevenBody, "HTTP/1.1"));
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(3));
        QCOMPARE(calls[0].status, CallStatus::Ok);
        QCOMPARE(calls[1].status, CallStatus::Malformed);
        QVERIFY2(calls[1].notes.join(QLatin1Char('\n')).contains(QStringLiteral("40 bytes missing from the capture")),
                 qPrintable(calls[1].notes.join(QLatin1Char('\n'))));
        QCOMPARE(calls[2].status, CallStatus::Ok);
        QCOMPARE(calls[2].method(), QStringLiteral("add"));
        QCOMPARE(calls[2].result(), RpcValue::fromInt(7));
    }

    void encodeRoundTrip()
    {
        DecodedMessage call;
        call.kind = MessageKind::Request;
        call.method = QStringLiteral("echo");
        call.params = RpcValue::fromArray({RpcValue::fromString(QStringLiteral("s<&>")), RpcValue::fromInt(-3),
                                           RpcValue::fromStruct({{QStringLiteral("k"), RpcValue()}})});
        const Result<QByteArray> request
            = XmlRpcDecoder().encode(call, {{QStringLiteral("path"), QStringLiteral("/")}});
        QVERIFY(request);
        QVERIFY(request->startsWith("POST / HTTP/1.1\r\n"));
        const DecodedMessage back = decode(*request, Direction::ClientToServer);
        QVERIFY(back.problems.empty());
        QCOMPARE(back.method, call.method);
        QCOMPARE(back.params, call.params);

        DecodedMessage fault;
        fault.kind = MessageKind::Response;
        fault.fault = RpcFault {RpcValue::fromInt(4), QStringLiteral("too many parameters"), {}};
        const Result<QByteArray> reply = XmlRpcDecoder().encode(fault, {});
        QVERIFY(reply);
        const DecodedMessage faultBack = decode(*reply, Direction::ServerToClient);
        QCOMPARE(faultBack.status, CallStatus::Fault);
        QCOMPARE(faultBack.fault->code, RpcValue::fromInt(4));
        QCOMPARE(faultBack.fault->message, QStringLiteral("too many parameters"));

        DecodedMessage nameless;
        nameless.kind = MessageKind::Request;
        QVERIFY(!XmlRpcDecoder().encode(nameless, {}));
    }

    void headerLimitStopsCleanly()
    {
        Pipeline p;
        p.client(request(kAddBody)).server(response(kSevenBody, "HTTP/1.1"));
        p.client("POST /RPC2 HTTP/1.1\r\nX-Big: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n");
        const std::vector<Call>& calls = p.finish();
        QCOMPARE(calls.size(), std::size_t(2));
        QCOMPARE(calls[0].status, CallStatus::Ok);
        QCOMPARE(calls[1].status, CallStatus::Malformed);
        QVERIFY2(calls[1]
                     .notes.join(QLatin1Char('\n'))
                     .contains(QStringLiteral("HTTP header block exceeds the limit of "
                                              "65536 bytes")),
                 qPrintable(calls[1].notes.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestXmlRpcDecoder)
#include "tst_xmlrpcdecoder.moc"
