#include "testsupport.h"

#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope::test;

// What a newcomer sees from `scripts/run` without a display: the demo's calls, recorded by the proxy and decoded
// from the wire, with the article's results.
class TestDemo : public QObject
{
    Q_OBJECT

private:
    static QList<QJsonObject> callsOf(const QByteArray& jsonl)
    {
        QList<QJsonObject> calls;
        for (const QByteArray& line : jsonl.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            if (error.error != QJsonParseError::NoError) {
                qWarning("not JSON: %s", line.constData());
                return {};
            }
            calls << doc.object();
        }
        return calls;
    }

    static QJsonObject find(const QList<QJsonObject>& calls, const QString& method)
    {
        for (const QJsonObject& call : calls) {
            if (call.value(QStringLiteral("method")).toString() == method)
                return call;
        }
        return {};
    }

private Q_SLOTS:
    void headlessDemoShowsTheArticlesCalls()
    {
        QElapsedTimer clock;
        clock.start();
        const ProcessResult demo
            = runCli({QStringLiteral("demo"), QStringLiteral("--format"), QStringLiteral("jsonl")}, {}, 60000);
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        QVERIFY2(clock.elapsed() < 30000, "the demo should finish within seconds");
        // The banner tells the user what happens and how to do it by hand.
        QVERIFY2(demo.err.contains("recording proxy"), demo.err.constData());
        QVERIFY2(demo.err.contains("ServerProxy('http://127.0.0.1:"), demo.err.constData());

        const QList<QJsonObject> calls = callsOf(demo.out);
        QVERIFY2(calls.size() >= 6, demo.out.constData());
        // Every call the demo makes is answered: no refused protocol attempts among them.
        for (const QJsonObject& call : calls)
            QVERIFY2(call.value(QStringLiteral("status")).toString() != QLatin1String("no-reply"),
                     demo.out.constData());

        const QJsonObject add = find(calls, QStringLiteral("add"));
        QCOMPARE(add.value(QStringLiteral("protocol")).toString(), QStringLiteral("xmlrpc"));
        QCOMPARE(add.value(QStringLiteral("params")).toArray(), QJsonArray({3, 4}));
        QCOMPARE(add.value(QStringLiteral("result")).toInt(), 7);
        QCOMPARE(add.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));

        const QJsonObject fortune = find(calls, QStringLiteral("get_fortune"));
        QCOMPARE(fortune.value(QStringLiteral("protocol")).toString(), QStringLiteral("pyro4"));
        QCOMPARE(fortune.value(QStringLiteral("object")).toString(), QStringLiteral("example.greeting"));
        QCOMPARE(fortune.value(QStringLiteral("params")).toArray(), QJsonArray({QStringLiteral("letian")}));
        QCOMPARE(fortune.value(QStringLiteral("result")).toString(), QStringLiteral("Hello, letian. \n"));

        const QJsonObject fault = find(calls, QStringLiteral("fault"));
        QCOMPARE(fault.value(QStringLiteral("status")).toString(), QStringLiteral("fault"));
        QCOMPARE(fault.value(QStringLiteral("fault")).toObject().value(QStringLiteral("code")).toInt(), 4);

        const QJsonObject divide = find(calls, QStringLiteral("divide"));
        QCOMPARE(divide.value(QStringLiteral("status")).toString(), QStringLiteral("exception"));
        QVERIFY2(divide.value(QStringLiteral("fault"))
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString()
                     .contains(QStringLiteral("ZeroDivisionError")),
                 demo.out.constData());
    }

    void textFormatIsOneLinePerCall()
    {
        const ProcessResult demo = runCli({QStringLiteral("demo"), QStringLiteral("--quiet")}, {}, 60000);
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        QVERIFY(demo.err.isEmpty());
        QVERIFY2(demo.out.contains("add(3, 4) → 7"), demo.out.constData());
        QVERIFY2(demo.out.contains("get_fortune(\"letian\") → \"Hello, letian. \\n\""), demo.out.constData());
    }

    void guiDemoListsTheCallsInTheWindow()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString png = dir.filePath(QStringLiteral("demo.png"));
        const ProcessResult gui
            = runProcess(guiPath(), {QStringLiteral("--demo"), QStringLiteral("--screenshot"), png}, {}, 60000);
        QVERIFY2(gui.exitCode == 0, gui.err.constData());
        QVERIFY2(gui.out.contains("demo finished: "), gui.out.constData());
        QVERIFY2(gui.out.contains(" 0 without answer"), gui.out.constData());
        QVERIFY2(gui.out.contains("add(3, 4) → 7"), gui.out.constData());
        QVERIFY2(gui.out.contains("get_fortune(\"letian\") → \"Hello, letian. \\n\""), gui.out.constData());
        QVERIFY2(QImage(png).width() > 200, qPrintable(png));
    }

    void badFormatIsAUsageError()
    {
        const ProcessResult demo = runCli({QStringLiteral("demo"), QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(demo.exitCode, 2);
        QVERIFY2(demo.err.contains("unknown format 'xml'"), demo.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
