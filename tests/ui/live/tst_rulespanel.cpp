// The Rules panel: rules typed in its table change the calls of a real Python client going through the window's
// proxy at once (on, off, edited, reordered); a rule that does not parse is explained with its place and the proxy
// keeps the rules it had; the rules are saved with the session.
#include "intercept/ruleload.h"
#include "liveproxy.h"
#include "rulespanel.h"

#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>

using namespace rpcscope;
using namespace rpcscope::test;

namespace {

QString runAdd(LiveProxy& proxy, const QString& a, const QString& b)
{
    PythonPeer client;
    proxy.call(client, QStringLiteral("add"), {a, b});
    if (!client.finish())
        return QStringLiteral("(timed out: %1)").arg(QString::fromUtf8(client.err()));
    return QString::fromUtf8(client.out()).trimmed();
}

} // namespace

class TestRulesPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("RpcScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_rulespanel"));
    }

    void init() { QSettings().clear(); }

    void rulesChangeProxiedCallsAtOnce()
    {
        LiveProxy proxy;
        QVERIFY(proxy.port != 0);
        RulesPanel rules(filterProtocols(proxy.registry));
        connect(&rules, &RulesPanel::rulesChanged, &proxy.panel, &ProxyPanel::setCallRules);
        QCOMPARE(rules.status()->text(), QStringLiteral("No rules: calls pass the proxy unchanged."));
        QCOMPARE(runAdd(proxy, QStringLiteral("3"), QStringLiteral("4")), QStringLiteral("7"));

        rules.addRule(QStringLiteral("method:add => fault 7 \"nope\""));
        QCOMPARE(rules.status()->text(),
                 QStringLiteral("1 of 1 rules on; the first that matches a request acts on it."));
        QCOMPARE(runAdd(proxy, QStringLiteral("3"), QStringLiteral("4")), QStringLiteral("Fault 7 nope"));
        const std::optional<Call> untouched = proxy.finishedCall(0);
        QVERIFY(untouched);
        QCOMPARE(untouched->rule, QString());
        const std::optional<Call> faulted = proxy.finishedCall(1);
        QVERIFY(faulted);
        QCOMPARE(faulted->status, CallStatus::Fault);
        QCOMPARE(faulted->rule, QStringLiteral("method:add => fault 7 \"nope\""));

        // Off: the server answers again.
        rules.table()->item(0, RulesPanel::EnabledColumn)->setCheckState(Qt::Unchecked);
        QCOMPARE(rules.status()->text(),
                 QStringLiteral("0 of 1 rules on; the first that matches a request acts on it."));
        QCOMPARE(runAdd(proxy, QStringLiteral("3"), QStringLiteral("4")), QStringLiteral("7"));

        // Edited in place and on again.
        rules.table()->item(0, RulesPanel::RuleColumn)->setText(QStringLiteral("method:add params~^\\[1, => reply 99"));
        rules.table()->item(0, RulesPanel::EnabledColumn)->setCheckState(Qt::Checked);
        QCOMPARE(runAdd(proxy, QStringLiteral("1"), QStringLiteral("2")), QStringLiteral("99"));
        QCOMPARE(runAdd(proxy, QStringLiteral("2"), QStringLiteral("2")), QStringLiteral("4"));

        // A rule that does not parse: its place is shown, and the proxy keeps the rules it had.
        QSignalSpy changed(&rules, &RulesPanel::rulesChanged);
        rules.table()->item(0, RulesPanel::RuleColumn)->setText(QStringLiteral("method:add => fualt 1 \"x\""));
        QCOMPARE(changed.count(), 0);
        QVERIFY2(rules.status()->text().startsWith(QLatin1String("Rule 1, column 15: unknown action 'fualt'")),
                 qPrintable(rules.status()->text()));
        QVERIFY(rules.status()->text().endsWith(QLatin1String("the proxy keeps the rules as they were.")));
        QCOMPARE(runAdd(proxy, QStringLiteral("1"), QStringLiteral("2")), QStringLiteral("99"));
    }

    void firstMatchWinsInTheTablesOrder()
    {
        LiveProxy proxy;
        QVERIFY(proxy.port != 0);
        RulesPanel rules(filterProtocols(proxy.registry));
        connect(&rules, &RulesPanel::rulesChanged, &proxy.panel, &ProxyPanel::setCallRules);
        rules.addRule(QStringLiteral("method:add => reply \"first\""));
        rules.addRule(QStringLiteral("method:add => reply \"second\""));
        QCOMPARE(runAdd(proxy, QStringLiteral("1"), QStringLiteral("1")), QStringLiteral("first"));
        // The second rule moves up.
        rules.table()->setCurrentCell(1, RulesPanel::RuleColumn);
        const auto buttons = rules.findChildren<QPushButton*>();
        QPushButton* up = nullptr;
        for (QPushButton* b : buttons) {
            if (b->text() == QLatin1String("Up"))
                up = b;
        }
        QVERIFY(up);
        up->click();
        QCOMPARE(rules.table()->currentRow(), 0);
        QCOMPARE(rules.table()->item(0, RulesPanel::RuleColumn)->text(),
                 QStringLiteral("method:add => reply \"second\""));
        QCOMPARE(runAdd(proxy, QStringLiteral("1"), QStringLiteral("1")), QStringLiteral("second"));
    }

    void rulesAreSavedWithTheSession()
    {
        const std::vector<CallFilter::ProtocolName> protocols = filterProtocols(DecoderRegistry::withBuiltins());
        {
            RulesPanel rules(protocols);
            rules.addRule(QStringLiteral("method:add => delay 300ms"));
            rules.addRule(QStringLiteral("protocol:pyro4 => fault ValueError \"no\""), false);
        }
        RulesPanel again(protocols);
        again.load();
        QCOMPARE(again.table()->rowCount(), 2);
        QCOMPARE(again.table()->item(0, RulesPanel::RuleColumn)->text(), QStringLiteral("method:add => delay 300ms"));
        QCOMPARE(again.table()->item(0, RulesPanel::EnabledColumn)->checkState(), Qt::Checked);
        QCOMPARE(again.table()->item(1, RulesPanel::RuleColumn)->text(),
                 QStringLiteral("protocol:pyro4 => fault ValueError \"no\""));
        QCOMPARE(again.table()->item(1, RulesPanel::EnabledColumn)->checkState(), Qt::Unchecked);
        // The rule that is off stays in the set, off: the first match skips it.
        QCOMPARE(again.ruleSet()->rules().size(), std::size_t(2));
        QVERIFY(!again.ruleSet()->rules()[1].enabled);
        QCOMPARE(again.status()->text(),
                 QStringLiteral("1 of 2 rules on; the first that matches a request acts on it."));
    }
};

QTEST_MAIN(TestRulesPanel)
#include "tst_rulespanel.moc"
