// PyRepr and PyIntegers: Python's repr() of floats and strings, and ints of any size, checked against Debian's
// Python 3.11 itself (the serpent writer's output depends on them being exact).
#include "pyro/pyintegers.h"
#include "pyro/pyrepr.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cstring>
#include <limits>

using namespace rpcscope;

class TestPyRepr : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void floatReprMatchesPython_data();
    void floatReprMatchesPython();
    void stringReprMatchesPython_data();
    void stringReprMatchesPython();
    void valueRepr_data();
    void valueRepr();
    void integers_data();
    void integers();
    void integerLimits();
};

namespace {
// repr() of each value, computed by Python from the same bit pattern.
QStringList pythonFloatReprs(const std::vector<double>& values)
{
    QJsonArray hex;
    for (double d : values) {
        quint64 bits;
        std::memcpy(&bits, &d, 8);
        hex.append(QString::number(bits, 16));
    }
    const auto r
        = test::runPython(QStringLiteral("import json,struct,sys\n"
                                         "for h in json.loads(sys.stdin.read()):\n"
                                         "    print(repr(struct.unpack('<d', int(h,16).to_bytes(8,'little'))[0]))\n"),
                          {}, QJsonDocument(hex).toJson());
    return QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

const std::vector<double> kFloats = {0.0,
                                     -0.0,
                                     1.0,
                                     -1.5,
                                     0.1,
                                     1e16,
                                     1e15,
                                     123456789012345678.0,
                                     1e-4,
                                     1e-5,
                                     1.5e-05,
                                     3.141592653589793,
                                     2.5e300,
                                     5e-324,
                                     1.7976931348623157e308,
                                     0.3,
                                     100.0,
                                     1e22,
                                     9.999999999999999e15,
                                     12345.678};
} // namespace

void TestPyRepr::floatReprMatchesPython_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    const QStringList expected = pythonFloatReprs(kFloats);
    QCOMPARE(expected.size(), qsizetype(kFloats.size()));
    for (std::size_t i = 0; i < kFloats.size(); ++i)
        QTest::addRow("%s", qPrintable(expected[i])) << kFloats[i] << expected[i];
    QTest::addRow("inf") << std::numeric_limits<double>::infinity() << QStringLiteral("inf");
    QTest::addRow("-inf") << -std::numeric_limits<double>::infinity() << QStringLiteral("-inf");
    QTest::addRow("nan") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("nan");
}

void TestPyRepr::floatReprMatchesPython()
{
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromLatin1(PyRepr::floatRepr(value)), expected);
}

void TestPyRepr::stringReprMatchesPython_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    const QStringList texts = {QStringLiteral("plain"),
                               QStringLiteral("it's"),
                               QStringLiteral("say \"hi\""),
                               QStringLiteral("both ' and \""),
                               QStringLiteral("tab\tnew\nline\rback\\slash"),
                               QStringLiteral("nul\u0000bell\u0007del\u007f"),
                               QStringLiteral("caf\u00e9 \u20ac \u00a0nbsp \u00ad"),
                               QStringLiteral("emoji \U0001F600 and \u2028 line sep"),
                               QStringLiteral("Hello, letian. \n")};
    QJsonArray in;
    for (const QString& t : texts)
        in.append(t);
    const auto r = test::runPython(QStringLiteral("import json,sys\n"
                                                  "print(json.dumps([repr(s) for s in json.loads(sys.stdin.read())]))"),
                                   {}, QJsonDocument(in).toJson());
    const QJsonArray out = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(out.size(), texts.size());
    for (qsizetype i = 0; i < texts.size(); ++i)
        QTest::addRow("%s", qPrintable(out[i].toString())) << texts[i] << out[i].toString();
}

void TestPyRepr::stringReprMatchesPython()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(PyRepr::stringRepr(text), expected);
}

