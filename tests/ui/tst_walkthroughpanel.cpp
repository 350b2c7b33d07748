// Help → Walk Through Java RMI: the tour opens the JRMP sample, and each step makes its call current, selects its
// field and lights exactly that field's bytes, from the handshake to the HashMap's end of block data.
#include "bytespane.h"
#include "calldetailsview.h"
#include "hexview.h"
#include "mainwindow.h"
#include "messagepane.h"
#include "models/calllistmodel.h"
#include "models/callstore.h"
#include "models/decodetreemodel.h"
#include "models/walkthroughtours.h"
#include "walkthroughpanel.h"

#include <QAction>
#include <QSignalSpy>
#include <QTest>

using namespace rpcscope;

class TestWalkthroughPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void javaRmiTour()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAction* start = nullptr;
        for (QAction* a : window.findChildren<QAction*>())
            start = a->text() == MainWindow::tr("Walk Through &Java RMI") ? a : start;
        QVERIFY(start);
        QSignalSpy shown(window.walkthroughPanel(), &WalkthroughPanel::stepShown);
        start->trigger();
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.first().first().toInt(), 0);
        WalkthroughPanel* tour = window.walkthroughPanel();
        QCOMPARE(tour->tourId(), QStringLiteral("java-rmi"));
        std::size_t stops = 0;
        for (const TourCall& c : findTour(QStringLiteral("java-rmi"))->calls)
            stops += c.stops.size();
        QCOMPARE(tour->steps().size(), stops);
        for (int i = 0; i < int(tour->steps().size()); ++i) {
            tour->showStep(i);
            const WalkthroughStep& step = tour->steps()[std::size_t(i)];
            QCOMPARE(window.detailsView()->call()->protocol, QStringLiteral("jrmp"));
            QCOMPARE(window.detailsView()->call()->id, step.callId);
            MessagePane* pane = window.detailsView()->pane(step.direction);
            const DecodeNode* node = pane->currentNode();
            QVERIFY2(node, qPrintable(step.title));
            QVERIFY2(step.title.endsWith(node->name), qPrintable(step.title));
            // Its bytes light up; a handle is no bytes on the wire (the sentence says so) and lights none.
            if (node->hasBytes()) {
                QCOMPARE(pane->bytesPane()->hexView()->selectionStart(), node->offset);
                QCOMPARE(pane->bytesPane()->hexView()->selectionLength(), std::max<qint64>(node->length, 1));
            } else {
                QCOMPARE(pane->bytesPane()->hexView()->selectionLength(), 0);
                QVERIFY(tour->text().contains(QStringLiteral("no bytes of its own")));
            }
            QVERIFY(tour->text().contains(QStringLiteral("Step %1 of %2").arg(i + 1).arg(tour->steps().size())));
        }
        // The last step: the end of the HashMap's block data, in the response of the call by method hash.
        QVERIFY(tour->text().contains(QStringLiteral("TC_ENDBLOCKDATA")));
        // Starting over stays on the same tour.
        shown.clear();
        tour->start(tour->tourId());
        QVERIFY(shown.wait(30000));
        QCOMPARE(tour->currentStep(), 0);
        QVERIFY(tour->text().contains(QStringLiteral("JRMI")));
    }

    // The walkthrough opens two samples recorded days apart: each file's first call is at 0.000, not 552542.167.
    void relativeTimePerFile()
    {
        MainWindow window;
        QSignalSpy shown(window.walkthroughPanel(), &WalkthroughPanel::stepShown);
        window.startWalkthrough();
        QVERIFY(shown.wait(30000));
        const CallStore* store = window.callStore();
        QCOMPARE(store->sourceCount(), 2);
        QStringList firsts;
        QString lastSource;
        for (int row = 0; row < store->size(); ++row) {
            if (store->sourceOf(row) == lastSource)
                continue;
            lastSource = store->sourceOf(row);
            const QModelIndex index = window.callListModel()->indexOfStoreRow(row, CallListModel::TimeColumn);
            firsts << index.data().toString();
        }
        QCOMPARE(firsts.size(), 2);
        for (const QString& t : firsts)
            QVERIFY2(t.toDouble() < 1.0, qPrintable(t));
    }
};

QTEST_MAIN(TestWalkthroughPanel)
#include "tst_walkthroughpanel.moc"
