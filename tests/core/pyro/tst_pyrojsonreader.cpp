// PyroJsonReader: what Pyro4's json serializer writes read back exactly (big ints, NaN/Infinity, UTF-8 text),
// byte ranges in the JSON text, and named malformed inputs.
#include "decodenode.h"
#include "pyro/pyrepr.h"
#include "pyro/pyrojsonreader.h"
#include "pyrofixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace rpcscope;

class TestPyroJsonReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsWhatPyroWrites_data();
    void readsWhatPyroWrites();
    void byteRanges();
    void malformed_data();
    void malformed();
};

void TestPyroJsonReader::readsWhatPyroWrites_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const QStringList expressions = {
        QStringLiteral("{'object': 'example.greeting', 'method': 'get_fortune', 'params': ('letian',), 'kwargs': {}}"),
        QStringLiteral("[0, -1, 2**63 - 1, -2**63, 2**64, 2**100, -2**70]"),
        QStringLiteral("[1.5, -0.0, 1e-300, 1e+16, float('inf'), -float('inf')]"),
        QStringLiteral("['tab\\t\"quote\" back\\\\slash \\x00\\x1f', '\\u00fcn\\u00efc\\u00f6de \\u2713 \\U0001F600']"),
        QStringLiteral("[None, True, False, [], {}]"),
        QStringLiteral("{'a': {'b': [1, (2, 3)], 'c': {7}}}"),
        QStringLiteral("ValueError('bad value', 42)"),
        // U+FEFF at the start and inside is data (Pyro writes it as raw UTF-8).
        QStringLiteral("['\\ufeffbom', 'mid\\ufeffdle', '\\ufeff']"),
    };
    QJsonArray cases;
    for (const QString& e : expressions)
        cases.append(e);
    const QJsonArray out
        = test::runPythonJson(
              QStringLiteral("import json, sys\n"
                             "import Pyro4.util\n"
                             "s = Pyro4.util.get_serializer('json')\n"
                             "def norm(v):\n"
                             "    if isinstance(v, BaseException): return {'__class__': 'builtins.' +"
                             " type(v).__name__, '__exception__': True, 'args': norm(v.args), 'attributes': {}}\n"
                             "    if isinstance(v, dict): return {k: norm(x) for k, x in v.items()}\n"
                             "    if isinstance(v, (list, tuple, set)): return [norm(x) for x in v]\n"
                             "    return v\n"
                             "out = []\n"
                             "for e in json.loads(sys.stdin.read()):\n"
                             "    v = eval(e)\n"
                             "    out.append([e[:60], s.dumps(v).hex(), repr(norm(v))])\n"
                             "print(json.dumps(out))\n"),
              cases)
              .toArray();
    QCOMPARE(out.size(), cases.size());
    for (const QJsonValue& row : out) {
        const QJsonArray a = row.toArray();
        QTest::addRow("%s", qPrintable(a[0].toString()))
            << QByteArray::fromHex(a[1].toString().toLatin1()) << a[2].toString();
    }
}

void TestPyroJsonReader::readsWhatPyroWrites()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    DecodeNode tree;
    const PyReadResult r = PyroJsonReader::parse(bytes, 0, {}, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), expected);
}

void TestPyroJsonReader::byteRanges()
{
    const QByteArray text = "{\"object\": \"example.greeting\", \"params\": [\"letian\", 1.5]}";
    DecodeNode tree;
    const PyReadResult r = PyroJsonReader::parse(text, 24, {}, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const DecodeNode* object = tree.find(u"value/object");
    QCOMPARE(text.mid(object->offset - 24, object->length), QByteArray("\"object\": \"example.greeting\""));
    const DecodeNode* param = tree.find(u"value/params/[0]");
    QCOMPARE(text.mid(param->offset - 24, param->length), QByteArray("\"letian\""));
    QCOMPARE(tree.find(u"value/params/[1]")->type, QStringLiteral("float"));
}

void TestPyroJsonReader::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("offset");
    QTest::addRow("empty") << QByteArray() << QStringLiteral("JSON text ends where a value should be") << qint64(0);
    QTest::addRow("unterminated string") << QByteArray("[\"abc") << QStringLiteral("unterminated JSON string")
                                         << qint64(1);
    QTest::addRow("bad escape") << QByteArray("\"\\q\"") << QStringLiteral("invalid escape in a JSON string")
                                << qint64(1);
    QTest::addRow("missing colon") << QByteArray("{\"a\" 1}") << QStringLiteral("expected ':' after a JSON object key")
                                   << qint64(5);
    QTest::addRow("trailing text") << QByteArray("[1] x") << QStringLiteral("unexpected text after the JSON value")
                                   << qint64(4);
    QTest::addRow("single quotes") << QByteArray("{'a': 1}") << QStringLiteral("expected a string key in a JSON object")
                                   << qint64(1);
    QByteArray deep(10000, '[');
    deep += QByteArray(10000, ']');
    QTest::addRow("10,000 nested arrays") << deep << QStringLiteral("nesting deeper than 256 levels") << qint64(256);
}

void TestPyroJsonReader::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QFETCH(qint64, offset);
    DecodeNode tree;
    const PyReadResult r = PyroJsonReader::parse(bytes, 0, {}, &tree);
    QCOMPARE(r.error, error);
    QCOMPARE(r.errorOffset, offset);
    QVERIFY(tree.hasError());
}

QTEST_GUILESS_MAIN(TestPyroJsonReader)
#include "tst_pyrojsonreader.moc"
