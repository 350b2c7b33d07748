// The composer and test server panels (ui/composer/) under offscreen: the parameter tree and the raw XML follow
// each other, invalid XML is flagged and kept, a composed call is sent, served calls reach the call list, and the
// names of real Pyro4 and Pyro5 name servers are picked and called by name.
#include "certs/certificateauthority.h"
#include "client/callexchange.h"
#include "client/composedfromcall.h"
#include "composerpanel.h"
#include "decoderregistry.h"
#include "models/callstore.h"
#include "models/decodetreemodel.h"
#include "peerprocess.h"
#include "pyro/pyro5/pyro5header.h"
#include "pyronamepicker.h"
#include "server/pyro4daemon.h"
#include "server/xmlrpcserver.h"
#include "testserverpanel.h"
#include "tlsverifychooser.h"
#include "valuetreeeditor.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>
#include <QTreeWidget>

using namespace rpcscope;

class TestComposerPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void structParameterWritesXml();
    void editedXmlRebuildsTree();
    void invalidXmlIsFlaggedAndKept();
    void sendShowsResponse();
    void servedCallsJoinTheCallList();
    void collectionSavesAndLoads();
    void pythonLiteralArguments();
    void tlsChoicesReachTheServer();
    void pyroNamesArePickedAndCalled_data();
    void pyroNamesArePickedAndCalled();
};

void TestComposerPanel::structParameterWritesXml()
{
    ComposerPanel panel;
    panel.methodEdit()->setCurrentText(QStringLiteral("echo"));
    ValueTreeEditor* tree = panel.paramsEditor();
    QTreeWidgetItem* s = tree->addValue(nullptr, QStringLiteral("struct"));
    tree->addValue(s, QStringLiteral("int"), QStringLiteral("count"), QStringLiteral("3"));
    tree->addValue(s, QStringLiteral("string"), QStringLiteral("name"), QStringLiteral("a&b"));
    QTreeWidgetItem* list = tree->addValue(s, QStringLiteral("array"), QStringLiteral("list"));
    tree->addValue(list, QStringLiteral("base64"), {}, QStringLiteral("hex:00ff"));
    tree->addValue(list, QStringLiteral("boolean"), {}, QStringLiteral("true"));

    const QString xml = panel.rawXmlEditor()->toPlainText();
    QVERIFY2(xml.contains(QStringLiteral(
                 "<methodName>echo</methodName><params><param><value><struct>"
                 "<member><name>count</name><value><int>3</int></value></member>"
                 "<member><name>name</name><value><string>a&amp;b</string></value></member>"
                 "<member><name>list</name><value><array><data><value><base64>AP8=</base64></value>"
                 "<value><boolean>1</boolean></value></data></array></value></member></struct></value></param>")),
             qPrintable(xml));

    // Editing a value in the tree rewrites the XML.
    s->child(0)->setText(ValueTreeEditor::ValueColumn, QStringLiteral("4"));
    QVERIFY(panel.rawXmlEditor()->toPlainText().contains(QStringLiteral("<int>4</int>")));
    // A value that does not fit its type is reported, naming the item; the XML is left as it was.
    s->child(0)->setText(ValueTreeEditor::ValueColumn, QStringLiteral("four"));
    QVERIFY2(panel.rawXmlStatus()->text().contains(QStringLiteral("\"four\" is not a 32-bit int")),
             qPrintable(panel.rawXmlStatus()->text()));
    QVERIFY(panel.rawXmlEditor()->toPlainText().contains(QStringLiteral("<int>4</int>")));

    // base64 from a file: its bytes are sent; a file that cannot be read is reported by name.
    s->child(0)->setText(ValueTreeEditor::ValueColumn, QStringLiteral("4"));
    QTemporaryFile bytes;
    QVERIFY(bytes.open());
    bytes.write(QByteArray("\x01\x02hi", 4));
    bytes.flush();
    tree->addValue(list, QStringLiteral("base64"), {}, QStringLiteral("file:") + bytes.fileName());
    QVERIFY2(panel.rawXmlEditor()->toPlainText().contains(QStringLiteral("<base64>AQJoaQ==</base64>")),
             qPrintable(panel.rawXmlEditor()->toPlainText()));
    tree->addValue(list, QStringLiteral("base64"), {}, QStringLiteral("file:/nonexistent/rpcscope-bytes"));
    QVERIFY2(panel.rawXmlStatus()->text().contains(QStringLiteral("cannot read /nonexistent/rpcscope-bytes")),
             qPrintable(panel.rawXmlStatus()->text()));
}

