// `rpcscope-cli ca` (app/cli/cacommand.cpp): shows the CA, making it on first use, and exports its certificate
// exactly as the proxy and the test servers use it; two processes starting at once agree on one CA.
#include "testsupport.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope::test;

class TestCaCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsAndExports()
    {
        QTemporaryDir temp;
        const QString dir = temp.filePath(QStringLiteral("ca"));
        const ProcessResult shown = runCli({QStringLiteral("ca"), QStringLiteral("--ca-dir"), dir});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        QVERIFY2(shown.err.contains(QByteArray("made a new CA in " + dir.toUtf8())), shown.err.constData());
        QVERIFY2(shown.out.contains(QByteArray("certificate  " + dir.toUtf8() + "/rpcscope-ca-cert.pem")),
                 shown.out.constData());
        QVERIFY2(shown.out.contains("CN=RpcScope CA"), shown.out.constData());

        // The fingerprint printed is the one openssl computes for the exported file.
        const QString exported = temp.filePath(QStringLiteral("exported.pem"));
        const ProcessResult written
            = runCli({QStringLiteral("ca"), QStringLiteral("--ca-dir"), dir, QStringLiteral("--export"), exported});
        QVERIFY2(written.exitCode == 0, written.err.constData());
        QVERIFY2(!written.err.contains("made a new CA"), written.err.constData());
        const ProcessResult fingerprint
            = runProcess(QStringLiteral("openssl"),
                         {QStringLiteral("x509"), QStringLiteral("-in"), exported, QStringLiteral("-noout"),
                          QStringLiteral("-fingerprint"), QStringLiteral("-sha256")});
        QVERIFY2(fingerprint.exitCode == 0, fingerprint.err.constData());
        const QByteArray sha256 = fingerprint.out.trimmed().split('=').last();
        QVERIFY2(shown.out.contains(QByteArray("SHA-256      " + sha256)),
                 QByteArray(shown.out + fingerprint.out).constData());
        QVERIFY2(written.err.contains(sha256), written.err.constData());

        QFile exportedFile(exported);
        QFile caFile(dir + QStringLiteral("/rpcscope-ca-cert.pem"));
        QVERIFY(exportedFile.open(QIODevice::ReadOnly) && caFile.open(QIODevice::ReadOnly));
        const QByteArray pem = exportedFile.readAll();
        QCOMPARE(pem, caFile.readAll());
        QVERIFY(pem.startsWith("-----BEGIN CERTIFICATE-----\n"));
        QVERIFY(!pem.contains("PRIVATE KEY"));

        const ProcessResult toStdout = runCli(
            {QStringLiteral("ca"), QStringLiteral("--ca-dir"), dir, QStringLiteral("--export"), QStringLiteral("-")});
        QCOMPARE(toStdout.exitCode, 0);
        QCOMPARE(toStdout.out, pem);
    }

    void concurrentFirstUseAgreesOnOneCa()
    {
        QTemporaryDir temp;
        const QString dir = temp.filePath(QStringLiteral("ca"));
        QProcess processes[4];
        for (QProcess& p : processes)
            p.start(cliPath(),
                    {QStringLiteral("ca"), QStringLiteral("--ca-dir"), dir, QStringLiteral("--export"),
                     QStringLiteral("-")});
        QList<QByteArray> exported;
        int made = 0;
        for (QProcess& p : processes) {
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitCode(), 0);
            exported << p.readAllStandardOutput();
            made += p.readAllStandardError().contains("made a new CA") ? 1 : 0;
        }
        QVERIFY(made >= 1);
        for (const QByteArray& pem : exported)
            QCOMPARE(pem, exported.first());
        QVERIFY(exported.first().contains("BEGIN CERTIFICATE"));
    }

    void errorsAreReported_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("message");
        QTest::addRow("unwritable export")
            << QStringList {QStringLiteral("--export"), QStringLiteral("/nonexistent/dir/ca.pem")} << 1
            << QByteArray("cannot write /nonexistent/dir/ca.pem");
        QTest::addRow("unknown option") << QStringList {QStringLiteral("--exprot"), QStringLiteral("x")} << 2
                                        << QByteArray("Unknown option 'exprot'");
        QTest::addRow("stray argument") << QStringList {QStringLiteral("export")} << 2
                                        << QByteArray("unexpected argument 'export'");
    }

    void errorsAreReported()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, message);
        QTemporaryDir temp;
        const ProcessResult r
            = runCli(QStringList {QStringLiteral("ca"), QStringLiteral("--ca-dir"), temp.path()} + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), r.err.constData());
    }

    void caDirectoryThatIsAFileIsAnError()
    {
        QTemporaryDir temp;
        const QString file = temp.filePath(QStringLiteral("plain"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const ProcessResult r = runCli({QStringLiteral("ca"), QStringLiteral("--ca-dir"), file});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("is not a directory"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCaCommand)
#include "tst_cacommand.moc"
