// The Java Object Serialization parser: every grammar element, handles and back-references, block data, resets,
// exceptions and strings (class descriptors and object data: tst_javaobjectparser), checked on streams written by
// the JDK
// (tests/data/jrmp/serialization, made by make-samples.sh), on captured RMI traffic and on hand-made hostile
// streams (deep nesting, absurd lengths, loops, truncation).
#include "javastreamtestdata.h"
#include "jrmp/javablockreader.h"
#include "jrmp/javavalues.h"
#include "jrmp/modifiedutf8.h"

#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

class TestJavaSerialization : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void streamHeader_data();
    void streamHeader();
    void grammarElements_data();
    void grammarElements();
    void capturedRegistryLookup();
    void capturedStubReturn();
    void invalidModifiedUtf8IsCounted();
    void resetClearsHandles();
    void exceptionAbortsTheObject();
    void referenceLoopsTerminate();
    void modifiedUtf8();
    void malformed_data();
    void malformed();
    void deepNestingStopsAtTheLimit_data();
    void deepNestingStopsAtTheLimit();
    void valueAndStringLimits();
    void truncatedSamples_data();
    void truncatedSamples();
    void everyPrefixIsSafe_data();
    void everyPrefixIsSafe();
    void stopsAtMessageBoundary();
};

void TestJavaSerialization::streamHeader_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("end");
    QTest::addColumn<QString>("error");
    QTest::addRow("valid, empty") << hex("aced0005") << "complete"
                                  << "";
    QTest::addRow("wrong magic") << hex("acee0005 70") << "error"
                                 << "stream magic is 0xacee, not 0xACED";
    QTest::addRow("wrong version") << hex("aced0004 70") << "error"
                                   << "stream version is 4, not 5";
    QTest::addRow("truncated header") << hex("aced00") << "truncated"
                                      << "the data ends inside the stream header (magic AC ED, version 00 05)";
}

void TestJavaSerialization::streamHeader()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, end);
    QFETCH(QString, error);
    const JavaStream s = parse(bytes);
    QCOMPARE(QString::fromLatin1(endName(s.end)), end);
    QCOMPARE(s.error, error);
    QCOMPARE(s.headerOk, end == QLatin1String("complete"));
}

void TestJavaSerialization::grammarElements_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("content");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<int>("handle");
    const QByteArray intArrayDesc = classDesc("[I", 0x02, 0, {}, hex("70"), 0x4dba602676eab2a5ULL);
    QTest::addRow("TC_NULL") << kHeader + hex("70") << 0 << int(JavaKind::Null) << "null" << -1;
    QTest::addRow("TC_STRING") << kHeader + hex("74") + utf("Hello") << 0 << int(JavaKind::String) << "\"Hello\"" << 0;
    QTest::addRow("TC_LONGSTRING") << kHeader + hex("7c") + u64(2) + "hi" << 0 << int(JavaKind::String) << "\"hi\""
                                   << 0;
    QTest::addRow("TC_REFERENCE") << kHeader + hex("74") + utf("a") + hex("71 007e0000") << 1
                                  << int(JavaKind::Reference) << "→ 0x7e0000 \"a\"" << -1;
    QTest::addRow("TC_BLOCKDATA") << kHeader + hex("77 03 010203") << 0 << int(JavaKind::BlockData) << "3 bytes" << -1;
    QTest::addRow("TC_BLOCKDATALONG") << kHeader + hex("7a 00000002 abcd") << 0 << int(JavaKind::BlockData) << "2 bytes"
                                      << -1;
    QTest::addRow("TC_RESET") << kHeader + hex("79") << 0 << int(JavaKind::Reset) << "reset" << -1;
    QTest::addRow("TC_CLASS") << kHeader + hex("76") + classDesc("Foo", 0x02) << 0 << int(JavaKind::Class)
                              << "class Foo" << 1;
    QTest::addRow("TC_CLASSDESC alone") << kHeader + classDesc("Foo", 0x02) << 0 << int(JavaKind::ClassDesc) << "Foo"
                                        << 0;
    QTest::addRow("TC_PROXYCLASSDESC") << kHeader + hex("7d") + u32(2) + utf("A") + utf("b.B") + hex("78 70") << 0
                                       << int(JavaKind::ProxyClassDesc) << "Proxy[A, b.B]" << 0;
    QTest::addRow("TC_ENUM") << kHeader + hex("7e")
            + classDesc("Mood", 0x12, 0, {}, classDesc("java.lang.Enum", 0x12, 0, {}, hex("70"), 0), 0) + hex("74")
            + utf("HAPPY") << 0
                             << int(JavaKind::Enum) << "Mood.HAPPY" << 2;
    QTest::addRow("TC_ARRAY of int") << kHeader + hex("75") + intArrayDesc + u32(2) + u32(1) + u32(2) << 0
                                     << int(JavaKind::Array) << "int[2]" << 1;
    QTest::addRow("TC_OBJECT") << kHeader + hex("73") + classDesc("P", 0x02, 1, hex("49") + utf("x")) + u32(5) << 0
                               << int(JavaKind::Object) << "P" << 1;
    QTest::addRow("TC_EXCEPTION at top level") << kHeader + hex("7b 73") + classDesc("java.io.IOException", 0x02) << 0
                                               << int(JavaKind::Exception) << "exception java.io.IOException" << -1;
}

