// `rpcscope-cli call` (app/cli/callcommand.cpp) against Python's SimpleXMLRPCServer, real Pyro4 and Pyro5 daemons
// and both name servers: JSON on stdout and exit 0 for results, stderr and exit 1 for faults/exceptions, exit 2 for
// transport errors; the Pyro version used (and a PYRONAME's URI) on stderr. The Pyro5 rows skip when Pyro5 is
// absent.
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
    test::PeerProcess m_pyro5;
    test::PeerProcess m_names4;
    test::PeerProcess m_names5;
    QString m_url;
    QString m_uri;
    QString m_uri5;
    QString m_names4Port;
    QString m_names5Port;
};

void TestCallCommand::initTestCase()
{
    const QString port = m_python.start(QLatin1String(test::simpleXmlRpcServerScript()));
    QVERIFY2(!port.isEmpty(), qPrintable(m_python.error()));
    m_url = QStringLiteral("http://127.0.0.1:%1/RPC2").arg(port);
    m_uri = m_pyro.start(QLatin1String(test::pyro4DaemonScript()));
    QVERIFY2(m_uri.startsWith(QStringLiteral("PYRO:")), qPrintable(m_pyro.error()));
    m_names4Port = m_names4.start(test::pyroNameServerScript(4));
    QVERIFY2(!m_names4Port.isEmpty(), qPrintable(m_names4.error()));
    if (test::pyro5PeersPath().isEmpty())
        return; // the Pyro5 rows skip
    m_uri5 = m_pyro5.start(test::withPyro5(QLatin1String(test::pyro5DaemonScript())));
    QVERIFY2(m_uri5.startsWith(QStringLiteral("PYRO:")), qPrintable(m_pyro5.error()));
    m_names5Port = m_names5.start(test::withPyro5(test::pyroNameServerScript(5)));
    QVERIFY2(!m_names5Port.isEmpty(), qPrintable(m_names5.error()));
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
    // Without --pyro-version: Pyro5 first, Pyro4 when the daemon refuses it; stderr says which.
    QTest::addRow("pyro4 daemon, fallback")
        << QStringList {"URI", "get_fortune", "old"} << 0 << QByteArray("\"Hello, old. \\n\"\n")
        << QByteArray("used Pyro4 (the server did not accept Pyro5)");
    QTest::addRow("pyro4 daemon, --pyro-version 4")
        << QStringList {"--pyro-version", "4", "URI", "echo", "[1,2]"} << 0 << QByteArray("[1,2]\n") << QByteArray();
    QTest::addRow("pyro4 daemon, --pyro-version 5") << QStringList {"--pyro-version", "5", "URI", "echo", "1"} << 2
                                                    << QByteArray() << QByteArray("answers in Pyro4, not in Pyro5");
    QTest::addRow("pyro5 daemon") << QStringList {"URI5", "get_fortune", "letian"} << 0
                                  << QByteArray("\"Hello, letian. \\n\"\n") << QByteArray("used Pyro5\n");
    QTest::addRow("pyro5 msgpack big int")
        << QStringList {"--serializer", "msgpack", "URI5", "echo", "[99999999999999999999999,-1.5,\"\u00fc\"]"} << 0
        << QByteArray("[99999999999999999999999,-1.5,\"\u00fc\"]\n") << QByteArray("used Pyro5");
    QTest::addRow("pyro5 marshal exception") << QStringList {"--serializer", "marshal", "URI5", "divide", "1", "0"} << 1
                                             << QByteArray() << QByteArray("\"code\":\"builtins.ZeroDivisionError\"");
    QTest::addRow("pyro5 daemon, --pyro-version 4") << QStringList {"--pyro-version", "4", "URI5", "echo", "1"} << 2
                                                    << QByteArray() << QByteArray("answers in Pyro5, not in Pyro4");
    QTest::addRow("msgpack is Pyro5's") << QStringList {"--pyro-version", "4", "--serializer", "msgpack", "URI", "x"}
                                        << 2 << QByteArray() << QByteArray("unknown Pyro4 serializer \"msgpack\"");
    QTest::addRow("bad --pyro-version") << QStringList {"--pyro-version", "3", "URI", "x"} << 2 << QByteArray()
                                        << QByteArray("--pyro-version wants 4 or 5, not '3'");
    // PYRONAME: a lookup on the name server, then the call; stderr names the URI it resolved to.
    QTest::addRow("PYRONAME via the Pyro4 name server")
        << QStringList {"PYRONAME:example.greeting@127.0.0.1:NS4", "get_fortune", "by name"} << 0
        << QByteArray("\"Hello, by name. \\n\"\n")
        << QByteArray("PYRONAME:example.greeting@127.0.0.1:NS4 is PYRO:example.greeting@127.0.0.1:");
    QTest::addRow("PYRONAME via the Pyro5 name server")
        << QStringList {"PYRONAME:example.greeting@127.0.0.1:NS5", "get_fortune", "by name"} << 0
        << QByteArray("\"Hello, by name. \\n\"\n")
        << QByteArray("PYRONAME:example.greeting@127.0.0.1:NS5 is PYRO:example.greeting@127.0.0.1:");
    QTest::addRow("PYRONAME unknown (Pyro4)") << QStringList {"PYRONAME:no.such@127.0.0.1:NS4", "x"} << 1
                                              << QByteArray() << QByteArray("Pyro4.errors.NamingError");
    QTest::addRow("PYRONAME unknown (Pyro5)") << QStringList {"PYRONAME:no.such@127.0.0.1:NS5", "x"} << 1
                                              << QByteArray() << QByteArray("Pyro5.errors.NamingError");
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
    const QString joined = args.join(u' ');
    if ((joined.contains(QLatin1String("URI5")) || joined.contains(QLatin1String("NS5")))
        && test::pyro5PeersPath().isEmpty())
        QSKIP("Pyro5 is not in ../shared/peers (Debian 12 does not package it)");
    for (QString& a : args) {
        if (a.startsWith(QLatin1String("URL")))
            a = QString(a)
                    .replace(QStringLiteral("URL"), m_url)
                    .replace(QStringLiteral("/RPC2/../nope"), QStringLiteral("/nope"));
        else if (a == QLatin1String("URI"))
            a = m_uri;
        else if (a == QLatin1String("URI5"))
            a = m_uri5;
    }
    for (QString& a : args)
        a.replace(QStringLiteral("NS4"), m_names4Port).replace(QStringLiteral("NS5"), m_names5Port);
    const test::ProcessResult r = test::runCli(QStringList {QStringLiteral("call")} + args, {}, 30000);
    QVERIFY2(!r.crashed && !r.timedOut, r.err.constData());
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    if (exitCode == 0)
        QCOMPARE(r.out, out);
    else
        QVERIFY(r.out.isEmpty());
    errContains.replace("NS4", m_names4Port.toUtf8()).replace("NS5", m_names5Port.toUtf8());
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
