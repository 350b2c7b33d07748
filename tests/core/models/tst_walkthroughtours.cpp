// The guided tours find their calls in the bundled samples and every stop names a node that is there: a tour that
// silently skipped a stop after a decoder change would teach less than it says.
#include "../explain/explainfixtures.h"
#include "models/walkthroughtours.h"

#include <QTest>

using namespace rpcscope;

class TestWalkthroughTours : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyStopResolves_data()
    {
        QTest::addColumn<QString>("tour");
        for (const Tour& t : walkthroughTours())
            QTest::addRow("%s", t.id) << QString::fromLatin1(t.id);
    }

    void everyStopResolves()
    {
        QFETCH(QString, tour);
        const Tour* t = findTour(tour);
        QVERIFY(t);
        std::vector<Call> all;
        for (const QString& sample : t->samples()) {
            std::vector<Call> calls = test::callsWithTrees(QStringLiteral("sample:") + sample);
            QVERIFY2(!calls.empty(), qPrintable(sample));
            all.insert(all.end(), calls.begin(), calls.end());
        }
        const std::vector<int> found = t->findCalls(all);
        QCOMPARE(found.size(), t->calls.size());
        std::vector<const Call*> calls;
        std::size_t expectedSteps = 0;
        for (std::size_t i = 0; i < found.size(); ++i) {
            QVERIFY2(found[i] >= 0, t->calls[i].method);
            const Call& c = all[std::size_t(found[i])];
            QCOMPARE(c.method(), QString::fromUtf8(t->calls[i].method));
            if (t->calls[i].sameConnectionAs >= 0)
                QCOMPARE(c.connectionId,
                         all[std::size_t(found[std::size_t(t->calls[i].sameConnectionAs)])].connectionId);
            calls.push_back(&c);
            if (t->calls[i].stops.empty()) {
                for (const auto& m : {c.request, c.response})
                    expectedSteps += m ? std::size_t(m->tree.count()) : 0;
            } else {
                expectedSteps += t->calls[i].stops.size();
            }
        }
        const std::vector<WalkthroughStep> steps = t->steps(calls);
        QCOMPARE(steps.size(), expectedSteps);
        for (const WalkthroughStep& s : steps) {
            const Call* call = nullptr;
            for (const Call* c : calls)
                call = c->id == s.callId ? c : call;
            QVERIFY(call);
            const auto& m = s.direction == Direction::ClientToServer ? call->request : call->response;
            QVERIFY(m);
            const DecodeNode* node = WalkthroughSteps::resolve(m->tree, s.indexPath);
            QVERIFY2(node, qPrintable(s.title));
            QVERIFY2(s.title.endsWith(node->name), qPrintable(s.title));
            // Each sentence is about its node (the root's tells the whole message).
            QVERIFY2(s.indexPath.empty() || s.text.contains(node->name), qPrintable(s.text));
        }
    }

    void javaRmiTourTellsTheStory()
    {
        const Tour* t = findTour(QStringLiteral("java-rmi"));
        QVERIFY(t);
        QCOMPARE(t->samples(), QStringList {QStringLiteral("jrmp-hello.pcap")});
        // The handshake of the lookup's connection, the lookup of "Hello", a call by method hash.
        QCOMPARE(QString::fromUtf8(t->calls[0].method), QStringLiteral("<handshake>"));
        QCOMPARE(t->calls[0].sameConnectionAs, 1);
        QCOMPARE(QString::fromUtf8(t->calls[1].method), QStringLiteral("lookup"));
        QCOMPARE(QString::fromUtf8(t->calls[1].argument), QStringLiteral("\"Hello\""));
        QVERIFY(QString::fromUtf8(t->calls[2].method).startsWith(QLatin1Char('#')));
        QVERIFY(!findTour(QStringLiteral("no-such-tour")));
    }
};

QTEST_GUILESS_MAIN(TestWalkthroughTours)
#include "tst_walkthroughtours.moc"
