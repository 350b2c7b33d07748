// rewriteJrmpEndpoints on the stubs real JDK 17 peers handed out (tests/data/jrmp: hello.pcap, names.pcap, jmx.pcap):
// the rewritten Return decodes to the same tree but for the endpoint, every byte outside the stub's block-data record
// is kept, and the JDK itself reads the rewritten stub (tests/data/jrmp/follow/ReadReturns.java) with the new
// endpoint and the same ObjID.
#include "../jrmp/pcapreplay.h"
#include "decodenode.h"
#include "intercept/jrmpendpointrewriter.h"
#include "jrmp/jrmpdecoder.h"
#include "testsupport.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

namespace {

struct StubReturn
{
    QByteArray bytes;
    QString endpoint;
    QString summary;
    qint64 endpointOffset = -1;
    qint64 endpointLength = 0;
};

DecodedMessage decodeReturn(const QByteArray& bytes)
{
    static const JrmpDecoder decoder;
    DecodeOptions options;
    options.buildTree = true;
    DecodeContext context;
    context.direction = Direction::ServerToClient;
    context.options = &options;
    return decoder.decode(bytes, context);
}

const DecodeNode* endpointNode(const DecodedMessage& m)
{
    for (const DecodeNode& n : m.tree.children) {
        if (n.name == QLatin1String("remoteEndpoint"))
            return &n;
    }
    return nullptr;
}

// Every Return in `pcap` (each JRMP message is one segment there) that hands out a stub, in capture order, from
// connections to `serverPort` (0: any).
std::vector<StubReturn> stubReturns(const QString& pcap, quint16 serverPort)
{
    std::vector<StubReturn> out;
    for (const test::ReplayedConnection& c : test::replayPcap(test::readData(pcap), nullptr)) {
        if (serverPort != 0 && c.server.port != serverPort)
            continue;
        for (const auto& [dir, bytes] : c.segments) {
            if (dir != Direction::ServerToClient || !bytes.startsWith('\x51'))
                continue;
            const DecodedMessage m = decodeReturn(bytes);
            if (const DecodeNode* n = endpointNode(m))
                out.push_back({bytes, n->value, m.summary, n->offset, n->length});
        }
    }
    return out;
}

// The tree as text without byte ranges, which move by the change in length.
QString shape(const DecodedMessage& m)
{
    static const QRegularExpression ranges(QStringLiteral(R"( *\[\d+(,|\+|, )\d+\])"));
    return dumpTree(m.tree).remove(ranges);
}

} // namespace

class TestJrmpEndpointRewriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rewritesTheStubsEndpointOnly_data();
    void rewritesTheStubsEndpointOnly();
    void stubWithASocketFactoryIsLeftWithANote();
    void leavesWhatTheMapperDeclines();
    void otherMessagesAreNotRewritten_data();
    void otherMessagesAreNotRewritten();
    void javaReadsTheRewrittenStubs();
    void handMadeStubs_data();
    void handMadeStubs();
};

void TestJrmpEndpointRewriter::rewritesTheStubsEndpointOnly_data()
{
    QTest::addColumn<QString>("pcap");
    QTest::addColumn<int>("serverPort");
    QTest::addColumn<QString>("which"); // a text of the decoded summary that picks the Return
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("newHost");
    QTest::addColumn<int>("newPort");

    const QString longHost = QStringLiteral("follow-") + QString(280, QLatin1Char('x')) + QStringLiteral(".example");
    QTest::addRow("registry lookup, dynamic proxy stub, UnicastRef") << "jrmp/hello.pcap" << 21099 << "21100"
                                                                     << "127.0.0.1:21100"
                                                                     << "127.0.0.2" << 40001;
    QTest::addRow("registry lookup, UnicastRef2 without a socket factory") << "jrmp/hello.pcap" << 21099 << "21101"
                                                                           << "127.0.0.1:21101"
                                                                           << "follow.proxy.example" << 65535;
    QTest::addRow("a remote method returning a remote object (self())") << "jrmp/names/names.pcap" << 21200 << "Proxy"
                                                                        << "127.0.0.1:21200"
                                                                        << "10.1.2.3" << 1;
    QTest::addRow("JMX registry lookup, a RemoteStub subclass") << "jrmp/jmx/jmx.pcap" << 21299 << "RMIServerImpl_Stub"
                                                                << "127.0.0.1:21299"
                                                                << "::1" << 38211;
    QTest::addRow("JMX newClient, RMIConnection stub") << "jrmp/jmx/jmx.pcap" << 21299 << "RMIConnectionImpl_Stub"
                                                       << "127.0.0.1:21299"
                                                       << "127.0.0.1" << 38212;
    QTest::addRow("a host past 255 bytes: the record becomes TC_BLOCKDATALONG")
        << "jrmp/names/names.pcap" << 21199 << "Proxy"
        << "127.0.0.1:21200" << longHost << 38213;
}

