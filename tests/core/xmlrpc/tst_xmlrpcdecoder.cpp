// XmlRpcDecoder on HTTP messages (as Python writes them: see docs/wire-formats.md §1) and through the stream
// pipeline: probing by content (UTF-16 and UCS-4 bodies too), call fields, byte ranges in the message and in derived
// buffers (de-chunked, inflated), faults, HTTP errors, 100 Continue, keep-alive, pipelining, multicall sub-calls,
// HTTP/1.0 until-close bodies, garbage and resynchronisation. Bodies in other encodings: tst_xmlrpcencodings.
#include "xmlrpctesting.h"

#include <QTest>

using namespace rpcscope;
using namespace rpcscope::xmlrpctest;

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