void TestComposerPanel::editedXmlRebuildsTree()
{
    ComposerPanel panel;
    panel.rawXmlEditor()->setPlainText(
        QStringLiteral("<?xml version=\"1.0\"?><methodCall><methodName>add</methodName><params>"
                       "<param><value><i4>40</i4></value></param>"
                       "<param><value><struct><member><name>k</name><value><array><data><value>x</value>"
                       "<value><double>2.5</double></value></data></array></value></member></struct></value></param>"
                       "</params></methodCall>"));
    QCOMPARE(panel.methodEdit()->currentText(), QStringLiteral("add"));
    ValueTreeEditor* tree = panel.paramsEditor();
    QCOMPARE(tree->topLevelItemCount(), 2);
    QCOMPARE(tree->topLevelItem(0)->text(ValueTreeEditor::TypeColumn), QStringLiteral("int"));
    QCOMPARE(tree->topLevelItem(0)->text(ValueTreeEditor::ValueColumn), QStringLiteral("40"));
    QTreeWidgetItem* s = tree->topLevelItem(1);
    QCOMPARE(s->text(ValueTreeEditor::TypeColumn), QStringLiteral("struct"));
    QCOMPARE(s->child(0)->text(ValueTreeEditor::NameColumn), QStringLiteral("k"));
    QCOMPARE(s->child(0)->child(0)->text(ValueTreeEditor::TypeColumn), QStringLiteral("string"));
    QCOMPARE(s->child(0)->child(0)->text(ValueTreeEditor::ValueColumn), QStringLiteral("x"));
    QCOMPARE(s->child(0)->child(1)->text(ValueTreeEditor::ValueColumn), QStringLiteral("2.5"));
    const Result<ComposedCall> call = panel.composedCall();
    QVERIFY(!call.ok()); // no endpoint yet
    panel.endpointEdit()->setText(QStringLiteral("http://127.0.0.1:1/RPC2"));
    QVERIFY(panel.composedCall().ok());
    QCOMPARE(panel.composedCall()->params.size(), size_t(2));
}

void TestComposerPanel::invalidXmlIsFlaggedAndKept()
{
    ComposerPanel panel;
    panel.endpointEdit()->setText(QStringLiteral("http://127.0.0.1:1/RPC2"));
    panel.methodEdit()->setCurrentText(QStringLiteral("add"));
    panel.paramsEditor()->addValue(nullptr, QStringLiteral("int"), {}, QStringLiteral("1"));
    const QString broken = QStringLiteral("<methodCall><methodName>add</methodName><params><param>");
    panel.rawXmlEditor()->setPlainText(broken);
    QCOMPARE(panel.rawXmlEditor()->toPlainText(), broken); // not lost
    QVERIFY2(panel.rawXmlStatus()->text().startsWith(QStringLiteral("Invalid")),
             qPrintable(panel.rawXmlStatus()->text()));
    QCOMPARE(panel.paramsEditor()->topLevelItemCount(), 1); // the tree keeps its last good state
    const Result<ComposedCall> call = panel.composedCall();
    QVERIFY(!call.ok());
    QVERIFY(call.error().contains(QStringLiteral("raw XML")));
}

void TestComposerPanel::sendShowsResponse()
{
    XmlRpcServer server;
    QVERIFY(server.listen().ok());
    ComposerPanel panel;
    panel.endpointEdit()->setText(server.url());
    panel.methodEdit()->setCurrentText(QStringLiteral("add"));
    panel.paramsEditor()->addValue(nullptr, QStringLiteral("int"), {}, QStringLiteral("3"));
    panel.paramsEditor()->addValue(nullptr, QStringLiteral("int"), {}, QStringLiteral("4"));
    QSignalSpy finished(&panel, &ComposerPanel::finished);
    panel.send();
    QVERIFY(finished.wait(5000));
    QVERIFY2(panel.responseStatus()->text().startsWith(QStringLiteral("ok")),
             qPrintable(panel.responseStatus()->text()));
    QCOMPARE(panel.responseTree()->topLevelItem(0)->text(2), QStringLiteral("7"));
    QCOMPARE(panel.history()->count(), 1);
    QVERIFY(panel.responseDecodeTree()->rowCount() > 0); // the reply decoded with its tree, as in the inspector

    panel.methodEdit()->setCurrentText(QStringLiteral("nosuch"));
    panel.send();
    QVERIFY(finished.wait(5000));
    QVERIFY2(panel.responseStatus()->text().startsWith(QStringLiteral("fault")),
             qPrintable(panel.responseStatus()->text()));

    QSignalSpy replayed(&panel, &ComposerPanel::replayFinished);
    panel.methodEdit()->setCurrentText(QStringLiteral("add"));
    panel.replay(5);
    QVERIFY(replayed.wait(5000));
    QVERIFY2(replayed.first().first().toString().startsWith(QStringLiteral("5 calls: min")),
             qPrintable(replayed.first().first().toString()));
}

