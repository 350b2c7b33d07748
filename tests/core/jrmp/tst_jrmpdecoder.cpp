// The JRMP decoder on single messages: transport messages, calls and returns with their trees and byte ranges,
// registry and DGC names, exceptional returns, user signatures for primitives, and the probe.
// Messages are the byte examples of wire-formats.md §3 and real JDK 17 messages from tests/data/jrmp/hello.pcap.
#include "jrmpdecodertesting.h"

#include <QTest>

using namespace rpcscope;
using namespace rpcscope::test;

class TestJrmpDecoder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void handshake_data();
    void handshake();
    void protocolAck();
    void protocolNack();
    void clientEndpointIsAnEvent();
    void pingAndDgcAck();
    void registryLookupTree();
    void wellKnownCalls_data();
    void wellKnownCalls();
    void userCallWithoutSignatures();
    void signaturesDecodePrimitives_data();
    void signaturesDecodePrimitives();
    void returnValues_data();
    void returnValues();
    void lookupReturnShowsTheEndpoint();
    void exceptionalReturn();
    void registryExceptionalReturn();
    void goldenTrees_data();
    void goldenTrees();
    void withoutTreesValuesStay();
    void signatureMismatch();
    void probe_data();
    void probe();
};

void TestJrmpDecoder::handshake_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<bool>("expectsReply");
    QTest::addRow("stream protocol") << hex("4a524d49 0002 4b") << "0x4b StreamProtocol" << true;
    QTest::addRow("single-op protocol") << hex("4a524d49 0002 4c") << "0x4c SingleOpProtocol" << false;
    QTest::addRow("multiplex protocol") << hex("4a524d49 0002 4d") << "0x4d MultiplexProtocol" << true;
    QTest::addRow("spec version 1") << hex("4a524d49 0001 4b") << "0x4b StreamProtocol" << true;
}

void TestJrmpDecoder::handshake()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, protocol);
    QFETCH(bool, expectsReply);
    const DecodedMessage m = decode(bytes, Direction::ClientToServer);
    QCOMPARE(m.kind, MessageKind::Request);
    QCOMPARE(m.method, QStringLiteral("<handshake>"));
    QCOMPARE(m.expectsReply, expectsReply);
    QCOMPARE(m.status, CallStatus::Ok);
    QCOMPARE(m.tree.find(u"magic")->offset, 0);
    QCOMPARE(m.tree.find(u"magic")->length, 4);
    QCOMPARE(m.tree.find(u"version")->offset, 4);
    QCOMPARE(m.tree.find(u"version")->value, QString::number(static_cast<quint8>(bytes[5])));
    QCOMPARE(m.tree.find(u"protocol")->offset, 6);
    QCOMPARE(m.tree.find(u"protocol")->value, protocol);
}

void TestJrmpDecoder::protocolAck()
{
    // The server tells the client the address it sees it at: 127.0.0.1 port 60728.
    const DecodedMessage m = decode(hex("4e 0009 3132372e302e302e31 0000ed38"), Direction::ServerToClient);
    QCOMPARE(m.kind, MessageKind::Response);
    QCOMPARE(m.status, CallStatus::Ok);
    QCOMPARE(json(m.result), QStringLiteral(R"({"host":"127.0.0.1","port":60728})"));
    QCOMPARE(dumpTree(m.tree),
             QStringLiteral("protocolAck (JRMP ProtocolAck) = 127.0.0.1:60728 [0,16]\n"
                            "  messageType (u8) = 0x4e ProtocolAck [0,1]\n"
                            "  endpoint (EndpointIdentifier) = 127.0.0.1:60728 [1,15]\n"
                            "    host (utf) = \"127.0.0.1\" [1,11]\n"
                            "      length (u16) = 9 [1,2]\n"
                            "    port (int) = 60728 [12,4]\n"));
    const DecodedMessage cut = decode(hex("4e 0009 3132372e"), Direction::ServerToClient);
    QCOMPARE(cut.status, CallStatus::Malformed);
    QCOMPARE(problems(cut), QStringList {QStringLiteral("the ProtocolAck endpoint is incomplete (7 bytes) @7")});
}