void TestJavaSerialization::grammarElements()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, content);
    QFETCH(int, kind);
    QFETCH(QString, summary);
    QFETCH(int, handle);
    const JavaStream s = parse(bytes);
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    QVERIFY(content < int(s.contents.size()));
    const JavaNode& n = s.node(s.contents[content]);
    QCOMPARE(int(n.kind), kind);
    QCOMPARE(n.handle, handle);
    QCOMPARE(JavaTreeBuilder(s, bytes).summary(s.contents[content]), summary);
    QCOMPARE(n.offset + n.length, qint64(bytes.size())); // the last content ends the stream
    QCOMPARE(rangeProblems(s, bytes), QStringList());
}

void TestJavaSerialization::capturedRegistryLookup()
{
    // registry.lookup("Hello") as JDK 17 sent it (wire-formats.md §3.4), after the 0x50 Call byte.
    const QByteArray call = hex("50 aced0005 7722 0000000000000000 00000000 0000000000000000 0000 00000002 "
                                "44154dc9d4e63bdf 740005 48656c6c6f");
    JavaSerializationParser p(call, 1, {});
    QVERIFY(p.readHeader());
    QVERIFY(p.next());
    QVERIFY(p.next());
    QVERIFY(!p.next());
    const JavaStream& s = p.stream();
    QCOMPARE(int(s.end), int(JavaStream::End::Complete));
    QCOMPARE(s.contents.size(), std::size_t(2));
    const JavaNode& block = s.node(s.contents[0]);
    QCOMPARE(int(block.kind), int(JavaKind::BlockData));
    QCOMPARE(block.offset, 5);
    QCOMPARE(block.dataOffset, 7);
    QCOMPARE(block.dataLength, 34);
    const JavaNode& name = s.node(s.contents[1]);
    QCOMPARE(name.text, QStringLiteral("Hello"));
    QCOMPARE(name.offset, 41);
    QCOMPARE(name.length, 8);
    QCOMPARE(name.handle, 0);

    JavaBlockReader r(s, s.contents, call);
    qint64 objNum = -1, hash = 0;
    qint32 unique = -1, op = -1;
    qint64 time = -1;
    qint16 count = -1;
    QVERIFY(r.i64(objNum) && r.i32(unique) && r.i64(time) && r.i16(count) && r.i32(op) && r.i64(hash));
    QCOMPARE(objNum, 0);
    QCOMPARE(op, 2);
    QCOMPARE(static_cast<quint64>(hash), quint64(0x44154DC9D4E63BDF));
    QCOMPARE(r.blockRemaining(), 0);
    QCOMPARE(r.nextObject(), s.contents[1]);
    QVERIFY(r.atEnd());
}

