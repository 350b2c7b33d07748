#include "jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace rpcscope;

class TestJsonWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void values_data();
    void values();
    void escapingReadsBack();
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

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
