// List entries made by a CallEntryMaker (as the capture loader's decode workers make them): the same rows, bytes and
// verdicts as makeCallEntry gives, whatever the maker remembers of connections and names.
#include "models/callentry.h"
#include "models/callstore.h"
#include "toyprotocol.h"

#include <QTest>

using namespace rpcscope;
using rpcscope::test::toyCall;

namespace {

// What the call list shows of an entry, and its bytes.
QString shown(const CallEntry& e)
{
    const CallRecord& r = e.record;
    QString text = QStringLiteral("%1 %2 -> %3 %4 %5 [%6] %7 %8 B %9 B %10 ms")
                       .arg(r.id)
                       .arg(e.client, e.server, e.protocol, e.method, e.object)
                       .arg(statusName(r.status))
                       .arg(r.requestSize)
                       .arg(r.responseSize)
                       .arg(r.latencyMs, 0, 'f', 3);
    for (const std::optional<StoredMessage>* m : {&e.stored.request, &e.stored.response})
        text += QLatin1Char(' ') + (*m ? QString::fromLatin1((*m)->bytes.toByteArray()) : QStringLiteral("(none)"));
    return text + e.stored.notes().join(QLatin1Char(';'));
}

} // namespace

class TestCallEntry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameAsMakeCallEntry_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("response");
        QTest::addRow("answered") << QByteArray("CALL add 1 2") << QByteArray("RET 3");
        QTest::addRow("fault") << QByteArray("CALL div 1 0") << QByteArray("ERR division by zero");
        QTest::addRow("no reply") << QByteArray("CALL sleep 10") << QByteArray();
    }

    void sameAsMakeCallEntry()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, response);
        const Call call = toyCall(7, request, response, 1000.5, 2.25);
        BytePacker packer;
        CallEntryMaker maker;
        const CallEntry expected = makeCallEntry(call, packer);
        // Twice: the second time its texts come from what the maker remembers.
        for (int round = 0; round < 2; ++round) {
            const CallEntry made = maker.make(call);
            QCOMPARE(shown(made), shown(expected));
            QCOMPARE(made.record.start, expected.record.start);
            QCOMPARE(made.record.truncated, expected.record.truncated);
        }
    }

    // A connection number seen again with other endpoints (another capture file, a reused id) shows the new ones.
    void connectionWithOtherEndpoints()
    {
        CallEntryMaker maker;
        Call first
            = toyCall(1, "CALL a", "RET 1", 1, 1, QStringLiteral("10.0.0.1:1000"), QStringLiteral("10.0.0.2:80"));
        Call second = toyCall(2, "CALL b", "RET 2", 2, 1, QStringLiteral("::1:2000"), QStringLiteral("10.0.0.3:81"));
        QCOMPARE(first.connectionId, second.connectionId);
        QCOMPARE(maker.make(first).client, QStringLiteral("10.0.0.1:1000"));
        const CallEntry e = maker.make(second);
        QCOMPARE(e.client, QStringLiteral("[::1]:2000"));
        QCOMPARE(e.server, QStringLiteral("10.0.0.3:81"));
        QCOMPARE(maker.make(first).server, QStringLiteral("10.0.0.2:80"));
    }

    // More distinct names and connections than the maker remembers: every entry still has its own.
    void moreNamesThanRemembered()
    {
        CallEntryMaker maker;
        const int n = int(CallEntryMaker::kMaxTexts) + 500;
        for (int i = 0; i < n; ++i) {
            Call call = toyCall(quint64(i + 1), "CALL m" + QByteArray::number(i % (n - 7)), "RET 1", i, 1,
                                QStringLiteral("10.1.%1.%2:%3").arg(i / 250).arg(i % 250).arg(1024 + i));
            call.connectionId = quint64(i);
            const CallEntry e = maker.make(call);
            QCOMPARE(e.method, QStringLiteral("m%1").arg(i % (n - 7)));
            QCOMPARE(e.client, QStringLiteral("10.1.%1.%2:%3").arg(i / 250).arg(i % 250).arg(1024 + i));
        }
    }

    // Entries of one maker share their texts, and a store lists them with the right strings.
    void storeListsMadeEntries()
    {
        CallEntryMaker maker;
        QList<CallEntry> batch;
        for (int i = 1; i <= 6; ++i)
            batch << maker.make(toyCall(quint64(i), i % 2 ? "CALL add 1" : "CALL sub 2", "RET 0", i, 1));
        QVERIFY(batch[0].method.data_ptr().isSharedWith(batch[2].method.data_ptr()));
        QVERIFY(batch[0].client.data_ptr().isSharedWith(batch[1].client.data_ptr()));
        QVERIFY(batch[0].protocol.data_ptr().isSharedWith(batch[5].protocol.data_ptr()));
        CallStore store(test::toyRegistry());
        store.appendEntries(batch);
        QCOMPARE(store.size(), 6);
        for (int row = 0; row < 6; ++row) {
            const CallRecord& r = store.record(row);
            QCOMPARE(store.string(r.method), row % 2 ? QStringLiteral("sub") : QStringLiteral("add"));
            QCOMPARE(store.string(r.client), QStringLiteral("127.0.0.1:40000"));
            QCOMPARE(store.string(r.protocol), QStringLiteral("toy"));
            QCOMPARE(store.call(row).request->method, store.string(r.method));
        }
    }
};

QTEST_GUILESS_MAIN(TestCallEntry)
#include "tst_callentry.moc"