void TestJavaSerialization::capturedStubReturn()
{
    // The registry's answer to lookup("Hello"): a dynamic proxy implementing Hello whose handler is a
    // RemoteObjectInvocationHandler with custom writeObject data (the UnicastRef).
    const QByteArray ret = test::helloReturn(test::kRegistryPort, 1, test::registrycall::LookupHello);
    QCOMPARE(ret.size(), 281);
    const JavaStream s = JavaSerializationParser::parse(ret, 1, {});
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    QCOMPARE(s.contents.size(), std::size_t(2));
    const int stub = s.contents[1];
    QCOMPARE(s.classOf(stub), QStringLiteral("Proxy[Hello]"));
    const JavaNode& proxyDesc = s.node(s.node(stub).desc);
    QCOMPARE(int(proxyDesc.kind), int(JavaKind::ProxyClassDesc));
    QCOMPARE(s.descInfo(s.node(stub).desc).interfaces, QStringList {QStringLiteral("Hello")});
    // Class chain superclass first: java.lang.reflect.Proxy, then the proxy class.
    const std::vector<int> chain = s.classChain(s.node(stub).desc);
    QCOMPARE(chain.size(), std::size_t(2));
    QCOMPARE(s.className(chain[0]), QStringLiteral("java.lang.reflect.Proxy"));
    const int handler = s.fieldValue(stub, QStringLiteral("java.lang.reflect.Proxy"), QStringLiteral("h"));
    QCOMPARE(s.classOf(handler), QStringLiteral("java.rmi.server.RemoteObjectInvocationHandler"));
    const JavaClassData* ro = s.classDataOf(handler, QStringLiteral("java.rmi.server.RemoteObject"));
    QVERIFY(ro);
    QVERIFY(ro->hasAnnotation);
    QCOMPARE(ro->annotation.size(), std::size_t(1));
    QCOMPARE(s.node(ro->annotation[0]).dataLength, 50);
    QCOMPARE(ro->annotationEnd, 280);
    // RMI's class annotations: every descriptor carries a null codebase before TC_ENDBLOCKDATA (70 78).
    for (int d : chain)
        QCOMPARE(int(s.node(s.descInfo(d).annotation.at(0)).kind), int(JavaKind::Null));
    QCOMPARE(rangeProblems(s, ret), QStringList());
}

void TestJavaSerialization::invalidModifiedUtf8IsCounted()
{
    // A lone surrogate in modified UTF-8 (ED A0 80) is a valid string; a cut three-byte form (ED A0) and a four-byte
    // UTF-8 form are not: a Java reader refuses them, so they are counted for the message to report.
    const JavaStream ok = parse(kHeader + hex("74 0003 eda080"));
    QCOMPARE(ok.invalidStrings, 0);
    QCOMPARE(ok.node(ok.contents[0]).text, QString(QChar(0xD800)));
    const JavaStream bad = parse(kHeader + hex("74 0002 eda0 74 0004 f09f9880"));
    QCOMPARE(bad.invalidStrings, 2);
    QCOMPARE(bad.firstInvalidString, 7);
    QVERIFY(bad.node(bad.contents[0]).invalidText);
}

void TestJavaSerialization::resetClearsHandles()
{
    const QByteArray bytes = sample(QStringLiteral("reset"));
    const JavaStream s = parse(bytes);
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    QCOMPARE(s.contents.size(), std::size_t(3));
    QCOMPARE(int(s.node(s.contents[1]).kind), int(JavaKind::Reset));
    // The same string is sent again after the reset, with the first handle again.
    QCOMPARE(int(s.node(s.contents[2]).kind), int(JavaKind::String));
    QCOMPARE(s.node(s.contents[0]).handle, 0);
    QCOMPARE(s.node(s.contents[2]).handle, 0);

    // A reference across a reset names a handle that no longer exists.
    const JavaStream bad = parse(kHeader + hex("74") + utf("x") + hex("79 71 007e0000"));
    QCOMPARE(int(bad.end), int(JavaStream::End::Error));
    QCOMPARE(bad.error, QStringLiteral("TC_REFERENCE to handle 0x7e0000, which has not been assigned"));
    QCOMPARE(bad.stopOffset, 10);
}

