// Per-method statistics and the latency histogram over the filtered calls, and the table model that shows them.
#include "models/callstatistics.h"
#include "models/callstore.h"
#include "models/methodstatsmodel.h"
#include "toyprotocol.h"

#include <QAbstractItemModelTester>
#include <QTest>

#include <numeric>

using namespace rpcscope;
using rpcscope::test::toyCall;

namespace {

std::vector<int> allRows(const CallStore& store)
{
    std::vector<int> rows(store.size());
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
}

} // namespace

class TestCallStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void percentiles_data()
    {
        QTest::addColumn<QList<double>>("latencies");
        QTest::addColumn<double>("min");
        QTest::addColumn<double>("median");
        QTest::addColumn<double>("p95");
        QTest::addColumn<double>("max");
        QTest::addRow("one call") << QList<double> {4} << 4.0 << 4.0 << 4.0 << 4.0;
        QTest::addRow("odd count") << QList<double> {5, 1, 3} << 1.0 << 3.0 << 5.0 << 5.0;
        QTest::addRow("even count: mean of middles") << QList<double> {1, 2, 3, 10} << 1.0 << 2.5 << 10.0 << 10.0;
        QList<double> hundred;
        for (int i = 100; i >= 1; --i)
            hundred << i;
        QTest::addRow("1..100: nearest-rank p95") << hundred << 1.0 << 50.5 << 95.0 << 100.0;
        QList<double> twenty;
        for (int i = 1; i <= 20; ++i)
            twenty << i;
        QTest::addRow("1..20") << twenty << 1.0 << 10.5 << 19.0 << 20.0;
    }

    void percentiles()
    {
        QFETCH(QList<double>, latencies);
        QFETCH(double, min);
        QFETCH(double, median);
        QFETCH(double, p95);
        QFETCH(double, max);
        CallStore store(rpcscope::test::toyRegistry());
        QList<Call> calls;
        quint64 id = 0;
        for (double ms : latencies)
            calls << toyCall(++id, "CALL add", "RET 1", 10, ms);
        calls << toyCall(++id, "CALL add", {}, 10, 0); // no reply: counted, but not in the latencies
        store.appendCalls(calls);
        const CallStatistics stats = CallStatistics::compute(store, allRows(store));
        QCOMPARE(stats.methods().size(), std::size_t(1));
        const LatencySummary& s = stats.methods().front();
        QCOMPARE(s.method, QStringLiteral("add"));
        QCOMPARE(s.count, int(latencies.size()) + 1);
        QCOMPARE(s.errors, 1);
        QCOMPARE(s.withLatency, int(latencies.size()));
        QVERIFY(qAbs(s.min - min) < 1e-9);
        QVERIFY(qAbs(s.median - median) < 1e-9);
        QVERIFY(qAbs(s.p95 - p95) < 1e-9);
        QVERIFY(qAbs(s.max - max) < 1e-9);
    }

    void perMethodForTheGivenRows()
    {
        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({toyCall(1, "CALL add", "RET 1", 10, 1), toyCall(2, "CALL echo", "ERR x", 10, 3),
                           toyCall(3, "CALL add", "RET 1", 10, 2), toyCall(4, "CALL echo", "RET 1", 10, 5),
                           toyCall(5, "CALL add", "RET 1", 10, 9), toyCall(6, "CALL zap", "RET 1", 10, 100)});
        // Only the rows the filter shows count: the last call is left out.
        const CallStatistics stats = CallStatistics::compute(store, {0, 1, 2, 3, 4});
        QCOMPARE(stats.methods().size(), std::size_t(2));
        QCOMPARE(stats.methods()[0].method, QStringLiteral("add"));
        QCOMPARE(stats.methods()[0].count, 3);
        QCOMPARE(stats.methods()[0].errors, 0);
        QCOMPARE(stats.methods()[0].median, 2.0);
        QCOMPARE(stats.methods()[1].method, QStringLiteral("echo"));
        QCOMPARE(stats.methods()[1].errors, 1);
        QCOMPARE(stats.methods()[1].max, 5.0);
        QCOMPARE(stats.total().count, 5);
        QCOMPARE(stats.total().errors, 1);
        QCOMPARE(stats.total().max, 9.0);

        const CallStatistics none = CallStatistics::compute(store, {});
        QCOMPARE(none.methods().size(), std::size_t(0));
        QCOMPARE(none.total().count, 0);
        QVERIFY(none.histogram().counts.empty());
    }

    void niceWidths_data()
    {
        QTest::addColumn<double>("rough");
        QTest::addColumn<double>("nice");
        QTest::addRow("0.3") << 0.3 << 0.5;
        QTest::addRow("1") << 1.0 << 1.0;
        QTest::addRow("1.2") << 1.2 << 2.0;
        QTest::addRow("42") << 42.0 << 50.0;
        QTest::addRow("0.0007") << 0.0007 << 0.001;
    }

    void niceWidths()
    {
        QFETCH(double, rough);
        QFETCH(double, nice);
        QVERIFY(qAbs(CallStatistics::niceWidth(rough) - nice) < 1e-12);
    }

    void histogram()
    {
        CallStore store(rpcscope::test::toyRegistry());
        QList<Call> calls;
        for (int i = 0; i < 200; ++i)
            calls << toyCall(i + 1, "CALL add", "RET 1", 10, 10 + (i % 20)); // 10..29 ms, ten of each
        calls << toyCall(500, "CALL add", "RET 1", 10, 5000); // one far outlier
        store.appendCalls(calls);
        const CallStatistics stats = CallStatistics::compute(store, allRows(store), 10);
        const LatencyHistogram& h = stats.histogram();
        // Range 10..29 (the outlier is past 2x the 99th percentile) in 10 bins: width 2, from 10.
        QCOMPARE(h.binWidth, 2.0);
        QCOMPARE(h.start, 10.0);
        QCOMPARE(h.counts.size(), std::size_t(10));
        for (int c : h.counts)
            QCOMPARE(c, 20);
        QCOMPARE(h.overflow, 1);
        QCOMPARE(std::accumulate(h.counts.begin(), h.counts.end(), 0) + h.overflow, 201);
    }

    void histogramOfEqualLatencies()
    {
        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({toyCall(1, "CALL a", "RET 1", 10, 3), toyCall(2, "CALL a", "RET 1", 10, 3)});
        const LatencyHistogram h = CallStatistics::compute(store, allRows(store)).histogram();
        QCOMPARE(std::accumulate(h.counts.begin(), h.counts.end(), 0), 2);
        QVERIFY(h.binWidth > 0);
        QVERIFY(h.start <= 3.0 && h.end() > 3.0);
    }

    void tableModel()
    {
        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({toyCall(1, "CALL add", "RET 1", 10, 1.5), toyCall(2, "CALL add", {}, 10, 0),
                           toyCall(3, "CALL none", {}, 10, 0)});
        MethodStatsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStatistics(CallStatistics::compute(store, allRows(store)));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(MethodStatsModel::ColumnCount));
        auto cell
            = [&](int row, int column, int role = Qt::DisplayRole) { return model.index(row, column).data(role); };
        QCOMPARE(cell(0, MethodStatsModel::MethodColumn).toString(), QStringLiteral("add"));
        QCOMPARE(cell(0, MethodStatsModel::CountColumn).toInt(), 2);
        QCOMPARE(cell(0, MethodStatsModel::ErrorsColumn).toInt(), 1);
        QCOMPARE(cell(0, MethodStatsModel::MedianColumn).toString(), QStringLiteral("1.500 ms"));
        QCOMPARE(cell(0, MethodStatsModel::P95Column, MethodStatsModel::SortRole).toDouble(), 1.5);
        QCOMPARE(cell(1, MethodStatsModel::MaxColumn).toString(), QString());
        QCOMPARE(cell(1, MethodStatsModel::MaxColumn, MethodStatsModel::SortRole).toDouble(), -1.0);
        QCOMPARE(model.headerData(MethodStatsModel::P95Column, Qt::Horizontal).toString(), QStringLiteral("p95"));
        model.setStatistics(CallStatistics::compute(store, {}));
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCallStatistics)
#include "tst_callstatistics.moc"
