// Truncated and corrupted capture files, as `rpcscope-cli decode` users get them (a tcpdump killed mid-write, a
// small snapshot length, a damaged copy): decoded as far as possible, with the damage said on standard error,
// never a crash or a hang. Every file is made here from the real Pyro4 capture tests/data/pyro4/pyro4-serpent.pcap.

#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace rpcscope;

namespace {

/// The records of a classic little-endian pcap file: offset of each 16-byte record header.
std::vector<qsizetype> recordOffsets(const QByteArray& pcap)
{
    std::vector<qsizetype> offsets;
    qsizetype at = 24;
    while (at + 16 <= pcap.size()) {
        offsets.push_back(at);
        at += 16 + qFromLittleEndian<quint32>(pcap.constData() + at + 8);
    }
    return offsets;
}

QByteArray fixture()
{
    return test::readData(QStringLiteral("pyro4/pyro4-serpent.pcap"));
}

/// Every record cut to `snaplen` captured bytes (the original length kept), as `tcpdump -s snaplen` writes it.
QByteArray withSnapLength(const QByteArray& pcap, quint32 snaplen)
{
    QByteArray out = pcap.left(24);
    qToLittleEndian<quint32>(snaplen, out.data() + 16);
    for (qsizetype at : recordOffsets(pcap)) {
        QByteArray header = pcap.mid(at, 16);
        const quint32 caplen = qFromLittleEndian<quint32>(header.constData() + 8);
        const quint32 kept = std::min(caplen, snaplen);
        qToLittleEndian<quint32>(kept, header.data() + 8);
        out += header + pcap.mid(at + 16, kept);
    }
    return out;
}

int countLines(const QByteArray& text)
{
    return static_cast<int>(text.count('\n'));
}

} // namespace

class TestPcapTruncation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void damagedFiles_data();
    void damagedFiles();
    void pcapngCutShort();

private:
    QString write(const QString& name, const QByteArray& bytes);
    QTemporaryDir m_dir;
    int m_fullCalls = 0;
};

QString TestPcapTruncation::write(const QString& name, const QByteArray& bytes)
{
    const QString path = m_dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestPcapTruncation::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const test::ProcessResult r
        = test::runCli({QStringLiteral("decode"), write(QStringLiteral("whole.pcap"), fixture()),
                        QStringLiteral("--format"), QStringLiteral("jsonl")});
    QCOMPARE(r.exitCode, 0);
    m_fullCalls = countLines(r.out);
    QVERIFY2(m_fullCalls >= 5, r.out.constData());
}

void TestPcapTruncation::damagedFiles_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("exitCode"); // -1: 0 or 1
    QTest::addColumn<QString>("said"); // must appear on stderr
    QTest::addColumn<bool>("someCalls"); // some but not necessarily all calls decoded

    const QByteArray pcap = fixture();
    const std::vector<qsizetype> records = recordOffsets(pcap);
    const qsizetype middle = records[records.size() / 2];

    QTest::addRow("cut inside a packet's bytes")
        << pcap.left(middle + 16 + 10) << 0 << QStringLiteral("middle of a packet record") << true;
    QTest::addRow("cut inside a record header")
        << pcap.left(middle + 7) << 0 << QStringLiteral("middle of a packet record") << true;
    QTest::addRow("cut inside the file header") << pcap.left(13) << 1 << QString() << false;
    QTest::addRow("only the file header") << pcap.left(24) << 0 << QString() << false;

    QByteArray badLink = pcap;
    qToLittleEndian<quint32>(147, badLink.data() + 20); // LINKTYPE_USER0: nothing we can take apart
    // Whether these two end with exit code 0 (a warning) or 1 (an error) is the CLI's call (-1: not checked); what
    // matters is that they are said and that what came before is kept.
    QTest::addRow("unsupported link type") << badLink << -1 << QStringLiteral("link type 147") << false;

    QTest::addRow("snapshot length 80") << withSnapLength(pcap, 80) << 0
                                        << QStringLiteral("cut short by the capture's snapshot length") << false;

    QByteArray bogusLength = pcap;
    qToLittleEndian<quint32>(0xFFFFFFF0u, bogusLength.data() + middle + 8);
    QTest::addRow("record claiming 4 GiB") << bogusLength << -1 << QStringLiteral("cannot read packet") << true;

    QByteArray badIp = pcap;
    for (qsizetype at : records)
        badIp[at + 16 + 14] = static_cast<char>(0x4F); // IPv4 header length 60 bytes: longer than what follows
    QTest::addRow("every IPv4 header length wrong") << badIp << 0 << QStringLiteral("malformed") << false;

    QTest::addRow("not a capture at all") << QByteArray(4096, 'x') << 1 << QString() << false;
}

void TestPcapTruncation::damagedFiles()
{
    QFETCH(QByteArray, file);
    QFETCH(int, exitCode);
    QFETCH(QString, said);
    QFETCH(bool, someCalls);
    const QString path = write(QStringLiteral("damaged.pcap"), file);
    const test::ProcessResult r
        = test::runCli({QStringLiteral("decode"), path, QStringLiteral("--format"), QStringLiteral("jsonl")});
    qInfo().noquote() << "stderr:" << r.err.trimmed();
    QVERIFY2(!r.crashed && !r.timedOut, r.err.constData());
    if (exitCode >= 0)
        QCOMPARE(r.exitCode, exitCode);
    if (r.exitCode != 0)
        QVERIFY2(r.err.contains(path.toUtf8()), "the error names the file");
    if (!said.isEmpty())
        QVERIFY2(QString::fromUtf8(r.err).contains(said, Qt::CaseInsensitive), r.err.constData());
    const int calls = countLines(r.out);
    if (someCalls) {
        QVERIFY2(calls > 0 && calls <= m_fullCalls, qPrintable(QStringLiteral("%1 calls").arg(calls)));
        // What was decoded before the damage is the real thing, not noise.
        QVERIFY(r.out.contains("\"method\":\"<connect>\""));
    }
}

void TestPcapTruncation::pcapngCutShort()
{
    const QString editcap = QStringLiteral("/usr/bin/editcap");
    if (!QFile::exists(editcap))
        QSKIP("editcap (wireshark-common) is not installed; it converts the fixture to pcapng");
    const QString ng = m_dir.filePath(QStringLiteral("whole.pcapng"));
    const test::ProcessResult conv = test::runProcess(
        editcap, {QStringLiteral("-F"), QStringLiteral("pcapng"), write(QStringLiteral("src.pcap"), fixture()), ng});
    QCOMPARE(conv.exitCode, 0);
    QFile f(ng);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray whole = f.readAll();
    const test::ProcessResult full
        = test::runCli({QStringLiteral("decode"), ng, QStringLiteral("--format"), QStringLiteral("jsonl")});
    QCOMPARE(full.exitCode, 0);
    QCOMPARE(countLines(full.out), m_fullCalls);

    const QString cut = write(QStringLiteral("cut.pcapng"), whole.left(whole.size() * 2 / 3 + 5));
    const test::ProcessResult r
        = test::runCli({QStringLiteral("decode"), cut, QStringLiteral("--format"), QStringLiteral("jsonl")});
    qInfo().noquote() << "stderr:" << r.err.trimmed();
    QVERIFY2(!r.crashed && !r.timedOut, r.err.constData());
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.contains("middle of a packet record") || r.err.contains("truncated"));
    QVERIFY(countLines(r.out) > 0 && countLines(r.out) < m_fullCalls);
}

QTEST_GUILESS_MAIN(TestPcapTruncation)
#include "tst_pcaptruncation.moc"