void TestComposerPanel::servedCallsJoinTheCallList()
{
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CallStore store(registry);
    TestServerPanel panel(store);
    QVERIFY(panel.startXmlRpc().ok());
    QVERIFY(panel.startPyro().ok());

    ComposedCall call;
    call.endpoint = panel.xmlRpcServer().url();
    call.method = QStringLiteral("echo");
    call.params = {RpcValue::fromString(QStringLiteral("hi"))};
    QCOMPARE(CallExchange::run(call).kind, CallOutcomeKind::Ok);
    call.endpoint = panel.pyroDaemon().uri();
    call.method = QStringLiteral("get_fortune");
    QCOMPARE(CallExchange::run(call).kind, CallOutcomeKind::Ok);

    QTRY_COMPARE(store.size(), 3); // echo, the Pyro4 handshake, get_fortune
    const Call echo = store.call(0);
    QCOMPARE(echo.protocol, QStringLiteral("xmlrpc"));
    QCOMPARE(echo.method(), QStringLiteral("echo"));
    QVERIFY(panel.log()->toPlainText().contains(QStringLiteral("echo")));

    // "Edit in composer" turns a served call back into a composed one.
    const Result<ComposedCall> again = composedFromCall(store.call(2));
    QVERIFY(again.ok());
    QCOMPARE(again->endpoint, panel.pyroDaemon().uri());
    QCOMPARE(again->method, QStringLiteral("get_fortune"));
    QCOMPARE(again->params, RpcArray {RpcValue::fromString(QStringLiteral("hi"))});
    const Result<ComposedCall> xml = composedFromCall(echo);
    QVERIFY(xml.ok());
    QCOMPARE(xml->endpoint, panel.xmlRpcServer().url());
    QVERIFY(!composedFromCall(store.call(1)).ok()); // the handshake has no method to resend
}

void TestComposerPanel::collectionSavesAndLoads()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/collection.json"));
    {
        ComposerPanel panel;
        panel.setCollectionPath(path);
        panel.endpointEdit()->setText(QStringLiteral("http://127.0.0.1:8080/RPC2"));
        panel.methodEdit()->setCurrentText(QStringLiteral("add"));
        panel.paramsEditor()->addValue(nullptr, QStringLiteral("int"), {}, QStringLiteral("3"));
        QVERIFY(panel.saveToCollection(QStringLiteral("three")).ok());
    }
    ComposerPanel panel;
    panel.setCollectionPath(path);
    QCOMPARE(panel.collection().size(), size_t(1));
    QVERIFY(panel.loadFromCollection(QStringLiteral("three")));
    QCOMPARE(panel.methodEdit()->currentText(), QStringLiteral("add"));
    QCOMPARE(panel.endpointEdit()->text(), QStringLiteral("http://127.0.0.1:8080/RPC2"));
    QCOMPARE(panel.paramsEditor()->topLevelItem(0)->text(ValueTreeEditor::ValueColumn), QStringLiteral("3"));
    QVERIFY(panel.rawXmlEditor()->toPlainText().contains(QStringLiteral("<int>3</int>")));
}

void TestComposerPanel::pythonLiteralArguments()
{
    ComposerPanel panel;
    panel.endpointEdit()->setText(QStringLiteral("PYRO:example.greeting@127.0.0.1:9090"));
    panel.methodEdit()->setCurrentText(QStringLiteral("get_fortune"));
    QVERIFY(panel.setArgumentsLiteral(QStringLiteral("'letian', [1, 2.5], {'k': None}")).ok());
    const Result<ComposedCall> call = panel.composedCall();
    QVERIFY(call.ok());
    QCOMPARE(call->params.size(), size_t(3));
    QCOMPARE(call->params[0], RpcValue::fromString(QStringLiteral("letian")));
    QCOMPARE(call->params[1].toArray().at(1).toDouble(), 2.5);
    QVERIFY(call->params[2].member(u"k")->isNil());
    QVERIFY(panel.setArgumentsLiteral(QStringLiteral("('a', 'b')")).ok());
    QCOMPARE(panel.composedCall()->params.size(), size_t(2));
    QVERIFY(!panel.setArgumentsLiteral(QStringLiteral("'unterminated")).ok());
    QCOMPARE(panel.composedCall()->params.size(), size_t(2)); // unchanged after a bad literal
}

