// java.time.Ser's documented external layout (its serialized form) and the calendar texts RpcScope writes for Java
// dates: checked on byte strings laid out as that form specifies; tst_javascalars checks the same reader on streams
// the JDK wrote.
#include "jrmp/javatime.h"
#include "jsonwriter.h"
#include "testsupport.h"

#include <QTest>

using namespace rpcscope;

namespace {

QString json(const RpcValue& v)
{
    QByteArray out;
    JsonWriter w(out);
    writeRpcValue(w, v);
    return QString::fromUtf8(out);
}

} // namespace

class TestJavaTime : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void isoMillis_data();
    void isoMillis();
    void serLayouts_data();
    void serLayouts();
    void serProblems_data();
    void serProblems();
};

void TestJavaTime::isoMillis_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("year");
    QTest::addRow("epoch") << qint64(0) << "1970-01-01T00:00:00.000Z" << qint64(1970);
    QTest::addRow("a millisecond before") << qint64(-1) << "1969-12-31T23:59:59.999Z" << qint64(1969);
    QTest::addRow("leap day") << qint64(951782400000) << "2000-02-29T00:00:00.000Z" << qint64(2000);
    QTest::addRow("last of 9999") << qint64(253402300799999) << "9999-12-31T23:59:59.999Z" << qint64(9999);
    QTest::addRow("first of 10000") << qint64(253402300800000) << "+10000-01-01T00:00:00.000Z" << qint64(10000);
    QTest::addRow("first of year 1") << qint64(-62135596800000) << "0001-01-01T00:00:00.000Z" << qint64(1);
    QTest::addRow("year 0 (1 BC)") << qint64(-62167219200000) << "0000-01-01T00:00:00.000Z" << qint64(0);
    QTest::addRow("year -1") << qint64(-62167219200001) << "-0001-12-31T23:59:59.999Z" << qint64(-1);
    QTest::addRow("largest long") << std::numeric_limits<qint64>::max() << "+292278994-08-17T07:12:55.807Z"
                                  << qint64(292278994);
    QTest::addRow("smallest long") << std::numeric_limits<qint64>::min() << "-292275055-05-16T16:47:04.192Z"
                                   << qint64(-292275055);
}

void TestJavaTime::isoMillis()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QFETCH(qint64, year);
    qint64 y = 0;
    QCOMPARE(javatime::isoMillis(ms, &y), text);
    QCOMPARE(y, year);
}

