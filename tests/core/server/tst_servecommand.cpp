// `rpcscope-cli serve` (app/cli/servecommand.cpp): prints one line per listener once ready, serves real clients,
// and stops cleanly on SIGTERM.
#include "testsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace rpcscope;

class TestServeCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void servesBothUntilTerminated();
    void explicitPortAndBadArguments();
    void servesPyro5_data();
    void servesPyro5();
};

namespace {

QStringList readLines(QProcess& p, int count, int timeoutMs = 15000)
{
    QStringList lines;
    QElapsedTimer clock;
    clock.start();
    while (lines.size() < count && clock.elapsed() < timeoutMs && p.state() != QProcess::NotRunning) {
        if (!p.canReadLine())
            p.waitForReadyRead(200);
        while (p.canReadLine())
            lines << QString::fromUtf8(p.readLine()).trimmed();
    }
    return lines;
}

} // namespace

void TestServeCommand::servesBothUntilTerminated()
{
    QProcess serve;
    serve.start(test::cliPath(), {QStringLiteral("serve"), QStringLiteral("--log")});
    const QStringList lines = readLines(serve, 2);
    QCOMPARE(lines.size(), 2);
    const QRegularExpression xmlrpc(QStringLiteral("^xmlrpc http://127\\.0\\.0\\.1:(\\d+)/RPC2$"));
    const QRegularExpression pyro(QStringLiteral("^pyro PYRO:example\\.greeting@127\\.0\\.0\\.1:(\\d+)$"));
    QVERIFY2(xmlrpc.match(lines[0]).hasMatch(), qPrintable(lines[0]));
    QVERIFY2(pyro.match(lines[1]).hasMatch(), qPrintable(lines[1]));
    QVERIFY(xmlrpc.match(lines[0]).captured(1).toInt() > 0);

    const test::ProcessResult r
        = test::runPython(QStringLiteral(R"(
import sys, xmlrpc.client, Pyro4
print(xmlrpc.client.ServerProxy(sys.argv[1]).add(3, 4))
print(repr(Pyro4.Proxy(sys.argv[2]).get_fortune('letian')))
)"),
                          {lines[0].section(QLatin1Char(' '), 1), lines[1].section(QLatin1Char(' '), 1)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("7\n'Hello, letian. \\n'\n"));

    serve.terminate(); // SIGTERM
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
    const QByteArray log = serve.readAllStandardError();
    QVERIFY2(log.contains("xmlrpc") && log.contains("add -> ok 7"), log.constData());
    QVERIFY2(log.contains("example.greeting.get_fortune -> ok"), log.constData());
}

void TestServeCommand::explicitPortAndBadArguments()
{
    const quint16 port = test::freeTcpPort();
    QProcess serve;
    serve.start(test::cliPath(),
                {QStringLiteral("serve"), QStringLiteral("--xmlrpc"), QStringLiteral(":%1").arg(port)});
    const QStringList lines = readLines(serve, 1);
    QCOMPARE(lines, QStringList {QStringLiteral("xmlrpc http://127.0.0.1:%1/RPC2").arg(port)});
    // The port is taken now: a second server says so and exits 2.
    const test::ProcessResult busy
        = test::runCli({QStringLiteral("serve"), QStringLiteral("--xmlrpc"), QStringLiteral("127.0.0.1:%1").arg(port)});
    QCOMPARE(busy.exitCode, 2);
    QVERIFY2(busy.err.contains("cannot listen on 127.0.0.1"), busy.err.constData());
    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));

    const test::ProcessResult bad
        = test::runCli({QStringLiteral("serve"), QStringLiteral("--pyro"), QStringLiteral("x:y")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("--pyro wants HOST:PORT"), bad.err.constData());
    const test::ProcessResult bad5
        = test::runCli({QStringLiteral("serve"), QStringLiteral("--pyro5"), QStringLiteral("::x")});
    QCOMPARE(bad5.exitCode, 2);
    QVERIFY2(bad5.err.contains("--pyro5 wants HOST:PORT"), bad5.err.constData());
}

void TestServeCommand::servesPyro5_data()
{
    QTest::addColumn<QString>("serializer");
    for (const char* s : {"serpent", "marshal", "json", "msgpack"})
        QTest::addRow("%s", s) << s;
}

void TestServeCommand::servesPyro5()
{
    // `serve --pyro5` on loopback, called by the stock Pyro5 proxy with each of its serializers.
    QFETCH(QString, serializer);
    if (test::pyro5PeersPath().isEmpty())
        QSKIP("Pyro5 is not in ../shared/peers (Debian 12 does not package it): no Pyro5 client to test with");
    QProcess serve;
    serve.start(test::cliPath(),
                {QStringLiteral("serve"), QStringLiteral("--pyro5"), QStringLiteral(":0"), QStringLiteral("--log")});
    const QStringList lines = readLines(serve, 1);
    QCOMPARE(lines.size(), 1);
    const QRegularExpression pyro5(QStringLiteral("^pyro5 (PYRO:example\\.greeting@127\\.0\\.0\\.1:\\d+)$"));
    const QRegularExpressionMatch match = pyro5.match(lines[0]);
    QVERIFY2(match.hasMatch(), qPrintable(lines[0]));

    const test::ProcessResult r = test::runPython(test::withPyro5(QStringLiteral(R"(
import Pyro5.api
Pyro5.config.SERIALIZER = sys.argv[2]
with Pyro5.api.Proxy(sys.argv[1]) as greeting:
    print(repr(greeting.get_fortune('letian')))
with Pyro5.api.Proxy(sys.argv[1].replace('example.greeting', 'example.calculator')) as calc:
    print(calc.add(2**62, 2**62), calc.divide(7, 2))
)")),
                                                  {match.captured(1), serializer});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("'Hello, letian. \\n'\n9223372036854775808 3.5\n"));

    serve.terminate();
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitCode(), 0);
    const QByteArray log = serve.readAllStandardError();
    QVERIFY2(log.contains("pyro5 ") && log.contains("example.greeting.get_fortune -> ok"), log.constData());
    QVERIFY2(log.contains("example.calculator.add -> ok 9223372036854775808"), log.constData());
}

QTEST_GUILESS_MAIN(TestServeCommand)
#include "tst_servecommand.moc"
