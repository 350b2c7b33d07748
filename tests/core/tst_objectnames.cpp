// What a decode session remembers about remote objects (core/objectnames): names hold from the moment they were
// learned, later facts add to earlier ones, and the memory is bounded.
#include "objectnames.h"

#include <QTest>

using namespace rpcscope;

namespace {
const QString kJrmp = QStringLiteral("jrmp");
const QString kObj = QStringLiteral("d3f2c457807d2f6a@29bc972b:1a241cab06b:8001");

ObjectFact fact(const QString& name, QStringList interfaces, const QString& key = kObj)
{
    return ObjectFact {key, name, std::move(interfaces),
                       name.isEmpty() ? QString() : QStringLiteral("registry lookup")};
}

QString shown(const ObjectNames& names, double at, const QString& key = kObj)
{
    const auto e = names.find(kJrmp, key, at);
    return e ? e->displayName() : QStringLiteral("<unknown>");
}
} // namespace

class TestObjectNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void displayName_data();
    void displayName();
    void holdsFromWhenItWasLearned();
    void laterFactsAddToEarlierOnes();
    void aNameBoundAgainChangesFromThen();
    void factsLearnedOutOfOrderStaySorted();
    void protocolsAreApart();
    void boundedInObjectsAndHistory();
};

void TestObjectNames::displayName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("interfaces");
    QTest::addColumn<QString>("shown");
    QTest::addRow("name and interface") << "GreetingMaker" << QStringList {"example.Greeting"}
                                        << "GreetingMaker (Greeting)";
    QTest::addRow("two interfaces") << "svc" << QStringList {"a.B", "C"} << "svc (B, C)";
    QTest::addRow("interface only") << "" << QStringList {"javax.management.remote.rmi.RMIConnection"}
                                    << "RMIConnection";
    QTest::addRow("name only") << "jmxrmi" << QStringList {} << "jmxrmi";
    QTest::addRow("nested class") << "x" << QStringList {"a.Outer$Inner"} << "x (Outer$Inner)";
}

void TestObjectNames::displayName()
{
    QFETCH(QString, name);
    QFETCH(QStringList, interfaces);
    QFETCH(QString, shown);
    ObjectNames::Entry e;
    e.name = name;
    e.interfaces = interfaces;
    QCOMPARE(e.displayName(), shown);
}

void TestObjectNames::holdsFromWhenItWasLearned()
{
    ObjectNames names;
    QVERIFY(
        names.learn(kJrmp, fact(QStringLiteral("GreetingMaker"), {QStringLiteral("example.Greeting")}), 100.5, 1000));
    QCOMPARE(shown(names, 100.4), QStringLiteral("<unknown>"));
    QCOMPARE(shown(names, 100.5), QStringLiteral("GreetingMaker (Greeting)"));
    QCOMPARE(shown(names, 1e9), QStringLiteral("GreetingMaker (Greeting)"));
    QCOMPARE(names.find(kJrmp, kObj, 101)->source, QStringLiteral("registry lookup"));
    QCOMPARE(shown(names, 200, QStringLiteral("other@1:2:3")), QStringLiteral("<unknown>"));
    QCOMPARE(names.size(), qint64(1));
}

void TestObjectNames::laterFactsAddToEarlierOnes()
{
    ObjectNames names;
    names.learn(kJrmp, fact(QStringLiteral("GreetingMaker"), {QStringLiteral("example.Greeting")}), 10, 1000);
    // The same stub returned by a method later, without its registry name: the name stays.
    names.learn(kJrmp, fact({}, {QStringLiteral("example.Greeting")}), 20, 1000);
    QCOMPARE(shown(names, 25), QStringLiteral("GreetingMaker (Greeting)"));
    QCOMPARE(names.find(kJrmp, kObj, 25)->source, QStringLiteral("registry lookup"));
    // A stub that shows more interfaces: they are added from then on, under the same name.
    names.learn(kJrmp, fact({}, {QStringLiteral("example.Greeting"), QStringLiteral("example.Admin")}), 30, 1000);
    QCOMPARE(shown(names, 29), QStringLiteral("GreetingMaker (Greeting)"));
    QCOMPARE(shown(names, 30), QStringLiteral("GreetingMaker (Greeting, Admin)"));
}

void TestObjectNames::aNameBoundAgainChangesFromThen()
{
    ObjectNames names;
    names.learn(kJrmp, fact(QStringLiteral("Hello"), {QStringLiteral("Hello")}), 10, 1000);
    names.learn(kJrmp, fact(QStringLiteral("HelloAgain"), {QStringLiteral("Hello")}), 20, 1000);
    QCOMPARE(shown(names, 15), QStringLiteral("Hello (Hello)"));
    QCOMPARE(shown(names, 20), QStringLiteral("HelloAgain (Hello)"));
}

void TestObjectNames::factsLearnedOutOfOrderStaySorted()
{
    // Connections are not decoded in strict time order: a fact of an earlier moment may come second.
    ObjectNames names;
    names.learn(kJrmp, fact(QStringLiteral("Later"), {QStringLiteral("I")}), 20, 1000);
    names.learn(kJrmp, fact(QStringLiteral("Earlier"), {QStringLiteral("I")}), 10, 1000);
    QCOMPARE(shown(names, 5), QStringLiteral("<unknown>"));
    QCOMPARE(shown(names, 15), QStringLiteral("Earlier (I)"));
    QCOMPARE(shown(names, 25), QStringLiteral("Later (I)"));
}

void TestObjectNames::protocolsAreApart()
{
    ObjectNames names;
    names.learn(QStringLiteral("pyro5"), fact(QStringLiteral("ns"), {}), 1, 1000);
    QCOMPARE(shown(names, 2), QStringLiteral("<unknown>"));
    QVERIFY(names.find(QStringLiteral("pyro5"), kObj, 2).has_value());
}

void TestObjectNames::boundedInObjectsAndHistory()
{
    ObjectNames names;
    for (int i = 0; i < 5; ++i)
        QVERIFY(names.learn(kJrmp, fact(QStringLiteral("o%1").arg(i), {}, QStringLiteral("key%1").arg(i)), 1, 5));
    QVERIFY(!names.learn(kJrmp, fact(QStringLiteral("o5"), {}, QStringLiteral("key5")), 1, 5));
    QCOMPARE(names.size(), qint64(5));
    QCOMPARE(names.dropped(), qint64(1));
    // A known object still learns within the bound of objects.
    QVERIFY(names.learn(kJrmp, fact(QStringLiteral("renamed"), {}, QStringLiteral("key0")), 2, 5));
    QCOMPARE(shown(names, 3, QStringLiteral("key0")), QStringLiteral("renamed"));

    ObjectNames history;
    for (int i = 0; i < ObjectNames::kMaxHistory + 4; ++i)
        history.learn(kJrmp, fact(QStringLiteral("n%1").arg(i), {}), i, 10);
    // The oldest facts went first: the newest stay.
    QCOMPARE(shown(history, 0), QStringLiteral("<unknown>"));
    QCOMPARE(shown(history, ObjectNames::kMaxHistory + 3), QStringLiteral("n%1").arg(ObjectNames::kMaxHistory + 3));
    QCOMPARE(history.dropped(), qint64(4));
}

QTEST_GUILESS_MAIN(TestObjectNames)
#include "tst_objectnames.moc"
