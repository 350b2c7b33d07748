// Pyro4Decoder on values that are easy to lose, in INVOKE messages written by Pyro4 4.82's own serializers: dicts
// whose keys are not str (a typed map in the value, the JSON and the tree), limits that cut a value (the call stays
// ok, says it is truncated and names the limit, and keeps what was read), text Python would refuse (read, and said
// so), and floats that stay floats in the jsonl, the text line and the tree.
#include "callformat.h"
#include "jsonwriter.h"
#include "pyro/pyro4/pyro4decoder.h"
#include "pyro/pyro4/pyro4header.h"
#include "pyro/pyropayload.h"
#include "pyrofixtures.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QTest>

using namespace rpcscope;

class TestPyro4Values : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void typedKeys_data();
    void typedKeys();
    void stringKeysStayAStruct();
    void limitsCutValuesAndSaySo_data();
    void limitsCutValuesAndSaySo();
    void compressedPayloadPastTheLimit();
    void integerPastTheDigitLimit_data();
    void integerPastTheDigitLimit();
    void textPythonRefusesIsReadAndSaidSo_data();
    void textPythonRefusesIsReadAndSaidSo();
    void surrogatePairWrittenAsTwoCodePoints_data();
    void surrogatePairWrittenAsTwoCodePoints();
    void floatsStayFloatsInEveryOutput();
};

namespace {

QByteArray toJson(const RpcValue& v)
{
    QByteArray out;
    JsonWriter json(out);
    writeRpcValue(json, v);
    return out;
}

DecodedMessage decode(const QByteArray& bytes, const DecodeLimits& limits = {})
{
    DecodeOptions options;
    options.limits = limits;
    DecodeContext context;
    context.direction = Direction::ClientToServer;
    context.options = &options;
    return Pyro4Decoder().decode(bytes, context);
}

// INVOKE messages `echo(<expression>, k=1)` on "values.test", each written by Pyro4's serializer named in the pair.
std::vector<QByteArray> pyroInvokes(const QList<QPair<QString, QString>>& serializerAndExpression)
{
    QJsonArray in;
    for (const auto& [serializer, expression] : serializerAndExpression)
        in.append(QJsonArray {serializer, expression});
    const QJsonArray out
        = test::runPythonJson(
              QStringLiteral("import json, sys\n"
                             "import Pyro4.util\n"
                             "from Pyro4.message import Message\n"
                             "out = []\n"
                             "for serializer, expression in json.loads(sys.stdin.read()):\n"
                             "    s = Pyro4.util.get_serializer(serializer)\n"
                             "    data = s.dumpsCall('values.test', 'echo', (eval(expression),),"
                             " {'k': 1})\n"
                             "    out.append(Message(4, data, s.serializer_id, 0, 1).to_bytes().hex())\n"
                             "print(json.dumps(out))\n"),
              in)
              .toArray();
    std::vector<QByteArray> messages;
    for (const QJsonValue& hex : out)
        messages.push_back(QByteArray::fromHex(hex.toString().toLatin1()));
    return messages;
}

QByteArray pyroInvoke(const QString& serializer, const QString& expression)
{
    const std::vector<QByteArray> m = pyroInvokes({{serializer, expression}});
    return m.empty() ? QByteArray() : m.front();
}

std::vector<Problem> problemsOf(const DecodedMessage& m, Problem::Kind kind)
{
    std::vector<Problem> out;
    for (const Problem& p : m.problems) {
        if (p.kind == kind)
            out.push_back(p);
    }
    return out;
}

QString problemTexts(const DecodedMessage& m)
{
    QStringList texts;
    for (const Problem& p : m.problems)
        texts << problemKindName(p.kind) + QLatin1String(": ") + p.text;
    return texts.join(QLatin1String(" | "));
}

Call callOf(const DecodedMessage& request)
{
    Call call;
    call.protocol = QStringLiteral("pyro4");
    call.request = std::make_shared<DecodedMessage>(request);
    call.status = request.status;
    return call;
}

} // namespace

