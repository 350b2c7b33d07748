// File → Export Message as HTML… and Copy as Annotated Text on the message shown: the page and the text are the ones
// `rpcscope-cli explain` writes, for the request or the response, whichever pane a field was selected in last.
#include "calldetailsview.h"
#include "explain/callexplain.h"
#include "mainwindow.h"
#include "messageexport.h"
#include "messagepane.h"
#include "models/decodetreemodel.h"
#include "models/samplecaptures.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

namespace {

QAction* actionNamed(const QWidget& window, const QString& text)
{
    for (QAction* a : window.findChildren<QAction*>()) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}

} // namespace

class TestMessageExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exportAndCopyTheSelectedMessage()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &MainWindow::loadFinished);
        window.openFiles({samplecaptures::find(QStringLiteral("xmlrpc-add.pcap"))});
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.selectCallById(1));
        const std::shared_ptr<const Call> call = window.detailsView()->call();
        QVERIFY(call && call->response);

        QAction* copy = actionNamed(window, MainWindow::tr("Copy as &Annotated Text"));
        QAction* exportHtml = actionNamed(window, MainWindow::tr("Export Message as &HTML…"));
        QVERIFY(copy && exportHtml);
        // In the File and Edit menus.
        QStringList menus;
        for (QAction* top : window.menuBar()->actions()) {
            if (top->menu() && top->menu()->actions().contains(exportHtml))
                menus << top->text();
            if (top->menu() && top->menu()->actions().contains(copy))
                menus << top->text();
        }
        QCOMPARE(menus, QStringList({MainWindow::tr("&File"), MainWindow::tr("&Edit")}));

        // The request until a field of the response is selected.
        QCOMPARE(window.messageDirection(), Direction::ClientToServer);
        copy->trigger();
        QCOMPARE(QApplication::clipboard()->text(),
                 annotatedMessageText(*call, Direction::ClientToServer, QStringLiteral("XML-RPC")));
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("<methodCall>")));

        MessagePane* response = window.detailsView()->responsePane();
        response->selectNode(response->treeModel()->root()->find(QStringLiteral("body/methodResponse")));
        QCOMPARE(window.messageDirection(), Direction::ServerToClient);
        copy->trigger();
        const QString text = QApplication::clipboard()->text();
        QVERIFY2(text.startsWith(QStringLiteral("Call 1 · response · XML-RPC · 258 bytes")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("<methodResponse>")));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("response.html"));
        QVERIFY(messageexport::writeHtml(path, *call, Direction::ServerToClient, QStringLiteral("XML-RPC"),
                                         QStringLiteral("xmlrpc-add.pcap")));
        QFile page(path);
        QVERIFY(page.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(page.readAll()),
                 messagePageHtml(*call, Direction::ServerToClient, QStringLiteral("XML-RPC"),
                                 QStringLiteral("xmlrpc-add.pcap")));
        // A place that cannot be written is said, not ignored.
        const Status failed = messageexport::writeHtml(dir.filePath(QStringLiteral("no/such/dir/x.html")), *call,
                                                       Direction::ServerToClient, QStringLiteral("XML-RPC"), {});
        QVERIFY(!failed);
        QVERIFY2(failed.error().contains(QStringLiteral("Cannot write")), qPrintable(failed.error()));
    }

    void noResponseIsSaid()
    {
        Call call;
        call.id = 4;
        QTemporaryDir dir;
        const Status s = messageexport::writeHtml(dir.filePath(QStringLiteral("x.html")), call,
                                                  Direction::ServerToClient, QStringLiteral("Pyro4"), {});
        QVERIFY(!s);
        QCOMPARE(s.error(), QStringLiteral("Call 4 has no response to export."));
        QVERIFY(!messageexport::copyAnnotatedText(call, Direction::ServerToClient, QStringLiteral("Pyro4")));
    }
};

QTEST_MAIN(TestMessageExport)
#include "tst_messageexport.moc"
