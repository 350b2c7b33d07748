// MsgpackWriter: what Pyro's msgpack serializer writes (msgpack-python with use_bin_type and Pyro's extension types
// for complex numbers and ints past 64 bits), read by MsgpackReader and written again, comes out byte for byte as
// Pyro wrote it; decimals and date-times travel as their text, as Pyro sends them.
#include "pyro/msgpackreader.h"
#include "pyro/msgpackwriter.h"
#include "pyrofixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace rpcscope;

class TestMsgpackWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesAsPyroDoes_data();
    void writesAsPyroDoes();
    void valuesWithoutMsgpackForm();
};

void TestMsgpackWriter::writesAsPyroDoes_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QByteArray>("pyro");
    const QStringList expressions = {
        QStringLiteral("('example.greeting', 'get_fortune', ('letian',), {})"),
        QStringLiteral("[0, 127, 128, -1, -32, -33, -128, -129, 255, 256, 65535, 65536, -32768, -32769, 2**32, "
                       "-2**31, -2**31 - 1, 2**63 - 1, -2**63]"),
        QStringLiteral("[2**64, 2**100, -2**70, -2**63 - 1, 10**30]"),
        QStringLiteral("[1.5, -0.0, float('inf'), 1e-300, 1+2j, -0.5-1e300j]"),
        QStringLiteral("['', 'x' * 31, 'y' * 32, 'z' * 300, 'w' * 70000, '\\u00fcn\\u00efc\\u00f6de \\u2713', "
                       "'\\ufeff\\U0001F600']"),
        QStringLiteral("[b'', b'\\x00\\x01hi\\xff', b'b' * 300, b'c' * 70000]"),
        QStringLiteral("[None, True, False]"),
        QStringLiteral("{'a': 1, 'b': [2, 3], 'c': {'d': ()}}"),
        QStringLiteral("[list(range(15)), list(range(16)), list(range(70000))]"),
        QStringLiteral("[{str(i): i for i in range(15)}, {str(i): i for i in range(16)}]"),
        QStringLiteral("{7: 'int', '7': 'str', -0.5: 'float', None: 'none', True: 'bool', b'k': 'bytes'}"),
        QStringLiteral("{'__class__': 'builtins.ValueError', '__exception__': True, 'args': ('bad', 42), "
                       "'attributes': {'_pyroTraceback': ['line 1\\n']}}"),
    };
    QJsonArray cases;
    for (const QString& e : expressions)
        cases.append(e);
    const QJsonArray out = test::runPythonJson(QStringLiteral("import json, sys\n"
                                                              "import Pyro4.util\n"
                                                              "s = Pyro4.util.get_serializer('msgpack')\n"
                                                              "print(json.dumps([s.dumps(eval(e)).hex() for e in "
                                                              "json.loads(sys.stdin.read())]))\n"),
                                               cases)
                               .toArray();
    QCOMPARE(out.size(), expressions.size());
    for (qsizetype i = 0; i < expressions.size(); ++i)
        QTest::addRow("%s", qPrintable(expressions[i].left(60)))
            << expressions[i] << QByteArray::fromHex(out[i].toString().toLatin1());
}

void TestMsgpackWriter::writesAsPyroDoes()
{
    QFETCH(QString, expression);
    QFETCH(QByteArray, pyro);
    const PyReadResult r = MsgpackReader::parse(pyro, 0, {}, nullptr);
    QVERIFY2(r.ok(), qPrintable(r.error));
    const QByteArray ours = MsgpackWriter::write(r.value);
    if (ours != pyro) {
        const qsizetype at = std::mismatch(ours.begin(), ours.end(), pyro.begin(), pyro.end()).first - ours.begin();
        QFAIL(qPrintable(QStringLiteral("%1: differs at byte %2: ours %3, Pyro's %4")
                             .arg(expression)
                             .arg(at)
                             .arg(QString::fromLatin1(ours.mid(std::max<qsizetype>(0, at - 4), 12).toHex(' ')),
                                  QString::fromLatin1(pyro.mid(std::max<qsizetype>(0, at - 4), 12).toHex(' ')))));
    }
}

void TestMsgpackWriter::valuesWithoutMsgpackForm()
{
    // Pyro sends a Decimal and a datetime as text (its json serializer does the same); Python reads them as str.
    const RpcValue value
        = RpcValue::fromArray({RpcValue::fromDecimal(QStringLiteral("9876543210.0123456789")),
                               RpcValue::fromDateTime({QStringLiteral("2024-01-02T03:04:05"), std::nullopt}),
                               RpcValue::fromString(QString(QChar(0xD800)))});
    const QByteArray bytes = MsgpackWriter::write(value);
    const QJsonArray out = test::runPythonJson(QStringLiteral("import json, sys, msgpack\n"
                                                              "h = json.loads(sys.stdin.read())[0]\n"
                                                              "v = msgpack.unpackb(bytes.fromhex(h), raw=False,"
                                                              " unicode_errors='surrogatepass')\n"
                                                              "print(json.dumps([repr(v)]))\n"),
                                               QJsonArray {QString::fromLatin1(bytes.toHex())})
                               .toArray();
    QCOMPARE(out.at(0).toString(), QStringLiteral("['9876543210.0123456789', '2024-01-02T03:04:05', '\\ud800']"));
}

QTEST_GUILESS_MAIN(TestMsgpackWriter)
#include "tst_msgpackwriter.moc"
