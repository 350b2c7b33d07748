#include "decodenode.h"

#include <QTest>

using namespace rpcscope;

class TestDecodeNode : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findAndDeepest();
    void dumpFormat();
    void errorNodes();
};

namespace {
DecodeNode sample()
{
    DecodeNode root;
    root.name = QStringLiteral("message");
    root.offset = 0;
    root.length = 100;
    DecodeNode& body = root.add(QStringLiteral("body"), QStringLiteral("xml"), {}, 20, 80);
    DecodeNode& params
        = body.add(QStringLiteral("params"), QStringLiteral("array"), QStringLiteral("2 values"), 30, 60);
    params.add(QStringLiteral("param[0]"), QStringLiteral("int"), QStringLiteral("3"), 40, 14);
    params.add(QStringLiteral("param[1]"), QStringLiteral("int"), QStringLiteral("4"), 60, 14);
    return root;
}
} // namespace

void TestDecodeNode::findAndDeepest()
{
    const DecodeNode root = sample();
    const DecodeNode* p0 = root.find(u"body/params/param[0]");
    QVERIFY(p0);
    QCOMPARE(p0->value, QStringLiteral("3"));
    QCOMPARE(root.find(u"body/nothing"), nullptr);
    QCOMPARE(root.findFirst(u"param[1]")->offset, 60);
    QCOMPARE(root.deepestAt(0, 45), p0);
    QCOMPARE(root.deepestAt(0, 55)->name, QStringLiteral("params"));
    QCOMPARE(root.deepestAt(0, 5)->name, QStringLiteral("message"));
    QCOMPARE(root.deepestAt(0, 500), nullptr);
    QCOMPARE(root.deepestAt(1, 45), nullptr);
    QCOMPARE(root.count(), 5);
}

void TestDecodeNode::dumpFormat()
{
    const QString expected = QStringLiteral("message [0,100]\n"
                                            "  body (xml) [20,80]\n"
                                            "    params (array) = 2 values [30,60]\n"
                                            "      param[0] (int) = 3 [40,14]\n"
                                            "      param[1] (int) = 4 [60,14]\n");
    QCOMPARE(dumpTree(sample()), expected);
}

void TestDecodeNode::errorNodes()
{
    DecodeNode root = sample();
    QVERIFY(!root.hasError());
    DecodeNode& err = root.children[0].addError(QStringLiteral("unexpected end of data"), 97);
    QVERIFY(err.error);
    QCOMPARE(err.name, QStringLiteral("malformed"));
    QCOMPARE(err.value, QStringLiteral("unexpected end of data (at byte 97)"));
    QVERIFY(root.hasError());
}

QTEST_GUILESS_MAIN(TestDecodeNode)
#include "tst_decodenode.moc"
