// The call store: compact records, calls decoded again on demand (with trees), pending calls replaced when they
// finish, batches handed over from another thread through a queued connection.
#include "models/callstore.h"
#include "toyprotocol.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace rpcscope;
using rpcscope::test::toyCall;

namespace {

// A source on another thread that hands its calls to the store the way the capture loader and live sources do:
// reduced to entries, with their bytes packed, on its own thread.
class ThreadedSource : public QObject
{
    Q_OBJECT
public:
    void produce(int count)
    {
        BytePacker packer;
        QList<CallEntry> batch;
        for (int i = 1; i <= count; ++i) {
            batch << makeCallEntry(
                toyCall(i, "CALL add " + QByteArray::number(i), "RET " + QByteArray::number(i), 10 + i, 1), packer);
            if (batch.size() == 10) {
                Q_EMIT calls(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty())
            Q_EMIT calls(batch);
    }
Q_SIGNALS:
    void calls(const QList<rpcscope::CallEntry>& batch);
};

} // namespace

class TestCallStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordsHoldWhatTheListShows_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<double>("latency");
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("error");
        QTest::addRow("ok") << QByteArray("CALL add 3 4") << QByteArray("RET 7") << 2.5 << "add" << int(CallStatus::Ok)
                            << false;
        QTest::addRow("fault") << QByteArray("CALL div 1 0") << QByteArray("ERR zero") << 0.5 << "div"
                               << int(CallStatus::Fault) << true;
        QTest::addRow("no reply") << QByteArray("CALL sleep 9") << QByteArray() << -1.0 << "sleep"
                                  << int(CallStatus::NoReply) << true;
    }

