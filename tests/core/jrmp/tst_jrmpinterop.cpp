// Value fidelity against a real JDK: an RMI echo server and client (tests/data/jrmp/fidelity, compiled here with the
// JDK's javac) exchange a few hundred values of every kind through `rpcscope-cli proxy --write`; the recording is
// decoded with `rpcscope-cli decode --format jsonl --java-signatures`, and every argument and result RpcScope shows
// must be, character for character, what the Java peers print for the value they received (JsonMapping.java writes
// RpcScope's documented JSON mapping, independently of RpcScope's code).
//
// Why a client socket factory: an RMI stub carries the endpoint of its object, so a client connects to the server's
// port directly. The server exports the Echo object with RedirectingSocketFactory(proxy port), which travels inside
// the stub and makes the client's RMI runtime connect to the proxy instead; the proxy forwards to the object's port.
// Everything on the wire is the JDK's own JRMP; the registry lookup goes to the registry directly and is not recorded.
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

namespace {

// Short-lived JVMs start and run faster with the quick JIT only and the simplest collector (about half the CPU).
const QStringList kQuickJvm {QStringLiteral("-XX:TieredStopAtLevel=1"), QStringLiteral("-XX:+UseSerialGC")};

const char* const kSources[] = {"Echo.java",           "EchoServer.java",  "EchoClient.java",
                                "FidelityValues.java", "JsonMapping.java", "RedirectingSocketFactory.java"};

// --- Raw JSON: the decoded values are compared as text, so they are cut out of the line without re-encoding. ---

qsizetype skipString(QByteArrayView s, qsizetype i)
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return -1;
}

