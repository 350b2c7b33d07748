// Hostile TLS through the TLS stage and the decode pipeline, with the real key log so that the hostile bytes are
// met where it counts (after the handshake, inside decrypted connections): a record over 2^14 + 256 bytes, a forged
// length, a record whose tag does not match, a stream cut inside a record, a ClientHello claiming 16 MB, and a
// flood of bytes while the keys are awaited. Each is an error node or a problem naming it, never a crash, a hang
// or memory without bound.
#include "../core/jrmp/pcapreplay.h"
#include "testsupport.h"
#include "tls/tlscarrier.h"
#include "tlsdecryptingsink.h"
#include "tlskeysource.h"
#include "trafficdecoder.h"

#include <QTest>

using namespace rpcscope;

namespace {

struct Outcome
{
    std::vector<Call> calls;
    TlsStats tls;
    QStringList problems;
    bool mentions(const QString& text) const
    {
        return std::any_of(problems.begin(), problems.end(), [&](const QString& p) { return p.contains(text); });
    }
};

// Connection 4 of tls-xmlrpc.pcap (TLS 1.3, four calls), with `change` applied to the client's segments.
Outcome run(const std::function<void(std::vector<std::pair<Direction, QByteArray>>&)>& change,
            const QString& keyLog = QStringLiteral("tls/tls-xmlrpc.keys"), bool live = false)
{
    const auto connections = test::replayPcap(test::readData(QStringLiteral("tls/tls-xmlrpc.pcap")), nullptr);
    test::ReplayedConnection c = connections[4];
    change(c.segments);
    TlsKeySource source;
    source.addText(test::readData(keyLog), QStringLiteral("keys"));
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    test::CallCollector calls;
    DecodeOptions options;
    TrafficDecoder traffic(registry, options, calls);
    TlsDecryptingSink::Options stageOptions;
    stageOptions.live = live;
    TlsDecryptingSink stage(traffic, source, stageOptions);
    stage.streamOpened(1, c.client, c.server, 1.0, true);
    double ts = 1.0;
    for (const auto& [dir, bytes] : c.segments)
        stage.streamData(1, dir, bytes, ts += 0.001);
    stage.streamEnded(1, Direction::ClientToServer, ts, false);
    stage.streamEnded(1, Direction::ServerToClient, ts, false);
    stage.streamClosed(1, ts);
    traffic.finishAll(ts);
    Outcome o;
    o.tls = stage.stats();
    for (const Call& call : calls.calls) {
        o.problems << call.notes;
        for (const auto& m : {call.request, call.response}) {
            if (!m)
                continue;
            for (const Problem& p : m->problems)
                o.problems << p.text;
            if (m->tls && m->tls->decrypted() && !m->tls->problems.isEmpty())
                QTest::qVerify(m->tree.hasError(), "tree has the error", "", __FILE__, __LINE__);
        }
    }
    o.calls = std::move(calls.calls);
    return o;
}

// The index of the client's segment that is the first of the 40,000-character request (the largest).
std::size_t bigRequestSegment(const std::vector<std::pair<Direction, QByteArray>>& segments)
{
    std::size_t best = 0;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (segments[i].first == Direction::ClientToServer && segments[i].second.size() > segments[best].second.size())
            best = i;
    }
    return best;
}

} // namespace

