// XmlRpcWriter (core/xmlrpc/xmlrpcwriter.cpp): what we write is read back by our reader and by Python's
// xmlrpc.client with the same values. Kept beside the server tests, its main user.
#include "testsupport.h"
#include "xmlrpc/xmlrpcreader.h"
#include "xmlrpc/xmlrpcwriter.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace rpcscope;

Q_DECLARE_METATYPE(rpcscope::RpcValue)

namespace {

RpcValue i8(qint64 v)
{
    RpcValue r = RpcValue::fromInt(v);
    r.setTag(QStringLiteral("i8"));
    return r;
}

} // namespace

class TestXmlRpcWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pythonReadsValue_data();
    void pythonReadsValue();
    void roundTrip_data();
    void roundTrip();
    void faultAndCall();
    void refusesWhatXmlCannotCarry();
    void boundsDepth();
};

void TestXmlRpcWriter::pythonReadsValue_data()
{
    QTest::addColumn<RpcValue>("value");
    QTest::addColumn<QString>("pythonRepr");
    QTest::addColumn<QByteArray>("tag"); // the element we expect in our XML

    QTest::addRow("int") << RpcValue::fromInt(-7) << "-7" << QByteArray("<int>-7</int>");
    QTest::addRow("int32 max stays int") << RpcValue::fromInt(2147483647) << "2147483647" << QByteArray("<int>");
    QTest::addRow("beyond 32 bits is i8")
        << RpcValue::fromInt(Q_INT64_C(1) << 40) << "1099511627776" << QByteArray("<i8>1099511627776</i8>");
    QTest::addRow("small tagged i8") << i8(5) << "5" << QByteArray("<i8>5</i8>");
    QTest::addRow("bool") << RpcValue::fromBool(true) << "True" << QByteArray("<boolean>1</boolean>");
    QTest::addRow("double round-trips") << RpcValue::fromDouble(0.1) << "0.1" << QByteArray("<double>0.1</double>");
    QTest::addRow("double 1/3") << RpcValue::fromDouble(1.0 / 3.0) << "0.3333333333333333" << QByteArray("<double>");
    QTest::addRow("double huge") << RpcValue::fromDouble(1e300) << "1e+300" << QByteArray("<double>");
    QTest::addRow("string escaped") << RpcValue::fromString(QStringLiteral("a<b & c>d\r\n")) << "'a<b & c>d\\r\\n'"
                                    << QByteArray("a&lt;b &amp; c&gt;d&#13;\n");
    QTest::addRow("string unicode") << RpcValue::fromString(QStringLiteral("grüß 😀")) << "'grüß 😀'"
                                    << QByteArray("<string>");
    QTest::addRow("nil") << RpcValue::nil() << "None" << QByteArray("<nil/>");
    QTest::addRow("base64") << RpcValue::fromBytes(QByteArray("\x00\xffhi", 4)) << "b'\\x00\\xffhi'"
                            << QByteArray("<base64>AP9oaQ==</base64>");
    QTest::addRow("dateTime") << RpcValue::fromDateTime(RpcDateTime {QStringLiteral("19980717T14:08:55"), {}})
                              << "datetime.datetime(1998, 7, 17, 14, 8, 55)"
                              << QByteArray("<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>");
    QTest::addRow("dateTime from time") << RpcValue::fromDateTime(RpcDateTime {{}, Q_INT64_C(900684535000)})
                                        << "datetime.datetime(1998, 7, 17, 14, 8, 55)"
                                        << QByteArray("19980717T14:08:55");
    QTest::addRow("nested") << RpcValue::fromArray(
        {RpcValue::fromInt(1), RpcValue::fromStruct({{QStringLiteral("k"), RpcValue::fromArray({})}})})
                            << "[1, {'k': []}]" << QByteArray("<array><data><value><int>1</int></value>");
    QTest::addRow("big integer") << RpcValue::fromBigInt(QStringLiteral("123456789012345678901234567890"))
                                 << "123456789012345678901234567890" << QByteArray("biginteger");
}

void TestXmlRpcWriter::pythonReadsValue()
{
    QFETCH(RpcValue, value);
    QFETCH(QString, pythonRepr);
    QFETCH(QByteArray, tag);

    Result<QByteArray> xml = XmlRpcWriter::writeResponse(value);
    QVERIFY2(xml.ok(), qPrintable(xml.ok() ? QString() : xml.error()));
    QVERIFY2(xml->contains(tag), xml->constData());

    const test::ProcessResult r = test::runPython(
        QStringLiteral("import sys, datetime, xmlrpc.client\n"
                       "params, _ = xmlrpc.client.loads(sys.stdin.buffer.read(), use_builtin_types=True)\n"
                       "sys.stdout.write(repr(params[0]))\n"),
        {}, *xml);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(QString::fromUtf8(r.out), pythonRepr);
}

