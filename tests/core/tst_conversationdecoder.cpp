// The stream pipeline (detection, framing, pairing, gaps, resync, ordering) checked with a tiny line protocol that
// exists only in this test, so that the pipeline's own logic is pinned down independently of any real decoder:
//   client: "REQ <method>"  "REQK <key> <method>"  "ONEWAY <method>"
//   server: "RES <value>"   "RESK <key> <value>"   "ERR <message>"   "NOTE <text>" (an event)
#include "decoderregistry.h"
#include "objectnames.h"
#include "orderedcallemitter.h"
#include "trafficdecoder.h"

#include <QTest>

#include <algorithm>
#include <stdexcept>

using namespace rpcscope;

namespace {

class LineFramer : public StreamFramer
{
public:
    FrameCut cut(Direction, QByteArrayView pending, const FrameHints&) override
    {
        const qsizetype nl = pending.indexOf('\n');
        if (nl >= 0)
            return FrameCut::message(nl + 1);
        if (pending.size() > 100)
            return FrameCut::skip(pending.size(), QStringLiteral("line longer than 100 bytes"));
        return FrameCut::needMore();
    }
    qint64 resync(Direction, QByteArrayView pending) override
    {
        for (const char* word : {"REQ", "RES", "ERR", "ONEWAY"}) {
            if (pending.startsWith(word))
                return 0;
        }
        const qsizetype nl = pending.indexOf('\n');
        return nl < 0 ? -1 : nl + 1;
    }
};

class LineDecoder : public ProtocolDecoder
{
public:
    QString id() const override { return QStringLiteral("line"); }
    QString displayName() const override { return QStringLiteral("Line"); }
    ProbeResult probe(const ProbeInput& in) const override
    {
        if (in.client.startsWith("REQ") || in.client.startsWith("ONEWAY"))
            return {100, false, false};
        if (in.client.startsWith("RES"))
            return in.server.startsWith("REQ") ? ProbeResult {90, false, true} : ProbeResult {0, true, false};
        if (!in.startSeen && QByteArrayView(in.client).indexOf("\nREQ") >= 0)
            return {80, false, false};
        if (in.client.size() < 3)
            return {0, true, false};
        return {};
    }
    std::unique_ptr<StreamFramer> createFramer() const override { return std::make_unique<LineFramer>(); }
    DecodedMessage decode(const QByteArray& bytes, const DecodeContext& ctx) const override
    {
        DecodedMessage m;
        m.buffers.push_back(bytes);
        QByteArray line = bytes;
        if (line.endsWith('\n'))
            line.chop(1);
        const QList<QByteArray> words = line.split(' ');
        const QByteArray verb = words.value(0);
        if (verb == "REQ" && words.value(1) == "boom")
            throw std::runtime_error("boom");
        if (verb == "REQ" || verb == "ONEWAY") {
            m.kind = MessageKind::Request;
            m.method = QString::fromLatin1(words.value(1));
            m.expectsReply = verb == "REQ";
        } else if (verb == "REQK") {
            m.kind = MessageKind::Request;
            m.pairKey = words.value(1).toUInt();
            m.method = QString::fromLatin1(words.value(2));
        } else if (verb == "RES") {
            m.kind = MessageKind::Response;
            m.result = RpcValue::fromString(QString::fromLatin1(words.value(1)));
        } else if (verb == "RESK") {
            m.kind = MessageKind::Response;
            m.pairKey = words.value(1).toUInt();
            m.result = RpcValue::fromString(QString::fromLatin1(words.value(2)));
        } else if (verb == "ERR") {
            m.kind = MessageKind::Response;
            m.status = CallStatus::Fault;
            m.fault = RpcFault {RpcValue::fromInt(1), QString::fromLatin1(words.value(1)), {}};
        } else if (verb == "NOTE") {
            m.kind = MessageKind::Event;
        } else {
            m.kind = ctx.direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response;
            m.addProblem(QStringLiteral("unknown verb"), 0);
        }
        return m;
    }
};

class Collector : public CallSink
{
public:
    void callStarted(const Call& call) override { started.push_back(call.id); }
    void callFinished(Call&& call) override { calls.push_back(std::move(call)); }
    std::vector<quint64> started;
    std::vector<Call> calls;
};

struct Fixture
{
    Fixture()
        : decoder(registry(), DecodeOptions {false, {}, {}}, sink)
    { }
    static const DecoderRegistry& registry()
    {
        static const DecoderRegistry r = [] {
            DecoderRegistry reg;
            reg.add(std::make_shared<LineDecoder>());
            return reg;
        }();
        return r;
    }
    void open(quint64 id = 1, bool startSeen = true)
    {
        decoder.streamOpened(id, Endpoint {QStringLiteral("10.0.0.1"), 40000},
                             Endpoint {QStringLiteral("10.0.0.2"), 80}, 0.0, startSeen);
    }
    void client(QByteArrayView data, double ts, quint64 id = 1)
    {
        decoder.streamData(id, Direction::ClientToServer, data, ts);
    }
    void server(QByteArrayView data, double ts, quint64 id = 1)
    {
        decoder.streamData(id, Direction::ServerToClient, data, ts);
    }
    Collector sink;
    TrafficDecoder decoder;
};

} // namespace

class TestConversationDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pairsFifoWithLatency();
    void pairsByKeyOutOfOrder();
    void onewayAndFault();
    void noReplyWhenConnectionEnds();
    void framesAcrossAndWithinChunks();
    void gapMarksMessageIncompleteAndResyncs();
    void midStreamStartResyncs();
    void swapsRolesWhenProbeSaysSo();
    void ignoresUnknownProtocol();
    void skippedBytesBecomeMalformedCall();
    void failingDecoderIsIsolated();
    void truncatedAtEndOfStream();
    void expiresUnansweredRequests();
    void orderedEmitterFollowsRequestOrder();
    void predecodedRequestTeachesObjectNames();
};

void TestConversationDecoder::pairsFifoWithLatency()
{
    Fixture f;
    f.open();
    f.client("REQ add\n", 1.0);
    QCOMPARE(f.sink.started.size(), std::size_t(1));
    QCOMPARE(f.sink.calls.size(), std::size_t(0));
    f.server("RES 7\n", 1.5);
    QCOMPARE(f.sink.calls.size(), std::size_t(1));
    const Call& c = f.sink.calls[0];
    QCOMPARE(c.id, quint64(1));
    QCOMPARE(c.method(), QStringLiteral("add"));
    QCOMPARE(c.result().toString(), QStringLiteral("7"));
    QCOMPARE(c.status, CallStatus::Ok);
    QCOMPARE(c.start(), 1.0);
    QCOMPARE(*c.latencyMs(), 500.0);
    QCOMPARE(c.client.toString(), QStringLiteral("10.0.0.1:40000"));
    QCOMPARE(c.server.toString(), QStringLiteral("10.0.0.2:80"));
    QCOMPARE(c.protocol, QStringLiteral("line"));
    QCOMPARE(c.requestSize(), 8);
    QCOMPARE(f.decoder.stats().connectionsByProtocol.value(QStringLiteral("line")), 1);
}

void TestConversationDecoder::pairsByKeyOutOfOrder()
{
    Fixture f;
    f.open();
    f.client("REQK 1 a\nREQK 2 b\n", 1.0);
    f.server("RESK 2 y\n", 2.0);
    f.server("RESK 1 x\n", 3.0);
    QCOMPARE(f.sink.calls.size(), std::size_t(2));
    QCOMPARE(f.sink.calls[0].method(), QStringLiteral("b"));
    QCOMPARE(f.sink.calls[0].result().toString(), QStringLiteral("y"));
    QCOMPARE(f.sink.calls[1].method(), QStringLiteral("a"));
    QCOMPARE(f.sink.calls[1].result().toString(), QStringLiteral("x"));
    QCOMPARE(f.sink.calls[1].id, quint64(1));
}

void TestConversationDecoder::onewayAndFault()
{
    Fixture f;
    f.open();
    f.client("ONEWAY ping\n", 1.0);
    QCOMPARE(f.sink.calls.size(), std::size_t(1));
    QCOMPARE(f.sink.calls[0].status, CallStatus::Ok);
    QVERIFY(!f.sink.calls[0].response);
    f.client("REQ div\n", 2.0);
    f.server("ERR zero\n", 2.1);
    QCOMPARE(f.sink.calls.size(), std::size_t(2));
    QCOMPARE(f.sink.calls[1].status, CallStatus::Fault);
    QCOMPARE(f.sink.calls[1].fault()->message, QStringLiteral("zero"));
}

void TestConversationDecoder::noReplyWhenConnectionEnds()
{
    Fixture f;
    f.open();
    f.client("REQ slow\n", 1.0);
    f.decoder.streamClosed(1, 5.0);
    QCOMPARE(f.sink.calls.size(), std::size_t(1));
    QCOMPARE(f.sink.calls[0].status, CallStatus::NoReply);
    QVERIFY(!f.sink.calls[0].latencyMs());
    QCOMPARE(f.decoder.openConnections(), 0);
}

