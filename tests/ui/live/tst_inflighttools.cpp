// Changing calls in flight in the main window: a call held by the intercept is "held" in the call list and opens
// in the call details' editor when selected; "Serve These Calls as a Mock…" answers a real Python client with the
// recorded answers of the selected calls (and names a call it has no answer for).
#include "../../capture/proxy/pythonpeer.h"
#include "calllistview.h"
#include "heldmessageeditor.h"
#include "inflighttools.h"
#include "intercept/interceptqueue.h"
#include "interceptpanel.h"
#include "livesources.h"
#include "mainwindow.h"
#include "models/calllistmodel.h"
#include "models/callstore.h"
#include "models/samplecaptures.h"
#include "proxypanel.h"
#include "server/xmlrpcserver.h"

#include <QCheckBox>
#include <QHostAddress>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

// moc takes `//` inside a raw string for a comment, so the URL writes its slashes as \x2f.
const char kClient[] = R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1])
for call in sys.argv[2:]:
    method, *args = call.split(",")
    try:
        print(getattr(p, method)(*[int(a) for a in args]))
    except xmlrpc.client.Fault as f:
        print("Fault", f.faultCode, f.faultString)
)";

bool openAndWait(MainWindow& window, const QStringList& files)
{
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFiles(files);
    return finished.wait(30000);
}

} // namespace

class TestInFlightTools : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("RpcScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_inflighttools"));
    }

    void init() { QSettings().clear(); }

    void heldCallIsListedAsHeldAndOpensInTheDetails()
    {
        XmlRpcServer server;
        QVERIFY(server.listen());
        MainWindow window;
        LiveSources* live = installLiveSources(window);
        ProxyPanel* proxy = live->proxyPanel();
        proxy->addRule(QStringLiteral("127.0.0.1:0"), QStringLiteral("127.0.0.1:%1").arg(server.port()));
        QVERIFY(proxy->start());
        InterceptPanel* intercept = live->inFlight()->interceptPanel();
        intercept->filterEdit()->setText(QStringLiteral("method=add"));
        intercept->enabledBox()->setChecked(true);
        QVERIFY(proxy->interceptQueue()->isEnabled());

        PythonPeer client;
        client.start(QString::fromLatin1(kClient),
                     {QString::number(proxy->listenPort(0)), QStringLiteral("add,3,4"), QStringLiteral("add,5,6")});
        const CallListModel* list = window.callListModel();
        QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 1, 10000);
        const QModelIndex status = list->index(0, CallListModel::StatusColumn);
        QTRY_COMPARE_WITH_TIMEOUT(status.data().toString(), QStringLiteral("held"), 5000);
        QVERIFY(status.data(CallListModel::HeldRole).toBool());

        // Selecting the call opens its held request in the details, ready to edit.
        HeldMessageEditor* editor = live->inFlight()->heldEditor();
        window.callListView()->setCurrentIndex(list->index(0, 0));
        QCOMPARE(editor->row(), 0);
        QVERIFY(!editor->isHidden());
        editor->rawText()->setPlainText(QStringLiteral("[30, 4]"));
        editor->forward();
        QVERIFY(editor->isHidden());
        // The second call is held in turn (same connection: it waited behind the first).
        QTRY_COMPARE_WITH_TIMEOUT(proxy->interceptQueue()->rowCount(), 1, 10000);
        proxy->interceptQueue()->forward(0);
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("34\n11\n"));
        QTRY_COMPARE_WITH_TIMEOUT(list->index(0, CallListModel::StatusColumn).data().toString(),
                                  QStringLiteral("ok \u270E"), 5000);
        QCOMPARE(list->index(0, 0).data(CallListModel::RuleRole).toString(),
                 QStringLiteral("intercept: forwarded edited"));
        QCOMPARE(list->index(0, 0).data(CallListModel::HeldRole).toBool(), false);
        proxy->stop();
    }

    void selectedCallsAreServedAsAMock()
    {
        const QString sample = samplecaptures::find(QStringLiteral("xmlrpc-add.pcap"));
        QVERIFY2(!sample.isEmpty(), "resources/samples/xmlrpc-add.pcap is missing");
        MainWindow window;
        LiveSources* live = installLiveSources(window);
        QVERIFY(openAndWait(window, {sample}));
        std::vector<int> rows;
        for (int row = 0; row < window.callStore()->size(); ++row)
            rows.push_back(row);
        // Nothing selected: nothing to serve, and it says so.
        const Result<quint16> none = live->inFlight()->serveAsMock({}, QHostAddress::LocalHost, 0);
        QVERIFY(!none);
        QCOMPARE(none.error(),
                 QStringLiteral("None of the selected calls has an answer to serve (select answered calls)"));

        const Result<quint16> port = live->inFlight()->serveAsMock(rows, QHostAddress::LocalHost, 0);
        QVERIFY2(port, port ? "" : qPrintable(port.error()));
        QCOMPARE(live->inFlight()->mockServers(), 1);
        PythonPeer client;
        client.start(QString::fromLatin1(kClient),
                     {QString::number(*port), QStringLiteral("add,3,4"), QStringLiteral("never_recorded,1")});
        QVERIFY2(client.finish(), client.err().constData());
        const QList<QByteArray> out = client.out().trimmed().split('\n');
        QCOMPARE(out.size(), 2);
        QCOMPARE(out[0], QByteArray("7"));
        QVERIFY2(out[1].startsWith("Fault ") && out[1].endsWith("no recorded answer for never_recorded(1)"),
                 out[1].constData());
        live->inFlight()->stopMocks();
        QCOMPARE(live->inFlight()->mockServers(), 0);
        QVERIFY(!live->inFlight()->stopMocksAction()->isEnabled());
    }
};

QTEST_MAIN(TestInFlightTools)
#include "tst_inflighttools.moc"