void TestPyro4Values::typedKeys_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("keyTypes");
    const QByteArray pythonJson = "{\"map\":[[1,\"a\"],[\"1\",\"b\"],[[2,3],\"c\"],[null,\"d\"],[1.5,\"e\"],"
                                  "[1267650600228229401496703205376,\"f\"]]}";
    const QStringList names
        = {QStringLiteral("1"),    QStringLiteral("'1'"), QStringLiteral("(2, 3)"),
           QStringLiteral("None"), QStringLiteral("1.5"), QStringLiteral("1267650600228229401496703205376")};
    const QStringList types = {QStringLiteral("int"),  QStringLiteral("str"),   QStringLiteral("tuple"),
                               QStringLiteral("None"), QStringLiteral("float"), QStringLiteral("int")};
    QTest::addRow("marshal") << QStringLiteral("marshal") << pythonJson << names << types;
    QTest::addRow("pickle") << QStringLiteral("pickle") << pythonJson << names << types;
    // serpent refuses None as a key; msgpack writes the tuple key as an array (a list on the way back).
    QStringList serpentNames = names;
    serpentNames.removeAt(3);
    QStringList serpentTypes = types;
    serpentTypes.removeAt(3);
    QTest::addRow("serpent") << QStringLiteral("serpent")
                             << QByteArray("{\"map\":[[1,\"a\"],[\"1\",\"b\"],[[2,3],\"c\"],[1.5,\"e\"],"
                                           "[1267650600228229401496703205376,\"f\"]]}")
                             << serpentNames << serpentTypes;
    QStringList msgpackNames = names;
    msgpackNames[2] = QStringLiteral("[2, 3]");
    QStringList msgpackTypes = types;
    msgpackTypes[2] = QStringLiteral("list");
    QTest::addRow("msgpack") << QStringLiteral("msgpack") << pythonJson << msgpackNames << msgpackTypes;
}

void TestPyro4Values::typedKeys()
{
    // The int key 1 and the str key '1' are two entries; every key keeps its type in the value, the JSON (the map
    // form) and the tree (members named by the key's repr, each with a `key` node of the key's type and bytes).
    QFETCH(QString, serializer);
    QFETCH(QByteArray, json);
    QFETCH(QStringList, names);
    QFETCH(QStringList, keyTypes);
    const QString dict = serializer == QLatin1String("serpent")
        ? QStringLiteral("{1: 'a', '1': 'b', (2, 3): 'c', 1.5: 'e', 2**100: 'f'}")
        : QStringLiteral("{1: 'a', '1': 'b', (2, 3): 'c', None: 'd', 1.5: 'e', 2**100: 'f'}");
    const DecodedMessage m = decode(pyroInvoke(serializer, dict));
    QVERIFY2(m.problems.empty(), qPrintable(problemTexts(m)));
    QCOMPARE(m.method, QStringLiteral("echo"));
    const RpcValue& arg = m.params.toArray().at(0);
    QVERIFY(arg.isMap());
    QCOMPARE(toJson(arg), json);
    QVERIFY(callToJson(callOf(m)).contains(QByteArray("\"params\":[" + json + "]")));
    const DecodeNode* node = m.tree.find(u"payload/value/params/param[0]");
    QVERIFY(node);
    QCOMPARE(node->type, QStringLiteral("dict"));
    QCOMPARE(node->value, QStringLiteral("%1 items").arg(names.size()));
    QCOMPARE(node->children.size(), std::size_t(names.size()));
    for (int i = 0; i < names.size(); ++i) {
        const DecodeNode& member = node->children[std::size_t(i)];
        QCOMPARE(member.name, names[i]);
        QCOMPARE(member.type, QStringLiteral("str"));
        QVERIFY2(!member.children.empty() && member.children.front().name == QLatin1String("key"),
                 qPrintable(member.name));
        const DecodeNode& key = member.children.front();
        QCOMPARE(key.type, keyTypes[i]);
        QVERIFY(!key.description.isEmpty());
        // A pickled key may be an object made earlier (a memo reference), elsewhere in the bytes.
        if (serializer != QLatin1String("pickle"))
            QVERIFY(key.offset >= member.offset && key.end() <= member.end());
        QVERIFY(key.hasBytes());
    }
}

