// The JDK's value classes as single values (java.time values through java.time.Ser, Date, BigInteger, BigDecimal,
// boxed floats), on streams the JDK wrote (tests/data/jrmp/serialization, made by make-samples.sh): java.time in
// protocol version 1 as RMI writes it and in version 2; the expected texts are what java.time's toString() and
// BigDecimal.toString() print for those values.
#include "jrmp/javabignumbers.h"
#include "jrmp/javascalars.h"
#include "jrmp/javaserialization.h"
#include "jrmp/javatree.h"
#include "jrmp/javavalues.h"
#include "jsonwriter.h"
#include "testsupport.h"

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

// The java.time values SerializationSamples.javaTimeValues() writes, as java.time prints them.
const char* const kJavaTime[] = {
    R"({"datetime":"2023-11-14T22:13:20.123456789Z"})",
    R"({"datetime":"-1000000000-01-01T00:00:00Z"})",
    R"({"datetime":"+1000000000-12-31T23:59:59.999999999Z"})",
    R"({"datetime":"2024-02-29"})",
    R"({"datetime":"10:00"})",
    R"({"datetime":"10:15:30.000000001"})",
    R"({"datetime":"2024-01-02T03:04:05"})",
    R"({"datetime":"2024-01-02T03:04:05.000000006+01:00[Europe/Paris]"})",
    R"({"datetime":"2024-01-02T03:04:05Z"})",
    R"({"datetime":"10:15+05:30"})",
    R"({"datetime":"2024-01-02T03:04:05-01:02:03"})",
    R"("Z")",
    R"("America/New_York")",
    R"(-5)",
    R"({"datetime":"12345-06"})",
    R"({"datetime":"--12-03"})",
    R"("PT-0.9999995S")",
    R"("P1Y2M3D")",
    R"("after")",
};

const char* const kJavaTimeClasses[] = {
    "java.time.Instant",       "java.time.Instant",    "java.time.Instant",        "java.time.LocalDate",
    "java.time.LocalTime",     "java.time.LocalTime",  "java.time.LocalDateTime",  "java.time.ZonedDateTime",
    "java.time.ZonedDateTime", "java.time.OffsetTime", "java.time.OffsetDateTime", "java.time.ZoneOffset",
    "java.time.ZoneRegion",    "java.time.Year",       "java.time.YearMonth",      "java.time.MonthDay",
    "java.time.Duration",      "java.time.Period",
};

} // namespace

class TestJavaScalars : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void javaTime_data();
    void javaTime();
    void values_data();
    void values();
    void bigIntegerOfEveryDigit();
    void bigIntegerOverTheWorkBudget();
    void treesShowTheValues_data();
    void treesShowTheValues();
};

void TestJavaScalars::javaTime_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("content");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("tag");
    for (const char* file : {"time-v1", "time-v2"}) {
        for (int i = 0; i < int(std::size(kJavaTime)); ++i)
            QTest::addRow("%s #%d %s", file, i, i < int(std::size(kJavaTimeClasses)) ? kJavaTimeClasses[i] : "String")
                << QString::fromLatin1(file) << i << QString::fromLatin1(kJavaTime[i])
                << (i < int(std::size(kJavaTimeClasses)) ? QString::fromLatin1(kJavaTimeClasses[i]) : QString());
    }
}

void TestJavaScalars::javaTime()
{
    QFETCH(QString, file);
    QFETCH(int, content);
    QFETCH(QString, expected);
    QFETCH(QString, tag);
    const QByteArray bytes = sample(file);
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    // Protocol version 1 has no block markers: only knowing java.time.Ser's layout lets the parse go on.
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    QCOMPARE(int(s.contents.size()), int(std::size(kJavaTime)));
    JavaValueConverter values(s, bytes, {});
    const RpcValue v = values.value(s.contents[content]);
    QCOMPARE(json(v), expected);
    QCOMPARE(v.tag(), tag);
    QVERIFY(values.problems().empty());
}

