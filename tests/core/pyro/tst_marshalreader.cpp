// MarshalReader: bytes written by Python 3.11's marshal (versions 0 to 4, with its object references) read back
// exactly; byte ranges; named malformed inputs, including a length field claiming 4 GiB.
#include "decodenode.h"
#include "pyro/marshalreader.h"
#include "pyro/pyrepr.h"
#include "pyrofixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace rpcscope;

class TestMarshalReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsWhatPythonWrites_data();
    void readsWhatPythonWrites();
    void pyroCallAndRanges();
    void references();
    void malformed_data();
    void malformed();
    void deepNesting();
};

void TestMarshalReader::readsWhatPythonWrites_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const QStringList expressions = {
        QStringLiteral("('example.greeting', 'get_fortune', ['letian'], {})"),
        QStringLiteral("[0, -1, 2**31 - 1, -2**31, 2**31, 2**62, -2**63, 2**100, -2**70]"),
        QStringLiteral("(1.5, -0.0, float('inf'), 1e-300, 1+2j, -0.5j)"),
        QStringLiteral("('ascii', 'x' * 300, '\\u00fcn\\u00efc\\u00f6de \\u2713 \\U0001F600', '')"),
        QStringLiteral("b'\\x00\\x01hi\\xff'"),
        QStringLiteral("(None, True, False, ...)"),
        QStringLiteral("{'a': 1, 'b': [2, 3], 'c': {'d': ()}}"),
        QStringLiteral("({1}, frozenset({'x'}), set())"),
        QStringLiteral("tuple(range(300))"),
        QStringLiteral("{1: 'int key', 2.5: 'float key'}"),
        // Keys of every type a dict may have: the dict keeps them typed, and 7 and '7' stay two keys.
        QStringLiteral("{7: 'int', '7': 'str', 2**70: 'big', -0.5: 'float', (1, 'a'): 'tuple', None: 'none', "
                       "True: 'bool', b'k': 'bytes', frozenset({3}): 'frozenset'}"),
        // U+FEFF at the start and inside, lone surrogates (written with 'surrogatepass'), NUL, astral.
        QStringLiteral("('\\ufeffbom', 'mid\\ufeffdle', '\\ud800', 'a\\udfffb', '\\x00nul', '\\U0001F600')"),
    };
    QJsonArray cases;
    for (const QString& e : expressions) {
        for (int version = 0; version <= 4; ++version)
            cases.append(QJsonArray {e, version});
    }
    const QJsonArray out
        = test::runPythonJson(
              QStringLiteral("import json, marshal, sys\n"
                             "out = []\n"
                             "for e, version in json.loads(sys.stdin.read()):\n"
                             "    v = eval(e)\n"
                             "    out.append(['%s v%d' % (e[:50], version), marshal.dumps(v, version).hex(),"
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

void TestMarshalReader::readsWhatPythonWrites()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    DecodeNode tree;
    const PyReadResult r = MarshalReader::parse(bytes, 0, {}, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), expected);
    // The tree build must not change the value.
    QCOMPARE(MarshalReader::parse(bytes, 0, {}, nullptr).value, r.value);
}

void TestMarshalReader::pyroCallAndRanges()
{
    // The get_fortune INVOKE payload from the marshal capture: (object, method, [args], kwargs).
    const std::vector<QByteArray> messages
        = test::pyroMessages(QStringLiteral("pyro4-marshal"), 0, Direction::ClientToServer);
    QVERIFY(messages.size() >= 2);
    const QByteArray payload = messages[1].mid(24);
    DecodeNode tree;
    const PyReadResult r = MarshalReader::parse(payload, 24, {}, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), QStringLiteral("('example.greeting', 'get_fortune', ['letian'], {})"));
    const DecodeNode* method = tree.find(u"value/[1]");
    QVERIFY(method);
    QCOMPARE(method->type, QStringLiteral("str"));
    // 1 type byte + 1 length byte + 11 characters, at its place in the whole message.
    QCOMPARE(method->length, 13);
    QCOMPARE(messages[1].mid(method->offset + 2, 11), QByteArray("get_fortune"));
    QVERIFY(method->description.startsWith(QLatin1String("marshal TYPE_SHORT_ASCII")));
}