void TestJavaSerialization::exceptionAbortsTheObject()
{
    // Holder.broken is not serializable: the writer abandons the Holder and writes TC_EXCEPTION with the
    // NotSerializableException where the field value would be; the stream continues with "after".
    const QByteArray bytes = sample(QStringLiteral("exception"));
    const JavaStream s = parse(bytes);
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    QCOMPARE(s.abortedObjects, 1);
    QCOMPARE(s.contents.size(), std::size_t(2));
    const JavaNode& holder = s.node(s.contents[0]);
    QVERIFY(holder.incomplete);
    const JavaClassData& cd = holder.classData.at(0);
    QCOMPARE(cd.values.size(), std::size_t(2));
    const JavaNode& broken = s.node(cd.values[1]);
    QCOMPARE(int(broken.kind), int(JavaKind::Exception));
    QCOMPARE(s.classOf(broken.children.at(0)), QStringLiteral("java.io.NotSerializableException"));
    // Handles were reset around the exception: "after" is handle 0 again.
    const JavaNode& after = s.node(s.contents[1]);
    QCOMPARE(after.text, QStringLiteral("after"));
    QCOMPARE(after.handle, 0);
    QCOMPARE(rangeProblems(s, bytes), QStringList());
}

void TestJavaSerialization::referenceLoopsTerminate()
{
    // a.next = b, b.next = a; and a list that contains itself.
    const QByteArray bytes = sample(QStringLiteral("cycle"));
    const JavaStream s = parse(bytes);
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    const int a = s.contents[0];
    const int b = s.fieldValue(a, {}, QStringLiteral("next"));
    QCOMPARE(s.node(s.fieldValue(b, {}, QStringLiteral("name"))).text, QStringLiteral("b"));
    QCOMPARE(s.fieldValue(b, {}, QStringLiteral("next")), a); // resolved back to the first object
    // The tree shows the back-reference as a reference node naming its target, not a copy.
    const DecodeNode tree = JavaTreeBuilder(s, bytes).build(a, QStringLiteral("a"));
    const DecodeNode* ref = tree.find(u"SerializationSamples$Node/next/SerializationSamples$Node/next");
    QVERIFY(ref);
    QCOMPARE(ref->type, QStringLiteral("reference"));
    QCOMPARE(ref->value, QStringLiteral("→ 0x7e0003 SerializationSamples$Node"));
    QVERIFY(tree.count() < 100);
    QCOMPARE(rangeProblems(s, bytes), QStringList());

    // A class descriptor whose superclass is itself.
    const QByteArray loop = kHeader + hex("73 72") + utf("A") + u64(1) + hex("02 0000 78 71 007e0000");
    const JavaStream l = parse(loop);
    QCOMPARE(int(l.end), int(JavaStream::End::Error));
    QCOMPARE(l.error, QStringLiteral("the class descriptor chain of A loops"));
}

void TestJavaSerialization::modifiedUtf8()
{
    const QByteArray bytes = sample(QStringLiteral("strings"));
    const JavaStream s = parse(bytes);
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    QCOMPARE(s.contents.size(), std::size_t(4));
    // NUL as C0 80, a 2-byte and a 3-byte character, and U+1F600 as two 3-byte surrogates.
    QCOMPARE(s.node(s.contents[1]).text, QStringLiteral("nul") + QChar(0) + QStringLiteral(" é € \U0001F600"));
    QVERIFY(bytes.contains(hex("c080")));
    QVERIFY(bytes.contains(hex("eda0bdedb880")));
    // 70000 characters: TC_LONGSTRING with an 8-byte length.
    const JavaNode& big = s.node(s.contents[2]);
    QCOMPARE(big.text.size(), 70000);
    QCOMPARE(big.aux, 8);
    QCOMPARE(static_cast<quint8>(bytes[big.offset]), quint8(0x7C));
    // The repeated "plain" is a back-reference to the first.
    QCOMPARE(int(s.node(s.contents[3]).kind), int(JavaKind::Reference));
    QCOMPARE(s.node(s.contents[3]).target, s.contents[0]);

    bool ok = true;
    QCOMPARE(modifiedutf8::decode(hex("41 c3"), &ok), QStringLiteral("A") + QChar(0xFFFD));
    QVERIFY(!ok);
    QCOMPARE(modifiedutf8::decode(hex("00"), &ok), QString(QChar(0xFFFD)));
    QVERIFY(!ok);
    QCOMPARE(modifiedutf8::encode(QString(QStringLiteral("a") + QChar(0) + QStringLiteral("é"))), hex("61 c080 c3a9"));
}