void TestJrmpEndpointRewriter::rewritesTheStubsEndpointOnly()
{
    QFETCH(QString, pcap);
    QFETCH(int, serverPort);
    QFETCH(QString, which);
    QFETCH(QString, endpoint);
    QFETCH(QString, newHost);
    QFETCH(int, newPort);

    StubReturn original;
    for (const StubReturn& r : stubReturns(pcap, quint16(serverPort))) {
        if (r.summary.contains(which)) {
            original = r;
            break;
        }
    }
    QVERIFY2(!original.bytes.isEmpty(), "no such Return in the capture");
    QCOMPARE(original.endpoint, endpoint);

    QList<HandedOutEndpoint> asked;
    const EndpointRewrite rewrite = rewriteJrmpEndpoints(original.bytes, [&](const HandedOutEndpoint& e) {
        asked << e;
        return std::optional<HandedOutEndpoint>(HandedOutEndpoint {newHost, quint16(newPort)});
    });
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0].host + QLatin1Char(':') + QString::number(asked[0].port), endpoint);
    QCOMPARE(rewrite.rewritten, 1);
    QVERIFY2(rewrite.notes.isEmpty(), qPrintable(rewrite.notes.join(QLatin1Char('\n'))));

    // Only the stub's block-data record changed: its header and the endpoint; the rest is the server's bytes.
    const QByteArray& after = rewrite.bytes;
    const qint64 hostBytes = newHost.toUtf8().size();
    QCOMPARE(after.size() - original.bytes.size(),
             hostBytes - 9 + (hostBytes > 200 ? 3 : 0)); // 127.0.0.1 is 9 bytes; a long record header 3 more
    qint64 prefix = 0;
    while (prefix < after.size() && after[prefix] == original.bytes[prefix])
        ++prefix;
    qint64 suffix = 0;
    while (suffix < original.bytes.size() - prefix
           && after[after.size() - 1 - suffix] == original.bytes[original.bytes.size() - 1 - suffix])
        ++suffix;
    // Everything after the endpoint is the server's, and everything before the record's header: the header is at
    // most 5 bytes, then "UnicastRef2" (13) and the endpoint format (1) come before the host.
    QVERIFY2(suffix >= original.bytes.size() - (original.endpointOffset + original.endpointLength),
             qPrintable(QStringLiteral("the last %1 bytes are the same").arg(suffix)));
    QVERIFY2(prefix >= original.endpointOffset - 19,
             qPrintable(QStringLiteral("the first %1 bytes are the same").arg(prefix)));

    // Decoded, it is the same Return but for the endpoint.
    const DecodedMessage before = decodeReturn(original.bytes);
    const DecodedMessage rewritten = decodeReturn(after);
    QCOMPARE(rewritten.status, before.status);
    QCOMPARE(rewritten.problems.size(), before.problems.size());
    const DecodeNode* n = endpointNode(rewritten);
    QVERIFY(n);
    QCOMPARE(n->value, newHost + QLatin1Char(':') + QString::number(newPort));
    QString expected = shape(before);
    expected.replace(endpoint, newHost + QLatin1Char(':') + QString::number(newPort));
    expected.replace(QStringLiteral("\"127.0.0.1\""), QLatin1Char('"') + newHost + QLatin1Char('"'));
    expected.replace(QStringLiteral("port (int) = ") + endpoint.section(QLatin1Char(':'), 1),
                     QStringLiteral("port (int) = ") + QString::number(newPort));
    static const QRegularExpression blockLengths(QStringLiteral(R"((blockData[^\n]*?)\d+ bytes)"));
    expected.replace(blockLengths, QStringLiteral("\\1N bytes"));
    QString actualText = shape(rewritten);
    actualText.replace(blockLengths, QStringLiteral("\\1N bytes"));
    // Line by line: the same tree, but the record's header, whose length grew by the host's (and whose type code
    // is TC_BLOCKDATALONG once the length passes 255).
    const QStringList actual = actualText.split(QLatin1Char('\n'));
    const QStringList wanted = expected.split(QLatin1Char('\n'));
    QCOMPARE(actual.size(), wanted.size());
    const qint64 delta = hostBytes - 9;
    int headerLines = 0;
    static const QRegularExpression lengthLine(QStringLiteral(R"(^(\s*)length \((u8|int)\) = (\d+)$)"));
    for (int i = 0; i < actual.size(); ++i) {
        if (actual[i] == wanted[i])
            continue;
        const QRegularExpressionMatch a = lengthLine.match(actual[i]);
        const QRegularExpressionMatch w = lengthLine.match(wanted[i]);
        if (a.hasMatch() && w.hasMatch()) {
            QCOMPARE(a.captured(3).toLongLong(), w.captured(3).toLongLong() + delta);
            QCOMPARE(a.captured(2), QLatin1String(hostBytes > 200 ? "int" : "u8"));
        } else {
            QVERIFY2(
                hostBytes > 200 && actual[i].endsWith(QLatin1String("= 0x7a TC_BLOCKDATALONG"))
                    && wanted[i].endsWith(QLatin1String("= 0x77 TC_BLOCKDATA")),
                qPrintable(QStringLiteral("line %1:\n  got      %2\n  expected %3").arg(i).arg(actual[i], wanted[i])));
        }
        ++headerLines;
    }
    QVERIFY(headerLines <= 2);
}