void TestJrmpDecoder::protocolNack()
{
    const DecodedMessage m = decode(hex("4f"), Direction::ServerToClient);
    QCOMPARE(m.kind, MessageKind::Response);
    QCOMPARE(m.status, CallStatus::Fault);
    QVERIFY(m.fault);
    QCOMPARE(m.fault->code.toString(), QStringLiteral("ProtocolNack"));
}

void TestJrmpDecoder::clientEndpointIsAnEvent()
{
    const DecodedMessage m = decode(hex("0009 3132372e302e302e31 00000000"), Direction::ClientToServer);
    QCOMPARE(m.kind, MessageKind::Event);
    QCOMPARE(m.status, CallStatus::Ok);
    QCOMPARE(json(m.result), QStringLiteral(R"({"host":"127.0.0.1","port":0})"));
    QCOMPARE(m.tree.find(u"endpoint/port")->offset, 11);
}

void TestJrmpDecoder::pingAndDgcAck()
{
    const DecodedMessage ping = decode(hex("52"), Direction::ClientToServer);
    QCOMPARE(ping.kind, MessageKind::Request);
    QCOMPARE(ping.method, QStringLiteral("<ping>"));
    QVERIFY(ping.expectsReply);
    const DecodedMessage ack = decode(hex("53"), Direction::ServerToClient);
    QCOMPARE(ack.kind, MessageKind::Response);
    QCOMPARE(ack.status, CallStatus::Ok);

    // DgcAck quoting a Return's UID (wire-formats.md §3.2): oneway.
    const DecodedMessage dgc = decode(hex("54 da71f435 000001a20af09b83 8002"), Direction::ClientToServer);
    QCOMPARE(dgc.kind, MessageKind::Request);
    QCOMPARE(dgc.method, QStringLiteral("<dgc-ack>"));
    QVERIFY(!dgc.expectsReply);
    QCOMPARE(json(dgc.params), QStringLiteral(R"(["da71f435:1a20af09b83:8002"])"));
    QCOMPARE(dumpTree(dgc.tree),
             QStringLiteral("dgcAck (JRMP DgcAck) = da71f435:1a20af09b83:8002 [0,15]\n"
                            "  messageType (u8) = 0x54 DgcAck [0,1]\n"
                            "  ackId (UID) = da71f435:1a20af09b83:8002 [1,14]\n"
                            "    unique (int) = 0xda71f435 [1,4]\n"
                            "    time (long) = 1795479870339 [5,8]\n"
                            "    count (short) = -32766 [13,2]\n"));
    const DecodedMessage shortAck = decode(hex("54 da71f435"), Direction::ClientToServer);
    QCOMPARE(shortAck.status, CallStatus::Malformed);
}

