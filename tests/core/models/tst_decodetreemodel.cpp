// The decode tree model: structure, columns, byte ranges and descriptions, node <-> index both ways, the deepest
// node at a byte, derived buffers, and an empty message. QAbstractItemModelTester watches every case.
#include "models/decodetreemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace rpcscope;

namespace {

// "add(3, 4)" as a tiny XML-RPC-like body, with an inflated second buffer that one node points into.
std::shared_ptr<const DecodedMessage> sampleMessage()
{
    auto m = std::make_shared<DecodedMessage>();
    m->buffers = {QByteArray("POST / HTTP/1.1\r\n\r\n<call><m>add</m><i>3</i><i>4</i></call>"), QByteArray("inflated")};
    m->bufferNames = {QStringLiteral("message"), QStringLiteral("inflated body")};
    DecodeNode& root = m->tree;
    root.name = QStringLiteral("xmlrpc");
    root.type = QStringLiteral("message");
    root.offset = 0;
    root.length = m->buffers[0].size();
    root.description = QStringLiteral("An XML-RPC request.");
    root.add(QStringLiteral("http"), QStringLiteral("headers"), QStringLiteral("POST /"), 0, 19,
             QStringLiteral("The HTTP request that carries the call."));
    DecodeNode& body
        = root.add(QStringLiteral("methodCall"), QStringLiteral("element"), {}, 19, 38, QStringLiteral("The call."));
    body.add(QStringLiteral("methodName"), QStringLiteral("string"), QStringLiteral("add"), 25, 10,
             QStringLiteral("The method to call."));
    DecodeNode& params = body.add(QStringLiteral("params"), QStringLiteral("array"), QStringLiteral("2 items"), 35, 16);
    params.add(QStringLiteral("param[0]"), QStringLiteral("int"), QStringLiteral("3"), 35, 8,
               QStringLiteral("First argument."));
    params.add(QStringLiteral("param[1]"), QStringLiteral("int"), QStringLiteral("4"), 43, 8);
    DecodeNode& inflated = root.add(QStringLiteral("extra"), QStringLiteral("bytes"), {}, 2, 4);
    inflated.buffer = 1;
    root.add(QStringLiteral("sum"), QStringLiteral("int"), QStringLiteral("7"), -1, 0, QStringLiteral("Derived."));
    root.addError(QStringLiteral("trailing garbage"), 56, 1);
    return m;
}

} // namespace

class TestDecodeTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void structure()
    {
        DecodeTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setMessage(sampleMessage());
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.columnCount(), int(DecodeTreeModel::ColumnCount));
        const QModelIndex root = model.index(0, 0);
        QCOMPARE(root.data().toString(), QStringLiteral("xmlrpc"));
        QCOMPARE(model.rowCount(root), 5);
        const QModelIndex body = model.index(1, 0, root);
        const QModelIndex params = model.index(1, 0, body);
        const QModelIndex p0 = model.index(0, 0, params);
        QCOMPARE(p0.data().toString(), QStringLiteral("param[0]"));
        QCOMPARE(p0.siblingAtColumn(DecodeTreeModel::TypeColumn).data().toString(), QStringLiteral("int"));
        QCOMPARE(p0.siblingAtColumn(DecodeTreeModel::ValueColumn).data().toString(), QStringLiteral("3"));
        QCOMPARE(model.parent(p0), params);
        QCOMPARE(model.parent(root), QModelIndex());
        QCOMPARE(model.rowCount(p0.siblingAtColumn(1)), 0);
        QCOMPARE(model.headerData(DecodeTreeModel::ValueColumn, Qt::Horizontal).toString(), QStringLiteral("Value"));
    }

    void roles_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("buffer");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("length");
        QTest::addColumn<QString>("tooltip");
        QTest::addRow("leaf") << "xmlrpc/methodCall/params/param[0]" << 0 << qint64(35) << qint64(8)
                              << "First argument.\nbytes 35–42 (8 bytes)";
        QTest::addRow("no description") << "xmlrpc/methodCall/params/param[1]" << 0 << qint64(43) << qint64(8)
                                        << "bytes 43–50 (8 bytes)";
        QTest::addRow("derived buffer") << "xmlrpc/extra" << 1 << qint64(2) << qint64(4)
                                        << "bytes 2–5 (4 bytes) of inflated body";
        QTest::addRow("synthetic node") << "xmlrpc/sum" << 0 << qint64(-1) << qint64(0)
                                        << "Derived.\nderived: no bytes of its own";
        QTest::addRow("error node") << "xmlrpc/malformed" << 0 << qint64(56) << qint64(1)
                                    << "The decoder could not read this part of the message.\nbyte 56";
    }

    void roles()
    {
        QFETCH(QString, path);
        QFETCH(int, buffer);
        QFETCH(qint64, offset);
        QFETCH(qint64, length);
        QFETCH(QString, tooltip);
        DecodeTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMessage(sampleMessage());
        const DecodeNode* node = model.root()->find(QStringView(path).mid(path.indexOf(QLatin1Char('/')) + 1));
        QVERIFY(node);
        const QModelIndex index = model.indexFromNode(node);
        QVERIFY(index.isValid());
        QCOMPARE(model.nodeFromIndex(index), node);
        QCOMPARE(model.nodeFromIndex(model.indexFromNode(node, DecodeTreeModel::ValueColumn)), node);
        QCOMPARE(index.data(DecodeTreeModel::PathRole).toString(), path);
        const auto range = index.data(DecodeTreeModel::ByteRangeRole).value<ByteRange>();
        QCOMPARE(range, (ByteRange {buffer, offset, length}));
        QCOMPARE(range.isValid(), offset >= 0);
        QCOMPARE(index.data(Qt::ToolTipRole).toString(), tooltip);
        QCOMPARE(index.data(DecodeTreeModel::ErrorRole).toBool(), node->error);
    }

    void errorsShowOnTheWayDown()
    {
        DecodeTreeModel model;
        model.setMessage(sampleMessage());
        const QModelIndex root = model.index(0, 0);
        QVERIFY(root.data(DecodeTreeModel::HasErrorRole).toBool());
        QVERIFY(!root.data(DecodeTreeModel::ErrorRole).toBool());
        QVERIFY(!model.index(0, 0, root).data(DecodeTreeModel::HasErrorRole).toBool());
    }

    void deepestNodeAtByte_data()
    {
        QTest::addColumn<int>("buffer");
        QTest::addColumn<qint64>("pos");
        QTest::addColumn<QString>("path");
        QTest::addRow("header byte") << 0 << qint64(3) << "xmlrpc/http";
        QTest::addRow("inside the int") << 0 << qint64(40) << "xmlrpc/methodCall/params/param[0]";
        QTest::addRow("first byte of the second int") << 0 << qint64(43) << "xmlrpc/methodCall/params/param[1]";
        QTest::addRow("element only") << 0 << qint64(20) << "xmlrpc/methodCall";
        QTest::addRow("derived buffer") << 1 << qint64(3) << "xmlrpc/extra";
        QTest::addRow("derived buffer, no node") << 1 << qint64(7) << "";
        QTest::addRow("past the end") << 0 << qint64(999) << "";
    }

    void deepestNodeAtByte()
    {
        QFETCH(int, buffer);
        QFETCH(qint64, pos);
        QFETCH(QString, path);
        DecodeTreeModel model;
        model.setMessage(sampleMessage());
        const QModelIndex index = model.indexAtByte(buffer, pos);
        QCOMPARE(index.data(DecodeTreeModel::PathRole).toString(), path);
        QCOMPARE(index.isValid(), !path.isEmpty());
    }

    void messageWithoutTree()
    {
        DecodeTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMessage(sampleMessage());
        auto bare = std::make_shared<DecodedMessage>();
        bare->buffers = {QByteArray("x")};
        model.setMessage(bare);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.indexAtByte(0, 0).isValid());
        model.setMessage(nullptr);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.indexFromNode(nullptr).isValid());
    }
};

QTEST_GUILESS_MAIN(TestDecodeTreeModel)
#include "tst_decodetreemodel.moc"
