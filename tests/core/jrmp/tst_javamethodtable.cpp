// Java method signatures (--java-signatures): parsing, JVM descriptors and the JDK 1.2 method hash RMI puts on
// the wire, checked against hashes seen in captures (wire-formats.md §3.4 and tests/data/jrmp/hello.pcap).
#include "jrmp/javamethodhash.h"
#include "jrmp/javamethodtable.h"
#include "jrmp/rmiwellknown.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

class TestJavaMethodTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void hashOfDescriptor_data();
    void hashOfDescriptor();
    void parsesSignature_data();
    void parsesSignature();
    void rejectsBadSignature_data();
    void rejectsBadSignature();
    void fileErrorsNameTheLine();
    void helloSignaturesMatchCapturedHashes_data();
    void helloSignaturesMatchCapturedHashes();
    void missingFileIsAnError();
    void wellKnownMethods_data();
    void wellKnownMethods();
};

void TestJavaMethodTable::hashOfDescriptor_data()
{
    QTest::addColumn<QString>("nameAndDescriptor");
    QTest::addColumn<quint64>("hash");
    // Verified against JDK 17 traffic (wire-formats.md §3.4).
    QTest::addRow("sayHello") << "sayHello(Ljava/lang/String;)Ljava/lang/String;" << quint64(0x742A8A860D6B7EE4);
    QTest::addRow("add") << "add(II)I" << quint64(0x94A9AF306652C3A6);
    QTest::addRow("move(Point)") << "move(LPoint;)LPoint;" << quint64(0xAB234A949DC6D53F);
    QTest::addRow("fail") << "fail()V" << quint64(0xCCC05885E14F683B);
    // The registry's methods as a JDK 1.2 stub would hash them.
    QTest::addRow("registry lookup") << "lookup(Ljava/lang/String;)Ljava/rmi/Remote;" << quint64(0x97614F3F477A89C7);
    QTest::addRow("registry bind") << "bind(Ljava/lang/String;Ljava/rmi/Remote;)V" << quint64(0x693FB79BBB53CEFE);
    QTest::addRow("registry list") << "list()[Ljava/lang/String;" << quint64(0x23AF58BBE96D7C34);
    QTest::addRow("registry rebind") << "rebind(Ljava/lang/String;Ljava/rmi/Remote;)V" << quint64(0x8BADB4AE7C9FED0E);
    QTest::addRow("registry unbind") << "unbind(Ljava/lang/String;)V" << quint64(0x6560A7A458D70A7A);
}

void TestJavaMethodTable::hashOfDescriptor()
{
    QFETCH(QString, nameAndDescriptor);
    QFETCH(quint64, hash);
    QCOMPARE(static_cast<quint64>(javaMethodHash(nameAndDescriptor)), hash);
    QCOMPARE(javaHashHex(static_cast<qint64>(hash)), QStringLiteral("%1").arg(hash, 16, 16, QLatin1Char('0')));
}

void TestJavaMethodTable::parsesSignature_data()
{
    QTest::addColumn<QString>("signature");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("descriptor");
    QTest::addColumn<QString>("normalised");
    QTest::addRow("String method") << "String getFortune(String)"
                                   << "getFortune"
                                   << "(Ljava/lang/String;)Ljava/lang/String;"
                                   << "String getFortune(String)";
    QTest::addRow("ints with parameter names") << "int add(int a, int b)"
                                               << "add"
                                               << "(II)I"
                                               << "int add(int, int)";
    QTest::addRow("void, no parameters") << "void fail()"
                                         << "fail"
                                         << "()V"
                                         << "void fail()";
    QTest::addRow("arrays") << "long total(long[] values)"
                            << "total"
                            << "([J)J"
                            << "long total(long[])";
    QTest::addRow("String array") << "int count(String[])"
                                  << "count"
                                  << "([Ljava/lang/String;)I"
                                  << "int count(String[])";
    QTest::addRow("varargs") << "void log(String... lines)"
                             << "log"
                             << "([Ljava/lang/String;)V"
                             << "void log(String[])";
    QTest::addRow("generics erased")
        << "java.util.Map<String, java.util.List<Integer>> index(java.util.List<String> words)"
        << "index"
        << "(Ljava/util/List;)Ljava/util/Map;"
        << "java.util.Map index(java.util.List)";
    QTest::addRow("default package class") << "Point move(Point, int, int)"
                                           << "move"
                                           << "(LPoint;II)LPoint;"
                                           << "Point move(Point, int, int)";
    QTest::addRow("nested class with $") << "Hello$Mood mood(boolean)"
                                         << "mood"
                                         << "(Z)LHello$Mood;"
                                         << "Hello$Mood mood(boolean)";
    QTest::addRow("modifiers, throws, semicolon")
        << "public abstract String sayHello(final String name) throws java.rmi.RemoteException;"
        << "sayHello"
        << "(Ljava/lang/String;)Ljava/lang/String;"
        << "String sayHello(String)";
    QTest::addRow("every primitive") << "void all(boolean, byte, char, short, int, long, float, double)"
                                     << "all"
                                     << "(ZBCSIJFD)V"
                                     << "void all(boolean, byte, char, short, int, long, float, double)";
    QTest::addRow("java.lang boxes") << "Integer box(Long, Object, Character)"
                                     << "box"
                                     << "(Ljava/lang/Long;Ljava/lang/Object;Ljava/lang/Character;)Ljava/lang/Integer;"
                                     << "Integer box(Long, Object, Character)";
    QTest::addRow("2D array with spaces") << "int [][] grid(int [] [] cells)"
                                          << "grid"
                                          << "([[I)[[I"
                                          << "int[][] grid(int[][])";
}

