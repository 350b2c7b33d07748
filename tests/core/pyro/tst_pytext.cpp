// PyText: Python str values from and to the bytes Pyro's serializers write. U+FEFF is data wherever it stands,
// surrogates written with 'surrogatepass' become lone UTF-16 units (never U+FFFD), and what UTF-16 cannot keep or
// what is not UTF-8 is reported with its offset.
#include "pyro/pytext.h"

#include <QTest>

using namespace rpcscope;

class TestPyText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodeUtf8_data();
    void decodeUtf8();
    void appendCodePoint();
    void encodeSurrogatePass_data();
    void encodeSurrogatePass();
};

namespace {
QString units(std::initializer_list<char16_t> list)
{
    QString s;
    for (char16_t u : list)
        s += QChar(u);
    return s;
}
} // namespace

void TestPyText::decodeUtf8_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("invalidAt");
    QTest::addColumn<int>("surrogateAt");
    QTest::addColumn<int>("joinedPairAt");
    QTest::addRow("U+FEFF first") << QByteArray("\xef\xbb\xbf"
                                                "a")
                                  << units({0xFEFF, 'a'}) << -1 << -1 << -1;
    QTest::addRow("U+FEFF inside and last") << QByteArray("a\xef\xbb\xbf"
                                                          "b\xef\xbb\xbf")
                                            << units({'a', 0xFEFF, 'b', 0xFEFF}) << -1 << -1 << -1;
    QTest::addRow("U+FEFF alone") << QByteArray("\xef\xbb\xbf") << units({0xFEFF}) << -1 << -1 << -1;
    QTest::addRow("lone high surrogate") << QByteArray("\xed\xa0\x80") << units({0xD800}) << -1 << 0 << -1;
    QTest::addRow("lone low surrogate after text")
        << QByteArray("ab\xed\xbf\xbf") << units({'a', 'b', 0xDFFF}) << -1 << 2 << -1;
    QTest::addRow("U+FEFF then a surrogate")
        << QByteArray("\xef\xbb\xbf\xed\xa0\x80") << units({0xFEFF, 0xD800}) << -1 << 3 << -1;
    QTest::addRow("pair written as two code points")
        << QByteArray("x\xed\xa0\xbd\xed\xb8\x80") << units({'x', 0xD83D, 0xDE00}) << -1 << 1 << 1;
    QTest::addRow("low then high: no pair")
        << QByteArray("\xed\xb0\x80\xed\xa0\x80") << units({0xDC00, 0xD800}) << -1 << 0 << -1;
    QTest::addRow("two highs: no pair") << QByteArray("\xed\xa0\x80\xed\xa0\x80") << units({0xD800, 0xD800}) << -1 << 0
                                        << -1;
    QTest::addRow("astral character") << QByteArray("\xf0\x9f\x98\x80") << units({0xD83D, 0xDE00}) << -1 << -1 << -1;
    QTest::addRow("U+FFFD itself is clean") << QByteArray("\xef\xbf\xbd") << units({0xFFFD}) << -1 << -1 << -1;
    QTest::addRow("byte 0xFF") << QByteArray("a\xff"
                                             "b")
                               << units({'a', 0xFFFD, 'b'}) << 1 << -1 << -1;
    QTest::addRow("sequence cut short") << QByteArray("a\xe2\x82") << units({'a', 0xFFFD}) << 1 << -1 << -1;
    QTest::addRow("overlong slash") << QByteArray("\xc0\xaf") << units({0xFFFD, 0xFFFD}) << 0 << -1 << -1;
    QTest::addRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << units({0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}) << 0
                                   << -1 << -1;
    QTest::addRow("NUL") << QByteArray("a\0b", 3) << units({'a', 0, 'b'}) << -1 << -1 << -1;
}

void TestPyText::decodeUtf8()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QFETCH(int, invalidAt);
    QFETCH(int, surrogateAt);
    QFETCH(int, joinedPairAt);
    PyText::Report report;
    QCOMPARE(PyText::decodeUtf8(bytes, &report), text);
    QCOMPARE(report.invalidAt, qsizetype(invalidAt));
    QCOMPARE(report.surrogateAt, qsizetype(surrogateAt));
    QCOMPARE(report.joinedPairAt, qsizetype(joinedPairAt));
    if (joinedPairAt >= 0) {
        QCOMPARE(report.pairHigh, char16_t(0xD83D));
        QCOMPARE(report.pairLow, char16_t(0xDE00));
        QCOMPARE(PyText::joinedPairText(report.pairHigh, report.pairLow),
                 QStringLiteral("the code points U+D83D U+DE00 (two in Python) read as the one character U+1F600: "
                                "UTF-16 cannot keep them apart"));
    }
    QCOMPARE(PyText::decodeUtf8(bytes), text); // without a report
}

void TestPyText::appendCodePoint()
{
    QString s;
    QVERIFY(!PyText::appendCodePoint(s, 0xFEFF));
    QVERIFY(!PyText::appendCodePoint(s, 0xD83D));
    QVERIFY(PyText::appendCodePoint(s, 0xDE00)); // joins the high surrogate before it
    QVERIFY(!PyText::appendCodePoint(s, 0x1F600));
    QVERIFY(!PyText::appendCodePoint(s, 0xDC00)); // after a low surrogate: stays lone
    QCOMPARE(s, units({0xFEFF, 0xD83D, 0xDE00, 0xD83D, 0xDE00, 0xDC00}));
    QVERIFY(PyText::hasLoneSurrogate(s));
    QVERIFY(!PyText::hasLoneSurrogate(s.left(5)));
}

void TestPyText::encodeSurrogatePass_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes"); // as Python's str.encode('utf-8', 'surrogatepass') writes it
    QTest::addRow("plain") << QStringLiteral("h\u00e9") << QByteArray("h\xc3\xa9");
    QTest::addRow("U+FEFF first") << units({0xFEFF, 'a'})
                                  << QByteArray("\xef\xbb\xbf"
                                                "a");
    QTest::addRow("lone surrogates") << units({'a', 0xD800, 'b', 0xDFFF})
                                     << QByteArray("a\xed\xa0\x80"
                                                   "b\xed\xbf\xbf");
    QTest::addRow("a pair is the character") << units({0xD83D, 0xDE00}) << QByteArray("\xf0\x9f\x98\x80");
    QTest::addRow("pair then lone low") << units({0xD83D, 0xDE00, 0xDC00})
                                        << QByteArray("\xf0\x9f\x98\x80\xed\xb0\x80");
}

void TestPyText::encodeSurrogatePass()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    QCOMPARE(PyText::encodeUtf8SurrogatePass(text), bytes);
    QCOMPARE(PyText::decodeUtf8(bytes), text);
}

QTEST_GUILESS_MAIN(TestPyText)
#include "tst_pytext.moc"
