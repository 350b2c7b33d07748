// PyDateTime: Python's datetimes as msgpack and pickle carry them, shown as isoformat() writes them and never
// rounded to milliseconds. Timestamps are split into seconds and microseconds exactly as datetime.fromtimestamp()
// does (checked against Python for edge and random timestamps); pickled states are read as Python wrote them.
#include "pyro/pickledisassembler.h"
#include "pyro/pydatetime.h"
#include "pyrofixtures.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>

#include <cstring>

using namespace rpcscope;

class TestPyDateTime : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void timestampsAsPythonSplitsThem();
    void ordinals();
    void pickledStates_data();
    void pickledStates();
};

void TestPyDateTime::timestampsAsPythonSplitsThem()
{
    std::vector<double> stamps = {0.0,
                                  0.5,
                                  -0.5,
                                  1704164645.123456,
                                  1704164645.0000005,
                                  1704164645.0000015,
                                  -1e-7,
                                  -0.0000005,
                                  1e-6,
                                  253402300799.0,
                                  253402300799.999,
                                  -62135596800.0,
                                  -62135596799.999999,
                                  1.5e9 + 0.9999995,
                                  86399.9999996};
    QRandomGenerator random(20241204);
    for (int i = 0; i < 200; ++i) {
        const double seconds = double(random.bounded(4000000000LL)) - 2000000000.0;
        stamps.push_back(seconds + random.generateDouble());
    }
    QJsonArray in;
    for (double d : stamps) {
        quint64 bits = 0;
        std::memcpy(&bits, &d, sizeof d);
        in.append(QString::number(bits, 16)); // exact: the double's bits
    }
    const QJsonArray out
        = test::runPythonJson(QStringLiteral("import datetime, json, struct, sys\n"
                                             "out = []\n"
                                             "for h in json.loads(sys.stdin.read()):\n"
                                             "    ts = struct.unpack('<d', struct.pack('<Q', int(h, 16)))[0]\n"
                                             "    d = datetime.datetime.fromtimestamp(ts, datetime.timezone.utc)\n"
                                             "    out.append(d.isoformat())\n"
                                             "print(json.dumps(out))\n"),
                              in)
              .toArray();
    QCOMPARE(out.size(), qsizetype(stamps.size()));
    for (std::size_t i = 0; i < stamps.size(); ++i) {
        const auto dt = PyDateTime::fromTimestamp(stamps[i]);
        QVERIFY2(dt, qPrintable(QString::number(stamps[i], 'g', 17)));
        QCOMPARE(dt->text, out[qsizetype(i)].toString());
    }
    QVERIFY(!PyDateTime::fromTimestamp(253402300800.0)); // year 10000: Python refuses it too
    QVERIFY(!PyDateTime::fromTimestamp(std::numeric_limits<double>::quiet_NaN()));
    QCOMPARE(PyDateTime::fromTimestamp(1704164645.123456)->msecsSinceEpoch, std::optional<qint64>(1704164645123));
}

void TestPyDateTime::ordinals()
{
    QCOMPARE(PyDateTime::fromOrdinal(1)->text, QStringLiteral("0001-01-01"));
    QCOMPARE(PyDateTime::fromOrdinal(738887)->text, QStringLiteral("2024-01-02"));
    QCOMPARE(PyDateTime::fromOrdinal(3652059)->text, QStringLiteral("9999-12-31"));
    QVERIFY(!PyDateTime::fromOrdinal(0));
    QVERIFY(!PyDateTime::fromOrdinal(3652060));
}

void TestPyDateTime::pickledStates_data()
{
    QTest::addColumn<QByteArray>("pickle");
    QTest::addColumn<QString>("iso");
    const QStringList expressions = {
        QStringLiteral("datetime.datetime(2024, 1, 2, 3, 4, 5, 123456)"),
        QStringLiteral("datetime.datetime(1, 1, 1)"),
        QStringLiteral("datetime.datetime(9999, 12, 31, 23, 59, 59, 999999)"),
        QStringLiteral("datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc)"),
        QStringLiteral("datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=-3, "
                       "minutes=-30)))"),
        QStringLiteral("datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone(datetime.timedelta(seconds=3661, "
                       "microseconds=5), 'odd'))"),
        QStringLiteral("datetime.datetime(2021, 11, 7, 1, 30, fold=1)"),
        QStringLiteral("datetime.date(2024, 2, 29)"),
        QStringLiteral("datetime.time(23, 59, 59, 999999)"),
        QStringLiteral("datetime.time(1, 2, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=45)))"),
        QStringLiteral("datetime.time(1, 30, fold=1)"),
    };
    QJsonArray in;
    for (const QString& e : expressions) {
        for (int protocol : {2, 3, 4, 5})
            in.append(QJsonArray {e, protocol});
    }
    const QJsonArray out = test::runPythonJson(QStringLiteral("import datetime, json, pickle, sys\n"
                                                              "out = []\n"
                                                              "for e, p in json.loads(sys.stdin.read()):\n"
                                                              "    v = eval(e)\n"
                                                              "    out.append(['%s p%d' % (e[:60], p),"
                                                              " pickle.dumps(v, p).hex(), v.isoformat()])\n"
                                                              "print(json.dumps(out))\n"),
                                               in)
                               .toArray();
    QCOMPARE(out.size(), in.size());
    for (const QJsonValue& row : out) {
        const QJsonArray a = row.toArray();
        QTest::addRow("%s", qPrintable(a[0].toString()))
            << QByteArray::fromHex(a[1].toString().toLatin1()) << a[2].toString();
    }
}

void TestPyDateTime::pickledStates()
{
    QFETCH(QByteArray, pickle);
    QFETCH(QString, iso);
    const PyReadResult r = PickleDisassembler::parse(pickle, 0, {}, nullptr);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.value.type(), RpcValue::Type::DateTime);
    QCOMPARE(r.value.toDateTime().text, iso);
}

QTEST_GUILESS_MAIN(TestPyDateTime)
#include "tst_pydatetime.moc"