void TestJavaTime::serLayouts_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("className");
    QTest::addColumn<int>("length");
    // Type byte, then the fields big-endian, as java.time.Ser's serialized form documents.
    QTest::addRow("Duration") << QByteArray::fromHex("01 0000000000000001 1dcd6500") << R"("PT1.5S")"
                              << "java.time.Duration" << 13;
    QTest::addRow("Instant") << QByteArray::fromHex("02 000000006553f100 075bcd15")
                             << R"({"datetime":"2023-11-14T22:13:20.123456789Z"})"
                             << "java.time.Instant" << 13;
    QTest::addRow("LocalDate") << QByteArray::fromHex("03 000007e8 02 1d") << R"({"datetime":"2024-02-29"})"
                               << "java.time.LocalDate" << 7;
    QTest::addRow("LocalTime, hour only (~10)") << QByteArray::fromHex("04 f5") << R"({"datetime":"10:00"})"
                                                << "java.time.LocalTime" << 2;
    QTest::addRow("LocalTime, to the minute") << QByteArray::fromHex("04 0a f0") << R"({"datetime":"10:15"})"
                                              << "java.time.LocalTime" << 3;
    QTest::addRow("LocalTime, to the second") << QByteArray::fromHex("04 0a 0f e1") << R"({"datetime":"10:15:30"})"
                                              << "java.time.LocalTime" << 4;
    QTest::addRow("LocalTime, to the nanosecond")
        << QByteArray::fromHex("04 0a 0f 1e 00000001") << R"({"datetime":"10:15:30.000000001"})"
        << "java.time.LocalTime" << 8;
    QTest::addRow("ZoneRegion") << QByteArray(QByteArray::fromHex("07 0003") + "UTC") << R"("UTC")"
                                << "java.time.ZoneRegion" << 6;
    QTest::addRow("ZoneOffset in quarter hours") << QByteArray::fromHex("08 16") << R"("+05:30")"
                                                 << "java.time.ZoneOffset" << 2;
    QTest::addRow("ZoneOffset in seconds") << QByteArray::fromHex("08 7f fffff175") << R"("-01:02:03")"
                                           << "java.time.ZoneOffset" << 6;
    QTest::addRow("ZonedDateTime with a region")
        << QByteArray(QByteArray::fromHex("06 000007e8 01 02 03 04 fa 04 07 000c") + "Europe/Paris")
        << R"({"datetime":"2024-01-02T03:04:05+01:00[Europe/Paris]"})"
        << "java.time.ZonedDateTime" << 26;
    QTest::addRow("ZonedDateTime with its offset as zone")
        << QByteArray::fromHex("06 000007e8 01 02 f6 00 08 00") << R"({"datetime":"2024-01-02T09:00Z"})"
        << "java.time.ZonedDateTime" << 11;
    QTest::addRow("OffsetTime") << QByteArray::fromHex("09 f5 f8") << R"({"datetime":"10:00-02:00"})"
                                << "java.time.OffsetTime" << 3;
    QTest::addRow("OffsetDateTime") << QByteArray::fromHex("0a 00002710 0c 1f f7 00")
                                    << R"({"datetime":"+10000-12-31T08:00Z"})"
                                    << "java.time.OffsetDateTime" << 9;
    QTest::addRow("Year") << QByteArray::fromHex("0b fffffffb") << "-5"
                          << "java.time.Year" << 5;
    QTest::addRow("YearMonth") << QByteArray::fromHex("0c 00000001 0c") << R"({"datetime":"0001-12"})"
                               << "java.time.YearMonth" << 6;
    QTest::addRow("MonthDay") << QByteArray::fromHex("0d 02 1d") << R"({"datetime":"--02-29"})"
                              << "java.time.MonthDay" << 3;
    QTest::addRow("Period") << QByteArray::fromHex("0e 00000000 00000000 fffffffb") << R"("P-5D")"
                            << "java.time.Period" << 13;
}

void TestJavaTime::serLayouts()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, json);
    QFETCH(QString, className);
    QFETCH(int, length);
    // Past the data, something else follows: the reader must stop exactly at the end.
    const QByteArray framed = QByteArray("xx") + bytes + "trailing";
    const javatime::SerData ser = javatime::readSer(framed, 2);
    QCOMPARE(ser.status, javatime::SerData::Status::Ok);
    QCOMPARE(ser.className, className);
    QCOMPARE(ser.length, qint64(length));
    QCOMPARE(::json(ser.value), json);
    QCOMPARE(ser.value.tag(), className);
    QVERIFY2(ser.error.isEmpty(), qPrintable(ser.error));
    // Every field has its bytes, in order, inside the data.
    qint64 at = 2;
    for (const javatime::SerField& f : ser.fields) {
        QCOMPARE(f.offset, at);
        at += f.length;
    }
    QCOMPARE(at, qint64(2 + length));
}

void TestJavaTime::serProblems_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addRow("nothing") << QByteArray() << int(javatime::SerData::Status::Truncated)
                             << "the data ends before java.time.Ser's type byte";
    QTest::addRow("an Instant cut short")
        << QByteArray::fromHex("02 0000000065") << int(javatime::SerData::Status::Truncated)
        << "the data ends inside a serialized java.time.Instant";
    QTest::addRow("unknown type") << QByteArray::fromHex("63 00") << int(javatime::SerData::Status::Unknown)
                                  << "java.time.Ser has the unknown type 99: its data cannot be delimited";
    QTest::addRow("a zone of a wrong type")
        << QByteArray::fromHex("06 000007e8 01 02 f6 00 02") << int(javatime::SerData::Status::Unknown)
        << "a ZonedDateTime's zone has type 2 (expected 7 or 8)";
    QTest::addRow("month 13 (read, but said)") << QByteArray::fromHex("03 000007e8 0d 01")
                                               << int(javatime::SerData::Status::Ok) << "month 13, day 1 is not a date";
}

void TestJavaTime::serProblems()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QString, error);
    const javatime::SerData ser = javatime::readSer(bytes, 0);
    QCOMPARE(int(ser.status), status);
    QCOMPARE(ser.error, error);
}

QTEST_GUILESS_MAIN(TestJavaTime)
#include "tst_javatime.moc"