void TestJrmpDecoder::registryLookupTree()
{
    const DecodedMessage m = decode(kLookupCall, Direction::ClientToServer);
    QCOMPARE(m.kind, MessageKind::Request);
    QCOMPARE(m.status, CallStatus::Ok);
    QCOMPARE(m.object, QStringLiteral("registry"));
    QCOMPARE(m.method, QStringLiteral("lookup"));
    QCOMPARE(json(m.params), QStringLiteral(R"(["Hello"])"));
    QCOMPARE(m.summary, QStringLiteral("Call registry.lookup(\"Hello\")"));
    QCOMPARE(dumpTree(m.tree),
             QStringLiteral("call (JRMP Call) = registry.lookup [0,49]\n"
                            "  messageType (u8) = 0x50 Call [0,1]\n"
                            "  streamMagic (u16) = 0xACED [1,2]\n"
                            "  streamVersion (u16) = 5 [3,2]\n"
                            "  blockData (blockData) = 34 bytes [5,36]\n"
                            "    typeCode (u8) = 0x77 TC_BLOCKDATA [5,1]\n"
                            "    length (u8) = 34 [6,1]\n"
                            "    objID (ObjID) = registry [7,22]\n"
                            "      objNum (long) = 0 (registry) [7,8]\n"
                            "      uid (UID) = 0:0:0 [15,14]\n"
                            "        unique (int) = 0x00000000 [15,4]\n"
                            "        time (long) = 0 [19,8]\n"
                            "        count (short) = 0 [27,2]\n"
                            "    operation (int) = 2 (lookup) [29,4]\n"
                            "    hash (long) = 0x44154dc9d4e63bdf (java.rmi.Remote lookup(String)) [33,8]\n"
                            "  arg[0] (String) = \"Hello\" [41,8]\n"
                            "    typeCode (u8) = 0x74 TC_STRING [41,1]\n"
                            "    handle (handle) = 0x7e0000\n"
                            "    length (u16) = 5 [42,2]\n"
                            "    value (utf) = \"Hello\" [44,5]\n"));
    // Every node says what it is.
    std::vector<const DecodeNode*> stack {&m.tree};
    while (!stack.empty()) {
        const DecodeNode* n = stack.back();
        stack.pop_back();
        QVERIFY2(!n->description.isEmpty(), qPrintable(n->name));
        for (const DecodeNode& c : n->children)
            stack.push_back(&c);
    }
}

void TestJrmpDecoder::wellKnownCalls_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("object");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("params");
    QTest::addRow("registry list") << test::helloCall(test::kRegistryPort, 1, test::registrycall::List) << "registry"
                                   << "list"
                                   << "[]";
    QTest::addRow("registry lookup of a missing name")
        << test::helloCall(test::kRegistryPort, 1, test::registrycall::LookupMissing) << "registry"
        << "lookup"
        << R"(["Missing"])";
    QTest::addRow("registry lookup, JDK 1.2 method hash")
        << hex("50 aced0005 7722 0000000000000000 00000000 0000000000000000 0000 ffffffff 97614f3f477a89c7 740005 "
               "48656c6c6f")
        << "registry"
        << "lookup"
        << R"(["Hello"])";
    QTest::addRow("registry unbind") << hex("50 aced0005 7722 0000000000000000 00000000 0000000000000000 0000 00000004 "
                                            "44154dc9d4e63bdf 740001 78")
                                     << "registry"
                                     << "unbind"
                                     << R"(["x"])";
    QTest::addRow("DGC clean") << test::helloCall(test::kObjectPort, 2, 0) << "dgc"
                               << "clean"
                               << "";
    QTest::addRow("DGC dirty") << objectCall(test::objectcall::Dirty) << "dgc"
                               << "dirty"
                               << "";
}

void TestJrmpDecoder::wellKnownCalls()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, object);
    QFETCH(QString, method);
    QFETCH(QString, params);
    QVERIFY(!bytes.isEmpty());
    const DecodedMessage m = decode(bytes, Direction::ClientToServer);
    QCOMPARE(problems(m), QStringList());
    QCOMPARE(m.object, object);
    QCOMPARE(m.method, method);
    if (!params.isEmpty())
        QCOMPARE(json(m.params), params);
    if (method == QLatin1String("clean") || method == QLatin1String("dirty")) {
        // clean(ObjID[], long seq, VMID, boolean strong) / dirty(ObjID[], long seq, Lease): the long is decoded
        // by type, and the ObjIDs name the exported object.
        const RpcArray& p = m.params.toArray();
        QCOMPARE(p.size(), std::size_t(method == QLatin1String("clean") ? 4 : 3));
        QCOMPARE(p[0].toArray().size(), std::size_t(1));
        QVERIFY(p[0].toArray()[0].toString().contains(QLatin1Char('@')));
        // A VM's DGC sequence numbers count up from Long.MIN_VALUE.
        QVERIFY2(p[1].toInt() < std::numeric_limits<qint64>::min() + 1000, qPrintable(json(p[1])));
        if (method == QLatin1String("clean"))
            QCOMPARE(p[3].toBool(), false);
        // The long follows the ObjID[] object, so it is in the second block record.
        const DecodeNode* seq = nullptr;
        for (const DecodeNode& c : m.tree.children) {
            if (c.name == QLatin1String("blockData") && c.find(u"arg[1]"))
                seq = c.find(u"arg[1]");
        }
        QVERIFY(seq);
        QCOMPARE(seq->type, QStringLiteral("long"));
        QCOMPARE(seq->length, 8);
    }
}

