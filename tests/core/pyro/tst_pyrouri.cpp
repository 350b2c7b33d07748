// PyroUri: PYRO: and PYRONAME: URIs as Pyro writes them (IPv6 in brackets, the name server's port 9090 unless
// given), the reasons bad ones are refused, and the URI objects a name server's lookup returns read as their text.
#include "pyro/pyrouri.h"

#include <QTest>

using namespace rpcscope;

class TestPyroUri : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void uriObjects_data();
    void uriObjects();
};

void TestPyroUri::parses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("byName");
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("written");
    QTest::addRow("object on a daemon") << "PYRO:example.greeting@127.0.0.1:9090" << false << "example.greeting"
                                        << "127.0.0.1" << 9090 << "PYRO:example.greeting@127.0.0.1:9090";
    QTest::addRow("scheme in lower case") << "pyro:obj_1a2b@localhost:51234" << false << "obj_1a2b"
                                          << "localhost" << 51234 << "PYRO:obj_1a2b@localhost:51234";
    QTest::addRow("IPv6") << "PYRO:thing@[::1]:5555" << false << "thing"
                          << "::1" << 5555 << "PYRO:thing@[::1]:5555";
    QTest::addRow("an @ in the object id") << "PYRO:a@b@host:1" << false << "a@b"
                                           << "host" << 1 << "PYRO:a@b@host:1";
    QTest::addRow("name, no location") << "PYRONAME:example.greeting" << true << "example.greeting"
                                       << "localhost" << 9090 << "PYRONAME:example.greeting@localhost:9090";
    QTest::addRow("name, host only") << "PYRONAME:example.greeting@10.0.0.5" << true << "example.greeting"
                                     << "10.0.0.5" << 9090 << "PYRONAME:example.greeting@10.0.0.5:9090";
    QTest::addRow("name, host and port") << "PYRONAME:x@127.0.0.1:9999" << true << "x"
                                         << "127.0.0.1" << 9999 << "PYRONAME:x@127.0.0.1:9999";
    QTest::addRow("name, IPv6 without port") << "PYRONAME:x@[::1]" << true << "x"
                                             << "::1" << 9090 << "PYRONAME:x@[::1]:9090";
}

void TestPyroUri::parses()
{
    QFETCH(QString, text);
    QFETCH(bool, byName);
    QFETCH(QString, object);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, written);
    const Result<PyroUri> uri = PyroUri::parse(text);
    QVERIFY2(uri, uri ? "" : qPrintable(uri.error()));
    QCOMPARE(uri->byName, byName);
    QCOMPARE(uri->object, object);
    QCOMPARE(uri->host, host);
    QCOMPARE(int(uri->port), port);
    QCOMPARE(uri->toString(), written);
}

void TestPyroUri::refuses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::addRow("http")
        << "http://host/RPC2"
        << "not a Pyro URI (PYRO:object@host:port or PYRONAME:name[@host:port]): \"http://host/RPC2\"";
    QTest::addRow("PYROMETA") << "PYROMETA:tag@host:1"
                              << "not a Pyro URI (PYRO:object@host:port or PYRONAME:name[@host:port]): "
                                 "\"PYROMETA:tag@host:1\"";
    QTest::addRow("no location") << "PYRO:thing"
                                 << "the Pyro URI \"PYRO:thing\" has no object@host:port part";
    QTest::addRow("no port") << "PYRO:thing@host"
                             << "the Pyro URI \"PYRO:thing@host\" has no valid host:port";
    QTest::addRow("port 0") << "PYRO:thing@host:0"
                            << "the Pyro URI \"PYRO:thing@host:0\" has no valid host:port";
    QTest::addRow("port 70000") << "PYRO:thing@host:70000"
                                << "the Pyro URI \"PYRO:thing@host:70000\" has no valid host:port";
    QTest::addRow("Unix socket") << "PYRO:thing@./u:/tmp/sock"
                                 << "the Pyro URI \"PYRO:thing@./u:/tmp/sock\" names a Unix socket, which is not "
                                    "supported";
    QTest::addRow("empty name") << "PYRONAME:@host"
                                << "the URI \"PYRONAME:@host\" names no object to look up";
    QTest::addRow("bad name server port") << "PYRONAME:x@host:port"
                                          << "the name server location in \"PYRONAME:x@host:port\" is not host[:port]";
}

void TestPyroUri::refuses()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    const Result<PyroUri> uri = PyroUri::parse(text);
    QVERIFY(!uri);
    QCOMPARE(uri.error(), error);
}

void TestPyroUri::uriObjects_data()
{
    QTest::addColumn<RpcValue>("value");
    QTest::addColumn<QString>("text");
    auto uri = [](const char* cls, RpcArray state) {
        return RpcValue::fromStruct(
            {{QStringLiteral("__class__"), RpcValue::fromString(QLatin1String(cls))},
             {QStringLiteral("state"), RpcValue::fromArray(std::move(state), QStringLiteral("tuple"))}},
            QLatin1String(cls));
    };
    auto s = [](const char* text) { return RpcValue::fromString(QLatin1String(text)); };
    QTest::addRow("Pyro4 lookup") << uri(
        "Pyro4.core.URI", {s("PYRO"), s("example.greeting"), RpcValue::nil(), s("127.0.0.1"), RpcValue::fromInt(9101)})
                                  << "PYRO:example.greeting@127.0.0.1:9101";
    QTest::addRow("Pyro5 lookup, IPv6") << uri("Pyro5.core.URI",
                                               {s("PYRO"), s("thing"), RpcValue::nil(), s("::1"), RpcValue::fromInt(1)})
                                        << "PYRO:thing@[::1]:1";
    QTest::addRow("Unix socket") << uri("Pyro5.core.URI",
                                        {s("PYRO"), s("thing"), s("/tmp/s"), RpcValue::nil(), RpcValue::nil()})
                                 << "PYRO:thing@./u:/tmp/s";
    QTest::addRow("a dict that only looks like one")
        << RpcValue::fromStruct({{QStringLiteral("state"), RpcValue::fromArray({})}}) << QString();
    QTest::addRow("another class") << uri(
        "Pyro5.client.Proxy", {s("PYRO:x@h:1"), RpcValue::nil(), RpcValue::nil(), RpcValue::nil(), RpcValue::nil()})
                                   << QString();
    QTest::addRow("state of 4") << uri("Pyro4.core.URI", {s("PYRO"), s("x"), RpcValue::nil(), s("h")}) << QString();
}

void TestPyroUri::uriObjects()
{
    QFETCH(RpcValue, value);
    QFETCH(QString, text);
    QCOMPARE(PyroUri::textOf(value).value_or(QString()), text);
}

QTEST_GUILESS_MAIN(TestPyroUri)
#include "tst_pyrouri.moc"