void TestPyRepr::valueRepr_data()
{
    QTest::addColumn<RpcValue>("value");
    QTest::addColumn<QString>("expected");
    QTest::addRow("1-tuple") << RpcValue::fromArray({RpcValue::fromInt(1)}, QStringLiteral("tuple"))
                             << QStringLiteral("(1,)");
    QTest::addRow("empty set") << RpcValue::fromArray({}, QStringLiteral("set")) << QStringLiteral("set()");
    QTest::addRow("dict") << RpcValue::fromStruct({{QStringLiteral("a"), RpcValue::nil()}})
                          << QStringLiteral("{'a': None}");
    QTest::addRow("bytes") << RpcValue::fromBytes(QByteArray("\x00'hi", 4)) << QStringLiteral("b\"\\x00'hi\"");
    QTest::addRow("complex") << RpcValue::fromStruct(
        {{QStringLiteral("real"), RpcValue::fromDouble(1)}, {QStringLiteral("imag"), RpcValue::fromDouble(-2)}},
        QStringLiteral("complex"))
                             << QStringLiteral("(1-2j)");
    QTest::addRow("str is quoted") << RpcValue::fromString(QStringLiteral("x")) << QStringLiteral("'x'");
}

void TestPyRepr::valueRepr()
{
    QFETCH(RpcValue, value);
    QFETCH(QString, expected);
    QCOMPARE(PyRepr::repr(value), expected);
}

void TestPyRepr::integers_data()
{
    QTest::addColumn<QByteArray>("digits");
    QTest::addColumn<int>("base");
    QTest::addColumn<bool>("negative");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("fitsInt64");
    QTest::addRow("small") << QByteArray("42") << 10 << false << QStringLiteral("42") << true;
    QTest::addRow("leading zeros") << QByteArray("0007") << 10 << false << QStringLiteral("7") << true;
    QTest::addRow("int64 max") << QByteArray("9223372036854775807") << 10 << false
                               << QStringLiteral("9223372036854775807") << true;
    QTest::addRow("int64 max + 1") << QByteArray("9223372036854775808") << 10 << false
                                   << QStringLiteral("9223372036854775808") << false;
    QTest::addRow("int64 min") << QByteArray("9223372036854775808") << 10 << true
                               << QStringLiteral("-9223372036854775808") << true;
    QTest::addRow("2**100 in hex") << QByteArray("10000000000000000000000000") << 16 << false
                                   << QStringLiteral("1267650600228229401496703205376") << false;
    QTest::addRow("binary") << QByteArray("101") << 2 << true << QStringLiteral("-5") << true;
}

void TestPyRepr::integers()
{
    QFETCH(QByteArray, digits);
    QFETCH(int, base);
    QFETCH(bool, negative);
    QFETCH(QString, expected);
    QFETCH(bool, fitsInt64);
    const auto v = PyIntegers::fromDigits(digits, base, negative);
    QVERIFY(v);
    QCOMPARE(v->type() == RpcValue::Type::Int, fitsInt64);
    QCOMPARE(PyRepr::repr(*v), expected);
}

void TestPyRepr::integerLimits()
{
    // -2**100 as pickle's LONG1 bytes and as marshal digits.
    QByteArray twos(13, '\0');
    twos[12] = char(0xF0);
    QCOMPARE(PyRepr::repr(*PyIntegers::fromTwosComplementLE(twos)), QStringLiteral("-1267650600228229401496703205376"));
    const quint16 digits[] = {0, 0, 0, 0, 0, 0, 1 << 10};
    QCOMPARE(PyRepr::repr(*PyIntegers::fromMarshalDigits(digits, 7, false)),
             QStringLiteral("1267650600228229401496703205376"));
    QVERIFY(!PyIntegers::fromDigits(QByteArray(30000, '7'), 10, false));
    QVERIFY(!PyIntegers::fromDigits("12z", 10, false));
    QCOMPARE(PyRepr::repr(PyIntegers::negate(RpcValue::fromInt(std::numeric_limits<qint64>::min()))),
             QStringLiteral("9223372036854775808"));
}

QTEST_GUILESS_MAIN(TestPyRepr)
#include "tst_pyrepr.moc"
