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
    QTest::addRow("infinity as text") << RpcValue::fromDouble(std::numeric_limits<double>::infinity())
                                      << QByteArray("\"inf\"");
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
