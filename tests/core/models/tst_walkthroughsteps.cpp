// The walkthrough's steps: every node of the request and then of the response, depth first, each addressed so that
// it resolves to exactly that node again, with a sentence that says what the field is and which bytes it takes.
#include "models/callstore.h"
#include "models/walkthroughsteps.h"
#include "toyprotocol.h"

#include <QTest>

using namespace rpcscope;
using rpcscope::test::toyCall;

namespace {

// Depth-first, the root first: the order in which the tour must visit the nodes.
void preorder(const DecodeNode& node, std::vector<const DecodeNode*>& out)
{
    out.push_back(&node);
    for (const DecodeNode& child : node.children)
        preorder(child, out);
}

Call decodedToyCall(const QByteArray& request, const QByteArray& response)
{
    CallStore store(rpcscope::test::toyRegistry());
    store.appendCalls({toyCall(7, request, response, 100.0, 2.0)});
    return store.call(0, true);
}

} // namespace

class TestWalkthroughSteps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void visitsEveryNodeOfBothMessagesInOrder_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("response");
        QTest::addRow("add(3, 4)") << QByteArray("CALL add 3 4") << QByteArray("RET 7");
        QTest::addRow("fault") << QByteArray("CALL div 1 0") << QByteArray("ERR zero");
        QTest::addRow("no reply") << QByteArray("CALL sleep 9") << QByteArray();
    }

    void visitsEveryNodeOfBothMessagesInOrder()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, response);
        const Call call = decodedToyCall(request, response);
        QVERIFY(call.request && !call.request->tree.children.empty());

        std::vector<std::pair<Direction, const DecodeNode*>> expected;
        for (const auto& [message, dir] : {std::pair {call.request, Direction::ClientToServer},
                                           std::pair {call.response, Direction::ServerToClient}}) {
            if (!message)
                continue;
            std::vector<const DecodeNode*> nodes;
            preorder(message->tree, nodes);
            for (const DecodeNode* n : nodes)
                expected.emplace_back(dir, n);
        }

        const std::vector<WalkthroughStep> steps = WalkthroughSteps::forCall(call, QStringLiteral("the call"));
        QCOMPARE(steps.size(), expected.size());
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const WalkthroughStep& step = steps[i];
            QCOMPARE(step.callId, quint64(7));
            QCOMPARE(step.direction, expected[i].first);
            const auto& message = step.direction == Direction::ClientToServer ? call.request : call.response;
            const DecodeNode* node = WalkthroughSteps::resolve(message->tree, step.indexPath);
            QCOMPARE(node, expected[i].second);
            QVERIFY2(step.title.endsWith(node->name), qPrintable(step.title));
            QVERIFY2(step.title.startsWith(QStringLiteral("the call · ")), qPrintable(step.title));
        }
    }

    void sentenceSaysWhatAndWhere()
    {
        const Call call = decodedToyCall("CALL add 3 4", "RET 7");
        const DecodeNode* param = call.request->tree.find(QStringLiteral("param[0]"));
        QVERIFY(param);
        const QString text = WalkthroughSteps::explain(*param, Direction::ClientToServer, false);
        QCOMPARE(text,
                 QStringLiteral("“param[0]” is an int field. An argument. It is the byte at offset 9. Here it "
                                "reads “3”."));

        const DecodeNode* method = call.request->tree.find(QStringLiteral("method"));
        QCOMPARE(WalkthroughSteps::explain(*method, Direction::ClientToServer, false),
                 QStringLiteral("“method” is a string field. The method called. It is the 3 bytes at offsets 5–7. "
                                "Here it reads “add”."));

        const QString root = WalkthroughSteps::explain(call.response->tree, Direction::ServerToClient, true);
        QVERIFY2(root.startsWith(QStringLiteral("This is the whole response as it crossed the wire: 6 bytes")),
                 qPrintable(root));
        QVERIFY(root.contains(QStringLiteral("One toy message.")));
    }

    void nodesWithoutBytesAndLongValues()
    {
        DecodeNode derived;
        derived.name = QStringLiteral("latency");
        derived.type = QStringLiteral("double");
        derived.value = QString(200, QLatin1Char('x'));
        const QString text = WalkthroughSteps::explain(derived, Direction::ServerToClient, false);
        QVERIFY2(text.contains(QStringLiteral("no bytes of its own")), qPrintable(text));
        QVERIFY(text.contains(QString(WalkthroughSteps::kMaxValueChars - 1, QLatin1Char('x')) + QChar(0x2026)));
        QVERIFY(!text.contains(QString(WalkthroughSteps::kMaxValueChars, QLatin1Char('x'))));
    }

    void resolveRejectsPathsTheTreeDoesNotHave()
    {
        const Call call = decodedToyCall("CALL add 3 4", "RET 7");
        const DecodeNode& root = call.request->tree;
        QCOMPARE(WalkthroughSteps::resolve(root, {}), &root);
        QCOMPARE(WalkthroughSteps::resolve(root, {1}), &root.children[1]);
        QCOMPARE(WalkthroughSteps::resolve(root, {int(root.children.size())}), nullptr);
        QCOMPARE(WalkthroughSteps::resolve(root, {-1}), nullptr);
        QCOMPARE(WalkthroughSteps::resolve(root, {0, 0}), nullptr);
    }

    void callWithoutTreesHasNoSteps()
    {
        const Call call = toyCall(1, "CALL add 3 4", "RET 7", 100.0, 1.0);
        QVERIFY(WalkthroughSteps::forCall(call, QStringLiteral("x")).empty());
    }
};

QTEST_GUILESS_MAIN(TestWalkthroughSteps)
#include "tst_walkthroughsteps.moc"
