// The inspector window as a user drives it, on real captures: the call list, the linked tree and hex panes (both
// ways, mouse and keyboard), the Explain panel, the filter bar with its errors, files that cannot be opened, and
// settings that survive a restart.
#include "calldetailsview.h"
#include "calllistview.h"
#include "explainpanel.h"
#include "filterbar.h"
#include "hexview.h"
#include "bytespane.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "messagepane.h"
#include "models/calllistmodel.h"
#include "models/callstore.h"
#include "models/decodetreemodel.h"
#include "testsupport.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace rpcscope;

namespace {

bool openAndWait(MainWindow& window, const QStringList& files)
{
    QSignalSpy finished(&window, &MainWindow::loadFinished);
    window.openFiles(files);
    return finished.wait(30000);
}

QString cell(const MainWindow& window, int row, int column)
{
    const CallListModel* m = window.callListModel();
    return m->index(row, column).data().toString();
}

const DecodeNode* node(MessagePane* pane, const QString& path)
{
    const DecodeNode* root = pane->treeModel()->root();
    return root ? root->find(path) : nullptr;
}

QString currentPath(MessagePane* pane)
{
    const DecodeNode* n = pane->currentNode();
    if (!n)
        return {};
    const QString path = pane->treeModel()->pathOf(n);
    return path.mid(path.indexOf(QLatin1Char('/')) + 1);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("RpcScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void init()
    {
        QSettings().clear();
    }

    void pyro4CallList()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, {rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"))}));
        QCOMPARE(window.callListModel()->rowCount(), 7);
        QCOMPARE(cell(window, 1, CallListModel::NumberColumn), QStringLiteral("2"));
        QCOMPARE(cell(window, 1, CallListModel::ProtocolColumn), QStringLiteral("Pyro4"));
        QCOMPARE(cell(window, 1, CallListModel::ObjectColumn), QStringLiteral("example.greeting"));
        QCOMPARE(cell(window, 1, CallListModel::MethodColumn), QStringLiteral("get_fortune"));
        QCOMPARE(cell(window, 1, CallListModel::StatusColumn), QStringLiteral("ok"));
        QCOMPARE(cell(window, 2, CallListModel::StatusColumn), QStringLiteral("exception"));
        QCOMPARE(cell(window, 1, CallListModel::SummaryColumn), QStringLiteral("get_fortune(\"letian\") → \"Hello, letian. \\n\""));
        QVERIFY(cell(window, 1, CallListModel::ClientColumn).startsWith(QStringLiteral("127.0.0.1:")));
        QVERIFY(cell(window, 1, CallListModel::LatencyColumn).endsWith(QStringLiteral(" ms")));
        QCOMPARE(window.countsText(), QStringLiteral("7 calls · 1 error"));
        // The first call is shown as soon as the file is loaded.
        QCOMPARE(window.detailsView()->call()->id, quint64(1));
    }

    void treeAndBytesAreLinked()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, {rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"))}));
        QVERIFY(window.selectCallById(2));
        MessagePane* request = window.detailsView()->requestPane();
        HexView* hex = request->bytesPane()->hexView();
        QTreeView* tree = request->treeView();

        // Tree -> bytes: selecting header.seq highlights exactly its two bytes.
        const DecodeNode* seq = node(request, QStringLiteral("header/header.seq"));
        QVERIFY(seq);
        QCOMPARE(seq->value, QStringLiteral("1"));
        tree->setCurrentIndex(request->treeModel()->indexFromNode(seq));
        QCOMPARE(hex->selectionStart(), seq->offset);
        QCOMPARE(hex->selectionLength(), seq->length);
        QCOMPARE(hex->selectedBytes(), QByteArray("\x00\x01", 2));

        // Explain follows, with the same field in the reply.
        const QString explained = window.explainPanel()->text();
        QVERIFY2(explained.contains(seq->description), qPrintable(explained));
        QVERIFY2(explained.contains(QStringLiteral("the same field in the response")), qPrintable(explained));

        // Bytes -> tree: a click inside dataSize selects it, and the whole field lights up.
        const DecodeNode* dataSize = node(request, QStringLiteral("header/header.dataSize"));
        QVERIFY(dataSize);
        hex->setFocus();
        QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, hex->byteRect(dataSize->offset + 1).center());
        QCOMPARE(request->currentNode(), dataSize);
        QCOMPARE(hex->selectionStart(), dataSize->offset);
        QCOMPARE(hex->selectionLength(), dataSize->length);
        QCOMPARE(hex->cursorPosition(), dataSize->offset + 1);

        // Keyboard in the bytes: walking right leaves dataSize for the serializer field.
        for (qint64 i = hex->cursorPosition(); i < dataSize->end(); ++i)
            QTest::keyClick(hex, Qt::Key_Right);
        QCOMPARE(currentPath(request), QStringLiteral("header/header.serializer"));
        QCOMPARE(hex->cursorPosition(), dataSize->end());

        // Keyboard in the tree: down moves to the next field and its bytes.
        tree->setFocus();
        QTest::keyClick(tree, Qt::Key_Down);
        const DecodeNode* next = request->currentNode();
        QCOMPARE(currentPath(request), QStringLiteral("header/header.annotationsSize"));
        QCOMPARE(hex->selectionStart(), next->offset);
        QCOMPARE(hex->selectionLength(), next->length);

        // A click on a byte of the payload selects the deepest node holding it.
        const qint64 deep = node(request, QStringLiteral("payload"))->offset + 40;
        QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, hex->byteRect(deep, true).center());
        const DecodeNode* hit = request->currentNode();
        QVERIFY(hit);
        QCOMPARE(hit, request->treeModel()->root()->deepestAt(0, deep));
        QVERIFY(hit->children.empty() || hit->deepestAt(0, deep) == hit);
    }

