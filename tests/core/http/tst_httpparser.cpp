// The incremental HTTP/1.x framer (HttpFramer over HttpMessageParser): where each message of a stream ends when
// the bytes arrive whole, in segments, or one at a time; Content-Length, chunked with trailers, read-until-close,
// pipelining, interim 100 Continue, HEAD responses, limits, and garbage with resynchronisation.
#include "http/httpframer.h"

#include <QTest>

#include <cstring>

using namespace rpcscope;

namespace {

// One framing decision, written "message 42", "skip 10: reason" or "stop: reason".
QString describe(const FrameCut& cut)
{
    switch (cut.kind) {
    case FrameCut::Kind::Message:
        return QStringLiteral("message %1").arg(cut.length);
    case FrameCut::Kind::Skip:
        return QStringLiteral("skip %1: %2").arg(cut.length).arg(cut.reason);
    case FrameCut::Kind::Stop:
        return QStringLiteral("stop: %1").arg(cut.reason);
    case FrameCut::Kind::NeedMore:
        break;
    }
    return QStringLiteral("need more");
}

// Feeds `stream` to the framer `step` bytes at a time, like the conversation decoder does, and lists its
// decisions; "need more" at the end when bytes were left unframed.
struct Feeder
{
    http::HttpFramer framer;
    DecodeLimits limits;

    QStringList feed(Direction dir, const QByteArray& stream, qsizetype step, bool endsAfter)
    {
        QStringList out;
        QByteArray pending;
        qint64 discard = 0;
        for (qsizetype at = 0; at < stream.size(); at += step) {
            QByteArray piece = stream.mid(at, step);
            const qint64 dropped = std::min<qint64>(discard, piece.size());
            discard -= dropped;
            pending += piece.mid(dropped);
            const bool last = at + step >= stream.size();
            if (!drain(dir, pending, discard, last && endsAfter, out))
                return out;
        }
        if (!pending.isEmpty())
            out << QStringLiteral("need more");
        return out;
    }

    bool drain(Direction dir, QByteArray& pending, qint64& discard, bool ended, QStringList& out)
    {
        while (!pending.isEmpty()) {
            FrameHints hints;
            hints.ended = ended;
            hints.limits = &limits;
            const FrameCut cut = framer.cut(dir, pending, hints);
            if (cut.kind == FrameCut::Kind::NeedMore)
                return true;
            out << describe(cut);
            if (cut.kind == FrameCut::Kind::Stop) {
                pending.clear();
                return false;
            }
            const qint64 now = std::min<qint64>(cut.length, pending.size());
            discard = cut.length - now;
            pending.remove(0, now);
        }
        return true;
    }
};

const QByteArray kBody = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>7</int></value>\n"
                         "</param>\n</params>\n</methodResponse>\n";

QByteArray withLength(const QByteArray& head, const QByteArray& body)
{
    return head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

} // namespace

class TestHttpParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frames_data()
    {
        QTest::addColumn<bool>("requests");
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<bool>("ended");
        QTest::addColumn<QStringList>("expected");

        const QByteArray post = withLength("POST /RPC2 HTTP/1.1\r\nHost: x\r\n", kBody);
        const QByteArray ok = withLength("HTTP/1.1 200 OK\r\nContent-type: text/xml\r\n", kBody);
        const QString postLen = QStringLiteral("message %1").arg(post.size());
        const QString okLen = QStringLiteral("message %1").arg(ok.size());