    void recordsHoldWhatTheListShows()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, response);
        QFETCH(double, latency);
        QFETCH(QString, method);
        QFETCH(int, status);
        QFETCH(bool, error);
        CallStore store(rpcscope::test::toyRegistry());
        QSignalSpy appended(&store, &CallStore::callsAppended);
        store.appendCalls({toyCall(41, request, response, 1000.25, latency, QStringLiteral("10.1.2.3:5555"))});
        QCOMPARE(appended.size(), 1);
        QCOMPARE(appended[0][0].toInt(), 0);
        QCOMPARE(appended[0][1].toInt(), 1);
        QCOMPARE(store.size(), 1);
        const CallRecord& r = store.record(0);
        QCOMPARE(r.id, quint64(41));
        QCOMPARE(store.rowOfId(41), 0);
        QCOMPARE(store.rowOfId(42), -1);
        QCOMPARE(store.string(r.method), method);
        QCOMPARE(store.string(r.protocol), QStringLiteral("toy"));
        QCOMPARE(store.string(r.client), QStringLiteral("10.1.2.3:5555"));
        QCOMPARE(store.string(r.server), QStringLiteral("127.0.0.1:8000"));
        QCOMPARE(int(r.status), status);
        QCOMPARE(r.isError(), error);
        QCOMPARE(store.errorCount(), error ? 1 : 0);
        QCOMPARE(r.start, 1000.25);
        QCOMPARE(store.timeBase(), 1000.25);
        QCOMPARE(r.requestSize, quint32(request.size() + 1));
        QCOMPARE(r.responseSize, quint32(response.isEmpty() ? 0 : response.size() + 1));
        QCOMPARE(r.hasLatency(), latency >= 0);
        if (latency >= 0)
            QVERIFY(qAbs(r.latencyMs - latency) < 1e-6);
    }

    void callIsDecodedAgainWithTree()
    {
        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({toyCall(1, "CALL add 3 4", "RET 7", 5.0, 3.0)});
        const Call plain = store.call(0, false);
        QCOMPARE(plain.method(), QStringLiteral("add"));
        QCOMPARE(plain.params(), RpcValue::fromArray({RpcValue::fromInt(3), RpcValue::fromInt(4)}));
        QCOMPARE(plain.result(), RpcValue::fromInt(7));
        QVERIFY(plain.request->tree.name.isEmpty());
        QCOMPARE(plain.client.toString(), QStringLiteral("127.0.0.1:40000"));
        QCOMPARE(plain.latencyMs().value_or(-1), 3.0);

        const Call full = store.call(0, true);
        QCOMPARE(dumpTree(full.request->tree),
                 QStringLiteral("toy (message) [0,13]\n"
                                "  verb (keyword) = CALL [0,4]\n"
                                "  method (string) = add [5,3]\n"
                                "  param[0] (int) = 3 [9,1]\n"
                                "  param[1] (int) = 4 [11,1]\n"));
        QCOMPARE(full.response->tree.find(u"result")->value, QStringLiteral("7"));
        QCOMPARE(full.request->firstSeen, 5.0);
        QCOMPARE(full.status, CallStatus::Ok);
    }

    void streamProblemsComeBack()
    {
        // The pipeline adds problems the bytes alone do not show (here: a connection that ended early); the rebuilt
        // tree shows them again, and skipped bytes come back raw with their reason.
        Call call = toyCall(1, "CALL add 3", "RET 3", 1, 1);
        auto request = std::make_shared<DecodedMessage>(*call.request);
        request->addProblem(QStringLiteral("incomplete: the connection ended 10 bytes into this message"), 10);
        call.request = request;
        call.status = CallStatus::Malformed;
        auto skipped = std::make_shared<DecodedMessage>(
            rawMessage(QStringLiteral("toy"), "garbage", QStringLiteral("not a toy message"), false));
        skipped->kind = MessageKind::Event;
        call.response = skipped;

        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({call});
        QCOMPARE(store.record(0).status, CallStatus::Malformed);
        const Call full = store.call(0, true);
        QCOMPARE(full.status, CallStatus::Malformed);
        QCOMPARE(full.request->status, CallStatus::Malformed);
        const DecodeNode* error = full.request->tree.findFirst(u"malformed");
        QVERIFY(error);
        QCOMPARE(error->value,
                 QStringLiteral("incomplete: the connection ended 10 bytes into this message (at byte 10)"));
        QCOMPARE(full.response->tree.name, QStringLiteral("message"));
        QCOMPARE(full.response->problems.size(), std::size_t(1));
        QCOMPARE(full.response->problems[0].text, QStringLiteral("not a toy message"));
    }

    void unknownProtocolComesBackRaw()
    {
        Call call = toyCall(1, "CALL add 3", "RET 3", 1, 1);
        call.protocol = QStringLiteral("gone");
        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({call});
        const Call full = store.call(0, true);
        QCOMPARE(full.request->summary, QStringLiteral("no decoder for protocol 'gone'"));
        QCOMPARE(full.request->tree.length, qint64(11));
    }

    void pendingCallIsReplacedWhenItFinishes()
    {
        CallStore store(rpcscope::test::toyRegistry());
        Call pending = toyCall(5, "CALL slow", {}, 1, 0);
        pending.status = CallStatus::Pending;
        pending.notes.clear();
        store.appendCalls({toyCall(4, "CALL add 1", "RET 1", 0.5, 1), pending});
        store.setMarked(1, true);
        QCOMPARE(store.errorCount(), 0);
        QSignalSpy changed(&store, &CallStore::callsChanged);
        QSignalSpy appended(&store, &CallStore::callsAppended);
        store.appendCalls({toyCall(5, "CALL slow", "ERR late", 1, 900)});
        QCOMPARE(store.size(), 2);
        QCOMPARE(appended.size(), 0);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toInt(), 1);
        QCOMPARE(changed[0][1].toInt(), 1);
        QCOMPARE(store.record(1).status, CallStatus::Fault);
        QVERIFY(store.record(1).marked);
        QCOMPARE(store.errorCount(), 1);
        QCOMPARE(store.call(1).fault()->message, QStringLiteral("late"));
    }

    // A call held and finished between two flushes of the live feed arrives twice in one batch: listeners are told
    // of one new row in its final state, never of a change to a row they have not seen (the call list indexed past
    // its end).
    void pendingAndFinishedInOneBatchIsOneAppendedRow()
    {
        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({toyCall(4, "CALL add 1", "RET 1", 0.5, 1)});
        Call pending = toyCall(5, "CALL slow", {}, 1, 0);
        pending.status = CallStatus::Pending;
        pending.notes.clear();
        QSignalSpy changed(&store, &CallStore::callsChanged);
        QSignalSpy appended(&store, &CallStore::callsAppended);
        store.appendCalls({pending, toyCall(5, "CALL slow", "ERR late", 1, 900)});
        QCOMPARE(store.size(), 2);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(appended.size(), 1);
        QCOMPARE(appended[0][0].toInt(), 1);
        QCOMPARE(appended[0][1].toInt(), 1);
        QCOMPARE(store.record(1).status, CallStatus::Fault);
        QCOMPARE(store.errorCount(), 1);
    }

    void timeBaseFollowsTheEarliestCall()
    {
        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({toyCall(2, "CALL a", "RET 1", 50, 1)});
        QSignalSpy moved(&store, &CallStore::timeBaseChanged);
        store.appendCalls({toyCall(3, "CALL b", "RET 1", 60, 1)});
        QCOMPARE(moved.size(), 0);
        store.appendCalls({toyCall(1, "CALL c", "RET 1", 40, 1)});
        QCOMPARE(moved.size(), 1);
        QCOMPARE(store.timeBase(), 40.0);
    }

    // Captures recorded days apart, opened together: each file's calls count from its own first call, and the
    // store says which file a call came from.
    void relativeTimesPerSource()
    {
        CallStore store(rpcscope::test::toyRegistry());
        QSignalSpy moved(&store, &CallStore::timeBaseChanged);
        store.beginSource(QStringLiteral("/tmp/old.pcap"));
        store.appendCalls({toyCall(1, "CALL a", "RET 1", 1000.5, 1), toyCall(2, "CALL b", "RET 1", 1002.5, 1)});
        QCOMPARE(store.sourceCount(), 1);
        store.beginSource(QStringLiteral("/tmp/new.pcap"));
        QCOMPARE(moved.size(), 1); // a second file changes what times count from
        store.appendCalls({toyCall(3, "CALL c", "RET 1", 553542.25, 1)});
        store.appendCalls({toyCall(4, "CALL d", "RET 1", 553540.0, 1)}); // earlier, but listed later
        QCOMPARE(moved.size(), 2);
        QCOMPARE(store.sourceCount(), 2);
        QCOMPARE(store.timeBase(), 1000.5);
        QCOMPARE(store.timeBaseOf(0), 1000.5);
        QCOMPARE(store.timeBaseOf(1), 1000.5);
        QCOMPARE(store.timeBaseOf(2), 553540.0);
        QCOMPARE(store.timeBaseOf(3), 553540.0);
        QCOMPARE(store.sourceOf(1), QStringLiteral("/tmp/old.pcap"));
        QCOMPARE(store.sourceOf(2), QStringLiteral("/tmp/new.pcap"));
        // Calls from no named source (live capture, the proxy) count from the earliest call of all.
        store.clear();
        QCOMPARE(store.sourceCount(), 0);
        store.appendCalls({toyCall(5, "CALL e", "RET 1", 70, 1), toyCall(6, "CALL f", "RET 1", 60, 1)});
        QCOMPARE(store.timeBaseOf(0), 60.0);
        QCOMPARE(store.sourceOf(0), QString());
    }

    void batchesFromAnotherThread()
    {
        CallStore store(rpcscope::test::toyRegistry());
        ThreadedSource source;
        QThread thread;
        source.moveToThread(&thread);
        connect(&source, &ThreadedSource::calls, &store, &CallStore::appendEntries, Qt::QueuedConnection);
        thread.start();
        QMetaObject::invokeMethod(&source, [&] { source.produce(95); });
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 95, 10000);
        thread.quit();
        thread.wait();
        QCOMPARE(store.record(94).id, quint64(95));
        QCOMPARE(store.call(94).result(), RpcValue::fromInt(95));
        // The source and its packer are gone with the batch; the stored bytes live on in the store.
        QCOMPARE(store.stored(41).request->bytes.toByteArray(), QByteArray("CALL add 42\n"));
        QCOMPARE(store.stored(41).response->bytes.toByteArray(), QByteArray("RET 42\n"));
    }

    void finishedCallSharesTheBytesItsPendingEntryPacked()
    {
        BytePacker packer;
        Call pending = toyCall(7, "CALL slow 1", {}, 3, 0);
        pending.status = CallStatus::Pending;
        const CallEntry listed = makeCallEntry(pending, packer);
        const CallEntry finished
            = makeCallEntry(toyCall(7, "CALL slow 1", "RET 1", 3, 2), packer, listed.stored.request->bytes);
        QVERIFY(finished.stored.request->bytes.isSameRangeAs(listed.stored.request->bytes));
        QCOMPARE(finished.stored.response->bytes.toByteArray(), QByteArray("RET 1\n"));

        // Bytes that do not match the request (another call's) are not taken for it.
        const CallEntry other
            = makeCallEntry(toyCall(8, "CALL slower 2", "RET 2", 4, 2), packer, listed.stored.request->bytes);
        QCOMPARE(other.stored.request->bytes.toByteArray(), QByteArray("CALL slower 2\n"));

        CallStore store(rpcscope::test::toyRegistry());
        store.appendEntries({listed});
        QCOMPARE(store.record(0).status, CallStatus::Pending);
        store.appendEntries({finished});
        QCOMPARE(store.size(), 1);
        QCOMPARE(store.call(0).result(), RpcValue::fromInt(1));
    }

    // The store keeps calls packed: the bytes in its spill file, the rare verdicts (rule, notes) in a side table,
    // and gives them back whole.
    void packedCallsGiveBackBytesAndVerdicts()
    {
        CallStore store(rpcscope::test::toyRegistry());
        Call changed = toyCall(1, "CALL add 1 2", "RET 3", 5, 1);
        changed.rule = QStringLiteral("rule 1: method:add => delay 5ms");
        Call plain = toyCall(2, "CALL add 2 2", "RET 4", 6, 1);
        Call unanswered = toyCall(3, "CALL sleep 9", {}, 7, 0);
        store.appendCalls({changed, plain, unanswered});
        QCOMPARE(store.rule(0), changed.rule);
        QVERIFY(store.notes(0).isEmpty());
        QVERIFY(store.rule(1).isEmpty());
        QCOMPARE(store.notes(2), QStringList {QStringLiteral("the connection ended before a reply")});
        QVERIFY(store.hasRequest(1) && store.hasResponse(1));
        QVERIFY(store.hasRequest(2) && !store.hasResponse(2));
        const StoredCall stored = store.stored(1);
        QCOMPARE(stored.request->bytes.toByteArray(), QByteArray("CALL add 2 2\n"));
        QVERIFY(!stored.request->bytes.inMemory());
        QVERIFY(!stored.response->bytes.inMemory());
        QCOMPARE(stored.request->firstSeen, 6.0);
        QCOMPARE(stored.response->lastSeen, 6.001);
        const Call back = store.call(0);
        QCOMPARE(back.rule, changed.rule);
        QCOMPARE(back.result(), RpcValue::fromInt(3));
        QCOMPARE(store.call(2).notes, unanswered.notes);
    }

    void clearForgetsEverything()
    {
        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({toyCall(1, "CALL a", {}, 5, 0)});
        const quint64 generation = store.generation();
        QSignalSpy about(&store, &CallStore::aboutToClear);
        QSignalSpy cleared(&store, &CallStore::cleared);
        store.clear();
        QCOMPARE(about.size(), 1);
        QCOMPARE(cleared.size(), 1);
        QCOMPARE(store.size(), 0);
        QCOMPARE(store.errorCount(), 0);
        QCOMPARE(store.rowOfId(1), -1);
        QVERIFY(store.generation() != generation);
        QCOMPARE(store.strings().size(), quint32(1));
    }
};

QTEST_GUILESS_MAIN(TestCallStore)
#include "tst_callstore.moc"
