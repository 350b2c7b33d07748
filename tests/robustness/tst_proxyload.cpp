// The recording proxy (`rpcscope-cli proxy`) under load and faults: 1,000 concurrent XML-RPC calls through it to
// the test server, each answered and each decoded by the proxy; 1 MiB transfers echoed through it byte for byte
// (nothing lost, nothing duplicated); an upstream that resets connections, and clients that vanish, end only
// their own connections while the others carry on.

#include "serverprocess.h"
#include "socketload.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace rpcscope;

namespace {

constexpr int kConnections = 1000;

/// An upstream that echoes everything, or (with `resetAfter` > 0) resets each connection after that many bytes.
class Upstream : public QObject
{
public:
    explicit Upstream(qint64 resetAfter = 0)
        : m_resetAfter(resetAfter)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                QObject::connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    const QByteArray data = s->readAll();
                    qint64& seen = m_seen[s];
                    seen += data.size();
                    if (m_resetAfter > 0 && seen >= m_resetAfter) {
                        ++resets;
                        s->abort();
                        return;
                    }
                    s->write(data);
                });
            }
        });
        m_server.setMaxPendingConnections(kConnections);
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    int resets = 0;

private:
    qint64 m_resetAfter;
    QTcpServer m_server;
    QHash<QTcpSocket*, qint64> m_seen;
};

QByteArray randomBlob(qsizetype n, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray b(n, Qt::Uninitialized);
    rng.fillRange(reinterpret_cast<quint32*>(b.data()), n / 4);
    return b;
}

/// A reply of exactly `n` bytes.
test::ReplyLength exactly(qsizetype n)
{
    return [n](const QByteArray& r) { return r.size() >= n ? n : qsizetype(-1); };
}

} // namespace

class TestProxyLoad : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void thousandCallsThroughTheProxy();
    void transfersAreByteExact();
    void upstreamResetsEndOnlyTheirConnections();
    void clientsVanishing();

private:
    bool proxyWorks();
    test::CliProcess m_server;
    test::CliProcess m_proxy;
    std::unique_ptr<Upstream> m_echo;
    std::unique_ptr<Upstream> m_resetter;
    quint16 m_toServer = 0;
    quint16 m_toEcho = 0;
    quint16 m_toResetter = 0;
};

void TestProxyLoad::initTestCase()
{
    test::raiseOpenFileLimit();
    QVERIFY2(m_server.start({QStringLiteral("serve"), QStringLiteral("--xmlrpc"), QStringLiteral("127.0.0.1:0"),
                             QStringLiteral("--pyro"), QStringLiteral("127.0.0.1:0")},
                            2),
             qPrintable(m_server.errors()));
    m_echo = std::make_unique<Upstream>();
    m_resetter = std::make_unique<Upstream>(1000);
    m_toServer = test::freeTcpPort();
    m_toEcho = test::freeTcpPort();
    m_toResetter = test::freeTcpPort();
    auto at = [](quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); };
    QVERIFY(m_proxy.start({QStringLiteral("proxy"), QStringLiteral("--listen"), at(m_toServer), QStringLiteral("--to"),
                           at(m_server.port(QStringLiteral("xmlrpc"))), QStringLiteral("--listen"), at(m_toEcho),
                           QStringLiteral("--to"), at(m_echo->port()), QStringLiteral("--listen"), at(m_toResetter),
                           QStringLiteral("--to"), at(m_resetter->port()), QStringLiteral("--format"),
                           QStringLiteral("jsonl")},
                          0));
    QTRY_VERIFY_WITH_TIMEOUT(proxyWorks(), 10000);
}

bool TestProxyLoad::proxyWorks()
{
    const auto o
        = test::runConnections(QStringLiteral("127.0.0.1"), m_toServer,
                               {{{test::xmlRpcEchoRequest(QStringLiteral("ping")), test::httpReplyLength}}}, 3000);
    return o.front().done && o.front().replies.front().contains("ping");
}

void TestProxyLoad::thousandCallsThroughTheProxy()
{
    std::vector<std::vector<test::ExchangeStep>> scripts;
    for (int i = 0; i < kConnections; ++i)
        scripts.push_back({{test::xmlRpcEchoRequest(QStringLiteral("proxied-%1").arg(i)), test::httpReplyLength}});
    const auto outcomes = test::runConnections(QStringLiteral("127.0.0.1"), m_toServer, scripts, 90000);
    for (int i = 0; i < kConnections; ++i) {
        const test::ConnectionOutcome& o = outcomes[static_cast<std::size_t>(i)];
        QVERIFY2(o.done, qPrintable(QStringLiteral("connection %1: %2").arg(i).arg(o.error)));
        QVERIFY2(o.replies.front().contains(QByteArray("<string>proxied-" + QByteArray::number(i) + "</string>")),
                 o.replies.front().constData());
    }
    // The proxy decoded every one of them (one JSON line per call on its standard output).
    QByteArray decoded;
    QTRY_VERIFY_WITH_TIMEOUT(
        (decoded += m_proxy.process().readAllStandardOutput(), decoded.count("\"proxied-") >= 2 * kConnections), 20000);
}