void TestJavaScalars::values_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("content");
    QTest::addColumn<QString>("expected");
    QTest::addRow("BigInteger -10^40") << "bignumbers" << 1 << "-10000000000000000000000000000000000000000";
    QTest::addRow("BigDecimal 1E+3") << "bignumbers" << 3 << R"({"decimal":"1E+3"})";
    QTest::addRow("BigDecimal 0.0000001") << "bignumbers" << 4 << R"({"decimal":"1E-7"})";
    QTest::addRow("BigDecimal of scale 2^31-1") << "bignumbers" << 5 << R"({"decimal":"7E-2147483647"})";
    QTest::addRow("BigDecimal -12.345") << "values" << 7 << R"({"decimal":"-12.345"})";
    QTest::addRow("Float 1.0 keeps its point") << "floats" << 0 << "1.0";
    QTest::addRow("Float -0.0") << "floats" << 1 << "-0.0";
    QTest::addRow("Float 0.1 as a float") << "floats" << 2 << "0.1";
    QTest::addRow("Float NaN") << "floats" << 3 << R"({"double":"NaN"})";
    QTest::addRow("Double 1.0") << "floats" << 4 << "1.0";
    QTest::addRow("Double -0.0") << "floats" << 5 << "-0.0";
    QTest::addRow("Double -Infinity") << "floats" << 6 << R"({"double":"-Infinity"})";
    QTest::addRow("float[]") << "floats" << 7 << "[0.1,3.4028235e+38,1e-45]";
    QTest::addRow("float field")
        << "primitives" << 0
        << R"({"class":"SerializationSamples$Primitives","fields":{"b":-2,"c":"x","d":2.5,"f":-1.25,"i":-123456,"j":1099511627776,"s":-300,"z":true}})";
    QTest::addRow("Date in year 1") << "dates" << 0 << R"({"datetime":"0001-01-01T00:00:00.000Z"})";
    QTest::addRow("Date in year 0") << "dates" << 1 << R"({"datetime":"0000-12-31T23:59:59.999Z"})";
    QTest::addRow("Date in year -2") << "dates" << 2 << R"({"datetime":"-0002-12-31T23:59:59.999Z"})";
    QTest::addRow("Date in year 10000") << "dates" << 3 << R"({"datetime":"+10000-01-01T00:00:00.000Z"})";
    QTest::addRow("Date(Long.MAX_VALUE)") << "dates" << 4 << R"({"datetime":"+292278994-08-17T07:12:55.807Z"})";
    QTest::addRow("Date(Long.MIN_VALUE)") << "dates" << 5 << R"({"datetime":"-292275055-05-16T16:47:04.192Z"})";
    QTest::addRow("Date in 2023") << "values" << 5 << R"({"datetime":"2023-11-14T22:13:20.123Z"})";
}

void TestJavaScalars::values()
{
    QFETCH(QString, file);
    QFETCH(int, content);
    QFETCH(QString, expected);
    const QByteArray bytes = sample(file);
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    QVERIFY2(s.end == JavaStream::End::Complete, qPrintable(s.error));
    JavaValueConverter values(s, bytes, {});
    QCOMPARE(json(values.value(s.contents.at(content))), expected);
    QVERIFY(values.problems().empty());
}

void TestJavaScalars::bigIntegerOfEveryDigit()
{
    // 2^40000 - 1 (5000 bytes of magnitude) and a BigDecimal with 2^40000 + 1 unscaled and scale 20: every digit,
    // checked against Python's integers.
    const test::ProcessResult python
        = test::runPython(QStringLiteral("import sys\nsys.set_int_max_str_digits(0)\nn = 2**40000\nprint(n - 1)\nd = "
                                         "str(n + 1)\nprint(d[:-20] + '.' + d[-20:])"));
    QCOMPARE(python.exitCode, 0);
    const QList<QByteArray> lines = python.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QByteArray bytes = sample(QStringLiteral("bignumbers"));
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    JavaValueConverter values(s, bytes, {});
    const RpcValue big = values.value(s.contents.at(0));
    QCOMPARE(big.type(), RpcValue::Type::BigInt);
    QCOMPARE(big.toBigInt().digits.toLatin1(), lines[0]);
    QCOMPARE(json(big).toLatin1(), lines[0]);
    const RpcValue decimal = values.value(s.contents.at(2));
    QCOMPARE(decimal.type(), RpcValue::Type::Decimal);
    QCOMPARE(decimal.toDecimal().text.toLatin1(), lines[1]);
    QVERIFY(values.problems().empty());
}