void TestPyro4Values::stringKeysStayAStruct()
{
    // A dict whose keys are all str is a struct: members named by the key itself, no key nodes.
    for (const QString& serializer : {QStringLiteral("serpent"), QStringLiteral("json"), QStringLiteral("marshal"),
                                      QStringLiteral("pickle"), QStringLiteral("msgpack")}) {
        const DecodedMessage m = decode(pyroInvoke(serializer, QStringLiteral("{'a': 1, '1': 2, '': 3}")));
        QVERIFY2(m.problems.empty(), qPrintable(problemTexts(m)));
        const RpcValue& arg = m.params.toArray().at(0);
        QVERIFY2(arg.isStruct(), qPrintable(serializer));
        QCOMPARE(toJson(arg), QByteArray("{\"a\":1,\"1\":2,\"\":3}"));
        const DecodeNode* one = m.tree.find(u"payload/value/params/param[0]/1");
        QVERIFY2(one, qPrintable(serializer));
        QVERIFY(one->children.empty());
    }
}

void TestPyro4Values::limitsCutValuesAndSaySo_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("limit");
    QTest::addColumn<int>("value");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QByteArray>("kept"); // the start of the decoded argument in JSON
    QTest::addColumn<bool>("keepsCall"); // what was read before the cut still names the call
    const QStringList serializers = {QStringLiteral("serpent"), QStringLiteral("json"), QStringLiteral("marshal"),
                                     QStringLiteral("pickle"), QStringLiteral("msgpack")};
    QList<QPair<QString, QString>> wanted;
    for (const QString& s : serializers) {
        wanted.append({s, QStringLiteral("[[[[[[[[[[[[['deep']]]]]]]]]]]]]")});
        wanted.append({s, QStringLiteral("list(range(100))")});
        wanted.append({s, QStringLiteral("'0123456789' * 4")});
    }
    const std::vector<QByteArray> messages = pyroInvokes(wanted);
    QCOMPARE(messages.size(), std::size_t(wanted.size()));
    for (int i = 0; i < serializers.size(); ++i) {
        const QByteArray name = serializers[i].toLatin1();
        const char* s = name.constData();
        // The tuple of the call, its params and six lists are read; the seventh list is at depth 8.
        QTest::addRow("%s: max-depth 8", s)
            << messages[std::size_t(3 * i)] << QStringLiteral("max-depth") << 8
            << QStringLiteral("nesting deeper than 8 levels") << QByteArray("[[[[[[null]]]]]]") << true;
        // The pickle machine counts the objects it makes and stops before any value is built: nothing is left to
        // show but the cut.
        QTest::addRow("%s: max-values 60", s)
            << messages[std::size_t(3 * i + 1)] << QStringLiteral("max-values") << 60
            << QStringLiteral("more than 60 values in one message") << QByteArray("[0,1,2,3,4,5,6,7,8,9,10,")
            << (serializers[i] != QLatin1String("pickle"));
        // 12 leaves the object id (11 characters) and the method name whole.
        QTest::addRow("%s: max-string-bytes 12", s)
            << messages[std::size_t(3 * i + 2)] << QStringLiteral("max-string-bytes") << 12
            << QStringLiteral("cut to the first 12 (max-string-bytes)") << QByteArray("\"012345678901\"") << true;
    }
}

void TestPyro4Values::limitsCutValuesAndSaySo()
{
    // A limit that cuts a value does not make the message malformed: the call is ok, shows what was read before
    // the cut, and is marked truncated with a problem that names the limit.
    QFETCH(QByteArray, message);
    QFETCH(QString, limit);
    QFETCH(int, value);
    QFETCH(QString, problem);
    QFETCH(QByteArray, kept);
    QFETCH(bool, keepsCall);
    DecodeLimits limits;
    if (limit == QLatin1String("max-depth"))
        limits.maxDepth = value;
    else if (limit == QLatin1String("max-values"))
        limits.maxValues = value;
    else
        limits.maxStringBytes = value;
    const DecodedMessage m = decode(message, limits);
    QCOMPARE(m.status, CallStatus::Ok);
    QVERIFY(m.truncated());
    QVERIFY2(problemsOf(m, Problem::Kind::Malformed).empty(), qPrintable(problemTexts(m)));
    const std::vector<Problem> cuts = problemsOf(m, Problem::Kind::Truncated);
    QCOMPARE(cuts.size(), std::size_t(1));
    QVERIFY2(cuts.front().text.contains(problem), qPrintable(cuts.front().text));
    QVERIFY(cuts.front().offset >= Pyro4Header::kSize && cuts.front().offset < message.size());
    const QByteArray line = callToJson(callOf(m));
    QVERIFY2(line.contains("\"status\":\"ok\",\"truncated\":true"), line.constData());
    QVERIFY2(line.contains("\"kind\":\"truncated\""), line.constData());
    if (!keepsCall)
        return;
    QCOMPARE(m.method, QStringLiteral("echo"));
    QCOMPARE(m.object, QStringLiteral("values.test"));
    QVERIFY2(toJson(m.params.toArray().at(0)).startsWith(kept), toJson(m.params).constData());
    // Where reading stopped, the tree has a node saying why; a string cut to a prefix is read on past.
    QCOMPARE(m.tree.hasError(), limit != QLatin1String("max-string-bytes"));
}

