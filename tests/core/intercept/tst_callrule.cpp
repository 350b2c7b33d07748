// The rule language of the proxy: each action with its arguments, filters limited to what a request tells, every
// error with its line, column and width, rules files with comments, and first-match-wins.
#include "intercept/callrule.h"

#include <QTest>

using namespace rpcscope;

namespace {

const std::vector<CallFilter::ProtocolName> kProtocols = {{QStringLiteral("xmlrpc"), QStringLiteral("XML-RPC")},
                                                          {QStringLiteral("pyro4"), QStringLiteral("Pyro4")},
                                                          {QStringLiteral("jrmp"), QStringLiteral("Java RMI")}};

CallFilter::Facts request(const QString& method, const RpcValue& params, const QString& protocol = "xmlrpc",
                          const QString& object = {})
{
    static RpcValue keep;
    keep = params;
    CallFilter::Facts facts;
    facts.protocol = protocol;
    facts.method = method;
    facts.object = object;
    facts.client = QStringLiteral("127.0.0.1:40000");
    facts.server = QStringLiteral("127.0.0.1:8000");
    facts.params = &keep;
    return facts;
}

} // namespace

class TestCallRule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void actions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("path");
        QTest::addRow("delay ms") << "method:add => delay 300ms"
                                  << "delay" << 300 << ""
                                  << ""
                                  << ""
                                  << "";
        QTest::addRow("delay s, fraction") << "method:add => delay 1.5s"
                                           << "delay" << 1500 << ""
                                           << ""
                                           << ""
                                           << "";
        QTest::addRow("delay us") << "method:add => delay 2500us"
                                  << "delay" << 3 << ""
                                  << ""
                                  << ""
                                  << "";
        QTest::addRow("fault int") << "method:add => fault 4 \"Too many parameters\""
                                   << "fault" << 0 << "4"
                                   << "Too many parameters"
                                   << ""
                                   << "";
        QTest::addRow("fault negative") << "=> fault -32601 \"nope\""
                                        << "fault" << 0 << "-32601"
                                        << "nope"
                                        << ""
                                        << "";
        QTest::addRow("fault class") << "protocol:pyro4 => fault ValueError \"bad value\""
                                     << "fault" << 0 << "\"ValueError\""
                                     << "bad value"
                                     << ""
                                     << "";
        QTest::addRow("fault dotted class, escaped quote")
            << "method:x => fault java.lang.IllegalStateException \"say \\\"no\\\"\""
            << "fault" << 0 << "\"java.lang.IllegalStateException\""
            << "say \"no\""
            << ""
            << "";
        QTest::addRow("fault without message") << "method:x => fault KeyError"
                                               << "fault" << 0 << "\"KeyError\""
                                               << ""
                                               << ""
                                               << "";
        QTest::addRow("reply int") << "method:add => reply 7"
                                   << "reply" << 0 << ""
                                   << ""
                                   << "7"
                                   << "";
        QTest::addRow("reply string") << "method:add => reply \"patched\""
                                      << "reply" << 0 << ""
                                      << ""
                                      << "\"patched\""
                                      << "";
        QTest::addRow("reply struct keeps order") << "method:add => reply {\"n\": 1, \"a\": [2.0, null]}"
                                                  << "reply" << 0 << ""
                                                  << ""
                                                  << "{n: 1, a: [2.0, nil]}"
                                                  << "";
        QTest::addRow("reply bare word is a string") << "method:add => reply patched"
                                                     << "reply" << 0 << ""
                                                     << ""
                                                     << "\"patched\""
                                                     << "";
        QTest::addRow("reply tagged decimal") << "method:add => reply {\"decimal\": \"1.10\"}"
                                              << "reply" << 0 << ""
                                              << ""
                                              << "1.10"
                                              << "";
        QTest::addRow("drop") << "method:add => drop"
                              << "drop" << 0 << ""
                              << ""
                              << ""
                              << "";
        QTest::addRow("reset, any case") << "method:add => RESET"
                                         << "reset" << 0 << ""
                                         << ""
                                         << ""
                                         << "";
        QTest::addRow("rewrite index") << "method:add => rewrite params[0]=5"
                                       << "rewrite" << 0 << ""
                                       << ""
                                       << "5"
                                       << "params[0]";
        QTest::addRow("rewrite member") << "method:add => rewrite params[1].name = \"x\""
                                        << "rewrite" << 0 << ""
                                        << ""
                                        << "\"x\""
                                        << "params[1].name";
        QTest::addRow("rewrite kwarg") << "method:add => rewrite kwargs.timeout=3"
                                       << "rewrite" << 0 << ""
                                       << ""
                                       << "3"
                                       << "kwargs.timeout";
        QTest::addRow("rewrite quoted member with =") << "method:add => rewrite params[0][\"a=b\"]=[1]"
                                                      << "rewrite" << 0 << ""
                                                      << ""
                                                      << "[1]"
                                                      << "params[0][\"a=b\"]";
        QTest::addRow("arrow inside a quoted filter") << "\"=>\" => drop"
                                                      << "drop" << 0 << ""
                                                      << ""
                                                      << ""
                                                      << "";
    }

    void actions()
    {
        QFETCH(QString, text);
        QFETCH(QString, kind);
        QFETCH(int, delayMs);
        QFETCH(QString, code);
        QFETCH(QString, message);
        QFETCH(QString, value);
        QFETCH(QString, path);
        RuleError error;
        const std::optional<CallRule> rule = parseCallRule(text, error, kProtocols);
        QVERIFY2(rule, qPrintable(error.describe()));
        QCOMPARE(rule->text, text.trimmed());
        QCOMPARE(RuleAction::kindName(rule->action.kind), kind);
        QCOMPARE(rule->action.delayMs, delayMs);
        if (!code.isEmpty())
            QCOMPARE(rule->action.faultCode.toDisplayString(), code);
        QCOMPARE(rule->action.faultMessage, message);
        if (!value.isEmpty())
            QCOMPARE(rule->action.value.toDisplayString(), value);
        QCOMPARE(rule->action.path ? rule->action.path->text() : QString(), path);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("length");
        QTest::addRow("no arrow") << "method:add drop"
                                  << "'=>' is missing" << 16 << 1;
        QTest::addRow("unknown action") << "method:add => fualt 1 \"x\""
                                        << "unknown action 'fualt'" << 15 << 5;
        QTest::addRow("no action") << "method:add =>   "
                                   << "an action must follow '=>'" << 17 << 1;
        QTest::addRow("filter error keeps its place") << "methd:add => drop"
                                                      << "unknown field 'methd'" << 1 << 5;
        QTest::addRow("unknown protocol") << "protocol:soap => drop"
                                          << "unknown protocol 'soap'" << 10 << 4;
        QTest::addRow("status is not known for a request") << "method:add status:fault => drop"
                                                           << "status and latency are not known yet" << 12 << 12;
        QTest::addRow("latency is not known for a request") << "latency>1s => drop"
                                                            << "status and latency are not known yet" << 1 << 10;
        QTest::addRow("delay without unit") << "method:add => delay 300"
                                            << "needs a unit" << 24 << 1;
        QTest::addRow("delay unknown unit") << "method:add => delay 3min"
                                            << "unknown unit 'min'" << 22 << 3;
        QTest::addRow("delay not a number") << "method:add => delay soon"
                                            << "not a duration" << 21 << 4;
        QTest::addRow("delay over an hour") << "method:add => delay 2h"
                                            << "unknown unit 'h'" << 22 << 1;
        QTest::addRow("delay too long") << "method:add => delay 3601s"
                                        << "at most an hour" << 21 << 5;
        QTest::addRow("fault without code") << "method:add => fault"
                                            << "fault needs a code" << 20 << 1;
        QTest::addRow("fault bad code") << "method:add => fault 4x \"m\""
                                        << "not a fault code" << 21 << 2;
        QTest::addRow("fault message unquoted") << "method:add => fault 4 boom"
                                                << "double quotes" << 23 << 4;
        QTest::addRow("fault message unclosed") << "method:add => fault 4 \"boom"
                                                << "one string" << 23 << 5;
        QTest::addRow("reply without value") << "method:add => reply"
                                             << "reply needs a value" << 20 << 1;
        QTest::addRow("reply bad json") << "method:add => reply {\"n\": }"
                                        << "not a value" << 21 << 7;
        QTest::addRow("reply unclosed string") << "method:add => reply \"abc"
                                               << "double quotes" << 21 << 4;
        QTest::addRow("drop with argument") << "method:add => drop now"
                                            << "takes nothing" << 20 << 3;
        QTest::addRow("rewrite without =") << "method:add => rewrite params[0]"
                                           << "PATH=VALUE" << 23 << 9;
        QTest::addRow("rewrite bad root") << "method:add => rewrite args[0]=1"
                                          << "starts with params" << 23 << 1;
        QTest::addRow("rewrite params needs an index") << "method:add => rewrite params.x=1"
                                                       << "which argument" << 31 << 1;
        QTest::addRow("rewrite bad index") << "method:add => rewrite params[x]=1"
                                           << "an index is [N]" << 29 << 1;
        QTest::addRow("rewrite no value") << "method:add => rewrite params[0]="
                                          << "a value must follow" << 33 << 1;
    }

    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QFETCH(int, column);
        QFETCH(int, length);
        RuleError error;
        const std::optional<CallRule> rule = parseCallRule(text, error, kProtocols);
        QVERIFY(!rule);
        QVERIFY2(error.message.contains(message), qPrintable(error.message));
        QCOMPARE(error.column, column);
        QCOMPARE(error.length, length);
        // The description shows the rule with a caret line under the characters meant.
        const QStringList lines = error.describe().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[1], QStringLiteral("  ") + text);
        QCOMPARE(lines[2].indexOf(QLatin1Char('^')), error.column - 1 + 2);
        QCOMPARE(lines[2].count(QLatin1Char('^')), error.length);
    }

    void filesSkipCommentsAndNameTheLine()
    {
        const QString good = QStringLiteral("# slow down the calculator\n\n"
                                            "  method:add => delay 10ms\r\n"
                                            "method:divide params:0 => fault ZeroDivisionError \"division by zero\"\n"
                                            "   # indented comment\n");
        RuleError error;
        const auto rules = parseCallRules(good, error, kProtocols);
        QVERIFY2(rules, qPrintable(error.describe()));
        QCOMPARE(rules->size(), std::size_t(2));
        QCOMPARE((*rules)[0].line, 3);
        QCOMPARE((*rules)[0].text, QStringLiteral("method:add => delay 10ms"));
        QCOMPARE((*rules)[1].line, 4);

        const QString bad = QStringLiteral("method:add => drop\n# fine so far\nmethod:sub => fault 1 \"x\" extra\n");
        QVERIFY(!parseCallRules(bad, error, kProtocols));
        QCOMPARE(error.line, 3);
        QCOMPARE(error.column, 23);
        QVERIFY2(error.describe(QStringLiteral("chaos.rules")).startsWith(QStringLiteral("chaos.rules:3:23: ")),
                 qPrintable(error.describe(QStringLiteral("chaos.rules"))));
    }

    void firstMatchWins()
    {
        RuleError error;
        std::vector<CallRule> rules;
        for (const char* text : {"method=add params:3 => fault 1 \"three\"", "method=add => reply 0",
                                 "protocol:pyro4 object:calc => drop", "params~^\\[.let => delay 5ms"}) {
            std::optional<CallRule> rule = parseCallRule(QString::fromUtf8(text), error, kProtocols);
            QVERIFY2(rule, qPrintable(error.describe()));
            rules.push_back(std::move(*rule));
        }
        rules[1].enabled = false;
        const CallRuleSet set(std::move(rules));
        QVERIFY(set.needsParams());
        auto matched = [&](const CallFilter::Facts& f) {
            const CallRule* r = set.match(f);
            return r ? r->text : QStringLiteral("none");
        };
        const RpcValue threeFour = RpcValue::fromArray({RpcValue::fromInt(3), RpcValue::fromInt(4)});
        const RpcValue oneTwo = RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::fromInt(2)});
        const RpcValue letian = RpcValue::fromArray({RpcValue::fromString(QStringLiteral("letian"))});
        QCOMPARE(matched(request("add", threeFour)), QStringLiteral("method=add params:3 => fault 1 \"three\""));
        // The second rule is switched off: add(1, 2) passes.
        QCOMPARE(matched(request("add", oneTwo)), QStringLiteral("none"));
        QCOMPARE(matched(request("add", oneTwo, "pyro4", "calc")),
                 QStringLiteral("protocol:pyro4 object:calc => drop"));
        QCOMPARE(matched(request("get_fortune", letian, "pyro4", "example.greeting")),
                 QStringLiteral("params~^\\[.let => delay 5ms"));
        QCOMPARE(matched(request("addition", threeFour)), QStringLiteral("none"));
    }

    void valuePaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("params");
        QTest::addColumn<QString>("kwargs");
        QTest::addColumn<QString>("error");
        QTest::addRow("first argument") << "params[0]"
                                        << "[9, [1, 2], {name: \"a\"}]"
                                        << "nil"
                                        << "";
        QTest::addRow("nested index") << "params[1][1]"
                                      << "[1, [1, 9], {name: \"a\"}]"
                                      << "nil"
                                      << "";
        QTest::addRow("member") << "params[2].name"
                                << "[1, [1, 2], {name: 9}]"
                                << "nil"
                                << "";
        QTest::addRow("new member") << "params[2].age"
                                    << "[1, [1, 2], {name: \"a\", age: 9}]"
                                    << "nil"
                                    << "";
        QTest::addRow("new keyword argument") << "kwargs.timeout"
                                              << "[1, [1, 2], {name: \"a\"}]"
                                              << "{timeout: 9}"
                                              << "";
        QTest::addRow("past the end") << "params[3]"
                                      << ""
                                      << ""
                                      << "params[3]: the call has 3 items";
        QTest::addRow("index into a struct") << "params[2][0]"
                                             << ""
                                             << ""
                                             << "params[2][0]: params[2] is not a list";
        QTest::addRow("member of a number") << "params[0].x"
                                            << ""
                                            << ""
                                            << "params[0].x: params[0] has no members";
        QTest::addRow("missing member on the way") << "params[2].a.b"
                                                   << ""
                                                   << ""
                                                   << "params[2].a: there is no such member";
    }

    void valuePaths()
    {
        QFETCH(QString, path);
        QFETCH(QString, params);
        QFETCH(QString, kwargs);
        QFETCH(QString, error);
        ValuePath::ParseError parseError;
        const std::optional<ValuePath> parsed = ValuePath::parse(path, parseError);
        QVERIFY2(parsed, qPrintable(parseError.message));
        RpcValue values = RpcValue::fromArray(
            {RpcValue::fromInt(1), RpcValue::fromArray({RpcValue::fromInt(1), RpcValue::fromInt(2)}),
             RpcValue::fromStruct({{QStringLiteral("name"), RpcValue::fromString(QStringLiteral("a"))}})});
        RpcValue keywords;
        const Status applied = parsed->apply(values, keywords, RpcValue::fromInt(9));
        if (!error.isEmpty()) {
            QVERIFY(!applied);
            QCOMPARE(applied.error(), error);
            return;
        }
        QVERIFY2(applied, applied ? "" : qPrintable(applied.error()));
        QCOMPARE(values.toDisplayString(), params);
        QCOMPARE(keywords.toDisplayString(), kwargs);
    }
};

QTEST_GUILESS_MAIN(TestCallRule)
#include "tst_callrule.moc"