void TestJavaScalars::bigIntegerOverTheWorkBudget()
{
    // The 5000-byte BigInteger, its magnitude grown to 300 KB: more than the per-message budget of digits. It is
    // shown as its serialized fields, and the message says why.
    const QByteArray original = sample(QStringLiteral("bignumbers"));
    const JavaStream s = JavaSerializationParser::parse(original, 0, {});
    const int magnitude = s.fieldValue(s.contents.at(0), u"java.math.BigInteger", u"magnitude");
    QVERIFY(s.valid(magnitude));
    const JavaNode& m = s.node(magnitude);
    const qint64 size = JavaValueConverter::kBigIntegerDigitsBytes + 50000;
    QByteArray grown = original.left(m.dataOffset - 4);
    QByteArray length(4, 0);
    qToBigEndian(quint32(size), length.data());
    grown += length + QByteArray(size, '\x7f') + original.mid(m.dataOffset + m.size);
    const JavaStream g = JavaSerializationParser::parse(grown, 0, {});
    QVERIFY2(g.end == JavaStream::End::Complete, qPrintable(g.error));

    qint64 work = javabignumbers::conversionCost(1000);
    QCOMPARE(javascalars::value(g, grown, g.contents.at(0), work).kind, JavaScalar::Kind::OverBudget);
    QCOMPARE(work, javabignumbers::conversionCost(1000));

    JavaValueConverter values(g, grown, {});
    const RpcValue v = values.value(g.contents.at(0));
    QCOMPARE(v.member(u"class")->toString(), QStringLiteral("java.math.BigInteger"));
    QCOMPARE(v.member(u"fields")->member(u"magnitude")->toBytes().size(), size);
    QCOMPARE(v.member(u"fields")->member(u"signum")->toInt(), 1);
    QCOMPARE(int(values.problems().size()), 1);
    QCOMPARE(values.problems()[0].kind, Problem::Kind::Truncated);
    QVERIFY2(values.problems()[0].text.contains(QStringLiteral("BigInteger of %1 bytes").arg(size)),
             qPrintable(values.problems()[0].text));
    // The next, small one still gets its digits.
    QCOMPARE(json(values.value(g.contents.at(1))), QStringLiteral("-10000000000000000000000000000000000000000"));
}

void TestJavaScalars::treesShowTheValues_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("content");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("value");
    QTest::addRow("Date outside years 1-9999")
        << "dates" << 3 << ""
        << QString::fromUtf8("java.util.Date +10000-01-01T00:00:00.000Z (outside years 1–9999: 253402300800000 ms "
                             "since 1970, in ISO 8601's proleptic years, where 0 is 1 BC and years of more than four "
                             "digits take a sign)");
    QTest::addRow("Date") << "values" << 5 << ""
                          << "java.util.Date 2023-11-14T22:13:20.123Z";
    QTest::addRow("Instant in protocol version 1") << "time-v1" << 0 << ""
                                                   << "java.time.Instant 2023-11-14T22:13:20.123456789Z";
    QTest::addRow("its external contents") << "time-v1" << 0 << "java.time.Ser/externalContents"
                                           << "java.time.Instant 2023-11-14T22:13:20.123456789Z";
    QTest::addRow("the seconds in them") << "time-v1" << 0 << "java.time.Ser/externalContents/seconds"
                                         << "1700000000";
    QTest::addRow("a LocalTime's last field, complemented")
        << "time-v1" << 4 << "java.time.Ser/externalContents/hour"
        << "-11 = ~10 (the last field: minutes, seconds and nanoseconds are zero)";
    QTest::addRow("Instant in protocol version 2") << "time-v2" << 0 << ""
                                                   << "java.time.Instant 2023-11-14T22:13:20.123456789Z";
    QTest::addRow("Float 1.0") << "floats" << 0 << "java.lang.Float/value"
                               << "1.0";
    QTest::addRow("float field") << "primitives" << 0 << "SerializationSamples$Primitives/f"
                                 << "-1.25";
    QTest::addRow("BigDecimal") << "values" << 7 << ""
                                << "java.math.BigDecimal -12.345";
    QTest::addRow("BigInteger over 4 KB") << "bignumbers" << 0 << ""
                                          << "java.math.BigInteger (5000-byte magnitude)";
    QTest::addRow("lone surrogate") << "surrogates" << 0 << "value"
                                    << R"("a\ud800b")";
}

void TestJavaScalars::treesShowTheValues()
{
    QFETCH(QString, file);
    QFETCH(int, content);
    QFETCH(QString, path);
    QFETCH(QString, value);
    const QByteArray bytes = sample(file);
    const JavaStream s = JavaSerializationParser::parse(bytes, 0, {});
    const DecodeNode tree = JavaTreeBuilder(s, bytes).build(s.contents.at(content), QStringLiteral("content"));
    const DecodeNode* node = path.isEmpty() ? &tree : tree.find(path);
    QVERIFY2(node, qPrintable(dumpTree(tree)));
    QCOMPARE(node->value, value);
}

QTEST_GUILESS_MAIN(TestJavaScalars)
#include "tst_javascalars.moc"
