// --java-classpath (core/jrmp/javaclasspath): remote interfaces compiled by the JDK's javac at test time
// (RPCSCOPE_JAVAC) and packed by its jar tool are read from a folder and from a jar, and `rpcscope-cli decode
// --java-classpath` then names the methods of tests/data/jrmp/names/names.pcap and decodes their primitive arguments
// and results by type (golden: names.classpath.expected.jsonl). Damaged class files and jars give errors that name the
// file.
#include "classfilebuilder.h"
#include "jrmp/javaclasspath.h"
#include "testsupport.h"
#include "zipbuilder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

namespace {

void writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QByteArray compactJson(const QJsonValue& v)
{
    return QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

} // namespace

class TestJavaClasspath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void readsCompiledInterfaces_data();
    void readsCompiledInterfaces();
    void decodeNamesMethodsAndTypesArguments();
    void damagedInputNamesTheFile_data();
    void damagedInputNamesTheFile();
    void classpathWithoutRemoteInterfacesWarns();

private:
    QTemporaryDir m_dir;
    QString m_classes;
    QString m_jar;
};

void TestJavaClasspath::initTestCase()
{
    if (test::javacPath().isEmpty())
        QSKIP("javac (JDK 17) compiles the interfaces; install openjdk-17-jdk-headless");
    QVERIFY(m_dir.isValid());
    m_classes = m_dir.filePath(QStringLiteral("classes"));
    QStringList args {QStringLiteral("-J-XX:TieredStopAtLevel=1"), QStringLiteral("-J-XX:+UseSerialGC"),
                      QStringLiteral("-d"), m_classes};
    for (const char* source : {"Named.java", "Greeting.java", "GreetingMaker.java"})
        args << test::dataPath(QStringLiteral("jrmp/names/example/%1").arg(QLatin1String(source)));
    const test::ProcessResult javac = test::runProcess(test::javacPath(), args, {}, 120000);
    QVERIFY2(javac.exitCode == 0, javac.err.constData());
    // The JDK's own jar tool, beside javac.
    const QString bin = QFileInfo(QFileInfo(test::javacPath()).canonicalFilePath()).absolutePath();
    const QString jarTool = QStandardPaths::findExecutable(QStringLiteral("jar"), {bin});
    QVERIFY2(!jarTool.isEmpty(), qPrintable(bin));
    m_jar = m_dir.filePath(QStringLiteral("greeting.jar"));
    const test::ProcessResult jar = test::runProcess(jarTool,
                                                     {QStringLiteral("-J-XX:TieredStopAtLevel=1"),
                                                      QStringLiteral("--create"), QStringLiteral("--file"), m_jar,
                                                      QStringLiteral("-C"), m_classes, QStringLiteral("example")},
                                                     {}, 60000);
    QVERIFY2(jar.exitCode == 0, jar.err.constData());
}

void TestJavaClasspath::readsCompiledInterfaces_data()
{
    QTest::addColumn<bool>("fromJar");
    QTest::addRow("folder") << false;
    QTest::addRow("jar") << true;
}

void TestJavaClasspath::readsCompiledInterfaces()
{
    QFETCH(bool, fromJar);
    const Result<JavaClasspath::Loaded> loaded = JavaClasspath::load({fromJar ? m_jar : m_classes});
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error()));
    QCOMPARE(loaded->classes, 3); // Named, Greeting, GreetingMaker
    QCOMPARE(loaded->remoteInterfaces, 2);
    const JavaMethodTable& table = *loaded->methods;
    QCOMPARE(table.methods().size(), std::size_t(10));
    // Greeting's own methods and the one it inherits from Named, each under its RMI hash (as captured).
    const JavaMethod* add = table.find(static_cast<qint64>(0x94a9af306652c3a6ULL));
    QVERIFY(add);
    QCOMPARE(add->signature, QStringLiteral("int add(int, int)"));
    QCOMPARE(add->declaringClass, QStringLiteral("example.Greeting"));
    const JavaMethod* average = table.find(static_cast<qint64>(0x753d4296b667adfcULL));
    QVERIFY(average);
    QCOMPARE(average->descriptor, QStringLiteral("(FSB)D"));
    const JavaMethod* name = table.find(static_cast<qint64>(0xe4a1571f9af2e0aaULL));
    QVERIFY(name);
    QCOMPARE(name->declaringClass, QStringLiteral("example.Named"));
    // The class implementing the interface is recorded with it (what an rmic stub of it would name).
    QCOMPARE(table.remoteInterfacesOf(QStringLiteral("example.GreetingMaker")),
             QStringList {QStringLiteral("example.Greeting")});
}