void TestJrmpEndpointRewriter::stubWithASocketFactoryIsLeftWithANote()
{
    StubReturn hello3;
    for (const StubReturn& r : stubReturns(QStringLiteral("jrmp/hello.pcap"), 21099)) {
        if (r.endpoint == QLatin1String("127.0.0.1:21102"))
            hello3 = r;
    }
    QVERIFY(!hello3.bytes.isEmpty());
    int asked = 0;
    const EndpointRewrite rewrite = rewriteJrmpEndpoints(hello3.bytes, [&](const HandedOutEndpoint&) {
        ++asked;
        return std::optional<HandedOutEndpoint>(HandedOutEndpoint {QStringLiteral("127.0.0.1"), 40000});
    });
    QCOMPARE(asked, 0);
    QCOMPARE(rewrite.rewritten, 0);
    QVERIFY(rewrite.bytes.isEmpty());
    QCOMPARE(rewrite.notes.size(), 1);
    QVERIFY2(rewrite.notes[0].contains(QLatin1String("custom client socket factory (HelloSocketFactory)"))
                 && rewrite.notes[0].contains(QLatin1String("127.0.0.1:21102")),
             qPrintable(rewrite.notes[0]));
}

void TestJrmpEndpointRewriter::leavesWhatTheMapperDeclines()
{
    const std::vector<StubReturn> returns = stubReturns(QStringLiteral("jrmp/names/names.pcap"), 21199);
    QVERIFY(!returns.empty());
    int asked = 0;
    const EndpointRewrite rewrite = rewriteJrmpEndpoints(returns[0].bytes, [&](const HandedOutEndpoint&) {
        ++asked;
        return std::optional<HandedOutEndpoint>();
    });
    QCOMPARE(asked, 1);
    QCOMPARE(rewrite.rewritten, 0);
    QVERIFY(rewrite.bytes.isEmpty());
    QVERIFY(rewrite.notes.isEmpty());
}

