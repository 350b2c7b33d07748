// `rpcscope-cli decode` on input that is not a clean capture of RPC traffic: files that cannot be read or are no
// capture (non-zero exit, one line naming the file and the reason), wrong options, captures without RPC (nothing,
// exit 0), a capture cut off in the middle of a record (calls before the cut, a warning), and lost segments inside
// an XML-RPC conversation (the decoder resumes; the damaged call is marked).
#include "../capture/capturebuilder.h"
#include "clijson.h"
#include "pcaprecords.h"
#include "testsupport.h"
#include "xmlrpcmessages.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <numeric>
#include <unistd.h>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

constexpr Direction C2S = Direction::ClientToServer;
constexpr Direction S2C = Direction::ServerToClient;

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return path;
}

} // namespace

class TestDecodeErrors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unreadableInput_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("reason");
        QTest::addRow("missing file") << "missing"
                                      << "No such file or directory";
        QTest::addRow("directory") << "directory"
                                   << "is a directory";
        QTest::addRow("empty file") << "empty"
                                    << "the file is empty";
        QTest::addRow("not a capture") << "text"
                                       << "not a pcap or pcapng capture";
        QTest::addRow("a Python script") << "script"
                                         << "not a pcap or pcapng capture";
        QTest::addRow("unreadable") << "unreadable"
                                    << "Permission denied";
        QTest::addRow("signatures file missing") << "signatures"
                                                 << "No such file";
    }
    void unreadableInput()
    {
        QFETCH(QString, what);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("missing.pcap"));
        QStringList extra;
        if (what == QLatin1String("directory")) {
            path = dir.path();
        } else if (what == QLatin1String("empty")) {
            path = writeFile(dir, QStringLiteral("empty.pcap"), {});
        } else if (what == QLatin1String("text")) {
            path = writeFile(dir, QStringLiteral("notes.txt"), "just some notes\n");
        } else if (what == QLatin1String("script")) {
            path = dataPath(QStringLiteral("xmlrpc/server.py"));
        } else if (what == QLatin1String("unreadable")) {
            if (geteuid() == 0)
                QSKIP("running as root, which can read any file");
            path = writeFile(dir, QStringLiteral("secret.pcap"), readData(QStringLiteral("xmlrpc/xmlrpc-types.pcap")));
            QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
        } else if (what == QLatin1String("signatures")) {
            const QString signatures = dir.filePath(QStringLiteral("no.signatures"));
            extra << QStringLiteral("--java-signatures") << signatures;
            path = dataPath(QStringLiteral("jrmp/hello.pcap"));
        }
        const ProcessResult r = runCli(QStringList {QStringLiteral("decode"), path} + extra);
        QVERIFY(!r.crashed && !r.timedOut);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.out, QByteArray());
        const QString err = QString::fromLocal8Bit(r.err);
        QCOMPARE(err.count(QLatin1Char('\n')), 1); // one line
        QVERIFY2(err.contains(reason), qPrintable(err));
        const QString named = what == QLatin1String("signatures") ? extra.last() : path;
        QVERIFY2(err.contains(named), qPrintable(err));
    }

    void capturesThatCannotBeDecoded_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("warning");
        QTest::addColumn<int>("calls");
        QTest::addRow("unsupported link type") << "link"
                                               << "warning: unsupported link-layer type 105" << 0;
        QTest::addRow("a damaged record after the calls")
            << "record"
            << "warning: cannot read packet 27: invalid packet capture length" << 4;
    }
    void capturesThatCannotBeDecoded()
    {
        // Captures whose packets cannot all be read: what can be decoded is printed, the reason is said on one
        // line naming the file, and the exit code is 0 (as for a truncated capture).
        QFETCH(QString, what);
        QFETCH(QString, warning);
        QFETCH(int, calls);
        QTemporaryDir dir;
        QByteArray bytes;
        if (what == QLatin1String("link")) {
            bytes = CaptureBuilder(LinkType::Ieee80211).bytes();
        } else {
            // The keep-alive capture's 27th record (of 28: the last FIN and ACK) claims 4 GiB.
            const PcapRecords real = PcapRecords::split(readData(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap")));
            QCOMPARE(real.records.size(), size_t(28));
            bytes = real.join();
            qsizetype at = real.fileHeader.size();
            for (int i = 0; i < 26; ++i)
                at += real.records[i].size();
            qToLittleEndian<quint32>(0xFFFFFFF0u, bytes.data() + at + 8);
        }
        const QString path = writeFile(dir, QStringLiteral("damaged.pcap"), bytes);
        const ProcessResult r
            = runCli({QStringLiteral("decode"), path, QStringLiteral("--format"), QStringLiteral("jsonl")});
        QCOMPARE(r.exitCode, 0);
        const QString err = QString::fromLocal8Bit(r.err);
        QVERIFY2(err.startsWith(QStringLiteral("rpcscope-cli: %1: %2").arg(path, warning)), qPrintable(err));
        QCOMPARE(parseJsonLines(r.out).size(), calls);
    }

    void wrongOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("no file") << QStringList {} << "no capture file given";
        QTest::addRow("two files") << QStringList {"a.pcap", "b.pcap"} << "one capture file at a time";
        QTest::addRow("unknown format") << QStringList {"a.pcap", "--format", "xml"} << "unknown format 'xml'";
        QTest::addRow("unknown option") << QStringList {"a.pcap", "--colour"} << "colour";
    }
    void wrongOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const ProcessResult r = runCli(QStringList {QStringLiteral("decode")} + args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.out, QByteArray());
        QVERIFY2(QString::fromLocal8Bit(r.err).contains(message), r.err.constData());
    }

    void captureWithoutRpc()
    {
        // An SSH-like conversation, a UDP datagram and an ARP frame: TCP traffic, but no RPC protocol.
        TcpSynthesizer tcp({QStringLiteral("10.0.0.1"), 50022}, {QStringLiteral("10.0.0.2"), 22});
        CaptureBuilder capture;
        capture.add(9.0,
                    QByteArray::fromHex("ffffffffffff0200000000010806000108000604000102000000000"
                                        "10a0000010000000000000a000002"));
        capture.add(tcp, tcp.handshake(10.0));
        capture.add(tcp, tcp.send(S2C, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", 10.1));
        capture.add(tcp, tcp.send(C2S, "SSH-2.0-OpenSSH_9.2p1\r\n", 10.2));
        QByteArray noise(3000, '\0');
        for (int i = 0; i < noise.size(); ++i)
            noise[i] = static_cast<char>((i * 131 + 7) % 251);
        capture.add(tcp, tcp.send(C2S, noise, 10.3));
        capture.add(tcp, tcp.send(S2C, noise, 10.4));
        capture.add(tcp, tcp.fin(C2S, 10.5));
        capture.add(tcp, tcp.fin(S2C, 10.6));
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("ssh.pcap"), capture.bytes());
        for (const char* format : {"text", "jsonl"}) {
            const ProcessResult r
                = runCli({QStringLiteral("decode"), path, QStringLiteral("--format"), QLatin1String(format)});
            QCOMPARE(r.exitCode, 0);
            QCOMPARE(r.out, QByteArray());
            QCOMPARE(r.err, QByteArray());
        }
        // An empty capture (header only) likewise.
        const QString empty = writeFile(dir, QStringLiteral("nothing.pcap"), CaptureBuilder().bytes());
        const ProcessResult r = runCli({QStringLiteral("decode"), empty});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray());
        QCOMPARE(r.err, QByteArray());
    }

    void truncatedCapture()
    {
        // tcpdump killed while writing: the last record is cut. Everything before it is decoded, with a warning.
        const PcapRecords real = PcapRecords::split(readData(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap")));
        QVERIFY(real.records.size() > 10);
        const QByteArray whole = real.join();
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("cut.pcap"), whole.chopped(real.records.back().size() / 2));
        const ProcessResult r
            = runCli({QStringLiteral("decode"), path, QStringLiteral("--format"), QStringLiteral("jsonl")});
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> calls = parseJsonLines(r.out);
        QCOMPARE(calls.size(), 4);
        QCOMPARE(calls.at(3).value("result"), QJsonValue(3.5));
        const QString err = QString::fromLocal8Bit(r.err);
        QVERIFY2(err.startsWith(QStringLiteral("rpcscope-cli: %1: warning: the capture ends in the middle of a "
                                               "packet record after %2 complete packets")
                                    .arg(path)
                                    .arg(real.records.size() - 1)),
                 qPrintable(err));
    }

    void reorderedAndRepeatedSegments()
    {
        // The real keep-alive capture as a capture point that reorders and repeats could record it: pure ACKs
        // ahead of the data they acknowledge, consecutive data segments of one direction swapped, and every third
        // data segment sent again a little later. The calls are exactly those of the original file.
        const PcapRecords real = PcapRecords::split(readData(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap")));
        QVERIFY(real.records.size() > 10);
        struct Info
        {
            quint16 srcPort = 0;
            int payload = 0;
            bool control = false; // SYN, FIN or RST
        };
        std::vector<Info> info;
        for (const QByteArray& r : real.records) {
            // Record header 16, Ethernet 14, IPv4 (tcpdump on lo), TCP.
            const char* ip = r.constData() + 16 + 14;
            const int ipHeader = (ip[0] & 0x0F) * 4;
            const int total = qFromBigEndian<quint16>(ip + 2);
            const char* tcp = ip + ipHeader;
            const int tcpHeader = (static_cast<quint8>(tcp[12]) >> 4) * 4;
            info.push_back({qFromBigEndian<quint16>(tcp), total - ipHeader - tcpHeader, (tcp[13] & 0x07) != 0});
        }
        std::vector<int> order(real.records.size());
        std::iota(order.begin(), order.end(), 0);
        int swaps = 0, acksFirst = 0;
        for (size_t k = 1; k < order.size(); ++k) {
            const Info& a = info[order[k - 1]];
            const Info& b = info[order[k]];
            const bool bothData = a.payload > 0 && b.payload > 0 && a.srcPort == b.srcPort;
            const bool ackAfterData
                = a.payload > 0 && b.payload == 0 && !b.control && !a.control && a.srcPort != b.srcPort;
            if (bothData || ackAfterData) {
                std::swap(order[k - 1], order[k]);
                (bothData ? swaps : acksFirst)++;
                ++k; // leave the pair as it is now
            }
        }
        std::vector<int> repeated;
        int dataSeen = 0;
        for (size_t k = 0; k < order.size(); ++k) {
            repeated.push_back(order[k]);
            if (k >= 2 && info[order[k - 2]].payload > 0 && ++dataSeen % 3 == 0)
                repeated.push_back(order[k - 2]);
        }
        QVERIFY(swaps > 0 && acksFirst > 0 && repeated.size() > order.size());
        order = repeated;
        QTemporaryDir dir;
        const QString original = writeFile(dir, QStringLiteral("original.pcap"), real.join());
        const QString shuffled = writeFile(dir, QStringLiteral("shuffled.pcap"), real.join(order));
        const QList<QJsonObject> expected = decodeJsonl({original});
        QCOMPARE(expected.size(), 4);
        const QList<QJsonObject> got = decodeJsonl({shuffled});
        QCOMPARE(got.size(), expected.size());
        for (int i = 0; i < got.size(); ++i) {
            QJsonObject a = got.at(i), b = expected.at(i);
            // Timing may differ (a request's last byte can come later); the calls may not.
            for (const char* key : {"start", "latency_ms"}) {
                a.remove(QLatin1String(key));
                b.remove(QLatin1String(key));
            }
            QCOMPARE(a, b);
        }
    }

    void midStreamStart_data()
    {
        QTest::addColumn<int>("firstRecord");
        QTest::addColumn<QString>("warning");
        // The keep-alive capture's records: 0-2 handshake, 3 the head of add(3, 4), 5 its body, 7 its reply,
        // 9 the next request.
        QTest::addRow("between two calls") << 8 << QString();
        QTest::addRow("inside a request body") << 5 << "bytes skipped while resynchronising";
    }
    void midStreamStart()
    {
        // Capture started while the connection was in use: no handshake, and maybe half a message first. The calls
        // after that point decode in full.
        QFETCH(int, firstRecord);
        QFETCH(QString, warning);
        const PcapRecords real = PcapRecords::split(readData(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap")));
        QCOMPARE(real.records.size(), size_t(28));
        std::vector<int> order;
        for (int i = firstRecord; i < 28; ++i)
            order.push_back(i);
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("midstream.pcap"), real.join(order));
        const ProcessResult r
            = runCli({QStringLiteral("decode"), path, QStringLiteral("--format"), QStringLiteral("jsonl")});
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> calls = parseJsonLines(r.out);
        QVERIFY2(calls.size() >= 3, r.out.constData());
        const QList<QJsonObject> last = calls.mid(calls.size() - 3);
        QCOMPARE(last.at(0).value("method").toString(), QStringLiteral("echo"));
        QCOMPARE(last.at(0).value("result").toString().size(), 70000);
        QCOMPARE(last.at(1).value("fault").toObject().value("code"), QJsonValue(3));
        QCOMPARE(last.at(2).value("result"), QJsonValue(3.5));
        // The server listens on the higher port here: the first guess (the higher port is the client) is wrong and
        // the HTTP decoder puts it right.
        const QList<QJsonObject> whole = decodeJsonl({dataPath(QStringLiteral("xmlrpc/xmlrpc-keepalive.pcap"))});
        QVERIFY(!whole.isEmpty());
        for (const QJsonObject& c : last) {
            QCOMPARE(c.value("client").toString(), whole.first().value("client").toString());
            QCOMPARE(c.value("server").toString(), whole.first().value("server").toString());
            QVERIFY(c.value("latency_ms").isDouble());
        }
        if (warning.isEmpty())
            QCOMPARE(r.err, QByteArray());
        else
            QVERIFY2(QString::fromLocal8Bit(r.err).contains(warning), r.err.constData());
    }

    void lostSegmentInTheMiddle()
    {
        // Three add() calls on one keep-alive connection; the second request loses its middle segment. The first
        // and third calls decode; the second is reported, not silently dropped, and a warning names the gap.
        TcpSynthesizer tcp({QStringLiteral("127.0.0.1"), 45000}, {QStringLiteral("127.0.0.1"), 8000});
        CaptureBuilder capture;
        capture.add(tcp, tcp.handshake(10.0));
        capture.add(tcp, tcp.send(C2S, xmlrpcRequest("add", 3, 4), 10.1));
        capture.add(tcp, tcp.send(S2C, xmlrpcResponse(7), 10.2));
        const auto second = tcp.send(C2S, xmlrpcRequest("add", 5, 6), 10.3, 100);
        QVERIFY(second.size() >= 3);
        for (size_t i = 0; i < second.size(); ++i) {
            if (i != 1)
                capture.add(tcp, second[i]);
        }
        capture.add(tcp, tcp.send(S2C, xmlrpcResponse(11), 10.4));
        capture.add(tcp, tcp.send(C2S, xmlrpcRequest("add", 8, 9), 10.5));
        capture.add(tcp, tcp.send(S2C, xmlrpcResponse(17), 10.6));
        capture.add(tcp, tcp.fin(C2S, 10.7));
        capture.add(tcp, tcp.fin(S2C, 10.8));
        QTemporaryDir dir;
        const QString path = writeFile(dir, QStringLiteral("gap.pcap"), capture.bytes());
        const ProcessResult r
            = runCli({QStringLiteral("decode"), path, QStringLiteral("--format"), QStringLiteral("jsonl")});
        QCOMPARE(r.exitCode, 0);
        const QList<QJsonObject> calls = parseJsonLines(r.out);
        QVERIFY2(calls.size() >= 2, r.out.constData());
        QCOMPARE(calls.first().value("params").toArray(), (QJsonArray {3, 4}));
        QCOMPARE(calls.first().value("result"), QJsonValue(7));
        QCOMPARE(calls.first().value("status").toString(), QStringLiteral("ok"));
        QCOMPARE(calls.last().value("params").toArray(), (QJsonArray {8, 9}));
        QCOMPARE(calls.last().value("result"), QJsonValue(17));
        QCOMPARE(calls.last().value("status").toString(), QStringLiteral("ok"));
        // The damaged call in between: its request is marked malformed, and its reply (11) is still paired with it.
        QCOMPARE(calls.size(), 3);
        QCOMPARE(calls.at(1).value("status").toString(), QStringLiteral("malformed"));
        QCOMPARE(calls.at(1).value("result"), QJsonValue(11));
        const QString err = QString::fromLocal8Bit(r.err);
        QVERIFY2(err.contains(QStringLiteral("warning")) && err.contains(QStringLiteral("100 bytes")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestDecodeErrors)
#include "tst_decodeerrors.moc"
