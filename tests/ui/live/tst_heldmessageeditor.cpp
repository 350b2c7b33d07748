// The held-message editor, on messages a real Python client is waiting on behind the window's proxy: the
// arguments of a held request (or the result of a held response) in the composer's typed tree and as raw text,
// kept in step both ways; Forward sends them as edited, Answer replies in the server's place with a value or a
// fault, Drop closes the connection; text that is no value is explained and changes nothing.
#include "composer/valuetreeeditor.h"
#include "heldmessageeditor.h"
#include "liveproxy.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

QStringList treeValues(const ValueTreeEditor* tree)
{
    QStringList values;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        values << tree->topLevelItem(i)->text(ValueTreeEditor::ValueColumn);
    return values;
}

// Holds the client's call of `method` and opens it in `editor`.
bool holdAndOpen(LiveProxy& proxy, HeldMessageEditor& editor, PythonPeer& client, const QString& method,
                 const QStringList& args, bool responses = false)
{
    proxy.queue().setFilter(CallFilter::parse(QStringLiteral("method=") + method));
    proxy.queue().setInterceptRequests(!responses);
    proxy.queue().setInterceptResponses(responses);
    proxy.queue().setEnabled(true);
    proxy.call(client, method, args);
    if (!QTest::qWaitFor([&] { return proxy.queue().rowCount() == 1; }, 10000))
        return false;
    editor.setHeld(&proxy.queue(), 0);
    return editor.row() == 0;
}

} // namespace

class TestHeldMessageEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void heldRequestIsEditedInTreeAndTextThenForwarded()
    {
        LiveProxy proxy;
        QVERIFY(proxy.port != 0);
        HeldMessageEditor editor;
        QVERIFY(!editor.tree()->isEnabled());
        PythonPeer client;
        QVERIFY(holdAndOpen(proxy, editor, client, QStringLiteral("add"), {QStringLiteral("3"), QStringLiteral("4")}));
        QVERIFY(editor.tree()->isEnabled());
        QCOMPARE(treeValues(editor.tree()), (QStringList {QStringLiteral("3"), QStringLiteral("4")}));
        QCOMPARE(editor.rawText()->toPlainText(), QStringLiteral("[3,4]"));
        QVERIFY(editor.findChild<QLabel*>()->text().contains(QLatin1String("<b>Held request</b> add")));

        // Raw text → tree.
        editor.rawText()->setPlainText(QStringLiteral("[10, 20]"));
        QCOMPARE(treeValues(editor.tree()), (QStringList {QStringLiteral("10"), QStringLiteral("20")}));
        // Tree → raw text.
        editor.tree()->topLevelItem(1)->setText(ValueTreeEditor::ValueColumn, QStringLiteral("25"));
        QCOMPARE(editor.rawText()->toPlainText(), QStringLiteral("[10,25]"));
        // Text that is no list of arguments changes nothing and says so.
        editor.rawText()->setPlainText(QStringLiteral("[10, "));
        QCOMPARE(editor.status()->text(), QStringLiteral("Not a list of arguments ([3, 4]): the raw text is kept"));
        QCOMPARE(treeValues(editor.tree()), (QStringList {QStringLiteral("10"), QStringLiteral("25")}));

        QTest::qWait(100);
        QCOMPARE(client.process().state(), QProcess::Running);
        QSignalSpy decided(&editor, &HeldMessageEditor::decided);
        editor.forward();
        QCOMPARE(decided.count(), 1);
        QCOMPARE(editor.row(), -1);
        QVERIFY(!editor.tree()->isEnabled());
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("35\n"));
        const std::optional<Call> call = proxy.finished(QStringLiteral("add"));
        QVERIFY(call);
        // The call list shows what the client sent, what came back, and what the intercept did.
        QCOMPARE(call->params().toDisplayString(), QStringLiteral("[3, 4]"));
        QCOMPARE(call->result().toInt(), 35);
        QCOMPARE(call->rule, QStringLiteral("intercept: forwarded edited"));
    }

    void heldRequestIsAnswered_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("faultCode");
        QTest::addColumn<QString>("faultMessage");
        QTest::addColumn<QByteArray>("clientSaw");
        QTest::addRow("a string") << "\"patched\""
                                  << ""
                                  << "" << QByteArray("patched\n");
        QTest::addRow("a struct") << "{\"n\": 1}"
                                  << ""
                                  << "" << QByteArray("{'n': 1}\n");
        QTest::addRow("a fault") << ""
                                 << "7"
                                 << "nope" << QByteArray("Fault 7 nope\n");
        QTest::addRow("fault wins over a value") << "1"
                                                 << "-32601"
                                                 << "no such method" << QByteArray("Fault -32601 no such method\n");
    }

    void heldRequestIsAnswered()
    {
        QFETCH(QString, value);
        QFETCH(QString, faultCode);
        QFETCH(QString, faultMessage);
        QFETCH(QByteArray, clientSaw);
        LiveProxy proxy;
        QVERIFY(proxy.port != 0);
        int served = 0;
        QObject::connect(&proxy.server, &XmlRpcServer::callServed, &proxy.server, [&served] { ++served; });
        HeldMessageEditor editor;
        PythonPeer client;
        QVERIFY(holdAndOpen(proxy, editor, client, QStringLiteral("add"), {QStringLiteral("1"), QStringLiteral("2")}));
        editor.answerValue()->setText(value);
        editor.faultCode()->setText(faultCode);
        editor.faultMessage()->setText(faultMessage);
        editor.answer();
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), clientSaw);
        const std::optional<Call> call = proxy.finished(QStringLiteral("add"));
        QVERIFY(call);
        QCOMPARE(call->status, faultCode.isEmpty() ? CallStatus::Ok : CallStatus::Fault);
        QCOMPARE(call->rule, QStringLiteral("intercept: answered"));
        // The server never saw the call.
        QCOMPARE(served, 0);
    }

    void answerThatIsNoValueIsExplained()
    {
        LiveProxy proxy;
        QVERIFY(proxy.port != 0);
        HeldMessageEditor editor;
        PythonPeer client;
        QVERIFY(holdAndOpen(proxy, editor, client, QStringLiteral("add"), {QStringLiteral("1"), QStringLiteral("2")}));
        editor.answerValue()->setText(QStringLiteral("{\"n\": }"));
        editor.answer();
        QVERIFY2(editor.status()->text().startsWith(QLatin1String("Answer with: ")),
                 qPrintable(editor.status()->text()));
        // Still held, still open.
        QCOMPARE(editor.row(), 0);
        QCOMPARE(proxy.queue().rowCount(), 1);
        editor.forward();
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("3\n"));
    }

    void heldRequestIsDropped()
    {
        LiveProxy proxy;
        QVERIFY(proxy.port != 0);
        HeldMessageEditor editor;
        PythonPeer client;
        QVERIFY(holdAndOpen(proxy, editor, client, QStringLiteral("add"), {QStringLiteral("1"), QStringLiteral("1")}));
        editor.drop();
        // xmlrpc.client tries once more on a new connection when the server closes without an answer.
        QVERIFY(QTest::qWaitFor([&] { return proxy.queue().rowCount() == 1; }, 10000));
        editor.setHeld(&proxy.queue(), 0);
        editor.drop();
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("RemoteDisconnected\n"));
        const std::optional<Call> call = proxy.finished(QStringLiteral("add"));
        QVERIFY(call);
        QCOMPARE(call->rule, QStringLiteral("intercept: dropped"));
    }

    void heldResponseIsEditedAsText()
    {
        LiveProxy proxy;
        QVERIFY(proxy.port != 0);
        HeldMessageEditor editor;
        PythonPeer client;
        QVERIFY(holdAndOpen(proxy, editor, client, QStringLiteral("echo"), {QStringLiteral("original")}, true));
        QVERIFY(editor.findChild<QLabel*>()->text().contains(QLatin1String("<b>Held response</b> to echo")));
        QCOMPARE(treeValues(editor.tree()), QStringList {QStringLiteral("original")});
        QCOMPARE(editor.rawText()->toPlainText(), QStringLiteral("\"original\""));
        editor.rawText()->setPlainText(QStringLiteral("{\"edited\": [1, 2.5]}"));
        QCOMPARE(editor.status()->text(), QString());
        editor.forward();
        QVERIFY2(client.finish(), client.err().constData());
        QCOMPARE(client.out(), QByteArray("{'edited': [1, 2.5]}\n"));
        const std::optional<Call> call = proxy.finished(QStringLiteral("echo"));
        QVERIFY(call);
        QCOMPARE(call->rule, QStringLiteral("intercept: response edited"));
    }
};

QTEST_MAIN(TestHeldMessageEditor)
#include "tst_heldmessageeditor.moc"
