// `rpcscope-cli decode -` and `decode FIFO`: a capture that arrives through a pipe is decoded as its bytes come,
// so a call's line is printed (and flushed) while the writer is still writing, as when watching
// `tcpdump -U -w - | rpcscope-cli decode -`. The output at the end is the same as for the file.
#include "../capture/capturebuilder.h"
#include "clijson.h"
#include "pcaprecords.h"
#include "testsupport.h"
#include "xmlrpcmessages.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

const QString kFixture = QStringLiteral("xmlrpc/xmlrpc-types.pcap");

// Opens the write end of `fifo` once a reader has it open (the CLI), giving up after `timeoutMs`.
int openFifoForWriting(const QString& fifo, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    const QByteArray path = QFile::encodeName(fifo);
    while (timer.elapsed() < timeoutMs) {
        const int fd = ::open(path.constData(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) {
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            return fd;
        }
        if (errno != ENXIO) // ENXIO: no reader yet
            return -1;
        QThread::msleep(10);
    }
    return -1;
}

bool writeAll(int fd, const QByteArray& bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.constData() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

} // namespace

class TestDecodeStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void standardInputGivesTheSameCalls()
    {
        const QByteArray file = readData(kFixture);
        const ProcessResult fromFile = runCli(
            {QStringLiteral("decode"), dataPath(kFixture), QStringLiteral("--format"), QStringLiteral("jsonl")});
        const ProcessResult fromStdin = runCli(
            {QStringLiteral("decode"), QStringLiteral("-"), QStringLiteral("--format"), QStringLiteral("jsonl")}, file);
        QCOMPARE(fromStdin.exitCode, 0);
        QCOMPARE(fromStdin.err, QByteArray());
        QCOMPARE(parseJsonLines(fromStdin.out).size(), 17);
        QCOMPARE(fromStdin.out, fromFile.out);
    }

    void standardInputErrorsNameIt()
    {
        const ProcessResult r = runCli({QStringLiteral("decode"), QStringLiteral("-")}, "this is not a capture\n");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith("rpcscope-cli: standard input: not a pcap or pcapng capture"), r.err.constData());
        const ProcessResult nothing = runCli({QStringLiteral("decode"), QStringLiteral("-")});
        QCOMPARE(nothing.exitCode, 1);
        QVERIFY2(nothing.err.startsWith("rpcscope-cli: standard input: "), nothing.err.constData());
    }

    void callsArriveBeforeTheWriterFinishes_data()
    {
        QTest::addColumn<bool>("fifo");
        QTest::addRow("standard input") << false;
        QTest::addRow("named pipe") << true;
    }
    void callsArriveBeforeTheWriterFinishes()
    {
        QFETCH(bool, fifo);
        const PcapRecords capture = PcapRecords::split(readData(kFixture));
        QVERIFY(capture.records.size() > 40);
        const ProcessResult whole = runCli(
            {QStringLiteral("decode"), dataPath(kFixture), QStringLiteral("--format"), QStringLiteral("jsonl")});
        const QByteArray firstLine = whole.out.left(whole.out.indexOf('\n') + 1);
        QVERIFY(firstLine.contains("\"method\":\"add\""));

        QTemporaryDir dir;
        const QString fifoPath = dir.filePath(QStringLiteral("capture.fifo"));
        if (fifo)
            QVERIFY(::mkfifo(QFile::encodeName(fifoPath).constData(), 0600) == 0);
        QProcess cli;
        cli.start(cliPath(),
                  {QStringLiteral("decode"), fifo ? fifoPath : QStringLiteral("-"), QStringLiteral("--format"),
                   QStringLiteral("jsonl")});
        QVERIFY(cli.waitForStarted(10000));
        int fd = -1;
        if (fifo) {
            fd = openFifoForWriting(fifoPath, 10000);
            QVERIFY2(fd >= 0, "the CLI did not open the FIFO");
        }
        auto send = [&](const QByteArray& bytes) {
            if (fifo)
                return writeAll(fd, bytes);
            return cli.write(bytes) == bytes.size() && cli.waitForBytesWritten(10000);
        };

        // The file header and the first third of the packets (the first calls with their replies), slowly.
        QVERIFY(send(capture.fileHeader));
        const size_t part = capture.records.size() / 3;
        for (size_t i = 0; i < part; ++i) {
            QVERIFY(send(capture.records[i]));
            if (i % 8 == 0)
                QThread::msleep(5);
        }
        // The writer is still going (the pipe is open): the first call must be out already.
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while (!out.contains('\n') && timer.elapsed() < 15000) {
            cli.waitForReadyRead(200);
            out += cli.readAllStandardOutput();
        }
        QVERIFY2(out.contains('\n'), "no call printed while the capture was still being written");
        QCOMPARE(out.left(out.indexOf('\n') + 1), firstLine);
        QCOMPARE(cli.state(), QProcess::Running);

        // The rest, then the end of the pipe: the complete output is that of the file.
        for (size_t i = part; i < capture.records.size(); ++i)
            QVERIFY(send(capture.records[i]));
        if (fifo)
            ::close(fd);
        else
            cli.closeWriteChannel();
        QVERIFY(cli.waitForFinished(30000));
        out += cli.readAllStandardOutput();
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(cli.readAllStandardError(), QByteArray());
        QCOMPARE(out, whole.out);
    }

    void unansweredRequestsDoNotHoldBackLaterCalls()
    {
        // Call 1 never gets a reply; call 2 (another connection) does. Calls are printed in request order, so
        // call 2 waits for call 1 - until call 1 is 30 s (capture time) old and printed as no-reply, while the
        // pipe is still open.
        const Direction c2s = Direction::ClientToServer;
        const Direction s2c = Direction::ServerToClient;
        TcpSynthesizer lost({QStringLiteral("127.0.0.1"), 45001}, {QStringLiteral("127.0.0.1"), 8000});
        TcpSynthesizer answered({QStringLiteral("127.0.0.1"), 45002}, {QStringLiteral("127.0.0.1"), 8000});
        TcpSynthesizer later({QStringLiteral("127.0.0.1"), 45003}, {QStringLiteral("127.0.0.1"), 8000});
        CaptureBuilder capture;
        capture.add(lost, lost.handshake(1000.0));
        capture.add(lost, lost.send(c2s, xmlrpcRequest("add", 1, 2), 1000.1));
        capture.add(answered, answered.handshake(1001.0));
        capture.add(answered, answered.send(c2s, xmlrpcRequest("add", 3, 4), 1001.1));
        capture.add(answered, answered.send(s2c, xmlrpcResponse(7), 1001.2));
        capture.add(later, later.handshake(1040.0)); // time moves on

        QProcess cli;
        cli.start(cliPath(),
                  {QStringLiteral("decode"), QStringLiteral("-"), QStringLiteral("--format"), QStringLiteral("jsonl")});
        QVERIFY(cli.waitForStarted(10000));
        cli.write(capture.bytes());
        QVERIFY(cli.waitForBytesWritten(10000));
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while (out.count('\n') < 2 && timer.elapsed() < 15000) {
            cli.waitForReadyRead(200);
            out += cli.readAllStandardOutput();
        }
        QCOMPARE(cli.state(), QProcess::Running); // the writer has not finished
        const QList<QJsonObject> calls = parseJsonLines(out);
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls.at(0).value("params").toArray(), (QJsonArray {1, 2}));
        QCOMPARE(calls.at(0).value("status").toString(), QStringLiteral("no-reply"));
        QCOMPARE(calls.at(1).value("result"), QJsonValue(7));
        QCOMPARE(calls.at(1).value("status").toString(), QStringLiteral("ok"));
        cli.closeWriteChannel();
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(cli.readAllStandardOutput(), QByteArray()); // nothing printed twice
    }
};

QTEST_GUILESS_MAIN(TestDecodeStream)
#include "tst_decodestream.moc"