void TestJavaSerialization::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("end");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("offset");
    const QByteArray intArray = hex("75") + classDesc("[I", 0x02);
    const QByteArray objectArray = hex("75") + classDesc("[Ljava.lang.Object;", 0x02);
    const qint64 sizeAt = kHeader.size() + intArray.size();
    QTest::addRow("int[] of 2^31-1 elements")
        << kHeader + intArray + u32(0x7FFFFFFF) << "error"
        << "array of 2147483647 int values (8589934588 bytes) exceeds the message limit of 67108864 bytes" << sizeAt;
    QTest::addRow("Object[] of 2^31-1 elements") << kHeader + objectArray + u32(0x7FFFFFFF) << "error"
                                                 << "array of 2147483647 elements exceeds the limit of 4000000 values"
                                                 << qint64(kHeader.size() + objectArray.size());
    QTest::addRow("Object[] longer than the data") << kHeader + objectArray + u32(1000) + hex("70 70") << "truncated"
                                                   << "the data ends inside an array of 1000 elements (2 bytes left)"
                                                   << qint64(kHeader.size() + objectArray.size() + 4);
    QTest::addRow("negative array size") << kHeader + intArray + u32(0xFFFFFFFF) << "error"
                                         << "negative array size -1" << sizeAt;
    QTest::addRow("TC_LONGSTRING of 2^62 bytes")
        << kHeader + hex("7c") + u64(1ULL << 62) << "error"
        << "string of 4611686018427387904 bytes exceeds the limit of 67108864 bytes" << qint64(5);
    QTest::addRow("string longer than the data")
        << kHeader + hex("74 0010 4142") << "truncated"
        << "the data ends inside a string of 16 bytes (2 available)" << qint64(7);
    QTest::addRow("negative TC_BLOCKDATALONG") << kHeader + hex("7a ffffffff") << "error"
                                               << "negative block data length -1" << qint64(5);
    QTest::addRow("proxy with 70000 interfaces") << kHeader + hex("7d") + u32(70000) << "error"
                                                 << "proxy class descriptor claims 70000 interfaces" << qint64(5);
    QTest::addRow("negative field count") << kHeader + hex("72") + utf("A") + u64(1) + hex("02 8000") << "error"
                                          << "negative field count -32768" << qint64(17);
    QTest::addRow("unknown field type") << kHeader + hex("72") + utf("A") + u64(1) + hex("02 0001 58") + utf("f")
                                        << "error"
                                        << "field 'f' has unknown type code 0x58" << qint64(19);
    QTest::addRow("unknown type code") << kHeader + hex("6f") << "boundary"
                                       << "" << qint64(4);
    const QByteArray withField
        = hex("73") + classDesc("P", 0x02, 1, hex("4c") + utf("o") + hex("74") + utf("Ljava/lang/Object;"));
    const qint64 fieldAt = kHeader.size() + withField.size();
    QTest::addRow("type code 0x6f inside an object")
        << kHeader + withField + hex("6f") << "error"
        << "0x6f is not a serialization type code (expected 0x70-0x7E)" << fieldAt;
    QTest::addRow("TC_RESET inside an object")
        << kHeader + withField + hex("79") << "error"
        << "TC_RESET inside an object (allowed only between top-level objects)" << fieldAt;
    QTest::addRow("block data as a field value") << kHeader + withField + hex("77 01 00") << "error"
                                                 << "block data where an object was expected" << fieldAt;
    QTest::addRow("object with null class") << kHeader + hex("73 70") << "error"
                                            << "TC_OBJECT with a null class descriptor" << qint64(4);
    QTest::addRow("reference to a string as class")
        << kHeader + hex("74") + utf("s") + hex("73 71 007e0000") << "error"
        << "TC_REFERENCE to 0x7e0000 where a class descriptor was expected" << qint64(9);
    QTest::addRow("array of a non-array class") << kHeader + hex("75") + classDesc("Foo", 0x02) + u32(0) << "error"
                                                << "TC_ARRAY whose class 'Foo' is not an array class" << qint64(4);
    QTest::addRow("enum constant not a string")
        << kHeader + hex("7e") + classDesc("E", 0x12) + hex("70") << "error"
        << "enum constant name is not a string" << qint64(kHeader.size() + 1 + classDesc("E", 0x12).size());
}

