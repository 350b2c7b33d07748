// `rpcscope-cli decode` on the real captures in tests/data: the values a user reads in jsonl and text output (XML-RPC,
// Pyro4, Java RMI), exactly the documented jsonl keys, the decode trees of --tree, and --java-signatures.
#include "clijson.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace rpcscope::test;

namespace {

const QSet<QString> kCallKeys {"protocol", "client", "server", "start", "latency_ms", "method",
                               "object",   "params", "result", "fault", "status"};
const QSet<QString> kSubCallKeys {"method", "params", "result", "fault", "status"};
const QSet<QString> kTreeKeys {"name", "type", "value", "description", "offset", "length", "children"};

QSet<QString> keysOf(const QJsonObject& o)
{
    const QStringList keys = o.keys();
    return QSet<QString>(keys.begin(), keys.end());
}

QString fixture(const char* relative)
{
    return dataPath(QString::fromLatin1(relative));
}

// The first call of `method` (and, if given, whose first parameter is `firstParam`).
QJsonObject findCall(const QList<QJsonObject>& calls, const QString& method,
                     const QJsonValue& firstParam = QJsonValue(QJsonValue::Undefined))
{
    for (const QJsonObject& c : calls) {
        if (c.value("method").toString() != method)
            continue;
        if (firstParam.isUndefined() || c.value("params").toArray().at(0) == firstParam)
            return c;
    }
    return {};
}

QJsonObject fault(int code, const QString& message)
{
    return QJsonObject {{"code", code}, {"message", message}};
}

// Checks one tree node and all below it: exactly the documented keys, and byte ranges that make sense. Returns the
// number of nodes; `bad` gets a description of the first problem.
int checkTree(const QJsonObject& node, QString& bad, const QString& path = {})
{
    const QString here = path + QLatin1Char('/') + node.value("name").toString();
    QSet<QString> keys = keysOf(node);
    keys.remove(QStringLiteral("buffer")); // names a derived buffer (decompressed body, decoded base64)
    if (keys != kTreeKeys && bad.isEmpty())
        bad = QStringLiteral("%1: keys %2").arg(here, QStringList(keys.begin(), keys.end()).join(','));
    if (!node.value("offset").isDouble() || !node.value("length").isDouble() || !node.value("children").isArray()
        || !node.value("name").isString() || !node.value("type").isString()) {
        if (bad.isEmpty())
            bad = here + QStringLiteral(": wrong value types");
    }
    if ((node.value("offset").toDouble() < 0 || node.value("length").toDouble() < 0) && bad.isEmpty())
        bad = here + QStringLiteral(": negative range");
    int count = 1;
    for (const QJsonValue& child : node.value("children").toArray())
        count += checkTree(child.toObject(), bad, here);
    return count;
}

// Depth-first search for a node by name and value.
QJsonObject findNode(const QJsonObject& node, const QString& type, const QString& value)
{
    if (node.value("type").toString() == type && node.value("value").toString() == value)
        return node;
    for (const QJsonValue& child : node.value("children").toArray()) {
        const QJsonObject found = findNode(child.toObject(), type, value);
        if (!found.isEmpty())
            return found;
    }
    return {};
}

} // namespace

class TestDecodeCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void xmlrpcTypes()
    {
        const QList<QJsonObject> calls = decodeJsonl({fixture("xmlrpc/xmlrpc-types.pcap")});
        QCOMPARE(calls.size(), 17);
        const QJsonObject add = calls.at(0);
        QCOMPARE(add.value("protocol").toString(), QStringLiteral("xmlrpc"));
        QCOMPARE(add.value("method").toString(), QStringLiteral("add"));
        QCOMPARE(add.value("params").toArray(), (QJsonArray {3, 4}));
        QCOMPARE(add.value("result"), QJsonValue(7));
        QCOMPARE(add.value("fault"), QJsonValue(QJsonValue::Null));
        QCOMPARE(add.value("object"), QJsonValue(QJsonValue::Null));
        QCOMPARE(add.value("status").toString(), QStringLiteral("ok"));
        QVERIFY(add.value("latency_ms").isDouble());
        QVERIFY(add.value("latency_ms").toDouble() >= 0 && add.value("latency_ms").toDouble() < 10000);
        QVERIFY(add.value("start").toDouble() > 1.6e9); // seconds since the epoch
        QVERIFY(QRegularExpression("^127\\.0\\.0\\.1:\\d+$").match(add.value("client").toString()).hasMatch());
        QVERIFY(QRegularExpression("^127\\.0\\.0\\.1:\\d+$").match(add.value("server").toString()).hasMatch());

        // Requests are printed in the order they were made (one connection per call here).
        for (int i = 1; i < calls.size(); ++i)
            QVERIFY(calls.at(i).value("start").toDouble() >= calls.at(i - 1).value("start").toDouble());

        // Every type as the issue maps it to JSON.
        auto echoed = [&](int index) { return calls.at(index).value("result"); };
        QCOMPARE(echoed(1), QJsonValue(-2147483648.0));
        QCOMPARE(echoed(2), QJsonValue(QJsonArray {true, false}));
        QCOMPARE(echoed(3), QJsonValue(QString::fromUtf8("s<&> \u00e9\u20ac")));
        QCOMPARE(echoed(4), QJsonValue(QString()));
        QCOMPARE(echoed(5), QJsonValue(2.5));
        QCOMPARE(echoed(6), QJsonValue(QJsonObject {{"datetime", "20240102T03:04:05"}}));
        QCOMPARE(echoed(7), QJsonValue(QJsonObject {{"base64", "AGhp/w=="}}));
        QCOMPARE(calls.at(8).value("params").toArray(), QJsonArray {QJsonValue::Null});
        QCOMPARE(echoed(8), QJsonValue(QJsonValue::Null));
        QCOMPARE(calls.at(8).value("status").toString(), QStringLiteral("ok"));
        QCOMPARE(echoed(9),
                 QJsonValue(QJsonObject {
                     {"name", "x"}, {"n", 1}, {"nested", QJsonObject {{"list", QJsonArray {1, "two", 3.0}}}}}));
        QCOMPARE(echoed(10), QJsonValue(QJsonArray {QJsonArray {}, QJsonObject {}}));

        const QJsonObject fail = calls.at(11);
        QCOMPARE(fail.value("method").toString(), QStringLiteral("fail"));
        QCOMPARE(fail.value("status").toString(), QStringLiteral("fault"));
        QCOMPARE(fail.value("fault").toObject(), fault(42, "the answer is not allowed"));
        QCOMPARE(fail.value("result"), QJsonValue(QJsonValue::Null));
        QCOMPARE(calls.at(12).value("fault").toObject(), fault(1, "<class 'ZeroDivisionError'>:division by zero"));

        const QJsonArray methods = calls.at(13).value("result").toArray();
        QCOMPARE(calls.at(13).value("method").toString(), QStringLiteral("system.listMethods"));
        QVERIFY(methods.contains(QJsonValue("add")) && methods.contains(QJsonValue("system.multicall")));
        QCOMPARE(calls.at(15).value("result"), QJsonValue("signatures not supported"));

        const QJsonObject multi = calls.at(16);
        QCOMPARE(multi.value("method").toString(), QStringLiteral("system.multicall"));
        const QJsonArray sub = multi.value("calls").toArray();
        QCOMPARE(sub.size(), 3);
        QCOMPARE(sub.at(0).toObject().value("method").toString(), QStringLiteral("add"));
        QCOMPARE(sub.at(0).toObject().value("params").toArray(), (QJsonArray {1, 2}));
        QCOMPARE(sub.at(0).toObject().value("result"), QJsonValue(3));
        QCOMPARE(sub.at(0).toObject().value("status").toString(), QStringLiteral("ok"));
        QCOMPARE(sub.at(1).toObject().value("result"), QJsonValue("in a batch"));
        QCOMPARE(sub.at(2).toObject().value("status").toString(), QStringLiteral("fault"));
        QCOMPARE(sub.at(2).toObject().value("fault").toObject(), fault(7, "batch fault"));
    }

    void xmlrpcKeepAlive()
    {
        const QList<QJsonObject> calls = decodeJsonl({fixture("xmlrpc/xmlrpc-keepalive.pcap")});
        QCOMPARE(calls.size(), 4);
        QSet<QString> clients;
        for (const QJsonObject& c : calls)
            clients << c.value("client").toString();
        QCOMPARE(clients.size(), 1); // one connection for all four
        QCOMPARE(calls.at(0).value("result"), QJsonValue(7));
        // The 70,000-character string, and its gzip-compressed reply.
        QCOMPARE(calls.at(1).value("params").toArray().at(0).toString(), QString(70000, QLatin1Char('x')));
        QCOMPARE(calls.at(1).value("result").toString(), QString(70000, QLatin1Char('x')));
        QCOMPARE(calls.at(2).value("fault").toObject(), fault(3, "kept alive"));
        QCOMPARE(calls.at(3).value("params").toArray(), (QJsonArray {1.5, 2}));
        QCOMPARE(calls.at(3).value("result"), QJsonValue(3.5));
        for (const QJsonObject& c : calls)
            QVERIFY(c.value("status").toString() == "ok" || c.value("status").toString() == "fault");
    }

    void pyro4()
    {
        const QList<QJsonObject> calls = decodeJsonl({fixture("pyro4/pyro4-serpent.pcap")});
        QVERIFY(calls.size() >= 6);
        for (const QJsonObject& c : calls)
            QCOMPARE(c.value("protocol").toString(), QStringLiteral("pyro4"));
        const QJsonObject fortune = findCall(calls, "get_fortune", QJsonValue("letian"));
        QCOMPARE(fortune.value("object").toString(), QStringLiteral("example.greeting"));
        QCOMPARE(fortune.value("result"), QJsonValue("Hello, letian. \n"));
        QCOMPARE(fortune.value("status").toString(), QStringLiteral("ok"));
        const QJsonObject fail = findCall(calls, "fail");
        QCOMPARE(fail.value("status").toString(), QStringLiteral("exception"));
        QVERIFY2(fail.value("fault").toObject().value("message").toString().contains("bad value"),
                 qPrintable(QJsonDocument(fail).toJson()));
        // Keyword arguments have a key of their own.
        bool sawKwargs = false;
        for (const QJsonObject& c : calls) {
            if (c.value("kwargs").toObject().value("name") == QJsonValue("keyword")) {
                sawKwargs = true;
                QCOMPARE(c.value("result"), QJsonValue("Hello, keyword. \n"));
            }
        }
        QVERIFY(sawKwargs);
    }

    void jrmpWithSignatures()
    {
        const QList<QJsonObject> calls = decodeJsonl(
            {fixture("jrmp/hello.pcap"), QStringLiteral("--java-signatures"), fixture("jrmp/hello.signatures")});
        QVERIFY(!calls.isEmpty());
        const QJsonObject add = findCall(calls, "add");
        QVERIFY2(!add.isEmpty(), "no call named add: --java-signatures did not name the method");
        QCOMPARE(add.value("protocol").toString(), QStringLiteral("jrmp"));
        QCOMPARE(add.value("params").toArray(), (QJsonArray {3, 4}));
        QCOMPARE(add.value("result"), QJsonValue(7));
        QCOMPARE(add.value("status").toString(), QStringLiteral("ok"));
        const QJsonObject hello = findCall(calls, "sayHello");
        QCOMPARE(hello.value("params").toArray(), QJsonArray {"letian"});
        QVERIFY(!findCall(calls, "lookup", QJsonValue("Hello")).isEmpty());
    }

    void jrmpWithoutSignatures()
    {
        // Without the interface the method has no name, only its hash: the same call is there, unnamed.
        const QList<QJsonObject> calls = decodeJsonl({fixture("jrmp/hello.pcap")});
        const QList<QJsonObject> named = decodeJsonl(
            {fixture("jrmp/hello.pcap"), QStringLiteral("--java-signatures"), fixture("jrmp/hello.signatures")});
        QCOMPARE(calls.size(), named.size());
        QVERIFY(findCall(calls, "add").isEmpty());
        QVERIFY(!findCall(calls, "lookup", QJsonValue("Hello")).isEmpty()); // the registry is known without help
    }

    void exactlyTheDocumentedKeys_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("trees");
        QTest::addRow("xmlrpc types") << "xmlrpc/xmlrpc-types.pcap" << false;
        QTest::addRow("xmlrpc keep-alive with trees") << "xmlrpc/xmlrpc-keepalive.pcap" << true;
        QTest::addRow("pyro4 serpent") << "pyro4/pyro4-serpent.pcap" << false;
        QTest::addRow("pyro4 pickle with trees") << "pyro4/pyro4-pickle.pcap" << true;
        QTest::addRow("jrmp") << "jrmp/hello.pcap" << false;
    }
    void exactlyTheDocumentedKeys()
    {
        QFETCH(QString, file);
        QFETCH(bool, trees);
        QStringList args {dataPath(file)};
        if (trees)
            args << QStringLiteral("--tree");
        const QList<QJsonObject> calls = decodeJsonl(args);
        QVERIFY(!calls.isEmpty());
        for (const QJsonObject& c : calls) {
            QSet<QString> keys = keysOf(c);
            const QString protocol = c.value("protocol").toString();
            // Optional keys: sub-calls of a batch, Pyro4's keyword arguments, and the trees when asked for.
            if (keys.remove(QStringLiteral("calls"))) {
                for (const QJsonValue& s : c.value("calls").toArray()) {
                    QSet<QString> subKeys = keysOf(s.toObject());
                    if (protocol == QLatin1String("pyro4"))
                        subKeys.remove(QStringLiteral("kwargs"));
                    QCOMPARE(subKeys, kSubCallKeys);
                }
            }
            if (protocol == QLatin1String("pyro4"))
                keys.remove(QStringLiteral("kwargs"));
            QCOMPARE(keys.remove(QStringLiteral("request_tree")), trees);
            QCOMPARE(keys.remove(QStringLiteral("response_tree")), trees);
            QCOMPARE(keys, kCallKeys);
            QVERIFY(c.value("params").isArray());
            QVERIFY(c.value("start").isDouble());
            QVERIFY(c.value("latency_ms").isDouble() || c.value("latency_ms").isNull());
            QVERIFY(c.value("fault").isObject() || c.value("fault").isNull());
            const QString status = c.value("status").toString();
            QVERIFY2(QStringList({"ok", "fault", "exception", "no-reply", "malformed"}).contains(status),
                     qPrintable(status));
        }
    }

    void trees()
    {
        const QList<QJsonObject> calls = decodeJsonl({fixture("xmlrpc/xmlrpc-types.pcap"), QStringLiteral("--tree")});
        QCOMPARE(calls.size(), 17);
        for (const QJsonObject& c : calls) {
            QString bad;
            QVERIFY(checkTree(c.value("request_tree").toObject(), bad) > 1);
            QVERIFY2(bad.isEmpty(), qPrintable(bad));
            QVERIFY(checkTree(c.value("response_tree").toObject(), bad) > 1);
            QVERIFY2(bad.isEmpty(), qPrintable(bad));
        }
        // add(3, 4): the tree holds the parameters with their types and byte ranges inside the request.
        const QJsonObject request = calls.at(0).value("request_tree").toObject();
        const QJsonObject three = findNode(request, "int", "3");
        QVERIFY2(!three.isEmpty(), qPrintable(QJsonDocument(request).toJson()));
        QVERIFY(three.value("length").toInt() > 0);
        const QJsonObject four = findNode(request, "int", "4");
        QVERIFY(four.value("offset").toInt() > three.value("offset").toInt());
        const QJsonObject seven = findNode(calls.at(0).value("response_tree").toObject(), "int", "7");
        QVERIFY(!seven.isEmpty());

        // Without --tree there are no trees.
        const QList<QJsonObject> plain = decodeJsonl({fixture("xmlrpc/xmlrpc-types.pcap")});
        QVERIFY(!plain.at(0).contains("request_tree"));
    }

    void text_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("protocol");
        QTest::addRow("xmlrpc") << "xmlrpc/xmlrpc-types.pcap"
                                << "XML-RPC";
        QTest::addRow("pyro4") << "pyro4/pyro4-json.pcap"
                               << "Pyro4";
        QTest::addRow("jrmp") << "jrmp/hello.pcap"
                              << "RMI";
    }
    void text()
    {
        QFETCH(QString, file);
        QFETCH(QString, protocol);
        const ProcessResult r = runCli({QStringLiteral("decode"), dataPath(file)});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QByteArray());
        const QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QList<QJsonObject> calls = decodeJsonl({dataPath(file)});
        QCOMPARE(lines.size(), calls.size()); // one line per call
        for (int i = 0; i < lines.size(); ++i) {
            const QJsonObject& c = calls.at(i);
            const QString& line = lines.at(i);
            // number, time, client → server, protocol, method, status, latency
            QVERIFY2(line.contains(c.value("client").toString() + QStringLiteral(" → ") + c.value("server").toString()),
                     qPrintable(line));
            QVERIFY2(line.contains(protocol, Qt::CaseInsensitive), qPrintable(line));
            QVERIFY2(line.contains(c.value("method").toString()), qPrintable(line));
            QVERIFY2(line.contains(QLatin1Char(' ') + c.value("status").toString() + QLatin1Char(' ')),
                     qPrintable(line));
            QVERIFY2(
                QRegularExpression(QStringLiteral("^\\s*%1\\s+\\d+\\.\\d{6}\\s").arg(i + 1)).match(line).hasMatch(),
                qPrintable(line));
            if (c.value("latency_ms").isDouble())
                QVERIFY2(line.contains(QStringLiteral(" ms")), qPrintable(line));
        }
        if (protocol == QLatin1String("XML-RPC"))
            QVERIFY2(lines.at(0).contains(QStringLiteral("add(3, 4) → 7")), qPrintable(lines.at(0)));
    }

    void textTrees()
    {
        const ProcessResult r
            = runCli({QStringLiteral("decode"), fixture("xmlrpc/xmlrpc-types.pcap"), QStringLiteral("--tree")});
        QCOMPARE(r.exitCode, 0);
        const QString out = QString::fromUtf8(r.out);
        QVERIFY(out.contains(QStringLiteral("    request:\n")));
        QVERIFY(out.contains(QStringLiteral("    response:\n")));
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("\\n {6}.*= 3 .*\\[\\d+,\\s*\\d+\\]"))),
                 qPrintable(out.left(2000)));
    }

    void helpDocumentsTheKeys()
    {
        const ProcessResult r = runCli({QStringLiteral("decode"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        const QString help = QString::fromUtf8(r.out);
        for (const QString& key : kCallKeys)
            QVERIFY2(help.contains(key), qPrintable(key));
        QVERIFY(help.contains(QStringLiteral("--java-signatures")));
        QVERIFY(help.contains(QStringLiteral("decode -")));
        QVERIFY(help.contains(QStringLiteral("--java-classpath <dir|jar[:...]>")));
        QVERIFY(help.contains(QStringLiteral("max-named-objects")));
        // capture and proxy take the same Java options.
        for (const char* command : {"capture", "proxy"}) {
            const ProcessResult h = runCli({QLatin1String(command), QStringLiteral("--help")});
            QCOMPARE(h.exitCode, 0);
            QVERIFY2(h.out.contains("--java-classpath <dir|jar[:...]>") && h.out.contains("--java-signatures <file>"),
                     command);
        }
        QVERIFY(help.contains(QStringLiteral("--tls-keylog")));
    }

    // TLS on the command line: without keys every TLS connection is listed, encrypted, and standard error says how
    // many, to which server names and how to get keys; with the key log the same capture decodes to its calls, and
    // --tree puts the tls node first in each tree, above the decoded message.
    void tlsWithoutAndWithKeys()
    {
        const ProcessResult without = runCli({QStringLiteral("decode"), fixture("tls/tls-xmlrpc.pcap")});
        QCOMPARE(without.exitCode, 0);
        const QString err = QString::fromUtf8(without.err);
        QVERIFY2(err.contains(QStringLiteral("tls-xmlrpc.pcap: 6 TLS connections could not be decrypted (listed as "
                                             "protocol tls, status encrypted):")),
                 qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("6 to localhost: no key log was given")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("Decrypt them with --tls-keylog FILE")), qPrintable(err));
        QVERIFY(err.contains(QStringLiteral("SSLKEYLOGFILE")));
        const QStringList lines = QString::fromUtf8(without.out).split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 6 * 5);
        for (const QString& line : lines) {
            QVERIFY2(line.contains(QStringLiteral(" TLS ")) && line.contains(QStringLiteral(" encrypted ")),
                     qPrintable(line));
            QVERIFY2(line.endsWith(QStringLiteral("[not decrypted: no key log was given]")), qPrintable(line));
        }

        const QList<QJsonObject> calls = decodeJsonl({fixture("tls/tls-xmlrpc.pcap"), QStringLiteral("--tls-keylog"),
                                                      fixture("tls/tls-xmlrpc.keys"), QStringLiteral("--tree")});
        QCOMPARE(calls.size(), 24);
        for (const QJsonObject& call : calls) {
            QCOMPARE(call.value("protocol").toString(), QStringLiteral("xmlrpc"));
            QVERIFY(!call.contains(QStringLiteral("tls")));
            const QJsonObject tls = call.value("request_tree").toObject().value("children").toArray().at(0).toObject();
            QCOMPARE(tls.value("name").toString(), QStringLiteral("tls"));
            QVERIFY(!tls.contains(QStringLiteral("buffer"))); // the records: buffer 0
            // The connection's fields have no bytes of their own (offset null); the records' fields lie in buffer 0.
            for (const QJsonValue& field : tls.value("children").toArray()) {
                const QJsonObject f = field.toObject();
                if (f.value("name").toString() == QLatin1String("record"))
                    QVERIFY(f.value("offset").isDouble() && f.value("length").toDouble() > 5);
                else
                    QVERIFY2(f.value("offset").isNull(), qPrintable(f.value("name").toString()));
            }
        }
        QCOMPARE(findCall(calls, QStringLiteral("add")).value("result"), QJsonValue(7));

        const ProcessResult with = runCli({QStringLiteral("decode"), fixture("tls/tls-xmlrpc.pcap"),
                                           QStringLiteral("--tls-keylog"), fixture("tls/tls-xmlrpc.keys")});
        QCOMPARE(with.exitCode, 0);
        QVERIFY2(with.err.isEmpty(), with.err.constData());
    }

    void tlsSecretsBlockAndEncryptedJson()
    {
        // The key log inside the pcapng: decrypted with no option.
        const QList<QJsonObject> calls = decodeJsonl({fixture("tls/tls13-hrr-keyupdate-dsb.pcapng")});
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls.at(1).value("params").toArray(), (QJsonArray {40, 2}));
        QCOMPARE(calls.at(1).value("result"), QJsonValue(42));
        // Not decrypted: the tls member says why.
        const QList<QJsonObject> encrypted = decodeJsonl({fixture("tls/tls13-hrr-keyupdate.pcap")}, true);
        QVERIFY(!encrypted.isEmpty());
        const QJsonObject tls = encrypted.at(0).value("tls").toObject();
        QCOMPARE(encrypted.at(0).value("status").toString(), QStringLiteral("encrypted"));
        QCOMPARE(tls.value("decrypted"), QJsonValue(false));
        QCOMPARE(tls.value("reason").toString(), QStringLiteral("no key log was given"));
        QCOMPARE(tls.value("server_name").toString(), QStringLiteral("localhost"));
        QCOMPARE(tls.value("version").toString(), QStringLiteral("TLS 1.3"));
        QCOMPARE(tls.value("cipher_suite").toString(), QStringLiteral("TLS_AES_256_GCM_SHA384"));
    }

    void tlsKeyLogThatCannotBeRead_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("error");
        QTest::addRow("missing") << QStringLiteral("/nonexistent/keys.log") << QStringLiteral("No such file");
        QTest::addRow("a directory") << QStringLiteral("/tmp") << QStringLiteral("is a directory, not a TLS key log");
    }
    void tlsKeyLogThatCannotBeRead()
    {
        QFETCH(QString, path);
        QFETCH(QString, error);
        const ProcessResult r
            = runCli({QStringLiteral("decode"), fixture("tls/tls-xmlrpc.pcap"), QStringLiteral("--tls-keylog"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(path.toUtf8()) && r.err.contains(error.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDecodeCommand)
#include "tst_decodecommand.moc"