// The test server panel with "TLS" checked, and the composer choosing how to verify it: the exported CA works, the
// system's CAs do not (and the status says why), "don't verify" works; Pyro4 gets TLS from its checkbox.
void TestComposerPanel::tlsChoicesReachTheServer()
{
    QTemporaryDir dir;
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CallStore store(registry);
    TestServerPanel servers(store);
    servers.setCaDirectory(dir.filePath(QStringLiteral("ca")));
    servers.tlsBox()->setChecked(true);
    QVERIFY(servers.startXmlRpc().ok());
    QVERIFY(servers.startPyro().ok());
    QVERIFY(servers.xmlRpcServer().url().startsWith(QLatin1String("https://127.0.0.1:")));
    Result<CertificateAuthority> ca = CertificateAuthority::open(dir.filePath(QStringLiteral("ca")));
    QVERIFY(ca.ok());

    ComposerPanel panel;
    panel.endpointEdit()->setText(servers.xmlRpcServer().url());
    panel.methodEdit()->setCurrentText(QStringLiteral("add"));
    panel.paramsEditor()->addValue(nullptr, QStringLiteral("int"), {}, QStringLiteral("3"));
    panel.paramsEditor()->addValue(nullptr, QStringLiteral("int"), {}, QStringLiteral("4"));
    QVERIFY(panel.tlsVerification()->isEnabled());
    QVERIFY(!panel.pyroTlsBox()->isEnabled());
    QSignalSpy finished(&panel, &ComposerPanel::finished);

    panel.send(); // the system's CAs do not know RpcScope's CA
    QVERIFY(finished.wait(5000));
    QVERIFY2(panel.responseStatus()->text().contains(QStringLiteral("is not accepted")),
             qPrintable(panel.responseStatus()->text()));

    panel.tlsVerification()->setMode(TlsVerifyChooser::Mode::CaFile);
    QVERIFY(!panel.composedCall().ok()); // a CA file must be named
    panel.tlsVerification()->setCaFile(ca->certificatePath());
    panel.send();
    QVERIFY(finished.wait(5000));
    QVERIFY2(panel.responseStatus()->text().startsWith(QStringLiteral("ok")),
             qPrintable(panel.responseStatus()->text()));
    QCOMPARE(panel.responseTree()->topLevelItem(0)->text(2), QStringLiteral("7"));
    panel.copyAs(0);
    QVERIFY2(QApplication::clipboard()->text().contains(QStringLiteral("--cacert '%1'").arg(ca->certificatePath())),
             qPrintable(QApplication::clipboard()->text()));

    panel.tlsVerification()->setMode(TlsVerifyChooser::Mode::Insecure);
    panel.send();
    QVERIFY(finished.wait(5000));
    QVERIFY2(panel.responseStatus()->text().startsWith(QStringLiteral("ok")),
             qPrintable(panel.responseStatus()->text()));
    QCOMPARE(panel.composedCall()->insecure, true);

    // Pyro4: TLS from the checkbox, with the same verification choice; loading a call restores both.
    panel.endpointEdit()->setText(servers.pyroDaemon().uri());
    panel.methodEdit()->setCurrentText(QStringLiteral("get_fortune"));
    QVERIFY(panel.pyroTlsBox()->isEnabled());
    QVERIFY(!panel.tlsVerification()->isEnabled());
    panel.pyroTlsBox()->setChecked(true);
    panel.tlsVerification()->setChoice(ca->certificatePath(), false);
    QVERIFY(panel.setArgumentsLiteral(QStringLiteral("'tls'")).ok());
    panel.send();
    QVERIFY(finished.wait(5000));
    QVERIFY2(panel.responseStatus()->text().startsWith(QStringLiteral("ok")),
             qPrintable(panel.responseStatus()->text()));
    QCOMPARE(panel.responseTree()->topLevelItem(0)->text(2), QStringLiteral("\"Hello, tls. \\n\""));
    const ComposedCall sent = *panel.composedCall();
    QVERIFY(sent.pyroTls);
    QCOMPARE(sent.caFile, ca->certificatePath());
    ComposerPanel other;
    other.load(sent);
    QVERIFY(other.pyroTlsBox()->isChecked());
    QCOMPARE(other.tlsVerification()->mode(), TlsVerifyChooser::Mode::CaFile);
    QCOMPARE(other.composedCall()->caFile, ca->certificatePath());
}

