// One TLS connection followed from its first byte (core/tls/tlsconnection): the real fixtures of tests/data/tls
// (Python's xmlrpc.client and Pyro4 over TLS 1.2 and 1.3, openssl s_client with a HelloRetryRequest and
// KeyUpdates) decrypted with the key logs their clients wrote; and each way it can fail, named.
#include "tlsfixtures.h"

#include "tls/tlsciphersuite.h"

#include <QTest>

using namespace rpcscope;
using namespace rpcscope::tls;
using rpcscope::test::loadTlsFixture;
using rpcscope::test::PlaintextCollector;

namespace {

struct Run
{
    std::unique_ptr<TlsConnection> tls = std::make_unique<TlsConnection>();
    PlaintextCollector out;
};

Run run(const test::ReplayedConnection& c, const KeyLog& keys)
{
    Run r;
    test::feedSegments(*r.tls, c, keys, r.out);
    return r;
}

} // namespace

class TestTlsConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void suites_data()
    {
        QTest::addColumn<int>("connection");
        QTest::addColumn<int>("version");
        QTest::addColumn<int>("suite");
        // The order of capture.sh: three TLS 1.2 suites, then TLS 1.3 with each of its suites.
        QTest::addRow("TLS 1.2 AES-128-GCM") << 0 << 0x0303 << 0xC02B;
        QTest::addRow("TLS 1.2 AES-256-GCM (SHA-384 PRF)") << 1 << 0x0303 << 0xC02C;
        QTest::addRow("TLS 1.2 ChaCha20-Poly1305") << 2 << 0x0303 << 0xCCA9;
        QTest::addRow("TLS 1.3 AES-128-GCM") << 3 << 0x0304 << 0x1301;
        QTest::addRow("TLS 1.3 AES-256-GCM") << 4 << 0x0304 << 0x1302;
        QTest::addRow("TLS 1.3 ChaCha20-Poly1305") << 5 << 0x0304 << 0x1303;
    }
    void suites()
    {
        QFETCH(int, connection);
        QFETCH(int, version);
        QFETCH(int, suite);
        const test::TlsFixture f = loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        QCOMPARE(f.connections.size(), std::size_t(6));
        const Run r = run(f.connections[connection], f.keys);
        QVERIFY2(!r.tls->failed(), qPrintable(r.tls->session()->notDecrypted));
        QVERIFY(!r.tls->blocked());
        QVERIFY(r.tls->delivering());
        QVERIFY2(r.out.losses.isEmpty(), qPrintable(r.out.losses.join('\n')));
        const SessionInfo& s = *r.tls->session();
        QCOMPARE(s.version, version);
        QCOMPARE(s.cipherSuite, suite);
        QCOMPARE(s.serverName, QStringLiteral("localhost"));
        QVERIFY(s.decrypted());
        // The four calls of client.py, in the clear: four requests and four replies on one keep-alive connection.
        const QByteArray& requests = r.out.plaintext[0];
        const QByteArray& replies = r.out.plaintext[1];
        QCOMPARE(requests.count("POST /RPC2 HTTP/1.1\r\n"), 4);
        QCOMPARE(replies.count("HTTP/1.0 200 OK\r\n") + replies.count("HTTP/1.1 200 OK\r\n"), 4);
        QVERIFY(requests.contains("<methodName>add</methodName>"));
        QVERIFY(requests.contains("<string>not over TLS</string>"));
        // The 40,000-character string needs three records: records of at most 2^14 bytes each.
        QVERIFY(r.out.records[0] >= 4 + 2);
        // The key-log lines it used, by label and line.
        QStringList labels;
        for (const SessionInfo::KeyUse& k : s.keys) {
            labels << k.label;
            QVERIFY2(k.origin.startsWith(QStringLiteral("tls-xmlrpc.keys line ")), qPrintable(k.origin));
        }
        if (version == 0x0303)
            QCOMPARE(labels, QStringList {QStringLiteral("CLIENT_RANDOM")});
        else
            QCOMPARE(labels,
                     (QStringList {QStringLiteral("CLIENT_HANDSHAKE_TRAFFIC_SECRET"),
                                   QStringLiteral("CLIENT_TRAFFIC_SECRET_0"),
                                   QStringLiteral("SERVER_HANDSHAKE_TRAFFIC_SECRET"),
                                   QStringLiteral("SERVER_TRAFFIC_SECRET_0")}));
    }

    void helloRetryAndKeyUpdates()
    {
        const test::TlsFixture f = loadTlsFixture(QStringLiteral("tls13-hrr-keyupdate"));
        QCOMPARE(f.connections.size(), std::size_t(1));
        const Run r = run(f.connections[0], f.keys);
        QVERIFY2(r.tls->delivering() && !r.tls->failed(), qPrintable(r.tls->session()->notDecrypted));
        const SessionInfo& s = *r.tls->session();
        QVERIFY(s.helloRetryRequest);
        // s_client's "K": the client updates its key and asks the server to update too; the second request and its
        // reply are under the updated keys.
        QStringList labels;
        for (const SessionInfo::KeyUse& k : s.keys)
            labels << k.label;
        QVERIFY2(labels.contains(QStringLiteral("CLIENT_TRAFFIC_SECRET_0, updated 1×")), qPrintable(labels.join(',')));
        QVERIFY2(labels.contains(QStringLiteral("SERVER_TRAFFIC_SECRET_0, updated 1×")), qPrintable(labels.join(',')));
        QVERIFY(r.out.plaintext[0].contains("<int>40</int>"));
        QVERIFY(r.out.plaintext[1].contains("<int>42</int>"));
        QCOMPARE(r.out.plaintext[0].count("POST /RPC2"), 2);
        QVERIFY(r.out.losses.isEmpty());
    }

    void pyro4()
    {
        const test::TlsFixture f = loadTlsFixture(QStringLiteral("tls-pyro4"));
        QCOMPARE(f.connections.size(), std::size_t(1));
        const Run r = run(f.connections[0], f.keys);
        QVERIFY2(r.tls->delivering(), qPrintable(r.tls->session()->notDecrypted));
        QVERIFY(r.out.plaintext[0].startsWith("PYRO"));
        QVERIFY(r.out.plaintext[1].startsWith("PYRO"));
    }

    void missingKeys_data()
    {
        QTest::addColumn<int>("connection");
        QTest::addColumn<QStringList>("missing");
        QTest::addRow("TLS 1.2") << 0 << QStringList {QStringLiteral("CLIENT_RANDOM")};
        QTest::addRow("TLS 1.3") << 4
                                 << QStringList {QStringLiteral("CLIENT_TRAFFIC_SECRET_0"),
                                                 QStringLiteral("SERVER_TRAFFIC_SECRET_0")};
    }
    void missingKeys()
    {
        QFETCH(int, connection);
        QFETCH(QStringList, missing);
        const test::TlsFixture f = loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        const Run r = run(f.connections[connection], KeyLog());
        QVERIFY(r.tls->blocked());
        QVERIFY(!r.tls->failed());
        QVERIFY(!r.tls->delivering());
        QCOMPARE(r.tls->missing(), missing);
        // What it knew before it stopped: enough to say which connection wants which keys.
        QCOMPARE(r.tls->session()->serverName, QStringLiteral("localhost"));
        QCOMPARE(r.tls->session()->clientRandom.size(), 32);
        QVERIFY(r.out.plaintext[0].isEmpty() && r.out.plaintext[1].isEmpty());
    }

    void handshakeSecretsAreOptional()
    {
        // jSSLKeyLog-style logs, or a log cut short: the application secrets alone decrypt the application data.
        const test::TlsFixture f = loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        QByteArray text;
        for (const QByteArray& line : f.keyText.split('\n')) {
            if (!line.contains("HANDSHAKE"))
                text += line + '\n';
        }
        KeyLog keys;
        keys.addText(text, QStringLiteral("app-only.keys"));
        const Run r = run(f.connections[4], keys);
        QVERIFY2(r.tls->delivering(), qPrintable(r.tls->session()->notDecrypted));
        QCOMPARE(r.out.plaintext[0].count("POST /RPC2"), 4);
        QVERIFY(r.out.losses.isEmpty());
    }

    void wrongKeys_data()
    {
        QTest::addColumn<int>("connection");
        QTest::addColumn<QByteArray>("label");
        QTest::addColumn<QString>("reason");
        QTest::addRow("TLS 1.2 master secret")
            << 0 << QByteArray("CLIENT_RANDOM")
            << "the key log's CLIENT_RANDOM (wrong.keys line %1) does not decrypt the client's first encrypted record";
        QTest::addRow("TLS 1.3 server handshake secret")
            << 4 << QByteArray("SERVER_HANDSHAKE_TRAFFIC_SECRET")
            << "the key log's SERVER_HANDSHAKE_TRAFFIC_SECRET (wrong.keys line %1) does not decrypt the server's "
               "first encrypted record";
        QTest::addRow("TLS 1.3 client application secret")
            << 4 << QByteArray("CLIENT_TRAFFIC_SECRET_0")
            << "the key log's CLIENT_TRAFFIC_SECRET_0 (wrong.keys line %1) does not decrypt the client's application "
               "data";
    }
    void wrongKeys()
    {
        QFETCH(int, connection);
        QFETCH(QByteArray, label);
        QFETCH(QString, reason);
        const test::TlsFixture f = loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        // Change the line of this connection's label only: its random is the ClientHello's.
        const Run plain = run(f.connections[connection], f.keys);
        const QByteArray random = plain.tls->session()->clientRandom.toHex();
        QList<QByteArray> lines = f.keyText.split('\n');
        int lineNumber = 0;
        for (int i = 0; i < lines.size(); ++i) {
            if (lines[i].startsWith(QByteArray(label + ' ' + random))) {
                lines[i][lines[i].size() - 1] = lines[i].endsWith('0') ? '1' : '0';
                lineNumber = i + 1;
            }
        }
        QVERIFY(lineNumber > 0);
        KeyLog keys;
        keys.addText(lines.join('\n'), QStringLiteral("wrong.keys"));
        const Run r = run(f.connections[connection], keys);
        QVERIFY(r.tls->failed());
        QVERIFY(!r.tls->delivering());
        QCOMPARE(r.tls->session()->notDecryptedKind, NotDecrypted::WrongKey);
        QVERIFY2(r.tls->session()->notDecrypted.startsWith(reason.arg(lineNumber)),
                 qPrintable(r.tls->session()->notDecrypted));
        QVERIFY(r.out.plaintext[0].isEmpty() && r.out.plaintext[1].isEmpty());
    }

    void refused_data()
    {
        QTest::addColumn<int>("connection");
        QTest::addColumn<QString>("change");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("reason");
        QTest::addRow("a CBC suite") << 0 << "suite" << int(NotDecrypted::UnsupportedSuite)
                                     << "the cipher suite TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 (0xc027) is not "
                                        "supported for decryption";
        QTest::addRow("TLS 1.1") << 0 << "version" << int(NotDecrypted::UnsupportedVersion)
                                 << "TLS 1.1 is not decrypted";
        QTest::addRow("a cut ClientHello")
            << 0 << "cut hello" << int(NotDecrypted::Malformed) << "the ClientHello is malformed";
        QTest::addRow("a record over 2^14 + 256 bytes") << 0 << "long record" << int(NotDecrypted::Malformed)
                                                        << "the client sent a record TLS does not allow (record "
                                                           "length 20000 exceeds the TLS limit of 16640 bytes)";
        QTest::addRow("a gap in the handshake") << 4 << "gap" << int(NotDecrypted::Incomplete)
                                                << "bytes are missing from the capture during the TLS handshake";
    }
    void refused()
    {
        QFETCH(int, connection);
        QFETCH(QString, change);
        QFETCH(int, kind);
        QFETCH(QString, reason);
        const test::TlsFixture f = loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        const test::ReplayedConnection& c = f.connections[connection];
        QByteArray client = c.bytes[0];
        QByteArray server = c.bytes[1];
        if (change == QLatin1String("suite")) {
            const qsizetype at = test::serverHelloSuiteOffset(server);
            server[at] = char(0xC0);
            server[at + 1] = char(0x27);
        } else if (change == QLatin1String("version")) {
            server[9] = 3;
            server[10] = 2;
        } else if (change == QLatin1String("cut hello")) {
            // A record of 60 bytes holding a ClientHello of 56, cut inside its session id.
            const int cut = 60;
            client = client.left(5 + cut);
            client[3] = char(cut >> 8);
            client[4] = char(cut & 0xff);
            client[6] = 0;
            client[7] = 0;
            client[8] = char(cut - 4);
            server.clear();
        } else if (change == QLatin1String("long record")) {
            client = QByteArray::fromHex("1703034e20") + QByteArray(32, 'x');
            server.clear();
        }
        // The ClientHello, then the server's flight, then the rest of the client's bytes, as they were sent.
        const qsizetype hello = client.size() < 5 ? client.size() : 5 + ((quint8(client[3]) << 8) | quint8(client[4]));
        TlsConnection tls;
        PlaintextCollector out;
        tls.feed(Direction::ClientToServer, client.left(hello), 1.0, f.keys, out);
        if (change == QLatin1String("gap"))
            tls.gap(Direction::ServerToClient, 100, 1.5, out);
        tls.feed(Direction::ServerToClient, server, 2.0, f.keys, out);
        tls.feed(Direction::ClientToServer, client.mid(hello), 3.0, f.keys, out);
        QVERIFY(tls.failed());
        QCOMPARE(int(tls.session()->notDecryptedKind), kind);
        QVERIFY2(tls.session()->notDecrypted.startsWith(reason), qPrintable(tls.session()->notDecrypted));
        QVERIFY(out.plaintext[0].isEmpty() && out.plaintext[1].isEmpty());
    }

    // Once application data flows, a record that does not open costs that record only: the rest still decrypts,
    // and what was lost is said.
    void badTagAfterTheHandshake_data()
    {
        QTest::addColumn<int>("connection");
        QTest::addRow("TLS 1.2 AES-GCM") << 0;
        QTest::addRow("TLS 1.2 ChaCha20") << 2;
        QTest::addRow("TLS 1.3") << 4;
    }
    void badTagAfterTheHandshake()
    {
        QFETCH(int, connection);
        const test::TlsFixture f = loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        test::ReplayedConnection c = f.connections[connection];
        const Run clean = run(c, f.keys);
        // Flip a byte in the middle of the client's last segment: an application data record of the last call.
        auto last = std::find_if(c.segments.rbegin(), c.segments.rend(), [](const auto& s) {
            return s.first == Direction::ClientToServer && s.second.size() > 200;
        });
        QVERIFY(last != c.segments.rend());
        last->second[last->second.size() / 2] ^= 0x40;
        const Run r = run(c, f.keys);
        QVERIFY(r.tls->delivering());
        QVERIFY(!r.tls->failed());
        QCOMPARE(r.tls->lostRecords(), 1);
        QCOMPARE(r.out.losses.size(), 1);
        QVERIFY2(r.out.losses[0].contains(QStringLiteral("does not authenticate (bad tag)")),
                 qPrintable(r.out.losses[0]));
        QCOMPARE(r.out.records[0], clean.out.records[0] - 1);
        QCOMPARE(r.out.plaintext[1], clean.out.plaintext[1]);
        QVERIFY(r.out.plaintext[0].size() < clean.out.plaintext[0].size());
    }

    // Bytes lost in the middle of the application data: the records in them are gone, the next records are found
    // again and decrypt (their sequence numbers are found by trying the next ones).
    void gapAfterTheHandshake()
    {
        const test::TlsFixture f = loadTlsFixture(QStringLiteral("tls-xmlrpc"));
        const test::ReplayedConnection& c = f.connections[3];
        const Run clean = run(c, f.keys);
        TlsConnection tls;
        PlaintextCollector out;
        int clientSegments = 0;
        int skipped = 0;
        for (const auto& [dir, bytes] : c.segments) {
            // Drop the client's tenth segment (inside the 40 KB request), as a capture drop would.
            if (dir == Direction::ClientToServer && ++clientSegments == 10 && tls.delivering()) {
                tls.gap(dir, bytes.size(), 1.0, out);
                skipped = int(bytes.size());
                continue;
            }
            tls.feed(dir, bytes, 1.0, f.keys, out);
        }
        QVERIFY(skipped > 0);
        QVERIFY(!tls.failed());
        QCOMPARE(out.plaintext[1], clean.out.plaintext[1]);
        QVERIFY(out.losses.first().contains(
            QStringLiteral("%1 bytes of the client's TLS records are missing").arg(skipped)));
        // Records after the gap decrypted again: the last request is there in full.
        QVERIFY(out.plaintext[0].endsWith(clean.out.plaintext[0].right(100)));
    }
};

QTEST_GUILESS_MAIN(TestTlsConnection)
#include "tst_tlsconnection.moc"
