// SerpentParser: serpent text from the real serpent 1.41 read back exactly, every literal form Python allows, byte
// ranges of the value nodes, and named malformed inputs with their error texts.
#include "decodenode.h"
#include "pyro/pyrepr.h"
#include "pyro/serpentparser.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace rpcscope;

class TestSerpentParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsWhatSerpentWrites_data();
    void readsWhatSerpentWrites();
    void literals_data();
    void literals();
    void specialValues();
    void byteRanges();
    void headerAndComments();
    void withoutTree();
    void malformed_data();
    void malformed();
    void deepNestingIsRejected();
};

namespace {
PyReadResult parse(const QByteArray& text, DecodeNode* tree = nullptr, DecodeLimits limits = {})
{
    return SerpentParser::parse(text, 0, limits, tree);
}
} // namespace

void TestSerpentParser::readsWhatSerpentWrites_data()
{
    QTest::addColumn<QByteArray>("serpent");
    QTest::addColumn<QString>("expected");
    // Each Python value is written by serpent (as Pyro4's serializer calls it); we must read back its repr().
    const QStringList expressions = {
        QStringLiteral("('example.greeting', 'get_fortune', ('letian',), {})"),
        QStringLiteral("'Hello, letian. \\n'"),
        QStringLiteral("\"it's\""),
        QStringLiteral("'tab\\tnul\\x00 \\u20ac \\U0001F600 back\\\\slash'"),
        QStringLiteral("2**100"),
        QStringLiteral("-2**70"),
        QStringLiteral("-9223372036854775808"),
        QStringLiteral("[1.5, -0.0, 1e-05, 1e+16, float('inf'), -float('inf')]"),
        QStringLiteral("(1+2j, -1.5-0.5j, 3j)"),
        QStringLiteral("(None, True, False)"),
        QStringLiteral("{'nested': {'a': [1, (2,), ()], 'b': {7}}}"),
        QStringLiteral("b'\\x00\\x01hi\\xff'"),
        QStringLiteral("bytearray(b'abc')"),
        QStringLiteral("set()"),
        QStringLiteral("ValueError('bad value', 42)"),
    };
    QJsonArray in;
    for (const QString& e : expressions)
        in.append(e);
    const auto r
        = test::runPython(QStringLiteral("import base64, json, sys, serpent\n"
                                         "out = []\n"
                                         "for e in json.loads(sys.stdin.read()):\n"
                                         "    v = eval(e)\n"
                                         "    if isinstance(v, bytearray): v = bytes(v)\n"
                                         "    s = serpent.dumps(v, module_in_classname=True)\n"
                                         "    if isinstance(v, BaseException):\n"
                                         "        v = {'__class__': 'builtins.ValueError', '__exception__': True,"
                                         " 'args': v.args, 'attributes': {}}\n"
                                         "    if v == set(): v = ()\n"
                                         "    out.append([e, base64.b64encode(s).decode(), repr(v)])\n"
                                         "print(json.dumps(out))\n"),
                          {}, QJsonDocument(in).toJson());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray out = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(out.size(), expressions.size());
    for (const QJsonValue& row : out) {
        const QJsonArray a = row.toArray();
        QTest::addRow("%s", qPrintable(a[0].toString()))
            << QByteArray::fromBase64(a[1].toString().toLatin1()) << a[2].toString();
    }
}

void TestSerpentParser::readsWhatSerpentWrites()
{
    QFETCH(QByteArray, serpent);
    QFETCH(QString, expected);
    const PyReadResult r = parse(serpent);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), expected);
}

