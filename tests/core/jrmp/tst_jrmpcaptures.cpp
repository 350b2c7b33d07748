// End to end: `rpcscope-cli decode --format jsonl` on the real Java RMI captures: tests/data/jrmp/hello.pcap (made by
// capture.sh), with and without `--java-signatures`, and the golden jsonl of tests/data/jrmp/fidelity/fidelity.pcap
// (made by fidelity/capture.sh: one call for each value the decoder once lost, retyped or cut silently), of
// names/names.pcap (a registry lookup naming the object whose calls follow on another connection) and of
// jmx/jmx.pcap (a JMX client reading a JVM's platform MBeans), both decoded with no options.
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

namespace {

struct Decode
{
    test::ProcessResult process;
    QList<QJsonObject> calls;
};

Decode decode(const QStringList& extra)
{
    Decode d;
    d.process = test::runCli(QStringList {QStringLiteral("decode"), test::dataPath(QStringLiteral("jrmp/hello.pcap")),
                                          QStringLiteral("--format"), QStringLiteral("jsonl")}
                             + extra);
    for (const QByteArray& line : d.process.out.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            d.calls << doc.object();
    }
    return d;
}

bool decodeAvailable(const Decode& d)
{
    return !(d.process.exitCode == 2 && d.process.err.contains("not available in this build"));
}

// The first call with `method` whose params serialise to `params` (or any params when empty).
QJsonObject find(const QList<QJsonObject>& calls, const QString& method, const QByteArray& params = {})
{
    for (const QJsonObject& c : calls) {
        if (c.value(QLatin1String("method")).toString() != method)
            continue;
        if (!params.isEmpty()
            && QJsonDocument(c.value(QLatin1String("params")).toArray()).toJson(QJsonDocument::Compact) != params)
            continue;
        return c;
    }
    return {};
}

QByteArray compact(const QJsonValue& v)
{
    if (v.isArray())
        return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    if (v.isObject())
        return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    return QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

} // namespace

class TestJrmpCaptures : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void registryAndDgc();
    void userMethodsByHash();
    void userMethodsWithSignatures_data();
    void userMethodsWithSignatures();
    void badSignaturesFileIsRefused();
    void sampleInResources();
    void golden_data();
    void golden();
    void fidelityCases_data();
    void fidelityCases();
};