// The end of the value starting at `i` (compact JSON, as the CLI writes it), or -1.
qsizetype skipValue(QByteArrayView s, qsizetype i)
{
    if (i < 0 || i >= s.size())
        return -1;
    if (s[i] == '"')
        return skipString(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (; i < s.size(); ++i) {
            const char c = s[i];
            if (c == '"') {
                i = skipString(s, i) - 1;
                if (i < 0)
                    return -1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return -1;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']')
        ++i;
    return i;
}

// The raw text of member `key` of a JSON object (top level only), or empty.
QByteArray member(QByteArrayView object, QByteArrayView key)
{
    qsizetype i = 1;
    while (i > 0 && i < object.size() && object[i] == '"') {
        const qsizetype keyEnd = skipString(object, i);
        if (keyEnd < 0)
            return {};
        const QByteArrayView name = object.sliced(i + 1, keyEnd - i - 2);
        const qsizetype valueEnd = skipValue(object, keyEnd + 1);
        if (valueEnd < 0)
            return {};
        if (name == key)
            return object.sliced(keyEnd + 1, valueEnd - keyEnd - 1).toByteArray();
        i = valueEnd + 1;
    }
    return {};
}

QList<QByteArray> elements(QByteArrayView array)
{
    QList<QByteArray> out;
    if (array.size() < 2 || array.front() != '[')
        return out;
    qsizetype i = 1;
    while (i < array.size() && array[i] != ']') {
        const qsizetype end = skipValue(array, i);
        if (end < 0)
            return out;
        out << array.sliced(i, end - i).toByteArray();
        i = end + 1;
    }
    return out;
}

QString jsonString(const QByteArray& raw)
{
    return QJsonDocument::fromJson("[" + raw + "]").array().at(0).toString();
}

QString shorten(const QByteArray& text)
{
    return QString::fromUtf8(text.size() > 300 ? text.left(300) + "…(" + QByteArray::number(text.size()) + " bytes)"
                                               : text);
}

// `name TAB role TAB json` lines of a peer, by name and role.
QHash<QString, QHash<QString, QByteArray>> peerLines(const QByteArray& output)
{
    QHash<QString, QHash<QString, QByteArray>> out;
    for (const QByteArray& line : output.split('\n')) {
        const QList<QByteArray> parts = line.split('\t');
        if (parts.size() == 3)
            out[QString::fromUtf8(parts[0])][QString::fromUtf8(parts[1])] = parts[2];
    }
    return out;
}

// Waits until `file` contains `text` (or `process` ended, or the time is up).
bool waitForText(QProcess& process, const QString& file, const QByteArray& text, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && process.state() != QProcess::NotRunning) {
        QFile f(file);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(text))
            return true;
        process.waitForFinished(100);
    }
    return false;
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void stop(QProcess& process, bool terminate)
{
    if (process.state() == QProcess::NotRunning)
        return;
    if (terminate)
        process.terminate();
    else
        process.kill();
    if (!process.waitForFinished(15000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

} // namespace

class TestJrmpInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valuesArriveAsThePeersSawThem();
};

void TestJrmpInterop::valuesArriveAsThePeersSawThem()
{
    if (test::javaPath().isEmpty() || test::javacPath().isEmpty())
        QSKIP("java and javac (JDK 17) are needed for the Java peer; install openjdk-17-jdk-headless");
    QElapsedTimer phase;
    phase.start();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString classes = dir.filePath(QStringLiteral("classes"));
    QStringList javac {QStringLiteral("-J-XX:TieredStopAtLevel=1"), QStringLiteral("-J-XX:+UseSerialGC"),
                       QStringLiteral("-d"), classes};
    for (const char* source : kSources)
        javac << test::dataPath(QStringLiteral("jrmp/fidelity/%1").arg(QLatin1String(source)));
    const test::ProcessResult compiled = test::runProcess(test::javacPath(), javac, {}, 120000);
    QVERIFY2(compiled.exitCode == 0, compiled.err.constData());
    const qint64 compileMs = phase.restart();

    QList<quint16> ports;
    while (ports.size() < 3) {
        const quint16 port = test::freeTcpPort();
        if (port != 0 && !ports.contains(port))
            ports << port;
    }
    const QString registryPort = QString::number(ports[0]);
    const QString objectPort = QString::number(ports[1]);
    const QString proxyPort = QString::number(ports[2]);

    // The stub names 127.0.0.1 as the object's host, so everything stays on loopback.
    QProcess server;
    const QString serverOut = dir.filePath(QStringLiteral("server.out"));
    server.setStandardOutputFile(serverOut);
    server.setStandardErrorFile(dir.filePath(QStringLiteral("server.err")));
    server.start(test::javaPath(),
                 kQuickJvm
                     + QStringList {QStringLiteral("-Djava.rmi.server.hostname=127.0.0.1"), QStringLiteral("-cp"),
                                    classes, QStringLiteral("EchoServer"), registryPort, objectPort, proxyPort});
    const auto stopServer = qScopeGuard([&] { stop(server, false); });
    QVERIFY2(waitForText(server, serverOut, "ready", 60000),
             readFile(dir.filePath(QStringLiteral("server.err"))).constData());

    QProcess proxy;
    const QString pcap = dir.filePath(QStringLiteral("echo.pcap"));
    const QString proxyErr = dir.filePath(QStringLiteral("proxy.err"));
    proxy.setStandardOutputFile(QProcess::nullDevice());
    proxy.setStandardErrorFile(proxyErr);
    proxy.start(test::cliPath(),
                {QStringLiteral("proxy"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:") + proxyPort,
                 QStringLiteral("--to"), QStringLiteral("127.0.0.1:") + objectPort, QStringLiteral("--write"), pcap});
    const auto stopProxy = qScopeGuard([&] { stop(proxy, false); });
    QVERIFY2(waitForText(proxy, proxyErr, "listening on", 30000), readFile(proxyErr).constData());

    const test::ProcessResult client = test::runProcess(
        test::javaPath(),
        kQuickJvm
            + QStringList {QStringLiteral("-Djava.rmi.server.hostname=127.0.0.1"), QStringLiteral("-cp"), classes,
                           QStringLiteral("EchoClient"), registryPort, QStringLiteral("all")},
        {}, 240000);
    QVERIFY2(client.exitCode == 0 && client.out.contains("\ndone "), client.err.constData());

    stop(proxy, true); // SIGTERM: finishes pending calls and writes the pcap
    QCOMPARE(proxy.exitCode(), 0);
    stop(server, false);
    const qint64 exchangeMs = phase.restart();

    const test::ProcessResult decoded = test::runCli(
        {QStringLiteral("decode"), pcap, QStringLiteral("--format"), QStringLiteral("jsonl"),
         QStringLiteral("--java-signatures"), test::dataPath(QStringLiteral("jrmp/fidelity/fidelity.signatures"))},
        {}, 240000);
    QVERIFY2(decoded.exitCode == 0, decoded.err.constData());
    const qint64 decodeMs = phase.restart();
    qInfo("javac %lld ms, the peers' exchange through the proxy %lld ms, decode %lld ms", compileMs, exchangeMs,
          decodeMs);

    // Every line is JSON a strict reader takes (Python's json: big integers, lone surrogate escapes).
    const test::ProcessResult parsed
        = test::runPython(QStringLiteral("import sys, json\nsys.set_int_max_str_digits(0)\nn = 0\nfor line in "
                                         "sys.stdin:\n    json.loads(line)\n    n += 1\nprint(n)"),
                          {}, decoded.out);
    QVERIFY2(parsed.exitCode == 0, parsed.err.constData());

    const auto received = peerLines(readFile(serverOut));
    const auto returned = peerLines(client.out);
    // One line per case and a final "done N": every case has its own name.
    QVERIFY(returned.size() > 300);
    QCOMPARE(client.out.count('\n'), returned.size() + 1);

    QHash<QString, QByteArray> calls; // case name -> the decoded call's line
    for (const QByteArray& line : decoded.out.split('\n')) {
        const QList<QByteArray> params = elements(member(line, "params"));
        const QString method = jsonString(member(line, "method"));
        if (method.startsWith(QLatin1String("echo")) || method == QLatin1String("pair"))
            calls.insert(jsonString(params.value(0)), line);
    }

    QStringList mismatches;
    int compared = 0;
    for (auto c = returned.cbegin(); c != returned.cend(); ++c) {
        const QString& name = c.key();
        const QByteArray line = calls.value(name);
        if (line.isEmpty()) {
            mismatches << QStringLiteral("%1: no decoded call").arg(name);
            continue;
        }
        const QList<QByteArray> params = elements(member(line, "params"));
        const QByteArray result = member(line, "result");
        const QByteArray status = member(line, "status");
        const bool truncated = member(line, "truncated") == "true";
        const QHash<QString, QByteArray>& args = received.value(name);
        const QByteArray expectedResult = c.value().value(QStringLiteral("result"));

        // What RpcScope cannot show as sent, it must say (truncated, with the reason) and keep in another form: an
        // Externalizable class of our own (RMI writes its data without an end: the object keeps the bytes, later
        // values are lost) and a BigInteger beyond the budget of digits (shown as its serialized fields).
        const QByteArray firstArg = args.value(QStringLiteral("arg0"));
        if (firstArg.startsWith("@opaque:") || firstArg.startsWith("@over-budget:")) {
            const bool opaque = firstArg.startsWith("@opaque:");
            const QByteArray cls = firstArg.mid(firstArg.indexOf(':') + 1);
            const QByteArray reason = opaque ? cls : QByteArray("BigInteger of");
            const QByteArray kept
                = opaque ? QByteArray("\"externalData\":{\"base64\":") : QByteArray("\"magnitude\":{\"base64\":");
            ++compared;
            if (!truncated || status != "\"ok\"" || !member(line, "problems").contains(reason)
                || !params.value(1).contains(QByteArray("{\"class\":\"" + cls + "\""))
                || !params.value(1).contains(kept) || (opaque && params.size() != 2))
                mismatches << QStringLiteral("%1: not reported as cut: %2").arg(name, shorten(line));
            continue;
        }
        if (status != "\"ok\"" || truncated)
            mismatches << QStringLiteral("%1: status %2%3: %4")
                              .arg(name, QString::fromUtf8(status),
                                   truncated ? QStringLiteral(" (truncated)") : QString(),
                                   shorten(member(line, "problems")));
        if (params.size() != args.size() + 1)
            mismatches << QStringLiteral("%1: %2 arguments decoded, the server received %3")
                              .arg(name)
                              .arg(params.size() - 1)
                              .arg(args.size());
        for (int i = 0; i < args.size(); ++i) {
            const QByteArray expected = args.value(QStringLiteral("arg%1").arg(i));
            ++compared;
            if (params.value(i + 1) != expected)
                mismatches << QStringLiteral("%1: argument %2 is %3, the server received %4")
                                  .arg(name)
                                  .arg(i)
                                  .arg(shorten(params.value(i + 1)), shorten(expected));
        }
        ++compared;
        if (result != expectedResult)
            mismatches << QStringLiteral("%1: result is %2, the client received %3")
                              .arg(name, shorten(result), shorten(expectedResult));
    }
    qInfo("%d values compared in %lld calls", compared, static_cast<long long>(returned.size()));
    QVERIFY2(mismatches.isEmpty(),
             qPrintable(QStringLiteral("%1 mismatches:\n").arg(mismatches.size()) + mismatches.mid(0, 40).join('\n')));
}

QTEST_GUILESS_MAIN(TestJrmpInterop)
#include "tst_jrmpinterop.moc"
