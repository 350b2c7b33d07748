// The handshake messages we read in the clear (core/tls/tlshandshake): ClientHello and ServerHello from the real
// fixtures, the HelloRetryRequest marker, and messages that span records or share one; cut and forged hellos give
// errors, never reads past their bytes.
#include "tlsfixtures.h"

#include "tls/tlshandshake.h"
#include "tls/tlsrecord.h"

#include <QTest>

using namespace rpcscope;
using namespace rpcscope::tls;

namespace {

// The first handshake message of a stream that starts with a handshake record (type, body).
std::pair<quint8, QByteArray> firstMessage(const QByteArray& stream)
{
    HandshakeReassembler r;
    const RecordHeader h = *readRecordHeader(stream);
    r.add(QByteArrayView(stream).sliced(5, h.length));
    const auto m = r.next();
    return {m ? m->type : 0, m ? m->body : QByteArray()};
}

} // namespace

class TestTlsHandshake : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientHelloFromPython()
    {
        const test::TlsFixture f = test::loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        const auto [type, body] = firstMessage(f.connections[4].bytes[0]);
        QCOMPARE(type, quint8(HandshakeType::ClientHello));
        DecodeNode tree;
        const Result<ClientHello> hello = parseClientHello(body, &tree, 9);
        QVERIFY(hello.ok());
        QCOMPARE(hello->serverName, QStringLiteral("localhost"));
        QCOMPARE(hello->random.size(), 32);
        // The key log names the connection by exactly this random.
        QVERIFY(f.keys.find(SecretLabel::ClientTraffic0, hello->random));
        QVERIFY(std::find(hello->supportedVersions.begin(), hello->supportedVersions.end(), 0x0304)
                != hello->supportedVersions.end());
        QVERIFY(hello->alpn.isEmpty() || hello->alpn.contains(QStringLiteral("http/1.1")));
        // The host_name node points at the name's bytes in the stream.
        const DecodeNode* name = tree.findFirst(u"host_name");
        QVERIFY(name);
        QCOMPARE(name->value, QStringLiteral("localhost"));
        QCOMPARE(f.connections[4].bytes[0].mid(name->offset, name->length), QByteArray("localhost"));
        const DecodeNode* random = tree.findFirst(u"random");
        QCOMPARE(f.connections[4].bytes[0].mid(random->offset, random->length), hello->random);
    }

    void serverHellos_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("connection");
        QTest::addColumn<int>("version");
        QTest::addColumn<int>("suite");
        QTest::addColumn<bool>("retry");
        QTest::addRow("TLS 1.2: no supported_versions") << "tls-xmlrpc" << 0 << 0x0303 << 0xC02B << false;
        QTest::addRow("TLS 1.3: supported_versions says 1.3") << "tls-xmlrpc" << 5 << 0x0304 << 0x1303 << false;
        QTest::addRow("HelloRetryRequest") << "tls13-hrr-keyupdate" << 0 << 0x0304 << 0x1302 << true;
    }
    void serverHellos()
    {
        QFETCH(QString, fixture);
        QFETCH(int, connection);
        QFETCH(int, version);
        QFETCH(int, suite);
        QFETCH(bool, retry);
        const test::TlsFixture f = test::loadTlsFixture(fixture);
        const auto [type, body] = firstMessage(f.connections[connection].bytes[1]);
        QCOMPARE(type, quint8(HandshakeType::ServerHello));
        const Result<ServerHello> hello = parseServerHello(body);
        QVERIFY(hello.ok());
        QCOMPARE(hello->legacyVersion, 0x0303);
        QCOMPARE(hello->version(), version);
        QCOMPARE(hello->cipherSuite, suite);
        QCOMPARE(hello->helloRetryRequest, retry);
    }

    // Every cut of a real ClientHello and ServerHello is refused or read, never read past.
    void everyCut()
    {
        const test::TlsFixture f = test::loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        const QByteArray client = firstMessage(f.connections[3].bytes[0]).second;
        const QByteArray server = firstMessage(f.connections[3].bytes[1]).second;
        // The fields a cut hello still holds get nodes, and only those: every node lies within the bytes.
        std::function<void(const DecodeNode&, qsizetype)> within = [&](const DecodeNode& node, qsizetype n) {
            for (const DecodeNode& c : node.children) {
                QVERIFY2(c.offset + c.length <= n, qPrintable(QStringLiteral("%1 at %2 cut").arg(c.name).arg(n)));
                within(c, n);
            }
        };
        for (qsizetype n = 0; n < client.size(); ++n) {
            DecodeNode tree;
            const Result<ClientHello> hello = parseClientHello(QByteArrayView(client).first(n), &tree);
            if (n < 2 + 32 + 1 + 32 + 2)
                QVERIFY2(!hello.ok(), qPrintable(QString::number(n)));
            within(tree, n);
        }
        for (qsizetype n = 0; n < server.size(); ++n) {
            DecodeNode tree;
            const Result<ServerHello> hello = parseServerHello(QByteArrayView(server).first(n), &tree);
            if (n < 2 + 32 + 1)
                QVERIFY(!hello.ok());
            within(tree, n);
        }
    }

    void forgedLengths_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        const QByteArray head = QByteArray::fromHex("0303") + QByteArray(32, 'r');
        QTest::addRow("session id longer than the message")
            << head + QByteArray::fromHex("ff00") << "ClientHello ends inside its fixed fields";
        QTest::addRow("odd cipher suite length") << head + QByteArray::fromHex("000003130113")
                + QByteArray::fromHex("0100") << "ClientHello ends inside its fixed fields";
        QTest::addRow("extensions longer than the message") << head + QByteArray::fromHex("00000213010100")
                + QByteArray::fromHex("ffff0000") << "ClientHello extensions are malformed";
        QTest::addRow("server name longer than its extension") << head + QByteArray::fromHex("00000213010100")
                + QByteArray::fromHex("0009"
                                      "0000"
                                      "0005"
                                      "0003"
                                      "00ffff") << "ClientHello extensions are malformed";
    }
    void forgedLengths()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        const Result<ClientHello> hello = parseClientHello(body);
        QVERIFY(!hello.ok());
        QCOMPARE(hello.error(), error);
    }

    void reassembly()
    {
        // Two messages in one piece, then one message split over three pieces (records).
        const QByteArray finished = QByteArray::fromHex("14000003") + "abc";
        const QByteArray done = QByteArray::fromHex("0e000000");
        const QByteArray big = QByteArray::fromHex("0b000100") + QByteArray(256, 'c');
        HandshakeReassembler r;
        r.add(QByteArray(finished + done));
        QCOMPARE(r.next()->body, QByteArray("abc"));
        QCOMPARE(r.next()->type, quint8(HandshakeType::ServerHelloDone));
        QVERIFY(!r.next());
        r.add(big.first(3));
        r.add(big.mid(3, 100));
        QVERIFY(!r.next());
        QVERIFY(r.hasPartial());
        r.add(big.mid(103));
        const auto m = r.next();
        QVERIFY(m);
        QCOMPARE(m->type, quint8(HandshakeType::Certificate));
        QCOMPARE(m->body, QByteArray(256, 'c'));
        QVERIFY(!r.hasPartial());
    }

    void oversizedMessagesAreNotKept()
    {
        // A message claiming 16 MB: its type and length are reported, its body is passed over and not buffered, and
        // the message after it is read.
        HandshakeReassembler r(1024);
        r.add(QByteArray(QByteArray::fromHex("0bffffff") + QByteArray(4000, 'x')));
        const auto m = r.next();
        QVERIFY(m);
        QVERIFY(!m->kept);
        QCOMPARE(m->length, 0xffffffu);
        QVERIFY(m->body.isEmpty());
        r.add(QByteArray(QByteArray(0xffffff - 4000, 'y') + QByteArray::fromHex("14000001") + "z"));
        const auto next = r.next();
        QVERIFY(next);
        QCOMPARE(next->type, quint8(HandshakeType::Finished));
        QCOMPARE(next->body, QByteArray("z"));
    }
};

QTEST_GUILESS_MAIN(TestTlsHandshake)
#include "tst_tlshandshake.moc"
