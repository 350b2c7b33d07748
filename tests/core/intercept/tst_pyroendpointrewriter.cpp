// rewritePyroEndpoints: the endpoints Pyro4 and Pyro5 replies hand out (name-server answers, URI objects, proxies)
// moved to the proxy's listeners. The messages are made by the real libraries (tests/data/pyro/endpoints.py: a real
// name server's answers, framed as the daemons frame a result), and the real libraries read the rewritten ones:
// every URI points where the mapper said, everything else reads as before, and the bytes differ only at the
// endpoints and the lengths and checksums that cover them.
#include "followingrelay.h"
#include "intercept/pyroendpointrewriter.h"
#include "peerprocess.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyro5/pyro5header.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <map>

using namespace rpcscope;

namespace {

// Where the mapper sends each endpoint: the proxy would answer with listeners of its own. 10.1.2.3:1234 is offered
// but left alone (nullopt), as the proxy does for endpoints it does not follow.
const std::map<QString, HandedOutEndpoint> kMoves = {
    {QStringLiteral("127.0.0.1:9090"), {QStringLiteral("127.0.0.1"), 40001}},
    {QStringLiteral("127.0.0.1:9091"), {QStringLiteral("127.0.0.2"), 40002}},
    {QStringLiteral("::1:9092"), {QStringLiteral("::1"), 40003}},
    {QStringLiteral("localhost:5"), {QStringLiteral("127.0.0.1"), 40005}},
    {QStringLiteral("example.org:7777"), {QStringLiteral("127.0.0.1"), 40007}},
};

QString key(const HandedOutEndpoint& e)
{
    return e.host + QLatin1Char(':') + QString::number(e.port);
}

struct Mapper
{
    QStringList offered;
    EndpointMapper function()
    {
        return [this](const HandedOutEndpoint& e) -> std::optional<HandedOutEndpoint> {
            offered.append(key(e));
            const auto it = kMoves.find(key(e));
            return it == kMoves.end() ? std::nullopt : std::optional(it->second);
        };
    }
};

QJsonObject movesJson()
{
    QJsonObject map;
    for (const auto& [from, to] : kMoves)
        map.insert(from, key(to));
    return map;
}

struct PeerMessage
{
    int version = 4;
    QString caseName;
    QString serializer;
    QByteArray bytes;
    EndpointRewrite rewrite;
    QStringList offered;
    QString verdict; // the library's reading of the rewritten message: empty when it is as expected
};

QString scriptPath()
{
    return test::dataPath(QStringLiteral("pyro/endpoints.py"));
}

QStringList versionArgs(int version)
{
    QStringList args {QString::number(version)};
    if (version == 5)
        args << test::pyro5PeersPath();
    return args;
}

// The changed runs between two byte strings (a longest common subsequence; the messages are small).
struct Hunk
{
    qsizetype aStart = 0;
    qsizetype aLength = 0;
    qsizetype bStart = 0;
    qsizetype bLength = 0;
};

std::vector<Hunk> diff(QByteArrayView a, QByteArrayView b)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    std::vector<quint16> lcs(std::size_t((n + 1) * (m + 1)), 0);
    auto at = [&](qsizetype i, qsizetype j) -> quint16& { return lcs[std::size_t(i * (m + 1) + j)]; };
    for (qsizetype i = n - 1; i >= 0; --i)
        for (qsizetype j = m - 1; j >= 0; --j)
            at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::vector<Hunk> hunks;
    qsizetype i = 0;
    qsizetype j = 0;
    Hunk open {-1, 0, 0, 0};
    auto close = [&] {
        if (open.aStart >= 0)
            hunks.push_back(open);
        open = {-1, 0, 0, 0};
    };
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            close();
            ++i;
            ++j;
        } else {
            if (open.aStart < 0) {
                open.aStart = i;
                open.bStart = j;
            }
            if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
                ++open.bLength;
                ++j;
            } else {
                ++open.aLength;
                ++i;
            }
        }
    }
    close();
    return hunks;
}

qint64 payloadOffset(QByteArrayView message)
{
    if (Pyro4Header::isValidAt(message))
        return Pyro4Header::read(message)->frame().payloadOffset();
    return Pyro5Header::read(message)->frame().payloadOffset();
}