void TestJrmpEndpointRewriter::otherMessagesAreNotRewritten_data()
{
    QTest::addColumn<QByteArray>("message");
    const std::vector<StubReturn> returns = stubReturns(QStringLiteral("jrmp/names/names.pcap"), 21199);
    const QByteArray stub = returns.empty() ? QByteArray() : returns[0].bytes;
    QTest::addRow("empty") << QByteArray();
    QTest::addRow("a Call") << QByteArray(stub).replace(0, 1, "\x50");
    QTest::addRow("a Return cut before its stub's endpoint")
        << stub.left(returns.empty() ? 0 : returns[0].endpointOffset + 3);
    QTest::addRow("a Return with a damaged stream header") << QByteArray(stub).replace(1, 2, "\xAC\xEE");
    QTest::addRow("a ProtocolAck") << QByteArray::fromHex("4e00093132372e302e302e310000d0a2");
}

void TestJrmpEndpointRewriter::otherMessagesAreNotRewritten()
{
    QFETCH(QByteArray, message);
    int asked = 0;
    const EndpointRewrite rewrite = rewriteJrmpEndpoints(message, [&](const HandedOutEndpoint&) {
        ++asked;
        return std::optional<HandedOutEndpoint>(HandedOutEndpoint {QStringLiteral("127.0.0.1"), 40000});
    });
    QCOMPARE(asked, 0);
    QCOMPARE(rewrite.rewritten, 0);
    QVERIFY(rewrite.bytes.isEmpty());
}

void TestJrmpEndpointRewriter::javaReadsTheRewrittenStubs()
{
    if (test::javaPath().isEmpty() || test::javacPath().isEmpty())
        QSKIP("java and javac (JDK 17) are needed to read the rewritten stubs; install openjdk-17-jdk-headless");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString classes = dir.filePath(QStringLiteral("classes"));
    QStringList javac {QStringLiteral("-J-XX:TieredStopAtLevel=1"),
                       QStringLiteral("-J-XX:+UseSerialGC"),
                       QStringLiteral("-d"),
                       classes,
                       test::dataPath(QStringLiteral("jrmp/follow/ReadReturns.java")),
                       test::dataPath(QStringLiteral("jrmp/names/example/Greeting.java")),
                       test::dataPath(QStringLiteral("jrmp/names/example/Named.java"))};
    const test::ProcessResult compiled = test::runProcess(test::javacPath(), javac, {}, 120000);
    QVERIFY2(compiled.exitCode == 0, compiled.err.constData());

    // Loopback addresses and ports where nothing listens: the DGC's dirty call, which reading a stub outside a
    // connection makes at once, is refused at once.
    struct Case
    {
        QString pcap;
        quint16 serverPort;
        QString which;
        QString host;
    };
    const QList<Case> cases {
        {QStringLiteral("jrmp/names/names.pcap"), 21199, QStringLiteral("Proxy"), QStringLiteral("127.0.0.2")},
        {QStringLiteral("jrmp/names/names.pcap"), 21200, QStringLiteral("Proxy"), QStringLiteral("localhost")},
        {QStringLiteral("jrmp/jmx/jmx.pcap"), 21299, QStringLiteral("RMIServerImpl_Stub"), QStringLiteral("127.1.2.3")},
        {QStringLiteral("jrmp/jmx/jmx.pcap"), 21299, QStringLiteral("RMIConnectionImpl_Stub"),
         QStringLiteral("127.0.0.1")},
    };
    QStringList files;
    QStringList expected;
    for (const Case& c : cases) {
        StubReturn original;
        for (const StubReturn& r : stubReturns(c.pcap, c.serverPort)) {
            if (r.summary.contains(c.which)) {
                original = r;
                break;
            }
        }
        QVERIFY(!original.bytes.isEmpty());
        const quint16 port = test::freeTcpPort();
        const EndpointRewrite rewrite = rewriteJrmpEndpoints(original.bytes, [&](const HandedOutEndpoint&) {
            return std::optional<HandedOutEndpoint>(HandedOutEndpoint {c.host, port});
        });
        QCOMPARE(rewrite.rewritten, 1);
        for (const auto& [suffix, bytes] : {std::pair {"original", original.bytes}, {"rewritten", rewrite.bytes}}) {
            const QString path = dir.filePath(QStringLiteral("%1.%2").arg(files.size()).arg(QLatin1String(suffix)));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
            files << path;
        }
        expected << QStringLiteral("[%1:%2](remote)").arg(c.host).arg(port);
    }
    const QStringList javaArgs
        = QStringList {QStringLiteral("-XX:TieredStopAtLevel=1"), QStringLiteral("-XX:+UseSerialGC"),
                       QStringLiteral("-cp"), classes, QStringLiteral("ReadReturns")}
        + files;
    const test::ProcessResult read = test::runProcess(test::javaPath(), javaArgs, {}, 60000);
    QVERIFY2(read.exitCode == 0, read.err.constData());
    const QStringList lines = QString::fromUtf8(read.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), files.size());
    static const QRegularExpression objId(QStringLiteral(R"(objID:\[[^\]]*\])"));
    for (int i = 0; i < cases.size(); ++i) {
        const QStringList original = lines[2 * i].split(QLatin1Char('\t'));
        const QStringList rewritten = lines[2 * i + 1].split(QLatin1Char('\t'));
        QCOMPARE(original.size(), 4);
        QCOMPARE(rewritten.size(), 4);
        QCOMPARE(rewritten[1], QStringLiteral("1")); // a normal return
        QVERIFY2(rewritten[2].contains(expected[i]), qPrintable(rewritten[2]));
        // The same object (ObjID), the same class, and nothing left unread.
        QCOMPARE(objId.match(rewritten[2]).captured(), objId.match(original[2]).captured());
        QVERIFY(!objId.match(original[2]).captured().isEmpty());
        QCOMPARE(rewritten[2].section(QLatin1Char('['), 0, 0), original[2].section(QLatin1Char('['), 0, 0));
        QCOMPARE(rewritten[3], original[3]);
    }
}

