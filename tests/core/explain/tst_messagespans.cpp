// Every byte of a message is attributed: spans tile each message of every captured fixture exactly, each to the
// node that holds its bytes (the one a click on the byte selects), with a path, a role and a description.
#include "explain/messagespans.h"
#include "explainfixtures.h"

#include <QTest>

using namespace rpcscope;

namespace {

bool bitsOnly(const DecodeNode& n)
{
    return n.children.size() >= 2 && std::all_of(n.children.begin(), n.children.end(), [&n](const DecodeNode& b) {
               return b.children.empty() && b.buffer == n.buffer && b.offset == n.offset && b.length == n.length;
           });
}

// For each byte, the node the window selects for it (DecodeNode::deepestAt), but a flags word for the bits that all
// cover it. Painted the other way round from explainMessage: each node over its parent, earlier siblings over later.
std::vector<const DecodeNode*> expectedHolders(const DecodeNode& root, qint64 size)
{
    std::vector<const DecodeNode*> holder(std::size_t(size), &root);
    std::vector<const DecodeNode*> stack {&root};
    while (!stack.empty()) {
        const DecodeNode* n = stack.back();
        stack.pop_back();
        if (n->hasBytes() && n->buffer == 0) {
            for (qint64 b = std::max<qint64>(n->offset, 0); b < std::min(n->end(), size); ++b)
                holder[std::size_t(b)] = n;
        }
        if (bitsOnly(*n))
            continue;
        for (const DecodeNode& c : n->children)
            stack.push_back(&c);
    }
    return holder;
}

QString checkTiling(const DecodedMessage& message, const MessageExplanation& e)
{
    if (e.length != message.size())
        return QStringLiteral("length %1, message %2").arg(e.length).arg(message.size());
    const std::vector<const DecodeNode*> holders = expectedHolders(message.tree, message.size());
    qint64 at = 0;
    for (const ExplainSpan& s : e.spans) {
        const QString where = QStringLiteral("span at %1 (%2, %3)").arg(s.offset).arg(s.path, s.role);
        if (s.offset != at)
            return where + QStringLiteral(": expected offset %1").arg(at);
        if (s.length <= 0)
            return where + QStringLiteral(": empty");
        if (s.path.isEmpty() || !s.path.startsWith(message.tree.name))
            return where + QStringLiteral(": path does not start at the root");
        if (s.role.isEmpty() || s.description.trimmed().isEmpty())
            return where + QStringLiteral(": no role or description");
        if (!s.node)
            return where + QStringLiteral(": no node");
        for (qint64 b = s.offset; b < s.end(); ++b) {
            if (holders[std::size_t(b)] != s.node)
                return where + QStringLiteral(": byte %1 belongs to %2").arg(b).arg(holders[std::size_t(b)]->name);
        }
        at = s.end();
    }
    return at == message.size() ? QString() : QStringLiteral("spans end at %1 of %2").arg(at).arg(message.size());
}

QString missingDescription(const DecodeNode& root)
{
    std::vector<const DecodeNode*> stack {&root};
    while (!stack.empty()) {
        const DecodeNode* n = stack.back();
        stack.pop_back();
        if (n->description.trimmed().isEmpty())
            return QStringLiteral("%1 (%2)").arg(n->name, n->type);
        for (const DecodeNode& c : n->children)
            stack.push_back(&c);
    }
    return {};
}

DecodedMessage handBuilt(const QByteArray& bytes)
{
    DecodedMessage m;
    m.protocol = QStringLiteral("toy");
    m.buffers = {bytes};
    m.tree.name = QStringLiteral("msg");
    m.tree.type = QStringLiteral("message");
    m.tree.description = QStringLiteral("The whole message.");
    m.tree.offset = 0;
    m.tree.length = bytes.size();
    return m;
}

QString layout(const MessageExplanation& e)
{
    QStringList parts;
    for (const ExplainSpan& s : e.spans)
        parts << QStringLiteral("%1+%2 %3 %4").arg(s.offset).arg(s.length).arg(s.path, s.role);
    return parts.join(QStringLiteral(" | "));
}

} // namespace

