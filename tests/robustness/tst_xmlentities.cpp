// XML-RPC bodies with document types: entity definitions are refused, never expanded (billion laughs, quadratic
// blow-up) and never resolved (external entities naming local files or URLs). The refusal is a problem the user
// can read, the message is still shown, and no file content leaks into the decoded values.

#include "boundedchild.h"
#include "callformat.h"
#include "depthformats.h"
#include "jsonwriter.h"
#include "protocoldecoder.h"
#include "xmlrpc/xmlrpcdecoder.h"

#include <QTest>

using namespace rpcscope;

namespace {

QByteArray post(const QByteArray& body)
{
    return "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray billionLaughs()
{
    QByteArray dtd = "<!DOCTYPE methodCall [<!ENTITY lol0 \"lol\">";
    for (int i = 1; i < 10; ++i)
        dtd += "<!ENTITY lol" + QByteArray::number(i) + " \""
            + QByteArray("&lol" + QByteArray::number(i - 1) + ";").repeated(10) + "\">";
    dtd += "]>";
    return "<?xml version=\"1.0\"?>" + dtd
        + "<methodCall><methodName>&lol9;</methodName><params><param><value><string>&lol9;</string></value></param>"
          "</params></methodCall>";
}

QByteArray quadraticBlowup()
{
    const QByteArray big(60000, 'a');
    return "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a \"" + big + "\">]><methodCall><methodName>m</methodName>"
        + "<params><param><value><string>" + QByteArray("&a;").repeated(20000) + "</string></value></param></params>"
        + "</methodCall>";
}

QByteArray externalEntity(const QByteArray& systemId)
{
    return "<?xml version=\"1.0\"?><!DOCTYPE methodCall [<!ENTITY x SYSTEM \"" + systemId
        + "\">]><methodCall><methodName>m</methodName><params><param><value><string>&x;</string></value></param>"
          "</params></methodCall>";
}

QByteArray parameterEntity()
{
    return "<?xml version=\"1.0\"?><!DOCTYPE methodCall [<!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>"
           "<methodCall><methodName>m</methodName></methodCall>";
}

/// Everything a user could see of a decoded message: problems, method, values and the tree, as one text.
QString visible(const DecodedMessage& m)
{
    QStringList parts;
    for (const Problem& p : m.problems)
        parts << p.text;
    parts << m.method;
    QByteArray json;
    JsonWriter writer(json);
    writeRpcValue(writer, m.params);
    parts << QString::fromUtf8(json);
    parts << dumpTree(m.tree);
    return parts.join(QLatin1Char('\n'));
}

} // namespace

class TestXmlEntities : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void doctypeRefused_data();
    void doctypeRefused();
};

void TestXmlEntities::initTestCase()
{
    if (!test::xmlRpcDecoderAvailable())
        QSKIP("the XML-RPC decoder is still a placeholder in this checkout");
}

void TestXmlEntities::doctypeRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("secret"); // text that must not appear anywhere in what is shown
    QTest::addRow("billion laughs") << billionLaughs() << QStringLiteral("lollollollollol");
    QTest::addRow("quadratic blow-up") << quadraticBlowup() << QString(60000 * 2, QLatin1Char('a'));
    QTest::addRow("external entity: /etc/passwd") << externalEntity("file:///etc/passwd") << QStringLiteral("root:x:0");
    QTest::addRow("external entity: URL") << externalEntity("http://127.0.0.1:9/x") << QString();
    QTest::addRow("parameter entity") << parameterEntity() << QString();
}

void TestXmlEntities::doctypeRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, secret);
    const QByteArray message = post(body);
    // In a child with 256 MiB of headroom: an expansion would need gigabytes.
    const qint64 headroom = test::underAddressSanitizer() ? 0 : 256LL * 1024 * 1024;
    const test::BoundedResult r = test::runWithMemoryBound(
        headroom,
        [&message] {
            DecodeContext context;
            return visible(XmlRpcDecoder().decode(message, context));
        },
        30000);
    QVERIFY2(r.completed, qPrintable(r.failure));
    QVERIFY2(r.output.contains(QLatin1String("DOCTYPE refused")), qPrintable(r.output.left(2000)));
    if (!secret.isEmpty())
        QVERIFY2(!r.output.contains(secret), "entity content leaked into the decoded message");
}

QTEST_GUILESS_MAIN(TestXmlEntities)
#include "tst_xmlentities.moc"