void TestJrmpDecoder::userCallWithoutSignatures()
{
    // sayHello("letian") (wire-formats.md §3.4): the hash names the method; the String argument needs no types.
    const QByteArray call = objectCall(test::objectcall::SayHello);
    const DecodedMessage m = decode(call, Direction::ClientToServer);
    QCOMPARE(problems(m), QStringList());
    QCOMPARE(m.method, QStringLiteral("#742a8a860d6b7ee4"));
    QCOMPARE(json(m.params), QStringLiteral(R"(["letian"])"));
    QVERIFY(m.object.contains(QLatin1Char('@')));
    QCOMPARE(m.tree.find(u"blockData/operation")->value, QStringLiteral("-1 (method hash follows)"));
    QCOMPARE(m.tree.find(u"blockData/hash")->value, QStringLiteral("0x742a8a860d6b7ee4"));

    // add(3, 4): without signatures, the primitive arguments inside the block are shown as its raw bytes.
    const DecodedMessage add = decode(objectCall(test::objectcall::Add), Direction::ClientToServer);
    QCOMPARE(json(add.params), QStringLiteral(R"([{"base64":"AAAAAwAAAAQ="}])"));
    const DecodeNode* raw = add.tree.find(u"blockData/arg[0]");
    QVERIFY(raw);
    QCOMPARE(raw->type, QStringLiteral("bytes"));
    QCOMPARE(raw->value, QStringLiteral("00 00 00 03 00 00 00 04"));
    QCOMPARE(raw->offset, 41);
    QCOMPARE(raw->length, 8);
}

void TestJrmpDecoder::signaturesDecodePrimitives_data()
{
    QTest::addColumn<int>("call");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("params");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("nodeType");
    QTest::addColumn<qint64>("offset");
    QTest::addColumn<qint64>("length");
    QTest::addRow("add(int, int)") << int(test::objectcall::Add) << "add"
                                   << "[3,4]"
                                   << "blockData/arg[1]"
                                   << "int" << qint64(45) << qint64(4);
    QTest::addRow("fortunes(int)") << int(test::objectcall::Fortunes) << "fortunes"
                                   << "[2]"
                                   << "blockData/arg[0]"
                                   << "int" << qint64(41) << qint64(4);
    QTest::addRow("mood(boolean)") << int(test::objectcall::Mood) << "mood"
                                   << "[true]"
                                   << "blockData/arg[0]"
                                   << "boolean" << qint64(41) << qint64(1);
    QTest::addRow("total(long[])") << int(test::objectcall::Total) << "total"
                                   << "[[1,2,40000000000]]"
                                   << "arg[0]"
                                   << "array" << qint64(41) << qint64(48);
    // The Point is an object after the header's block; dx and dy come in a second block after it.
    QTest::addRow("move(Point, int, int)") << int(test::objectcall::Move) << "move"
                                           << R"([{"class":"Point","fields":{"x":1,"y":2,"label":"start"}},10,20])"
                                           << "arg[0]"
                                           << "object" << qint64(41) << qint64(76);
    QTest::addRow("touch()") << int(test::objectcall::Touch) << "touch"
                             << "[]"
                             << "blockData/hash"
                             << "long" << qint64(33) << qint64(8);
}

