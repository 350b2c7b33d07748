// The call list model: every column of a known call, sorting on each column, filtering that keeps selections,
// calls appended or finished while filtered and sorted, and the speed on 50,000 calls. QAbstractItemModelTester
// watches the model throughout.
#include "models/calllistmodel.h"
#include "models/callstore.h"
#include "toyprotocol.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <limits>
#include <optional>

using namespace rpcscope;
using rpcscope::test::toyCall;

namespace {

QList<quint64> visibleIds(const CallListModel& model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.data(model.index(row, 0), CallListModel::CallIdRole).toULongLong();
    return ids;
}

QString cell(const CallListModel& model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

struct Fixture
{
    Fixture()
        : store(rpcscope::test::toyRegistry())
        , model(&store)
        , tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest)
    {
        store.appendCalls({
            toyCall(1, "CALL add 3 4", "RET 7", 100.0, 2.0),
            toyCall(2, "CALL echo 1", "ERR boom", 100.1, 15.0, QStringLiteral("10.0.0.2:5000"),
                    QStringLiteral("10.0.0.1:9000")),
            toyCall(3, "CALL add 1 2", {}, 100.2, 0),
            toyCall(4, "CALL address 5", "RET 5", 100.3, 0.25, QStringLiteral("127.0.0.1:9")),
            toyCall(5, "CALL Zeta", "RET 0", 100.4, 1500.0),
        });
    }
    CallStore store;
    CallListModel model;
    QAbstractItemModelTester tester;
};

} // namespace

class TestCallListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columns_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("text");
        QTest::addRow("number") << 1 << int(CallListModel::NumberColumn) << "2";
        QTest::addRow("relative time") << 1 << int(CallListModel::TimeColumn) << "0.100000";
        QTest::addRow("client") << 1 << int(CallListModel::ClientColumn) << "10.0.0.2:5000";
        QTest::addRow("server") << 1 << int(CallListModel::ServerColumn) << "10.0.0.1:9000";
        QTest::addRow("protocol by name") << 1 << int(CallListModel::ProtocolColumn) << "Toy RPC";
        QTest::addRow("object empty") << 1 << int(CallListModel::ObjectColumn) << "";
        QTest::addRow("method") << 1 << int(CallListModel::MethodColumn) << "echo";
        QTest::addRow("status fault") << 1 << int(CallListModel::StatusColumn) << "fault";
        QTest::addRow("status no-reply") << 2 << int(CallListModel::StatusColumn) << "no-reply";
        QTest::addRow("latency") << 1 << int(CallListModel::LatencyColumn) << "15.000 ms";
        QTest::addRow("latency sub-millisecond") << 3 << int(CallListModel::LatencyColumn) << "0.250 ms";
        QTest::addRow("no latency without reply") << 2 << int(CallListModel::LatencyColumn) << "";
        QTest::addRow("request size") << 0 << int(CallListModel::RequestSizeColumn) << "13 B";
        QTest::addRow("response size") << 0 << int(CallListModel::ResponseSizeColumn) << "6 B";
        QTest::addRow("no response size") << 2 << int(CallListModel::ResponseSizeColumn) << "";
        QTest::addRow("summary with result") << 0 << int(CallListModel::SummaryColumn) << "add(3, 4) → 7";
        QTest::addRow("summary with fault") << 1 << int(CallListModel::SummaryColumn) << "echo(1) → 1 boom";
        QTest::addRow("summary without reply") << 2 << int(CallListModel::SummaryColumn) << "add(1, 2)";
    }

    void columns()
    {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QString, text);
        Fixture f;
        QCOMPARE(f.model.columnCount(), int(CallListModel::ColumnCount));
        QCOMPARE(f.model.rowCount(), 5);
        QCOMPARE(cell(f.model, row, column), text);
        QVERIFY(!f.model.headerData(column, Qt::Horizontal).toString().isEmpty());
    }

    void roles()
    {
        Fixture f;
        const QModelIndex i = f.model.index(1, CallListModel::MethodColumn);
        QCOMPARE(i.data(CallListModel::StatusRole).toInt(), int(CallStatus::Fault));
        QCOMPARE(i.data(CallListModel::CallIdRole).toULongLong(), quint64(2));
        QCOMPARE(i.data(CallListModel::StoreRowRole).toInt(), 1);
        QCOMPARE(i.data(CallListModel::MarkedRole).toBool(), false);
        QSignalSpy changed(&f.model, &QAbstractItemModel::dataChanged);
        f.store.setMarked(1, true);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(i.data(CallListModel::MarkedRole).toBool(), true);
        QVERIFY(f.model.data(f.model.index(1, CallListModel::StatusColumn), Qt::ToolTipRole).isNull());
        QCOMPARE(f.model.data(f.model.index(2, CallListModel::StatusColumn), Qt::ToolTipRole).toString(),
                 QStringLiteral("the connection ended before a reply"));
    }

    void absoluteTime()
    {
        Fixture f;
        QSignalSpy header(&f.model, &QAbstractItemModel::headerDataChanged);
        f.model.setTimeFormat(CallListModel::TimeFormat::Absolute);
        QCOMPARE(header.size(), 1);
        QCOMPARE(f.model.headerData(CallListModel::TimeColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Time of day"));
        const QString text = cell(f.model, 1, CallListModel::TimeColumn);
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.100000$")).match(text).hasMatch(),
                 qPrintable(text));
    }

    // Two files recorded 6 days apart: each file's first call is at 0, the column and the tooltips say so.
    void relativeTimePerFile()
    {
        CallStore store(rpcscope::test::toyRegistry());
        CallListModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.beginSource(QStringLiteral("/samples/pyro4-greeting.pcap"));
        store.appendCalls(
            {toyCall(1, "CALL a", "RET 1", 1795490244.25, 1), toyCall(2, "CALL b", "RET 1", 1795490245.5, 1)});
        QCOMPARE(model.headerData(CallListModel::TimeColumn, Qt::Horizontal).toString(), QStringLiteral("Time (s)"));
        QSignalSpy header(&model, &QAbstractItemModel::headerDataChanged);
        store.beginSource(QStringLiteral("/samples/xmlrpc-add.pcap"));
        store.appendCalls({toyCall(3, "CALL c", "RET 1", 1796042786.5, 1)});
        QVERIFY(header.size() >= 1);
        QCOMPARE(model.headerData(CallListModel::TimeColumn, Qt::Horizontal).toString(),
                 QStringLiteral("File time (s)"));
        QCOMPARE(cell(model, 0, CallListModel::TimeColumn), QStringLiteral("0.000000"));
        QCOMPARE(cell(model, 1, CallListModel::TimeColumn), QStringLiteral("1.250000"));
        QCOMPARE(cell(model, 2, CallListModel::TimeColumn), QStringLiteral("0.000000"));
        const QString tip = model.data(model.index(2, CallListModel::TimeColumn), Qt::ToolTipRole).toString();
        QVERIFY2(tip.endsWith(QStringLiteral("(0.000000 s after the first call of xmlrpc-add.pcap)")), qPrintable(tip));
        QVERIFY(model.headerData(CallListModel::TimeColumn, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("capture file")));
    }

    void sorting_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QList<quint64>>("ids");
        using L = QList<quint64>;
        const int up = Qt::AscendingOrder;
        const int down = Qt::DescendingOrder;
        QTest::addRow("number down") << int(CallListModel::NumberColumn) << down << L {5, 4, 3, 2, 1};
        QTest::addRow("time up") << int(CallListModel::TimeColumn) << up << L {1, 2, 3, 4, 5};
        QTest::addRow("method up, case-insensitive") << int(CallListModel::MethodColumn) << up << L {1, 3, 4, 2, 5};
        QTest::addRow("method down") << int(CallListModel::MethodColumn) << down << L {5, 2, 4, 1, 3};
        QTest::addRow("client up, numeric ports") << int(CallListModel::ClientColumn) << up << L {2, 4, 1, 3, 5};
        QTest::addRow("status up") << int(CallListModel::StatusColumn) << up << L {1, 4, 5, 2, 3};
        QTest::addRow("latency up, no reply last") << int(CallListModel::LatencyColumn) << up << L {4, 1, 2, 5, 3};
        QTest::addRow("latency down, no reply last") << int(CallListModel::LatencyColumn) << down << L {5, 2, 1, 4, 3};
        QTest::addRow("request size up") << int(CallListModel::RequestSizeColumn) << up << L {5, 2, 1, 3, 4};
        QTest::addRow("response size down") << int(CallListModel::ResponseSizeColumn) << down << L {2, 1, 4, 5, 3};
        QTest::addRow("unsorted: arrival order") << -1 << up << L {1, 2, 3, 4, 5};
    }

    void sorting()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QList<quint64>, ids);
        Fixture f;
        f.model.sort(CallListModel::NumberColumn, Qt::DescendingOrder);
        f.model.sort(column, Qt::SortOrder(order));
        QCOMPARE(visibleIds(f.model), ids);
    }

    // Every column in both directions on calls with many equal keys, calls without a reply and ids that do not
    // follow the rows: the order is the column's (numbers by value, texts grouped in the order of the sorting()
    // rows), equal keys by ascending call id, calls without a reply after the others in both directions.
    void sortingOrdersEqualKeysByCallId_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("idsFollowRows");
        for (int column = 0; column < CallListModel::ColumnCount; ++column) {
            const QString name = Fixture().model.headerData(column, Qt::Horizontal).toString();
            QTest::addRow("%s, ids in row order", qPrintable(name)) << column << true;
            QTest::addRow("%s, ids out of row order", qPrintable(name)) << column << false;
        }
    }

    void sortingOrdersEqualKeysByCallId()
    {
        QFETCH(int, column);
        QFETCH(bool, idsFollowRows);
        CallStore store(rpcscope::test::toyRegistry());
        QList<Call> calls;
        for (int i = 0; i < 400; ++i) {
            // Out of row order, ids descend while rows ascend for the second half, so the id tie-break is not the
            // row order.
            const quint64 id = idsFollowRows || i < 200 ? quint64(i + 1) : quint64(1000 - i);
            calls << toyCall(id, "CALL m" + QByteArray::number(i % 3) + ' ' + QByteArray::number(i % 5),
                             i % 7 ? "RET " + QByteArray::number(i % 4) : QByteArray(), 100 + (i % 9) * 0.5,
                             (i % 6) * 0.5, QStringLiteral("10.0.0.%1:%2").arg(i % 2).arg(9 + (i % 3) * 991));
        }
        store.appendCalls(calls);
        QCOMPARE(store.idsAscendWithRows(), idsFollowRows);
        CallListModel model(&store);
        // Filtered (every third call hidden) and sorted on another column first, so the rows to sort are neither
        // all the calls nor in store order.
        QVERIFY(model.setFilter(CallFilter::parse(QStringLiteral("!method:m2"))));
        model.sort(CallListModel::LatencyColumn, Qt::DescendingOrder);
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            model.sort(column, order);
            QCOMPARE(model.rowCount(), 267);
            auto record = [&](int row) -> const CallRecord& {
                return store.record(model.index(row, 0).data(CallListModel::StoreRowRole).toInt());
            };
            auto numericKey = [&](const CallRecord& r) -> std::optional<double> {
                switch (column) {
                case CallListModel::NumberColumn:
                    return double(r.id);
                case CallListModel::TimeColumn:
                    return r.start;
                case CallListModel::StatusColumn:
                    return double(r.status);
                case CallListModel::LatencyColumn:
                    return r.hasLatency() ? r.latencyMs : std::numeric_limits<double>::quiet_NaN();
                case CallListModel::RequestSizeColumn:
                    return double(r.requestSize);
                case CallListModel::ResponseSizeColumn:
                    return double(r.responseSize);
                default:
                    return std::nullopt;
                }
            };
            // Texts: every distinct text in one run (sorted by a total order), runs by ascending id.
            QSet<QString> finishedTexts;
            for (int row = 1; row < model.rowCount(); ++row) {
                const CallRecord& a = record(row - 1);
                const CallRecord& b = record(row);
                const QString where = QStringLiteral("order %1, row %2").arg(int(order)).arg(row);
                if (const auto ka = numericKey(a)) {
                    const double kb = *numericKey(b);
                    if (std::isnan(*ka)) {
                        QVERIFY2(std::isnan(kb) && a.id < b.id, qPrintable(where)); // no reply: last, by id
                    } else if (!std::isnan(kb) && *ka == kb) {
                        QVERIFY2(a.id < b.id, qPrintable(where));
                    } else if (!std::isnan(kb)) {
                        QVERIFY2(order == Qt::AscendingOrder ? *ka < kb : *ka > kb, qPrintable(where));
                    }
                    continue;
                }
                const int storeA = model.index(row - 1, 0).data(CallListModel::StoreRowRole).toInt();
                const int storeB = model.index(row, 0).data(CallListModel::StoreRowRole).toInt();
                const int textColumn
                    = column == CallListModel::SummaryColumn ? int(CallListModel::MethodColumn) : column;
                const QString ta = model.data(model.indexOfStoreRow(storeA, textColumn)).toString();
                const QString tb = model.data(model.indexOfStoreRow(storeB, textColumn)).toString();
                if (ta == tb) {
                    QVERIFY2(a.id < b.id, qPrintable(where));
                } else {
                    finishedTexts.insert(ta);
                    QVERIFY2(!finishedTexts.contains(tb), qPrintable(where + QStringLiteral(": ") + tb));
                }
            }
        }
    }

    void filterKeepsPersistentIndexes()
    {
        Fixture f;
        const QPersistentModelIndex echo = f.model.index(1, CallListModel::MethodColumn);
        const QPersistentModelIndex add = f.model.index(0, 0);
        QVERIFY(f.model.setFilter(CallFilter::parse(QStringLiteral("!method=add"))));
        QCOMPARE(visibleIds(f.model), (QList<quint64> {2, 4, 5}));
        QVERIFY(echo.isValid());
        QCOMPARE(echo.row(), 0);
        QCOMPARE(echo.column(), int(CallListModel::MethodColumn));
        QCOMPARE(echo.data().toString(), QStringLiteral("echo"));
        QVERIFY(!add.isValid());
        QCOMPARE(f.model.indexOfStoreRow(3).row(), 1);
        QVERIFY(!f.model.indexOfStoreRow(0).isValid());
        QCOMPARE(f.model.storeRow(f.model.index(2, 0)), 4);
        QCOMPARE(f.model.visibleStoreRows(), (std::vector<int> {1, 3, 4}));
    }

    void invalidFilterIsRefused()
    {
        Fixture f;
        QVERIFY(f.model.setFilter(CallFilter::parse(QStringLiteral("status:fault"))));
        QVERIFY(!f.model.setFilter(CallFilter::parse(QStringLiteral("status:faul"))));
        QCOMPARE(f.model.filter().text(), QStringLiteral("status:fault"));
        QCOMPARE(visibleIds(f.model), (QList<quint64> {2}));
    }

    void appendsWhileFilteredAndSorted()
    {
        Fixture f;
        QSignalSpy visible(&f.model, &CallListModel::visibleCallsChanged);
        QVERIFY(f.model.setFilter(CallFilter::parse(QStringLiteral("latency>1ms"))));
        f.model.sort(CallListModel::LatencyColumn, Qt::DescendingOrder);
        QCOMPARE(visibleIds(f.model), (QList<quint64> {5, 2, 1}));
        f.store.appendCalls({toyCall(6, "CALL x", "RET 1", 101, 7.0), toyCall(7, "CALL y", "RET 1", 101, 0.5),
                             toyCall(8, "CALL z", "RET 1", 101, 99.0)});
        QCOMPARE(visibleIds(f.model), (QList<quint64> {5, 8, 2, 6, 1}));
        QVERIFY(visible.size() >= 2);
    }

    void pendingCallFinishing()
    {
        Fixture f;
        Call pending = toyCall(9, "CALL wait", {}, 101, 0);
        pending.status = CallStatus::Pending;
        f.store.appendCalls({pending});
        QVERIFY(f.model.setFilter(CallFilter::parse(QStringLiteral("status:pending"))));
        QCOMPARE(visibleIds(f.model), (QList<quint64> {9}));
        f.store.appendCalls({toyCall(9, "CALL wait", "RET 3", 101, 50)});
        QCOMPARE(f.model.rowCount(), 0);
        QVERIFY(f.model.setFilter(CallFilter::parse(QStringLiteral("method:wait"))));
        QCOMPARE(cell(f.model, 0, CallListModel::StatusColumn), QStringLiteral("ok"));
        QCOMPARE(cell(f.model, 0, CallListModel::SummaryColumn), QStringLiteral("wait() → 3"));
    }

    void clearResets()
    {
        Fixture f;
        QSignalSpy reset(&f.model, &QAbstractItemModel::modelReset);
        f.store.clear();
        QCOMPARE(reset.size(), 1);
        QCOMPARE(f.model.rowCount(), 0);
        f.store.appendCalls({toyCall(1, "CALL again", "RET 1", 5, 1)});
        QCOMPARE(cell(f.model, 0, CallListModel::MethodColumn), QStringLiteral("again"));
        QCOMPARE(cell(f.model, 0, CallListModel::TimeColumn), QStringLiteral("0.000000"));
    }

    void fiftyThousandCalls()
    {
        CallStore store(rpcscope::test::toyRegistry());
        QList<Call> calls;
        for (int i = 1; i <= 50000; ++i) {
            calls << toyCall(i, "CALL m" + QByteArray::number(i % 37) + ' ' + QByteArray::number(i),
                             i % 100 ? QByteArray("RET 1") : QByteArray(), 1000 + i * 0.001, (i * 7919 % 1000) * 0.1,
                             QStringLiteral("127.0.0.%1:4000").arg(i % 200));
        }
        store.appendCalls(calls);
        CallListModel model(&store);
        QCOMPARE(model.rowCount(), 50000);
        const QPersistentModelIndex selected = model.index(12345, 0);
        // How long this takes is measured by tests/bench/gui_open (--bench-open); here only what the user sees.
        for (int column : {int(CallListModel::MethodColumn), int(CallListModel::LatencyColumn),
                           int(CallListModel::ClientColumn), int(CallListModel::TimeColumn)}) {
            model.sort(column, Qt::DescendingOrder);
            if (column != CallListModel::LatencyColumn && column != CallListModel::TimeColumn)
                continue; // text columns sort in natural order, checked in sorting()
            auto key = [&](int row) {
                const CallRecord& r = store.record(model.index(row, 0).data(CallListModel::StoreRowRole).toInt());
                return column == CallListModel::TimeColumn ? r.start : (r.hasLatency() ? r.latencyMs : -1.0);
            };
            for (int row = 1; row < model.rowCount(); ++row)
                QVERIFY2(key(row - 1) >= key(row),
                         qPrintable(QStringLiteral("column %1, row %2").arg(column).arg(row)));
        }
        QCOMPARE(selected.data(CallListModel::CallIdRole).toULongLong(), quint64(12346));
        QVERIFY(model.setFilter(CallFilter::parse(QStringLiteral("method:m1 latency>50ms"))));
        for (int row = 0; row < model.rowCount(); ++row) {
            // method:m1 matches as a substring: m1, m10..m19
            QVERIFY(model.index(row, CallListModel::MethodColumn).data().toString().startsWith(QLatin1String("m1")));
            const int storeRow = model.index(row, 0).data(CallListModel::StoreRowRole).toInt();
            QVERIFY(store.record(storeRow).latencyMs > 50);
        }
        QVERIFY(model.rowCount() > 0 && model.rowCount() < 50000);
    }
};

QTEST_GUILESS_MAIN(TestCallListModel)
#include "tst_calllistmodel.moc"