void TestJavaMethodTable::parsesSignature()
{
    QFETCH(QString, signature);
    QFETCH(QString, name);
    QFETCH(QString, descriptor);
    QFETCH(QString, normalised);
    const Result<JavaMethod> m = JavaMethodTable::parseSignature(signature);
    QVERIFY2(m.ok(), qPrintable(m.ok() ? QString() : m.error()));
    QCOMPARE(m->name, name);
    QCOMPARE(m->descriptor, descriptor);
    QCOMPARE(m->signature, normalised);
    QCOMPARE(m->hash, javaMethodHash(QString(name + descriptor)));
}

void TestJavaMethodTable::rejectsBadSignature_data()
{
    QTest::addColumn<QString>("signature");
    QTest::addColumn<QString>("error");
    QTest::addRow("no parentheses") << "int add"
                                    << "expected 'ReturnType name(ParamType, ...)'";
    QTest::addRow("no return type") << "add(int, int)"
                                    << "missing return type before 'add'";
    QTest::addRow("void parameter") << "int f(void)"
                                    << "parameter 1: 'void' is only allowed as a return type";
    QTest::addRow("bad type name") << "int f(in-t)"
                                   << "parameter 1: 'in-t' is not a Java type name";
    QTest::addRow("unbalanced generics") << "java.util.List<String f()"
                                         << "return type: unbalanced <> in type";
    QTest::addRow("generic method") << "<T> T pick(T)"
                                    << "generic methods are not supported";
    QTest::addRow("junk after") << "int f() extra"
                                << "unexpected text after the parameter list: 'extra'";
    QTest::addRow("empty parameter") << "int f(int, )"
                                     << "parameter 2: missing type";
}

void TestJavaMethodTable::rejectsBadSignature()
{
    QFETCH(QString, signature);
    QFETCH(QString, error);
    const Result<JavaMethod> m = JavaMethodTable::parseSignature(signature);
    QVERIFY(!m.ok());
    QVERIFY2(m.error().contains(error), qPrintable(m.error()));
}

void TestJavaMethodTable::fileErrorsNameTheLine()
{
    const auto table = JavaMethodTable::fromText(QStringLiteral("# comment\n\nint add(int, int)\nnot a signature\n"),
                                                 QStringLiteral("my.signatures"));
    QVERIFY(!table.ok());
    QVERIFY2(table.error().startsWith(QLatin1String("my.signatures:4: ")), qPrintable(table.error()));

    const auto ok = JavaMethodTable::fromText(QStringLiteral("  // a comment\nint add(int, int) # trailing\n\n"
                                                             "int add(int a, int b)\nvoid fail()\n"));
    QVERIFY(ok.ok());
    QCOMPARE((*ok)->methods().size(), std::size_t(2)); // the duplicate is kept once
    QCOMPARE((*ok)->methods()[0].line, 2);
    QCOMPARE((*ok)->methods()[1].line, 5);
    QVERIFY((*ok)->find(static_cast<qint64>(0x94A9AF306652C3A6ULL)));
    QCOMPARE((*ok)->find(static_cast<qint64>(0x94A9AF306652C3A6ULL))->name, QStringLiteral("add"));
    QVERIFY(!(*ok)->find(12345));
}