class TestTlsRecords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordOverTheLimit()
    {
        // The big request's record header claims 0x4101 bytes: more than TLS allows.
        const Outcome o = run([](auto& segments) {
            QByteArray& s = segments[bigRequestSegment(segments)].second;
            s[3] = char(0x41);
            s[4] = char(0x01);
        });
        QVERIFY2(o.mentions(QStringLiteral("the client sent a record TLS does not allow (record length 16641 exceeds "
                                           "the TLS limit of 16640 bytes); the rest of this direction is not "
                                           "decrypted")),
                 qPrintable(o.problems.join('\n')));
        // The calls before it decode; what follows in that direction is dropped, not misread.
        QVERIFY(o.calls.size() >= 3);
        QCOMPARE(o.calls[0].method(), QStringLiteral("add"));
        QCOMPARE(o.calls[0].status, CallStatus::Ok);
        QVERIFY(o.tls.lostRecords >= 1);
    }

    void forgedShorterLength()
    {
        // A length 100 bytes short: the record fails its tag, and the next header is garbage.
        const Outcome o = run([](auto& segments) {
            QByteArray& s = segments[bigRequestSegment(segments)].second;
            const int length = (quint8(s[3]) << 8 | quint8(s[4])) - 100;
            s[3] = char(length >> 8);
            s[4] = char(length & 0xff);
        });
        QVERIFY2(o.mentions(QStringLiteral("does not authenticate (bad tag)")), qPrintable(o.problems.join('\n')));
        QCOMPARE(o.calls[0].status, CallStatus::Ok);
        QVERIFY(std::any_of(o.calls.begin(), o.calls.end(),
                            [](const Call& c) { return c.status == CallStatus::Malformed; }));
    }

    void badTagInsideAMessage()
    {
        const Outcome o = run([](auto& segments) { segments[bigRequestSegment(segments)].second[100] ^= 0x20; });
        QVERIFY2(o.mentions(QStringLiteral("a TLS record of the client (sequence number")),
                 qPrintable(o.problems.join('\n')));
        QVERIFY(o.mentions(QStringLiteral("does not authenticate (bad tag)")));
        // The request that lost a record is incomplete; the calls before and after it decode.
        QCOMPARE(o.calls.size(), std::size_t(4));
        QCOMPARE(o.calls[3].status, CallStatus::Malformed);
        for (int i = 0; i < 3; ++i)
            QVERIFY(o.calls[i].status == CallStatus::Ok || o.calls[i].status == CallStatus::Fault);
        QCOMPARE(o.tls.lostRecords, 1);
    }

    void streamCutInsideARecord()
    {
        const Outcome o = run([](auto& segments) {
            const std::size_t at = bigRequestSegment(segments);
            segments[at].second.truncate(segments[at].second.size() / 2);
            segments.resize(at + 1);
        });
        QVERIFY2(o.mentions(QStringLiteral("the client's stream ends ")), qPrintable(o.problems.join('\n')));
        QVERIFY(o.mentions(QStringLiteral("bytes into a TLS record of")));
        QCOMPARE(o.calls.back().status, CallStatus::Malformed);
    }

    void clientHelloClaiming16MB()
    {
        const Outcome o = run([](auto& segments) {
            QByteArray& hello = segments.front().second;
            hello[6] = char(0xff);
            hello[7] = char(0xff);
            hello[8] = char(0xff);
        });
        QCOMPARE(o.tls.undecryptedCount, 1);
        QVERIFY2(o.tls.undecrypted.front().reason.contains(
                     QStringLiteral("a ClientHello of 16777215 bytes is too large to read")),
                 qPrintable(o.tls.undecrypted.front().reason));
        // The connection is shown as it came, encrypted, with the reason.
        QVERIFY(!o.calls.empty());
        QCOMPARE(o.calls.front().protocol, QStringLiteral("tls"));
    }

    void floodWhileWaitingForKeys()
    {
        // Live, with a key log that lacks this connection's lines: after the handshake the client sends 64 MB. The
        // stage holds at most its bound while it waits for keys, then passes the connection on encrypted.
        const Outcome o = run(
            [](auto& segments) {
                const QByteArray record = QByteArray::fromHex("1703034000") + QByteArray(0x4000, 'f');
                segments.resize(2); // the ClientHello and the server's flight
                for (int i = 0; i < 64 * 1024 * 1024 / record.size(); ++i)
                    segments.emplace_back(Direction::ClientToServer, record);
            },
            QStringLiteral("tls/tls-pyro4.keys"), true);
        QCOMPARE(o.tls.undecryptedCount, 1);
        QCOMPARE(int(o.tls.undecrypted.front().kind), int(tls::NotDecrypted::MissingKeys));
        QVERIFY2(o.tls.undecrypted.front().reason.endsWith(QStringLiteral("(none came while 4194304 bytes were held)")),
                 qPrintable(o.tls.undecrypted.front().reason));
        QVERIFY(!o.calls.empty());
        QCOMPARE(o.calls.front().status, CallStatus::Encrypted);
    }
};

QTEST_GUILESS_MAIN(TestTlsRecords)
#include "tst_tlsrecords.moc"