void TestSerpentParser::literals_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::addRow("hex, octal, binary, underscores")
        << QByteArray("[0x1F, 0o17, 0b101, 1_000, 0XFF]") << QStringLiteral("[31, 15, 5, 1000, 255]");
    QTest::addRow("big hex") << QByteArray("0x10000000000000000000000000")
                             << QStringLiteral("1267650600228229401496703205376");
    QTest::addRow("floats") << QByteArray("(.5, 1., 1E3, 1_0.5e-1_0)")
                            << QStringLiteral("(0.5, 1.0, 1000.0, 1.05e-09)");
    QTest::addRow("overflow is inf") << QByteArray("(1e30000, -1e30000, 1e-30000)")
                                     << QStringLiteral("(inf, -inf, 0.0)");
    QTest::addRow("unary plus and minus") << QByteArray("(+1, -1, - 2.5)") << QStringLiteral("(1, -1, -2.5)");
    QTest::addRow("complex sum") << QByteArray("(1 - 2j, -1.5+0j)") << QStringLiteral("((1-2j), (-1.5+0j))");
    QTest::addRow("octal and named escapes") << QByteArray(R"('\101\7\a\b\f\v\N{BULLET}\q')")
                                             << QStringLiteral("'A\\x07\\x07\\x08\\x0c\\x0b\\\\N{BULLET}\\\\q'");
    QTest::addRow("raw string") << QByteArray(R"(r'\n\'')") << QStringLiteral("\"\\\\n\\\\'\"");
    QTest::addRow("bytes literal") << QByteArray(R"(b'\x00\xff\u1234')") << QStringLiteral("b'\\x00\\xff\\\\u1234'");
    QTest::addRow("adjacent literals join") << QByteArray("'a' \"b\" 'c'") << QStringLiteral("'abc'");
    QTest::addRow("triple quotes") << QByteArray("'''one\ntwo'''") << QStringLiteral("'one\\ntwo'");
    QTest::addRow("line continuation in a string") << QByteArray("'a\\\nb'") << QStringLiteral("'ab'");
    QTest::addRow("parenthesised value") << QByteArray("((1))") << QStringLiteral("1");
    QTest::addRow("trailing commas") << QByteArray("([1,], {2,}, {'k':3,}, (4,))")
                                     << QStringLiteral("([1], {2}, {'k': 3}, (4,))");
    QTest::addRow("set() call") << QByteArray("set()") << QStringLiteral("set()");
    QTest::addRow("utf-8 text") << QByteArray("'\xc3\xbcn\xc3\xaf"
                                              "c\xc3\xb6"
                                              "de \xe2\x9c\x93'")
                                << QStringLiteral("'\u00fcn\u00efc\u00f6de \u2713'");
    QTest::addRow("non-string keys") << QByteArray("{42:'a',(1,2):'b',None:'c','42':'d'}")
                                     << QStringLiteral("{42: 'a', (1, 2): 'b', None: 'c', '42': 'd'}");
    QTest::addRow("U+FEFF escapes kept, first and inside")
        << QByteArray("'\\ufeffa\\ufeffb'") << QStringLiteral("'\\ufeffa\\ufeffb'");
    QTest::addRow("lone surrogate escapes")
        << QByteArray("('\\ud800','a\\udfff')") << QStringLiteral("('\\ud800', 'a\\udfff')");
    QTest::addRow("ellipsis") << QByteArray("...") << QStringLiteral("Ellipsis");
    QTest::addRow("indented serpent") << QByteArray("{\n  'a': [\n    1,\n    2\n  ]\n}")
                                      << QStringLiteral("{'a': [1, 2]}");
}

void TestSerpentParser::literals()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const PyReadResult r = parse(text);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), expected);
}

void TestSerpentParser::specialValues()
{
    // Serpent's bytes dict becomes bytes; its NaN dict becomes NaN; class dicts are tagged with their class.
    PyReadResult r = parse("{'data': 'AAFoaf8=', 'encoding': 'base64'}");
    QCOMPARE(r.value.type(), RpcValue::Type::Bytes);
    QCOMPARE(r.value.toBytes(), QByteArray("\x00\x01hi\xff", 5));
    r = parse("{'data': 'not base64!', 'encoding': 'base64'}");
    QCOMPARE(r.value.type(), RpcValue::Type::Struct);
    r = parse("{'__class__':'float','value':'nan'}");
    QVERIFY(std::isnan(r.value.toDouble()));
    r = parse("{'__class__':'Pyro4.core.URI','state':('PYRO','example.greeting',None,'127.0.0.1',9101)}");
    QCOMPARE(r.value.tag(), QStringLiteral("Pyro4.core.URI"));
    r = parse("2**100"); // an expression, not a literal: ast.literal_eval refuses it too
    QVERIFY(!r.ok());
}

void TestSerpentParser::byteRanges()
{
    DecodeNode tree;
    const QByteArray text = "# serpent utf-8 python3.2\n('a',[1,2.5],{'k':None,'x':b'\\x00'},(1+2j))";
    const PyReadResult r = parse(text, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const DecodeNode* value = tree.find(u"value");
    QVERIFY(value);
    QCOMPARE(value->type, QStringLiteral("tuple"));
    QCOMPARE(value->offset, 26);
    QCOMPARE(value->length, text.size() - 26);
    struct Expect
    {
        const char* path;
        const char* type;
        const char* bytes;
    };
    const Expect expected[] = {
        {"value/[0]", "str", "'a'"},         {"value/[1]", "list", "[1,2.5]"},
        {"value/[1]/[1]", "float", "2.5"},   {"value/[2]", "dict", "{'k':None,'x':b'\\x00'}"},
        {"value/[2]/k", "None", "'k':None"}, {"value/[2]/x", "bytes", "'x':b'\\x00'"},
        {"value/[3]", "complex", "(1+2j)"},
    };
    for (const Expect& e : expected) {
        const DecodeNode* n = tree.find(QString::fromLatin1(e.path));
        QVERIFY2(n, e.path);
        QCOMPARE(n->type, QLatin1StringView(e.type));
        QCOMPARE(text.mid(n->offset, n->length), QByteArray(e.bytes));
        QVERIFY2(!n->description.isEmpty(), e.path);
    }
}

void TestSerpentParser::headerAndComments()
{
    DecodeNode tree;
    const QByteArray text = "# serpent utf-8 python3.2\n# a comment\n( # first\n 1 , # second\n 2 ) # done";
    const PyReadResult r = parse(text, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), QStringLiteral("(1, 2)"));
    const DecodeNode* header = tree.find(u"serpent.header");
    QVERIFY(header);
    QCOMPARE(header->value, QStringLiteral("# serpent utf-8 python3.2"));
    QCOMPARE(header->offset, 0);
    QCOMPARE(header->length, 26);
    // A base offset moves every range (the payload starts after the Pyro4 header).
    DecodeNode shifted;
    SerpentParser::parse(text, 24, {}, &shifted);
    QCOMPARE(shifted.find(u"value")->offset, tree.find(u"value")->offset + 24);
}