void TestPyro4Values::compressedPayloadPastTheLimit()
{
    // A zlib payload that would inflate past max-message-bytes is not inflated: cut, not malformed.
    const QByteArray payload
        = "# serpent utf-8 python3.2\n('values.test','echo',('" + QByteArray(5000, 'x') + "',),{})";
    const QByteArray message = test::pyro4Message(pyro4::MsgInvoke, pyro4::FlagCompressed, 1, pyro4::SerSerpent,
                                                  PyroPayload::deflate(payload));
    DecodeLimits limits;
    limits.maxMessageBytes = 1000;
    const DecodedMessage m = decode(message, limits);
    QCOMPARE(m.status, CallStatus::Ok);
    QVERIFY(m.truncated());
    QVERIFY2(problemsOf(m, Problem::Kind::Malformed).empty(), qPrintable(problemTexts(m)));
    QVERIFY(problemsOf(m, Problem::Kind::Truncated).front().text.contains(QLatin1String("max-message-bytes")));
    // With the default limit it inflates and decodes.
    QCOMPARE(decode(message).params.toArray().at(0).toString().size(), 5000);
}

void TestPyro4Values::integerPastTheDigitLimit_data()
{
    QTest::addColumn<QString>("serializer");
    QTest::addRow("marshal") << QStringLiteral("marshal");
    QTest::addRow("pickle") << QStringLiteral("pickle");
}

void TestPyro4Values::integerPastTheDigitLimit()
{
    // 2**70000 has 21,073 digits, more than RpcScope converts (20,000): shown as None, said so, and reading goes on.
    QFETCH(QString, serializer);
    const DecodedMessage m = decode(pyroInvoke(serializer, QStringLiteral("[2**70000, 'after']")));
    QCOMPARE(m.status, CallStatus::Ok);
    const std::vector<Problem> cuts = problemsOf(m, Problem::Kind::Truncated);
    QCOMPARE(cuts.size(), std::size_t(1));
    QVERIFY2(cuts.front().text.contains(QLatin1String("more than 20000")), qPrintable(cuts.front().text));
    QCOMPARE(toJson(m.params.toArray().at(0)), QByteArray("[null,\"after\"]"));
    QCOMPARE(toJson(m.kwargs), QByteArray("{\"k\":1}"));
}

void TestPyro4Values::textPythonRefusesIsReadAndSaidSo_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("problem");
    // msgpack str (fixstr) holding a byte that is not UTF-8, and one holding an encoded surrogate.
    QTest::addRow("msgpack: not UTF-8") << test::pyro4Message(pyro4::MsgInvoke, 0, 1, pyro4::SerMsgpack,
                                                              QByteArray::fromHex("94a474657374a465636f6891a3")
                                                                  + "a\xff"
                                                                    "b"
                                                                  + QByteArray(1, '\x80'))
                                        << QStringLiteral("a\ufffdb") << QStringLiteral("not UTF-8");
    QTest::addRow("msgpack: encoded surrogate")
        << test::pyro4Message(pyro4::MsgInvoke, 0, 1, pyro4::SerMsgpack,
                              QByteArray::fromHex("94a474657374a465636f6891a3eda08080"))
        << QString(QChar(0xD800)) << QStringLiteral("surrogate written in UTF-8");
    // serpent's \N{...} escape: kept as written, since character names are not looked up.
    QTest::addRow("serpent: \\N{...}") << test::pyro4Message(pyro4::MsgInvoke, 0, 1, pyro4::SerSerpent,
                                                             "# serpent utf-8 python3.2\n('test','echo',"
                                                             "('\\N{BULLET}',),{})")
                                       << QStringLiteral("\\N{BULLET}") << QStringLiteral("\\N{...}");
}