void TestJavaSerialization::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, end);
    QFETCH(QString, error);
    QFETCH(qint64, offset);
    const JavaStream s = parse(bytes);
    QCOMPARE(QString::fromLatin1(endName(s.end)), end);
    QCOMPARE(s.error, error);
    QCOMPARE(s.stopOffset, offset);
    // Whatever was read is still there, within the bytes, and converts to values and trees without trouble.
    QCOMPARE(rangeProblems(s, bytes), QStringList());
    JavaValueConverter values(s, bytes, {});
    for (int c : s.contents)
        values.value(c);
}

void TestJavaSerialization::deepNestingStopsAtTheLimit_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("offset");
    // 10,000 objects, each the `next` field of the one before (the class is sent once, then referenced).
    const QByteArray first
        = hex("73") + classDesc("N", 0x02, 1, hex("4c") + utf("next") + hex("74") + utf("Ljava/lang/Object;"));
    QByteArray objects = kHeader + first;
    for (int i = 1; i < 10000; ++i)
        objects += hex("73 71 007e0000");
    objects += hex("70");
    // Depth 0 is the top-level object; the object at depth 257 is refused.
    QTest::addRow("10000 nested objects") << objects << qint64(kHeader.size() + first.size() + 6 * 256);
    // 10,000 nested Object[] arrays of one element each.
    const QByteArray arrayFirst = hex("75") + classDesc("[Ljava.lang.Object;", 0x02) + u32(1);
    QByteArray arrays = kHeader + arrayFirst;
    for (int i = 1; i < 10000; ++i)
        arrays += hex("75 71 007e0000") + u32(1);
    arrays += hex("70");
    QTest::addRow("10000 nested arrays") << arrays << qint64(kHeader.size() + arrayFirst.size() + 10 * 256);
    // A class whose superclass chain is 10,000 descriptors long.
    QByteArray chain = kHeader + hex("73");
    for (int i = 0; i < 10000; ++i)
        chain += hex("72") + utf("C" + QByteArray::number(i)) + u64(1) + hex("02 0000 78");
    chain += hex("70");
    QTest::addRow("10000 superclasses") << chain << qint64(-1);
}

void TestJavaSerialization::deepNestingStopsAtTheLimit()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, offset);
    const JavaStream s = parse(bytes);
    QCOMPARE(int(s.end), int(JavaStream::End::Error));
    QCOMPARE(s.error, QStringLiteral("nesting deeper than 256 levels"));
    if (offset >= 0)
        QCOMPARE(s.stopOffset, offset);
    QVERIFY(s.node(s.contents.at(0)).incomplete);
    // The partial tree and values are still built, and bounded.
    const DecodeNode tree = JavaTreeBuilder(s, bytes).build(s.contents[0], QStringLiteral("deep"));
    QVERIFY(tree.count() > 256);
    JavaValueConverter(s, bytes, {}).value(s.contents[0]);
    // A lower limit stops earlier.
    DecodeLimits tight;
    tight.maxDepth = 10;
    const JavaStream t = parse(bytes, tight);
    QCOMPARE(t.error, QStringLiteral("nesting deeper than 10 levels"));
}

void TestJavaSerialization::valueAndStringLimits()
{
    DecodeLimits limits;
    limits.maxValues = 5;
    const JavaStream s = parse(kHeader + hex("70 70 70 70 70 70 70"), limits);
    QCOMPARE(int(s.end), int(JavaStream::End::Error));
    QCOMPARE(s.error, QStringLiteral("more than 5 values in one stream"));
    QCOMPARE(s.contents.size(), std::size_t(5));

    limits = {};
    limits.maxStringBytes = 3;
    const JavaStream t = parse(kHeader + hex("74") + utf("abcd"), limits);
    QCOMPARE(t.error, QStringLiteral("string of 4 bytes exceeds the limit of 3 bytes"));
}

