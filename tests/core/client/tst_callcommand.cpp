// `rpcscope-cli call` (app/cli/callcommand.cpp) against Python's SimpleXMLRPCServer and a real Pyro4 daemon:
// JSON on stdout and exit 0 for results, stderr and exit 1 for faults/exceptions, exit 2 for transport errors.
#include "peerprocess.h"

#include <QTemporaryFile>
#include <QTest>

using namespace rpcscope;

class TestCallCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void call_data();
    void call();
    void rawBody();

private:
    test::PeerProcess m_python;
    test::PeerProcess m_pyro;
    QString m_url;
    QString m_uri;
};

void TestCallCommand::initTestCase()
{
    const QString port = m_python.start(QLatin1String(test::simpleXmlRpcServerScript()));
    QVERIFY2(!port.isEmpty(), qPrintable(m_python.error()));
    m_url = QStringLiteral("http://127.0.0.1:%1/RPC2").arg(port);
    m_uri = m_pyro.start(QLatin1String(test::pyro4DaemonScript()));
    QVERIFY2(m_uri.startsWith(QStringLiteral("PYRO:")), qPrintable(m_pyro.error()));
}

void TestCallCommand::call_data()
{
    QTest::addColumn<QStringList>("args"); // "URL" and "URI" are replaced by the peers' addresses
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QByteArray>("out");
    QTest::addColumn<QByteArray>("errContains");

    QTest::addRow("xmlrpc add") << QStringList {"URL", "add", "3", "4"} << 0 << QByteArray("7\n") << QByteArray();
    QTest::addRow("xmlrpc doubles") << QStringList {"URL", "add", "1.5", "2"} << 0 << QByteArray("3.5\n")
                                    << QByteArray();
    QTest::addRow("xmlrpc json struct") << QStringList {"URL", "echo", "{\"a\":[1,\"x\",null,true]}"} << 0
                                        << QByteArray("{\"a\":[1,\"x\",null,true]}\n") << QByteArray();
    QTest::addRow("xmlrpc --string") << QStringList {"--string", "URL", "add", "3", "4"} << 0 << QByteArray("\"34\"\n")
                                     << QByteArray();
    QTest::addRow("xmlrpc fault") << QStringList {"URL", "boom"} << 1 << QByteArray()
                                  << QByteArray("{\"fault\":{\"code\":1,\"message\":\"<class 'ValueError'>:nope\"}}");
    QTest::addRow("pyro serpent") << QStringList {"URI", "get_fortune", "letian"} << 0
                                  << QByteArray("\"Hello, letian. \\n\"\n") << QByteArray();
    QTest::addRow("pyro json") << QStringList {"--serializer", "json", "URI", "divide", "7", "2"} << 0
                               << QByteArray("3.5\n") << QByteArray();
    QTest::addRow("pyro exception") << QStringList {"URI", "divide", "1", "0"} << 1 << QByteArray()
                                    << QByteArray("\"code\":\"builtins.ZeroDivisionError\",\"message\":\"division by "
                                                  "zero\"");
    QTest::addRow("refused") << QStringList {"http://127.0.0.1:1/RPC2", "add"} << 2 << QByteArray()
                             << QByteArray("refused: connection refused by 127.0.0.1:1");
    QTest::addRow("bad json arg") << QStringList {"URL", "echo", "[1,"} << 2 << QByteArray()
                                  << QByteArray("looks like JSON");
    QTest::addRow("http error") << QStringList {"URL/../nope", "add"} << 2 << QByteArray() << QByteArray("HTTP 404");
}

void TestCallCommand::call()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QByteArray, out);
    QFETCH(QByteArray, errContains);
    for (QString& a : args) {
        if (a.startsWith(QLatin1String("URL")))
            a = QString(a)
                    .replace(QStringLiteral("URL"), m_url)
                    .replace(QStringLiteral("/RPC2/../nope"), QStringLiteral("/nope"));
        else if (a == QLatin1String("URI"))
            a = m_uri;
    }
    const test::ProcessResult r = test::runCli(QStringList {QStringLiteral("call")} + args, {}, 30000);
    QVERIFY2(!r.crashed && !r.timedOut, r.err.constData());
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    if (exitCode == 0)
        QCOMPARE(r.out, out);
    else
        QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains(errContains), r.err.constData());
}

void TestCallCommand::rawBody()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write("<?xml version=\"1.0\"?><methodCall><methodName>add</methodName><params>"
               "<param><value><int>40</int></value></param><param><value><int>2</int></value></param>"
               "</params></methodCall>");
    file.close();
    const test::ProcessResult r
        = test::runCli({QStringLiteral("call"), QStringLiteral("--raw"), file.fileName(), m_url});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("42\n"));
}

QTEST_GUILESS_MAIN(TestCallCommand)
#include "tst_callcommand.moc"
