// Serialized Java objects as RpcValues (what the call list and `decode --format jsonl` show), on streams the JDK
// wrote (tests/data/jrmp/serialization, made by make-samples.sh; the objects are listed in SerializationSamples.java).
#include "jrmp/javaserialization.h"
#include "jrmp/javathrowable.h"
#include "jrmp/javavalues.h"
#include "jrmptestdata.h"
#include "jsonwriter.h"

#include <QTest>

using namespace rpcscope;

namespace {

QByteArray sample(const QString& name)
{
    return test::readData(QStringLiteral("jrmp/serialization/%1.ser").arg(name));
}

QString json(const RpcValue& v)
{
    QByteArray out;
    JsonWriter w(out);
    writeRpcValue(w, v);
    return QString::fromUtf8(out);
}

} // namespace

class TestJavaValues : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void samples_data();
    void samples();
    void typeTags_data();
    void typeTags();
    void sharedValuesExpandButLoopsDoNot();
    void valueBudgetBoundsExpansion();
    void largeArraysAndSharedPathsAreWhole();
    void budgetsSayWhatTheyCut_data();
    void budgetsSayWhatTheyCut();
    void unknownExternalizableKeepsItsBytes();
    void throwableDescription();
    void capturedStubAndLease();
    void unicastRef2Stubs_data();
    void unicastRef2Stubs();
};

