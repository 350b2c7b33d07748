// ProtocolActions::isAnswer: which framed messages answer a request, told from their first bytes. The relay counts
// the answers it lets through undecoded with it, so it must agree with the decoders: every message they read as a
// response (the JRMP ProtocolAck answering the JRMI header too), and nothing else (an interim HTTP 100, a request).
#include "intercept/protocolactions.h"
#include "pyro4/pyro4header.h"

#include <QTest>

using namespace rpcscope;

namespace {

QByteArray pyro4Header(quint16 type)
{
    Pyro4Header h;
    h.type = type;
    return h.toBytes();
}

} // namespace

class TestProtocolActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isAnswer_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<bool>("fromServer");
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<bool>("answer");
        const QByteArray ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        QTest::addRow("xmlrpc 200") << "xmlrpc" << true << ok << true;
        QTest::addRow("xmlrpc 404 (an answer all the same)")
            << "xmlrpc" << true << QByteArray("HTTP/1.0 404 Not Found\r\n\r\n") << true;
        QTest::addRow("xmlrpc 100 Continue")
            << "xmlrpc" << true << QByteArray("HTTP/1.1 100 Continue\r\n\r\n") << false;
        QTest::addRow("xmlrpc request") << "xmlrpc" << false << QByteArray("POST /RPC2 HTTP/1.1\r\n\r\n") << false;
        QTest::addRow("xmlrpc blank lines") << "xmlrpc" << true << QByteArray("\r\n") << false;
        QTest::addRow("pyro4 result") << "pyro4" << true << pyro4Header(5) << true;
        QTest::addRow("pyro4 connect ok") << "pyro4" << true << pyro4Header(2) << true;
        QTest::addRow("pyro4 connect fail") << "pyro4" << true << pyro4Header(3) << true;
        QTest::addRow("pyro4 ping back") << "pyro4" << true << pyro4Header(6) << true;
        QTest::addRow("pyro4 invoke") << "pyro4" << false << pyro4Header(4) << false;
        QTest::addRow("pyro4 short") << "pyro4" << true << QByteArray("PYRO") << false;
        QTest::addRow("jrmp protocol ack") << "jrmp" << true
                                           << QByteArray("\x4e\x00\x09"
                                                         "127.0.0.1\x00\x00\x9c\x40",
                                                         16)
                                           << true;
        QTest::addRow("jrmp protocol nack") << "jrmp" << true << QByteArray("\x4f") << true;
        QTest::addRow("jrmp return") << "jrmp" << true << QByteArray("\x51\xac\xed\x00\x05", 5) << true;
        QTest::addRow("jrmp ping ack") << "jrmp" << true << QByteArray("\x53") << true;
        QTest::addRow("jrmp call") << "jrmp" << false << QByteArray("\x50\xac\xed\x00\x05", 5) << false;
        QTest::addRow("jrmp ping") << "jrmp" << false << QByteArray("\x52") << false;
        QTest::addRow("jrmp empty") << "jrmp" << true << QByteArray() << false;
    }

    void isAnswer()
    {
        QFETCH(QString, protocol);
        QFETCH(bool, fromServer);
        QFETCH(QByteArray, message);
        QFETCH(bool, answer);
        const ProtocolActions* actions = ProtocolActions::forProtocol(protocol);
        QVERIFY(actions);
        QCOMPARE(actions->isAnswer(fromServer ? Direction::ServerToClient : Direction::ClientToServer, message),
                 answer);
    }
};

QTEST_GUILESS_MAIN(TestProtocolActions)
#include "tst_protocolactions.moc"
