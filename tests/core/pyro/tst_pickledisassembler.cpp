// PickleDisassembler: pickles written by Python 3.11 at protocols 0 to 5 rebuilt into the same plain values;
// objects shown as named nodes; pickles that would import and run code (os.system) shown and never run; named
// malformed pickles, a 4 GiB length, and 10,000-deep stacks rejected at the depth limit.
#include "decodenode.h"
#include "jsonwriter.h"
#include "pyro/pickledisassembler.h"
#include "pyro/pyrepr.h"
#include "pyrofixtures.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace rpcscope;

class TestPickleDisassembler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsWhatPythonWrites_data();
    void readsWhatPythonWrites();
    void exceptionObject();
    void importingPicklesAreShownNeverRun();
    void pythonObjects_data();
    void pythonObjects();
    void sharedAndRecursiveObjects();
    void plainValuesOfPythonClasses_data();
    void plainValuesOfPythonClasses();
    void opcodeNodes();
    void malformed_data();
    void malformed();
    void deepStacksAreCut_data();
    void deepStacksAreCut();
};

namespace {
PyReadResult parse(const QByteArray& bytes, DecodeNode* tree = nullptr)
{
    return PickleDisassembler::parse(bytes, 0, {}, tree);
}
} // namespace

void TestPickleDisassembler::readsWhatPythonWrites_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const QStringList expressions = {
        QStringLiteral("('example.greeting', 'get_fortune', ('letian',), {})"),
        QStringLiteral("[0, 1, -1, 255, 65535, 65536, -2**31, 2**31, 2**63, -2**100, 2**100]"),
        QStringLiteral("(1.5, -0.0, float('inf'), 1e-300, 1+2j)"),
        QStringLiteral(
            "('ascii', '\\u00fcn\\u00efc\\u00f6de \\u2713 \\U0001F600', 'quote\\'s and \\\\ and \\n', 'x' * 300)"),
        QStringLiteral("(b'\\x00\\x01hi\\xff', b'', bytearray(b'ab'))"),
        QStringLiteral("(None, True, False)"),
        QStringLiteral("{'a': 1, 'b': [2, 3], 'c': {'d': ()}, 'e': {1: 2}}"),
        QStringLiteral("({1}, frozenset({'x'}), set(), frozenset())"),
        QStringLiteral("list(range(2500))"),
        QStringLiteral("[[1, 2]] * 3"),
        // Keys of every type a dict may have: the dict keeps them typed, and 7 and '7' stay two keys.
        QStringLiteral("{7: 'int', '7': 'str', 2**70: 'big', -0.5: 'float', (1, 'a'): 'tuple', None: 'none', "
                       "True: 'bool', b'k': 'bytes', frozenset({3}): 'frozenset'}"),
        // U+FEFF at the start and inside, lone surrogates (written with 'surrogatepass'), NUL, astral.
        QStringLiteral("('\\ufeffbom', 'mid\\ufeffdle', '\\ud800', 'a\\udfffb', '\\x00nul', '\\U0001F600')"),
    };
    QJsonArray cases;
    for (const QString& e : expressions) {
        for (int protocol = 0; protocol <= 5; ++protocol)
            cases.append(QJsonArray {e, protocol});
    }
    const QJsonArray out
        = test::runPythonJson(
              QStringLiteral("import json, pickle, sys\n"
                             "out = []\n"
                             "for e, protocol in json.loads(sys.stdin.read()):\n"
                             "    v = eval(e)\n"
                             "    out.append(['%s p%d' % (e[:50], protocol), pickle.dumps(v, protocol).hex(),"
                             " repr(v)])\n"
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

void TestPickleDisassembler::readsWhatPythonWrites()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    DecodeNode tree;
    const PyReadResult r = parse(bytes, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), expected);
    QCOMPARE(parse(bytes).value, r.value);
}

