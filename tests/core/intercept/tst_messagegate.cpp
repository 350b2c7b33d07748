// MessageGate cuts a live connection into messages: every byte comes out in exactly one unit, in stream order, with
// its offset; whole messages that arrive in one read are cut where they are, a message split over reads waits for
// its end; a direction whose answers are only watched (the proxy passed them on already) gives out where they end
// and whether they answer a request, without copying or decoding them.
#include "decoderregistry.h"
#include "intercept/messagegate.h"

#include <QTest>

using namespace rpcscope;

namespace {

QByteArray post(const QByteArray& method, const QByteArray& params)
{
    const QByteArray body = "<?xml version='1.0'?><methodCall><methodName>" + method + "</methodName><params>" + params
        + "</params></methodCall>";
    return "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray reply(const QByteArray& value)
{
    const QByteArray body = "<?xml version='1.0'?><methodResponse><params><param><value>" + value
        + "</value></param></params></methodResponse>";
    return "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n\r\n" + body;
}

const QByteArray kInt1 = "<param><value><int>1</int></value></param>";

} // namespace

class TestMessageGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messagesAreCutInStreamOrder()
    {
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        MessageGate gate(registry, DecodeOptions {}, 50000, 8000);
        const QByteArray a = post("add", kInt1 + kInt1);
        const QByteArray b = post("echo", "<param><value><string>x</string></value></param>");
        const QByteArray c = post("add", kInt1);
        std::vector<GateUnit> units;
        gate.feed(Direction::ClientToServer, a, 1.0, units);
        // The relay ends detection after a short silence when the first bytes alone do not decide it.
        if (gate.state() == MessageGate::State::Detecting)
            gate.quiet(Direction::ClientToServer, units);
        QCOMPARE(gate.state(), MessageGate::State::Framing);
        QCOMPARE(units.size(), std::size_t(1));
        QCOMPARE(units[0].message->method, QStringLiteral("add"));
        QCOMPARE(units[0].bytes, a);
        QCOMPARE(units[0].streamOffset, qint64(0));

        // One read with a whole message and the start of the next: the first comes out, the rest waits.
        units.clear();
        gate.feed(Direction::ClientToServer, QByteArray(b + c.left(10)), 2.0, units);
        QCOMPARE(units.size(), std::size_t(1));
        QCOMPARE(units[0].message->method, QStringLiteral("echo"));
        QCOMPARE(units[0].message->params.toDisplayString(), QStringLiteral("[\"x\"]"));
        QCOMPARE(units[0].bytes, b);
        QCOMPARE(units[0].length, qint64(b.size()));
        QCOMPARE(units[0].streamOffset, qint64(a.size()));
        QCOMPARE(gate.pendingBytes(Direction::ClientToServer), qint64(10));

        units.clear();
        gate.feed(Direction::ClientToServer, c.mid(10), 3.0, units);
        QCOMPARE(units.size(), std::size_t(1));
        QCOMPARE(units[0].bytes, c);
        QCOMPARE(units[0].streamOffset, qint64(a.size() + b.size()));
        QCOMPARE(units[0].firstSeen, 2.0);
        QCOMPARE(units[0].lastSeen, 3.0);
        QCOMPARE(gate.pendingBytes(Direction::ClientToServer), qint64(0));
        QVERIFY(units[0].isRequest());
    }

    void watchedAnswersAreCountedNotCopied()
    {
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        MessageGate gate(registry, DecodeOptions {}, 50000, 8000);
        std::vector<GateUnit> units;
        gate.feed(Direction::ClientToServer, QByteArray(post("add", kInt1 + kInt1) + post("add", kInt1)), 1.0, units);
        if (gate.state() == MessageGate::State::Detecting)
            gate.quiet(Direction::ClientToServer, units);
        QCOMPARE(units.size(), std::size_t(2));
        units.clear();

        gate.setDecoding(Direction::ServerToClient, false);
        gate.setKeepingBytes(Direction::ServerToClient, false);
        const QByteArray interim = "HTTP/1.1 100 Continue\r\n\r\n";
        const QByteArray first = reply("<int>2</int>");
        gate.feed(Direction::ServerToClient, QByteArray(interim + first), 2.0, units);
        QCOMPARE(units.size(), std::size_t(2));
        QVERIFY(!units[0].answer);
        QCOMPARE(units[0].length, qint64(interim.size()));
        QVERIFY(units[1].answer);
        QCOMPARE(units[1].length, qint64(first.size()));
        QCOMPARE(units[1].streamOffset, qint64(interim.size()));
        for (const GateUnit& unit : units) {
            QVERIFY(unit.bytes.isEmpty());
            QVERIFY(!unit.message);
        }

        // Decoded again (an intercept on responses): the next answer is read whole, as the response it is.
        units.clear();
        gate.setDecoding(Direction::ServerToClient, true);
        gate.setKeepingBytes(Direction::ServerToClient, true);
        const QByteArray second = reply("<int>1</int>");
        gate.feed(Direction::ServerToClient, second.left(30), 3.0, units);
        QVERIFY(units.empty());
        gate.feed(Direction::ServerToClient, second.mid(30), 3.5, units);
        QCOMPARE(units.size(), std::size_t(1));
        QVERIFY(units[0].isResponse());
        QVERIFY(units[0].answer);
        QCOMPARE(units[0].message->result.toInt(), 1);
        QCOMPARE(units[0].bytes, second);
        QCOMPARE(units[0].streamOffset, qint64(interim.size() + first.size()));
    }
};

QTEST_GUILESS_MAIN(TestMessageGate)
#include "tst_messagegate.moc"