    void explainLinksToTheOtherDirection()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, {rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"))}));
        QVERIFY(window.selectCallById(3));
        MessagePane* request = window.detailsView()->requestPane();
        MessagePane* response = window.detailsView()->responsePane();
        request->selectNode(node(request, QStringLiteral("header/header.type")));
        auto* browser = window.explainPanel()->findChild<QTextBrowser*>();
        QVERIFY(browser);
        Q_EMIT browser->anchorClicked(QUrl(QStringLiteral("counterpart")));
        QCOMPARE(currentPath(response), QStringLiteral("header/header.type"));
        QCOMPARE(response->currentNode()->value, QStringLiteral("5 (RESULT)"));
        // Selecting in the response explains the response's field.
        QVERIFY(window.explainPanel()->text().contains(QStringLiteral("the same field in the request")));
    }

    void fieldStaysSelectedAcrossCalls()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, {rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"))}));
        QVERIFY(window.selectCallById(2));
        MessagePane* request = window.detailsView()->requestPane();
        request->selectNode(node(request, QStringLiteral("header/header.seq")));
        QVERIFY(window.selectCallById(5));
        QCOMPARE(currentPath(request), QStringLiteral("header/header.seq"));
        QCOMPARE(request->currentNode()->value, QStringLiteral("4"));
        const DecodeNode* seq = request->currentNode();
        QCOMPARE(request->bytesPane()->hexView()->selectionStart(), seq->offset);
    }

    void filterBar()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, {rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"))}));
        QLineEdit* edit = window.filterBar()->lineEdit();
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(edit->hasFocus());
        QTest::keyClicks(edit, QStringLiteral("method:get_fortune"));
        QTest::keyClick(edit, Qt::Key_Return);
        qDebug() << edit->text() << window.callListModel()->filter().text() << window.filterBar()->errorText();
        for (int i = 0; i < window.callStore()->size(); ++i)
            qDebug() << i << window.callListModel()->filter().matches(*window.callStore(), i) << window.callStore()->string(window.callStore()->record(i).method) << window.callListModel()->filter().terms().size() << int(window.callListModel()->filter().terms()[0].field);
        QCOMPARE(window.callListModel()->rowCount(), 2);
        QCOMPARE(window.countsText(), QStringLiteral("Shown: 2 of 7 calls · 1 error"));
        QVERIFY(window.filterBar()->errorText().isEmpty());

        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("status:faul"));
        QTest::keyClick(edit, Qt::Key_Return);
        const QString error = window.filterBar()->errorText();
        QVERIFY2(error.startsWith(QStringLiteral("unknown status 'faul': use ok, fault, exception")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("column 8")));
        // The last valid filter stays applied while the text is wrong.
        QCOMPARE(window.callListModel()->rowCount(), 2);

        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("!status:ok"));
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(window.filterBar()->errorText().isEmpty());
        QCOMPARE(window.callListModel()->rowCount(), 1);
        QCOMPARE(cell(window, 0, CallListModel::MethodColumn), QStringLiteral("fail"));

        // Typing applies by itself after a pause.
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("latency>100ms"));
        QTRY_COMPARE(window.callListModel()->rowCount(), 0);
    }

    void copyAsJson()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(openAndWait(window, {rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"))}));
        QVERIFY(window.selectCallById(2));
        window.callListView()->setFocus();
        QTest::keyClick(window.callListView(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        const QString json = QGuiApplication::clipboard()->text();
        QVERIFY2(json.startsWith(QStringLiteral("{\"protocol\":\"pyro4\"")), qPrintable(json));
        QVERIFY(json.contains(QStringLiteral("\"method\":\"get_fortune\"")));
        QVERIFY(json.contains(QStringLiteral("\"params\":[\"letian\"]")));
    }

    void unreadableFileIsReported()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString missing = QStringLiteral("/nonexistent/missing.pcap");
        QVERIFY(openAndWait(window, {missing, rpcscope::test::dataPath(QStringLiteral("pyro4/pyro4-serpent.pcap"))}));
        const QStringList messages = window.messageBar()->messages();
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.first().contains(missing), qPrintable(messages.first()));
        QVERIFY(window.messageBar()->isVisible());
        // The other file still loads.
        QCOMPARE(window.callListModel()->rowCount(), 7);

        const QString notCapture = rpcscope::test::dataPath(QStringLiteral("pyro4/README.md"));
        QVERIFY(openAndWait(window, {notCapture}));
        QCOMPARE(window.callListModel()->rowCount(), 0);
        QCOMPARE(window.messageBar()->messages().size(), 1);
        QVERIFY(window.messageBar()->messages().first().contains(QStringLiteral("README.md")));
    }

    void settingsSurviveARestart()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            for (QAction* a : window.findChildren<QAction*>()) {
                if (a->text() == MainWindow::tr("&Time of Day") || a->text() == MainWindow::tr("&Colour Bytes by Field"))
                    a->trigger();
            }
            window.callListView()->setColumnWidth(CallListModel::MethodColumn, 222);
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.callListModel()->timeFormat(), CallListModel::TimeFormat::Absolute);
        QCOMPARE(again.callListView()->columnWidth(CallListModel::MethodColumn), 222);
        bool colour = false;
        for (QAction* a : again.findChildren<QAction*>()) {
            if (a->text() == MainWindow::tr("&Colour Bytes by Field"))
                colour = a->isChecked();
        }
        QVERIFY(colour);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