void TestPickleDisassembler::exceptionObject()
{
    // What a Pyro4 daemon sends for a remote exception with the pickle serializer.
    const std::vector<QByteArray> replies
        = test::pyroMessages(QStringLiteral("pyro4-pickle"), 0, Direction::ServerToClient);
    QVERIFY(replies.size() >= 3);
    const QByteArray payload = replies[2].mid(24);
    DecodeNode tree;
    const PyReadResult r = parse(payload, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.value.tag(), QStringLiteral("builtins.ValueError"));
    QCOMPARE(r.value.member(u"__class__")->toString(), QStringLiteral("builtins.ValueError"));
    QCOMPARE(PyRepr::repr(*r.value.member(u"args")), QStringLiteral("('bad value', 'x')"));
    const RpcValue* tb = r.value.member(u"state")->member(u"_pyroTraceback");
    QVERIFY(tb);
    QCOMPARE(tb->toArray().back().toString(), QStringLiteral("ValueError: ('bad value', 'x')\n"));
    const DecodeNode* value = tree.find(u"value");
    QCOMPARE(value->type, QStringLiteral("builtins.ValueError"));
    QVERIFY(value->description.contains(QLatin1String("never created")));
    QCOMPARE(tree.find(u"value/__class__")->type, QStringLiteral("global"));
}

void TestPickleDisassembler::importingPicklesAreShownNeverRun()
{
    // Protocol 0 and protocol 4 pickles that would run os.system('touch <marker>') when unpickled.
    QTemporaryDir dir;
    const QString marker = dir.filePath(QStringLiteral("ran"));
    const QByteArray command = "touch " + marker.toUtf8();
    const QByteArray p0 = "cos\nsystem\n(S'" + command + "'\ntR.";
    QByteArray p4 = QByteArray("\x80\x04\x8c\x02os\x8c\x06system\x93", 15);
    p4 += '\x8c';
    p4 += char(command.size());
    p4 += command;
    p4 += QByteArray("\x85R.", 3);
    for (const QByteArray& pickle : {p0, p4}) {
        DecodeNode tree;
        const PyReadResult r = parse(pickle, &tree);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.value.tag(), QStringLiteral("os.system"));
        QCOMPARE(r.value.member(u"args")->toArray().front().toString(), QString::fromUtf8(command));
        const DecodeNode* global = tree.findFirst(pickle == p0 ? u"GLOBAL" : u"STACK_GLOBAL");
        QVERIFY(global);
        QVERIFY(global->value.contains(QLatin1String("os")));
        QVERIFY(global->description.contains(QLatin1String("never imported")));
        const DecodeNode* reduce = tree.findFirst(u"REDUCE");
        QVERIFY(reduce);
        QCOMPARE(reduce->value, QStringLiteral("os.system(*args)"));
        QVERIFY(reduce->description.contains(QLatin1String("never called")));
    }
    QVERIFY2(!QFile::exists(marker), "the pickle's command must never run");
    // INST/OBJ/NEWOBJ/BUILD are named nodes as well.
    const QByteArray inst = "(S'arg'\nimymodule\nMyClass\n(dS'x'\nI1\nsb.";
    DecodeNode tree;
    const PyReadResult r = parse(inst, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value),
             QStringLiteral("{'__class__': 'mymodule.MyClass', 'args': ('arg',), 'state': "
                            "{'x': 1}}"));
    QVERIFY(tree.findFirst(u"INST"));
    QCOMPARE(tree.findFirst(u"BUILD")->value, QStringLiteral("state of mymodule.MyClass"));
}

