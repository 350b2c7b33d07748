// The annotated hex dump (`rpcscope-cli explain --format text`, Copy as Annotated Text): golden files for the add(3, 4)
// request and response and the Pyro4 get_fortune frames, and the labels a dump names spans by.
#include "explain/callexplain.h"
#include "explain/explaintext.h"
#include "explainfixtures.h"

#include <QFile>
#include <QTest>

using namespace rpcscope;

namespace {

const Call* findCall(const std::vector<Call>& calls, const QString& method)
{
    for (const Call& c : calls) {
        if (c.method() == method)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestExplainText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // After a deliberate change of the dump (or of a decoder's tree), refresh the files with
    // RPCSCOPE_UPDATE_GOLDEN=1 and review the diff.
    void golden_data()
    {
        QTest::addColumn<QString>("sample");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<bool>("response");
        QTest::addColumn<QString>("golden");
        QTest::addRow("add(3, 4) request") << "sample:xmlrpc-add.pcap"
                                           << "add"
                                           << "XML-RPC" << false << "xmlrpc/add-request.explain.txt";
        QTest::addRow("add(3, 4) response") << "sample:xmlrpc-add.pcap"
                                            << "add"
                                            << "XML-RPC" << true << "xmlrpc/add-response.explain.txt";
        QTest::addRow("get_fortune request") << "sample:pyro4-greeting.pcap"
                                             << "get_fortune"
                                             << "Pyro4" << false << "pyro4/get_fortune-request.explain.txt";
        QTest::addRow("get_fortune response") << "sample:pyro4-greeting.pcap"
                                              << "get_fortune"
                                              << "Pyro4" << true << "pyro4/get_fortune-response.explain.txt";
    }

    void golden()
    {
        QFETCH(QString, sample);
        QFETCH(QString, method);
        QFETCH(QString, protocol);
        QFETCH(bool, response);
        QFETCH(QString, golden);
        const std::vector<Call> calls = test::callsWithTrees(sample);
        const Call* call = findCall(calls, method);
        QVERIFY(call);
        const QString text
            = annotatedMessageText(*call, response ? Direction::ServerToClient : Direction::ClientToServer, protocol);
        QVERIFY(!text.isEmpty());
        const QString path = QStringLiteral(RPCSCOPE_TESTDATA_DIR "/") + golden;
        if (qEnvironmentVariableIsSet("RPCSCOPE_UPDATE_GOLDEN")) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(text.toUtf8());
        }
        QCOMPARE(text, QString::fromUtf8(test::readData(golden)));
        // One line per 16 bytes after the heading, each naming the spans it shows.
        const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const auto& message = response ? call->response : call->request;
        QCOMPARE(lines.size() - 1, (message->size() + 15) / 16);
        for (const QString& line : lines.mid(1))
            QVERIFY2(line.size() > 72, qPrintable(line));
    }

    void noMessageNoText()
    {
        Call call;
        call.id = 3;
        QCOMPARE(annotatedMessageText(call, Direction::ServerToClient, QStringLiteral("XML-RPC")), QString());
    }

    void labels_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("label");
        QTest::addRow("text field") << "field" << QByteArray("POST") << "POST"
                                    << "method";
        QTest::addRow("binary field with its value") << "field" << QByteArray("\x00\x04", 2) << "4 (INVOKE)"
                                                     << "method=4 (INVOKE)";
        QTest::addRow("start tag") << "start-tag" << QByteArray("<params>") << "<params>"
                                   << "<params>";
        QTest::addRow("start tag with attributes") << "start-tag" << QByteArray("<a b='c'>") << "<a b='c'>"
                                                   << "<a>";
        QTest::addRow("end tag") << "end-tag" << QByteArray("</int>") << "</int>"
                                 << "</int>";
        QTest::addRow("CRLF") << "crlf" << QByteArray("\r\n") << "\\r\\n"
                              << "CRLF";
        QTest::addRow("LF") << "line-end" << QByteArray("\n") << "\\n"
                            << "LF";
        QTest::addRow("blank line") << "header-end" << QByteArray("\r\n") << "\\r\\n"
                                    << "blank line";
        QTest::addRow("header name") << "header-name" << QByteArray("Host") << "Host"
                                     << "method:";
        QTest::addRow("colon") << "separator" << QByteArray(": ") << ": "
                               << ":";
        QTest::addRow("space") << "separator" << QByteArray(" ") << " "
                               << "SP";
        QTest::addRow("indentation") << "indentation" << QByteArray("  ") << "  "
                                     << "indent";
        QTest::addRow("punctuation") << "punctuation" << QByteArray("(") << "("
                                     << "'('";
        QTest::addRow("other roles name their node") << "structure" << QByteArray("\x01", 1) << "\\x01"
                                                     << "structure of method";
    }

    void labels()
    {
        QFETCH(QString, role);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, value);
        QFETCH(QString, label);
        ExplainSpan span;
        span.offset = 0;
        span.length = bytes.size();
        span.path = QStringLiteral("msg/header/method");
        span.role = role;
        span.value = value;
        QCOMPARE(spanLabel(span, bytes), label);
    }
};

QTEST_GUILESS_MAIN(TestExplainText)
#include "tst_explaintext.moc"