void TestJrmpDecoder::signaturesDecodePrimitives()
{
    QFETCH(int, call);
    QFETCH(QString, method);
    QFETCH(QString, params);
    QFETCH(QString, node);
    QFETCH(QString, nodeType);
    QFETCH(qint64, offset);
    QFETCH(qint64, length);
    const DecodedMessage m = decode(objectCall(call), Direction::ClientToServer, nullptr, helloTable());
    QCOMPARE(problems(m), QStringList());
    QCOMPARE(m.method, method);
    QCOMPARE(json(m.params), params);
    const DecodeNode* n = m.tree.find(node);
    QVERIFY2(n, qPrintable(dumpTree(m.tree)));
    QCOMPARE(n->type, nodeType);
    QCOMPARE(n->offset, offset);
    QCOMPARE(n->length, length);
    if (method == QLatin1String("move")) {
        // The ints after the object are in the second block record.
        const DecodeNode& second = m.tree.children.back();
        QCOMPARE(second.name, QStringLiteral("blockData"));
        QCOMPARE(second.find(u"arg[1]")->value, QStringLiteral("10"));
        QCOMPARE(second.find(u"arg[2]")->value, QStringLiteral("20"));
    }
}

void TestJrmpDecoder::returnValues_data()
{
    QTest::addColumn<int>("call");
    QTest::addColumn<bool>("signatures");
    QTest::addColumn<QString>("result");
    QTest::addRow("sayHello") << int(test::objectcall::SayHello) << false << R"("Hello, letian")";
    QTest::addRow("add, typed") << int(test::objectcall::Add) << true << "7";
    QTest::addRow("add, without signatures") << int(test::objectcall::Add) << false << R"({"base64":"AAAABw=="})";
    QTest::addRow("fortunes: ArrayList") << int(test::objectcall::Fortunes) << false << R"(["fortune 1","fortune 2"])";
    QTest::addRow("wordLengths: HashMap")
        << int(test::objectcall::WordLengths) << false << R"({"world":5,"hello":5,"rmi":3})";
    QTest::addRow("move: Point") << int(test::objectcall::Move) << false
                                 << R"({"class":"Point","fields":{"x":11,"y":22,"label":"start"}})";
    QTest::addRow("total: long") << int(test::objectcall::Total) << true << "40000000003";
    QTest::addRow("mood: enum") << int(test::objectcall::Mood) << false << R"("HAPPY")";
    QTest::addRow("touch: void") << int(test::objectcall::Touch) << true << "null";
    QTest::addRow("touch: void, without signatures") << int(test::objectcall::Touch) << false << "null";
}

void TestJrmpDecoder::returnValues()
{
    QFETCH(int, call);
    QFETCH(bool, signatures);
    QFETCH(QString, result);
    // The request is the call the return answers: return n answers call n.
    const auto table = signatures ? helloTable() : nullptr;
    const DecodedMessage request = decode(objectCall(call), Direction::ClientToServer, nullptr, table);
    const DecodedMessage m = decode(objectReturn(call), Direction::ServerToClient, &request, table);
    QCOMPARE(problems(m), QStringList());
    QCOMPARE(m.kind, MessageKind::Response);
    QCOMPARE(m.status, CallStatus::Ok);
    QCOMPARE(json(m.result), result);
    QCOMPARE(m.tree.find(u"blockData/returnType")->value, QStringLiteral("1 (normal return)"));
    QCOMPARE(m.tree.find(u"blockData/ackId")->offset, 8);
    if (signatures && result == QLatin1String("7")) {
        const DecodeNode* v = m.tree.find(u"blockData/returnValue");
        QVERIFY(v);
        QCOMPARE(v->type, QStringLiteral("int"));
        QCOMPARE(v->offset, 22);
        QCOMPARE(v->length, 4);
    }
}

