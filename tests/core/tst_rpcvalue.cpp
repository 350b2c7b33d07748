#include "rpcvalue.h"

#include <limits>

#include <QTest>

using namespace rpcscope;

class TestRpcValue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void typesAndAccessors();
    void display_data();
    void display();
    void memberLookup();
    void equality();
};

void TestRpcValue::typesAndAccessors()
{
    QCOMPARE(RpcValue().type(), RpcValue::Type::Nil);
    QCOMPARE(RpcValue::fromBool(true).toBool(), true);
    QCOMPARE(RpcValue::fromInt(-(qint64(1) << 40)).toInt(), -(qint64(1) << 40));
    QCOMPARE(RpcValue::fromDouble(2.5).toDouble(), 2.5);
    QCOMPARE(RpcValue::fromString(QStringLiteral("x")).toString(), QStringLiteral("x"));
    QCOMPARE(RpcValue::fromBytes("\x00\x01").toBytes(), QByteArray("\x00\x01"));
    QCOMPARE(RpcValue::fromBigInt(QStringLiteral("123456789012345678901234567890")).toBigInt().digits,
             QStringLiteral("123456789012345678901234567890"));
    // Asking for the wrong type gives an empty value, never a crash.
    QCOMPARE(RpcValue::fromInt(3).toString(), QString());
    QVERIFY(RpcValue::fromString(QStringLiteral("3")).toArray().empty());
    QCOMPARE(RpcValue::fromArray({}, QStringLiteral("tuple")).typeName(), QStringLiteral("tuple"));
    QCOMPARE(RpcValue::fromStruct({}).typeName(), QStringLiteral("struct"));
}

void TestRpcValue::display_data()
{
    QTest::addColumn<RpcValue>("value");
    QTest::addColumn<QString>("text");
    QTest::addRow("int") << RpcValue::fromInt(7) << QStringLiteral("7");
    QTest::addRow("string escapes newline")
        << RpcValue::fromString(QStringLiteral("Hello, letian. \n")) << QStringLiteral("\"Hello, letian. \\n\"");
    QTest::addRow("one-tuple") << RpcValue::fromArray({RpcValue::fromString(QStringLiteral("letian"))},
                                                      QStringLiteral("tuple"))
                               << QStringLiteral("(\"letian\",)");
    QTest::addRow("struct") << RpcValue::fromStruct(
        {{QStringLiteral("a"), RpcValue::fromInt(1)}, {QStringLiteral("b"), RpcValue::nil()}})
                            << QStringLiteral("{a: 1, b: nil}");
    QTest::addRow("bytes") << RpcValue::fromBytes("hi") << QStringLiteral("<2 bytes: 68 69>");
    QTest::addRow("whole double keeps its point") << RpcValue::fromDouble(2.0) << QStringLiteral("2.0");
    QTest::addRow("1.1 shortest, not 1.1000000000000001") << RpcValue::fromDouble(1.1) << QStringLiteral("1.1");
    QTest::addRow("large whole double") << RpcValue::fromDouble(17179869184.0) << QStringLiteral("17179869184.0");
    QTest::addRow("nan") << RpcValue::fromDouble(std::numeric_limits<double>::quiet_NaN()) << QStringLiteral("NaN");
    QTest::addRow("decimal as written") << RpcValue::fromDecimal(QStringLiteral("9876543210.0123456789"))
                                        << QStringLiteral("9876543210.0123456789");
    QTest::addRow("map with typed keys") << RpcValue::fromMap(
        {{RpcValue::fromInt(1), RpcValue::fromString("a")}, {RpcValue::fromString("1"), RpcValue::fromString("b")}})
                                         << QStringLiteral("{1: \"a\", \"1\": \"b\"}");
    QTest::addRow("lone surrogate shown as its escape")
        << RpcValue::fromString(QString(QChar(0xDC80))) << QStringLiteral("\"\\udc80\"");
}

void TestRpcValue::display()
{
    QFETCH(RpcValue, value);
    QFETCH(QString, text);
    QCOMPARE(value.toDisplayString(), text);
}

void TestRpcValue::memberLookup()
{
    const RpcValue fault = RpcValue::fromStruct({{QStringLiteral("faultCode"), RpcValue::fromInt(4)},
                                                 {QStringLiteral("faultString"), RpcValue::fromString("Too many")}});
    QVERIFY(fault.member(u"faultCode"));
    QCOMPARE(fault.member(u"faultCode")->toInt(), 4);
    QCOMPARE(fault.member(u"missing"), nullptr);
}

void TestRpcValue::equality()
{
    RpcValue a = RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::fromString(QStringLiteral("x"))});
    RpcValue b = RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::fromString(QStringLiteral("x"))});
    QCOMPARE(a, b);
    b.array().push_back(RpcValue::nil());
    QVERIFY(!(a == b));
    QVERIFY(!(RpcValue::fromArray({}, QStringLiteral("tuple")) == RpcValue::fromArray({})));
}

QTEST_GUILESS_MAIN(TestRpcValue)
#include "tst_rpcvalue.moc"