void TestJavaClasspath::decodeNamesMethodsAndTypesArguments()
{
    const test::ProcessResult p
        = test::runCli({QStringLiteral("decode"), test::dataPath(QStringLiteral("jrmp/names/names.pcap")),
                        QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--java-classpath"),
                        m_dir.filePath(QStringLiteral("missing")) + QLatin1Char(':') + m_jar});
    // A classpath entry that does not exist is an error, as for javac.
    QCOMPARE(p.exitCode, 1);
    QVERIFY2(p.err.contains("missing: no such file or folder"), p.err.constData());

    const test::ProcessResult d = test::runCli(
        {QStringLiteral("decode"), test::dataPath(QStringLiteral("jrmp/names/names.pcap")), QStringLiteral("--format"),
         QStringLiteral("jsonl"), QStringLiteral("--java-classpath"), m_jar});
    QVERIFY2(d.exitCode == 0, d.err.constData());
    QVERIFY2(d.err.isEmpty(), d.err.constData());
    QHash<QString, QJsonObject> byMethod;
    for (const QByteArray& line : d.out.split('\n')) {
        const QJsonObject call = QJsonDocument::fromJson(line).object();
        if (call.value(QLatin1String("object")).toString() == QLatin1String("GreetingMaker (Greeting)"))
            byMethod.insert(call.value(QLatin1String("method")).toString(), call);
    }
    QCOMPARE(byMethod.size(), 10); // greet twice
    auto check = [&](const char* method, const char* params, const char* result) {
        const QJsonObject call = byMethod.value(QLatin1String(method));
        QCOMPARE(compactJson(call.value(QLatin1String("params"))), QByteArray(params));
        QCOMPARE(compactJson(call.value(QLatin1String("result"))), QByteArray(result));
        QCOMPARE(call.value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    };
    check("add", "[3,4]", "7");
    check("scale", "[40000000000,1.5]", "60000000000");
    check("isFriend", R"(["letian",true])", "true");
    check("initial", R"(["irmen"])", R"("i")");
    check("average", "[1.5,-2,7]", "2.1666666666666665");
    check("ping", "[]", "null");
    check("name", "[]", R"("GreetingMaker")");

    // The whole output, as reviewed.
    const QByteArray expected = test::readData(QStringLiteral("jrmp/names/names.classpath.expected.jsonl"));
    QCOMPARE(d.out, expected);
}

void TestJavaClasspath::damagedInputNamesTheFile_data()
{
    QTest::addColumn<QString>("entry");
    QTest::addColumn<QString>("error");
    const QString dir = m_dir.filePath(QStringLiteral("damaged"));

    // A folder with one class cut short.
    const QString folder = dir + QStringLiteral("/classes");
    QDir().mkpath(folder + QStringLiteral("/example"));
    QFile::copy(m_classes + QStringLiteral("/example/Greeting.class"),
                folder + QStringLiteral("/example/Greeting.class"));
    QFile named(m_classes + QStringLiteral("/example/Named.class"));
    QVERIFY(named.open(QIODevice::ReadOnly));
    writeFile(folder + QStringLiteral("/example/Named.class"), named.readAll().first(100));
    QTest::addRow("class file cut short") << folder << folder + QStringLiteral("/example/Named.class: truncated: ");

    // The jar cut short.
    QFile jar(m_jar);
    QVERIFY(jar.open(QIODevice::ReadOnly));
    const QString cut = dir + QStringLiteral("/cut.jar");
    writeFile(cut, jar.readAll().chopped(30));
    QTest::addRow("jar cut short") << cut
                                   << cut
            + QStringLiteral(": a damaged zip archive: its end of central directory record "
                             "is missing (the file was cut short?)");

    // A jar holding a file that is no class.
    test::ZipBuilder z;
    z.entries.push_back({QStringLiteral("example/Bad.class"), QByteArrayLiteral("PK\x03\x04 not a class"), 8});
    const QString bad = dir + QStringLiteral("/bad.jar");
    writeFile(bad, z.build());
    QTest::addRow("entry that is no class") << bad
                                            << bad
            + QStringLiteral("!example/Bad.class: not a class file: it starts with 0x504b0304, not the magic number "
                             "0xCAFEBABE");

    // A zip bomb: an entry that inflates far past the size it declares.
    test::ZipBuilder bomb;
    bomb.entries.push_back({QStringLiteral("example/Bomb.class"), QByteArray(8 * 1024 * 1024, '\0'), 8, 0, 512});
    const QString bombJar = dir + QStringLiteral("/bomb.jar");
    writeFile(bombJar, bomb.build());
    QTest::addRow("zip bomb") << bombJar
                              << bombJar
            + QStringLiteral(": example/Bomb.class: inflates past its declared 512 bytes (a "
                             "zip bomb, or a damaged entry)");
    QTest::addRow("a text file") << test::dataPath(QStringLiteral("jrmp/hello.signatures"))
                                 << test::dataPath(QStringLiteral("jrmp/hello.signatures"))
            + QStringLiteral(": not a jar or zip archive: no end of central directory "
                             "record");
}

void TestJavaClasspath::damagedInputNamesTheFile()
{
    QFETCH(QString, entry);
    QFETCH(QString, error);
    const Result<JavaClasspath::Loaded> loaded = JavaClasspath::load({entry});
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().startsWith(error), qPrintable(loaded.error()));
    // The command line says the same and stops before decoding.
    const test::ProcessResult p
        = test::runCli({QStringLiteral("decode"), test::dataPath(QStringLiteral("jrmp/names/names.pcap")),
                        QStringLiteral("--java-classpath"), entry});
    QCOMPARE(p.exitCode, 1);
    QVERIFY(p.out.isEmpty());
    QVERIFY2(p.err.contains(("--java-classpath: " + error).toUtf8()), p.err.constData());
}

void TestJavaClasspath::classpathWithoutRemoteInterfacesWarns()
{
    test::ClassFileBuilder plain;
    plain.name = QStringLiteral("example/Plain");
    plain.interfaces = {QStringLiteral("java/lang/Runnable")};
    plain.methods.push_back({0x0401, QStringLiteral("run"), QStringLiteral("()V"), {}, {}});
    const QString folder = m_dir.filePath(QStringLiteral("plain"));
    writeFile(folder + QStringLiteral("/example/Plain.class"), plain.build());
    const test::ProcessResult p
        = test::runCli({QStringLiteral("decode"), test::dataPath(QStringLiteral("jrmp/names/names.pcap")),
                        QStringLiteral("--java-classpath"), folder});
    QCOMPARE(p.exitCode, 0);
    QVERIFY2(p.err.contains(QStringLiteral("warning: --java-classpath: no remote interface (one extending "
                                           "java.rmi.Remote) among the 1 classes of %1")
                                .arg(folder)
                                .toUtf8()),
             p.err.constData());
}

QTEST_GUILESS_MAIN(TestJavaClasspath)
#include "tst_javaclasspath.moc"