void TestJrmpCaptures::registryAndDgc()
{
    const Decode d = decode({});
    if (!decodeAvailable(d))
        QSKIP("rpcscope-cli decode is not built yet (pending on the capture/CLI work)");
    QCOMPARE(d.process.exitCode, 0);
    QVERIFY2(!d.calls.isEmpty(), d.process.err.constData());
    for (const QJsonObject& c : d.calls)
        QCOMPARE(c.value(QLatin1String("protocol")).toString(), QStringLiteral("jrmp"));

    const QJsonObject lookup = find(d.calls, QStringLiteral("lookup"), R"(["Hello"])");
    QVERIFY(!lookup.isEmpty());
    QCOMPARE(lookup.value(QLatin1String("object")).toString(), QStringLiteral("registry"));
    QCOMPARE(lookup.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(lookup.value(QLatin1String("server")).toString(), QStringLiteral("127.0.0.1:21099"));
    const QJsonObject stub = lookup.value(QLatin1String("result")).toObject();
    QCOMPARE(stub.value(QLatin1String("class")).toString(), QStringLiteral("Proxy[Hello]"));
    QCOMPARE(stub.value(QLatin1String("endpoint")).toString(), QStringLiteral("127.0.0.1:21100"));

    const QJsonObject list = find(d.calls, QStringLiteral("list"));
    QCOMPARE(compact(list.value(QLatin1String("result"))), QByteArray(R"(["Hello2","Hello3","Hello"])"));
    // Objects exported with a UnicastRef2, with and without a client socket factory in the stub.
    const QJsonObject hello2
        = find(d.calls, QStringLiteral("lookup"), R"(["Hello2"])").value(QLatin1String("result")).toObject();
    QCOMPARE(hello2.value(QLatin1String("ref")).toString(), QStringLiteral("UnicastRef2"));
    QCOMPARE(hello2.value(QLatin1String("endpoint")).toString(), QStringLiteral("127.0.0.1:21101"));
    const QJsonObject hello3
        = find(d.calls, QStringLiteral("lookup"), R"(["Hello3"])").value(QLatin1String("result")).toObject();
    QCOMPARE(hello3.value(QLatin1String("endpoint")).toString(), QStringLiteral("127.0.0.1:21102"));
    QCOMPARE(hello3.value(QLatin1String("socketFactory")).toObject().value(QLatin1String("class")).toString(),
             QStringLiteral("HelloSocketFactory"));

    const QJsonObject missing = find(d.calls, QStringLiteral("lookup"), R"(["Missing"])");
    QCOMPARE(missing.value(QLatin1String("status")).toString(), QStringLiteral("exception"));
    QCOMPARE(compact(missing.value(QLatin1String("fault"))),
             QByteArray(R"({"code":"java.rmi.NotBoundException","message":"Missing"})"));

    const QJsonObject rebind = find(d.calls, QStringLiteral("rebind"));
    QCOMPARE(rebind.value(QLatin1String("object")).toString(), QStringLiteral("registry"));
    QCOMPARE(rebind.value(QLatin1String("params")).toArray().at(0).toString(), QStringLiteral("Hello"));

    const QJsonObject dirty = find(d.calls, QStringLiteral("dirty"));
    QCOMPARE(dirty.value(QLatin1String("object")).toString(), QStringLiteral("dgc"));
    QCOMPARE(dirty.value(QLatin1String("result")).toObject().value(QLatin1String("class")).toString(),
             QStringLiteral("java.rmi.dgc.Lease"));
    QCOMPARE(find(d.calls, QStringLiteral("clean")).value(QLatin1String("object")).toString(), QStringLiteral("dgc"));
}

void TestJrmpCaptures::userMethodsByHash()
{
    const Decode d = decode({});
    if (!decodeAvailable(d))
        QSKIP("rpcscope-cli decode is not built yet (pending on the capture/CLI work)");
    const QJsonObject hello = find(d.calls, QStringLiteral("#742a8a860d6b7ee4"));
    QCOMPARE(compact(hello.value(QLatin1String("params"))), QByteArray(R"(["letian"])"));
    QCOMPARE(hello.value(QLatin1String("result")).toString(), QStringLiteral("Hello, letian"));
    // The object is the stub the registry returned for "Hello": its name and interface.
    QCOMPARE(hello.value(QLatin1String("object")).toString(), QStringLiteral("Hello (Hello)"));
    const QJsonObject fail = find(d.calls, QStringLiteral("#ccc05885e14f683b"));
    QCOMPARE(fail.value(QLatin1String("status")).toString(), QStringLiteral("exception"));
    QCOMPARE(compact(fail.value(QLatin1String("fault"))),
             QByteArray(R"({"code":"java.lang.IllegalStateException","message":"the fortune cookie jar is empty"})"));
    // Without signatures, add(3, 4)'s primitives are the block's raw bytes.
    QCOMPARE(compact(find(d.calls, QStringLiteral("#94a9af306652c3a6")).value(QLatin1String("params"))),
             QByteArray(R"([{"base64":"AAAAAwAAAAQ="}])"));
}

void TestJrmpCaptures::userMethodsWithSignatures_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QByteArray>("result");
    QTest::addRow("String method") << "sayHello" << QByteArray(R"(["letian"])") << QByteArray(R"("Hello, letian")");
    QTest::addRow("int method") << "add" << QByteArray("[3,4]") << QByteArray("7");
    QTest::addRow("collection") << "fortunes" << QByteArray("[2]") << QByteArray(R"(["fortune 1","fortune 2"])");
    QTest::addRow("map") << "wordLengths" << QByteArray(R"([["hello","world","rmi"]])")
                         << QByteArray(R"({"hello":5,"rmi":3,"world":5})");
    QTest::addRow("object") << "move"
                            << QByteArray(R"([{"class":"Point","fields":{"label":"start","x":1,"y":2}},10,20])")
                            << QByteArray(R"({"class":"Point","fields":{"label":"start","x":11,"y":22}})");
    QTest::addRow("long") << "total" << QByteArray("[[1,2,40000000000]]") << QByteArray("40000000003");
    QTest::addRow("enum") << "mood" << QByteArray("[true]") << QByteArray(R"("HAPPY")");
    QTest::addRow("void") << "touch" << QByteArray("[]") << QByteArray("null");
}

void TestJrmpCaptures::userMethodsWithSignatures()
{
    QFETCH(QString, method);
    QFETCH(QByteArray, params);
    QFETCH(QByteArray, result);
    const Decode d
        = decode({QStringLiteral("--java-signatures"), test::dataPath(QStringLiteral("jrmp/hello.signatures"))});
    if (!decodeAvailable(d))
        QSKIP("rpcscope-cli decode is not built yet (pending on the capture/CLI work)");
    QCOMPARE(d.process.exitCode, 0);
    const QJsonObject call = find(d.calls, method);
    QVERIFY2(!call.isEmpty(), qPrintable(method));
    QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    // QJsonDocument sorts object keys; the CLI writes them in wire order, so compare through it.
    QCOMPARE(compact(call.value(QLatin1String("params"))), params);
    QCOMPARE(compact(call.value(QLatin1String("result"))), result);
}

void TestJrmpCaptures::badSignaturesFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.signatures"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("int add(int, int)\nthis is not a signature\n");
    f.close();
    const Decode d = decode({QStringLiteral("--java-signatures"), path});
    if (!decodeAvailable(d))
        QSKIP("rpcscope-cli decode is not built yet (pending on the capture/CLI work)");
    QVERIFY(d.process.exitCode != 0);
    QVERIFY2(d.process.err.contains(QStringLiteral("%1:2:").arg(path).toUtf8()), d.process.err.constData());
}

void TestJrmpCaptures::sampleInResources()
{
    // The sample shipped with the application is the same capture.
    QFile sample(QStringLiteral(RPCSCOPE_TESTDATA_DIR "/../../resources/samples/jrmp-hello.pcap"));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    QCOMPARE(sample.readAll(), test::readData(QStringLiteral("jrmp/hello.pcap")));
}

