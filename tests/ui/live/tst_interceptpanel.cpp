// The Intercept panel: its controls set what the proxy holds ("Intercept calls matching …", requests and/or
// responses, the time-out), a bad filter is explained and holds nothing, a request of a real Python client held by
// the window's proxy is listed and can be picked, Forward All lets it go, and a forgotten one is forwarded by itself.
#include "intercept/ruleload.h"
#include "interceptpanel.h"
#include "liveproxy.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

QLabel* statusOf(InterceptPanel& panel)
{
    // The status line is the panel's only word-wrapped label.
    for (QLabel* label : panel.findChildren<QLabel*>()) {
        if (label->wordWrap())
            return label;
    }
    return nullptr;
}

QPushButton* button(QWidget& parent, const QString& text)
{
    for (QPushButton* b : parent.findChildren<QPushButton*>()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}

void type(QLineEdit* edit, const QString& text)
{
    edit->setText(text);
    Q_EMIT edit->editingFinished();
}

} // namespace

class TestInterceptPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void controlsSetWhatIsHeld_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("requests");
        QTest::addColumn<bool>("responses");
        QTest::addColumn<QString>("status");
        QTest::addRow("requests of add") << "method:add" << true << false
                                         << "Holding requests matching method:add on their way through the proxy.";
        QTest::addRow("responses of anything")
            << "" << false << true << "Holding responses matching anything on their way through the proxy.";
        QTest::addRow("both, by argument") << "params~letian" << true << true
                                           << "Holding requests and responses matching params~letian on their way "
                                              "through the proxy.";
    }

    void controlsSetWhatIsHeld()
    {
        QFETCH(QString, filter);
        QFETCH(bool, requests);
        QFETCH(bool, responses);
        QFETCH(QString, status);
        InterceptQueue queue;
        InterceptPanel panel(queue, filterProtocols(DecoderRegistry::withBuiltins()));
        QVERIFY(!queue.isEnabled());
        QCOMPARE(statusOf(panel)->text(), QStringLiteral("Off: calls pass the proxy without stopping."));
        panel.requestsBox()->setChecked(requests);
        panel.responsesBox()->setChecked(responses);
        panel.timeoutBox()->setValue(5);
        type(panel.filterEdit(), filter);
        panel.enabledBox()->setChecked(true);
        QVERIFY(queue.isEnabled());
        QCOMPARE(queue.interceptsRequests(), requests);
        QCOMPARE(queue.interceptsResponses(), responses);
        QCOMPARE(queue.wantsResponses(), responses);
        QCOMPARE(queue.timeoutMs(), 5000);
        QCOMPARE(queue.filter().text(), filter);
        QCOMPARE(statusOf(panel)->text(), status);
    }

    void badFilterIsExplainedAndHoldsNothing()
    {
        InterceptQueue queue;
        InterceptPanel panel(queue, filterProtocols(DecoderRegistry::withBuiltins()));
        panel.enabledBox()->setChecked(true);
        QVERIFY(queue.isEnabled());
        type(panel.filterEdit(), QStringLiteral("methd:add"));
        QVERIFY(!panel.apply());
        QVERIFY(!queue.isEnabled());
        const QString status = statusOf(panel)->text();
        QVERIFY2(status.startsWith(QLatin1String("Filter: unknown field 'methd': the fields are method, object")),
                 qPrintable(status));
        QVERIFY2(status.endsWith(QLatin1String("(at character 1)")), qPrintable(status));
    }

    void heldRequestIsListedPickedAndForwarded()
    {
        LiveProxy proxy;
        QVERIFY(proxy.port != 0);
        InterceptPanel panel(proxy.queue(), filterProtocols(proxy.registry));
        panel.resize(900, 300);
        panel.show();
        type(panel.filterEdit(), QStringLiteral("method=add"));
        panel.enabledBox()->setChecked(true);
        QPushButton* forwardAll = button(panel, QStringLiteral("Forward &All"));
        QVERIFY(forwardAll);
        QVERIFY(!forwardAll->isEnabled());

        PythonPeer client;
        proxy.call(client, QStringLiteral("add"), {QStringLiteral("3"), QStringLiteral("4")});
        QTRY_COMPARE_WITH_TIMEOUT(panel.table()->model()->rowCount(), 1, 10000);
        QVERIFY(forwardAll->isEnabled());
        QCOMPARE(statusOf(panel)->text(), QStringLiteral("1 message(s) held: pick one to edit it in the call details"));
        const QAbstractItemModel* model = panel.table()->model();
        QCOMPARE(model->data(model->index(0, InterceptQueue::DirectionColumn)).toString(), QStringLiteral("request"));
        QCOMPARE(model->data(model->index(0, InterceptQueue::MethodColumn)).toString(), QStringLiteral("add"));
        QCOMPARE(model->data(model->index(0, InterceptQueue::ValueColumn)).toString(), QStringLiteral("[3, 4]"));
        // The call is listed as held while the client waits.
        QTRY_VERIFY_WITH_TIMEOUT(proxy.queue().callId(0) != 0, 5000);
        QTest::qWait(200);
        QCOMPARE(client.process().state(), QProcess::Running);

        QSignalSpy chosen(&panel, &InterceptPanel::heldMessageChosen);
        const QRect cell = panel.table()->visualRect(model->index(0, InterceptQueue::MethodColumn));
        QTest::mouseClick(panel.table()->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(chosen.count(), 1);
        QCOMPARE(chosen.first().first().toInt(), 0);

        forwardAll->click();
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("7\n"));
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(!forwardAll->isEnabled());
    }

    void forgottenMessageIsForwardedAfterTheTimeOut()
    {
        LiveProxy proxy;
        QVERIFY(proxy.port != 0);
        InterceptPanel panel(proxy.queue(), filterProtocols(proxy.registry));
        panel.timeoutBox()->setValue(1);
        type(panel.filterEdit(), QStringLiteral("method=add"));
        panel.enabledBox()->setChecked(true);
        PythonPeer client;
        proxy.call(client, QStringLiteral("add"), {QStringLiteral("5"), QStringLiteral("6")});
        QTRY_COMPARE_WITH_TIMEOUT(panel.table()->model()->rowCount(), 1, 10000);
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("11\n"));
        QCOMPARE(panel.table()->model()->rowCount(), 0);
        QCOMPARE(statusOf(panel)->text(), QStringLiteral("add was forwarded: nobody decided within 1 s"));
        const std::optional<Call> call = proxy.finished(QStringLiteral("add"));
        QVERIFY(call);
        QVERIFY2(call->rule.startsWith(QLatin1String("intercept: forwarded after 1")), qPrintable(call->rule));
    }
};

QTEST_MAIN(TestInterceptPanel)
#include "tst_interceptpanel.moc"