void TestJrmpDecoder::lookupReturnShowsTheEndpoint()
{
    const DecodedMessage request
        = decode(test::helloCall(test::kRegistryPort, 1, test::registrycall::LookupHello), Direction::ClientToServer);
    const DecodedMessage m = decode(test::helloReturn(test::kRegistryPort, 1, test::registrycall::LookupHello),
                                    Direction::ServerToClient, &request);
    QCOMPARE(problems(m), QStringList());
    QCOMPARE(m.result.member(u"endpoint")->toString(), QStringLiteral("127.0.0.1:21100"));
    QCOMPARE(m.result.member(u"class")->toString(), QStringLiteral("Proxy[Hello]"));
    QCOMPARE(m.tree.value, QStringLiteral("from registry.lookup"));
    const DecodeNode* endpoint = m.tree.find(u"remoteEndpoint");
    QVERIFY(endpoint);
    QCOMPARE(endpoint->value, QStringLiteral("127.0.0.1:21100"));
    QCOMPARE(endpoint->offset, 242);
    QCOMPARE(endpoint->length, 15);
    // Inside the stub: the handler's RemoteObject data, interpreted.
    const DecodeNode* ref
        = m.tree.find(u"returnValue/java.lang.reflect.Proxy/h/java.rmi.server.RemoteObject/remoteRef");
    QVERIFY(ref);
    QCOMPARE(ref->find(u"refClass")->value, QStringLiteral("\"UnicastRef\""));
    QCOMPARE(ref->find(u"endpoint/host")->value, QStringLiteral("\"127.0.0.1\""));
    QCOMPARE(ref->find(u"endpoint/port")->value, QStringLiteral("21100"));
    QCOMPARE(ref->find(u"endpoint/port")->offset, 253);
    QCOMPARE(ref->find(u"objID")->value, m.result.member(u"objID")->toString());
    QCOMPARE(m.summary,
             QStringLiteral("Return ") + m.result.toDisplayString(120) + QStringLiteral(" at 127.0.0.1:21100"));
}

void TestJrmpDecoder::exceptionalReturn()
{
    const DecodedMessage request = decode(objectCall(test::objectcall::Fail), Direction::ClientToServer);
    const DecodedMessage m = decode(objectReturn(test::objectcall::Fail), Direction::ServerToClient, &request);
    QCOMPARE(problems(m), QStringList());
    QCOMPARE(m.status, CallStatus::Exception);
    QVERIFY(m.fault);
    QCOMPARE(m.fault->code.toString(), QStringLiteral("java.lang.IllegalStateException"));
    QCOMPARE(m.fault->message, QStringLiteral("the fortune cookie jar is empty"));
    const QStringList trace = m.fault->detail.split(QLatin1Char('\n'));
    QCOMPARE(trace.at(0), QStringLiteral("java.lang.IllegalStateException: the fortune cookie jar is empty"));
    QCOMPARE(trace.at(1), QStringLiteral("\tat HelloServer.fail(HelloServer.java:59)"));
    QCOMPARE(trace.at(2),
             QStringLiteral("\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)"));
    QCOMPARE(trace.last(), QStringLiteral("\tat java.base/java.lang.Thread.run(Thread.java:840)"));
    QCOMPARE(m.tree.find(u"blockData/returnType")->value, QStringLiteral("2 (exceptional return)"));
    QCOMPARE(m.tree.find(u"exception")->value, QStringLiteral("java.lang.IllegalStateException"));
    QCOMPARE(m.tree.find(u"exception")->offset, 22);
    QCOMPARE(m.tree.find(u"exception")->length, 1970);
}

void TestJrmpDecoder::registryExceptionalReturn()
{
    const DecodedMessage request
        = decode(test::helloCall(test::kRegistryPort, 1, test::registrycall::LookupMissing), Direction::ClientToServer);
    const DecodedMessage m = decode(test::helloReturn(test::kRegistryPort, 1, test::registrycall::LookupMissing),
                                    Direction::ServerToClient, &request);
    QCOMPARE(m.status, CallStatus::Exception);
    QCOMPARE(m.fault->code.toString(), QStringLiteral("java.rmi.NotBoundException"));
    QCOMPARE(m.fault->message, QStringLiteral("Missing"));
    QVERIFY(m.fault->detail.contains(
        QLatin1String("\tat java.rmi/sun.rmi.registry.RegistryImpl.lookup(RegistryImpl.java:")));
}