void TestComposerPanel::pyroNamesArePickedAndCalled_data()
{
    QTest::addColumn<int>("version");
    QTest::addRow("Pyro4 name server") << 4;
    QTest::addRow("Pyro5 name server") << 5;
}

void TestComposerPanel::pyroNamesArePickedAndCalled()
{
    QFETCH(int, version);
    if (version == 5 && test::pyro5PeersPath().isEmpty())
        QSKIP("Pyro5 is not in ../shared/peers (Debian 12 does not package it)");
    test::PeerProcess names;
    const QString script = test::pyroNameServerScript(version);
    const QString port = names.start(version == 5 ? test::withPyro5(script) : script);
    QVERIFY2(!port.isEmpty(), qPrintable(names.error()));

    ComposerPanel panel;
    PyroNamePicker* picker = panel.pyroNames();
    picker->nameServerEdit()->setText(QStringLiteral("127.0.0.1:") + port);
    picker->listNames();
    QComboBox* box = picker->namesBox();
    QStringList listed;
    for (int i = 0; i < box->count(); ++i)
        listed << box->itemData(i).toString();
    listed.sort();
    QCOMPARE(listed, (QStringList {QStringLiteral("example.calculator"), QStringLiteral("example.greeting")}));
    const int greeting = box->findData(QStringLiteral("example.greeting"));
    QVERIFY2(box->itemText(greeting).contains(QLatin1String("PYRO:example.greeting@127.0.0.1:")),
             qPrintable(box->itemText(greeting)));
    QCOMPARE(picker->statusLabel()->text(), QStringLiteral("2 name(s) on Pyro%1 name server").arg(version));

    // Choosing a name makes the endpoint that name on that name server; methods and calls go through it.
    Q_EMIT box->activated(greeting);
    QCOMPARE(panel.endpointEdit()->text(), QStringLiteral("PYRONAME:example.greeting@127.0.0.1:") + port);
    panel.refreshMethods();
    QVERIFY(panel.methodEdit()->findText(QStringLiteral("get_fortune")) >= 0);
    panel.methodEdit()->setCurrentText(QStringLiteral("get_fortune"));
    panel.paramsEditor()->addValue(nullptr, QStringLiteral("string"), {}, QStringLiteral("by name"));
    // Pyro5 gets msgpack, which only it speaks; Pyro4 the default serpent.
    if (version == 5)
        panel.serializerEdit()->setCurrentText(QStringLiteral("msgpack"));
    QSignalSpy finished(&panel, &ComposerPanel::finished);
    panel.send();
    QVERIFY(finished.wait(10000));
    const CallOutcome outcome = finished.first().first().value<CallOutcome>();
    QCOMPARE(outcome.result.toString(), QStringLiteral("Hello, by name. \n"));
    QCOMPARE(outcome.pyroVersion, version);
    if (version == 5)
        QCOMPARE(Pyro5Header::read(outcome.request->bytes())->serializerId, quint8(pyro5::SerMsgpack));
    QVERIFY(outcome.resolvedUri.startsWith(QLatin1String("PYRO:example.greeting@127.0.0.1:")));
    // The status says which Pyro answered (Pyro4 after a refused Pyro5 attempt) and where the name led.
    const QString status = panel.responseStatus()->text();
    QVERIFY2(status.contains(version == 5 ? QStringLiteral(" · Pyro5 · PYRO:example.greeting@127.0.0.1:")
                                          : QStringLiteral(" · Pyro4 (Pyro5 refused) · PYRO:example.greeting@")),
             qPrintable(status));

    // A name server that is not there says so.
    picker->nameServerEdit()->setText(QStringLiteral("127.0.0.1:1"));
    picker->listNames();
    QCOMPARE(box->count(), 0);
    QVERIFY2(picker->statusLabel()->text().contains(QLatin1String("connection refused")),
             qPrintable(picker->statusLabel()->text()));
}

QTEST_MAIN(TestComposerPanel)
#include "tst_composerpanel.moc"
