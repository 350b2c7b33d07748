// The GUI's Java classpath preference (ui/javaclasspathsetting, ui/javaclasspathdialog): applied to the call store's
// decode options, so that calls decoded again name their methods; kept in the settings and restored at start; a
// classpath that does not load is refused with the file named, in the dialog and on restore.
#include "../core/jrmp/classfilebuilder.h"
#include "decoderregistry.h"
#include "javaclasspathdialog.h"
#include "javaclasspathsetting.h"
#include "jrmp/javamethodtable.h"
#include "models/callstore.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace rpcscope;

namespace {

// A folder holding example/Greeting.class, a remote interface with add(int, int).
QString greetingFolder(const QTemporaryDir& dir)
{
    test::ClassFileBuilder b;
    b.methods.push_back(
        {0x0401, QStringLiteral("add"), QStringLiteral("(II)I"), {QStringLiteral("java/rmi/RemoteException")}, {}});
    const QString folder = dir.filePath(QStringLiteral("classes"));
    QDir().mkpath(folder + QStringLiteral("/example"));
    QFile f(folder + QStringLiteral("/example/Greeting.class"));
    if (f.open(QIODevice::WriteOnly))
        f.write(b.build());
    return folder;
}

const qint64 kAddHash = static_cast<qint64>(0x94a9af306652c3a6ULL);

} // namespace

class TestJavaClasspathSetting : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("RpcScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_javaclasspathsetting"));
    }
    void init() { QSettings().clear(); }

    void applyGivesTheStoreTheMethodsAndIsRestored()
    {
        QTemporaryDir dir;
        const QString folder = greetingFolder(dir);
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        QWidget window;
        CallStore store(registry);
        const auto names = store.decodeOptions().objectNames;
        JavaClasspathSetting setting(store, &window);
        QVERIFY(setting.action());
        QSignalSpy changed(&setting, &JavaClasspathSetting::changed);
        QVERIFY(setting.apply({folder}));
        QCOMPARE(changed.size(), 1);
        QVERIFY2(changed.at(0).at(0).toString().contains(QLatin1String("1 remote interfaces")),
                 qPrintable(changed.at(0).at(0).toString()));
        QVERIFY(store.decodeOptions().javaMethods);
        QCOMPARE(store.decodeOptions().javaMethods->find(kAddHash)->signature, QStringLiteral("int add(int, int)"));
        // The store's names of remote objects stay: they belong to what it shows, not to the classpath.
        QCOMPARE(store.decodeOptions().objectNames, names);
        QCOMPARE(QSettings().value(QStringLiteral("java/classpath")).toStringList(), QStringList {folder});

        // The next start reads it back.
        CallStore next(registry);
        JavaClasspathSetting restored(next, &window);
        QSignalSpy problem(&restored, &JavaClasspathSetting::problem);
        restored.restore();
        QCOMPARE(problem.size(), 0);
        QVERIFY(next.decodeOptions().javaMethods && next.decodeOptions().javaMethods->find(kAddHash));

        // An empty classpath takes the methods away again.
        QVERIFY(setting.apply({}));
        QVERIFY(!store.decodeOptions().javaMethods);
    }

    void aClasspathThatNoLongerLoadsIsReported()
    {
        QTemporaryDir dir;
        const QString jar = dir.filePath(QStringLiteral("gone.jar"));
        QSettings().setValue(QStringLiteral("java/classpath"), QStringList {jar});
        const DecoderRegistry registry = DecoderRegistry::withBuiltins();
        QWidget window;
        CallStore store(registry);
        JavaClasspathSetting setting(store, &window);
        QSignalSpy problem(&setting, &JavaClasspathSetting::problem);
        setting.restore();
        QCOMPARE(problem.size(), 1);
        QCOMPARE(problem.at(0).at(0).toString(),
                 QStringLiteral("Java classpath not loaded: %1: no such file or folder").arg(jar));
        QVERIFY(!store.decodeOptions().javaMethods);
        QVERIFY(!setting.apply({jar}));
        QCOMPARE(problem.size(), 2);
    }

    void dialogLoadsOnOkAndKeepsItsErrors()
    {
        QTemporaryDir dir;
        const QString folder = greetingFolder(dir);
        const QString broken = dir.filePath(QStringLiteral("broken.jar"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("PK\x03\x04", 4) + QByteArray(60, 'x')); // a local header, and then nothing of a zip
        f.close();

        JavaClasspathDialog bad({folder, broken});
        bad.accept();
        QCOMPARE(bad.result(), int(QDialog::Rejected)); // still open
        QVERIFY(!bad.loaded());
        bool shown = false;
        for (const QLabel* label : bad.findChildren<QLabel*>())
            shown = shown
                || label->text().startsWith(QStringLiteral("Not loaded: %1: a damaged zip archive").arg(broken));
        QVERIFY(shown);

        JavaClasspathDialog good({folder, folder});
        QCOMPARE(good.entries(), QStringList {folder}); // once
        good.accept();
        QCOMPARE(good.result(), int(QDialog::Accepted));
        QVERIFY(good.loaded());
        QCOMPARE(good.loaded()->remoteInterfaces, 1);
    }
};

QTEST_MAIN(TestJavaClasspathSetting)
#include "tst_javaclasspathsetting.moc"
