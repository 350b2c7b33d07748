// The Java Object Serialization parser's class descriptors and object data (core/jrmp/javaobjectparser.cpp): field
// type strings that take handles, the class chain (superclass data first), fields in descriptor order, writeObject
// data split into block records, and Externalizable data in block mode and in protocol version 1 (as RMI writes it:
// java.time.Ser's is read by its documented layout, any other class's stops the parse), checked on streams the JDK
// wrote (tests/data/jrmp/serialization) and on captured RMI traffic.
#include "javastreamtestdata.h"
#include "jrmp/javablockreader.h"

#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

class TestJavaObjectParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fieldTypeStringsTakeHandles();
    void superclassDataFirst();
    void primitiveFieldsInDescriptorOrder();
    void writeObjectBlocksAreOneStream();
    void externalizable_data();
    void externalizable();
    void javaTimeInProtocolVersion1IsDelimited();
};

void TestJavaObjectParser::fieldTypeStringsTakeHandles()
{
    // The DGC dirty call: `Ljava/rmi/server/UID;` gets handle 0x7E0003 and is later referenced as 71 00 7E 00 03.
    const QByteArray call = test::helloCall(test::kObjectPort, 1, test::objectcall::Dirty);
    QCOMPARE(call.size(), 451);
    const JavaStream s = JavaSerializationParser::parse(call, 1, {});
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    int uidType = -1;
    int references = 0;
    for (int id = 0; id < int(s.nodes.size()); ++id) {
        const JavaNode& n = s.node(id);
        if (n.kind == JavaKind::String && n.text == QLatin1String("Ljava/rmi/server/UID;"))
            uidType = id;
        if (n.kind == JavaKind::Reference && n.wireHandle == 0x7E0003) {
            ++references;
            QCOMPARE(n.target, uidType);
        }
    }
    QVERIFY(uidType >= 0);
    QCOMPARE(s.node(uidType).handle, 3);
    QCOMPARE(references, 1);
    const int offset = call.indexOf(hex("71 007e0003"));
    QVERIFY(offset > 0);
    bool found = false;
    for (const JavaNode& n : s.nodes)
        found = found || (n.kind == JavaKind::Reference && n.offset == offset && n.length == 5);
    QVERIFY(found);
}

void TestJavaObjectParser::superclassDataFirst()
{
    const QByteArray bytes = sample(QStringLiteral("inheritance"));
    const JavaStream s = parse(bytes);
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    const JavaNode& o = s.node(s.contents[0]);
    QCOMPARE(o.classData.size(), std::size_t(2));
    QCOMPARE(s.className(o.classData[0].desc), QStringLiteral("SerializationSamples$Base"));
    QCOMPARE(s.className(o.classData[1].desc), QStringLiteral("SerializationSamples$Derived"));
    QVERIFY(o.classData[0].offset < o.classData[1].offset);
    const int baseName
        = s.fieldValue(s.contents[0], QStringLiteral("SerializationSamples$Base"), QStringLiteral("name"));
    const int derivedName
        = s.fieldValue(s.contents[0], QStringLiteral("SerializationSamples$Derived"), QStringLiteral("name"));
    QCOMPARE(s.node(baseName).text, QStringLiteral("base"));
    QCOMPARE(s.node(derivedName).text, QStringLiteral("derived"));
}

void TestJavaObjectParser::primitiveFieldsInDescriptorOrder()
{
    // ObjectStreamClass sorts fields: primitives first, then objects, each by name. UID in the DGC call is written
    // count (S), time (J), unique (I) -- unlike UID.write's unique, time, count.
    const QByteArray call = test::helloCall(test::kObjectPort, 1, test::objectcall::Dirty);
    const JavaStream s = JavaSerializationParser::parse(call, 1, {});
    int uidDesc = -1;
    for (int id = 0; id < int(s.nodes.size()); ++id) {
        if (s.node(id).kind == JavaKind::ClassDesc && s.node(id).text == QLatin1String("java.rmi.server.UID"))
            uidDesc = id;
    }
    QVERIFY(uidDesc >= 0);
    QStringList order;
    for (const JavaFieldDesc& f : s.descInfo(uidDesc).fields)
        order << QStringLiteral("%1 %2").arg(QLatin1Char(f.code)).arg(f.name);
    QCOMPARE(order, (QStringList {QStringLiteral("S count"), QStringLiteral("J time"), QStringLiteral("I unique")}));

    const QByteArray prims = sample(QStringLiteral("primitives"));
    const JavaStream p = parse(prims);
    QStringList names;
    for (const JavaFieldDesc& f : p.descInfo(p.node(p.contents[0]).desc).fields)
        names << f.name;
    QCOMPARE(names.join(QLatin1Char(',')), QStringLiteral("b,c,d,f,i,j,s,z"));
}

