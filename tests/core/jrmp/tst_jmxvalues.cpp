// JMX's ObjectName as RpcScope shows it: the canonical name (ObjectName.getCanonicalName) computed from the name as
// its writeObject sends it, with key properties in the order the client gave them.
#include "jrmp/jmxvalues.h"

#include <QTest>

using namespace rpcscope;

class TestJmxValues : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void canonicalName_data();
    void canonicalName();
    void notAnObjectName_data();
    void notAnObjectName();
};

void TestJmxValues::canonicalName_data()
{
    QTest::addColumn<QString>("serialized");
    QTest::addColumn<QString>("canonical");
    QTest::addRow("one key") << "java.lang:type=Memory"
                             << "java.lang:type=Memory";
    QTest::addRow("keys sorted") << "java.lang:type=MemoryPool,name=G1 Old Gen"
                                 << "java.lang:name=G1 Old Gen,type=MemoryPool";
    QTest::addRow("sorted by UTF-16 code unit, upper case first") << "d:b=1,B=2,a=3"
                                                                  << "d:B=2,a=3,b=1";
    QTest::addRow("value pattern kept") << "java.lang:type=Memory*"
                                        << "java.lang:type=Memory*";
    QTest::addRow("property list pattern last") << "d:type=Foo,*,name=x"
                                                << "d:name=x,type=Foo,*";
    QTest::addRow("only a property list pattern") << "d:*"
                                                  << "d:*";
    QTest::addRow("domain pattern") << "*:*"
                                    << "*:*";
    QTest::addRow("quoted value with a comma and an escaped quote") << R"(d:z="a,\"b",a=1)"
                                                                    << R"(d:a=1,z="a,\"b")";
    QTest::addRow("empty domain") << ":type=Foo"
                                  << ":type=Foo";
}

void TestJmxValues::canonicalName()
{
    QFETCH(QString, serialized);
    QFETCH(QString, canonical);
    const std::optional<QString> c = jmxvalues::canonicalObjectName(serialized);
    QVERIFY(c.has_value());
    QCOMPARE(*c, canonical);
    // Canonical names are their own canonical form.
    QCOMPARE(jmxvalues::canonicalObjectName(*c).value_or(QString()), canonical);
}

void TestJmxValues::notAnObjectName_data()
{
    QTest::addColumn<QString>("serialized");
    QTest::addRow("no colon") << "java.lang";
    QTest::addRow("no properties") << "java.lang:";
    QTest::addRow("key without value") << "d:type";
    QTest::addRow("empty key") << "d:=x";
    QTest::addRow("unterminated quote") << R"(d:k="abc)";
    QTest::addRow("text after a quoted value") << R"(d:k="abc"x)";
}

void TestJmxValues::notAnObjectName()
{
    QFETCH(QString, serialized);
    QVERIFY(!jmxvalues::canonicalObjectName(serialized).has_value());
}

QTEST_GUILESS_MAIN(TestJmxValues)
#include "tst_jmxvalues.moc"
