#include "jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <charconv>
#include <cmath>
#include <limits>
#include <random>

using namespace rpcscope;

class TestJsonWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void values_data();
    void values();
    void escapingReadsBack();
    void fixedIsToCharsText_data();
    void fixedIsToCharsText();
};

void TestJsonWriter::values_data()
{
    QTest::addColumn<RpcValue>("value");
    QTest::addColumn<QByteArray>("json");
    QTest::addRow("int") << RpcValue::fromInt(-42) << QByteArray("-42");
    QTest::addRow("double shortest") << RpcValue::fromDouble(0.1) << QByteArray("0.1");
    QTest::addRow("whole double keeps its point") << RpcValue::fromDouble(2.0) << QByteArray("2.0");
    QTest::addRow("large whole double") << RpcValue::fromDouble(17179869184.0) << QByteArray("17179869184.0");
    QTest::addRow("1.1 shortest") << RpcValue::fromDouble(1.1) << QByteArray("1.1");
    QTest::addRow("negative zero") << RpcValue::fromDouble(-0.0) << QByteArray("-0.0");
    QTest::addRow("exponent") << RpcValue::fromDouble(1e300) << QByteArray("1e+300");
    QTest::addRow("fixed up to 1e16, as Python") << RpcValue::fromDouble(100000.0) << QByteArray("100000.0");
    QTest::addRow("scientific from 1e16") << RpcValue::fromDouble(1e16) << QByteArray("1e+16");
    QTest::addRow("small fixed") << RpcValue::fromDouble(0.0001) << QByteArray("0.0001");
    QTest::addRow("small scientific") << RpcValue::fromDouble(0.00001) << QByteArray("1e-05");
    QTest::addRow("subnormal") << RpcValue::fromDouble(5e-324) << QByteArray("5e-324");
    QTest::addRow("java float shortest") << [] {
        RpcValue v = RpcValue::fromDouble(double(0.1f));
        v.setTag(QStringLiteral("float"));
        return v;
    }() << QByteArray("0.1");
    QTest::addRow("infinity tagged") << RpcValue::fromDouble(std::numeric_limits<double>::infinity())
                                     << QByteArray("{\"double\":\"Infinity\"}");
    QTest::addRow("minus infinity tagged")
        << RpcValue::fromDouble(-std::numeric_limits<double>::infinity()) << QByteArray("{\"double\":\"-Infinity\"}");
    QTest::addRow("nan tagged, not the string nan")
        << RpcValue::fromDouble(std::numeric_limits<double>::quiet_NaN()) << QByteArray("{\"double\":\"NaN\"}");
    QTest::addRow("string nan stays a string") << RpcValue::fromString(QStringLiteral("nan")) << QByteArray("\"nan\"");
    QTest::addRow("decimal exact") << RpcValue::fromDecimal(QStringLiteral("9876543210.0123456789"))
                                   << QByteArray("{\"decimal\":\"9876543210.0123456789\"}");
    QTest::addRow("lone surrogate escaped")
        << RpcValue::fromString(QString(QChar(0xD800)) + QLatin1Char('x')) << QByteArray("\"\\ud800x\"");
    QTest::addRow("pair stays one character")
        << RpcValue::fromString(QString::fromUtf8("\xF0\x9F\x98\x80")) << QByteArray("\"\xF0\x9F\x98\x80\"");
    QTest::addRow("map with typed keys") << RpcValue::fromMap({{RpcValue::fromInt(1), RpcValue::fromString("a")},
                                                               {RpcValue::fromString("1"), RpcValue::fromString("b")},
                                                               {RpcValue::nil(), RpcValue::fromBool(true)}})
                                         << QByteArray("{\"map\":[[1,\"a\"],[\"1\",\"b\"],[null,true]]}");
    QTest::addRow("struct with duplicate names as map") << RpcValue::fromStruct(
        {{QStringLiteral("a"), RpcValue::fromInt(1)}, {QStringLiteral("a"), RpcValue::fromInt(2)}})
                                                        << QByteArray("{\"map\":[[\"a\",1],[\"a\",2]]}");
    QTest::addRow("struct that looks tagged as map")
        << RpcValue::fromStruct({{QStringLiteral("base64"), RpcValue::fromString("x")}})
        << QByteArray("{\"map\":[[\"base64\",\"x\"]]}");
    QTest::addRow("struct with a tag name among others stays an object") << RpcValue::fromStruct(
        {{QStringLiteral("map"), RpcValue::fromInt(1)}, {QStringLiteral("b"), RpcValue::fromInt(2)}})
                                                                         << QByteArray("{\"map\":1,\"b\":2}");
    QTest::addRow("bool") << RpcValue::fromBool(false) << QByteArray("false");
    QTest::addRow("nil") << RpcValue::nil() << QByteArray("null");
    QTest::addRow("bytes") << RpcValue::fromBytes("hi") << QByteArray("{\"base64\":\"aGk=\"}");
    QTest::addRow("datetime as sent") << RpcValue::fromDateTime({QStringLiteral("19980717T14:08:55"), std::nullopt})
                                      << QByteArray("{\"datetime\":\"19980717T14:08:55\"}");
    QTest::addRow("bigint") << RpcValue::fromBigInt(QStringLiteral("123456789012345678901234567890"))
                            << QByteArray("123456789012345678901234567890");
    QTest::addRow("tuple is array") << RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::fromString("a")},
                                                           QStringLiteral("tuple"))
                                    << QByteArray("[1,\"a\"]");
    QTest::addRow("nested struct") << RpcValue::fromStruct(
        {{QStringLiteral("a"), RpcValue::fromArray({})}, {QStringLiteral("b"), RpcValue::fromStruct({})}})
                                   << QByteArray("{\"a\":[],\"b\":{}}");
}

