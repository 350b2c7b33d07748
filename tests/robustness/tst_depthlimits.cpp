// Nesting limits in every format that nests: 10,000 levels are refused at DecodeLimits::maxDepth with a clear
// error; the limit can be raised (DecodeOptions) and then lets deeper, well-formed values through; and raising it
// absurdly far never turns deep input into a stack overflow.

#include "boundedchild.h"
#include "depthformats.h"

#include <QTest>

using namespace rpcscope;

class TestDepthLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenThousandLevelsAreRefused_data() { addFormats(); }
    void tenThousandLevelsAreRefused();
    void limitCanBeRaised_data() { addFormats(); }
    void limitCanBeRaised();
    void hugeLimitKeepsTheStackSafe_data() { addFormats(); }
    void hugeLimitKeepsTheStackSafe();

private:
    static void addFormats();
    static test::NestingFormat format(int index) { return test::nestingFormats()[static_cast<std::size_t>(index)]; }
    static void skipUnavailable(const test::NestingFormat& f);
};

void TestDepthLimits::addFormats()
{
    QTest::addColumn<int>("index");
    const auto formats = test::nestingFormats();
    for (int i = 0; i < static_cast<int>(formats.size()); ++i)
        QTest::addRow("%s", qPrintable(formats[static_cast<std::size_t>(i)].name)) << i;
}

void TestDepthLimits::skipUnavailable(const test::NestingFormat& f)
{
    if (f.name.startsWith(QLatin1String("XML-RPC")) && !test::xmlRpcDecoderAvailable())
        QSKIP("the XML-RPC decoder is still a placeholder in this checkout");
}

void TestDepthLimits::tenThousandLevelsAreRefused()
{
    QFETCH(int, index);
    const test::NestingFormat f = format(index);
    skipUnavailable(f);
    const DecodeLimits limits;
    QCOMPARE(limits.maxDepth, 256);
    const QString error = f.read(f.nest(10000), limits);
    QVERIFY2(error.contains(QLatin1String("deeper than 256")), qPrintable(QStringLiteral("got: ") + error));
}

void TestDepthLimits::limitCanBeRaised()
{
    QFETCH(int, index);
    const test::NestingFormat f = format(index);
    skipUnavailable(f);
    const QByteArray bytes = f.nest(300);
    DecodeLimits limits;
    QVERIFY(f.read(bytes, limits).contains(QLatin1String("deeper than")));
    limits.maxDepth = 400;
    const QString error = f.read(bytes, limits);
    QVERIFY2(error.isEmpty(), qPrintable(QStringLiteral("with maxDepth 400: ") + error));
}

void TestDepthLimits::hugeLimitKeepsTheStackSafe()
{
    QFETCH(int, index);
    const test::NestingFormat f = format(index);
    skipUnavailable(f);
    // In a child process: a stack overflow there is a failed row, not a dead test runner.
    const test::BoundedResult r = test::runWithMemoryBound(0, [&f] {
        DecodeLimits limits;
        limits.maxDepth = 10 * 1000 * 1000;
        const QString error = f.read(f.nest(100000), limits);
        return error.isEmpty() ? QStringLiteral("read completely") : error;
    });
    QVERIFY2(r.completed, qPrintable(QStringLiteral("100,000 levels with maxDepth 10,000,000: ") + r.failure));
    qInfo().noquote() << r.output;
}

QTEST_GUILESS_MAIN(TestDepthLimits)
#include "tst_depthlimits.moc"
