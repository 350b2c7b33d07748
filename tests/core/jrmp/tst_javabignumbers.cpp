// java.math.BigInteger magnitudes as decimal digits (checked against Python's integers) and BigDecimal's text
// (checked against the examples of BigDecimal.toString()'s documentation).
#include "jrmp/javabignumbers.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QTest>

using namespace rpcscope;

class TestJavaBigNumbers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decimalDigits();
    void bigDecimalText_data();
    void bigDecimalText();
};

void TestJavaBigNumbers::decimalDigits()
{
    // Magnitudes of every length up to 40 bytes, then some long ones, leading zeros included; Python prints them.
    QList<QByteArray> magnitudes {QByteArray(), QByteArray(3, '\0'), QByteArray::fromHex("00ff"),
                                  QByteArray::fromHex("ffffffffffffffff"), QByteArray::fromHex("010000000000000000")};
    QRandomGenerator random(21);
    for (int size : {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 31, 40, 100, 999, 4097, 20000}) {
        QByteArray m(size, '\0');
        for (char& c : m)
            c = static_cast<char>(random.bounded(256));
        magnitudes << m;
    }
    QByteArray input;
    for (const QByteArray& m : magnitudes)
        input += m.toHex() + '\n';
    const test::ProcessResult python = test::runPython(
        QStringLiteral("import sys\nsys.set_int_max_str_digits(0) if hasattr(sys, 'set_int_max_str_digits') else None\n"
                       "for line in sys.stdin:\n    print(int(line.strip() or '0', 16))"),
        {}, input);
    QVERIFY2(python.exitCode == 0, python.err.constData());
    const QList<QByteArray> expected = python.out.trimmed().split('\n');
    QCOMPARE(expected.size(), magnitudes.size());
    for (int i = 0; i < magnitudes.size(); ++i)
        QCOMPARE(javabignumbers::decimalDigits(magnitudes[i]).toLatin1(), expected[i]);
}

void TestJavaBigNumbers::bigDecimalText_data()
{
    QTest::addColumn<QString>("unscaled");
    QTest::addColumn<qint64>("scale");
    QTest::addColumn<QString>("text");
    // The examples in BigDecimal.toString()'s documentation.
    QTest::addRow("[123,0]") << "123" << qint64(0) << "123";
    QTest::addRow("[-123,0]") << "-123" << qint64(0) << "-123";
    QTest::addRow("[123,-1]") << "123" << qint64(-1) << "1.23E+3";
    QTest::addRow("[123,-3]") << "123" << qint64(-3) << "1.23E+5";
    QTest::addRow("[123,1]") << "123" << qint64(1) << "12.3";
    QTest::addRow("[123,5]") << "123" << qint64(5) << "0.00123";
    QTest::addRow("[123,10]") << "123" << qint64(10) << "1.23E-8";
    QTest::addRow("[-123,12]") << "-123" << qint64(12) << "-1.23E-10";
    // And the edges: zero with a scale, the largest scales, a one-digit exponent form.
    QTest::addRow("[0,2]") << "0" << qint64(2) << "0.00";
    QTest::addRow("[0,10]") << "0" << qint64(10) << "0E-10";
    QTest::addRow("[1,-3]") << "1" << qint64(-3) << "1E+3";
    QTest::addRow("[1,7]") << "1" << qint64(7) << "1E-7";
    QTest::addRow("[1,6]") << "1" << qint64(6) << "0.000001";
    QTest::addRow("[7,2^31-1]") << "7" << qint64(2147483647) << "7E-2147483647";
    QTest::addRow("[-7,-2^31]") << "-7" << qint64(-2147483648LL) << "-7E+2147483648";
}

void TestJavaBigNumbers::bigDecimalText()
{
    QFETCH(QString, unscaled);
    QFETCH(qint64, scale);
    QFETCH(QString, text);
    QCOMPARE(javabignumbers::bigDecimalText(unscaled, scale), text);
}

QTEST_GUILESS_MAIN(TestJavaBigNumbers)
#include "tst_javabignumbers.moc"