void TestMarshalReader::references()
{
    // A list that appears twice is written once with FLAG_REF and then as TYPE_REF.
    const QJsonArray out = test::runPythonJson(QStringLiteral("import json, marshal, sys\n"
                                                              "x = [1, 'shared']\n"
                                                              "print(json.dumps([marshal.dumps((x, x, x)).hex()]))\n"),
                                               QJsonArray {})
                               .toArray();
    const QByteArray bytes = QByteArray::fromHex(out[0].toString().toLatin1());
    QVERIFY(bytes.contains('r'));
    DecodeNode tree;
    const PyReadResult r = MarshalReader::parse(bytes, 0, {}, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), QStringLiteral("([1, 'shared'], [1, 'shared'], [1, 'shared'])"));
    const DecodeNode* second = tree.find(u"value/[1]");
    QVERIFY(second->description.startsWith(QLatin1String("marshal TYPE_REF")));
    QCOMPARE(second->length, 5);
}

void TestMarshalReader::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("offset");
    QTest::addRow("empty") << QByteArray() << QStringLiteral("marshal data ends in the middle of a value") << qint64(0);
    QTest::addRow("truncated int") << QByteArray("i\x01\x02", 3)
                                   << QStringLiteral("marshal data ends in the middle of a value") << qint64(1);
    QTest::addRow("string claiming 4 GiB")
        << QByteArray("s\xff\xff\xff\x7f"
                      "abc",
                      8)
        << QStringLiteral("marshal length 2147483647 does not fit the 3 bytes left") << qint64(1);
    QTest::addRow("negative length") << QByteArray("u\xff\xff\xff\xff", 5)
                                     << QStringLiteral("marshal length -1 does not fit the 0 bytes left") << qint64(1);
    QTest::addRow("tuple claiming 4 billion items") << QByteArray("(\xff\xff\xff\x7f", 5)
                                                    << QStringLiteral("marshal length 2147483647 does not fit the 0 "
                                                                      "bytes left")
                                                    << qint64(1);
    QTest::addRow("unknown type code") << QByteArray("\x01", 1) << QStringLiteral("unknown marshal type code 0x01")
                                       << qint64(0);
    QTest::addRow("code object") << QByteArray("\xe3\x00\x00", 3)
                                 << QStringLiteral("marshal code objects are not decoded") << qint64(0);
    QTest::addRow("reference never seen") << QByteArray("r\x05\x00\x00\x00", 5)
                                          << QStringLiteral("reference #5 to an object not seen before") << qint64(1);
    QTest::addRow("dict without its end") << QByteArray("{z\x01"
                                                        "aN",
                                                        5)
                                          << QStringLiteral("marshal data ends in the middle of a value") << qint64(5);
    QTest::addRow("bytes after the value")
        << QByteArray("NN") << QStringLiteral("1 bytes after the marshal value") << qint64(1);
    QTest::addRow("long digit out of range")
        << QByteArray("l\x01\x00\x00\x00\xff\xff", 7) << QStringLiteral("marshal long digit out of range") << qint64(5);
}

void TestMarshalReader::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QFETCH(qint64, offset);
    DecodeNode tree;
    const PyReadResult r = MarshalReader::parse(bytes, 0, {}, &tree);
    QCOMPARE(r.error, error);
    QCOMPARE(r.errorOffset, offset);
    QVERIFY(tree.hasError());
}

void TestMarshalReader::deepNesting()
{
    QByteArray bytes;
    for (int i = 0; i < 10000; ++i)
        bytes += QByteArray(")\x01", 2);
    bytes += 'N';
    const PyReadResult r = MarshalReader::parse(bytes, 0, {}, nullptr);
    QCOMPARE(r.error, QStringLiteral("nesting deeper than 256 levels"));
    QCOMPARE(r.errorOffset, 256 * 2 + 2);
}

QTEST_GUILESS_MAIN(TestMarshalReader)
#include "tst_marshalreader.moc"