void TestXmlRpcWriter::roundTrip_data()
{
    pythonReadsValue_data();
}

void TestXmlRpcWriter::roundTrip()
{
    QFETCH(RpcValue, value);
    Result<QByteArray> xml = XmlRpcWriter::writeCall(QStringLiteral("echo"), {value});
    QVERIFY2(xml.ok(), qPrintable(xml.ok() ? QString() : xml.error()));
    Result<XmlRpcBody> body = XmlRpcReader::parseBody(*xml);
    QVERIFY2(body.ok(), qPrintable(body.ok() ? QString() : body.error()));
    QCOMPARE(body->kind, XmlRpcBody::Kind::Call);
    QCOMPARE(body->method, QStringLiteral("echo"));
    QCOMPARE(body->params.size(), size_t(1));
    const RpcValue& back = body->params[0];
    QCOMPARE(back.type(), value.type());
    if (value.type() == RpcValue::Type::DateTime) {
        QCOMPARE(back.toDateTime().msecsSinceEpoch, std::optional<qint64>(Q_INT64_C(900684535000)));
    } else if (value.type() == RpcValue::Type::Int) {
        QCOMPARE(back.toInt(), value.toInt());
    } else {
        QCOMPARE(back.toDisplayString(), value.toDisplayString());
    }
}

void TestXmlRpcWriter::faultAndCall()
{
    const QByteArray fault = XmlRpcWriter::writeFault(-32601, QStringLiteral("method \"x\" <not> supported"));
    const test::ProcessResult r = test::runPython(QStringLiteral("import sys, xmlrpc.client\n"
                                                                 "try:\n"
                                                                 "    xmlrpc.client.loads(sys.stdin.buffer.read())\n"
                                                                 "except xmlrpc.client.Fault as f:\n"
                                                                 "    print(f.faultCode, f.faultString)\n"),
                                                  {}, fault);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, QByteArray("-32601 method \"x\" <not> supported\n"));

    Result<QByteArray> call
        = XmlRpcWriter::writeCall(QStringLiteral("add"), {RpcValue::fromInt(3), RpcValue::fromInt(4)});
    QVERIFY(call.ok());
    const test::ProcessResult c
        = test::runPython(QStringLiteral("import sys, xmlrpc.client\n"
                                         "params, method = xmlrpc.client.loads(sys.stdin.buffer.read())\n"
                                         "print(method, params)\n"),
                          {}, *call);
    QVERIFY2(c.exitCode == 0, c.err.constData());
    QCOMPARE(c.out, QByteArray("add (3, 4)\n"));
}

void TestXmlRpcWriter::refusesWhatXmlCannotCarry()
{
    Result<QByteArray> xml = XmlRpcWriter::writeResponse(RpcValue::fromString(QStringLiteral("bell\x07")));
    QVERIFY(!xml.ok());
    QVERIFY2(xml.error().contains(QStringLiteral("U+0007")), qPrintable(xml.error()));

    QString lone;
    lone += QChar(0xD800);
    xml = XmlRpcWriter::writeResponse(RpcValue::fromStruct({{lone, RpcValue::fromInt(1)}}));
    QVERIFY(!xml.ok());

    // A fault must always be writable: what XML cannot carry is replaced, the rest kept.
    const QByteArray fault = XmlRpcWriter::writeFault(1, QStringLiteral("nul\x01here"));
    QVERIFY(fault.contains("nul\xEF\xBF\xBDhere"));
}

void TestXmlRpcWriter::boundsDepth()
{
    RpcValue v = RpcValue::fromInt(1);
    for (int i = 0; i < 300; ++i)
        v = RpcValue::fromArray({v});
    Result<QByteArray> xml = XmlRpcWriter::writeResponse(v);
    QVERIFY(!xml.ok());
    QVERIFY2(xml.error().contains(QStringLiteral("deeper")), qPrintable(xml.error()));
    QVERIFY(XmlRpcWriter::writeResponse(v, 400).ok());
}

QTEST_GUILESS_MAIN(TestXmlRpcWriter)
#include "tst_xmlrpcwriter.moc"