void TestJrmpDecoder::goldenTrees_data()
{
    // Reviewed tree dumps (dumpTree) of captured messages, in tests/data/jrmp/*.expected.txt.
    QTest::addColumn<quint16>("port");
    QTest::addColumn<int>("connection");
    QTest::addColumn<int>("callIndex");
    QTest::addColumn<int>("returnIndex");
    QTest::addColumn<QString>("callFile");
    QTest::addColumn<QString>("returnFile");
    QTest::addRow("move(Point, int, int) with signatures") << test::kObjectPort << 1 << int(test::objectcall::Move)
                                                           << int(test::objectcall::Move) << "move-call.expected.txt"
                                                           << "move-return.expected.txt";
    QTest::addRow("registry lookup returning a stub")
        << test::kRegistryPort << 1 << int(test::registrycall::LookupHello) << int(test::registrycall::LookupHello)
        << "lookup-call.expected.txt"
        << "lookup-return.expected.txt";
}

void TestJrmpDecoder::goldenTrees()
{
    QFETCH(quint16, port);
    QFETCH(int, connection);
    QFETCH(int, callIndex);
    QFETCH(int, returnIndex);
    QFETCH(QString, callFile);
    QFETCH(QString, returnFile);
    const auto table = helloTable();
    const DecodedMessage call
        = decode(test::helloCall(port, connection, callIndex), Direction::ClientToServer, nullptr, table);
    const DecodedMessage ret
        = decode(test::helloReturn(port, connection, returnIndex), Direction::ServerToClient, &call, table);
    QCOMPARE(dumpTree(call.tree), QString::fromUtf8(test::readData(QStringLiteral("jrmp/") + callFile)));
    QCOMPARE(dumpTree(ret.tree), QString::fromUtf8(test::readData(QStringLiteral("jrmp/") + returnFile)));
}

void TestJrmpDecoder::withoutTreesValuesStay()
{
    const DecodedMessage call
        = decode(objectCall(test::objectcall::Move), Direction::ClientToServer, nullptr, helloTable(), false);
    QVERIFY(call.tree.name.isEmpty());
    QVERIFY(call.tree.children.empty());
    QCOMPARE(call.method, QStringLiteral("move"));
    QCOMPARE(json(call.params), QStringLiteral(R"([{"class":"Point","fields":{"x":1,"y":2,"label":"start"}},10,20])"));
    const DecodedMessage ret
        = decode(objectReturn(test::objectcall::Fail), Direction::ServerToClient, &call, {}, false);
    QVERIFY(ret.tree.children.empty());
    QCOMPARE(ret.fault->code.toString(), QStringLiteral("java.lang.IllegalStateException"));
}

void TestJrmpDecoder::signatureMismatch()
{
    // A signature for another overload has another hash: the call stays unnamed rather than misread.
    const auto wrong = JavaMethodTable::fromText(QStringLiteral("int add(int, int, int)"));
    QVERIFY(wrong.ok());
    const DecodedMessage unnamed
        = decode(objectCall(test::objectcall::Add), Direction::ClientToServer, nullptr, *wrong);
    QCOMPARE(unnamed.method, QStringLiteral("#94a9af306652c3a6"));
    QCOMPARE(unnamed.status, CallStatus::Ok);

    // add's hash, but a String where the two ints should be: reported, not guessed.
    const auto add = JavaMethodTable::fromText(QStringLiteral("int add(int, int)"));
    QVERIFY(add.ok());
    const QByteArray call = objectCall(test::objectcall::Add).left(6) + hex("22")
        + objectCall(test::objectcall::Add).mid(7, 34) + hex("740001 78");
    const DecodedMessage m = decode(call, Direction::ClientToServer, nullptr, *add);
    QCOMPARE(m.method, QStringLiteral("add"));
    QCOMPARE(m.status, CallStatus::Malformed);
    QCOMPARE(problems(m),
             QStringList {QStringLiteral("argument 1 (int) of int add(int, int) is missing: the data does "
                                         "not match the signature @41")});

    // A registry call that lacks its argument.
    const DecodedMessage missing = decode(kLookupCall.left(41), Direction::ClientToServer);
    QCOMPARE(problems(missing),
             QStringList {QStringLiteral("argument 1 (java.lang.String) of java.rmi.Remote lookup(String) is missing: "
                                         "the data does not match the signature @41")});
    // Data beyond the declared arguments is reported too, and still shown.
    const DecodedMessage extra = decode(kLookupCall + hex("740001 78"), Direction::ClientToServer);
    QCOMPARE(problems(extra),
             QStringList {
                 QStringLiteral("1 unexpected value(s) after the arguments of java.rmi.Remote lookup(String) @-1")});
    QCOMPARE(json(extra.params), QStringLiteral(R"(["Hello","x"])"));
}