QByteArray pyro4Message(quint16 serializer, const QByteArray& payload)
{
    Pyro4Header h;
    h.type = pyro::MsgResult;
    h.serializerId = serializer;
    h.dataSize = qint32(payload.size());
    return h.toBytes() + payload;
}

QByteArray pyro5Message(quint8 serializer, const QByteArray& payload)
{
    Pyro5Header h;
    h.type = pyro::MsgResult;
    h.serializerId = serializer;
    h.dataSize = quint32(payload.size());
    return h.toBytes() + payload;
}

// `message` with its Pyro4 header changed by `change` (the checksum recomputed: the header stays valid).
QByteArray withPyro4Header(QByteArray message, const std::function<void(Pyro4Header&)>& change)
{
    Pyro4Header h = *Pyro4Header::read(message);
    change(h);
    return message.replace(0, Pyro4Header::kSize, h.toBytes());
}

} // namespace

class TestPyroEndpointRewriter : public QObject
{
    Q_OBJECT

    std::vector<PeerMessage> m_messages;
    bool m_pyro5 = false;

    void makeMessages(int version)
    {
        const auto made = test::runProcess(test::pythonPath(),
                                           QStringList {scriptPath(), QStringLiteral("make")} + versionArgs(version));
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QByteArray checkInput;
        std::vector<std::size_t> checked;
        for (const QByteArray& line : made.out.split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            PeerMessage m;
            m.version = version;
            m.caseName = o.value(QStringLiteral("case")).toString();
            m.serializer = o.value(QStringLiteral("serializer")).toString();
            m.bytes = QByteArray::fromBase64(o.value(QStringLiteral("message")).toString().toLatin1());
            Mapper mapper;
            m.rewrite = rewritePyroEndpoints(m.bytes, mapper.function());
            m.offered = mapper.offered;
            if (!m.rewrite.bytes.isEmpty()) {
                QJsonObject item;
                item.insert(QStringLiteral("case"), QString::number(m_messages.size()));
                item.insert(QStringLiteral("original"), QString::fromLatin1(m.bytes.toBase64()));
                item.insert(QStringLiteral("rewritten"), QString::fromLatin1(m.rewrite.bytes.toBase64()));
                item.insert(QStringLiteral("map"), movesJson());
                checkInput += QJsonDocument(item).toJson(QJsonDocument::Compact) + '\n';
                checked.push_back(m_messages.size());
            }
            m_messages.push_back(std::move(m));
        }
        // One run of the real library reads every rewritten message of this version.
        const auto check = test::runProcess(
            test::pythonPath(), QStringList {scriptPath(), QStringLiteral("check")} + versionArgs(version), checkInput);
        QVERIFY2(check.exitCode == 0, check.err.constData());
        for (std::size_t index : checked)
            m_messages[index].verdict = QStringLiteral("the library did not read this message");
        for (const QByteArray& line : check.out.split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            const std::size_t index = o.value(QStringLiteral("case")).toString().toULongLong();
            QVERIFY(index < m_messages.size());
            m_messages[index].verdict
                = o.value(QStringLiteral("ok")).toBool() ? QString() : o.value(QStringLiteral("why")).toString();
        }
    }

    const PeerMessage* find(int version, const QString& caseName, const QString& serializer) const
    {
        for (const PeerMessage& m : m_messages)
            if (m.version == version && m.caseName == caseName && m.serializer == serializer)
                return &m;
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        makeMessages(4);
        m_pyro5 = !test::pyro5PeersPath().isEmpty();
        if (m_pyro5)
            makeMessages(5);
    }