namespace {
test::ProcessResult decodeFidelity()
{
    return test::runCli({QStringLiteral("decode"), test::dataPath(QStringLiteral("jrmp/fidelity/fidelity.pcap")),
                         QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--java-signatures"),
                         test::dataPath(QStringLiteral("jrmp/fidelity/fidelity.signatures"))});
}
} // namespace

void TestJrmpCaptures::golden_data()
{
    QTest::addColumn<QString>("capture");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("expected");
    QTest::addRow("fidelity") << "jrmp/fidelity/fidelity.pcap"
                              << QStringList {QStringLiteral("--java-signatures"),
                                              test::dataPath(QStringLiteral("jrmp/fidelity/fidelity.signatures"))}
                              << "jrmp/fidelity/fidelity.expected.jsonl";
    QTest::addRow("names") << "jrmp/names/names.pcap" << QStringList {} << "jrmp/names/names.expected.jsonl";
    QTest::addRow("jmx") << "jrmp/jmx/jmx.pcap" << QStringList {} << "jrmp/jmx/jmx.expected.jsonl";
}

void TestJrmpCaptures::golden()
{
    QFETCH(QString, capture);
    QFETCH(QStringList, options);
    QFETCH(QString, expected);
    const test::ProcessResult p = test::runCli(QStringList {QStringLiteral("decode"), test::dataPath(capture),
                                                            QStringLiteral("--format"), QStringLiteral("jsonl")}
                                               + options);
    QVERIFY2(p.exitCode == 0, p.err.constData());
    QVERIFY2(p.err.isEmpty(), p.err.constData());
    const QList<QByteArray> actual = p.out.split('\n');
    const QList<QByteArray> lines = test::readData(expected).split('\n');
    QCOMPARE(actual.size(), lines.size());
    for (int i = 0; i < actual.size(); ++i) {
        if (actual[i] == lines[i])
            continue;
        qsizetype at = 0;
        while (at < actual[i].size() && at < lines[i].size() && actual[i][at] == lines[i][at])
            ++at;
        const qsizetype from = std::max<qsizetype>(0, at - 80);
        QFAIL(qPrintable(
            QStringLiteral("line %1 differs at character %2:\n  decoded:  …%3…\n  expected: …%4…")
                .arg(i + 1)
                .arg(at)
                .arg(QString::fromUtf8(actual[i].mid(from, 200)), QString::fromUtf8(lines[i].mid(from, 200)))));
    }
}

void TestJrmpCaptures::fidelityCases_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("arguments");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<QString>("contains");
    // What the golden file says, spelled out for the cases of the fidelity issue (QJsonDocument reads these fine).
    QTest::addRow("Instant, then a later argument")
        << "pair(Instant, \"after\")" << 2 << false << R"({"datetime":"2023-11-14T22:13:20.123456789Z"},"after"])";
    QTest::addRow("null key") << "HashMap with a null key" << 1 << false << R"({"map":[[null,"null key"],)";
    QTest::addRow("typed keys") << "keys 1, \"1\", 1L" << 1 << false
                                << R"({"map":[[1,"int"],["1","string"],[1,"long"]]})";
    QTest::addRow("whole arrays") << "pair(int[30000], int[2000])" << 2 << false << R"(,0,0]])";
    QTest::addRow("Date in year 10000") << "Dates outside years 1-9999" << 1 << false
                                        << R"({"datetime":"+10000-01-01T00:00:00.000Z"})";
    QTest::addRow("floats keep their point")
        << "floats" << 1 << false << R"([1.0,-0.0,0.1,{"double":"NaN"},{"double":"-Infinity"},3.4028235e+38])";
    QTest::addRow("lone surrogates") << "strings with lone surrogates" << 1 << false << R"(["a\ud800b","\udc00",)";
    QTest::addRow("an Externalizable of our own")
        << "pair(Externalizable of our own, \"after\")" << 1 << true << R"("externalData":{"base64":)";
}

void TestJrmpCaptures::fidelityCases()
{
    QFETCH(QString, name);
    QFETCH(int, arguments);
    QFETCH(bool, truncated);
    QFETCH(QString, contains);
    const test::ProcessResult p = decodeFidelity();
    QVERIFY2(p.exitCode == 0, p.err.constData());
    QByteArray line;
    for (const QByteArray& l : p.out.split('\n')) {
        const QJsonArray params = QJsonDocument::fromJson(l).object().value(QLatin1String("params")).toArray();
        if (params.at(0).toString() == name)
            line = l;
    }
    QVERIFY2(!line.isEmpty(), qPrintable(name));
    const QJsonObject call = QJsonDocument::fromJson(line).object();
    QCOMPARE(call.value(QLatin1String("params")).toArray().size(), arguments + 1);
    QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(call.value(QLatin1String("truncated")).toBool(), truncated);
    QVERIFY2(line.contains(contains.toUtf8()), line.left(300).constData());
}

QTEST_GUILESS_MAIN(TestJrmpCaptures)
#include "tst_jrmpcaptures.moc"
