// The Capture dialog and the live capture session behind the window: interfaces with addresses, the filter
// checked while typing, and calls of a real capture on lo joining the call list.
#include "capturedialog.h"
#include "decoderregistry.h"
#include "livecapturesession.h"
#include "models/callstore.h"
#include "testsupport.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

// moc takes `//` inside a raw string for a comment, so the Python scripts' URLs write their slashes as \x2f.
class TestCaptureDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsInterfacesWithAddresses()
    {
        CaptureDialog dialog;
        QComboBox* box = dialog.interfaceBox();
        QVERIFY(box->count() > 0);
        const int lo = box->findData(QStringLiteral("lo"));
        if (lo < 0)
            QSKIP("no interface called lo");
        QVERIFY2(box->itemText(lo).contains(QStringLiteral("127.0.0.1/8")), qPrintable(box->itemText(lo)));
        QCOMPARE(box->currentIndex(), lo); // loopback is the default
    }

    void filterIsValidatedWhileTyping()
    {
        CaptureDialog dialog;
        auto* edit = dialog.findChild<QLineEdit*>();
        QVERIFY(edit);
        QPushButton* start = nullptr;
        for (QPushButton* b : dialog.findChildren<QPushButton*>())
            if (b->text().contains(QStringLiteral("Start")))
                start = b;
        QVERIFY(start);
        QTest::keyClicks(edit, QStringLiteral("tcp prot 8000"));
        QVERIFY2(dialog.filterError().contains(QStringLiteral("syntax error")), qPrintable(dialog.filterError()));
        QVERIFY(!start->isEnabled());
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("tcp port 8000"));
        QVERIFY(dialog.filterError().isEmpty());
        QVERIFY(start->isEnabled());
        QCOMPARE(dialog.options().filter, QStringLiteral("tcp port 8000"));
    }

    void sessionFillsTheCallList()
    {
        QProcess server;
        server.start(pythonPath(), {QStringLiteral("-c"), QStringLiteral(R"(
from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False)
s.register_function(lambda a, b: a * b, "mul")
print(s.server_address[1], flush=True)
s.serve_forever()
)")});
        QVERIFY(server.waitForReadyRead(15000));
        const quint16 port = static_cast<quint16>(server.readLine().trimmed().toUInt());

        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        CallStore store(registry);
        LiveCaptureSession session(store);
        LiveCaptureOptions options;
        options.interfaceName = QStringLiteral("lo");
        options.filter = QStringLiteral("tcp port %1").arg(port);
        const Status started = session.start(options);
        if (!started && started.error().contains(QStringLiteral("permission denied")))
            QSKIP("no capture rights (needs root or cap_net_raw,cap_net_admin)");
        QVERIFY2(started.ok(), started ? "" : qPrintable(started.error()));
        QVERIFY(session.isRunning());

        QProcess client;
        client.start(pythonPath(),
                     {QStringLiteral("-c"), QStringLiteral(R"(
import sys, xmlrpc.client
p = xmlrpc.client.ServerProxy("http:\x2f\x2f127.0.0.1:%s/RPC2" % sys.argv[1])
print(p.mul(6, 7), p.mul(2, 3))
)"),
                      QString::number(port)});
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, 15000);
        QCOMPARE(client.readAllStandardOutput(), QByteArray("42 6\n"));
        QTRY_COMPARE_WITH_TIMEOUT(store.size(), 2, 3000);
        QCOMPARE(store.call(0).method(), QStringLiteral("mul"));
        QTRY_VERIFY_WITH_TIMEOUT(session.summary().contains(QStringLiteral("2 calls")), 3000);
        QVERIFY2(session.summary().contains(QStringLiteral("0 dropped")), qPrintable(session.summary()));
        session.stop();
        QVERIFY(!session.isRunning());
        server.kill();
        server.waitForFinished();
    }
};

QTEST_MAIN(TestCaptureDialog)
#include "tst_capturedialog.moc"
