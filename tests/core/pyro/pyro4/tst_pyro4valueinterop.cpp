// Value fidelity against real peers: Debian's Pyro4 4.82 daemon and client echo a few hundred kinds of value (strings
// with U+FEFF, NUL, lone surrogates and astral characters; ints at every edge and far past 64 bits; floats at their
// edges, -0.0, subnormals, NaN and infinities; bytes; tuples, lists, sets; dicts with keys of every type; dates,
// times, decimals, uuids, complex numbers) with each serializer, through `rpcscope-cli proxy --write`. The capture is
// decoded with `rpcscope-cli decode --format jsonl` and every decoded value is compared with what the peer that
// received it got, both written in RpcScope's JSON mapping (tests/data/pyro4/values/echo_values.py does the Python
// side). No capture rights are needed.
#include "pythonpeer.h"
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope::test;

class TestPyro4ValueInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void peersReceiveWhatIsDecoded_data();
    void peersReceiveWhatIsDecoded();
    void everySerializerCarriesMostKinds();

private:
    QTemporaryDir m_dir;
    QJsonArray m_results;
};

namespace {

const QStringList kSerializers {QStringLiteral("serpent"), QStringLiteral("json"), QStringLiteral("marshal"),
                                QStringLiteral("pickle"), QStringLiteral("msgpack")};

QString scriptText()
{
    return QString::fromUtf8(readData(QStringLiteral("pyro4/values/echo_values.py")));
}

QString serializerOf(const QJsonObject& result)
{
    return result.value(QStringLiteral("case")).toString().section(QLatin1Char('/'), 0, 0);
}

// Starts `rpcscope-cli proxy` in front of `serverPort` on a free port, writing `pcap`; returns its port (0 on error).
quint16 startProxy(QProcess& proxy, quint16 serverPort, const QString& pcap)
{
    proxy.setStandardOutputFile(QProcess::nullDevice());
    proxy.start(cliPath(),
                {QStringLiteral("proxy"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                 QStringLiteral("--to"), QStringLiteral("127.0.0.1:%1").arg(serverPort), QStringLiteral("--write"),
                 pcap});
    QByteArray err;
    static const QRegularExpression listening(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
    QDeadlineTimer deadline(15000);
    while (!deadline.hasExpired() && proxy.state() != QProcess::NotRunning) {
        proxy.waitForReadyRead(100);
        err += proxy.readAllStandardError();
        const QRegularExpressionMatch m = listening.match(QString::fromUtf8(err));
        if (m.hasMatch())
            return static_cast<quint16>(m.captured(1).toUInt());
    }
    qWarning().noquote() << "proxy:" << err;
    return 0;
}

} // namespace

void TestPyro4ValueInterop::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString record = m_dir.filePath(QStringLiteral("record.pickle"));
    const QString pcap = m_dir.filePath(QStringLiteral("values.pcap"));
    const QString jsonl = m_dir.filePath(QStringLiteral("values.jsonl"));

    // The peers: one Python process with the daemon (every serializer accepted) and the client.
    PythonPeer peers;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    env.insert(QStringLiteral("PYTHONHASHSEED"), QStringLiteral("0"));
    peers.process().setProcessEnvironment(env);
    peers.start(scriptText(), {QStringLiteral("peers"), record});
    const quint16 daemonPort = peers.readPort();
    QVERIFY2(daemonPort != 0, peers.process().readAllStandardError().constData());

    QProcess proxy;
    const quint16 proxyPort = startProxy(proxy, daemonPort, pcap);
    QVERIFY(proxyPort != 0);
    peers.process().write(QByteArray::number(proxyPort) + '\n');
    QVERIFY2(peers.finish(90000), peers.err().constData());
    QCOMPARE(peers.exitCode(), 0);
    QVERIFY2(peers.out().contains("done"), peers.err().constData());
    proxy.terminate(); // SIGTERM: a clean stop that writes the pcap
    QVERIFY(proxy.waitForFinished(10000));
    QCOMPARE(proxy.exitCode(), 0);

    const ProcessResult decoded
        = runCli({QStringLiteral("decode"), pcap, QStringLiteral("--format"), QStringLiteral("jsonl")});
    QVERIFY2(decoded.exitCode == 0, decoded.err.constData());
    QFile out(jsonl);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(decoded.out);
    out.close();
    // The comparison parses every line with Python's json (Qt's parser refuses integers past a double's range, which
    // JSON allows), so a line that is not JSON fails it.
    const ProcessResult compared = runPython(scriptText(), {QStringLiteral("compare"), record, jsonl});
    QVERIFY2(compared.exitCode == 0, compared.err.constData());
    m_results = QJsonDocument::fromJson(compared.out).array();
    QVERIFY(!m_results.isEmpty());
}

void TestPyro4ValueInterop::peersReceiveWhatIsDecoded_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QString>("side");
    for (const QString& serializer : kSerializers) {
        for (const char* side : {"request", "response"})
            QTest::addRow("%s %s", qPrintable(serializer), side) << serializer << QString::fromLatin1(side);
    }
}