// The hostile inputs of the fuzz target (tests/data/regress/make-inputs.py; their first byte is the target's choice).
void TestJrmpEndpointRewriter::handMadeStubs_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("rewritten");
    QTest::addColumn<QString>("note");
    QTest::addColumn<int>("growth");
    QTest::addRow("host split across two block records")
        << "stub-host-split-across-blocks" << 0 << "is split across block-data records" << 0;
    QTest::addRow("host length past the record")
        << "stub-host-claims-64k" << 0 << "the remote reference data ends before its host" << 0;
    // 214 bytes of host become 300: the record of 255 bytes needs a TC_BLOCKDATALONG header (3 bytes more).
    QTest::addRow("a record of 255 bytes that grows") << "stub-block-of-255" << 1 << "" << 300 - 214 + 3;
    QTest::addRow("an array of 2000 stubs") << "two-thousand-stubs" << 2000 << "" << 0;
}

void TestJrmpEndpointRewriter::handMadeStubs()
{
    QFETCH(QString, input);
    QFETCH(int, rewritten);
    QFETCH(QString, note);
    QFETCH(int, growth);
    const QByteArray message = test::readData(QStringLiteral("regress/jrmpendpoints/hostile-") + input).mid(1);
    QVERIFY(!message.isEmpty());
    const QString host = growth ? QString(300, QLatin1Char('h')) : QStringLiteral("127.0.0.2");
    const EndpointRewrite r = rewriteJrmpEndpoints(message, [&](const HandedOutEndpoint& e) {
        return std::optional<HandedOutEndpoint>(HandedOutEndpoint {host, quint16(e.port + 1)});
    });
    QCOMPARE(r.rewritten, rewritten);
    if (note.isEmpty())
        QVERIFY2(r.notes.isEmpty(), qPrintable(r.notes.join(QLatin1Char('\n'))));
    else
        QVERIFY2(r.notes.join(QLatin1Char('\n')).contains(note), qPrintable(r.notes.join(QLatin1Char('\n'))));
    if (rewritten == 0)
        return;
    QCOMPARE(r.bytes.size() - message.size(), qint64(growth));
    // Read back: every stub now names the new endpoint.
    int found = 0;
    rewriteJrmpEndpoints(r.bytes, [&](const HandedOutEndpoint& e) {
        found += e.host == host && e.port == 1101;
        return std::optional<HandedOutEndpoint>();
    });
    QCOMPARE(found, rewritten);
}

QTEST_GUILESS_MAIN(TestJrmpEndpointRewriter)
#include "tst_jrmpendpointrewriter.moc"