void TestPyro4Values::textPythonRefusesIsReadAndSaidSo()
{
    QFETCH(QByteArray, message);
    QFETCH(QString, text);
    QFETCH(QString, problem);
    const DecodedMessage m = decode(message);
    QCOMPARE(m.status, CallStatus::Ok);
    QCOMPARE(m.params.toArray().at(0).toString(), text);
    const std::vector<Problem> lenient = problemsOf(m, Problem::Kind::Lenient);
    QCOMPARE(lenient.size(), std::size_t(1));
    QVERIFY2(lenient.front().text.contains(problem), qPrintable(lenient.front().text));
    QVERIFY(lenient.front().offset >= Pyro4Header::kSize);
    QVERIFY(callToJson(callOf(m)).contains("\"kind\":\"lenient\""));
}

void TestPyro4Values::surrogatePairWrittenAsTwoCodePoints_data()
{
    QTest::addColumn<QString>("serializer");
    for (const char* s : {"serpent", "marshal", "pickle"})
        QTest::addRow("%s", s) << QString::fromLatin1(s);
}

void TestPyro4Values::surrogatePairWrittenAsTwoCodePoints()
{
    // Python may hold U+D83D and U+DE00 as two code points; UTF-16 reads them as the one character U+1F600. That
    // cannot be shown exactly, so it is said: a lenient problem naming both code points and where they are.
    QFETCH(QString, serializer);
    const QByteArray bytes = pyroInvoke(serializer, QStringLiteral("('a\\ud83d\\ude00b', '\\U0001F600')"));
    const DecodedMessage m = decode(bytes);
    QCOMPARE(m.status, CallStatus::Ok);
    const RpcArray& strings = m.params.toArray().at(0).toArray();
    QCOMPARE(strings.at(0).toString(), QStringLiteral("a\U0001F600b"));
    QCOMPARE(strings.at(1).toString(), QStringLiteral("\U0001F600"));
    const std::vector<Problem> lenient = problemsOf(m, Problem::Kind::Lenient);
    QCOMPARE(lenient.size(), std::size_t(1)); // the real U+1F600 is not reported
    QVERIFY2(lenient.front().text.contains(QLatin1String("U+D83D U+DE00")), qPrintable(lenient.front().text));
    QVERIFY2(lenient.front().text.contains(QLatin1String("U+1F600")), qPrintable(lenient.front().text));
    QVERIFY(lenient.front().offset > Pyro4Header::kSize && lenient.front().offset < bytes.size());
}

void TestPyro4Values::floatsStayFloatsInEveryOutput()
{
    // Whole floats stay floats and non-finite ones are tagged in the jsonl and the text line; the tree shows
    // Python's repr.
    const DecodedMessage m
        = decode(pyroInvoke(QStringLiteral("serpent"),
                            QStringLiteral("(1.0, -0.0, float('nan'), float('inf'), -float('inf'), 5e-324, 1e16)")));
    QVERIFY2(m.problems.empty(), qPrintable(problemTexts(m)));
    QCOMPARE(toJson(m.params.toArray().at(0)),
             QByteArray("[1.0,-0.0,{\"double\":\"NaN\"},{\"double\":\"Infinity\"},{\"double\":\"-Infinity\"},"
                        "5e-324,1e+16]"));
    const QString text = callToText(callOf(m), 0);
    QVERIFY2(text.contains(QLatin1String("(1.0, -0.0, NaN, Infinity, -Infinity, 5e-324, 1e+16)")), qPrintable(text));
    const QStringList reprs
        = {QStringLiteral("1.0"),  QStringLiteral("-0.0"),   QStringLiteral("nan"),  QStringLiteral("inf"),
           QStringLiteral("-inf"), QStringLiteral("5e-324"), QStringLiteral("1e+16")};
    const DecodeNode* tuple = m.tree.find(u"payload/value/params/param[0]");
    QVERIFY(tuple);
    QCOMPARE(tuple->children.size(), std::size_t(reprs.size()));
    for (int i = 0; i < reprs.size(); ++i) {
        QCOMPARE(tuple->children[std::size_t(i)].type, QStringLiteral("float"));
        QCOMPARE(tuple->children[std::size_t(i)].value, reprs[i]);
    }
}

QTEST_GUILESS_MAIN(TestPyro4Values)
#include "tst_pyro4values.moc"