        QTest::addRow("content-length") << true << post << false << QStringList {postLen};
        QTest::addRow("pipelined requests in one segment")
            << true << post + post + post << false << QStringList {postLen, postLen, postLen};
        QTest::addRow("lower-case Content-length") << false << ok << false << QStringList {okLen};
        const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                   "a;name=value\r\n0123456789\r\n3\r\nabc\r\n0\r\nX-Trailer: 1\r\nX-Other: 2\r\n\r\n";
        QTest::addRow("chunked with extensions and trailers")
            << false << chunked + ok << false << QStringList {QStringLiteral("message %1").arg(chunked.size()), okLen};
        const QByteArray untilClose = "HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n" + kBody;
        QTest::addRow("HTTP/1.0 body until close")
            << false << untilClose << true << QStringList {QStringLiteral("message %1").arg(untilClose.size())};
        QTest::addRow("until close waits for the end") << false << untilClose << false << QStringList {"need more"};
        const QByteArray cont = "HTTP/1.1 100 Continue\r\n\r\n";
        QTest::addRow("100 Continue before the answer")
            << false << cont + ok << false << QStringList {QStringLiteral("message %1").arg(cont.size()), okLen};
        const QByteArray noContent = "HTTP/1.1 204 No Content\r\n\r\n";
        QTest::addRow("204 has no body") << false << noContent + ok << false
                                         << QStringList {QStringLiteral("message %1").arg(noContent.size()), okLen};
        const QByteArray lf = "POST / HTTP/1.0\nContent-Length: 2\n\nok";
        QTest::addRow("bare LF line ends")
            << true << lf << false << QStringList {QStringLiteral("message %1").arg(lf.size())};
        QTest::addRow("stray CRLF between messages")
            << true << post + "\r\n" + post << false
            << QStringList {postLen, QStringLiteral("message %1").arg(post.size() + 2)};
        QTest::addRow("garbage, then a request")
            << true << QByteArray("\x16\x03\x01 binary junk\r\nmore junk\r\n") + post << false
            << QStringList {QStringLiteral("skip 28: 28 bytes that are not an HTTP request (skipped to the next start "
                                           "line)"),
                            postLen};
        QTest::addRow("bad Content-Length")
            << true << QByteArray("POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n") + post << false
            << QStringList {QStringLiteral("skip 40: bad Content-Length \"12x\""), postLen};
        QTest::addRow("conflicting Content-Length")
            << true << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n") << false
            << QStringList {QStringLiteral("skip 57: conflicting Content-Length fields (2 and 3)")};
        QTest::addRow("body over 64 MiB is skipped, not buffered")
            << true << QByteArray("POST / HTTP/1.1\r\nContent-Length: 100000000\r\n\r\n") + QByteArray(1000, 'x')
            << false
            << QStringList {QStringLiteral("skip 100000046: HTTP body of 100000000 bytes exceeds the limit of 67108864 "
                                           "bytes")};
        QTest::addRow("chunk over 64 MiB stops the direction")
            << false << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8000000\r\nxx") << false
            << QStringList {QStringLiteral("stop: chunked body exceeds the limit of 67108864 bytes (chunk of 134217728 "
                                           "bytes after 0)")};
        QTest::addRow("bad chunk size frames what came, then resyncs")
            << false << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") + ok << false
            << QStringList {QStringLiteral("message 48"),
                            QStringLiteral("skip 3: 3 bytes that are not an HTTP response (skipped to the next start "
                                           "line)"),
                            okLen};
        // The framer waits; at the end of the stream the conversation decoder emits the rest as an incomplete message.
        QTest::addRow("truncated head at the end") << true << post.left(20) << true << QStringList {"need more"};
    }

    void frames()
    {
        QFETCH(bool, requests);
        QFETCH(QByteArray, stream);
        QFETCH(bool, ended);
        QFETCH(QStringList, expected);
        const Direction dir = requests ? Direction::ClientToServer : Direction::ServerToClient;
        // Whole, in uneven segments, and byte by byte: the same cuts.
        for (const qsizetype step : {stream.size(), qsizetype(7), qsizetype(1)}) {
            if (step == 1 && stream.size() > 5000)
                continue; // byte-by-byte on the large rows adds time and nothing new
            Feeder f;
            QCOMPARE(f.feed(dir, stream, step, ended), expected);
        }
    }

    void headerBlockOver64KiB()
    {
        const QByteArray post = withLength("POST /RPC2 HTTP/1.1\r\n", kBody);
        const QByteArray big = "POST / HTTP/1.1\r\nX-Big: " + QByteArray(70000, 'a') + "\r\n\r\n";
        Feeder whole;
        QCOMPARE(whole.feed(Direction::ClientToServer, big + post, big.size() + post.size(), false),
                 (QStringList {QStringLiteral("skip 70028: HTTP header block exceeds the limit of 65536 bytes"),
                               QStringLiteral("message %1").arg(post.size())}));
        // Arriving in 1460-byte segments, the head is given up with the first segment past the limit (45 x 1460);
        // nothing more is buffered and the
        // rest of its line is skipped as junk up to the next start line.
        Feeder segments;
        QCOMPARE(segments.feed(Direction::ClientToServer, big + post, 1460, false),
                 (QStringList {QStringLiteral("skip 65700: HTTP header block exceeds the limit of 65536 bytes"),
                               QStringLiteral("skip 4328: 4328 bytes that are not an HTTP request (skipped to the next "
                                              "start line)"),
                               QStringLiteral("message %1").arg(post.size())}));
    }

