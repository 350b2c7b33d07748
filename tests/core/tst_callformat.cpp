#include "callformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <memory>

using namespace rpcscope;

class TestCallFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanCallHasNoProblems();
    void problemsAreListedWithTheirKind_data();
    void problemsAreListedWithTheirKind();
};

namespace {
Call addCall(std::shared_ptr<DecodedMessage> request, std::shared_ptr<DecodedMessage> response)
{
    Call call;
    call.id = 1;
    call.protocol = QStringLiteral("xmlrpc");
    request->method = QStringLiteral("add");
    request->params = RpcValue::fromArray({RpcValue::fromInt(3), RpcValue::fromInt(4)});
    response->result = RpcValue::fromDouble(7.0);
    call.request = std::move(request);
    call.response = std::move(response);
    call.status = CallStatus::Ok;
    return call;
}
} // namespace

void TestCallFormat::cleanCallHasNoProblems()
{
    const Call call = addCall(std::make_shared<DecodedMessage>(), std::make_shared<DecodedMessage>());
    const QJsonObject o = QJsonDocument::fromJson(callToJson(call)).object();
    QVERIFY(!o.contains(QStringLiteral("problems")));
    QVERIFY(!o.contains(QStringLiteral("truncated")));
    QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    // The whole double keeps its point, so a JSON reader sees a double.
    QVERIFY(callToJson(call).contains("\"result\":7.0"));
    QVERIFY(callToText(call, 0).endsWith(QStringLiteral("add(3, 4) → 7.0")));
}

void TestCallFormat::problemsAreListedWithTheirKind_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("textSuffix");
    QTest::addRow("lenient reading") << int(Problem::Kind::Lenient) << false << QStringLiteral("ok")
                                     << QStringLiteral("[lenient: boolean written `tRuE`]");
    QTest::addRow("a limit cut a value") << int(Problem::Kind::Truncated) << true << QStringLiteral("ok")
                                         << QStringLiteral("[truncated: boolean written `tRuE`]");
}

void TestCallFormat::problemsAreListedWithTheirKind()
{
    QFETCH(int, kind);
    QFETCH(bool, truncated);
    QFETCH(QString, status);
    QFETCH(QString, textSuffix);
    auto response = std::make_shared<DecodedMessage>();
    const QString text = QStringLiteral("boolean written `tRuE`");
    if (Problem::Kind(kind) == Problem::Kind::Lenient)
        response->addLenient(text, 120);
    else
        response->addTruncation(text, 120);
    QCOMPARE(response->status, CallStatus::Ok);
    const Call call = addCall(std::make_shared<DecodedMessage>(), response);
    QCOMPARE(call.truncated(), truncated);

    const QJsonObject o = QJsonDocument::fromJson(callToJson(call)).object();
    QCOMPARE(o.value(QStringLiteral("status")).toString(), status);
    QCOMPARE(o.value(QStringLiteral("truncated")).toBool(), truncated);
    const QJsonArray problems = o.value(QStringLiteral("problems")).toArray();
    QCOMPARE(problems.size(), 1);
    const QJsonObject p = problems.first().toObject();
    QCOMPARE(p.value(QStringLiteral("message")).toString(), QStringLiteral("response"));
    QCOMPARE(p.value(QStringLiteral("kind")).toString(), problemKindName(Problem::Kind(kind)));
    QCOMPARE(p.value(QStringLiteral("text")).toString(), text);
    QCOMPARE(p.value(QStringLiteral("offset")).toInt(), 120);
    QVERIFY2(callToText(call, 0).endsWith(textSuffix), qPrintable(callToText(call, 0)));
}

QTEST_GUILESS_MAIN(TestCallFormat)
#include "tst_callformat.moc"