void TestPyro4ValueInterop::peersReceiveWhatIsDecoded()
{
    // For each value the peer received (the daemon for the request, the client for the reply): the decoded value
    // equals it, the call is ok and not cut, and the only problems are the lenient notes the case calls for.
    QFETCH(QString, serializer);
    QFETCH(QString, side);
    QStringList failures;
    int compared = 0;
    for (const QJsonValue& v : std::as_const(m_results)) {
        const QJsonObject r = v.toObject();
        if (serializerOf(r) != serializer)
            continue;
        const QString name = r.value(QStringLiteral("case")).toString();
        if (r.value(QStringLiteral("missing")).toBool()) {
            failures << name + QStringLiteral(": no decoded call");
            continue;
        }
        if (r.value(QStringLiteral("side")).toString() != side)
            continue;
        // A value a receiver refused is not compared, but its message must decode: lenient notes only (a value
        // Python refuses is read generously and said so).
        const bool refused = r.contains(QStringLiteral("skipped"));
        const bool lenientExpected = refused || r.value(QStringLiteral("expect_lenient")).toBool();
        bool lenient = false;
        for (const QJsonValue& p : r.value(QStringLiteral("problems")).toArray()) {
            const QString kind = p.toObject().value(QStringLiteral("kind")).toString();
            lenient = lenient || kind == QLatin1String("lenient");
            if (kind != QLatin1String("lenient") || !lenientExpected)
                failures << name
                        + QStringLiteral(": unexpected %1 problem: %2")
                              .arg(kind, p.toObject().value(QStringLiteral("text")).toString());
        }
        if (refused)
            continue;
        ++compared;
        if (r.value(QStringLiteral("truncated")).toBool())
            failures << name + QStringLiteral(": shown as truncated");
        if (r.value(QStringLiteral("expect_lenient")).toBool() && !lenient)
            failures << name + QStringLiteral(": no lenient problem for two code points read as one character");
        const QString decoded = r.value(QStringLiteral("decoded")).toString();
        const QString expected = r.value(QStringLiteral("expected")).toString();
        if (decoded != expected)
            failures << QStringLiteral("%1:\n    decoded  %2\n    received %3")
                            .arg(name, decoded.left(300), expected.left(300));
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 25).join(QLatin1Char('\n'))));
    QVERIFY2(compared >= 150, qPrintable(QStringLiteral("only %1 values compared").arg(compared)));
}

void TestPyro4ValueInterop::everySerializerCarriesMostKinds()
{
    // What each serializer could not carry is listed (run with -v2 to see it); most kinds must go through, so a
    // broken peer cannot make the comparison above pass by comparing nothing.
    for (const QString& serializer : kSerializers) {
        int compared = 0;
        QMap<QString, int> skipped;
        for (const QJsonValue& v : std::as_const(m_results)) {
            const QJsonObject r = v.toObject();
            if (serializerOf(r) != serializer)
                continue;
            if (r.contains(QStringLiteral("skipped")))
                ++skipped[r.value(QStringLiteral("skipped")).toString().left(100)];
            else
                ++compared;
        }
        QStringList lines;
        for (auto it = skipped.cbegin(); it != skipped.cend(); ++it)
            lines << QStringLiteral("  %1 x %2").arg(it.value()).arg(it.key());
        qInfo().noquote() << serializer << compared << "values compared; not compared:\n" << lines.join('\n');
        QVERIFY2(compared >= 300, qPrintable(serializer));
    }
}

QTEST_GUILESS_MAIN(TestPyro4ValueInterop)
#include "tst_pyro4valueinterop.moc"