class TestMessageSpans : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tilesEveryFixtureMessage_data()
    {
        QTest::addColumn<QString>("fixture");
        for (const QString& f : test::explainFixtures())
            QTest::addRow("%s", qPrintable(f)) << f;
    }

    void tilesEveryFixtureMessage()
    {
        QFETCH(QString, fixture);
        const std::vector<Call> calls = test::callsWithTrees(fixture);
        QVERIFY(!calls.empty());
        int messages = 0;
        qint64 fieldBytes = 0;
        qint64 bytes = 0;
        for (const Call& call : calls) {
            for (const auto& message : {call.request, call.response}) {
                if (!message || message->size() == 0)
                    continue;
                const MessageExplanation e = explainMessage(*message);
                const QString what
                    = QStringLiteral("call %1 %2").arg(call.id).arg(message == call.request ? "request" : "response");
                const QString bad = checkTiling(*message, e);
                QVERIFY2(bad.isEmpty(), qPrintable(what + QStringLiteral(": ") + bad));
                // Every node type has a description, the text the Explain panel shows.
                const QString undescribed = missingDescription(message->tree);
                QVERIFY2(undescribed.isEmpty(),
                         qPrintable(what + QStringLiteral(": no description for ") + undescribed));
                for (const ExplainSpan& s : e.spans)
                    fieldBytes += s.isField() ? s.length : 0;
                bytes += message->size();
                ++messages;
            }
        }
        QVERIFY(messages > 0);
        QVERIFY(fieldBytes > 0 && fieldBytes <= bytes);
    }

    // The generic pass on hand-built trees: what the decoders' trees may look like.
    void genericPass_data()
    {
        QTest::addColumn<int>("shape");
        QTest::addColumn<QString>("expected");
        QTest::addRow("bytes between fields are the parent's")
            << 0 << "0+2 msg/a field | 2+2 msg whitespace | 4+2 msg/b field";
        QTest::addRow("the first of overlapping siblings wins") << 1 << "0+4 msg/a field | 4+2 msg/b field";
        QTest::addRow("a flags word, not its bits") << 2 << "0+2 msg/flags field | 2+4 msg structure";
        QTest::addRow("bytes outside the root") << 3 << "0+4 msg field | 4+2 msg unattributed";
        QTest::addRow("other buffers take no bytes") << 4 << "0+6 msg field";
        QTest::addRow("text around a child is its parent's")
            << 5 << "0+1 msg/a structure | 1+2 msg/a/inner field | 3+3 msg/a structure";
    }

    void genericPass()
    {
        QFETCH(int, shape);
        QFETCH(QString, expected);
        DecodedMessage m = handBuilt("ab  cd");
        DecodeNode& root = m.tree;
        switch (shape) {
        case 0:
            root.add("a", "t", "ab", 0, 2, "A.");
            root.add("b", "t", "cd", 4, 2, "B.");
            break;
        case 1:
            root.add("a", "t", "", 0, 4, "A.");
            root.add("b", "t", "", 2, 4, "B.");
            break;
        case 2: {
            m.buffers = {QByteArray("\x01\x02xyzw", 6)};
            DecodeNode& flags = root.add("flags", "u16", "0x0102", 0, 2, "Flags.");
            flags.add("bit0", "bit", "1", 0, 2, "Bit 0.");
            flags.add("bit1", "bit", "0", 0, 2, "Bit 1.");
            root.add("empty", "t", "", 6, 0, "Nothing.");
            break;
        }
        case 3:
            root.length = 4;
            break;
        case 4: {
            DecodeNode& n = root.add("inflated", "bytes", "", 0, 3, "Inflated.");
            n.buffer = 1;
            m.buffers.push_back("xyz");
            break;
        }
        case 5: {
            DecodeNode& a = root.add("a", "t", "", 0, 6, "A.");
            a.add("inner", "t", "b ", 1, 2, "Inner.");
            break;
        }
        }
        const MessageExplanation e = explainMessage(m);
        QCOMPARE(checkTiling(m, e), QString());
        QCOMPARE(layout(e), expected);
    }

    void emptyMessageHasNoSpans()
    {
        const DecodedMessage m = handBuilt(QByteArray());
        const MessageExplanation e = explainMessage(m);
        QCOMPARE(e.length, 0);
        QVERIFY(e.spans.empty());
    }

    void deepTreesNeedNoRecursion()
    {
        // Deeper than decoders build in unoptimised and ASan builds (1024 levels), where a recursion per level
        // would overflow the stack first. (Each span's path names every level, so the output grows as depth².)
        constexpr int depth = 3000;
        DecodedMessage m = handBuilt(QByteArray(depth + 1, 'x'));
        DecodeNode* n = &m.tree;
        for (int i = 0; i < depth; ++i)
            n = &n->add(QStringLiteral("n"), QStringLiteral("t"), QString(), i + 1, depth - i, QStringLiteral("N."));
        const MessageExplanation e = explainMessage(m);
        QCOMPARE(checkTiling(m, e), QString());
        QCOMPARE(int(e.spans.size()), depth + 1);
        QCOMPARE(e.spanAt(depth)->node, n);
        QCOMPARE(e.spanAt(0)->node, &m.tree);
        QCOMPARE(e.spanAt(depth + 1), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestMessageSpans)
#include "tst_messagespans.moc"
