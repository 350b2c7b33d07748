// MsgpackReader: what Pyro4's msgpack serializer writes (msgpack-python with Pyro's extension types for complex
// numbers, big ints, datetimes and dates) read back exactly; named malformed inputs.
#include "decodenode.h"
#include "pyro/msgpackreader.h"
#include "pyro/pyrepr.h"
#include "pyrofixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace rpcscope;

class TestMsgpackReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsWhatPyroWrites_data();
    void readsWhatPyroWrites();
    void dateExtensions();
    void byteRanges();
    void malformed_data();
    void malformed();
};

void TestMsgpackReader::readsWhatPyroWrites_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const QStringList expressions = {
        QStringLiteral("('example.greeting', 'get_fortune', ('letian',), {})"),
        QStringLiteral("[0, 127, 128, -1, -32, -33, 255, 256, 65535, 65536, 2**32, 2**63 - 1, 2**64 - 1, -2**63]"),
        QStringLiteral("[2**100, -2**70]"),
        QStringLiteral("[1.5, -0.0, float('inf'), 1e-300, 1+2j]"),
        QStringLiteral("['', 'x' * 31, 'y' * 32, 'z' * 300, 'w' * 70000, '\\u00fcn\\u00efc\\u00f6de \\u2713']"),
        QStringLiteral("[b'', b'\\x00\\x01hi\\xff', b'b' * 300, b'c' * 70000]"),
        QStringLiteral("[None, True, False]"),
        QStringLiteral("{'a': 1, 'b': [2, 3], 'c': {'d': ()}}"),
        QStringLiteral("list(range(20))"),
        QStringLiteral("[list(range(70000))]"),
        QStringLiteral("{str(i): i for i in range(20)}"),
        // Keys of other types than str make a typed map; 7 and '7' stay two keys.
        QStringLiteral("{7: 'int', '7': 'str', -0.5: 'float', None: 'none', True: 'bool', b'k': 'bytes'}"),
        // U+FEFF at the start and inside is data.
        QStringLiteral("('\\ufeffbom', 'mid\\ufeffdle', '\\x00nul', '\\U0001F600')"),
    };
    QJsonArray cases;
    for (const QString& e : expressions)
        cases.append(e);
    const QJsonArray out
        = test::runPythonJson(QStringLiteral("import json, sys\n"
                                             "import Pyro4.util\n"
                                             "s = Pyro4.util.get_serializer('msgpack')\n"
                                             "def norm(v):\n"
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

void TestMsgpackReader::readsWhatPyroWrites()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    DecodeNode tree;
    const PyReadResult r = MsgpackReader::parse(bytes, 0, {}, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(PyRepr::repr(r.value), expected);
}

void TestMsgpackReader::dateExtensions()
{
    const QJsonArray out
        = test::runPythonJson(
              QStringLiteral("import datetime, json, sys\n"
                             "import Pyro4.util\n"
                             "s = Pyro4.util.get_serializer('msgpack')\n"
                             "d = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)\n"
                             "e = datetime.datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=datetime.timezone.utc)\n"
                             "f = datetime.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.timezone.utc)\n"
                             "local = lambda x: x.astimezone().replace(tzinfo=None)\n"
                             "v = [local(d), datetime.date(2024, 1, 2), local(e), local(f)]\n"
                             "print(json.dumps([s.dumps(v).hex()]))\n"),
              QJsonArray {})
              .toArray();
    const PyReadResult r = MsgpackReader::parse(QByteArray::fromHex(out[0].toString().toLatin1()), 0, {}, nullptr);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.value.toArray().size(), std::size_t(4));
    // The timestamp is an instant: shown in UTC, to the microsecond, as isoformat() writes an aware datetime.
    QCOMPARE(r.value.toArray()[0].toDateTime().text, QStringLiteral("2024-01-02T03:04:05+00:00"));
    QCOMPARE(r.value.toArray()[1].toDateTime().text, QStringLiteral("2024-01-02"));
    QCOMPARE(r.value.toArray()[2].toDateTime().text, QStringLiteral("2024-01-02T03:04:05.123456+00:00"));
    QCOMPARE(r.value.toArray()[3].toDateTime().text, QStringLiteral("1969-12-31T23:59:59.999999+00:00"));
    QCOMPARE(r.value.toArray()[2].toDateTime().msecsSinceEpoch, std::optional<qint64>(1704164645123));
}

void TestMsgpackReader::byteRanges()
{
    const QByteArray bytes("\x92\xa6letian\x81\xa1k\xc0", 12);
    DecodeNode tree;
    const PyReadResult r = MsgpackReader::parse(bytes, 10, {}, &tree);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(tree.find(u"value/[0]")->offset, 11);
    QCOMPARE(tree.find(u"value/[0]")->length, 7);
    QCOMPARE(tree.find(u"value/[1]/k")->offset, 19);
    QCOMPARE(tree.find(u"value/[1]/k")->length, 3);
    QVERIFY(tree.find(u"value/[0]")->description.contains(QLatin1String("fixstr")));
}

void TestMsgpackReader::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::addColumn<qint64>("offset");
    QTest::addRow("empty") << QByteArray() << QStringLiteral("msgpack data ends in the middle of a value") << qint64(0);
    QTest::addRow("never-used byte") << QByteArray("\xc1", 1) << QStringLiteral("byte 0xc1 is not a msgpack type")
                                     << qint64(0);
    QTest::addRow("str32 claiming 4 GiB")
        << QByteArray("\xdb\xff\xff\xff\xff"
                      "ab",
                      7)
        << QStringLiteral("msgpack length 4294967295 does not fit the 2 bytes left") << qint64(0);
    QTest::addRow("array32 claiming 4 billion items") << QByteArray("\xdd\xff\xff\xff\xff", 5)
                                                      << QStringLiteral("msgpack length 4294967295 does not fit the 0 "
                                                                        "bytes left")
                                                      << qint64(5);
    QTest::addRow("bad Pyro big number") << QByteArray("\xd4\x31x", 3)
                                         << QStringLiteral("Pyro big-number extension holds no valid integer")
                                         << qint64(0);
    QTest::addRow("short complex") << QByteArray("\xd6\x30\x00\x00\x00\x00", 6)
                                   << QStringLiteral("Pyro complex extension needs 16 bytes, not 4") << qint64(0);
    QTest::addRow("trailing bytes") << QByteArray("\xc0\xc0", 2) << QStringLiteral("1 bytes after the msgpack value")
                                    << qint64(1);
}

void TestMsgpackReader::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QFETCH(qint64, offset);
    DecodeNode tree;
    const PyReadResult r = MsgpackReader::parse(bytes, 0, {}, &tree);
    QCOMPARE(r.error, error);
    QCOMPARE(r.errorOffset, offset);
    QVERIFY(tree.hasError());
}

QTEST_GUILESS_MAIN(TestMsgpackReader)
#include "tst_msgpackreader.moc"