void TestPickleDisassembler::pythonObjects_data()
{
    // An instance of a program's class, as each protocol pickles it: copyreg._reconstructor + BUILD (0, 1; names
    // as written, in Python 2 spelling), NEWOBJ + BUILD (2 and up).
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("opcode");
    QJsonArray protocols;
    for (int protocol = 0; protocol <= 5; ++protocol)
        protocols.append(protocol);
    const QJsonArray out = test::runPythonJson(QStringLiteral("import json, pickle, sys\n"
                                                              "class Point:\n"
                                                              "    pass\n"
                                                              "p = Point()\n"
                                                              "p.x = 1\n"
                                                              "p.label = 'a'\n"
                                                              "print(json.dumps([pickle.dumps(p, n).hex() for n in "
                                                              "json.loads(sys.stdin.read())]))\n"),
                                               protocols)
                               .toArray();
    QCOMPARE(out.size(), 6);
    const QString state = QStringLiteral("'state': {'x': 1, 'label': 'a'}}");
    QTest::addRow("protocol 0") << QByteArray::fromHex(out[0].toString().toLatin1())
                                << QStringLiteral("{'__class__': '__main__.Point', 'args': ('__main__.Point', "
                                                  "'__builtin__.object', None), ")
            + state << QStringLiteral("REDUCE");
    QTest::addRow("protocol 1") << QByteArray::fromHex(out[1].toString().toLatin1())
                                << QStringLiteral("{'__class__': '__main__.Point', 'args': ('__main__.Point', "
                                                  "'__builtin__.object', None), ")
            + state << QStringLiteral("REDUCE");
    for (int protocol = 2; protocol <= 5; ++protocol)
        QTest::addRow("protocol %d", protocol)
            << QByteArray::fromHex(out[protocol].toString().toLatin1())
            << QStringLiteral("{'__class__': '__main__.Point', 'args': (), ") + state << QStringLiteral("NEWOBJ");
}

void TestPickleDisassembler::pythonObjects()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    QFETCH(QString, opcode);
    DecodeNode tree;
    const PyReadResult r = parse(bytes, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), expected);
    QCOMPARE(r.value.tag(), QStringLiteral("__main__.Point"));
    QVERIFY(tree.findFirst(opcode));
    QVERIFY(tree.findFirst(u"BUILD"));
}

void TestPickleDisassembler::sharedAndRecursiveObjects()
{
    const QJsonArray out = test::runPythonJson(QStringLiteral("import json, pickle, sys\n"
                                                              "l = [1]\n"
                                                              "l.append(l)\n"
                                                              "print(json.dumps([pickle.dumps(l, 4).hex()]))\n"),
                                               QJsonArray {})
                               .toArray();
    const PyReadResult r = parse(QByteArray::fromHex(out[0].toString().toLatin1()));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), QStringLiteral("[1, '<recursive reference>']"));
    QCOMPARE(r.value.toArray()[1].tag(), QStringLiteral("recursion"));
    // The list is infinite in Python: what is shown is cut, and said so.
    QCOMPARE(r.notes.size(), std::size_t(1));
    QCOMPARE(r.notes.front().kind, Problem::Kind::Truncated);
    QVERIFY(r.notes.front().text.contains(QLatin1String("contains itself")));
}

