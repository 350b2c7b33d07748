// The live sources in the main window: the Capture menu and toolbar, the Proxy dock, and "Capture from command",
// which runs a command into a FIFO that is read like a capture file as the bytes arrive.
#include "callsink.h"
#include "commandcapture.h"
#include "decoderregistry.h"
#include "livesources.h"
#include "mainwindow.h"
#include "packetprocessor.h"
#include "pcapfilesource.h"
#include "proxypanel.h"
#include "testsupport.h"
#include "trafficdecoder.h"

#include <QAction>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

class TestLiveSources : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void windowGetsMenuToolbarAndProxyDock()
    {
        MainWindow window;
        LiveSources* live = installLiveSources(window);
        QVERIFY(live);
        QMenu* capture = nullptr;
        for (QAction* a : window.menuBar()->actions())
            if (a->menu() && a->text().remove(QLatin1Char('&')) == QLatin1String("Capture"))
                capture = a->menu();
        QVERIFY(capture);
        QVERIFY(capture->actions().contains(live->startAction()));
        QVERIFY(capture->actions().contains(live->stopAction()));
        QVERIFY(capture->actions().contains(live->commandAction()));
        QVERIFY(live->startAction()->isEnabled());
        QVERIFY(!live->stopAction()->isEnabled()); // nothing to stop yet
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("proxyDock"));
        QVERIFY(dock);
        QCOMPARE(dock->widget(), live->proxyPanel());
    }

    void commandOutputIsReadThroughAFifo()
    {
        const QString sample = dataPath(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap"));
        CommandCapture command;
        QSignalSpy finished(&command, &CommandCapture::finished);
        auto fifo = command.start(QStringLiteral("cat '%1'").arg(sample));
        QVERIFY2(fifo.ok(), fifo ? "" : qPrintable(fifo.error()));

        auto source = PcapFileSource::open(*fifo);
        QVERIFY2(source.ok(), source ? "" : qPrintable(source.error()));
        QVERIFY((*source)->isStream());
        auto decoder = PacketDecoder::forLinkType((*source)->linkType());
        QVERIFY(decoder.ok());
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        test::CallCollector calls;
        TrafficDecoder traffic(registry, DecodeOptions {}, calls);
        PacketProcessor processor(*decoder, traffic);
        QCOMPARE((*source)->readAll(processor), PcapFileSource::Status::End);
        processor.finish();
        traffic.finishAll(processor.stats().lastTimestamp);

        // The same calls as reading the file directly.
        const ProcessResult direct = runCli({QStringLiteral("decode"), sample});
        QCOMPARE(direct.exitCode, 0);
        QCOMPARE(qsizetype(calls.calls.size()), direct.out.trimmed().split('\n').size());
        QVERIFY(!calls.calls.empty());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(finished.first().at(0).toBool(), true);
    }

    void stoppingEndsTheWholeCommand()
    {
        CommandCapture command;
        QSignalSpy finished(&command, &CommandCapture::finished);
        // A pipeline: stopping must end every process in it, not only the shell.
        QVERIFY(command.start(QStringLiteral("sleep 30 | cat")).ok());
        QVERIFY(command.isRunning());
        QElapsedTimer timer;
        timer.start();
        command.stop();
        QVERIFY(!command.isRunning());
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 3000);
        QCOMPARE(finished.first().at(0).toBool(), false);
    }

    void emptyCommandIsRefused()
    {
        CommandCapture command;
        auto fifo = command.start(QStringLiteral("  "));
        QVERIFY(!fifo.ok());
        QCOMPARE(fifo.error(), QStringLiteral("no command given"));
    }
};

QTEST_MAIN(TestLiveSources)
#include "tst_livesources.moc"
