// Differential test against Python: tests/data/xmlrpc/python-values.py (run with RPCSCOPE_PYTHON) writes XML-RPC
// bodies with xmlrpc.client.dumps for a wide range of values (every type, nesting, unicode with astral characters,
// int32 and i8 bounds, huge and subnormal doubles, -0.0, empty strings/arrays/structs, dateTime, base64, nil,
// faults; strings also in UTF-16 and ISO-8859-1) and prints what each value is in RpcScope's JSON. Every body is
// decoded here by XmlRpcDecoder, inside an HTTP message as on the wire, and compared value for value.
#include "jsonwriter.h"
#include "testsupport.h"
#include "xmlrpc/xmlrpcdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace rpcscope;

namespace {

struct PythonCase
{
    QString name;
    QString kind;
    QString method;
    QByteArray body;
    QList<QByteArray> expected;
};

// Runs the script once for all rows.
const std::vector<PythonCase>& pythonCases(QString* error)
{
    static std::vector<PythonCase> cases;
    static QString failure;
    static bool ran = false;
    if (!ran) {
        ran = true;
        const test::ProcessResult p
            = test::runProcess(test::pythonPath(), {test::dataPath(QStringLiteral("xmlrpc/python-values.py"))});
        if (p.exitCode != 0)
            failure = QStringLiteral("python-values.py failed: %1").arg(QString::fromUtf8(p.err));
        for (const QByteArray& line : p.out.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            PythonCase c {o.value(QLatin1String("name")).toString(),
                          o.value(QLatin1String("kind")).toString(),
                          o.value(QLatin1String("method")).toString(),
                          QByteArray::fromBase64(o.value(QLatin1String("body")).toString().toLatin1()),
                          {}};
            for (const QJsonValue& e : o.value(QLatin1String("expected")).toArray())
                c.expected << e.toString().toUtf8();
            cases.push_back(std::move(c));
        }
    }
    *error = failure;
    return cases;
}

QByteArray json(const RpcValue& v)
{
    QByteArray out;
    JsonWriter writer(out);
    writeRpcValue(writer, v);
    return out;
}

QByteArray httpMessage(const QByteArray& body, bool request)
{
    const QByteArray head = request ? "POST /RPC2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
                                    : "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n";
    return head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QString malformedProblems(const DecodedMessage& m)
{
    QStringList out;
    for (const Problem& p : m.problems) {
        if (p.kind != Problem::Kind::Lenient)
            out << p.text;
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace

class TestXmlRpcDifferential : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pythonValues_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QList<QByteArray>>("expected");
        QString error;
        const std::vector<PythonCase>& cases = pythonCases(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // The script's list is long; a run that printed little means it broke half way.
        QVERIFY2(cases.size() >= 150, qPrintable(QString::number(cases.size())));
        for (const PythonCase& c : cases)
            QTest::addRow("%s", qPrintable(c.name)) << c.kind << c.method << c.body << c.expected;
    }

    void pythonValues()
    {
        QFETCH(QString, kind);
        QFETCH(QString, method);
        QFETCH(QByteArray, body);
        QFETCH(QList<QByteArray>, expected);
        const bool request = kind == QLatin1String("call");
        for (const bool tree : {false, true}) {
            DecodeOptions options;
            options.buildTree = tree;
            DecodeContext context;
            context.direction = request ? Direction::ClientToServer : Direction::ServerToClient;
            context.options = &options;
            const DecodedMessage m = XmlRpcDecoder().decode(httpMessage(body, request), context);
            // Lenient notes are allowed (Python writes 1e+300 and inf, which the spec has no form for).
            QVERIFY2(malformedProblems(m).isEmpty(), qPrintable(malformedProblems(m)));
            if (request) {
                QCOMPARE(m.status, CallStatus::Ok);
                QCOMPARE(m.method, method);
                const RpcArray& params = m.params.toArray();
                QCOMPARE(qsizetype(params.size()), expected.size());
                for (qsizetype i = 0; i < expected.size(); ++i)
                    QCOMPARE(json(params[std::size_t(i)]), expected[i]);
            } else if (kind == QLatin1String("response")) {
                QCOMPARE(m.status, CallStatus::Ok);
                QCOMPARE(json(m.result), expected.front());
            } else {
                QCOMPARE(m.status, CallStatus::Fault);
                QVERIFY(m.fault);
                QCOMPARE(json(m.fault->code), expected.at(0));
                QCOMPARE(json(RpcValue::fromString(m.fault->message)), expected.at(1));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestXmlRpcDifferential)
#include "tst_xmlrpcdifferential.moc"