void TestSerpentParser::withoutTree()
{
    const PyReadResult r = parse("('x',[1,{'a':(2,3)}])");
    QVERIFY(r.ok());
    QCOMPARE(PyRepr::repr(r.value), QStringLiteral("('x', [1, {'a': (2, 3)}])"));
}

void TestSerpentParser::malformed_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("offset");
    QTest::addRow("unterminated string") << QByteArray("('abc") << QStringLiteral("unterminated string literal")
                                         << qint64(1);
    QTest::addRow("line break in string")
        << QByteArray("'a\nb'") << QStringLiteral("line break inside a string literal") << qint64(2);
    QTest::addRow("unclosed tuple") << QByteArray("(1, 2") << QStringLiteral("expected ',' or ')' in a tuple")
                                    << qint64(5);
    QTest::addRow("missing comma") << QByteArray("[1 2]") << QStringLiteral("expected ',' or ']' in a list")
                                   << qint64(3);
    QTest::addRow("text after value") << QByteArray("1 2") << QStringLiteral("unexpected text after the value")
                                      << qint64(2);
    QTest::addRow("a name") << QByteArray("__import__('os')")
                            << QStringLiteral("unexpected name '__import__' (serpent writes only literals)")
                            << qint64(0);
    QTest::addRow("f-string") << QByteArray("f'{x}'") << QStringLiteral("f-strings are not literals") << qint64(0);
    QTest::addRow("NUL byte") << QByteArray("'a\0b'", 5)
                              << QStringLiteral("serpent text contains a NUL byte, which serpent refuses to parse")
                              << qint64(2);
    QTest::addRow("invalid UTF-8") << QByteArray("'\xff'") << QStringLiteral("serpent text is not valid UTF-8")
                                   << qint64(0);
    QTest::addRow("empty") << QByteArray("# serpent utf-8 python3.2\n") << QStringLiteral("serpent text has no value")
                           << qint64(26);
    QTest::addRow("truncated \\x escape")
        << QByteArray("'\\x4'") << QStringLiteral("truncated \\x escape") << qint64(1);
    QTest::addRow("bytes with non-ASCII")
        << QByteArray("b'\xc3\xa9'") << QStringLiteral("bytes literals may contain only ASCII characters") << qint64(2);
    QTest::addRow("sign without number") << QByteArray("-'a'") << QStringLiteral("a sign must be followed by a number")
                                         << qint64(1);
    QTest::addRow("real plus real") << QByteArray("1+2")
                                    << QStringLiteral("only a complex number may follow a number and a sign")
                                    << qint64(2);
}

void TestSerpentParser::malformed()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QFETCH(qint64, offset);
    DecodeNode tree;
    const PyReadResult r = parse(text, &tree);
    QCOMPARE(r.error, error);
    QCOMPARE(r.errorOffset, offset);
    QVERIFY(tree.hasError());
    const DecodeNode* node = tree.findFirst(u"malformed");
    QVERIFY(node);
    QCOMPARE(node->value, QStringLiteral("%1 (at byte %2)").arg(error).arg(offset));
}

void TestSerpentParser::deepNestingIsRejected()
{
    // 10,000 nested one-element tuples: rejected at the depth limit, without exhausting the stack.
    QByteArray text;
    for (int i = 0; i < 10000; ++i)
        text += '(';
    text += '1';
    for (int i = 0; i < 10000; ++i)
        text += ",)";
    DecodeNode tree;
    const PyReadResult r = parse(text, &tree);
    QCOMPARE(r.error, QStringLiteral("nesting deeper than 256 levels"));
    QCOMPARE(r.errorOffset, 256);
    // Exactly at the limit is still fine.
    QByteArray ok;
    for (int i = 0; i < 256; ++i)
        ok += '[';
    for (int i = 0; i < 256; ++i)
        ok += ']';
    QVERIFY(parse(ok).ok());
    DecodeLimits tight;
    tight.maxValues = 10;
    QCOMPARE(parse("[1,2,3,4,5,6,7,8,9,10,11]", nullptr, tight).error,
             QStringLiteral("more than 10 values in one message"));
}

QTEST_GUILESS_MAIN(TestSerpentParser)
#include "tst_serpentparser.moc"
