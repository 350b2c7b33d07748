// The call list's filter language: every kind of term, combinations, NOT, quoting, each error with its reason and
// position, and the speed on 50,000 calls.
#include "models/callfilter.h"
#include "models/callstore.h"
#include "toyprotocol.h"

#include <QElapsedTimer>
#include <QTest>

using namespace rpcscope;
using rpcscope::test::toyCall;

namespace {

const std::vector<CallFilter::ProtocolName> kProtocols
    = {{QStringLiteral("toy"), QStringLiteral("Toy RPC")}, {QStringLiteral("pyro4"), QStringLiteral("Pyro4")}};

QList<quint64> matchingIds(const CallStore& store, const CallFilter& filter)
{
    QList<quint64> ids;
    for (int row = 0; row < store.size(); ++row) {
        if (filter.matches(store, row))
            ids << store.record(row).id;
    }
    return ids;
}

} // namespace

class TestCallFilter : public QObject
{
    Q_OBJECT

private:
    void fill(CallStore& store)
    {
        store.appendCalls({
            toyCall(1, "CALL add 3 4", "RET 7", 100.0, 2.0),
            toyCall(2, "CALL echo 1", "ERR boom", 100.1, 15.0, QStringLiteral("10.0.0.2:5000"),
                    QStringLiteral("10.0.0.1:9000")),
            toyCall(3, "CALL add 1 2", {}, 100.2, 0),
            toyCall(4, "CALL address 5", "RET 5", 100.3, 0.25),
            toyCall(5, "CALL system.listMethods", "RET 0", 100.4, 1500.0),
        });
    }

private Q_SLOTS:
    void matches_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QList<quint64>>("ids");
        using L = QList<quint64>;
        QTest::addRow("empty filter matches all") << "" << L {1, 2, 3, 4, 5};
        QTest::addRow("only spaces match all") << "   " << L {1, 2, 3, 4, 5};
        QTest::addRow("free text in method") << "add" << L {1, 3, 4};
        QTest::addRow("free text is case-insensitive") << "ADD" << L {1, 3, 4};
        QTest::addRow("free text in response bytes") << "boom" << L {2};
        QTest::addRow("free text in bytes, other case") << "BoOm" << L {2};
        QTest::addRow("free text in endpoint") << "10.0.0.2" << L {2};
        QTest::addRow("free text matches status name") << "fault" << L {2};
        QTest::addRow("quoted free text") << "\"listMethods\"" << L {5};
        QTest::addRow("quoted free text with space") << "\"add 1\"" << L {3};
        QTest::addRow("method contains") << "method:add" << L {1, 3, 4};
        QTest::addRow("method contains, any case") << "method:ADD" << L {1, 3, 4};
        QTest::addRow("method exactly") << "method=add" << L {1, 3};
        QTest::addRow("method exactly is case-sensitive") << "method=Add" << L {};
        QTest::addRow("method quoted") << "method:\"system.listMethods\"" << L {5};
        QTest::addRow("field name any case") << "METHOD:echo" << L {2};
        QTest::addRow("not method") << "!method:add" << L {2, 5};
        QTest::addRow("double negation") << "!!method:echo" << L {2};
        QTest::addRow("status fault") << "status:fault" << L {2};
        QTest::addRow("status with =") << "status=ok" << L {1, 4, 5};
        QTest::addRow("status no-reply") << "status:no-reply" << L {3};
        QTest::addRow("status noreply spelling") << "status:noreply" << L {3};
        QTest::addRow("status error = any bad") << "status:error" << L {2, 3};
        QTest::addRow("not status ok") << "!status:ok" << L {2, 3};
        QTest::addRow("latency greater") << "latency>10ms" << L {2, 5};
        QTest::addRow("latency less") << "latency<1ms" << L {4};
        QTest::addRow("latency less or equal") << "latency<=2ms" << L {1, 4};
        QTest::addRow("latency greater or equal") << "latency>=15ms" << L {2, 5};
        QTest::addRow("latency equal rounds") << "latency=2ms" << L {1};
        QTest::addRow("latency equal with decimals") << "latency=0.25ms" << L {4};
        QTest::addRow("latency in seconds") << "latency>1s" << L {5};
        QTest::addRow("latency in seconds, fraction") << "latency>1.4s" << L {5};
        QTest::addRow("latency in microseconds") << "latency<300us" << L {4};
        QTest::addRow("no reply has no latency") << "latency>=0ms" << L {1, 2, 4, 5};
        QTest::addRow("not latency includes no reply") << "!latency>10ms" << L {1, 3, 4};
        QTest::addRow("client") << "client:10.0.0.2" << L {2};
        QTest::addRow("client exactly with port") << "client=10.0.0.2:5000" << L {2};
        QTest::addRow("server port") << "server::8000" << L {1, 3, 4, 5};
        QTest::addRow("protocol by id") << "protocol:toy" << L {1, 2, 3, 4, 5};
        QTest::addRow("protocol by name") << "protocol:\"toy rpc\"" << L {1, 2, 3, 4, 5};
        QTest::addRow("protocol alias proto") << "proto:pyro4" << L {};
        QTest::addRow("object absent") << "object:x" << L {};
        QTest::addRow("AND of two terms") << "add latency<1ms" << L {4};
        QTest::addRow("AND with NOT") << "method:add !status:ok" << L {3};
        QTest::addRow("three terms") << "server:10.0.0.1 status:fault boom" << L {2};
        QTest::addRow("AND that nothing passes") << "method=add method=echo" << L {};
        QTest::addRow("params contain") << "params:3" << L {1};
        QTest::addRow("params exactly as shown") << "params=\"[1, 2]\"" << L {3};
        QTest::addRow("params regular expression") << "params~^\\[5\\]$" << L {4};
        QTest::addRow("no params never match") << "params:0" << L {};
        QTest::addRow("not params") << "!params:1" << L {1, 4, 5};
        QTest::addRow("method regular expression") << "method~^add$" << L {1, 3};
        QTest::addRow("regular expression is case-insensitive") << "method~LIST" << L {5};
        QTest::addRow("regular expression, quoted with a space") << "client~\"^10\\.0 *\"" << L {2};
    }

    void matches()
    {
        QFETCH(QString, filter);
        QFETCH(QList<quint64>, ids);
        CallStore store(rpcscope::test::toyRegistry());
        fill(store);
        const CallFilter f = CallFilter::parse(filter, kProtocols);
        QVERIFY2(f.isValid(), qPrintable(f.error() ? f.error()->message : QString()));
        QCOMPARE(matchingIds(store, f), ids);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("position");
        QTest::addColumn<int>("length");
        QTest::addRow("unknown field")
            << "foo:bar"
            << "unknown field 'foo': the fields are method, object, protocol, status, client, server, latency, "
               "params (put text in quotes to search for it)"
            << 0 << 3;
        QTest::addRow("unknown field after a term") << "add size>3"
                                                    << "unknown field 'size': the fields are method, object, protocol, "
                                                       "status, client, server, latency, params (put text in quotes "
                                                       "to search for it)"
                                                    << 4 << 4;
        QTest::addRow("field without value") << "method:"
                                             << "'method:' needs a value, e.g. method:add" << 0 << 7;
        QTest::addRow("latency without value") << "latency> add"
                                               << "'latency>' needs a value, e.g. latency>10ms" << 0 << 8;
        QTest::addRow("latency without unit") << "latency>10"
                                              << "'10' needs a unit: us, ms or s (e.g. 10ms)" << 10 << 1;
        QTest::addRow("latency unknown unit") << "latency>10min"
                                              << "unknown unit 'min': use us, ms or s" << 10 << 3;
        QTest::addRow("latency not a number") << "latency>fast"
                                              << "'fast' is not a duration: write a number and a unit, e.g. 10ms, "
                                                 "250us, 1.5s"
                                              << 8 << 4;
        QTest::addRow("latency with colon")
            << "latency:10ms"
            << "latency needs a comparison: <, <=, =, >=, > (e.g. latency>10ms)" << 7 << 1;
        QTest::addRow("unknown status") << "status:faul"
                                        << "unknown status 'faul': use ok, fault, exception, no-reply, malformed, "
                                           "pending or error"
                                        << 7 << 4;
        QTest::addRow("status compared") << "status<ok"
                                         << "status takes ':' or '=', e.g. status:fault" << 6 << 1;
        QTest::addRow("unknown protocol") << "protocol:http"
                                          << "unknown protocol 'http': use toy, pyro4" << 9 << 4;
        QTest::addRow("protocol compared") << "protocol>=x"
                                           << "protocol takes ':' or '=', e.g. protocol:pyro4" << 8 << 2;
        QTest::addRow("text field compared")
            << "method>3"
            << "method is text: use method:TEXT (contains), method=TEXT (exactly) or method~REGEX" << 6 << 1;
        QTest::addRow("bad regular expression") << "method~(add"
                                                << "not a regular expression: missing closing parenthesis" << 10 << 1;
        QTest::addRow("regular expression on status") << "status~ok"
                                                      << "status takes ':' or '=', e.g. status:fault" << 6 << 1;
        QTest::addRow("regular expression on latency")
            << "latency~1ms"
            << "latency needs a comparison: <, <=, =, >=, > (e.g. latency>10ms)" << 7 << 1;
        QTest::addRow("lone NOT") << "!"
                                  << "'!' must be followed by a term, e.g. !status:ok" << 0 << 1;
        QTest::addRow("NOT before a space") << "add ! echo"
                                            << "'!' must be followed by a term, e.g. !status:ok" << 4 << 1;
        QTest::addRow("unclosed quote") << "add \"open"
                                        << "the quote opened here is never closed" << 4 << 1;
        QTest::addRow("unclosed quoted value") << "method:\"add"
                                               << "the quote opened here is never closed" << 7 << 1;
        QTest::addRow("quote inside a word") << "ab\"c"
                                             << "a quote inside a word: put the whole value in quotes" << 2 << 1;
        QTest::addRow("text after closing quote") << "method:\"x\"y"
                                                  << "a space must follow the closing quote" << 10 << 1;
        QTest::addRow("not-equal operator") << "method!=add"
                                            << "there is no '!=': write !method=… to exclude a value" << 6 << 2;
        QTest::addRow("empty quotes") << "\"\""
                                      << "empty quotes match nothing useful: remove them" << 0 << 2;
        QTest::addRow("empty quoted value") << "method:\"\""
                                            << "empty quotes: give the text to look for" << 7 << 2;
    }

    void errors()
    {
        QFETCH(QString, filter);
        QFETCH(QString, message);
        QFETCH(int, position);
        QFETCH(int, length);
        const CallFilter f = CallFilter::parse(filter, kProtocols);
        QVERIFY(!f.isValid());
        QVERIFY(f.error().has_value());
        QCOMPARE(f.error()->message, message);
        QCOMPARE(f.error()->position, position);
        QCOMPARE(f.error()->length, length);
        QVERIFY(f.terms().empty());
    }

    void matchesPlainFacts_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("matches");
        QTest::addRow("method") << "method:fortune" << true;
        QTest::addRow("object exactly") << "object=example.greeting" << true;
        QTest::addRow("protocol") << "protocol:pyro4" << true;
        QTest::addRow("other protocol") << "protocol:toy" << false;
        QTest::addRow("params") << "params:letian" << true;
        QTest::addRow("keyword arguments are in params") << "params:\"{lucky: 7}\"" << true;
        QTest::addRow("params regular expression") << "params~^\\[.let" << true;
        QTest::addRow("free text in request bytes") << "LUCKY" << true;
        QTest::addRow("free text nowhere") << "unlucky" << false;
        QTest::addRow("a request is pending") << "status:pending" << true;
        QTest::addRow("no latency yet") << "latency>=0ms" << false;
        QTest::addRow("client") << "client:40000" << true;
    }

    void matchesPlainFacts()
    {
        // A request on its way through the proxy: no store, no reply yet.
        const RpcValue params = RpcValue::fromArray({RpcValue::fromString(QStringLiteral("letian"))});
        const RpcValue kwargs = RpcValue::fromStruct({{QStringLiteral("lucky"), RpcValue::fromInt(7)}});
        const QByteArray bytes("PYRO...get_fortune('letian', lucky=7)");
        CallFilter::Facts facts;
        facts.protocol = QStringLiteral("pyro4");
        facts.method = QStringLiteral("get_fortune");
        facts.object = QStringLiteral("example.greeting");
        facts.client = QStringLiteral("127.0.0.1:40000");
        facts.server = QStringLiteral("127.0.0.1:9090");
        facts.params = &params;
        facts.kwargs = &kwargs;
        facts.requestBytes = bytes;
        QFETCH(QString, filter);
        QFETCH(bool, matches);
        const CallFilter f = CallFilter::parse(filter, kProtocols);
        QVERIFY2(f.isValid(), qPrintable(f.error() ? f.error()->message : QString()));
        QCOMPARE(f.matches(facts), matches);
        QCOMPARE(CallFilter::paramsText(params, kwargs), QStringLiteral("[\"letian\"] {lucky: 7}"));
    }

    void oneFilterOverManyRequests_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QStringList>("methods");
        QTest::addColumn<QList<int>>("firstArguments");
        QTest::addColumn<QList<bool>>("matches");
        // The proxy matches every request against the same filters: verdicts remembered for one request must not
        // leak into the next.
        QTest::addRow("method expression")
            << "method~^get_" << QStringList {"get_a", "add", "GET_b", "get_a", "add"} << QList<int> {1, 1, 1, 1, 1}
            << QList<bool> {true, false, true, true, false};
        QTest::addRow("method exactly") << "method=add" << QStringList {"add", "adds", "add", "Add"}
                                        << QList<int> {1, 1, 1, 1} << QList<bool> {true, false, true, false};
        QTest::addRow("negated method") << "!method:get" << QStringList {"get_a", "add", "get_b"}
                                        << QList<int> {1, 1, 1} << QList<bool> {false, true, false};
        QTest::addRow("anchored params expression")
            << "method=add params~^\\[9" << QStringList {"add", "add", "sub", "add"} << QList<int> {90, 3, 91, 9}
            << QList<bool> {true, false, false, true};
    }

    void oneFilterOverManyRequests()
    {
        QFETCH(QString, filter);
        QFETCH(QStringList, methods);
        QFETCH(QList<int>, firstArguments);
        QFETCH(QList<bool>, matches);
        const CallFilter f = CallFilter::parse(filter, kProtocols);
        QVERIFY2(f.isValid(), qPrintable(f.error() ? f.error()->message : QString()));
        for (qsizetype i = 0; i < methods.size(); ++i) {
            const RpcValue params = RpcValue::fromArray({RpcValue::fromInt(firstArguments[i]), RpcValue::fromInt(4)});
            CallFilter::Facts facts;
            facts.protocol = QStringLiteral("xmlrpc");
            facts.method = methods[i];
            facts.client = QStringLiteral("127.0.0.1:40000");
            facts.params = &params;
            QVERIFY2(f.matches(facts) == matches[i],
                     qPrintable(QStringLiteral("request %1: %2(%3)").arg(i).arg(methods[i]).arg(firstArguments[i])));
        }
    }

    void termsKeepTheirPlace()
    {
        const CallFilter f = CallFilter::parse(QStringLiteral("boom  !method=add latency>=1.5s"), kProtocols);
        QVERIFY(f.isValid());
        QCOMPARE(f.terms().size(), std::size_t(3));
        // Free text is searched last, but each term still knows where it was written.
        const CallFilter::Term& method = f.terms()[0];
        QCOMPARE(method.field, CallFilter::Field::Method);
        QCOMPARE(method.op, CallFilter::Op::Equals);
        QVERIFY(method.negated);
        QCOMPARE(method.position, 6);
        QCOMPARE(method.length, 11);
        const CallFilter::Term& latency = f.terms()[1];
        QCOMPARE(latency.field, CallFilter::Field::Latency);
        QCOMPARE(latency.op, CallFilter::Op::GreaterOrEqual);
        QCOMPARE(latency.low, 1500.0);
        const CallFilter::Term& text = f.terms()[2];
        QCOMPARE(text.field, CallFilter::Field::Text);
        QCOMPARE(text.value, QStringLiteral("boom"));
        QCOMPARE(text.position, 0);
    }

    void cachesFollowTheStore()
    {
        // String ids are reassigned when the store is cleared; a filter applied before must not reuse its verdicts.
        CallStore store(rpcscope::test::toyRegistry());
        store.appendCalls({toyCall(1, "CALL add 1", "RET 1", 1, 1), toyCall(2, "CALL echo 1", "RET 1", 1, 1)});
        const CallFilter f = CallFilter::parse(QStringLiteral("method=add"));
        QCOMPARE(matchingIds(store, f), (QList<quint64> {1}));
        store.clear();
        store.appendCalls({toyCall(7, "CALL echo 1", "RET 1", 1, 1), toyCall(8, "CALL add 1", "RET 1", 1, 1)});
        QCOMPARE(matchingIds(store, f), (QList<quint64> {8}));
    }

    void fiftyThousandCalls()
    {
        CallStore store(rpcscope::test::toyRegistry());
        QList<Call> calls;
        for (int i = 1; i <= 50000; ++i) {
            const QByteArray method = i % 3 ? "add" : "echo";
            calls << toyCall(i, "CALL " + method + ' ' + QByteArray::number(i) + " 4",
                             i % 100 ? QByteArray("RET ") + QByteArray::number(i + 4) : QByteArray("ERR boom"),
                             1000 + i * 0.001, (i % 50) * 0.5, QStringLiteral("127.0.0.%1:4000").arg(i % 200));
        }
        store.appendCalls(calls);
        for (const QString& text : {QStringLiteral("method:add latency>10ms"), QStringLiteral("!status:ok"),
                                    QStringLiteral("client:127.0.0.19 !method=echo"), QStringLiteral("boom"),
                                    QStringLiteral("\"RET 4999\"")}) {
            const CallFilter f = CallFilter::parse(text);
            QVERIFY(f.isValid());
            QElapsedTimer timer;
            timer.start();
            const QList<quint64> ids = matchingIds(store, f);
            const qint64 ms = timer.elapsed();
            qInfo("%s: %lld calls in %lld ms", qPrintable(text), qint64(ids.size()), ms);
            QVERIFY2(ms < 1000, qPrintable(QStringLiteral("%1 took %2 ms").arg(text).arg(ms)));
            if (text == QLatin1String("boom"))
                QCOMPARE(ids.size(), 500);
            if (text == QLatin1String("!status:ok"))
                QCOMPARE(ids.size(), 500);
            if (text.startsWith(QLatin1String("\"RET")))
                QCOMPARE(ids.size(), 11); // "RET 4999" and "RET 49990" .. "RET 49999"
        }
    }
};

QTEST_GUILESS_MAIN(TestCallFilter)
#include "tst_callfilter.moc"
