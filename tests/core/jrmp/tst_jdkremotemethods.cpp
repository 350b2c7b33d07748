// The built-in table of the JDK's remote methods (core/jrmp/jdkremotemethodtable.inc, generated from the JDK 17
// interfaces by core/jrmp/jdkmethods/generate.sh): our hash of every descriptor agrees with the JDK's own, the
// hashes JMX clients sent in tests/data/jrmp/jmx/jmx.pcap name their methods, and JDK stub classes name their
// interfaces.
#include "jrmp/javamethodhash.h"
#include "jrmp/jdkremotemethods.h"

#include <QTest>

using namespace rpcscope;

class TestJdkRemoteMethods : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyEntryHashesAsTheJdk();
    void capturedHashes_data();
    void capturedHashes();
    void stubInterfaces_data();
    void stubInterfaces();
};

namespace {
struct GeneratedEntry
{
    const char* interfaceName;
    const char* name;
    const char* descriptor;
    quint64 hash;
};
const GeneratedEntry kGenerated[] = {
#include "jrmp/jdkremotemethodtable.inc"
};
} // namespace

void TestJdkRemoteMethods::everyEntryHashesAsTheJdk()
{
    // The generator took each hash from sun.rmi.server.Util.computeMethodHash; javaMethodHash must agree, and every
    // entry must be in the table under it.
    QCOMPARE(jdkremotemethods::table().methods().size(), std::size(kGenerated));
    for (const GeneratedEntry& e : kGenerated) {
        const QString nameAndDescriptor = QLatin1String(e.name) + QLatin1String(e.descriptor);
        QCOMPARE(static_cast<quint64>(javaMethodHash(nameAndDescriptor)), e.hash);
        const JavaMethod* m = jdkremotemethods::table().find(static_cast<qint64>(e.hash));
        QVERIFY2(m, e.name);
        QCOMPARE(m->declaringClass, QLatin1String(e.interfaceName));
        QCOMPARE(m->name + m->descriptor, nameAndDescriptor);
    }
}

void TestJdkRemoteMethods::capturedHashes_data()
{
    QTest::addColumn<quint64>("hash");
    QTest::addColumn<QString>("signature");
    // Seen on the wire in tests/data/jrmp/jmx/jmx.pcap (JDK 17 JMXConnectorFactory client and agent).
    QTest::addRow("newClient") << quint64(0xf0e074eaad0caea8)
                               << "javax.management.remote.rmi.RMIConnection newClient(Object)";
    QTest::addRow("getConnectionId") << quint64(0xff0ebec77dc65363) << "String getConnectionId()";
    QTest::addRow("getMBeanCount") << quint64(0xe3a812879dc32ea5)
                                   << "Integer getMBeanCount(javax.security.auth.Subject)";
    QTest::addRow("getAttribute") << quint64(
        0xf0e0500a394d7215) << "Object getAttribute(javax.management.ObjectName, String, javax.security.auth.Subject)";
    QTest::addRow("invoke") << quint64(0x13e7d69417e5da20)
                            << "Object invoke(javax.management.ObjectName, String, java.rmi.MarshalledObject, "
                               "String[], javax.security.auth.Subject)";
    QTest::addRow("close") << quint64(0xbe2e5bc7809d0dcc) << "void close()";
    // ActivationSystem: the constants of the JDK 8 stub (Activation$ActivationSystemImpl_Stub), activation being
    // gone from JDK 17.
    QTest::addRow("ActivationSystem.activeGroup")
        << quint64(0xc07f56e5f314b202)
        << "java.rmi.activation.ActivationMonitor activeGroup(java.rmi.activation.ActivationGroupID, "
           "java.rmi.activation.ActivationInstantiator, long)";
    QTest::addRow("ActivationSystem.shutdown") << quint64(0x9bf890de92d5e3ae) << "void shutdown()";
}

void TestJdkRemoteMethods::capturedHashes()
{
    QFETCH(quint64, hash);
    QFETCH(QString, signature);
    const JavaMethod* m = jdkremotemethods::table().find(static_cast<qint64>(hash));
    QVERIFY(m);
    QCOMPARE(m->signature, signature);
}

void TestJdkRemoteMethods::stubInterfaces_data()
{
    QTest::addColumn<QString>("stub");
    QTest::addColumn<QString>("interfaceName");
    QTest::addRow("JMX server") << "javax.management.remote.rmi.RMIServerImpl_Stub"
                                << "javax.management.remote.rmi.RMIServer";
    QTest::addRow("JMX connection") << "javax.management.remote.rmi.RMIConnectionImpl_Stub"
                                    << "javax.management.remote.rmi.RMIConnection";
    QTest::addRow("registry") << "sun.rmi.registry.RegistryImpl_Stub"
                              << "java.rmi.registry.Registry";
    QTest::addRow("not a JDK stub") << "example.GreetingImpl_Stub"
                                    << "";
    QTest::addRow("not a stub") << "javax.management.remote.rmi.RMIServer"
                                << "";
}

void TestJdkRemoteMethods::stubInterfaces()
{
    QFETCH(QString, stub);
    QFETCH(QString, interfaceName);
    QCOMPARE(jdkremotemethods::interfaceOfStub(stub), interfaceName);
}

QTEST_GUILESS_MAIN(TestJdkRemoteMethods)
#include "tst_jdkremotemethods.moc"