void TestJavaValues::samples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("content");
    QTest::addColumn<QString>("expected");
    QTest::addRow("plain object") << "point" << 0
                                  << R"({"class":"SerializationSamples$Point","fields":{"x":1,"y":2,"label":"start"}})";
    QTest::addRow("every primitive field")
        << "primitives" << 0
        << R"({"class":"SerializationSamples$Primitives","fields":{"b":-2,"c":"x","d":2.5,"f":-1.25,"i":-123456,"j":1099511627776,"s":-300,"z":true}})";
    QTest::addRow("superclass first, hidden field qualified")
        << "inheritance" << 0
        << R"({"class":"SerializationSamples$Derived","fields":{"id":7,"name":"base","flag":true,"SerializationSamples$Derived.name":"derived"}})";
    QTest::addRow("int[]") << "arrays" << 0 << "[1,-2,3]";
    QTest::addRow("long[]") << "arrays" << 1 << "[1099511627776]";
    QTest::addRow("byte[] as bytes") << "arrays" << 2 << R"({"base64":"AQL/"})";
    QTest::addRow("char[] as text") << "arrays" << 3 << R"("hi")";
    QTest::addRow("boolean[]") << "arrays" << 4 << "[true,false]";
    QTest::addRow("double[]") << "arrays" << 5 << "[0.5]";
    QTest::addRow("float[]") << "arrays" << 6 << "[1.5]";
    QTest::addRow("short[]") << "arrays" << 7 << "[-1]";
    QTest::addRow("int[][]") << "arrays" << 8 << "[[1],[2,3]]";
    QTest::addRow("String[] with null and a repeat") << "arrays" << 9 << R"(["a",null,"a"])";
    QTest::addRow("ArrayList") << "collections" << 0 << R"(["a","b"])";
    QTest::addRow("LinkedList of Integer") << "collections" << 1 << "[1,2]";
    QTest::addRow("HashSet") << "collections" << 2 << R"(["only"])";
    QTest::addRow("TreeSet (comparator skipped)") << "collections" << 3 << R"(["x","y"])";
    QTest::addRow("HashMap") << "collections" << 4 << R"({"one":1})";
    QTest::addRow("LinkedHashMap keeps order") << "collections" << 5 << R"({"k1":"v1","k2":"v2"})";
    QTest::addRow("TreeMap of Long") << "collections" << 6 << R"({"a":1,"b":2})";
    QTest::addRow("Hashtable") << "collections" << 7 << R"({"t":true})";
    QTest::addRow("Vector") << "collections" << 8 << R"(["v"])";
    QTest::addRow("Arrays.asList") << "collections" << 9 << R"(["p","q"])";
    QTest::addRow("List.of (CollSer)") << "collections" << 10 << R"(["im1","im2"])";
    QTest::addRow("Map.of (CollSer)") << "collections" << 11 << R"({"mk":"mv"})";
    QTest::addRow("unmodifiableList") << "collections" << 12 << R"(["u"])";
    QTest::addRow("Integer") << "values" << 0 << "42";
    QTest::addRow("Long") << "values" << 1 << "-5";
    QTest::addRow("Double") << "values" << 2 << "1.5";
    QTest::addRow("Boolean") << "values" << 3 << "true";
    QTest::addRow("Character") << "values" << 4 << R"("z")";
    QTest::addRow("Date") << "values" << 5 << R"({"datetime":"2023-11-14T22:13:20.123Z"})";
    QTest::addRow("BigInteger beyond 64 bits") << "values" << 6 << "123456789012345678901234567890";
    QTest::addRow("BigDecimal") << "values" << 7 << R"({"decimal":"-12.345"})";
    QTest::addRow("enum") << "values" << 8 << R"("SECONDS")";
    QTest::addRow("Class") << "values" << 9 << R"("class java.lang.String")";
    QTest::addRow("strings") << "strings" << 0 << R"("plain")";
    QTest::addRow("back-reference to a string") << "strings" << 3 << R"("plain")";
    QTest::addRow("reset then the same string") << "reset" << 2 << R"("again")";
    QTest::addRow("writeObject data as bytes")
        << "externalizable-v2" << 0
        << R"({"class":"SerializationSamples$Ext","fields":{},"writeObject":[{"base64":"AQIDBAAIZXh0ZXJuYWw="}]})";
    QTest::addRow("dynamic proxy")
        << "proxy" << 0
        << R"({"class":"Proxy[java.lang.Runnable, java.lang.Comparable]","fields":{"h":{"class":"SerializationSamples$Handler","fields":{"tag":"handler"}}}})";
    QTest::addRow("object after an aborted one") << "exception" << 1 << R"("after")";
    QTest::addRow("HashMap with a null key") << "maps" << 0 << R"({"map":[[null,"null key"],["a","string key"]]})";
    QTest::addRow("keys 1, \"1\" and 1L keep their types")
        << "maps" << 1 << R"({"map":[[1,"int"],["1","string"],[1,"long"]]})";
    QTest::addRow("enum keys") << "maps" << 2 << R"({"map":[["SECONDS","s"]]})";
    QTest::addRow("a 300-character key, whole")
        << "maps" << 3 << QStringLiteral(R"({"%1":"long"})").arg(QString(300, u'k'));
    QTest::addRow("a lone key named map") << "maps" << 4 << R"({"map":[["map",1]]})";
    QTest::addRow("IdentityHashMap with two equal keys") << "maps" << 5 << R"({"map":[["twice",2],["twice",1]]})";
    QTest::addRow("ConcurrentHashMap (its closing null pair is not an entry)") << "maps" << 6 << R"({"c":"h"})";
    QTest::addRow("lone high surrogate") << "surrogates" << 0 << R"("a\ud800b")";
    QTest::addRow("reversed pair") << "surrogates" << 1 << R"("\udc00\ud800")";
    QTest::addRow("a pair is one character") << "surrogates" << 2 << QString::fromUtf8("\"\xF0\x9F\x98\x80\"");
    QTest::addRow("char[] with a lone surrogate") << "surrogates" << 3 << R"("\udbff")";
    QTest::addRow("Character lone surrogate") << "surrogates" << 4 << R"("\udc00")";
}

void TestJavaValues::samples()
{
    QFETCH(QString, file);
    QFETCH(int, content);
    QFETCH(QString, expected);
    const QByteArray bytes = sample(file);
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    QVERIFY(content < int(s.contents.size()));
    JavaValueConverter values(s, bytes, {});
    QCOMPARE(json(values.value(s.contents[content])), expected);
    QVERIFY(!values.exhausted());
}

