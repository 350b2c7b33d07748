// PickleWriter: what the proxy's rules and the mock server answer a Pyro4 pickle client with, read by Python's own
// pickle.loads (Debian's python3): each value comes back as the Python value it stands for, exceptions as the
// exception object Pyro re-raises (its class, arguments and _pyroTraceback).
#include "pyro/picklewriter.h"
#include "pyrofixtures.h"

#include <QJsonArray>
#include <QTest>

using namespace rpcscope;

Q_DECLARE_METATYPE(rpcscope::RpcValue)

namespace {

// The repr of what Python's pickle.loads makes of each pickle (hex), in order.
QStringList pythonReprs(const QList<QByteArray>& pickles)
{
    QJsonArray hex;
    for (const QByteArray& p : pickles)
        hex.append(QString::fromLatin1(p.toHex()));
    const QJsonArray out = test::runPythonJson(QStringLiteral("import json, sys, pickle\n"
                                                              "import Pyro4.errors\n"
                                                              "def show(v):\n"
                                                              "    if isinstance(v, BaseException):\n"
                                                              "        return '%s.%s%r %r' % (type(v).__module__, "
                                                              "type(v).__name__, v.args, getattr(v, "
                                                              "'_pyroTraceback', None))\n"
                                                              "    return repr(v)\n"
                                                              "print(json.dumps([show(pickle.loads(bytes.fromhex(h)))"
                                                              " for h in json.loads(sys.stdin.read())]))\n"),
                                               hex)
                               .toArray();
    QStringList reprs;
    for (const QJsonValue& v : out)
        reprs << v.toString();
    return reprs;
}

RpcValue tuple(RpcArray items)
{
    return RpcValue::fromArray(std::move(items), QStringLiteral("tuple"));
}

} // namespace

class TestPickleWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valuesReadBackInPython_data();
    void valuesReadBackInPython();
    void exceptionsAreTheObjectsPyroRaises_data();
    void exceptionsAreTheObjectsPyroRaises();
};

void TestPickleWriter::valuesReadBackInPython_data()
{
    QTest::addColumn<RpcValue>("value");
    QTest::addColumn<QString>("python");
    QTest::addRow("None, bools") << RpcValue::fromArray(
        {RpcValue(), RpcValue::fromBool(true), RpcValue::fromBool(false)})
                                 << "[None, True, False]";
    RpcArray ints;
    for (qint64 i : {qint64(0), qint64(-1), qint64(2147483647), qint64(2147483648), qint64(-2147483649),
                     std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::min(), qint64(255), qint64(-128),
                     qint64(-129)})
        ints.push_back(RpcValue::fromInt(i));
    QTest::addRow("ints, BININT and LONG1") << RpcValue::fromArray(ints)
                                            << "[0, -1, 2147483647, 2147483648, -2147483649, 9223372036854775807, "
                                               "-9223372036854775808, 255, -128, -129]";
    QTest::addRow("ints past 64 bits") << RpcValue::fromArray(
        {RpcValue::fromBigInt(QStringLiteral("18446744073709551616")),
         RpcValue::fromBigInt(QStringLiteral("-1267650600228229401496703205376"))})
                                       << "[18446744073709551616, -1267650600228229401496703205376]";
    QTest::addRow("an int of LONG4 size") << RpcValue::fromBigInt(QStringLiteral("1") + QString(700, QLatin1Char('0')))
                                          << QStringLiteral("1") + QString(700, QLatin1Char('0'));
    QTest::addRow("floats") << RpcValue::fromArray(
        {RpcValue::fromDouble(1.5), RpcValue::fromDouble(-0.0), RpcValue::fromDouble(1e300)})
                            << "[1.5, -0.0, 1e+300]";
    QTest::addRow("str, a lone surrogate too")
        << RpcValue::fromArray({RpcValue::fromString(QStringLiteral("\u00fcn\u00efc\u00f6de \u2713")),
                                RpcValue::fromString(QString(QChar(0xD800)))})
        << "['\u00fcn\u00efc\u00f6de \u2713', '\\ud800']";
    QTest::addRow("bytes") << RpcValue::fromBytes(QByteArray("\x00\x01hi\xff", 5)) << "b'\\x00\\x01hi\\xff'";
    QTest::addRow("tuples and lists") << tuple(
        {RpcValue::fromInt(1), tuple({}), RpcValue::fromArray({RpcValue::fromString(QStringLiteral("a"))}),
         RpcValue::fromArray({})}) << "(1, (), ['a'], [])";
    QTest::addRow("set and frozenset") << RpcValue::fromArray(
        {RpcValue::fromArray({RpcValue::fromInt(7)}, QStringLiteral("set")),
         RpcValue::fromArray({}, QStringLiteral("set")),
         RpcValue::fromArray({RpcValue::fromInt(8)}, QStringLiteral("frozenset"))})
                                       << "[{7}, set(), frozenset({8})]";
    QTest::addRow("dicts in member order") << RpcValue::fromStruct(
        {{QStringLiteral("b"), RpcValue::fromInt(1)}, {QStringLiteral("a"), RpcValue::fromStruct({})}})
                                           << "{'b': 1, 'a': {}}";
    QTest::addRow("a map with keys of any type")
        << RpcValue::fromMap({{RpcValue::fromInt(1), RpcValue::fromString(QStringLiteral("int"))},
                              {RpcValue::fromString(QStringLiteral("1")), RpcValue::fromString(QStringLiteral("str"))},
                              {RpcValue(), RpcValue::fromBool(true)}})
        << "{1: 'int', '1': 'str', None: True}";
    QTest::addRow("decimal and date-time as their text")
        << RpcValue::fromArray({RpcValue::fromDecimal(QStringLiteral("9876543210.0123456789")),
                                RpcValue::fromDateTime({QStringLiteral("2024-01-02T03:04:05"), std::nullopt})})
        << "['9876543210.0123456789', '2024-01-02T03:04:05']";
}

void TestPickleWriter::valuesReadBackInPython()
{
    QFETCH(RpcValue, value);
    QFETCH(QString, python);
    const QStringList reprs = pythonReprs({PickleWriter::write(value)});
    QCOMPARE(reprs.value(0), python);
}

void TestPickleWriter::exceptionsAreTheObjectsPyroRaises_data()
{
    QTest::addColumn<QString>("className");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QStringList>("traceback");
    QTest::addColumn<QString>("python");
    QTest::addRow("a built-in, no module given") << "ValueError"
                                                 << "bad" << QStringList {} << "builtins.ValueError('bad',) None";
    QTest::addRow("with a traceback") << "builtins.ZeroDivisionError"
                                      << "division by zero"
                                      << QStringList {QStringLiteral("Traceback:\n"), QStringLiteral("  line 1\n")}
                                      << "builtins.ZeroDivisionError('division by zero',) ['Traceback:\\n', '  "
                                         "line 1\\n']";
    QTest::addRow("Pyro4's own error") << "Pyro4.errors.NamingError"
                                       << "unknown name" << QStringList {}
                                       << "Pyro4.errors.NamingError('unknown name',) None";
    QTest::addRow("no message") << "KeyError"
                                << "" << QStringList {} << "builtins.KeyError() None";
}

void TestPickleWriter::exceptionsAreTheObjectsPyroRaises()
{
    QFETCH(QString, className);
    QFETCH(QString, message);
    QFETCH(QStringList, traceback);
    QFETCH(QString, python);
    const QStringList reprs = pythonReprs({PickleWriter::exception(className, message, traceback)});
    QCOMPARE(reprs.value(0), python);
}

QTEST_GUILESS_MAIN(TestPickleWriter)
#include "tst_picklewriter.moc"
