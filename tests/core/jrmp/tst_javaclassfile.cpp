// The class-file parser (core/jrmp/javaclassfile): what it reads from a class as javac writes one, and clear errors
// for damaged files: cut short anywhere, wrong magic, constant pool indexes out of range or of the wrong kind,
// counts and lengths larger than the file, unknown constant tags, bad modified UTF-8, bytes after the class.
#include "classfilebuilder.h"
#include "jrmp/javaclassfile.h"

#include <QTest>

using namespace rpcscope;
using rpcscope::test::ClassFileBuilder;

namespace {

ClassFileBuilder greeting()
{
    ClassFileBuilder b;
    b.fields = 1;
    b.methods.push_back({0x0401,
                         QStringLiteral("greet"),
                         QStringLiteral("(Ljava/lang/String;)Ljava/lang/String;"),
                         {QStringLiteral("java/rmi/RemoteException")},
                         {}});
    b.methods.push_back({0x0401,
                         QStringLiteral("add"),
                         QStringLiteral("(II)I"),
                         {QStringLiteral("java/rmi/RemoteException"), QStringLiteral("java/io/IOException")},
                         QByteArray(37, 'x')});
    b.methods.push_back({0x0009, QStringLiteral("helper"), QStringLiteral("()V"), {}, {}});
    return b;
}

void put16(QByteArray& bytes, qsizetype at, quint16 v)
{
    qToBigEndian(v, bytes.data() + at);
}

} // namespace

class TestJavaClassFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsAnInterface();
    void damaged_data();
    void damaged();
    void everyTruncationIsAnError();
    void longInTheLastSlot();
    void oversizedFileIsRefusedUnread();
};

void TestJavaClassFile::readsAnInterface()
{
    ClassFileBuilder b = greeting();
    const Result<JavaClassFile> cf = JavaClassFile::parse(b.build());
    QVERIFY2(cf.ok(), qPrintable(cf.ok() ? QString() : cf.error()));
    QCOMPARE(cf->majorVersion, quint16(61));
    QCOMPARE(cf->name, QStringLiteral("example.Greeting"));
    QCOMPARE(cf->superName, QStringLiteral("java.lang.Object"));
    QCOMPARE(cf->interfaces, QStringList {QStringLiteral("java.rmi.Remote")});
    QVERIFY(cf->isInterface());
    QCOMPARE(cf->methods.size(), std::size_t(3));
    QCOMPARE(cf->methods[0].name, QStringLiteral("greet"));
    QCOMPARE(cf->methods[0].descriptor, QStringLiteral("(Ljava/lang/String;)Ljava/lang/String;"));
    QCOMPARE(cf->methods[0].exceptions, QStringList {QStringLiteral("java.rmi.RemoteException")});
    QCOMPARE(cf->methods[1].descriptor, QStringLiteral("(II)I"));
    QCOMPARE(cf->methods[1].exceptions,
             (QStringList {QStringLiteral("java.rmi.RemoteException"), QStringLiteral("java.io.IOException")}));
    QCOMPARE(cf->methods[2].accessFlags, quint16(0x0009));
}