    void headResponseHasNoBody()
    {
        Feeder f;
        QCOMPARE(f.feed(Direction::ClientToServer, "HEAD / HTTP/1.1\r\n\r\n", 100, false),
                 QStringList {QStringLiteral("message 19")});
        const QByteArray head = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
        const QByteArray ok = withLength("HTTP/1.1 200 OK\r\n", "ok");
        QCOMPARE(
            f.feed(Direction::ServerToClient, head + ok, 1000, false),
            (QStringList {QStringLiteral("message %1").arg(head.size()), QStringLiteral("message %1").arg(ok.size())}));
    }

    void switchingProtocolsStops()
    {
        Feeder f;
        f.feed(Direction::ClientToServer, "GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", 100, false);
        const QStringList cuts
            = f.feed(Direction::ServerToClient, "HTTP/1.1 101 Switching Protocols\r\n\r\n\x81\x05hello", 100, false);
        QCOMPARE(cuts.size(), 2);
        QCOMPARE(cuts[0], QStringLiteral("message 36"));
        QVERIFY(cuts[1].startsWith(QStringLiteral("stop: the connection left HTTP")));
    }

    // The head the framer hands to the decoder (FrameNote) is that of the message just cut, pointing into the bytes
    // of that cut, even when they moved since the head was parsed (the conversation's buffer grew between segments).
    void noteIsTheCutMessagesHead_data()
    {
        QTest::addColumn<int>("firstSegment");
        const QByteArray post = withLength("POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\n", kBody);
        const int headLength = int(post.indexOf("\r\n\r\n") + 4);
        QTest::addRow("head and body in one segment") << int(post.size());
        QTest::addRow("head, then the body (Python's client)") << headLength;
        QTest::addRow("head and part of the body") << headLength + 10;
        QTest::addRow("part of the head") << 12;
    }

    void noteIsTheCutMessagesHead()
    {
        QFETCH(int, firstSegment);
        const QByteArray post = withLength("POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\n", kBody);
        http::HttpFramer framer;
        FrameHints hints;
        {
            // The first segment in a buffer of its own, gone before the rest arrives.
            const QByteArray first = post.left(firstSegment);
            const FrameCut cut = framer.cut(Direction::ClientToServer, first, hints);
            if (firstSegment == post.size()) {
                QCOMPARE(describe(cut), QStringLiteral("message %1").arg(post.size()));
                const auto* note = dynamic_cast<const http::HttpHeadNote*>(framer.note(Direction::ClientToServer));
                QVERIFY(note && note->head);
                QCOMPARE(note->head->method, QByteArrayView("POST"));
                return;
            }
            QCOMPARE(describe(cut), QStringLiteral("need more"));
            QCOMPARE(framer.note(Direction::ClientToServer), nullptr);
        }
        QByteArray whole(post.size() + 64, 'x'); // elsewhere in memory, with other bytes after the message
        std::memcpy(whole.data(), post.constData(), size_t(post.size()));
        const FrameCut cut = framer.cut(Direction::ClientToServer, whole, hints);
        QCOMPARE(describe(cut), QStringLiteral("message %1").arg(post.size()));
        const auto* note = dynamic_cast<const http::HttpHeadNote*>(framer.note(Direction::ClientToServer));
        QVERIFY(note && note->head);
        const http::HttpHead& head = *note->head;
        QCOMPARE(head.method, QByteArrayView("POST"));
        QCOMPARE(head.target, QByteArrayView("/RPC2"));
        QCOMPARE(head.version, QByteArrayView("HTTP/1.1"));
        QCOMPARE(head.method.data(), whole.constData());
        QCOMPARE(head.value("Host"), QByteArrayView("127.0.0.1"));
        QCOMPARE(head.value("Content-Length").toByteArray(), QByteArray::number(kBody.size()));
        QCOMPARE(head.value("Host").data(), whole.constData() + post.indexOf("127.0.0.1"));
        // The next message's cut has not read a head yet: nothing to pass on.
        QCOMPARE(describe(framer.cut(Direction::ClientToServer, QByteArrayView(whole).sliced(post.size()), hints)),
                 QStringLiteral("need more"));
        QCOMPARE(framer.note(Direction::ClientToServer), nullptr);
    }

    void resyncFindsTheNextStartLine()
    {
        http::HttpFramer framer;
        const QByteArray post = withLength("POST /RPC2 HTTP/1.1\r\n", kBody);
        QCOMPARE(framer.resync(Direction::ClientToServer, QByteArray(kBody.mid(10) + post)), kBody.size() - 10);
        QCOMPARE(framer.resync(Direction::ClientToServer, kBody), qint64(-1));
        QCOMPARE(framer.resync(Direction::ServerToClient, "junk\r\nHTTP/1.1 200 OK\r\n"), qint64(6));
    }
};

QTEST_GUILESS_MAIN(TestHttpParser)
#include "tst_httpparser.moc"