void TestJrmpDecoder::probe_data()
{
    QTest::addColumn<QByteArray>("client");
    QTest::addColumn<QByteArray>("server");
    QTest::addColumn<bool>("startSeen");
    QTest::addColumn<int>("confidence");
    QTest::addColumn<bool>("needMore");
    QTest::addColumn<bool>("swap");
    const QByteArray ret = hex("51 aced0005 770f 01 2c676f28 000001a20b83e94c 8003 74 0001 61");
    QTest::addRow("JRMI version 2") << hex("4a524d49 0002 4b") << QByteArray() << true << 100 << false << false;
    QTest::addRow("JRMI version 1") << hex("4a524d49 0001 4c") << QByteArray() << true << 100 << false << false;
    QTest::addRow("JRMI unknown version") << hex("4a524d49 0007 4b") << QByteArray() << true << 60 << false << false;
    QTest::addRow("first two bytes of JRMI") << hex("4a52") << QByteArray() << true << 0 << true << false;
    QTest::addRow("nothing yet") << QByteArray() << QByteArray() << true << 0 << true << false;
    QTest::addRow("HTTP") << QByteArray("POST /RPC2 HTTP/1.1\r\n") << QByteArray() << true << 0 << false << false;
    QTest::addRow("PYRO") << QByteArray("PYRO\x00\x30") << QByteArray() << true << 0 << false << false;
    QTest::addRow("mid-stream call") << kLookupCall << QByteArray() << false << 90 << false << false;
    QTest::addRow("mid-stream call after junk")
        << hex("00 01 02") + kLookupCall << QByteArray() << false << 70 << false << false;
    QTest::addRow("mid-stream return") << hex("aa") << ret << false << 90 << false << false;
    QTest::addRow("mid-stream return after junk") << hex("aa") << hex("0102") + ret << false << 70 << false << false;
    QTest::addRow("mid-stream, roles reversed") << ret << kLookupCall << false << 90 << false << true;
    QTest::addRow("call pattern needs a missing start") << kLookupCall << QByteArray() << true << 0 << false << false;
    QTest::addRow("mid-stream, nothing yet") << hex("00 11 22") << QByteArray() << false << 0 << true << false;
}

void TestJrmpDecoder::probe()
{
    QFETCH(QByteArray, client);
    QFETCH(QByteArray, server);
    QFETCH(bool, startSeen);
    QFETCH(int, confidence);
    QFETCH(bool, needMore);
    QFETCH(bool, swap);
    ProbeInput input;
    input.client = client;
    input.server = server;
    input.startSeen = startSeen;
    input.clientPort = 40000;
    input.serverPort = 8080; // never used: detection is by content
    const ProbeResult r = JrmpDecoder().probe(input);
    QCOMPARE(r.confidence, confidence);
    QCOMPARE(r.needMoreData, needMore);
    QCOMPARE(r.swapRoles, swap);
}

QTEST_GUILESS_MAIN(TestJrmpDecoder)
#include "tst_jrmpdecoder.moc"
