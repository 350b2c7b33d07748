// The Explain panel's matching of a field with its counterpart in the other direction of a call, and the fields a
// message is coloured by.
#include "models/fieldcounterpart.h"

#include <QTest>

using namespace rpcscope;

namespace {

// An XML-RPC-shaped call: add(3, 4) -> 7, with an HTTP part in both messages.
struct Trees
{
    Trees()
    {
        request.name = QStringLiteral("xmlrpc");
        request.offset = 0;
        request.length = 200;
        DecodeNode& http = request.add(QStringLiteral("http"), QStringLiteral("headers"), {}, 0, 80);
        http.add(QStringLiteral("Content-Length"), QStringLiteral("header"), QStringLiteral("120"), 40, 20);
        DecodeNode& call = request.add(QStringLiteral("methodCall"), QStringLiteral("element"), {}, 80, 120);
        call.add(QStringLiteral("methodName"), QStringLiteral("string"), QStringLiteral("add"), 92, 25);
        DecodeNode& params = call.add(QStringLiteral("params"), QStringLiteral("array"), {}, 117, 70);
        params.add(QStringLiteral("param[0]"), QStringLiteral("int"), QStringLiteral("3"), 125, 25);
        params.add(QStringLiteral("param[1]"), QStringLiteral("int"), QStringLiteral("4"), 150, 25);

        response.name = QStringLiteral("xmlrpc");
        response.offset = 0;
        response.length = 150;
        DecodeNode& rhttp = response.add(QStringLiteral("http"), QStringLiteral("headers"), {}, 0, 70);
        rhttp.add(QStringLiteral("Content-Length"), QStringLiteral("header"), QStringLiteral("80"), 30, 20);
        rhttp.add(QStringLiteral("Server"), QStringLiteral("header"), QStringLiteral("x"), 50, 10);
        DecodeNode& reply = response.add(QStringLiteral("methodResponse"), QStringLiteral("element"), {}, 70, 80);
        DecodeNode& rparams = reply.add(QStringLiteral("params"), QStringLiteral("array"), {}, 86, 50);
        rparams.add(QStringLiteral("param[0]"), QStringLiteral("int"), QStringLiteral("7"), 94, 25);
    }
    DecodeNode request;
    DecodeNode response;
};

QString pathOf(const DecodeNode& root, const DecodeNode* node)
{
    QStringList names;
    for (const DecodeNode* n : pathTo(root, node))
        names << n->name;
    return names.join(QLatin1Char('/'));
}

} // namespace

