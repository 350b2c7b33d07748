// TcpReassembler: the exact stream events (open, data, gap, end, close) for in-order, reordered, repeated,
// overlapping, lost and truncated segments, mid-stream starts, wrap-around, FIN/RST, reuse of a 4-tuple, and its
// memory bounds.
#include "reassemblyharness.h"

#include <QRegularExpression>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {
const QString kOpen = QStringLiteral("open 1 10.0.0.1:40000 > 10.0.0.2:8080 start");
// Segments as (offset into the client's stream, bytes); a name of its own because QFETCH cannot take the commas.
using Pieces = QList<QPair<int, QByteArray>>;
const QString kOpenMid = QStringLiteral("open 1 10.0.0.1:40000 > 10.0.0.2:8080 midstream");
} // namespace

class TestTcpReassembler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inOrderConversation()
    {
        ReassemblyHarness h;
        h.feed(h.tcp.handshake(1.0));
        h.feed(h.tcp.send(C2S, "hello world", 1.1, 4));
        h.feed(h.tcp.ack(S2C, 1.2));
        h.feed(h.tcp.send(S2C, "HELLO", 1.3));
        h.feed(h.tcp.fin(C2S, 1.4));
        h.feed(h.tcp.ack(S2C, 1.5));
        h.feed(h.tcp.fin(S2C, 1.6));
        const Seg lastAck = h.tcp.ack(C2S, 1.7);
        h.feed(lastAck);

        QCOMPARE(h.sink.events,
                 QStringList({kOpen, "data 1 > hell", "data 1 > o wo", "data 1 > rld", "data 1 < HELLO", "end 1 > fin",
                              "end 1 < fin", "close 1"}));
        // Closed connections are forgotten at once; the final ACK belongs to the closed connection.
        QCOMPARE(h.reassembler.openConnections(), 0);
        QCOMPARE(h.reassembler.stats().segmentsAfterClose, 1);
        QCOMPARE(h.reassembler.stats().gaps, 0);
        QCOMPARE(h.reassembler.stats().duplicateBytes, 0);
        QCOMPARE(h.sink.times.front(), 1.0);
        QCOMPARE(h.sink.times.back(), 1.6);
    }

    void reordered_data()
    {
        QTest::addColumn<QList<int>>("order");
        QTest::addColumn<qint64>("duplicateBytes");
        QTest::addColumn<qint64>("outOfOrder");
        QTest::addRow("in order") << QList<int> {0, 1, 2, 3, 4} << qint64(0) << qint64(0);
        QTest::addRow("two swapped") << QList<int> {0, 2, 1, 3, 4} << qint64(0) << qint64(1);
        QTest::addRow("reversed") << QList<int> {4, 3, 2, 1, 0} << qint64(0) << qint64(4);
        QTest::addRow("last first") << QList<int> {4, 0, 1, 2, 3} << qint64(0) << qint64(1);
        QTest::addRow("retransmission") << QList<int> {0, 1, 1, 2, 3, 4} << qint64(5) << qint64(0);
        QTest::addRow("held segment repeated") << QList<int> {0, 2, 2, 1, 3, 4} << qint64(5) << qint64(2);
        QTest::addRow("everything twice") << QList<int> {0, 1, 2, 3, 4, 0, 1, 2, 3, 4} << qint64(25) << qint64(0);
    }
    void reordered()
    {
        QFETCH(QList<int>, order);
        QFETCH(qint64, duplicateBytes);
        QFETCH(qint64, outOfOrder);
        ReassemblyHarness h;
        h.feed(h.tcp.handshake(1.0));
        const std::vector<Seg> segs = h.tcp.send(C2S, "abcdefghijklmnopqrstuvwxy", 2.0, 5);
        h.feed(segs, order);
        h.reassembler.finish(3.0);

        QCOMPARE(h.sink.merged(), QStringList({kOpen, "data 1 > abcdefghijklmnopqrstuvwxy", "close 1"}));
        QCOMPARE(h.reassembler.stats().duplicateBytes, duplicateBytes);
        QCOMPARE(h.reassembler.stats().outOfOrderSegments, outOfOrder);
        QCOMPARE(h.reassembler.stats().gaps, 0);
        QCOMPARE(h.reassembler.stats().heldBytes, 0);
    }

    void overlaps_data()
    {
        // Segments as (offset into the client's stream, bytes), fed in this order after the handshake.
        QTest::addColumn<Pieces>("segments");
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<qint64>("conflicts");
        QTest::addRow("retransmission extends the stream")
            << Pieces {{0, "0123456789"}, {5, "56789abcde"}} << QByteArray("0123456789abcde") << qint64(0);
        QTest::addRow("delivered bytes win over a differing copy")
            << Pieces {{0, "0123456789"}, {5, "XXXXXabcde"}} << QByteArray("0123456789abcde") << qint64(0);
        QTest::addRow("held bytes win over a later in-order copy")
            << Pieces {{0, "01234"}, {10, "ABCDEFGHIJ"}, {5, "56789ZZZZZ"}} << QByteArray("0123456789ABCDEFGHIJ")
            << qint64(1);
        QTest::addRow("first held copy wins over a later held one")
            << Pieces {{10, "ABCDE"}, {12, "xyzKL"}, {0, "0123456789"}} << QByteArray("0123456789ABCDEKL") << qint64(1);
        QTest::addRow("identical overlap is no conflict")
            << Pieces {{10, "ABCDE"}, {12, "CDEFG"}, {0, "0123456789"}} << QByteArray("0123456789ABCDEFG") << qint64(0);
        QTest::addRow("new segment spans two held ones")
            << Pieces {{4, "45"}, {8, "89"}, {0, "0123"}, {3, "3x5678yab"}} << QByteArray("0123456789ab") << qint64(1);
    }
    void overlaps()
    {
        QFETCH(Pieces, segments);
        QFETCH(QByteArray, stream);
        QFETCH(qint64, conflicts);
        ReassemblyHarness h;
        h.feed(h.tcp.handshake(1.0));
        for (const auto& [offset, bytes] : segments)
            h.feed(h.tcp.segmentAt(C2S, offset, bytes, 2.0));
        h.reassembler.finish(3.0);

        QCOMPARE(h.sink.streams[1].bytes[0], stream);
        QCOMPARE(h.reassembler.stats().conflictingOverlaps, conflicts);
        QCOMPARE(h.reassembler.stats().gaps, 0);
    }

    void gaps_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<QStringList>("events");
        QTest::addColumn<bool>("beforeEndOfInput");
        const QString aaaaa = QStringLiteral("data 1 > aaaaa");
        QTest::addRow("peer acknowledges bytes never seen")
            << "ack" << QStringList {kOpen, aaaaa, "gap 1 > 5", "data 1 > ccccc", "close 1"} << true;
        QTest::addRow("held data exceeds the bound")
            << "bound" << QStringList {kOpen, aaaaa, "gap 1 > 5", "data 1 > cccccddddd", "close 1"} << true;
        QTest::addRow("both sides sent FIN")
            << "fin"
            << QStringList {kOpen, aaaaa, "gap 1 > 5", "data 1 > ccccc", "end 1 > fin", "end 1 < fin", "close 1"}
            << true;
        QTest::addRow("end of input") << "end" << QStringList {kOpen, aaaaa, "gap 1 > 5", "data 1 > ccccc", "close 1"}
                                      << false;
        QTest::addRow("reset") << "rst" << QStringList {kOpen,         aaaaa,         "gap 1 > 5", "data 1 > ccccc",
                                                        "end 1 > rst", "end 1 < rst", "close 1"}
                               << true;
        QTest::addRow("snapshot length cut a segment")
            << "snaplen" << QStringList {kOpen, "data 1 > aaaaabb", "gap 1 > 3", "data 1 > ccccc", "close 1"} << true;
        QTest::addRow("FIN seen before the missing bytes, then acknowledged")
            << "finack" << QStringList {kOpen, aaaaa, "gap 1 > 5", "data 1 > ccccc", "end 1 > fin", "close 1"} << true;
    }
    void gaps()
    {
        QFETCH(QString, how);
        QFETCH(QStringList, events);
        QFETCH(bool, beforeEndOfInput);
        TcpReassembler::Options options;
        if (how == QLatin1String("bound"))
            options.maxHeldBytesPerDirection = 100; // one held piece of 5 bytes (+ bookkeeping) fits, two do not
        if (how == QLatin1String("ack") || how == QLatin1String("finack"))
            options.ackedGapGraceSegments = 0; // the gap at the ACK itself (ackedGaps checks the grace period)
        ReassemblyHarness h(options);
        h.feed(h.tcp.handshake(1.0));
        const std::vector<Seg> segs = h.tcp.send(C2S, "aaaaabbbbbccccc", 2.0, 5);
        h.feed(segs[0]);
        if (how == QLatin1String("snaplen"))
            h.feed(segs[1], 2);
        h.feed(segs[2]);
        if (how == QLatin1String("ack")) {
            h.feed(h.tcp.ack(S2C, 2.1));
        } else if (how == QLatin1String("bound")) {
            h.feed(h.tcp.segmentAt(C2S, 15, "ddddd", 2.1)); // a second held piece: over the bound now
        } else if (how == QLatin1String("fin")) {
            Seg clientFin = h.tcp.fin(C2S, 2.1);
            h.feed(clientFin);
            Seg serverFin = h.tcp.fin(S2C, 2.2);
            serverFin.ack = segs[1].seq; // the server never got the lost bytes either
            h.feed(serverFin);
        } else if (how == QLatin1String("rst")) {
            h.feed(h.tcp.rst(S2C, 2.1));
        } else if (how == QLatin1String("finack")) {
            h.feed(h.tcp.fin(C2S, 2.1));
            h.feed(h.tcp.ack(S2C, 2.2)); // acknowledges everything up to and including the FIN
        }
        const qsizetype before = h.sink.events.size();
        h.reassembler.finish(9.0);
        QCOMPARE(h.sink.merged(), events);
        const qsizetype gapAt = h.sink.events.indexOf(QRegularExpression(QStringLiteral("gap .*")));
        QVERIFY(gapAt >= 0);
        QCOMPARE(gapAt < before, beforeEndOfInput);
        QCOMPARE(h.reassembler.stats().gaps, 1);
        QCOMPARE(h.reassembler.stats().missingBytes, how == QLatin1String("snaplen") ? 3 : 5);
    }

    void ackedGaps_data()
    {
        // After the client's first segment: the server's pure ACKs of both segments ("A"), the client's second
        // segment ("D"), the server's replies, which acknowledge both segments too ("R").
        QTest::addColumn<QString>("sequence");
        QTest::addColumn<QStringList>("events");
        QTest::addColumn<bool>("gapBeforeEnd");
        QTest::addRow("pure ACK captured before the data it acknowledges")
            << "ADR" << QStringList {kOpen, "data 1 > aaaaabbbbb", "data 1 < 123", "close 1"} << false;
        QTest::addRow("pure ACKs of bytes never captured: lost after the grace period (3 segments)")
            << "AAA" << QStringList {kOpen, "data 1 > aaaaa", "gap 1 > 5", "close 1"} << true;
        QTest::addRow("pure ACKs within the grace period: lost at the end of input")
            << "AA" << QStringList {kOpen, "data 1 > aaaaa", "gap 1 > 5", "close 1"} << false;
        QTest::addRow("a reply acknowledging bytes never captured: lost before the reply")
            << "AR" << QStringList {kOpen, "data 1 > aaaaa", "gap 1 > 5", "data 1 < 123", "close 1"} << true;
    }
    void ackedGaps()
    {
        QFETCH(QString, sequence);
        QFETCH(QStringList, events);
        QFETCH(bool, gapBeforeEnd);
        TcpReassembler::Options options;
        options.ackedGapGraceSegments = 2;
        ReassemblyHarness h(options);
        h.feed(h.tcp.handshake(1.0));
        const std::vector<Seg> segs = h.tcp.send(C2S, "aaaaabbbbb", 2.0, 5);
        h.feed(segs[0]);
        const Seg pureAck = h.tcp.ack(S2C, 2.1);
        for (QChar step : sequence) {
            if (step == QLatin1Char('A'))
                h.feed(pureAck);
            else if (step == QLatin1Char('D'))
                h.feed(segs[1]);
            else
                h.feed(h.tcp.send(S2C, "123", 2.2, 1));
        }
        const bool gapSeen = h.sink.events.join(QLatin1Char('\n')).contains(QLatin1String("gap "));
        h.reassembler.finish(9.0);
        QCOMPARE(h.sink.merged(), events);
        QCOMPARE(gapSeen, gapBeforeEnd);
    }

    void midStream_data()
    {
        QTest::addColumn<quint16>("clientPort");
        QTest::addColumn<quint16>("serverPort");
        QTest::addColumn<bool>("serverSpeaksFirst");
        QTest::addColumn<QStringList>("events");
        QTest::addRow("client first") << quint16(40000) << quint16(8080) << false
                                      << QStringList {kOpenMid, "data 1 > REQ", "data 1 < RESPONSE", "close 1"};
        QTest::addRow("server first, client guessed by its higher port")
            << quint16(40000) << quint16(8080) << true
            << QStringList {kOpenMid, "data 1 < RESPONSE", "data 1 > REQ", "close 1"};
        // A server on a high port looks like the client: the guess is wrong and decoders have to swap.
        QTest::addRow("server on the higher port") << quint16(1099) << quint16(50000) << false
                                                   << QStringList {"open 1 10.0.0.2:50000 > 10.0.0.1:1099 midstream",
                                                                   "data 1 < REQ", "data 1 > RESPONSE", "close 1"};
    }
    void midStream()
    {
        QFETCH(quint16, clientPort);
        QFETCH(quint16, serverPort);
        QFETCH(bool, serverSpeaksFirst);
        QFETCH(QStringList, events);
        ReassemblyHarness h({}, 1000, 50000, {QStringLiteral("10.0.0.1"), clientPort},
                            {QStringLiteral("10.0.0.2"), serverPort});
        // Pure ACKs before any data cannot open a connection: nothing says which bytes they belong to.
        h.feed(h.tcp.ack(S2C, 0.5));
        const std::vector<Seg> request = h.tcp.send(C2S, "REQ", 1.0);
        const std::vector<Seg> response = h.tcp.send(S2C, "RESPONSE", 1.1);
        if (serverSpeaksFirst) {
            h.feed(response);
            h.feed(request);
        } else {
            h.feed(request);
            h.feed(response);
        }
        h.reassembler.finish(2.0);
        QCOMPARE(h.sink.events, events);
        QVERIFY(!h.sink.streams[1].startSeen);
        QCOMPARE(h.reassembler.stats().strayControlSegments, 1);
    }

    void wrapAround_data()
    {
        QTest::addColumn<quint32>("isn");
        QTest::addColumn<bool>("reorder");
        QTest::addRow("data crosses 2^32") << quint32(0xFFFFFFF0u) << false;
        QTest::addRow("reordered across 2^32") << quint32(0xFFFFFFF0u) << true;
        QTest::addRow("SYN on the last sequence number") << quint32(0xFFFFFFFFu) << true;
        QTest::addRow("data starts at 2^32 - 1") << quint32(0xFFFFFFFEu) << false;
    }
    void wrapAround()
    {
        QFETCH(quint32, isn);
        QFETCH(bool, reorder);
        ReassemblyHarness h({}, isn, isn - 7);
        QByteArray data;
        for (int i = 0; i < 100; ++i)
            data += static_cast<char>('A' + i % 26);
        h.feed(h.tcp.handshake(1.0));
        std::vector<Seg> segs = h.tcp.send(C2S, data, 1.1, 7);
        std::vector<Seg> back = h.tcp.send(S2C, data, 1.2, 9);
        if (reorder) {
            std::swap(segs[1], segs[3]);
            std::swap(back[0], back[2]);
        }
        h.feed(segs);
        h.feed(back);
        h.feed(h.tcp.fin(C2S, 1.3));
        h.feed(h.tcp.fin(S2C, 1.4));
        QCOMPARE(h.sink.streams[1].bytes[0], data);
        QCOMPARE(h.sink.streams[1].bytes[1], data);
        QCOMPARE(h.reassembler.stats().gaps, 0);
        QCOMPARE(h.sink.events.last(), QStringLiteral("close 1"));
    }

    void finAndReset_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("events");
        QTest::addRow("half close: the server answers after the client's FIN")
            << "halfclose"
            << QStringList {kOpen, "data 1 > GET", "end 1 > fin", "data 1 < REPLY", "end 1 < fin", "close 1"};
        QTest::addRow("server resets in the middle of its reply")
            << "rst" << QStringList {kOpen, "data 1 > GET", "data 1 < REP", "end 1 > rst", "end 1 < rst", "close 1"};
        QTest::addRow("FIN overtakes the last data segment")
            << "finfirst" << QStringList {kOpen, "data 1 > GET", "data 1 > MORE", "end 1 > fin", "close 1"};
        QTest::addRow("a reset far outside the window is not for this connection")
            << "bogusrst" << QStringList {kOpen, "data 1 > GET", "data 1 < REPLY", "close 1"};
        QTest::addRow("data after FIN is ignored")
            << "afterfin" << QStringList {kOpen, "data 1 > GET", "end 1 > fin", "close 1"};
    }
    void finAndReset()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, events);
        ReassemblyHarness h;
        h.feed(h.tcp.handshake(1.0));
        if (scenario == QLatin1String("halfclose")) {
            h.feed(h.tcp.send(C2S, "GET", 1.1));
            h.feed(h.tcp.fin(C2S, 1.2));
            h.feed(h.tcp.send(S2C, "REPLY", 1.3));
            h.feed(h.tcp.fin(S2C, 1.4));
        } else if (scenario == QLatin1String("rst")) {
            h.feed(h.tcp.send(C2S, "GET", 1.1));
            h.feed(h.tcp.send(S2C, "REP", 1.2));
            h.feed(h.tcp.rst(S2C, 1.3));
        } else if (scenario == QLatin1String("finfirst")) {
            h.feed(h.tcp.send(C2S, "GET", 1.1));
            const std::vector<Seg> more = h.tcp.send(C2S, "MORE", 1.2);
            h.feed(h.tcp.fin(C2S, 1.3));
            QCOMPARE(h.sink.events.size(), 2); // the FIN waits for the bytes before it
            h.feed(more);
        } else if (scenario == QLatin1String("bogusrst")) {
            h.feed(h.tcp.send(C2S, "GET", 1.1));
            Seg rst = h.tcp.rst(S2C, 1.2);
            rst.seq += 0x70000000u;
            h.feed(rst);
            h.feed(h.tcp.send(S2C, "REPLY", 1.3));
        } else if (scenario == QLatin1String("afterfin")) {
            h.feed(h.tcp.send(C2S, "GET", 1.1));
            h.feed(h.tcp.fin(C2S, 1.2));
            h.feed(h.tcp.segmentAt(C2S, 4, "JUNK", 1.3));
        }
        h.reassembler.finish(9.0);
        QCOMPARE(h.sink.events, events);
    }

    void connectionReuse()
    {
        ReassemblyHarness h;
        h.feed(h.tcp.handshake(1.0));
        h.feed(h.tcp.send(C2S, "one", 1.1));
        h.feed(h.tcp.fin(C2S, 1.2));
        h.feed(h.tcp.fin(S2C, 1.3));
        // Late packets of the closed connection: the last ACK and a retransmission. Neither opens a connection.
        h.feed(h.tcp.ack(C2S, 1.4));
        h.feed(h.tcp.segmentAt(C2S, 0, "one", 1.5));
        QCOMPARE(h.reassembler.openConnections(), 0);
        QCOMPARE(h.reassembler.stats().segmentsAfterClose, 2);

        // The same 4-tuple again: a new SYN starts connection 2.
        ReassemblyHarness second({}, 777777, 888888);
        for (const Seg& s : second.tcp.handshake(2.0))
            h.feed(s);
        for (const Seg& s : second.tcp.send(C2S, "two", 2.1))
            h.feed(s);
        // And a SYN while connection 2 is still open: 2 is over, 3 begins.
        ReassemblyHarness third({}, 123, 456);
        for (const Seg& s : third.tcp.handshake(3.0))
            h.feed(s);
        for (const Seg& s : third.tcp.send(C2S, "three", 3.1))
            h.feed(s);
        h.reassembler.finish(4.0);
        QCOMPARE(h.sink.events,
                 QStringList({kOpen, "data 1 > one", "end 1 > fin", "end 1 < fin", "close 1",
                              "open 2 10.0.0.1:40000 > 10.0.0.2:8080 start", "data 2 > two", "close 2",
                              "open 3 10.0.0.1:40000 > 10.0.0.2:8080 start", "data 3 > three", "close 3"}));
        QCOMPARE(h.reassembler.stats().connections, 3);
    }

    void handshakeVariants_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("events");
        QTest::addRow("SYN retransmitted") << "synsyn" << QStringList {kOpen, "data 1 > hi", "close 1"};
        QTest::addRow("SYN not captured, SYN-ACK names the client")
            << "synack" << QStringList {kOpen, "data 1 < banner", "data 1 > hi", "close 1"};
        QTest::addRow("data in the SYN (TCP Fast Open)")
            << "tfo" << QStringList {kOpen, "data 1 > early", "data 1 > hi", "close 1"};
        QTest::addRow("IPv6 endpoints") << "ipv6"
                                        << QStringList {"open 1 [2001:db8::1]:40000 > [2001:db8::2]:8080 start",
                                                        "data 1 > hi", "close 1"};
    }
    void handshakeVariants()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, events);
        const bool v6 = scenario == QLatin1String("ipv6");
        ReassemblyHarness h({}, 1000, 50000, v6 ? Endpoint {QStringLiteral("2001:db8::1"), 40000} : testClient(),
                            v6 ? Endpoint {QStringLiteral("2001:db8::2"), 8080} : testServer());
        std::vector<Seg> hs = h.tcp.handshake(1.0);
        if (scenario == QLatin1String("synsyn")) {
            h.feed(hs[0]);
            h.feed(hs[0]);
            h.feed(hs[1]);
            h.feed(hs[2]);
        } else if (scenario == QLatin1String("synack")) {
            h.feed(hs[1]);
            h.feed(hs[2]);
            h.feed(h.tcp.send(S2C, "banner", 1.05));
        } else if (scenario == QLatin1String("tfo")) {
            hs[0].payload = "early";
            h.feed(hs[0]);
            // The rest of the conversation continues after the 5 bytes of the SYN.
            h.feed(h.tcp.segmentAt(C2S, 5, "hi", 1.1));
            h.reassembler.finish(2.0);
            QCOMPARE(h.sink.events, events);
            return;
        } else {
            h.feed(hs);
        }
        h.feed(h.tcp.send(C2S, "hi", 1.1));
        h.reassembler.finish(2.0);
        QCOMPARE(h.sink.events, events);
    }

    void strayControlSegments()
    {
        ReassemblyHarness h;
        h.feed(h.tcp.ack(C2S, 1.0));
        h.feed(h.tcp.fin(C2S, 1.1));
        h.feed(h.tcp.rst(S2C, 1.2));
        h.reassembler.finish(2.0);
        QVERIFY(h.sink.events.isEmpty());
        QCOMPARE(h.reassembler.stats().strayControlSegments, 3);
    }

    void heldBytesStayBounded()
    {
        TcpReassembler::Options options;
        options.maxHeldBytesPerDirection = 64 * 1024;
        ReassemblyHarness h(options);
        h.feed(h.tcp.handshake(1.0));
        QByteArray data(1000 * 1000, '\0');
        for (int i = 0; i < data.size(); ++i)
            data[i] = static_cast<char>(i * 7);
        const std::vector<Seg> segs = h.tcp.send(C2S, data, 2.0, 1000);
        for (size_t i = 1; i < segs.size(); ++i) // the first segment is never captured
            h.feed(segs[i]);
        QVERIFY(h.reassembler.stats().peakHeldBytes <= options.maxHeldBytesPerDirection + 1000 + 64);
        QVERIFY(h.reassembler.stats().heldBytes <= options.maxHeldBytesPerDirection);
        h.reassembler.finish(3.0);
        QCOMPARE(h.reassembler.stats().heldBytes, 0);
        QCOMPARE(h.reassembler.stats().gaps, 1);
        QCOMPARE(h.reassembler.stats().missingBytes, 1000);
        QCOMPARE(h.sink.streams[1].bytes[0], data.mid(1000));
    }

    void closedConnectionsAreFreed()
    {
        RecordingSink sink;
        TcpReassembler reassembler(sink);
        for (int i = 0; i < 1000; ++i) {
            TcpSynthesizer tcp({QStringLiteral("10.0.0.1"), static_cast<quint16>(20000 + i)}, testServer());
            std::vector<Seg> segs = tcp.handshake(i);
            for (const Seg& s : tcp.send(C2S, "request", i + 0.1))
                segs.push_back(s);
            segs.push_back(tcp.fin(C2S, i + 0.2));
            segs.push_back(tcp.fin(S2C, i + 0.3));
            for (const Seg& s : segs)
                reassembler.addSegment(toTcpSegment(tcp, s), s.ts);
            QCOMPARE(reassembler.openConnections(), 0);
        }
        QCOMPARE(reassembler.stats().connections, 1000);
        QCOMPARE(sink.events.count(QStringLiteral("close 1000")), 1);
    }

    void expireIdle()
    {
        RecordingSink sink;
        TcpReassembler reassembler(sink);
        TcpSynthesizer quiet({QStringLiteral("10.0.0.1"), 40001}, testServer());
        TcpSynthesizer busy({QStringLiteral("10.0.0.1"), 40002}, testServer());
        for (const Seg& s : quiet.send(C2S, "old", 100.0))
            reassembler.addSegment(toTcpSegment(quiet, s), s.ts);
        for (const Seg& s : busy.send(C2S, "new", 150.0))
            reassembler.addSegment(toTcpSegment(busy, s), s.ts);
        QCOMPARE(reassembler.expireIdle(170.0, 60.0), 1);
        QCOMPARE(sink.events.last(), QStringLiteral("close 1"));
        QCOMPARE(reassembler.openConnections(), 1);
        QCOMPARE(reassembler.expireIdle(250.0, 60.0), 1);
        QCOMPARE(reassembler.openConnections(), 0);
        QCOMPARE(reassembler.expireIdle(250.0, 60.0), 0);
    }
};

QTEST_GUILESS_MAIN(TestTcpReassembler)
#include "tst_tcpreassembler.moc"