void TestPickleDisassembler::plainValuesOfPythonClasses_data()
{
    // Values of Python's own classes, pickled as calls, are those values again: exact decimals, uuids as their
    // text, bytearrays as bytes, datetimes to the microsecond. The expected JSON is written by Python.
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("type");
    const QStringList expressions = {
        QStringLiteral("decimal.Decimal('1.10')"),
        QStringLiteral("decimal.Decimal('-0')"),
        QStringLiteral("decimal.Decimal('12345678901234567890.123456789012345678901')"),
        QStringLiteral("decimal.Decimal('-Infinity')"),
        QStringLiteral("uuid.UUID(int=0)"),
        QStringLiteral("uuid.UUID('12345678-1234-5678-1234-567812345678')"),
        QStringLiteral("uuid.UUID(int=2**128 - 1)"),
        QStringLiteral("bytearray(b'\\x00ab\\xff')"),
        QStringLiteral("datetime.datetime(2024, 1, 2, 3, 4, 5, 123456)"),
        QStringLiteral("datetime.date(2024, 1, 2)"),
        QStringLiteral("datetime.time(1, 2, 3, 4)"),
    };
    QJsonArray in;
    for (const QString& e : expressions) {
        for (int protocol = 0; protocol <= 5; ++protocol)
            in.append(QJsonArray {e, protocol});
    }
    const QJsonArray out
        = test::runPythonJson(QStringLiteral("import base64, datetime, decimal, json, pickle, sys, uuid\n"
                                             "def mapping(v):\n"
                                             "    if isinstance(v, decimal.Decimal): return {'decimal': str(v)}\n"
                                             "    if isinstance(v, uuid.UUID): return str(v)\n"
                                             "    if isinstance(v, bytearray): return {'base64': "
                                             "base64.b64encode(v).decode()}\n"
                                             "    return {'datetime': v.isoformat()}\n"
                                             "out = []\n"
                                             "for e, p in json.loads(sys.stdin.read()):\n"
                                             "    v = eval(e)\n"
                                             "    out.append(['%s p%d' % (e[:60], p), pickle.dumps(v, p).hex(),"
                                             " json.dumps(mapping(v), separators=(',', ':')),"
                                             " type(v).__module__.replace('builtins', '') + '.' + type(v).__name__])\n"
                                             "print(json.dumps(out))\n"),
                              in)
              .toArray();
    QCOMPARE(out.size(), in.size());
    for (const QJsonValue& row : out) {
        const QJsonArray a = row.toArray();
        QString type = a[3].toString();
        if (type.startsWith(QLatin1Char('.')))
            type = type.mid(1); // builtins: "bytearray"
        QTest::addRow("%s", qPrintable(a[0].toString()))
            << QByteArray::fromHex(a[1].toString().toLatin1()) << a[2].toString().toUtf8() << type;
    }
}

void TestPickleDisassembler::plainValuesOfPythonClasses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, json);
    QFETCH(QString, type);
    DecodeNode tree;
    const PyReadResult r = parse(bytes, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QByteArray out;
    JsonWriter writer(out);
    writeRpcValue(writer, r.value);
    QCOMPARE(out, json);
    // The tree names the class (a Decimal is a decimal whatever module made it).
    const DecodeNode* value = tree.find(u"value");
    QVERIFY(value);
    QCOMPARE(value->type, type == QLatin1String("decimal.Decimal") ? QStringLiteral("decimal") : type);
}