void TestJavaSerialization::truncatedSamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("cut");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("offset");
    // point.ser: 73 72, class name (00 1a + 26 bytes) at 6, serialVersionUID at 34, flags 42, 3 fields, then the
    // values: x at 84, y at 88, label (74 0005 "start") at 92.
    QTest::addRow("point: inside the class name") << "point" << 10 << "the data ends inside a UTF string" << qint64(8);
    QTest::addRow("point: inside serialVersionUID")
        << "point" << 40 << "the data ends inside a serialVersionUID" << qint64(34);
    QTest::addRow("point: inside a field value")
        << "point" << 87 << "the data ends inside a primitive field value" << qint64(84);
    QTest::addRow("point: before the last value")
        << "point" << 92 << "the data ends inside a content (expected a type code)" << qint64(92);
    QTest::addRow("point: inside the last string")
        << "point" << 97 << "the data ends inside a string of 5 bytes (2 available)" << qint64(95);
}

void TestJavaSerialization::truncatedSamples()
{
    QFETCH(QString, file);
    QFETCH(int, cut);
    QFETCH(QString, error);
    QFETCH(qint64, offset);
    const QByteArray bytes = sample(file).left(cut);
    const JavaStream s = parse(bytes);
    QCOMPARE(int(s.end), int(JavaStream::End::Truncated));
    QCOMPARE(s.error, error);
    QCOMPARE(s.stopOffset, offset);
    QVERIFY(s.node(s.contents.at(0)).incomplete);
    QCOMPARE(rangeProblems(s, bytes), QStringList());
}

void TestJavaSerialization::everyPrefixIsSafe_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qint64>("start");
    for (const char* name : {"point", "collections", "cycle", "proxy", "blocks", "exception", "values", "arrays"})
        QTest::addRow("%s", name) << sample(QString::fromLatin1(name)) << qint64(0);
    QTest::addRow("captured stub return")
        << test::helloReturn(test::kRegistryPort, 1, test::registrycall::LookupHello) << qint64(1);
    QTest::addRow("captured exception return")
        << test::helloReturn(test::kObjectPort, 1, test::objectcall::Fail) << qint64(1);
}

void TestJavaSerialization::everyPrefixIsSafe()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qint64, start);
    QVERIFY(!bytes.isEmpty());
    const JavaStream whole = JavaSerializationParser::parse(bytes, start, {});
    QVERIFY2(whole.end == JavaStream::End::Complete, qPrintable(whole.error));
    for (qsizetype n = start + 4; n < bytes.size(); ++n) {
        // Cut copies, so that any read past the prefix would be a read past the buffer (and caught by sanitizers).
        const QByteArray prefix = bytes.left(n);
        const JavaStream s = JavaSerializationParser::parse(prefix, start, {});
        if (s.end != JavaStream::End::Truncated && s.end != JavaStream::End::Complete)
            QFAIL(qPrintable(QStringLiteral("prefix %1: %2 (%3)").arg(n).arg(endName(s.end), s.error)));
        QVERIFY(s.stopOffset <= n);
        const QStringList bad = rangeProblems(s, prefix);
        if (!bad.isEmpty())
            QFAIL(qPrintable(QStringLiteral("prefix %1: %2").arg(n).arg(bad.join(QLatin1String("; ")))));
        JavaValueConverter values(s, prefix, {});
        for (int c : s.contents)
            values.value(c);
    }
}

void TestJavaSerialization::stopsAtMessageBoundary()
{
    // After a Call's stream the next message starts (here a Ping 0x52): not a type code, so the stream ends there.
    const QByteArray bytes = hex("50 aced0005 7703 010203 52");
    JavaSerializationParser p(bytes, 1, {});
    QVERIFY(p.readHeader());
    QVERIFY(p.next());
    QVERIFY(!p.next());
    QCOMPARE(int(p.stream().end), int(JavaStream::End::Boundary));
    QCOMPARE(p.stream().stopOffset, 10);
}

QTEST_GUILESS_MAIN(TestJavaSerialization)
#include "tst_javaserialization.moc"