void TestConversationDecoder::framesAcrossAndWithinChunks()
{
    Fixture f;
    f.open();
    f.client("RE", 1.0);
    f.client("Q a\nREQ b\nREQ", 2.0);
    f.client(" c\n", 3.0);
    f.server("RES 1\nRES 2\nRES 3\n", 4.0);
    QCOMPARE(f.sink.calls.size(), std::size_t(3));
    QCOMPARE(f.sink.calls[0].method(), QStringLiteral("a"));
    QCOMPARE(f.sink.calls[0].start(), 1.0); // first byte arrived in the first chunk
    QCOMPARE(f.sink.calls[0].request->lastSeen, 2.0);
    QCOMPARE(f.sink.calls[2].method(), QStringLiteral("c"));
    QCOMPARE(f.sink.calls[2].start(), 2.0);
    QCOMPARE(f.sink.calls[2].request->lastSeen, 3.0);
    QCOMPARE(f.sink.calls[2].result().toString(), QStringLiteral("3"));
}

void TestConversationDecoder::gapMarksMessageIncompleteAndResyncs()
{
    Fixture f;
    f.open();
    f.client("REQ fir", 1.0);
    f.decoder.streamGap(1, Direction::ClientToServer, 10, 1.1);
    f.client("t half of something\nREQ second\n", 1.2);
    f.server("RES 1\nRES 2\n", 2.0);
    QCOMPARE(f.sink.calls.size(), std::size_t(2));
    QCOMPARE(f.sink.calls[0].status, CallStatus::Malformed);
    QVERIFY(f.sink.calls[0].notes.join(' ').contains(QLatin1String("10 bytes missing")));
    QCOMPARE(f.sink.calls[1].method(), QStringLiteral("second"));
    QCOMPARE(f.sink.calls[1].status, CallStatus::Ok);
    QCOMPARE(f.decoder.stats().gaps, 1);
    QCOMPARE(f.decoder.stats().missingBytes, 10);
    QCOMPARE(f.decoder.stats().skippedBytes, qint64(QByteArray("t half of something\n").size()));
}

void TestConversationDecoder::midStreamStartResyncs()
{
    Fixture f;
    f.open(1, false);
    f.client("tail of old\nREQ x\n", 1.0);
    f.server("RES 9\n", 1.1);
    QCOMPARE(f.sink.calls.size(), std::size_t(1));
    QCOMPARE(f.sink.calls[0].method(), QStringLiteral("x"));
    QCOMPARE(f.sink.calls[0].result().toString(), QStringLiteral("9"));
    QCOMPARE(f.decoder.stats().skippedBytes, 12);
}

void TestConversationDecoder::swapsRolesWhenProbeSaysSo()
{
    Fixture f;
    f.open(1, false);
    // The side we took for the client speaks responses: it is the server.
    f.client("RES 5\n", 1.1);
    f.server("REQ q\n", 1.0);
    f.decoder.finishAll(2.0);
    // The orphaned response and then the unanswered request: both shown, nothing lost.
    QCOMPARE(f.sink.calls.size(), std::size_t(2));
    const Call& orphan = f.sink.calls[0];
    QCOMPARE(orphan.client.toString(), QStringLiteral("10.0.0.2:80"));
    QCOMPARE(orphan.server.toString(), QStringLiteral("10.0.0.1:40000"));
    QVERIFY(orphan.notes.contains(QStringLiteral("reply without a captured request")));
    QCOMPARE(f.sink.calls[1].method(), QStringLiteral("q"));
    QCOMPARE(f.sink.calls[1].status, CallStatus::NoReply);
}

void TestConversationDecoder::ignoresUnknownProtocol()
{
    Fixture f;
    f.open();
    f.client("GET / HTTP/1.1\r\n\r\n", 1.0);
    f.server("HTTP/1.1 200 OK\r\n\r\n", 1.1);
    f.decoder.finishAll(2.0);
    QCOMPARE(f.sink.calls.size(), std::size_t(0));
    QCOMPARE(f.decoder.stats().unrecognisedConnections, 1);
}

void TestConversationDecoder::skippedBytesBecomeMalformedCall()
{
    Fixture f;
    f.open();
    f.client("REQ a\n", 1.0);
    f.client(QByteArray(150, 'x'), 1.1);
    f.client("\nREQ b\n", 1.2);
    f.server("RES 1\nRES 2\n", 2.0);
    f.decoder.finishAll(3.0);
    std::sort(f.sink.calls.begin(), f.sink.calls.end(), [](const Call& a, const Call& b) { return a.id < b.id; });
    // a, the undecodable run, the remainder line "\n" (an unknown verb) and b: nothing vanishes.
    QVERIFY(f.sink.calls.size() >= 3);
    QCOMPARE(f.sink.calls[0].method(), QStringLiteral("a"));
    QCOMPARE(f.sink.calls[1].status, CallStatus::Malformed);
    QVERIFY(f.sink.calls[1].notes.contains(QStringLiteral("line longer than 100 bytes")));
    QCOMPARE(f.sink.calls[1].requestSize(), 150);
}

