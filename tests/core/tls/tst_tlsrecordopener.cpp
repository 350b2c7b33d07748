// Key schedule and record protection (core/tls/tlskeyschedule, tlsrecordopener), checked against real peers: the
// keys derived from the key-log secrets open the records Python and OpenSSL sent (the AEAD tag proves every byte
// of key, IV, nonce and additional data), the next-secret derivation of a KeyUpdate equals the one OpenSSL logged,
// and a changed byte, a wrong sequence number or a short record is refused.
#include "tlsfixtures.h"

#include "tls/tlsciphersuite.h"
#include "tls/tlshandshake.h"
#include "tls/tlskeyschedule.h"
#include "tls/tlsrecord.h"
#include "tls/tlsrecordopener.h"

#include <QTest>

using namespace rpcscope;
using namespace rpcscope::tls;

namespace {

std::vector<QByteArray> records(const QByteArray& stream)
{
    std::vector<QByteArray> out;
    for (qsizetype at = 0; at + 5 <= stream.size();) {
        const RecordHeader h = *readRecordHeader(QByteArrayView(stream).sliced(at));
        out.push_back(stream.mid(at, h.wireLength()));
        at += h.wireLength();
    }
    return out;
}

QByteArray helloBody(const QByteArray& record)
{
    HandshakeReassembler r;
    r.add(QByteArrayView(record).sliced(5));
    return r.next()->body;
}

// The first record after `type` in `stream` (the first protected record after ChangeCipherSpec).
QByteArray recordAfter(const QByteArray& stream, quint8 type)
{
    const std::vector<QByteArray> all = records(stream);
    for (std::size_t i = 0; i + 1 < all.size(); ++i) {
        if (quint8(all[i][0]) == type)
            return all[i + 1];
    }
    return {};
}

} // namespace