void TestJavaMethodTable::helloSignaturesMatchCapturedHashes_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<quint64>("hash");
    // The hashes the JDK 17 client put on the wire in hello.pcap, for the signatures in hello.signatures.
    QTest::addRow("sayHello") << "sayHello" << quint64(0x742a8a860d6b7ee4);
    QTest::addRow("add") << "add" << quint64(0x94a9af306652c3a6);
    QTest::addRow("fortunes") << "fortunes" << quint64(0x494672c939b17d53);
    QTest::addRow("wordLengths") << "wordLengths" << quint64(0xeb9ddf634ee62670);
    QTest::addRow("move") << "move" << quint64(0x613ffaa9a68dfebf);
    QTest::addRow("total") << "total" << quint64(0xb739dfcba3c88675);
    QTest::addRow("mood") << "mood" << quint64(0xd96bde1c159b0c2e);
    QTest::addRow("touch") << "touch" << quint64(0x43e8b31d71da7d6e);
    QTest::addRow("fail") << "fail" << quint64(0xccc05885e14f683b);
}

void TestJavaMethodTable::helloSignaturesMatchCapturedHashes()
{
    QFETCH(QString, method);
    QFETCH(quint64, hash);
    const auto table = JavaMethodTable::fromFile(test::dataPath(QStringLiteral("jrmp/hello.signatures")));
    QVERIFY2(table.ok(), qPrintable(table.ok() ? QString() : table.error()));
    QCOMPARE((*table)->methods().size(), std::size_t(9));
    const JavaMethod* m = (*table)->find(static_cast<qint64>(hash));
    QVERIFY(m);
    QCOMPARE(m->name, method);
}

void TestJavaMethodTable::missingFileIsAnError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("absent.signatures"));
    const auto table = JavaMethodTable::fromFile(path);
    QVERIFY(!table.ok());
    QVERIFY2(table.error().contains(path), qPrintable(table.error()));
}

void TestJavaMethodTable::wellKnownMethods_data()
{
    QTest::addColumn<qint64>("objNum");
    QTest::addColumn<int>("op");
    QTest::addColumn<quint64>("hash");
    QTest::addColumn<QString>("method");
    const quint64 registry = 0x44154DC9D4E63BDF;
    const quint64 dgc = 0xF6B6898D8BF28643;
    QTest::addRow("registry op 0") << qint64(0) << 0 << registry << "bind";
    QTest::addRow("registry op 1") << qint64(0) << 1 << registry << "list";
    QTest::addRow("registry op 2") << qint64(0) << 2 << registry << "lookup";
    QTest::addRow("registry op 3") << qint64(0) << 3 << registry << "rebind";
    QTest::addRow("registry op 4") << qint64(0) << 4 << registry << "unbind";
    QTest::addRow("registry op 5 unknown") << qint64(0) << 5 << registry << "";
    QTest::addRow("registry wrong interface hash") << qint64(0) << 2 << dgc << "";
    QTest::addRow("registry 1.2 hash") << qint64(0) << -1 << quint64(0x97614F3F477A89C7) << "lookup";
    QTest::addRow("dgc op 0") << qint64(2) << 0 << dgc << "clean";
    QTest::addRow("dgc op 1") << qint64(2) << 1 << dgc << "dirty";
    QTest::addRow("not well-known") << qint64(7) << 0 << registry << "";
}

void TestJavaMethodTable::wellKnownMethods()
{
    QFETCH(qint64, objNum);
    QFETCH(int, op);
    QFETCH(quint64, hash);
    QFETCH(QString, method);
    const JavaMethod* m = rmiwellknown::method(RmiObjId {objNum, {}}, op, static_cast<qint64>(hash));
    QCOMPARE(m ? m->name : QString(), method);
    // An exported object's UID is never zero: the same numbers do not name registry methods there.
    QVERIFY(!rmiwellknown::method(RmiObjId {objNum, RmiUid {1, 2, 3}}, op, static_cast<qint64>(hash)));
}

QTEST_GUILESS_MAIN(TestJavaMethodTable)
#include "tst_javamethodtable.moc"