    // Every real reply: how many endpoints moved, and the library reads the rewritten message as the original with
    // its URIs moved; its bytes differ only at the endpoints and the lengths and checksums that cover them.
    void realReplies_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<QString>("caseName");
        QTest::addColumn<QString>("serializer");
        QTest::addColumn<int>("rewritten");
        QTest::addColumn<QString>("noteText");
        const QString unix = QStringLiteral("Unix domain socket");
        // name-server answers: lookup (a URI object), list (name -> URI str; the Unix socket and 10.1.2.3 stay)
        // How many endpoint literals change. A pickle writes an object handed out twice once, then by memo
        // reference; marshal does the same for a str (FLAG_REF, TYPE_REF); the other serializers write it again.
        struct Expected
        {
            const char* caseName;
            int written;
            int byReference;
            QString note;
        };
        const Expected expected[] = {
            {"ns-lookup", 1, 1, {}},      {"ns-lookup-v6", 1, 1, {}},
            {"ns-lookup-meta", 1, 1, {}}, {"ns-list", 3, 3, unix},
            {"ns-list-meta", 3, 3, unix}, {"ns-list-compressed", 3, 3, unix},
            {"ns-yplookup", 2, 2, {}},    {"ns-yplookup-plain", 1, 1, {}},
            {"uri-objects", 6, 5, {}},    {"shared-host", 2, 2, {}},
            {"uri-text-twice", 4, 2, {}}, {"unix-socket", 0, 0, unix},
            {"no-uris", 0, 0, {}},        {"hmac", 0, 0, QStringLiteral("HMAC")},
        };
        for (int version : {4, 5}) {
            if (version == 5 && !m_pyro5) {
                QTest::addRow("pyro5 (absent)") << 5 << QString() << QString() << 0 << QString();
                continue;
            }
            int rows = 0;
            for (const Expected& e : expected) {
                for (const char* serializer :
                     {"serpent", "json", "marshal", "msgpack", "pickle", "pickle-0", "pickle-2"}) {
                    const PeerMessage* m = find(version, QLatin1String(e.caseName), QLatin1String(serializer));
                    if (!m)
                        continue;
                    const bool references = QLatin1String(serializer).startsWith(QLatin1String("pickle"))
                        || QLatin1String(serializer) == QLatin1String("marshal");
                    QTest::addRow("pyro%d %s %s", version, e.caseName, serializer)
                        << version << QString::fromLatin1(e.caseName) << QString::fromLatin1(serializer)
                        << (references ? e.byReference : e.written) << e.note;
                    ++rows;
                }
            }
            // Every message the script made has its row (each case in every serializer the daemon can send it in:
            // Pyro4's and Pyro5's marshal cannot carry URI objects inside containers, Pyro5's json not the frozensets
            // of metadata).
            QCOMPARE(rows, std::count_if(m_messages.begin(), m_messages.end(), [&](const PeerMessage& m) {
                         return m.version == version;
                     }));
            QVERIFY(rows >= (version == 4 ? 70 : 40));
        }
    }
    void realReplies()
    {
        QFETCH(int, version);
        QFETCH(QString, caseName);
        QFETCH(QString, serializer);
        QFETCH(int, rewritten);
        QFETCH(QString, noteText);
        if (caseName.isEmpty())
            QSKIP("Pyro5 is not at <source>/../shared/peers (Debian has no Pyro5)");
        const PeerMessage* m = find(version, caseName, serializer);
        QVERIFY(m);
        QCOMPARE(m->rewrite.rewritten, rewritten);
        QCOMPARE(m->rewrite.bytes.isEmpty(), rewritten == 0);
        if (noteText.isEmpty())
            QVERIFY2(m->rewrite.notes.isEmpty(), qPrintable(m->rewrite.notes.join(QLatin1String("; "))));
        else
            QVERIFY2(m->rewrite.notes.join(QLatin1Char(';')).contains(noteText),
                     qPrintable(m->rewrite.notes.join(QLatin1String("; "))));
        if (rewritten == 0)
            return;
        QVERIFY2(m->verdict.isEmpty(), qPrintable(m->verdict));
        // The byte check: every changed run is a header length/checksum field, or lies at a host that moved (its
        // str literal and length prefix, the port right after it, the URI text around it), or is a pickle FRAME
        // length, or (marshal, pickle) a reference of at most 5 bytes split into a literal of its own.
        const QByteArray& a = m->bytes;
        const QByteArray& b = m->rewrite.bytes;
        const qint64 payload = payloadOffset(a);
        QCOMPARE(payloadOffset(b), payload);
        // The header differs in its data size (bytes 12-15) and Pyro4's checksum (22-23); annotations not at all.
        QCOMPARE(b.first(12), a.first(12));
        if (version == 4) {
            QCOMPARE(b.sliced(16, 6), a.sliced(16, 6));
            QCOMPARE(b.sliced(24, payload - 24), a.sliced(24, payload - 24));
        } else {
            QCOMPARE(b.sliced(16, payload - 16), a.sliced(16, payload - 16));
        }
        if (caseName.endsWith(QLatin1String("compressed")))
            return; // compressed again: every payload byte may differ
        std::vector<std::pair<qsizetype, qsizetype>> allowed;
        for (const auto& [from, to] : kMoves) {
            const QByteArray host = from.left(from.lastIndexOf(QLatin1Char(':'))).toUtf8();
            for (qsizetype at = a.indexOf(host, payload); at >= 0; at = a.indexOf(host, at + 1)) {
                // In a URI text, the text's length prefix is before "PYRO:".
                const bool inUri = a[at - 1] == '@' || (a[at - 1] == '[' && a[at - 2] == '@');
                const qsizetype start = inUri ? a.lastIndexOf("PYRO:", at) : at;
                allowed.emplace_back(start - 9, at + host.size() + 12);
            }
        }
        if (a.size() > payload + 2 && static_cast<quint8>(a[payload + 2]) == 0x95) // pickle FRAME length
            allowed.emplace_back(payload + 3, payload + 11);
        const bool references
            = serializer.startsWith(QLatin1String("pickle")) || serializer == QLatin1String("marshal");
        for (const Hunk& h : diff(a.sliced(payload), b.sliced(payload))) {
            const qsizetype start = payload + h.aStart;
            const qsizetype end = start + h.aLength;
            const bool explained = std::any_of(allowed.begin(), allowed.end(),
                                               [&](auto range) { return start >= range.first && end <= range.second; })
                || (references && h.aLength <= 5);
            QVERIFY2(explained,
                     qPrintable(QStringLiteral("bytes %1-%2 changed (%3 -> %4)")
                                    .arg(start)
                                    .arg(end)
                                    .arg(QString::fromLatin1(a.sliced(start, h.aLength).toHex()),
                                         QString::fromLatin1(b.sliced(payload + h.bStart, h.bLength).toHex()))));
        }
    }

    // The endpoints offered to the mapper: each distinct one once per message, the unmapped one too, never a Unix
    // socket or a PYRONAME's name server.
    void offeredEndpoints()
    {
        const PeerMessage* list = find(4, QStringLiteral("ns-list"), QStringLiteral("serpent"));
        QVERIFY(list);
        QStringList offered = list->offered;
        offered.sort();
        QCOMPARE(offered,
                 (QStringList {QStringLiteral("10.1.2.3:1234"), QStringLiteral("127.0.0.1:9090"),
                               QStringLiteral("127.0.0.1:9091"), QStringLiteral("::1:9092")}));
        const PeerMessage* objects = find(4, QStringLiteral("uri-objects"), QStringLiteral("pickle"));
        QVERIFY(objects);
        QVERIFY(!objects->offered.contains(QStringLiteral("127.0.0.1:9090"))
                || objects->offered.count(QStringLiteral("127.0.0.1:9090")) == 1);
        QVERIFY(objects->rewrite.bytes.contains("[::1]:40003") || objects->rewrite.bytes.contains("::1"));
        QVERIFY(objects->rewrite.bytes.contains("PYRO:obj_3@127.0.0.1:40005"));
        QVERIFY(objects->rewrite.bytes.contains("PYRONAME:example.greeting@127.0.0.1:9090"));
        QVERIFY(objects->rewrite.bytes.contains("mentions PYRO:obj_5@127.0.0.1:9090 in passing"));
    }

    // A reply without URIs costs a look at its header: no note, no mapper call, no bytes.
    void withoutUris()
    {
        const PeerMessage* m = find(4, QStringLiteral("no-uris"), QStringLiteral("pickle"));
        QVERIFY(m);
        QVERIFY(m->offered.isEmpty());
        QVERIFY(m->rewrite.notes.isEmpty());
        QVERIFY(m->rewrite.bytes.isEmpty());
    }

    // A mapper that follows nothing leaves every message as it is, without notes.
    void mapperDeclines()
    {
        for (const PeerMessage& m : m_messages) {
            const EndpointRewrite r
                = rewritePyroEndpoints(m.bytes, [](const HandedOutEndpoint&) { return std::nullopt; });
            QCOMPARE(r.rewritten, 0);
            QVERIFY(r.bytes.isEmpty());
        }
    }

    // Hostile and broken messages: every truncation, forged sizes and lengths, deep nesting, and every single-byte
    // change of real messages: no crash, and whatever is not a readable message is left as written with a note.
    void hostile_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<bool>("noted");
        const PeerMessage* lookup = find(4, QStringLiteral("ns-lookup"), QStringLiteral("serpent"));
        QVERIFY(lookup);
        const QByteArray real = lookup->bytes;
        const QByteArray deepSerpent
            = "# serpent utf-8 python3.2\n" + QByteArray(100000, '(') + "'PYRO:o@h:1'" + QByteArray(100000, ')');
        const QByteArray deepJson = QByteArray(100000, '[') + "\"PYRO:o@h:1\"" + QByteArray(100000, ']');
        QTest::addRow("empty") << QByteArray() << true;
        QTest::addRow("not pyro") << QByteArray("GET / HTTP/1.1\r\n\r\n") << true;
        QTest::addRow("header only") << real.first(Pyro4Header::kSize) << true;
        QTest::addRow("one byte short") << real.chopped(1) << true;
        QTest::addRow("one byte more") << real + 'x' << true;
        QTest::addRow("serpent cut in a URI")
            << pyro4Message(pyro4::SerSerpent, "# serpent utf-8 python3.2\n'PYRO:o@h:1") << true;
        QTest::addRow("serpent 100000 deep") << pyro4Message(pyro4::SerSerpent, deepSerpent) << true;
        QTest::addRow("json 100000 deep") << pyro5Message(pyro5::SerJson, deepJson) << true;
        QTest::addRow("msgpack str32 of 4 GiB")
            << pyro5Message(pyro5::SerMsgpack, QByteArray("\x91\xdb\xff\xff\xff\xffPYRO:o@h:1", 16)) << true;
        QTest::addRow("msgpack array32 of 4 G items")
            << pyro5Message(pyro5::SerMsgpack, QByteArray("\xdd\xff\xff\xff\xff\xaaPYRO:o@h:1", 16)) << true;
        QTest::addRow("marshal str of 2 GiB")
            << pyro5Message(pyro5::SerMarshal, QByteArray("u\xff\xff\xff\x7fPYRO:o@h:1", 15)) << true;
        QTest::addRow("marshal reference never made")
            << pyro5Message(pyro5::SerMarshal, QByteArray("(\x02\x00\x00\x00r\x05\x00\x00\x00\xfa\x0aPYRO:o@h:1", 22))
            << true;
        QTest::addRow("pickle BINUNICODE8 of 2^63")
            << pyro4Message(pyro4::SerPickle, QByteArray("\x80\x04\x8d\xff\xff\xff\xff\xff\xff\xff\x7fPYRO:o@h:1.", 23))
            << true;
        QTest::addRow("pickle memo get of nothing")
            << pyro4Message(pyro4::SerPickle, QByteArray("\x80\x05h\x07\x8c\x0aPYRO:o@h:1\x86.", 17)) << true;
        QTest::addRow("pickle FRAME past the end") << pyro4Message(
            pyro4::SerPickle, QByteArray("\x80\x04\x95\xff\x00\x00\x00\x00\x00\x00\x00\x8c\x0aPYRO:o@h:1.", 24))
                                                   << true;
        QTest::addRow("pickle without STOP")
            << pyro4Message(pyro4::SerPickle, QByteArray("\x80\x04\x8c\x0aPYRO:o@h:1", 14)) << true;
        QTest::addRow("pyro4 data size 2 GiB")
            << withPyro4Header(real, [](Pyro4Header& h) { h.dataSize = 0x7fffffff; }) << true;
        QTest::addRow("pyro4 negative data size")
            << withPyro4Header(real, [](Pyro4Header& h) { h.dataSize = -5; }) << true;
        QTest::addRow("compressed garbage") << withPyro4Header(pyro4Message(pyro4::SerSerpent, "PYRO not zlib"),
                                                               [](Pyro4Header& h) { h.flags = pyro4::FlagCompressed; })
                                            << true;
    }
    void hostile()
    {
        QFETCH(QByteArray, message);
        QFETCH(bool, noted);
        Mapper mapper;
        const EndpointRewrite r = rewritePyroEndpoints(message, mapper.function());
        QCOMPARE(r.rewritten, 0);
        QVERIFY(r.bytes.isEmpty());
        QCOMPARE(!r.notes.isEmpty(), noted);
    }

    // End to end: a real Pyro4 or Pyro5 client resolves PYRONAME: through a relay in front of a real name server
    // only. The relay rewrites the name server's lookup answer with rewritePyroEndpoints (its mapper opens a
    // listener for the daemon), so the call that matters comes through the relay too, and the client gets its
    // answer.
    void endToEnd_data()
    {
        QTest::addColumn<int>("version");
        QTest::addColumn<QString>("serializer");
        QTest::addRow("pyro4 serpent") << 4 << QStringLiteral("serpent");
        QTest::addRow("pyro4 json") << 4 << QStringLiteral("json");
        QTest::addRow("pyro4 marshal") << 4 << QStringLiteral("marshal");
        QTest::addRow("pyro5 serpent") << 5 << QStringLiteral("serpent");
        QTest::addRow("pyro5 msgpack") << 5 << QStringLiteral("msgpack");
    }
    void endToEnd()
    {
        QFETCH(int, version);
        QFETCH(QString, serializer);
        if (version == 5 && !m_pyro5)
            QSKIP("Pyro5 is not at <source>/../shared/peers (Debian has no Pyro5)");
        auto pyro5 = [&](const QString& script) { return version == 5 ? test::withPyro5(script) : script; };
        test::PeerProcess servers;
        const QString nameServerPort = servers.start(pyro5(test::pyroNameServerScript(version)));
        QVERIFY2(!nameServerPort.isEmpty(), qPrintable(servers.error()));
        test::FollowingRelayThread relay;
        const quint16 port = relay.start({QStringLiteral("127.0.0.1"), nameServerPort.toUShort()});
        QVERIFY(port != 0);
        const QString client
            = QStringLiteral(R"(
import %1 as api
api.config.SERIALIZER = '%2'
with api.Proxy('PYRONAME:example.greeting@127.0.0.1:%3') as greeting:
    print(repr(greeting.get_fortune('follow')))
    print(greeting._pyroConnection.sock.getpeername()[1])
)")
                  .arg(version == 4 ? QStringLiteral("Pyro4") : QStringLiteral("Pyro5.api"), serializer)
                  .arg(port);
        const auto run = test::runPython(pyro5(client));
        relay.stop();
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QList<QByteArray> lines = run.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], QByteArray("'Hello, follow. \\n'"));
        // The client called the object through the relay's second listener, which the lookup answer named.
        const quint16 objectPort = lines[1].toUShort();
        QVERIFY(objectPort != port && objectPort != nameServerPort.toUShort());
        QVERIFY(relay.messages.count(objectPort));
        QVERIFY(relay.messages[objectPort] >= 1);
        QVERIFY(relay.rewritten >= 1);
    }

    // Every truncation of every rewritten real message is refused with a note; every single-byte change of some
    // gives no crash, and a rewrite of it only with bytes.
    void everyTruncationAndByteChange()
    {
        for (const PeerMessage& m : m_messages) {
            if (m.rewrite.rewritten == 0)
                continue;
            for (qsizetype n = 0; n < m.bytes.size(); ++n) {
                Mapper mapper;
                const EndpointRewrite r = rewritePyroEndpoints(m.bytes.first(n), mapper.function());
                QVERIFY(r.rewritten == 0 && r.bytes.isEmpty() && !r.notes.isEmpty());
            }
            if (m.caseName != QLatin1String("ns-lookup") && m.caseName != QLatin1String("shared-host"))
                continue;
            for (qsizetype i = 0; i < m.bytes.size(); ++i) {
                QByteArray changed = m.bytes;
                changed[i] = char(changed[i] ^ 0x5A);
                Mapper mapper;
                const EndpointRewrite r = rewritePyroEndpoints(changed, mapper.function());
                QVERIFY(r.rewritten == 0 || !r.bytes.isEmpty());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestPyroEndpointRewriter)
#include "tst_pyroendpointrewriter.moc"