void TestJavaObjectParser::writeObjectBlocksAreOneStream()
{
    // Blocks.writeObject: writeByte(7), 600 writeInt(i * 1000), writeObject("tail"). 2401 bytes of primitive data
    // become records of 1024, 1024 and 353 bytes.
    const QByteArray bytes = sample(QStringLiteral("blocks"));
    const JavaStream s = parse(bytes);
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    const JavaClassData& cd = s.node(s.contents[0]).classData.at(0);
    QVERIFY(cd.hasAnnotation);
    QCOMPARE(cd.annotation.size(), std::size_t(4));
    QCOMPARE(s.node(cd.annotation[0]).dataLength, 1024);
    QCOMPARE(s.node(cd.annotation[1]).dataLength, 1024);
    QCOMPARE(s.node(cd.annotation[2]).dataLength, 353);
    JavaBlockReader r(s, cd.annotation, bytes);
    quint8 first = 0;
    QVERIFY(r.u8(first));
    QCOMPARE(first, quint8(7));
    for (int i = 0; i < 600; ++i) {
        qint32 v = 0;
        JavaBlockReader::Range range;
        QVERIFY(r.i32(v, &range));
        QCOMPARE(v, i * 1000);
        // Ints #255 and #511 straddle two records: their ranges cover the 5-byte header in between.
        QCOMPARE(range.length, i == 255 || i == 511 ? 9 : 4);
    }
    QCOMPARE(r.blockRemaining(), 0);
    const int tail = r.nextObject();
    QCOMPARE(s.node(tail).text, QStringLiteral("tail"));
    QVERIFY(r.atEnd());
    QCOMPARE(cd.annotationEnd, bytes.size() - 1);
}

void TestJavaObjectParser::externalizable_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("end");
    QTest::addColumn<int>("flags");
    QTest::addRow("protocol 2: block mode") << "externalizable-v2"
                                            << "complete" << 0x0C;
    QTest::addRow("protocol 1: opaque") << "externalizable-v1"
                                        << "opaque" << 0x04;
}

void TestJavaObjectParser::externalizable()
{
    QFETCH(QString, file);
    QFETCH(QString, end);
    QFETCH(int, flags);
    const QByteArray bytes = sample(file);
    const JavaStream s = parse(bytes);
    QCOMPARE(QString::fromLatin1(endName(s.end)), end);
    const JavaNode& o = s.node(s.contents.at(0));
    QCOMPARE(int(s.descInfo(o.desc).flags), flags);
    const JavaClassData& cd = o.classData.at(0);
    if (end == QLatin1String("opaque")) {
        QVERIFY(cd.opaque);
        QVERIFY(o.incomplete);
        QCOMPARE(s.stopOffset, 45);
        QVERIFY2(s.error.contains(QLatin1String("only the class's readExternal knows where it ends")),
                 qPrintable(s.error));
        return;
    }
    // writeExternal: writeInt(0x01020304), writeUTF("external"), in one block record.
    JavaBlockReader r(s, cd.annotation, bytes);
    qint32 v = 0;
    QString text;
    QVERIFY(r.i32(v));
    QVERIFY(r.utf(text));
    QCOMPARE(v, 0x01020304);
    QCOMPARE(text, QStringLiteral("external"));
    QVERIFY(r.atEnd());
}

void TestJavaObjectParser::javaTimeInProtocolVersion1IsDelimited()
{
    // RMI writes Externalizable data without block markers; java.time.Ser's layout is documented, so the parse
    // reads it and goes on: 18 java.time values and then "after".
    const QByteArray bytes = sample(QStringLiteral("time-v1"));
    const JavaStream s = parse(bytes);
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    QCOMPARE(int(s.contents.size()), 19);
    QCOMPARE(s.node(s.contents.back()).text, QStringLiteral("after"));
    for (std::size_t i = 0; i + 1 < s.contents.size(); ++i) {
        const JavaNode& o = s.node(s.contents[i]);
        QCOMPARE(s.className(o.desc), QStringLiteral("java.time.Ser"));
        QCOMPARE(int(s.descInfo(o.desc).flags), 0x04); // SC_EXTERNALIZABLE, no SC_BLOCK_DATA
        const JavaClassData& cd = o.classData.at(0);
        QVERIFY(!cd.opaque);
        QVERIFY(cd.externalOffset > o.offset);
        QCOMPARE(cd.externalOffset + cd.externalLength, o.offset + o.length);
    }
    QVERIFY(rangeProblems(s, bytes).isEmpty());
    // Cut inside an Instant's data, the stream is truncated there, not misread.
    const JavaNode& instant = s.node(s.contents[0]);
    const JavaStream cut = parse(bytes.left(instant.classData[0].externalOffset + 5));
    QCOMPARE(cut.end, JavaStream::End::Truncated);
    QVERIFY2(cut.error.contains(QLatin1String("java.time.Ser")), qPrintable(cut.error));
}

QTEST_GUILESS_MAIN(TestJavaObjectParser)
#include "tst_javaobjectparser.moc"