void TestJavaClassFile::damaged_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    ClassFileBuilder b = greeting();
    const QByteArray good = b.build();

    QByteArray magic = good;
    magic[3] = '\xBF';
    QTest::addRow("bad magic") << magic
                               << "not a class file: it starts with 0xcafebabf, not the magic number 0xCAFEBABE";
    QTest::addRow("a zip, not a class") << QByteArrayLiteral("PK\x03\x04 and more")
                                        << "not a class file: it starts with 0x504b0304, not the magic number "
                                           "0xCAFEBABE";
    QByteArray old = good;
    put16(old, 6, 44);
    QTest::addRow("version before JDK 1.1")
        << old << "class file version 44.0 is older than any JDK wrote (45 is JDK 1.1)";

    QByteArray hugePool = good;
    put16(hugePool, 8, 0xFFFF);
    QTest::addRow("constant pool count larger than the file")
        << hugePool
        << QStringLiteral("the constant pool claims 65534 entries, more than the %1 bytes left can hold")
               .arg(good.size() - 10);
    QByteArray zeroPool = good;
    put16(zeroPool, 8, 0);
    QTest::addRow("constant pool count 0")
        << zeroPool << "the constant pool count is 0 (it is one more than the number of entries)";
    QByteArray tag = good;
    tag[10] = 2;
    const int n = b.poolEntries;
    QTest::addRow("unknown constant tag")
        << tag << QStringLiteral("the constant pool entry 1 of %1 has the unknown tag 2 at offset 10").arg(n);
    QByteArray utf = good;
    utf[13] = '\xFF'; // the first byte of the first Utf8's text ("example/Greeting")
    QTest::addRow("invalid modified UTF-8")
        << utf << QStringLiteral("the constant pool entry 1 of %1 is not valid modified UTF-8").arg(n);
    QByteArray longUtf = good;
    put16(longUtf, 11, 0xFFFF);
    QTest::addRow("Utf8 longer than the file")
        << longUtf
        << QStringLiteral("truncated: the constant pool entry 1 of %1 needs 65535 bytes at offset 13, %2 left")
               .arg(n)
               .arg(good.size() - 13);

    QByteArray thisOutOfRange = good;
    put16(thisOutOfRange, b.accessFlagsAt + 2, 0xFFFF);
    QTest::addRow("this_class index out of range")
        << thisOutOfRange << QStringLiteral("this_class refers to constant pool index 65535, outside 1..%1").arg(n);
    QByteArray thisZero = good;
    put16(thisZero, b.accessFlagsAt + 2, 0);
    QTest::addRow("this_class index 0")
        << thisZero << QStringLiteral("this_class refers to constant pool index 0, outside 1..%1").arg(n);
    QByteArray thisUtf8 = good;
    put16(thisUtf8, b.accessFlagsAt + 2, 1);
    QTest::addRow("this_class names a Utf8") << thisUtf8
                                             << "this_class refers to constant pool index 1, which is a Utf8, not a "
                                                "Class";
    QByteArray superLongSlot = good;
    put16(superLongSlot, b.accessFlagsAt + 4, static_cast<quint16>(b.longIndex + 1));
    QTest::addRow("super_class names the second slot of a Long")
        << superLongSlot
        << QStringLiteral("super_class refers to constant pool index %1, which is the unusable slot after a Long or "
                          "Double, not a Class")
               .arg(b.longIndex + 1);

    QByteArray manyMethods = good;
    put16(manyMethods, b.methodCountAt, 0xFFFF);
    QTest::addRow("method count larger than the file")
        << manyMethods
        << QStringLiteral("the class claims 65535 methods, more than the %1 bytes left can hold")
               .arg(good.size() - b.methodCountAt - 2);
    QByteArray longAttribute = good;
    qToBigEndian(quint32(0xFFFFFFFF), longAttribute.data() + b.firstAttributeLengthAt);
    QTest::addRow("attribute longer than the file")
        << longAttribute
        << QStringLiteral("truncated: attribute 1 of 1 of method 1 of 3 (greet) needs 4294967295 bytes at offset %1, "
                          "%2 left")
               .arg(b.firstAttributeLengthAt + 4)
               .arg(good.size() - b.firstAttributeLengthAt - 4);
    QByteArray exceptionsCount = good;
    put16(exceptionsCount, b.firstAttributeLengthAt + 4, 3);
    QTest::addRow("Exceptions count that does not fit its length")
        << exceptionsCount
        << "the Exceptions attribute of method 1 of 3 (greet) is 4 bytes long, which does not fit its count of 3";

    QTest::addRow("bytes after the class") << good
            + QByteArray("xyz") << QStringLiteral("3 bytes after the end of the class at offset %1").arg(good.size());
    QTest::addRow("empty") << QByteArray()
                           << "truncated: the magic number 0xCAFEBABE needs 4 bytes at offset 0, 0 left";
}

void TestJavaClassFile::damaged()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    const Result<JavaClassFile> cf = JavaClassFile::parse(bytes);
    QVERIFY(!cf.ok());
    QCOMPARE(cf.error(), error);
}

void TestJavaClassFile::everyTruncationIsAnError()
{
    const QByteArray good = greeting().build();
    for (qsizetype n = 0; n < good.size(); ++n) {
        const Result<JavaClassFile> cf = JavaClassFile::parse(QByteArrayView(good).first(n));
        QVERIFY2(!cf.ok(), qPrintable(QStringLiteral("a class cut to %1 bytes was read").arg(n)));
        // Either a read past the end, or a count that the bytes left cannot hold (checked before reading on).
        QVERIFY2(cf.error().startsWith(QLatin1String("truncated: "))
                     || cf.error().endsWith(QLatin1String("left can hold")),
                 qPrintable(cf.error()));
        QVERIFY2(cf.error().contains(QLatin1String(" left")), qPrintable(cf.error()));
    }
}

void TestJavaClassFile::longInTheLastSlot()
{
    QByteArray bytes;
    ClassFileBuilder::u32(bytes, 0xCAFEBABE);
    ClassFileBuilder::u16(bytes, 0);
    ClassFileBuilder::u16(bytes, 61);
    ClassFileBuilder::u16(bytes, 2); // one entry
    bytes.append('\x05');
    bytes.append(8, '\0');
    const Result<JavaClassFile> cf = JavaClassFile::parse(bytes);
    QVERIFY(!cf.ok());
    QCOMPARE(cf.error(),
             QStringLiteral("the constant pool entry 1 of 1 is a Long or Double in the last slot, which "
                            "needs two"));
}

void TestJavaClassFile::oversizedFileIsRefusedUnread()
{
    QByteArray bytes(JavaClassFile::kMaxBytes + 1, '\0');
    const Result<JavaClassFile> cf = JavaClassFile::parse(bytes);
    QVERIFY(!cf.ok());
    QCOMPARE(cf.error(), QStringLiteral("16777217 bytes, more than the 16777216 bytes a class file may have here"));
}

QTEST_GUILESS_MAIN(TestJavaClassFile)
#include "tst_javaclassfile.moc"