void TestProxyLoad::transfersAreByteExact()
{
    constexpr int kTransfers = 50;
    constexpr qsizetype kBytes = 1 << 20;
    std::vector<QByteArray> blobs;
    std::vector<std::vector<test::ExchangeStep>> scripts;
    for (int i = 0; i < kTransfers; ++i) {
        blobs.push_back(randomBlob(kBytes, static_cast<quint32>(i + 1)));
        scripts.push_back({{blobs.back(), exactly(kBytes)}});
    }
    const auto outcomes = test::runConnections(QStringLiteral("127.0.0.1"), m_toEcho, scripts, 90000);
    for (int i = 0; i < kTransfers; ++i) {
        const test::ConnectionOutcome& o = outcomes[static_cast<std::size_t>(i)];
        QVERIFY2(o.done, qPrintable(QStringLiteral("transfer %1: %2").arg(i).arg(o.error)));
        QCOMPARE(QCryptographicHash::hash(o.replies.front(), QCryptographicHash::Sha256),
                 QCryptographicHash::hash(blobs[static_cast<std::size_t>(i)], QCryptographicHash::Sha256));
    }
}

void TestProxyLoad::upstreamResetsEndOnlyTheirConnections()
{
    // 100 connections whose upstream resets them after 1,000 bytes, interleaved with 100 healthy 64 KiB echoes.
    constexpr qsizetype kBytes = 64 * 1024;
    std::vector<std::vector<test::ExchangeStep>> doomed(100, {{randomBlob(kBytes, 99), exactly(kBytes)}});
    std::vector<QByteArray> blobs;
    std::vector<std::vector<test::ExchangeStep>> healthy;
    for (int i = 0; i < 100; ++i) {
        blobs.push_back(randomBlob(kBytes, static_cast<quint32>(1000 + i)));
        healthy.push_back({{blobs.back(), exactly(kBytes)}});
    }
    std::vector<test::ConnectionOutcome> doomedOut;
    // Both sets run in the same event loop: start the doomed ones through a zero-timer.
    QTimer::singleShot(
        0, [&] { doomedOut = test::runConnections(QStringLiteral("127.0.0.1"), m_toResetter, doomed, 30000); });
    const auto healthyOut = test::runConnections(QStringLiteral("127.0.0.1"), m_toEcho, healthy, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(doomedOut.size() == 100, 40000);
    for (int i = 0; i < 100; ++i) {
        const test::ConnectionOutcome& o = healthyOut[static_cast<std::size_t>(i)];
        QVERIFY2(o.done, qPrintable(o.error));
        QCOMPARE(o.replies.front(), blobs[static_cast<std::size_t>(i)]);
    }
    int ended = 0;
    for (const test::ConnectionOutcome& o : doomedOut)
        ended += (!o.done && !o.error.contains(QLatin1String("no complete reply"))) ? 1 : 0;
    qInfo() << m_resetter->resets << "upstream resets;" << ended << "of 100 client connections ended by the proxy";
    QVERIFY(m_resetter->resets > 0);
    QCOMPARE(ended, 100); // every reset was passed on: no client left hanging
    QVERIFY(proxyWorks());
}

void TestProxyLoad::clientsVanishing()
{
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    const QByteArray blob = randomBlob(256 * 1024, 5);
    for (int i = 0; i < 200; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        sockets.back()->connectToHost(QStringLiteral("127.0.0.1"), i % 2 ? m_toEcho : m_toServer);
    }
    for (std::size_t i = 0; i < sockets.size(); ++i) {
        sockets[i]->waitForConnected(2000);
        sockets[i]->write(i % 2 ? blob : test::xmlRpcEchoRequest(QStringLiteral("vanish")).left(50));
        sockets[i]->flush();
    }
    QTest::qWait(200);
    for (std::size_t i = 0; i < sockets.size(); ++i) {
        if (i % 4 < 2)
            sockets[i]->abort();
        else
            sockets[i]->disconnectFromHost();
    }
    sockets.clear();
    QTest::qWait(300);
    QVERIFY(m_proxy.running());
    QVERIFY(proxyWorks());
}

QTEST_GUILESS_MAIN(TestProxyLoad)
#include "tst_proxyload.moc"