void TestJavaValues::typeTags_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("content");
    QTest::addColumn<QString>("tag");
    QTest::addRow("object tagged with its class") << "point" << 0 << "SerializationSamples$Point";
    QTest::addRow("HashMap") << "collections" << 4 << "java.util.HashMap";
    QTest::addRow("enum") << "values" << 8 << "java.util.concurrent.TimeUnit";
    QTest::addRow("array") << "arrays" << 9 << "java.lang.String[]";
}

void TestJavaValues::typeTags()
{
    QFETCH(QString, file);
    QFETCH(int, content);
    QFETCH(QString, tag);
    const QByteArray bytes = sample(file);
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    QCOMPARE(JavaValueConverter(s, bytes, {}).value(s.contents.at(content)).tag(), tag);
}

void TestJavaValues::sharedValuesExpandButLoopsDoNot()
{
    const QByteArray bytes = sample(QStringLiteral("cycle"));
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    JavaValueConverter values(s, bytes, {});
    // a -> b -> a: the way back to a (still being converted) is a reference marker, not an endless expansion.
    QCOMPARE(
        json(values.value(s.contents[0])),
        QStringLiteral(
            R"({"class":"SerializationSamples$Node","fields":{"name":"a","next":{"class":"SerializationSamples$Node","fields":{"name":"b","next":{"ref":"0x7e0003","class":"SerializationSamples$Node"}}}}})"));
    // A list containing itself.
    QCOMPARE(json(values.value(s.contents[1])),
             QStringLiteral(R"(["me",{"ref":"0x7e0008","class":"java.util.ArrayList"}])"));

    // Shared but not looping: the HashMap from hello.pcap maps "world" and "hello" to the same cached Integer 5;
    // the second is a back-reference and shows the value.
    const QByteArray ret = test::helloReturn(test::kObjectPort, 1, test::objectcall::WordLengths);
    const JavaStream m = JavaSerializationParser::parse(ret, 1, {});
    QVERIFY(ret.contains(test::hex("71 007e0005")));
    QCOMPARE(json(JavaValueConverter(m, ret, {}).value(m.contents.at(1))),
             QStringLiteral(R"({"world":5,"hello":5,"rmi":3})"));
}

void TestJavaValues::valueBudgetBoundsExpansion()
{
    // Each level is an Object[] holding the previous level twice: expanding every reference would produce
    // 2^40 values from a few hundred bytes.
    QByteArray bytes = test::hex("aced0005 75 72 0013") + QByteArray("[Ljava.lang.Object;")
        + test::hex("0000000000000001 02 0000 78 70 00000002 70 70");
    for (int level = 1; level <= 40; ++level) {
        const quint32 previous = 0x7E0000 + quint32(level);
        QByteArray ref(5, 0x71);
        qToBigEndian(previous, ref.data() + 1);
        bytes += test::hex("75 71 007e0000 00000002") + ref + ref;
    }
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    JavaValueConverter values(s, bytes, {});
    const RpcValue last = values.value(s.contents.back());
    QVERIFY(values.exhausted());
    QVERIFY(last.isArray());
}

void TestJavaValues::largeArraysAndSharedPathsAreWhole()
{
    // int[20000] and long[3000] (elements used to be budgeted per value: 10,019 shown) and 16 levels of an Object[2]
    // whose two elements are the same array: 2^16 "leaf"s, each a back-reference (they used to become nulls).
    const QByteArray bytes = sample(QStringLiteral("large"));
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    JavaValueConverter values(s, bytes, {});
    const RpcValue ints = values.value(s.contents.at(0));
    QCOMPARE(int(ints.toArray().size()), 20000);
    QCOMPARE(ints.toArray().front().toInt(), -50000);
    QCOMPARE(ints.toArray().back().toInt(), 19999 * 7 - 50000);
    QCOMPARE(int(values.value(s.contents.at(1)).toArray().size()), 3000);
    const QString graph = json(values.value(s.contents.at(2)));
    QCOMPARE(graph.count(QStringLiteral("\"leaf\"")), 1 << 16);
    QVERIFY(!graph.contains(QStringLiteral("null")));
    QVERIFY(values.problems().empty());
}

