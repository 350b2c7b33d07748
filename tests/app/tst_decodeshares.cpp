// `rpcscope-cli decode` on shares of one capture, as N machines that each decode a part of a capture they can all
// read: `--connections N/M` and `--from/--to` windows together give every call of the whole exactly once, and
// `--threads` changes nothing in the output.
#include "clijson.h"
#include "testsupport.h"

#include <QDateTime>
#include <QTest>

#include <algorithm>

using namespace rpcscope::test;

namespace {

QByteArrayList sortedLines(const QByteArray& out)
{
    QByteArrayList lines = out.split('\n');
    lines.removeAll(QByteArray());
    std::sort(lines.begin(), lines.end());
    return lines;
}

QStringList captureArgs(const QString& capture, const QString& keys)
{
    QStringList args {QStringLiteral("decode"), dataPath(capture), QStringLiteral("--format"), QStringLiteral("jsonl")};
    if (!keys.isEmpty())
        args << QStringLiteral("--tls-keylog") << dataPath(keys);
    return args;
}

QByteArray decodeOut(const QStringList& args)
{
    const ProcessResult r = runCli(args);
    if (r.exitCode != 0)
        QTest::qFail(qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err))), __FILE__,
                     __LINE__);
    return r.out;
}

} // namespace

class TestDecodeShares : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void captures_data()
    {
        QTest::addColumn<QString>("capture");
        QTest::addColumn<QString>("keys");
        QTest::addRow("xmlrpc, a connection per call") << "xmlrpc/xmlrpc-fidelity.pcap"
                                                       << "";
        QTest::addRow("pyro4 name server") << "pyro4/pyro4-names.pcap"
                                           << "";
        QTest::addRow("xmlrpc over TLS") << "tls/tls-xmlrpc.pcap"
                                         << "tls/tls-xmlrpc.keys";
    }

    // Shares of connections: 1/2 and 2/2 (and 1/3..3/3) together are the whole, with no call twice.
    void connectionSharesMakeTheWhole_data() { captures_data(); }
    void connectionSharesMakeTheWhole()
    {
        QFETCH(QString, capture);
        QFETCH(QString, keys);
        const QByteArrayList whole = sortedLines(decodeOut(captureArgs(capture, keys)));
        QVERIFY(whole.size() >= 4);
        for (int count : {2, 3}) {
            QByteArray together;
            int nonEmptyShares = 0;
            for (int index = 1; index <= count; ++index) {
                const QByteArray share
                    = decodeOut(captureArgs(capture, keys)
                                << QStringLiteral("--connections") << QStringLiteral("%1/%2").arg(index).arg(count));
                nonEmptyShares += share.isEmpty() ? 0 : 1;
                together += share;
            }
            QCOMPARE(sortedLines(together), whole);
            QVERIFY2(nonEmptyShares >= 2, "the calls must be spread over the shares");
        }
    }

    // Time windows: [from, t) and [t, to) split the calls at t, by the start of their requests.
    void timeWindowsMakeTheWhole_data() { captures_data(); }
    void timeWindowsMakeTheWhole()
    {
        QFETCH(QString, capture);
        QFETCH(QString, keys);
        const QByteArray out = decodeOut(captureArgs(capture, keys));
        const QList<QJsonObject> calls = parseJsonLines(out);
        QVERIFY(calls.size() >= 4);
        // Split between the middle call and the one before it, in seconds since the epoch.
        const double cut = calls.at(calls.size() / 2).value("start").toDouble();
        const QString at = QString::number(cut, 'f', 6);
        const QByteArray before = decodeOut(captureArgs(capture, keys) << QStringLiteral("--to") << at);
        const QByteArray after = decodeOut(captureArgs(capture, keys) << QStringLiteral("--from") << at);
        QVERIFY(!before.isEmpty());
        QVERIFY(!after.isEmpty());
        for (const QJsonObject& call : parseJsonLines(before))
            QVERIFY(call.value("start").toDouble() < cut);
        for (const QJsonObject& call : parseJsonLines(after))
            QVERIFY(call.value("start").toDouble() >= cut);
        QCOMPARE(sortedLines(before + after), sortedLines(out));
    }

    // The same window written as ISO 8601 (UTC) and as seconds since the epoch.
    void isoTimeEqualsEpochSeconds()
    {
        const QStringList args = captureArgs(QStringLiteral("xmlrpc/xmlrpc-fidelity.pcap"), {});
        const QList<QJsonObject> calls = parseJsonLines(decodeOut(args));
        QVERIFY(calls.size() >= 4);
        const qint64 second = static_cast<qint64>(calls.at(calls.size() / 2).value("start").toDouble()) + 1;
        const QString iso = QDateTime::fromSecsSinceEpoch(second, Qt::UTC).toString(Qt::ISODate);
        QVERIFY(iso.endsWith(QLatin1Char('Z')));
        QString naive = iso;
        naive.chop(1); // without a zone: UTC as well
        const QByteArray byEpoch = decodeOut(QStringList(args) << QStringLiteral("--from") << QString::number(second));
        QCOMPARE(decodeOut(QStringList(args) << QStringLiteral("--from") << iso), byEpoch);
        QCOMPARE(decodeOut(QStringList(args) << QStringLiteral("--from") << naive), byEpoch);
        const QString plusOne = QDateTime::fromSecsSinceEpoch(second, Qt::OffsetFromUTC, 3600).toString(Qt::ISODate);
        QCOMPARE(decodeOut(QStringList(args) << QStringLiteral("--from") << plusOne), byEpoch);
    }

    // One thread or several: the same bytes, in text and jsonl.
    void threadsChangeNothing_data() { captures_data(); }
    void threadsChangeNothing()
    {
        QFETCH(QString, capture);
        QFETCH(QString, keys);
        for (const char* format : {"jsonl", "text"}) {
            QStringList args = captureArgs(capture, keys);
            args[args.indexOf(QStringLiteral("jsonl"))] = QString::fromLatin1(format);
            const ProcessResult one = runCli(QStringList(args) << QStringLiteral("--threads") << QStringLiteral("1"));
            const ProcessResult four = runCli(QStringList(args) << QStringLiteral("--threads") << QStringLiteral("4"));
            QCOMPARE(one.exitCode, 0);
            QVERIFY(!one.out.isEmpty());
            QCOMPARE(four.out, one.out);
            QCOMPARE(four.err, one.err);
        }
    }

    void badValuesAreNamed_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("share 0") << QStringList {"--connections", "0/2"} << "--connections wants N/M";
        QTest::addRow("share past the count") << QStringList {"--connections", "3/2"} << "--connections wants N/M";
        QTest::addRow("share not a fraction") << QStringList {"--connections", "half"} << "--connections wants N/M";
        QTest::addRow("time") << QStringList {"--from", "yesterday"} << "--from wants an ISO 8601 date";
        QTest::addRow("to") << QStringList {"--to", "12:00"} << "--to wants an ISO 8601 date";
        QTest::addRow("threads") << QStringList {"--threads", "0"} << "--threads wants a number from 1 to 64";
    }
    void badValuesAreNamed()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const ProcessResult r = runCli(
            QStringList {QStringLiteral("decode"), dataPath(QStringLiteral("xmlrpc/xmlrpc-fidelity.pcap"))} + args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDecodeShares)
#include "tst_decodeshares.moc"
