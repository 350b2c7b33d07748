// EndpointFollowStage on whole real connections (tests/data: JDK 17 RMI, Python XML-RPC), fed as the proxy feeds
// it: every client and server segment in capture order, whole or a few bytes at a time. What it gives the client is
// the server's byte stream exactly, but for the Returns that hand out stubs, which are the rewriter's bytes.
#include "../jrmp/pcapreplay.h"
#include "decoderregistry.h"
#include "intercept/endpointfollowstage.h"
#include "intercept/jrmpendpointrewriter.h"
#include "intercept/pyroendpointrewriter.h"
#include "testsupport.h"

#include <QTest>

using namespace rpcscope;

namespace {

const HandedOutEndpoint kProxy {QStringLiteral("127.0.0.9"), 40404};

std::optional<HandedOutEndpoint> toProxy(const HandedOutEndpoint&)
{
    return kProxy;
}

struct Fed
{
    QByteArray toClient;
    QByteArray expected;
    int rewritten = 0;
    int stubs = 0;
    qint64 maxHeld = 0;
    bool following = false;
};

// Feeds one connection to a stage in `chunk`-byte pieces (0: whole segments).
Fed feed(const test::ReplayedConnection& c, qsizetype chunk)
{
    static const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    DecodeOptions options;
    EndpointFollowStage stage(registry, options, c.client.port, c.server.port, toProxy);
    Fed fed;
    double ts = 1;
    for (const auto& [dir, bytes] : c.segments) {
        for (qsizetype at = 0; at < bytes.size(); at += chunk ? chunk : bytes.size()) {
            const QByteArrayView piece
                = QByteArrayView(bytes).sliced(at, std::min(bytes.size() - at, chunk ? chunk : bytes.size()));
            if (dir == Direction::ClientToServer)
                stage.clientBytes(piece, ts, fed.toClient);
            else
                stage.serverBytes(piece, ts, fed.toClient);
            fed.maxHeld = std::max(fed.maxHeld, stage.held());
            ts += 0.001;
        }
        if (dir == Direction::ServerToClient) {
            // In these captures each message is one segment: the rewriter's view of it is what is expected.
            const EndpointRewrite r = bytes.startsWith("PYRO") ? rewritePyroEndpoints(bytes, toProxy)
                                                               : rewriteJrmpEndpoints(bytes, toProxy);
            fed.stubs += r.rewritten;
            fed.expected += r.rewritten ? r.bytes : bytes;
        }
    }
    stage.clientEnded(ts, fed.toClient);
    stage.serverEnded(ts, fed.toClient);
    fed.rewritten = stage.rewritten();
    fed.following = stage.following();
    return fed;
}

} // namespace

class TestEndpointFollowStage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void givesTheServersBytesWithStubsRewritten_data();
    void givesTheServersBytesWithStubsRewritten();
    void otherProtocolsPassAsTheyCome();
};

void TestEndpointFollowStage::givesTheServersBytesWithStubsRewritten_data()
{
    QTest::addColumn<QString>("pcap");
    QTest::addColumn<int>("serverPort");
    QTest::addColumn<int>("stubs"); // -1: some
    QTest::addColumn<qsizetype>("chunk");
    for (qsizetype chunk : {qsizetype(0), qsizetype(1), qsizetype(7)}) {
        const QString in = chunk ? QStringLiteral(", %1-byte pieces").arg(chunk) : QStringLiteral(", whole segments");
        QTest::addRow("registry: list and lookup%s", qPrintable(in)) << "jrmp/names/names.pcap" << 21199 << 1 << chunk;
        QTest::addRow("object: calls and self()%s", qPrintable(in)) << "jrmp/names/names.pcap" << 21200 << 1 << chunk;
        QTest::addRow("JMX: lookup and newClient%s", qPrintable(in)) << "jrmp/jmx/jmx.pcap" << 21299 << 2 << chunk;
        QTest::addRow("hello: three lookups, one with a socket factory%s", qPrintable(in))
            << "jrmp/hello.pcap" << 21099 << 2 << chunk;
        QTest::addRow("Pyro4 name server: list, lookup, PYRONAME%s", qPrintable(in))
            << "pyro4/pyro4-names.pcap" << 0 << -1 << chunk;
        QTest::addRow("Pyro5 name server: list, lookup, PYRONAME%s", qPrintable(in))
            << "pyro5/pyro5-names.pcap" << 0 << -1 << chunk;
    }
}

void TestEndpointFollowStage::givesTheServersBytesWithStubsRewritten()
{
    QFETCH(QString, pcap);
    QFETCH(int, serverPort);
    QFETCH(int, stubs);
    QFETCH(qsizetype, chunk);
    int connections = 0;
    int rewritten = 0;
    for (const test::ReplayedConnection& c : test::replayPcap(test::readData(pcap), nullptr)) {
        if ((serverPort && c.server.port != serverPort) || c.bytes[1].isEmpty())
            continue;
        ++connections;
        const Fed fed = feed(c, chunk);
        QVERIFY(fed.following);
        QCOMPARE(fed.rewritten, fed.stubs);
        QCOMPARE(fed.toClient.size(), fed.expected.size());
        QVERIFY(fed.toClient == fed.expected);
        // Held no longer than a message: nothing waits for more than the largest server segment; and a message that
        // comes in one read is given on at once, a void method's return too (no waiting for the server's silence).
        QVERIFY(fed.maxHeld <= c.bytes[1].size());
        if (chunk == 0)
            QCOMPARE(fed.maxHeld, 0);
        rewritten += fed.rewritten;
    }
    QVERIFY(connections > 0);
    if (stubs >= 0)
        QCOMPARE(rewritten, stubs);
    else
        QVERIFY(rewritten > 0); // the name server's answers
}

void TestEndpointFollowStage::otherProtocolsPassAsTheyCome()
{
    int connections = 0;
    for (const test::ReplayedConnection& c :
         test::replayPcap(test::readData(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap")), nullptr)) {
        for (qsizetype chunk : {qsizetype(0), qsizetype(5)}) {
            const Fed fed = feed(c, chunk);
            QVERIFY(!fed.following);
            QCOMPARE(fed.rewritten, 0);
            QVERIFY(fed.toClient == c.bytes[1]);
        }
        ++connections;
    }
    QVERIFY(connections > 0);
}

QTEST_GUILESS_MAIN(TestEndpointFollowStage)
#include "tst_endpointfollowstage.moc"