void TestJavaValues::budgetsSayWhatTheyCut_data()
{
    QTest::addColumn<int>("content");
    QTest::addColumn<qint64>("maxValues");
    QTest::addColumn<qint64>("maxMessageBytes");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<QString>("problem");
    const DecodeLimits d;
    QTest::addRow("max-values cuts an int[20000]") << 0 << qint64(5000) << d.maxMessageBytes << d.maxDepth
                                                   << "more than 5000 values in one message (the max-values limit)";
    QTest::addRow("max-values cuts shared paths") << 2 << qint64(5000) << d.maxMessageBytes << d.maxDepth
                                                  << "more than 5000 values in one message (the max-values limit)";
    QTest::addRow("repeated bytes") << 2 << d.maxValues << qint64(20000) << d.maxDepth
                                    << "shared values (back-references) would repeat more than 20000 bytes";
    QTest::addRow("depth of back-references") << 2 << d.maxValues << d.maxMessageBytes << 8
                                              << "back-references nest deeper than 8 levels (the max-depth limit)";
}

void TestJavaValues::budgetsSayWhatTheyCut()
{
    QFETCH(int, content);
    QFETCH(qint64, maxValues);
    QFETCH(qint64, maxMessageBytes);
    QFETCH(int, maxDepth);
    QFETCH(QString, problem);
    const QByteArray bytes = sample(QStringLiteral("large"));
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    DecodeLimits limits;
    limits.maxValues = maxValues;
    limits.maxMessageBytes = maxMessageBytes;
    limits.maxDepth = maxDepth;
    JavaValueConverter values(s, bytes, limits);
    const QString shown = json(values.value(s.contents.at(content)));
    QCOMPARE(int(values.problems().size()), 1);
    QCOMPARE(values.problems()[0].kind, Problem::Kind::Truncated);
    QVERIFY2(values.problems()[0].text.startsWith(problem), qPrintable(values.problems()[0].text));
    // A shared value that is not written out is a marker naming it, never a null.
    if (maxValues == DecodeLimits().maxValues) {
        QVERIFY(shown.contains(QStringLiteral("{\"ref\":\"0x7e00")));
        QVERIFY(!shown.contains(QStringLiteral("null")));
    }
}

void TestJavaValues::unknownExternalizableKeepsItsBytes()
{
    // "before", an Externalizable of our own in protocol version 1 (as RMI writes it), "after": the parse cannot
    // know where the object's data ends; the object keeps every byte from there on, and the reason is given.
    const QByteArray bytes = sample(QStringLiteral("externalizable-v1-then-more"));
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    QCOMPARE(s.end, JavaStream::End::Opaque);
    QVERIFY2(s.error.contains(QStringLiteral("SerializationSamples$Ext is Externalizable")), qPrintable(s.error));
    QCOMPARE(int(s.contents.size()), 2);
    JavaValueConverter values(s, bytes, {});
    QCOMPARE(json(values.value(s.contents[0])), QStringLiteral(R"("before")"));
    const RpcValue ext = values.value(s.contents[1]);
    const QByteArray rest = ext.member(u"externalData")->toBytes();
    QCOMPARE(rest, bytes.mid(s.stopOffset));
    QVERIFY(rest.contains("after"));
}

void TestJavaValues::throwableDescription()
{
    const QByteArray bytes = sample(QStringLiteral("throwable"));
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    const JavaThrowableInfo info = javathrowable::describe(s, s.contents.at(0), bytes);
    QCOMPARE(info.className, QStringLiteral("java.io.IOException"));
    QCOMPARE(info.message, QStringLiteral("disk full"));
    const QStringList lines = info.stackTrace.split(QLatin1Char('\n'));
    QCOMPARE(lines.first(), QStringLiteral("java.io.IOException: disk full"));
    QVERIFY2(lines.at(1).startsWith(QLatin1String("\tat SerializationSamples.lambda$main$")), qPrintable(lines.at(1)));
    QVERIFY(lines.at(1).contains(QLatin1String("(SerializationSamples.java:")));
    QVERIFY(lines.contains(QStringLiteral("Caused by: java.lang.IllegalArgumentException: bad size")));
    // The cause's own cause is itself (Java's "no cause" marker): the chain ends there.
    QCOMPARE(lines.filter(QStringLiteral("Caused by")).size(), 1);
}

