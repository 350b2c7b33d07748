// TLS in the window (ui/tlskeylogs and what it drives): a capture without keys lists its TLS connections as
// encrypted and says how to decrypt them; choosing the key log decodes the capture again, decrypted; a key log a
// client appends to while the capture is open does the same; a decrypted message shows its records and its
// decrypted bytes, each linked to the tree; the key logs are a preference that outlives the window.
#include "bytespane.h"
#include "calldetailsview.h"
#include "calllistview.h"
#include "hexview.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "messagepane.h"
#include "models/calllistmodel.h"
#include "models/decodetreemodel.h"
#include "testsupport.h"
#include "tlskeylogs.h"

#include <QDialog>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace rpcscope;

namespace {

QString cell(const MainWindow& window, int row, int column)
{
    return window.callListModel()->index(row, column).data().toString();
}

QStringList column(const MainWindow& window, int column)
{
    QStringList values;
    for (int row = 0; row < window.callListModel()->rowCount(); ++row)
        values << cell(window, row, column);
    values.removeDuplicates();
    return values;
}

QStringList tabTexts(BytesPane* pane)
{
    QStringList texts;
    QTabBar* tabs = pane->findChild<QTabBar*>();
    for (int i = 0; tabs && i < tabs->count(); ++i)
        texts << tabs->tabText(i);
    return texts;
}

} // namespace

class TestTlsKeyLogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("RpcScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_tlskeylogs"));
    }
    void init() { QSettings().clear(); }

    void choosingTheKeyLogDecryptsTheOpenCapture()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openFiles({test::dataPath(QStringLiteral("tls/tls-xmlrpc.pcap"))});
        QVERIFY(finished.wait(30000));
        // Without keys: every exchange listed, as TLS and encrypted, and the message says why and what to do.
        QCOMPARE(column(window, CallListModel::ProtocolColumn), QStringList {QStringLiteral("TLS")});
        QCOMPARE(column(window, CallListModel::StatusColumn), QStringList {QStringLiteral("encrypted")});
        const QString message = window.messageBar()->messages().join(QLatin1Char('\n'));
        QVERIFY2(message.contains(QStringLiteral("6 TLS connections could not be decrypted")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("6 to localhost: no key log was given")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("File → TLS Key Log…")), qPrintable(message));

        // The key log arrives: the capture is decoded again, decrypted.
        window.tlsKeyLogs()->setFiles({test::dataPath(QStringLiteral("tls/tls-xmlrpc.keys"))});
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.callListModel()->rowCount(), 24);
        QCOMPARE(column(window, CallListModel::ProtocolColumn), QStringList {QStringLiteral("XML-RPC")});
        QVERIFY(!column(window, CallListModel::StatusColumn).contains(QStringLiteral("encrypted")));
        QVERIFY(window.messageBar()->messages().join(' ').indexOf(QStringLiteral("could not be decrypted")) < 0);

        // A decrypted request: the records and the decrypted bytes, each a tab, each linked to its nodes.
        window.callListView()->setCurrentIndex(window.callListModel()->index(0, 0));
        MessagePane* request = window.detailsView()->requestPane();
        BytesPane* bytes = request->bytesPane();
        const QStringList tabs = tabTexts(bytes);
        QCOMPARE(tabs.size(), 2);
        QVERIFY2(tabs[0].startsWith(QStringLiteral("TLS records")), qPrintable(tabs[0]));
        QVERIFY2(tabs[1].startsWith(QStringLiteral("Decrypted")), qPrintable(tabs[1]));
        const DecodeNode* root = request->treeModel()->root();
        const DecodeNode* methodName = root->findFirst(u"methodName");
        QVERIFY(methodName);
        request->selectNode(methodName);
        QCOMPARE(bytes->currentBuffer(), 1);
        QCOMPARE(bytes->hexView()->selectedBytes(), QByteArray("<methodName>add</methodName>"));
        const DecodeNode* tag = root->findFirst(u"authentication_tag");
        QVERIFY(tag);
        request->selectNode(tag);
        QCOMPARE(bytes->currentBuffer(), 0);
        QCOMPARE(bytes->hexView()->selectionLength(), 16);
        // A click on the first byte of the records selects the record's content type.
        HexView* hex = bytes->hexView();
        hex->setFocus();
        hex->scrollToOffset(0);
        QTest::mouseClick(hex->viewport(), Qt::LeftButton, {}, hex->byteRect(0).center());
        QCOMPARE(request->currentNode()->name, QStringLiteral("content_type"));

        // The preference outlives the window.
        TlsKeyLogs again;
        QCOMPARE(again.files(), QStringList {test::dataPath(QStringLiteral("tls/tls-xmlrpc.keys"))});
    }

    // A client writes its key log while the capture is open (a capture of traffic still running): once its keys
    // are in the file, the capture is decoded again.
    void keysAppendedToTheKeyLogDecryptTheCapture()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("keys.log"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("# SSL/TLS secrets log file, generated by OpenSSL\n");
        }
        QSettings().setValue(QStringLiteral("tls/keyLogFiles"), QStringList {path});
        MainWindow window;
        window.show();
        QSignalSpy finished(&window, &MainWindow::loadFinished);
        window.openFiles({test::dataPath(QStringLiteral("tls/tls-pyro4.pcap"))});
        QVERIFY(finished.wait(30000));
        QCOMPARE(column(window, CallListModel::StatusColumn), QStringList {QStringLiteral("encrypted")});
        const QString message = window.messageBar()->messages().join(QLatin1Char('\n'));
        QVERIFY2(message.contains(QStringLiteral("the key log (keys.log) has no CLIENT_TRAFFIC_SECRET_0 and "
                                                 "SERVER_TRAFFIC_SECRET_0 lines")),
                 qPrintable(message));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::Append));
            file.write(test::readData(QStringLiteral("tls/tls-pyro4.keys")));
        }
        QVERIFY(finished.wait(30000));
        QCOMPARE(column(window, CallListModel::ProtocolColumn), QStringList {QStringLiteral("Pyro4")});
        QCOMPARE(window.callListModel()->rowCount(), 5);
    }

    void theMenuEditsTheList()
    {
        MainWindow window;
        window.tlsKeyLogs()->setFiles({QStringLiteral("/tmp/one.keys"), QStringLiteral("/tmp/two.keys")});
        QAction* action = nullptr;
        for (QAction* a : window.findChildren<QAction*>()) {
            if (a->text() == QStringLiteral("TLS Key &Log…"))
                action = a;
        }
        QVERIFY(action);
        // Remove the first entry in the dialog and accept it.
        QTimer::singleShot(0, this, [] {
            QDialog* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            auto* list = dialog->findChild<QListWidget*>(QStringLiteral("keyLogList"));
            QCOMPARE(list->count(), 2);
            delete list->item(0);
            dialog->accept();
        });
        action->trigger();
        QCOMPARE(window.tlsKeyLogs()->files(), QStringList {QStringLiteral("/tmp/two.keys")});
        QCOMPARE(QSettings().value(QStringLiteral("tls/keyLogFiles")).toStringList(),
                 QStringList {QStringLiteral("/tmp/two.keys")});
    }
};

QTEST_MAIN(TestTlsKeyLogs)
#include "tst_tlskeylogs.moc"