class TestTlsRecordOpener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // TLS 1.2: key_block from the master secret and both randoms; the client's first protected record is its
    // Finished (handshake type 20, 12 bytes of verify_data), sequence number 0.
    void tls12Finished_data()
    {
        QTest::addColumn<int>("connection");
        QTest::addRow("AES-128-GCM") << 0;
        QTest::addRow("AES-256-GCM, SHA-384 PRF") << 1;
        QTest::addRow("ChaCha20-Poly1305") << 2;
    }
    void tls12Finished()
    {
        QFETCH(int, connection);
        const test::TlsFixture f = test::loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        const test::ReplayedConnection& c = f.connections[connection];
        const ClientHello client = *parseClientHello(helloBody(records(c.bytes[0]).front()));
        const ServerHello server = *parseServerHello(helloBody(records(c.bytes[1]).front()));
        const CipherSuite* suite = findCipherSuite(server.cipherSuite);
        QVERIFY(suite);
        const KeyLogSecret* master = f.keys.find(SecretLabel::ClientRandom, client.random);
        QVERIFY(master);
        const Result<Tls12KeyBlock> keys = tls12KeyBlock(*suite, master->secret, client.random, server.random);
        QVERIFY(keys.ok());
        Result<RecordOpener> opener = RecordOpener::create(*suite, keys->client);
        QVERIFY(opener.ok());
        const QByteArray finished = recordAfter(c.bytes[0], quint8(ContentType::ChangeCipherSpec));
        QByteArray out;
        const RecordOpener::Opened opened = opener->open(finished, 0, out);
        QCOMPARE(int(opened.outcome), int(RecordOpener::Outcome::Opened));
        QCOMPARE(opened.type, quint8(ContentType::Handshake));
        QCOMPARE(opened.contentLength, 16);
        QCOMPARE(out.left(4), QByteArray::fromHex("1400000c"));

        // Not sequence number 1, not a changed byte anywhere, not the server's key.
        QCOMPARE(int(opener->open(finished, 1, out).outcome), int(RecordOpener::Outcome::BadTag));
        for (qsizetype i = 0; i < finished.size(); ++i) {
            QByteArray changed = finished;
            changed[i] ^= 0x01;
            if (i >= 3 && i < 5)
                continue; // the length field: a different length is a different record
            QCOMPARE(int(opener->open(changed, 0, out).outcome), int(RecordOpener::Outcome::BadTag));
        }
        Result<RecordOpener> server12 = RecordOpener::create(*suite, keys->server);
        QCOMPARE(int(server12->open(finished, 0, out).outcome), int(RecordOpener::Outcome::BadTag));
        QCOMPARE(int(opener->open(finished.left(5 + 10), 0, out).outcome), int(RecordOpener::Outcome::TooShort));
    }

    // TLS 1.3: the server's first protected record under SERVER_HANDSHAKE_TRAFFIC_SECRET holds
    // EncryptedExtensions (handshake type 8); its real content type is inside the encryption.
    void tls13ServerHandshake_data()
    {
        QTest::addColumn<int>("connection");
        QTest::addRow("TLS_AES_128_GCM_SHA256") << 3;
        QTest::addRow("TLS_AES_256_GCM_SHA384") << 4;
        QTest::addRow("TLS_CHACHA20_POLY1305_SHA256") << 5;
    }
    void tls13ServerHandshake()
    {
        QFETCH(int, connection);
        const test::TlsFixture f = test::loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        const test::ReplayedConnection& c = f.connections[connection];
        const ClientHello client = *parseClientHello(helloBody(records(c.bytes[0]).front()));
        const ServerHello server = *parseServerHello(helloBody(records(c.bytes[1]).front()));
        const CipherSuite* suite = findCipherSuite(server.cipherSuite);
        QVERIFY(suite && suite->tls13);
        const KeyLogSecret* secret = f.keys.find(SecretLabel::ServerHandshakeTraffic, client.random);
        QVERIFY(secret);
        const Result<TrafficKeys> keys = tls13TrafficKeys(*suite, secret->secret);
        QVERIFY(keys.ok());
        QCOMPARE(keys->key.size(), suite->keyBytes);
        QCOMPARE(keys->iv.size(), 12);
        Result<RecordOpener> opener = RecordOpener::create(*suite, *keys);
        QVERIFY(opener.ok());
        // After the ServerHello come a dummy ChangeCipherSpec and the protected records.
        QByteArray first;
        for (const QByteArray& r : records(c.bytes[1])) {
            if (quint8(r[0]) == quint8(ContentType::ApplicationData)) {
                first = r;
                break;
            }
        }
        QByteArray out;
        const RecordOpener::Opened opened = opener->open(first, 0, out);
        QCOMPARE(int(opened.outcome), int(RecordOpener::Outcome::Opened));
        QCOMPARE(opened.type, quint8(ContentType::Handshake));
        QCOMPARE(quint8(out[0]), quint8(HandshakeType::EncryptedExtensions));
        QCOMPARE(int(opener->open(first, 1, out).outcome), int(RecordOpener::Outcome::BadTag));
        // A wrong secret size is refused before any record is tried.
        QVERIFY(!tls13TrafficKeys(*suite, QByteArray(20, 'x')).ok());
    }

    // OpenSSL 3 also logs the secrets after a KeyUpdate (CLIENT_TRAFFIC_SECRET_N): ours are the same bytes.
    void keyUpdateMatchesOpenSsl()
    {
        const QByteArray text = test::readData(QStringLiteral("tls/tls13-hrr-keyupdate.keys"));
        QHash<QByteArray, QByteArray> secrets;
        for (const QByteArray& line : text.split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() == 3)
                secrets.insert(parts[0], QByteArray::fromHex(parts[2]));
        }
        const CipherSuite* suite = findCipherSuite(0x1302);
        for (const char* side : {"CLIENT", "SERVER"}) {
            const QByteArray zero = secrets.value(QByteArray(side) + "_TRAFFIC_SECRET_0");
            const QByteArray next = secrets.value(QByteArray(side) + "_TRAFFIC_SECRET_N");
            QVERIFY(!zero.isEmpty() && !next.isEmpty());
            const Result<QByteArray> derived = tls13NextTrafficSecret(*suite, zero);
            QVERIFY(derived.ok());
            QCOMPARE(derived->toHex(), next.toHex());
        }
    }

    void junkRecordsAreRefused()
    {
        const test::TlsFixture f = test::loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        const test::ReplayedConnection& c = f.connections[4];
        const ClientHello client = *parseClientHello(helloBody(records(c.bytes[0]).front()));
        const CipherSuite* suite = findCipherSuite(0x1302);
        const Result<TrafficKeys> keys
            = tls13TrafficKeys(*suite, f.keys.find(SecretLabel::ClientTraffic0, client.random)->secret);
        Result<RecordOpener> opener = RecordOpener::create(*suite, *keys);
        QByteArray out;
        // Garbage of a plausible size is refused, not misread.
        QByteArray junk = QByteArray::fromHex("1703030030") + QByteArray(0x30, 'j');
        QCOMPARE(int(opener->open(junk, 0, out).outcome), int(RecordOpener::Outcome::BadTag));
        QCOMPARE(int(opener->open(QByteArray(QByteArray::fromHex("170303000a") + QByteArray(10, 'j')), 0, out).outcome),
                 int(RecordOpener::Outcome::TooShort));
    }
};

QTEST_GUILESS_MAIN(TestTlsRecordOpener)
#include "tst_tlsrecordopener.moc"