void TestJavaValues::capturedStubAndLease()
{
    // The registry's lookup reply carries the stub: its class, interface, and where the object lives.
    const QByteArray ret = test::helloReturn(test::kRegistryPort, 1, test::registrycall::LookupHello);
    const JavaStream s = JavaSerializationParser::parse(ret, 1, {});
    const RpcValue stub = JavaValueConverter(s, ret, {}).value(s.contents.at(1));
    QCOMPARE(stub.member(u"class")->toString(), QStringLiteral("Proxy[Hello]"));
    QCOMPARE(json(*stub.member(u"interfaces")), QStringLiteral(R"(["Hello"])"));
    QCOMPARE(stub.member(u"ref")->toString(), QStringLiteral("UnicastRef"));
    QCOMPARE(stub.member(u"endpoint")->toString(), QStringLiteral("127.0.0.1:21100"));
    // The ObjID is the one the client then calls (the objNum and UID of the Call to port 21100).
    const QByteArray call = test::helloCall(test::kObjectPort, 1, test::objectcall::SayHello);
    const QString objNum = QString::fromLatin1(call.mid(7, 8).toHex());
    QVERIFY2(stub.member(u"objID")->toString().startsWith(objNum + QLatin1Char('@')),
             qPrintable(stub.member(u"objID")->toString()));

    // The DGC's answer to dirty(): a Lease with its duration and the client's VMID.
    const QByteArray lease = test::helloReturn(test::kObjectPort, 1, test::objectcall::Dirty);
    const JavaStream l = JavaSerializationParser::parse(lease, 1, {});
    const RpcValue v = JavaValueConverter(l, lease, {}).value(l.contents.at(1));
    QCOMPARE(v.member(u"class")->toString(), QStringLiteral("java.rmi.dgc.Lease"));
    QCOMPARE(v.member(u"fields")->member(u"value")->toInt(), 600000);
    QVERIFY(v.member(u"fields")->member(u"vmid")->member(u"fields")->member(u"uid")->isString());
}

void TestJavaValues::unicastRef2Stubs_data()
{
    QTest::addColumn<int>("lookup");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("socketFactory");
    // Hello2 was exported with exportObject(obj, port, null, null), Hello3 with a client socket factory.
    QTest::addRow("UnicastRef2, endpoint format 0") << int(test::registrycall::LookupHello2) << "127.0.0.1:21101"
                                                    << "";
    QTest::addRow("UnicastRef2, format 1 with a socket factory")
        << int(test::registrycall::LookupHello3) << "127.0.0.1:21102"
        << R"({"class":"HelloSocketFactory","fields":{"tag":"plain"}})";
}

void TestJavaValues::unicastRef2Stubs()
{
    QFETCH(int, lookup);
    QFETCH(QString, endpoint);
    QFETCH(QString, socketFactory);
    const QByteArray ret = test::helloReturn(test::kRegistryPort, 1, lookup);
    const JavaStream s = JavaSerializationParser::parse(ret, 1, {});
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    const RpcValue stub = JavaValueConverter(s, ret, {}).value(s.contents.at(1));
    QCOMPARE(stub.member(u"ref")->toString(), QStringLiteral("UnicastRef2"));
    QCOMPARE(stub.member(u"endpoint")->toString(), endpoint);
    const RpcValue* factory = stub.member(u"socketFactory");
    QCOMPARE(factory ? json(*factory) : QString(), socketFactory);
    // The object the client then called on that port has the stub's ObjID.
    const QByteArray call = test::helloCall(endpoint.section(QLatin1Char(':'), 1).toUShort(), 1, 1);
    QVERIFY(stub.member(u"objID")->toString().startsWith(QString::fromLatin1(call.mid(7, 8).toHex())));
}

QTEST_GUILESS_MAIN(TestJavaValues)
#include "tst_javavalues.moc"
