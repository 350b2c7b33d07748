// The decoding limits can be changed by the user: `rpcscope-cli decode --limit NAME=VALUE`. A capture holding a
// Pyro4 call nested 300 levels deep is cut at the default depth (256) and decoded whole with --limit max-depth=400;
// a lowered max-message-bytes skips the call; unknown names and bad values are usage errors.

#include "pcapwriter.h"
#include "pyro/pyro4/pyro4header.h"
#include "tcpsynthesizer.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

namespace {

QByteArray pyro4Message(quint16 type, quint16 seq, const QByteArray& serpent)
{
    Pyro4Header h;
    h.type = type;
    h.seq = seq;
    h.serializerId = pyro4::SerSerpent;
    const QByteArray payload = "# serpent utf-8 python3.2\n" + serpent;
    h.dataSize = static_cast<qint32>(payload.size());
    return h.toBytes() + payload;
}

} // namespace

class TestLimitOption : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void limits_data();
    void limits();

private:
    QTemporaryDir m_dir;
    QString m_pcap;
};

void TestLimitOption::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_pcap = m_dir.filePath(QStringLiteral("deep.pcap"));
    auto writer = PcapWriter::create(m_pcap);
    if (!writer.ok())
        QFAIL(qPrintable(writer.error()));
    TcpSynthesizer tcp({QStringLiteral("127.0.0.1"), 40000}, {QStringLiteral("127.0.0.1"), 9090});
    const QByteArray nested = QByteArray(300, '(') + "1" + QByteArray(",)").repeated(300);
    std::vector<TcpSynthesizer::Segment> segments = tcp.handshake(1.0);
    for (const auto& s :
         tcp.send(Direction::ClientToServer,
                  pyro4Message(pyro4::MsgInvoke, 1, "('example.echo','echo',(" + nested + ",),{})"), 1.1))
        segments.push_back(s);
    for (const auto& s : tcp.send(Direction::ServerToClient, pyro4Message(pyro4::MsgResult, 1, "None"), 1.2))
        segments.push_back(s);
    segments.push_back(tcp.fin(Direction::ClientToServer, 1.3));
    segments.push_back(tcp.fin(Direction::ServerToClient, 1.3));
    QVERIFY(tcp.write(**writer, segments).ok());
    QVERIFY((*writer)->flush().ok());
}

void TestLimitOption::limits_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("out"); // must appear on stdout
    QTest::addColumn<QByteArray>("err"); // must appear on stderr
    // A limit cuts the value, it does not make the message malformed: the call shows what was read and says so.
    QTest::addRow("default depth 256") << QStringList() << 0
                                       << QByteArray("\"status\":\"ok\",\"truncated\":true,\"problems\":[{\"message\":"
                                                     "\"request\",\"kind\":\"truncated\",\"text\":\"nesting deeper "
                                                     "than 256 levels\"")
                                       << QByteArray();
    QTest::addRow("max-depth=400") << QStringList {QStringLiteral("--limit"), QStringLiteral("max-depth=400")} << 0
                                   << QByteArray("\"status\":\"ok\"") << QByteArray();
    QTest::addRow("max-message-bytes=500")
        << QStringList {QStringLiteral("--limit"), QStringLiteral("max-depth=400"), QStringLiteral("--limit"),
                        QStringLiteral("max-message-bytes=500")}
        << 0 << QByteArray("\"method\":\"\",") << QByteArray("malformed"); // skipped whole, not decoded
    QTest::addRow("unknown name") << QStringList {QStringLiteral("--limit"), QStringLiteral("max-fun=1")} << 2
                                  << QByteArray() << QByteArray("unknown limit 'max-fun'");
    QTest::addRow("not a number") << QStringList {QStringLiteral("--limit"), QStringLiteral("max-depth=lots")} << 2
                                  << QByteArray() << QByteArray("positive number");
}

void TestLimitOption::limits()
{
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, out);
    QFETCH(QByteArray, err);
    const test::ProcessResult r = test::runCli(
        QStringList {QStringLiteral("decode"), m_pcap, QStringLiteral("--format"), QStringLiteral("jsonl")} + options);
    qInfo().noquote() << "stderr:" << r.err.trimmed() << "stdout:" << r.out.left(200);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.out.contains(out), r.out.left(500).constData());
    QVERIFY2(r.err.contains(err), r.err.constData());
}

QTEST_GUILESS_MAIN(TestLimitOption)
#include "tst_limitoption.moc"
