// `rpcscope-cli explain` as a user runs it on the bundled samples: the text a slide shows (the same golden files as
// the core tests), JSON spans that tile the message, a self-contained page, the Java RMI handout, and clear errors.
#include "models/samplecaptures.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

QString sample(const char* name)
{
    return samplecaptures::find(QString::fromLatin1(name));
}

} // namespace

class TestExplainCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void text_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("golden");
        QTest::addRow("add(3, 4) request")
            << QStringList {sample("xmlrpc-add.pcap"), "--call", "1"} << "xmlrpc/add-request.explain.txt";
        QTest::addRow("add(3, 4) response") << QStringList {sample("xmlrpc-add.pcap"), "--call", "1", "--response"}
                                            << "xmlrpc/add-response.explain.txt";
        QTest::addRow("get_fortune request")
            << QStringList {sample("pyro4-greeting.pcap"), "--call", "2"} << "pyro4/get_fortune-request.explain.txt";
        QTest::addRow("get_fortune response")
            << QStringList {sample("pyro4-greeting.pcap"), "--call", "2", "--response", "--format", "text"}
            << "pyro4/get_fortune-response.explain.txt";
    }

    void text()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, golden);
        const ProcessResult r = runCli(QStringList {"explain"} + args);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out), QString::fromUtf8(readData(golden)));
    }

    void jsonTilesTheMessage()
    {
        const ProcessResult r
            = runCli({"explain", sample("jrmp-hello.pcap"), "--call", "16", "--response", "--format", "json"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject e = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(e.keys(), QStringList({"length", "spans"}));
        QCOMPARE(e.value("length").toInt(), 281);
        qint64 at = 0;
        for (const QJsonValue& v : e.value("spans").toArray()) {
            const QJsonObject s = v.toObject();
            QCOMPARE(s.keys(), QStringList({"description", "length", "offset", "path", "role", "value"}));
            QCOMPARE(s.value("offset").toInteger(), at);
            QVERIFY(s.value("length").toInteger() > 0);
            QVERIFY(s.value("path").toString().startsWith(QLatin1String("return")));
            QVERIFY(!s.value("description").toString().isEmpty());
            at += s.value("length").toInteger();
        }
        QCOMPARE(at, 281);
    }

    void htmlPage()
    {
        const ProcessResult r = runCli({"explain", sample("xmlrpc-add.pcap"), "--call", "1", "--format", "html"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.startsWith("<!DOCTYPE html>"));
        QVERIFY(r.out.contains("<title>add(3, 4) → 7</title>"));
        QVERIFY(r.out.contains("xmlrpc-add.pcap"));
        QVERIFY(!r.out.contains("http://") && !r.out.contains("https://"));
    }

    void javaRmiHandout()
    {
        const ProcessResult r = runCli({"explain", "--tour", "java-rmi"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.startsWith("<!DOCTYPE html>"));
        QCOMPARE(r.out.count("<div class=\"step\">"), 47);
        for (const char* says : {"JRMI", "lookup(&quot;Hello&quot;)", "TC_PROXYCLASSDESC", "UnicastRef", "method hash",
                                 "TC_REFERENCE", "TC_ENDBLOCKDATA"})
            QVERIFY2(r.out.contains(says), says);
        const ProcessResult list = runCli({"explain", "--list-tours"});
        QCOMPARE(list.exitCode, 0);
        QVERIFY(list.out.contains("java-rmi") && list.out.contains("wire-format"));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("says");
        QTest::addRow("no call") << QStringList {sample("xmlrpc-add.pcap")} << 2 << "Give --call N";
        QTest::addRow("call 0") << QStringList {sample("xmlrpc-add.pcap"), "--call", "0"} << 2 << "call number";
        QTest::addRow("no such call") << QStringList {sample("xmlrpc-add.pcap"), "--call", "99"} << 1
                                      << "has no call 99";
        QTest::addRow("no response") << QStringList {sample("pyro4-greeting.pcap"), "--call", "4", "--response"} << 1
                                     << "call 4 has no response";
        QTest::addRow("unknown format") << QStringList {sample("xmlrpc-add.pcap"), "--call", "1", "--format", "pdf"}
                                        << 2 << "unknown format 'pdf'";
        QTest::addRow("no file") << QStringList {"/nonexistent.pcap", "--call", "1"} << 1 << "nonexistent.pcap";
        QTest::addRow("unknown tour") << QStringList {"--tour", "corba"} << 2 << "unknown tour 'corba'";
        QTest::addRow("tour with a call") << QStringList {"--tour", "java-rmi", "--call", "1"} << 2 << "--tour picks";
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, says);
        const ProcessResult r = runCli(QStringList {"explain"} + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromLocal8Bit(r.err).contains(says), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestExplainCommand)
#include "tst_explaincommand.moc"