void TestConversationDecoder::failingDecoderIsIsolated()
{
    Fixture f;
    f.open();
    f.client("REQ boom\n", 1.0);
    f.server("RES 1\n", 1.5);
    QCOMPARE(f.sink.calls.size(), std::size_t(1));
    QCOMPARE(f.sink.calls[0].status, CallStatus::Malformed);
    QVERIFY(f.sink.calls[0].notes.join(' ').contains(QLatin1String("Line decoder failed: boom")));
}

void TestConversationDecoder::truncatedAtEndOfStream()
{
    Fixture f;
    f.open();
    f.client("REQ a\n", 1.0);
    f.server("RES par", 1.5);
    f.decoder.streamEnded(1, Direction::ServerToClient, 1.6, false);
    QCOMPARE(f.sink.calls.size(), std::size_t(1));
    QCOMPARE(f.sink.calls[0].status, CallStatus::Malformed);
    QVERIFY(f.sink.calls[0].notes.join(' ').contains(QLatin1String("connection ended 7 bytes into this message")));
}

void TestConversationDecoder::expiresUnansweredRequests()
{
    Fixture f;
    f.open();
    f.client("REQ a\n", 1.0);
    f.decoder.expire(20.0, 30.0);
    QCOMPARE(f.sink.calls.size(), std::size_t(0));
    f.decoder.expire(31.5, 30.0);
    QCOMPARE(f.sink.calls.size(), std::size_t(1));
    QCOMPARE(f.sink.calls[0].status, CallStatus::NoReply);
}

void TestConversationDecoder::orderedEmitterFollowsRequestOrder()
{
    Collector out;
    OrderedCallEmitter ordered(out);
    TrafficDecoder decoder(Fixture::registry(), DecodeOptions {false, {}, {}}, ordered);
    decoder.streamOpened(1, {QStringLiteral("10.0.0.1"), 1}, {QStringLiteral("10.0.0.2"), 2}, 0, true);
    decoder.streamOpened(2, {QStringLiteral("10.0.0.3"), 3}, {QStringLiteral("10.0.0.2"), 2}, 0, true);
    decoder.streamData(1, Direction::ClientToServer, "REQ first\n", 1.0);
    decoder.streamData(2, Direction::ClientToServer, "REQ second\n", 1.1);
    decoder.streamData(2, Direction::ServerToClient, "RES 2\n", 1.2);
    QCOMPARE(out.calls.size(), std::size_t(0)); // held until "first" finishes
    QCOMPARE(ordered.held(), 2);
    decoder.streamData(1, Direction::ServerToClient, "RES 1\n", 1.3);
    QCOMPARE(out.calls.size(), std::size_t(2));
    QCOMPARE(out.calls[0].method(), QStringLiteral("first"));
    QCOMPARE(out.calls[1].method(), QStringLiteral("second"));
    QCOMPARE(ordered.held(), 0);
}

// The recording proxy hands over requests its rules decoded already; what they say about remote objects (a Java RMI
// bind names the object it carries) must still be learned, as for requests the connection decodes itself.
void TestConversationDecoder::predecodedRequestTeachesObjectNames()
{
    Fixture f;
    f.open();
    f.client("REQ first\n", 1.0);
    auto message = std::make_shared<DecodedMessage>();
    message->protocol = QStringLiteral("line");
    message->kind = MessageKind::Request;
    message->method = QStringLiteral("bind");
    message->objectFacts.push_back({QStringLiteral("obj-1"),
                                    QStringLiteral("Greeter"),
                                    {QStringLiteral("example.Greeter")},
                                    QStringLiteral("bind(\"Greeter\")")});
    const PredecodedMessage predecoded {message, &f.decoder.options()};
    ByteStreamSink& sink = f.decoder;
    sink.streamMessage(1, Direction::ClientToServer, "REQ bind\n", 2.0, predecoded);
    f.server("RES 1\nRES 2\n", 3.0);

    QCOMPARE(f.sink.calls.size(), size_t(2));
    QCOMPARE(f.sink.calls[1].method(), QStringLiteral("bind")); // the handed-over message, not a decode of its bytes
    const auto known = f.decoder.options().objectNames->find(u"line", u"obj-1", 4.0);
    QVERIFY2(known, "a predecoded request's object facts were not learned");
    QCOMPARE(known->displayName(), QStringLiteral("Greeter (Greeter)"));
}

QTEST_GUILESS_MAIN(TestConversationDecoder)
#include "tst_conversationdecoder.moc"
