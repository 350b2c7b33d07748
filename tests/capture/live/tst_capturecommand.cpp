// `rpcscope-cli capture` as a user runs it on the loopback interface.
#include "testsupport.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace rpcscope::test;

namespace {

// moc takes `//` inside a raw string for a comment, so the Python scripts' URLs write their slashes as \x2f.
const char kServer[] = R"(
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
s.register_function(lambda a, b: a + b, "add")
print(s.server_address[1], flush=True)
s.serve_forever()
)";

const char kClient[] = R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1])
print(p.add(2, 3), p.add(40, 2), p.add(1, 1))
)";

} // namespace

class TestCaptureCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsInterfaces()
    {
        const ProcessResult r = runCli({QStringLiteral("capture"), QStringLiteral("--list-interfaces")}, {}, 10000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("lo (loopback"), r.out.constData());
        QVERIFY2(r.out.contains("127.0.0.1/8"), r.out.constData());
    }

    void wrongFilterGivesLibpcapsError()
    {
        const ProcessResult r = runCli({QStringLiteral("capture"), QStringLiteral("--interface"), QStringLiteral("lo"),
                                        QStringLiteral("--filter"), QStringLiteral("tcp prot 80")},
                                       {}, 10000);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("invalid capture filter 'tcp prot 80': "), r.err.constData());
        QVERIFY2(r.err.contains("syntax error"), r.err.constData()); // libpcap's own words
    }

    void withoutRightsTheErrorSaysHowToGrantThem()
    {
        // As root, drop to nobody (no capabilities) to see what an ordinary user sees.
        QStringList command {cliPath(),
                             QStringLiteral("capture"),
                             QStringLiteral("-i"),
                             QStringLiteral("lo"),
                             QStringLiteral("--duration"),
                             QStringLiteral("1")};
        if (::geteuid() == 0) {
            const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
            if (setpriv.isEmpty())
                QSKIP("running as root and setpriv (util-linux) is missing: cannot run without capture rights");
            if (!QFileInfo(cliPath()).isExecutable())
                QSKIP("the CLI is not executable");
            command = QStringList {setpriv, QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                   QStringLiteral("--clear-groups")}
                + command;
        }
        const ProcessResult r = runProcess(command.takeFirst(), command, {}, 10000);
        if (r.exitCode == 0)
            QSKIP("this process can capture even without privileges (capabilities granted to everyone?)");
        if (r.err.contains("Permission denied") && !r.err.contains("capture"))
            QSKIP("nobody cannot run the CLI from this build directory");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot capture on lo: permission denied"), r.err.constData());
        QVERIFY2(r.err.contains("setcap cap_net_raw,cap_net_admin=eip"), r.err.constData());
        QVERIFY2(r.err.contains("run the capture as root"), r.err.constData());
        QVERIFY2(r.err.contains("proxy) needs no rights"), r.err.constData());
    }

    void printsCallsAsTheyCompleteAndStopsAfterCount()
    {
        QProcess server;
        server.start(pythonPath(), {QStringLiteral("-c"), QString::fromLatin1(kServer)});
        QVERIFY(server.waitForReadyRead(15000));
        const quint16 port = static_cast<quint16>(server.readLine().trimmed().toUInt());

        QTemporaryDir dir;
        const QString written = dir.filePath(QStringLiteral("live.pcap"));
        QProcess capture;
        capture.start(cliPath(),
                      {QStringLiteral("capture"), QStringLiteral("-i"), QStringLiteral("lo"), QStringLiteral("--write"),
                       written, QStringLiteral("--filter"), QStringLiteral("tcp port %1").arg(port),
                       QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--count"),
                       QStringLiteral("3"), QStringLiteral("--duration"), QStringLiteral("20")});
        QByteArray err;
        QDeadlineTimer deadline(10000);
        while (!err.contains("capturing on") && capture.state() != QProcess::NotRunning && !deadline.hasExpired()) {
            capture.waitForReadyRead(100);
            err += capture.readAllStandardError();
        }
        if (err.contains("permission denied"))
            QSKIP("no capture rights (needs root or cap_net_raw,cap_net_admin)");
        QVERIFY2(err.contains("capturing on lo"), err.constData());

        const ProcessResult client = runPython(QString::fromLatin1(kClient), {QString::number(port)});
        QCOMPARE(client.out, QByteArray("5 42 2\n"));
        // --count 3 ends the capture by itself once the third call is printed.
        QVERIFY(capture.waitForFinished(10000));
        server.kill();
        server.waitForFinished();
        QCOMPARE(capture.exitCode(), 0);
        err += capture.readAllStandardError();
        const QList<QByteArray> lines = capture.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const int expected[] = {5, 42, 2};
        for (int i = 0; i < 3; ++i) {
            const QJsonObject call = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(call.value(QStringLiteral("method")).toString(), QStringLiteral("add"));
            QCOMPARE(call.value(QStringLiteral("result")).toInt(), expected[i]);
        }
        QVERIFY2(err.contains("0 dropped by the kernel"), err.constData());

        // What --write kept decodes to the same calls.
        const ProcessResult decoded
            = runCli({QStringLiteral("decode"), written, QStringLiteral("--format"), QStringLiteral("jsonl")});
        QCOMPARE(decoded.exitCode, 0);
        const QList<QByteArray> again = decoded.out.trimmed().split('\n');
        QVERIFY2(again.size() >= 3, decoded.out.constData());
        for (int i = 0; i < 3; ++i) {
            const QJsonObject call = QJsonDocument::fromJson(again[i]).object();
            QCOMPARE(call.value(QStringLiteral("result")).toInt(), expected[i]);
        }
    }
};

QTEST_GUILESS_MAIN(TestCaptureCommand)
#include "tst_capturecommand.moc"
