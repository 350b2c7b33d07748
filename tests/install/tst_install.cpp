#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope::test;

// Installs the build tree into a scratch prefix, as a packager would, and checks that a desktop session would
// find the program, its icon and the samples that the desktop entry and Help → Samples refer to.
class TestInstall : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void installedTreeHoldsWhatTheDesktopEntryNames()
    {
        QTemporaryDir prefix;
        QVERIFY(prefix.isValid());
        const ProcessResult install = runProcess(QStringLiteral(RPCSCOPE_CMAKE),
                                                 {QStringLiteral("--install"), QStringLiteral(RPCSCOPE_BINARY_DIR),
                                                  QStringLiteral("--prefix"), prefix.path()},
                                                 {}, 100000);
        QVERIFY2(install.exitCode == 0, install.err.constData());

        const QDir root(prefix.path());
        const QString desktopPath = root.filePath(QStringLiteral("share/applications/rpcscope.desktop"));
        QVERIFY2(QFileInfo::exists(desktopPath), qPrintable(desktopPath));
        QSettings desktop(desktopPath, QSettings::IniFormat);
        desktop.beginGroup(QStringLiteral("Desktop Entry"));
        const QString exec = desktop.value(QStringLiteral("Exec")).toString().section(QLatin1Char(' '), 0, 0);
        const QString icon = desktop.value(QStringLiteral("Icon")).toString();
        QCOMPARE(exec, QStringLiteral("rpcscope"));
        QCOMPARE(icon, QStringLiteral("rpcscope"));

        const QFileInfo program(root.filePath(QStringLiteral("bin/") + exec));
        QVERIFY2(program.isExecutable(), qPrintable(program.filePath()));
        QVERIFY(QFileInfo(root.filePath(QStringLiteral("bin/rpcscope-cli"))).isExecutable());
        QVERIFY(QFileInfo::exists(
            root.filePath(QStringLiteral("share/icons/hicolor/scalable/apps/") + icon + QStringLiteral(".svg"))));

        const QDir samples(root.filePath(QStringLiteral("share/rpcscope/samples")));
        const QStringList pcaps = samples.entryList({QStringLiteral("*.pcap")}, QDir::Files);
        QVERIFY2(pcaps.contains(QStringLiteral("pyro4-greeting.pcap")), qPrintable(pcaps.join(u',')));
        QVERIFY2(pcaps.contains(QStringLiteral("jrmp-hello.pcap")), qPrintable(pcaps.join(u',')));

        // The installed CLI runs from its new place and decodes an installed sample.
        const ProcessResult decode
            = runProcess(program.absolutePath() + QStringLiteral("/rpcscope-cli"),
                         {QStringLiteral("decode"), samples.filePath(QStringLiteral("pyro4-greeting.pcap"))});
        QCOMPARE(decode.exitCode, 0);
        QVERIFY2(decode.out.contains("get_fortune(\"letian\")"), decode.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"