void TestJsonWriter::values()
{
    QFETCH(RpcValue, value);
    QFETCH(QByteArray, json);
    QByteArray out;
    JsonWriter w(out);
    writeRpcValue(w, value);
    QCOMPARE(out, json);
}

void TestJsonWriter::escapingReadsBack()
{
    const QString tricky = QStringLiteral("quote\" backslash\\ nl\n tab\t ctl\x01 é 😀 <&>");
    QByteArray out;
    JsonWriter w(out);
    w.beginObject();
    w.key(QStringView(tricky));
    w.string(QStringView(tricky));
    w.endObject();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(tricky).toString(), tricky);
}

void TestJsonWriter::fixedIsToCharsText_data()
{
    QTest::addColumn<int>("decimals");
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");
    QTest::addRow("start times, 6 decimals") << 6 << 1.0e9 << 2.0e9;
    QTest::addRow("latencies, 3 decimals") << 3 << 0.0 << 100000.0;
    QTest::addRow("small, 9 decimals") << 9 << 0.0 << 1.0;
    QTest::addRow("whole, 0 decimals") << 0 << 0.0 << 1.0e6;
    QTest::addRow("past 2^63, to_chars itself") << 3 << 1.0e19 << 1.0e20;
    QTest::addRow("negative, to_chars itself") << 3 << -1.0e6 << 0.0;
}

// jsonl's times are written by a fast path of their own; its text must be what std::to_chars writes (the exact
// value, rounded half to even), on random values and on the exact ties where rounding decides.
void TestJsonWriter::fixedIsToCharsText()
{
    QFETCH(int, decimals);
    QFETCH(double, low);
    QFETCH(double, high);
    std::mt19937_64 rng(20261204);
    std::uniform_real_distribution<double> any(low, high);
    std::vector<double> values;
    for (int i = 0; i < 200000; ++i)
        values.push_back(any(rng));
    // Ties: m / 2^(decimals+1) with m odd is exactly a half of the last decimal (times 10^decimals it is
    // 5^decimals * m / 2), so rounding decides its last digit; and its neighbours.
    std::uniform_real_distribution<double> scaledRange(std::ldexp(low, decimals + 1), std::ldexp(high, decimals + 1));
    for (int i = 0; i < 2000; ++i) {
        const double m = 2 * std::floor(scaledRange(rng) / 2) + 1;
        const double tie = std::ldexp(m, -(decimals + 1));
        values.push_back(tie);
        values.push_back(std::nextafter(tie, high));
        values.push_back(std::nextafter(tie, low));
    }
    values.push_back(low);
    int checked = 0;
    for (double v : values) {
        char expected[64];
        const auto r = std::to_chars(expected, expected + sizeof expected, v, std::chars_format::fixed, decimals);
        QByteArray out;
        JsonWriter w(out);
        w.fixed(v, decimals);
        if (out != QByteArrayView(expected, r.ptr - expected)) {
            QFAIL(qPrintable(QStringLiteral("%1 with %2 decimals: wrote %3, to_chars %4")
                                 .arg(v, 0, 'g', 17)
                                 .arg(decimals)
                                 .arg(QString::fromLatin1(out), QString::fromLatin1(expected, r.ptr - expected))));
        }
        ++checked;
    }
    QCOMPARE(checked, int(values.size()));
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