class TestFieldCounterpart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void counterparts_data()
    {
        QTest::addColumn<bool>("fromRequest");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("how");
        QTest::addRow("method name -> the response's params") << true << "methodCall/methodName"
                                                              << "xmlrpc/methodResponse/params"
                                                              << "what the response answered to this call";
        QTest::addRow("argument -> same position in the response") << true << "methodCall/params/param[0]"
                                                                   << "xmlrpc/methodResponse/params/param[0]"
                                                                   << "the same field in the response";
        QTest::addRow("second argument -> enclosing params")
            << true << "methodCall/params/param[1]"
            << "xmlrpc/methodResponse/params"
            << "no param[1] in the response; the closest enclosing field";
        QTest::addRow("HTTP header -> same header") << true << "http/Content-Length"
                                                    << "xmlrpc/http/Content-Length"
                                                    << "the same field in the response";
        QTest::addRow("result -> the method it answers") << false << "methodResponse/params/param[0]"
                                                         << "xmlrpc/methodCall/methodName"
                                                         << "the method this answers";
        QTest::addRow("header only in the response -> enclosing http")
            << false << "http/Server"
            << "xmlrpc/http"
            << "no Server in the request; the closest enclosing field";
        QTest::addRow("root -> other root") << true << ""
                                            << "xmlrpc"
                                            << "the whole response";
    }

    void counterparts()
    {
        QFETCH(bool, fromRequest);
        QFETCH(QString, path);
        QFETCH(QString, expected);
        QFETCH(QString, how);
        Trees t;
        const DecodeNode& from = fromRequest ? t.request : t.response;
        const DecodeNode& to = fromRequest ? t.response : t.request;
        const DecodeNode* node = path.isEmpty() ? &from : from.find(path);
        QVERIFY(node);
        const Counterpart c
            = findCounterpart(from, *node, to, fromRequest ? Direction::ClientToServer : Direction::ServerToClient);
        QVERIFY(c.node);
        QCOMPARE(pathOf(to, c.node), expected);
        QCOMPARE(c.how, how);
    }

    void faultAnswersTheMethod()
    {
        Trees t;
        DecodeNode fault;
        fault.name = QStringLiteral("xmlrpc");
        DecodeNode& reply = fault.add(QStringLiteral("methodResponse"), {}, {}, 0, 50);
        DecodeNode& f = reply.add(QStringLiteral("fault"), QStringLiteral("struct"), {}, 10, 30);
        f.add(QStringLiteral("faultCode"), QStringLiteral("int"), QStringLiteral("1"), 12, 5);
        const Counterpart toFault
            = findCounterpart(t.request, *t.request.find(u"methodCall/methodName"), fault, Direction::ClientToServer);
        QCOMPARE(toFault.node, &reply.children[0]);
        const Counterpart back = findCounterpart(fault, *fault.find(u"methodResponse/fault/faultCode"), t.request,
                                                 Direction::ServerToClient);
        QCOMPARE(back.node, t.request.find(u"methodCall/methodName"));
    }

    void sameNameElsewhere()
    {
        // Pyro4-like: the header fields share their paths; a field found only by name is still matched.
        DecodeNode a;
        a.name = QStringLiteral("pyro4");
        a.add(QStringLiteral("header"), {}, {}, 0, 24)
            .add(QStringLiteral("header.seq"), {}, QStringLiteral("2"), 10, 2);
        a.add(QStringLiteral("payload"), {}, {}, 24, 10).add(QStringLiteral("annotations"), {}, {}, 24, 4);
        DecodeNode b;
        b.name = QStringLiteral("pyro4");
        b.add(QStringLiteral("header"), {}, {}, 0, 24)
            .add(QStringLiteral("header.seq"), {}, QStringLiteral("2"), 10, 2);
        DecodeNode& extras = b.add(QStringLiteral("extras"), {}, {}, 24, 10);
        extras.add(QStringLiteral("more"), {}, {}, 24, 10).add(QStringLiteral("annotations"), {}, {}, 24, 4);
        const Counterpart seq = findCounterpart(a, *a.find(u"header/header.seq"), b, Direction::ClientToServer);
        QCOMPARE(seq.node, b.find(u"header/header.seq"));
        const Counterpart ann = findCounterpart(a, *a.find(u"payload/annotations"), b, Direction::ClientToServer);
        QCOMPARE(ann.node, b.find(u"extras/more/annotations"));
        QCOMPARE(ann.how, QStringLiteral("a field with the same name in the response"));
    }

    void layoutFieldsSplitTopLevelFields()
    {
        // root -> header (3 fields) + payload -> value (single child chain) -> 2 fields; bits stay inside flags.
        DecodeNode root;
        root.name = QStringLiteral("pyro4");
        root.offset = 0;
        root.length = 40;
        DecodeNode& header = root.add(QStringLiteral("header"), {}, {}, 0, 8);
        header.add(QStringLiteral("magic"), {}, {}, 0, 4);
        DecodeNode& flags = header.add(QStringLiteral("flags"), {}, {}, 4, 2);
        flags.add(QStringLiteral("bit0"), {}, {}, 4, 2);
        flags.add(QStringLiteral("bit1"), {}, {}, 4, 2);
        header.add(QStringLiteral("seq"), {}, {}, 6, 2);
        DecodeNode& payload = root.add(QStringLiteral("payload"), {}, {}, 8, 32);
        DecodeNode& value = payload.add(QStringLiteral("value"), {}, {}, 8, 32);
        value.add(QStringLiteral("a"), {}, {}, 20, 4);
        value.add(QStringLiteral("b"), {}, {}, 9, 4);
        DecodeNode& other = root.add(QStringLiteral("inflated"), {}, {}, 0, 10);
        other.buffer = 1;
        root.add(QStringLiteral("derived"), {}, {}, -1, 0);
        QStringList names;
        for (const DecodeNode* n : layoutFields(root, 0))
            names << n->name;
        QCOMPARE(names, (QStringList {"magic", "flags", "seq", "b", "a"}));
        QStringList second;
        for (const DecodeNode* n : layoutFields(root, 1))
            second << n->name;
        QCOMPARE(second, QStringList {"inflated"});
    }
};

QTEST_GUILESS_MAIN(TestFieldCounterpart)
#include "tst_fieldcounterpart.moc"