void TestPickleDisassembler::opcodeNodes()
{
    const QByteArray pickle("\x80\x05\x95\x0b\x00\x00\x00\x00\x00\x00\x00\x8c\x06letian\x94\x85\x94.", 24);
    DecodeNode tree;
    const PyReadResult r = PickleDisassembler::parse(pickle, 100, {}, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const DecodeNode* ops = tree.find(u"pickle.opcodes");
    QVERIFY(ops);
    QCOMPARE(ops->value, QStringLiteral("7 opcodes, protocol 5"));
    QStringList names;
    for (const DecodeNode& n : ops->children)
        names << n.name + QLatin1Char('@') + QString::number(n.offset) + QLatin1Char('+') + QString::number(n.length);
    QCOMPARE(
        names,
        QStringList({QStringLiteral("PROTO@100+2"), QStringLiteral("FRAME@102+9"),
                     QStringLiteral("SHORT_BINUNICODE@111+8"), QStringLiteral("MEMOIZE@119+1"),
                     QStringLiteral("TUPLE1@120+1"), QStringLiteral("MEMOIZE@121+1"), QStringLiteral("STOP@122+1")}));
    QCOMPARE(ops->children[2].value, QStringLiteral("'letian'"));
    const DecodeNode* value = tree.find(u"value");
    QCOMPARE(value->type, QStringLiteral("tuple"));
    QCOMPARE(value->offset, 111);
    QCOMPARE(value->length, 10);
    QCOMPARE(tree.find(u"value/[0]")->offset, 111);
}

void TestPickleDisassembler::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("offset");
    QTest::addRow("empty") << QByteArray() << QStringLiteral("pickle ends without STOP") << qint64(0);
    QTest::addRow("no STOP") << QByteArray("\x80\x04N", 3) << QStringLiteral("pickle ends without STOP") << qint64(3);
    QTest::addRow("unknown opcode") << QByteArray("\x80\x04\xff", 3) << QStringLiteral("unknown pickle opcode 0xff")
                                    << qint64(2);
    QTest::addRow("stack underflow") << QByteArray("a.")
                                     << QStringLiteral("APPEND needs a value but the stack is empty") << qint64(0);
    QTest::addRow("STOP on empty stack") << QByteArray(".")
                                         << QStringLiteral("STOP needs a value but the stack is empty") << qint64(0);
    QTest::addRow("TUPLE without MARK") << QByteArray("Nt.") << QStringLiteral("TUPLE without a MARK") << qint64(1);
    QTest::addRow("memo never stored") << QByteArray("h\x07.", 3) << QStringLiteral("memo index 7 was never stored")
                                       << qint64(0);
    QTest::addRow("unicode claiming 4 GiB")
        << QByteArray("X\xff\xff\xff\xff"
                      "abc.",
                      9)
        << QStringLiteral("length 4294967295 does not fit the 4 bytes left") << qint64(0);
    QTest::addRow("bytes8 claiming 2**63")
        << QByteArray("\x8e\xff\xff\xff\xff\xff\xff\xff\x7f.", 10)
        << QStringLiteral("length 9223372036854775807 does not fit the 1 bytes left") << qint64(0);
    QTest::addRow("truncated BININT") << QByteArray("J\x01\x02", 3)
                                      << QStringLiteral("pickle ends inside the argument of BININT") << qint64(0);
    QTest::addRow("APPEND to a dict") << QByteArray("}Na.", 4)
                                      << QStringLiteral("APPEND applied to something that is not a matching container")
                                      << qint64(2);
    QTest::addRow("STACK_GLOBAL of non-strings")
        << QByteArray("NN\x93.", 4) << QStringLiteral("STACK_GLOBAL needs two strings") << qint64(2);
    QTest::addRow("unquoted STRING") << QByteArray("Sabc\n.")
                                     << QStringLiteral("the STRING opcode argument must be quoted") << qint64(0);
    QTest::addRow("protocol 6") << QByteArray("\x80\x06N.", 4) << QStringLiteral("unsupported pickle protocol 6")
                                << qint64(0);
}

void TestPickleDisassembler::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QFETCH(qint64, offset);
    DecodeNode tree;
    const PyReadResult r = parse(bytes, &tree);
    QCOMPARE(r.error, error);
    QCOMPARE(r.errorOffset, offset);
    QVERIFY(tree.hasError());
}

void TestPickleDisassembler::deepStacksAreCut_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QByteArray tuples("N");
    for (int i = 0; i < 10000; ++i)
        tuples += '\x85'; // TUPLE1: ((((None,),),)...)
    tuples += '.';
    QTest::addRow("10,000 nested TUPLE1") << tuples << QStringLiteral("nesting deeper than 256 levels");
    QByteArray marks(10000, '(');
    marks += 'N';
    marks += QByteArray(10000, 't');
    marks += '.';
    QTest::addRow("10,000 MARKs closed by TUPLE") << marks << QStringLiteral("nesting deeper than 256 levels");
    QByteArray lists;
    for (int i = 0; i < 10000; ++i)
        lists += ']';
    for (int i = 0; i < 9999; ++i)
        lists += 'a';
    lists += '.';
    QTest::addRow("10,000 lists appended into each other") << lists << QStringLiteral("nesting deeper than 256 levels");
}

void TestPickleDisassembler::deepStacksAreCut()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    const PyReadResult r = parse(bytes);
    QCOMPARE(r.error, error);
    QVERIFY(r.errorOffset >= 0);
    // A limit, not bad data: the levels above the cut are kept.
    QVERIFY(r.stoppedByLimit);
    int levels = 0;
    for (const RpcValue* v = &r.value; v->isArray() && !v->toArray().empty(); v = &v->toArray().front())
        ++levels;
    QCOMPARE(levels, 256);
}

QTEST_GUILESS_MAIN(TestPickleDisassembler)
#include "tst_pickledisassembler.moc"
