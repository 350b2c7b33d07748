// What a JRMP message's payload says about the values it could not show as sent (core/jrmp/jrmppayload.cpp): a
// string that is not modified UTF-8 (lenient), Externalizable data that cannot be delimited (truncated, with the
// bytes kept), and budgets the value conversion hit (truncated, naming the limit).
#include "jrmp/jrmpdecoder.h"
#include "jrmptestdata.h"
#include "jsonwriter.h"

#include <QTest>

using namespace rpcscope;
using rpcscope::test::hex;

namespace {

// registry.lookup("Hello"), as wire-formats.md §3.4 shows it.
const QByteArray kLookupCall = hex("50 aced0005 7722 0000000000000000 00000000 0000000000000000 0000 00000002 "
                                   "44154dc9d4e63bdf 740005 48656c6c6f");

QString json(const RpcValue& v)
{
    QByteArray out;
    JsonWriter w(out);
    writeRpcValue(w, v);
    return QString::fromUtf8(out);
}

DecodedMessage decode(const QByteArray& bytes, const DecodeLimits& limits = {})
{
    static const JrmpDecoder decoder;
    DecodeOptions options;
    options.buildTree = true;
    options.limits = limits;
    DecodeContext context;
    context.direction = Direction::ClientToServer;
    context.options = &options;
    return decoder.decode(bytes, context);
}

} // namespace

class TestJrmpPayload : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void whatIsNotShownIsSaid();
    void budgetsAreProblemsOfTheMessage();
};

void TestJrmpPayload::whatIsNotShownIsSaid()
{
    // lookup(s) whose string is not modified UTF-8 (ED A0 6C: a cut three-byte form): shown with a U+FFFD for each
    // byte that does not decode, and said.
    QByteArray bad = kLookupCall;
    bad.replace(44, 2, hex("eda0"));
    const DecodedMessage m = decode(bad);
    QCOMPARE(json(m.params), QString::fromUtf8("[\"\xEF\xBF\xBD\xEF\xBF\xBDllo\"]"));
    QCOMPARE(m.status, CallStatus::Ok);
    QCOMPARE(int(m.problems.size()), 1);
    QCOMPARE(m.problems[0].kind, Problem::Kind::Lenient);
    QCOMPARE(m.problems[0].offset, 44);
    QVERIFY2(m.problems[0].text.contains(QLatin1String("not valid modified UTF-8")), qPrintable(m.problems[0].text));

    // lookup(x) where x is an Externalizable of our own, written without block markers as RMI does, followed by a
    // string: neither the object's data nor what follows can be delimited. The call is not malformed but cut.
    const QByteArray ext = test::readData(QStringLiteral("jrmp/serialization/externalizable-v1-then-more.ser"));
    const QByteArray call = kLookupCall.left(41) + ext.mid(4 + 9); // the header's block, then Ext and "after"
    const DecodedMessage e = decode(call);
    QCOMPARE(e.status, CallStatus::Ok);
    QVERIFY(e.truncated());
    QCOMPARE(int(e.problems.size()), 1);
    QVERIFY2(e.problems[0].text.contains(QLatin1String("SerializationSamples$Ext is Externalizable")),
             qPrintable(e.problems[0].text));
    QVERIFY2(e.problems[0].text.contains(QLatin1String("cannot be decoded")), qPrintable(e.problems[0].text));
    QCOMPARE(int(e.params.toArray().size()), 1);
    QVERIFY(e.params.toArray().at(0).member(u"externalData")->toBytes().contains("after"));
}

void TestJrmpPayload::budgetsAreProblemsOfTheMessage()
{
    // lookup(int[20000]) decoded with max-values 5000: the message keeps its status, is marked truncated, and the
    // problem names the limit; the tree gets an error node saying the same.
    const QByteArray large = test::readData(QStringLiteral("jrmp/serialization/large.ser"));
    const qint64 arrayEnd = large.indexOf(QByteArray::fromHex("75 72 00 02 5b 4a")); // the long[] that follows
    QVERIFY(arrayEnd > 0);
    const QByteArray call = kLookupCall.left(41) + large.mid(4, arrayEnd - 4);
    DecodeLimits limits;
    limits.maxValues = 5000;
    const DecodedMessage m = decode(call, limits);
    QCOMPARE(m.status, CallStatus::Ok);
    QVERIFY(m.truncated());
    QCOMPARE(int(m.problems.size()), 1);
    QVERIFY2(
        m.problems[0].text.startsWith(QLatin1String("more than 5000 values in one message (the max-values limit)")),
        qPrintable(m.problems[0].text));
    QCOMPARE(int(m.params.toArray().at(0).toArray().size()), 4999);
    QVERIFY(m.tree.hasError());
    // With the default limits the whole array is there and nothing is said.
    const DecodedMessage whole = decode(call);
    QVERIFY(whole.problems.empty());
    QCOMPARE(int(whole.params.toArray().at(0).toArray().size()), 20000);
}

QTEST_GUILESS_MAIN(TestJrmpPayload)
#include "tst_jrmppayload.moc"
