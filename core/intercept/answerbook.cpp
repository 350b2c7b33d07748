#include "answerbook.h"

#include "client/argumentliteral.h"
#include "jsonwriter.h"

namespace rpcscope {

namespace {

bool emptyKwargs(const RpcValue& kwargs)
{
    return kwargs.isNil() || (kwargs.isStruct() && kwargs.toStruct().empty());
}

CallStatus statusOf(const RpcValue& line)
{
    const RpcValue* status = line.member(u"status");
    return status ? statusFromName(status->toString()).value_or(CallStatus::Malformed) : CallStatus::Malformed;
}

} // namespace

QString AnswerBook::argumentsKey(const RpcValue& params, const RpcValue& kwargs)
{
    QByteArray json;
    JsonWriter writer(json);
    writeRpcValue(writer, params.isArray() ? params : RpcValue::fromArray({}));
    if (!emptyKwargs(kwargs)) {
        json += ' ';
        writeRpcValue(writer, kwargs);
    }
    return QString::fromUtf8(json);
}

QString AnswerBook::methodKey(const QString& protocol, const QString& object, const QString& method)
{
    return protocol + QChar(0) + object + QChar(0) + method;
}

bool AnswerBook::add(const Call& call)
{
    if (!call.response || !call.request)
        return false;
    if (call.status != CallStatus::Ok && call.status != CallStatus::Fault && call.status != CallStatus::Exception)
        return false;
    RecordedCall r;
    r.protocol = call.protocol;
    r.object = call.object();
    r.method = call.method();
    r.params = call.params();
    r.kwargs = call.kwargs();
    r.answer.result = call.result();
    r.answer.fault = call.fault();
    r.answer.status = call.status;
    r.answer.responseBytes = call.response->bytes();
    r.latencyMs = call.latencyMs().value_or(-1);
    add(std::move(r));
    return true;
}

void AnswerBook::add(RecordedCall call)
{
    const int index = int(m_calls.size());
    const QString method = methodKey(call.protocol, call.object, call.method);
    m_exact.insert(method + QChar(0) + argumentsKey(call.params, call.kwargs), index);
    m_latest.insert(method, index);
    m_calls.push_back(std::move(call));
}

QHash<QString, int> AnswerBook::protocolCounts() const
{
    QHash<QString, int> counts;
    for (const RecordedCall& c : m_calls)
        counts[c.protocol]++;
    return counts;
}

AnswerBook::Found AnswerBook::find(const QString& protocol, const QString& object, const QString& method,
                                   const RpcValue& params, const RpcValue& kwargs) const
{
    const QString key = methodKey(protocol, object, method);
    if (auto it = m_exact.constFind(key + QChar(0) + argumentsKey(params, kwargs)); it != m_exact.constEnd())
        return {&m_calls[*it], true};
    if (auto it = m_latest.constFind(key); it != m_latest.constEnd())
        return {&m_calls[*it], false};
    return {};
}

QString AnswerBook::callText(const QString& object, const QString& method, const RpcValue& params)
{
    QStringList args;
    for (const RpcValue& v : params.toArray())
        args << v.toDisplayString(60);
    const QString name = object.isEmpty() ? method : object + QLatin1Char('.') + method;
    return name + QLatin1Char('(') + args.join(QStringLiteral(", ")) + QLatin1Char(')');
}

Result<std::vector<RecordedCall>> AnswerBook::readJsonl(const QByteArray& text)
{
    std::vector<RecordedCall> calls;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        if (!line.startsWith('{'))
            return Error {QStringLiteral("line %1 is not a JSON object (is this rpcscope-cli's jsonl?)").arg(i + 1)};
        Result<RpcValue> parsed = parseArgumentLiteral(QString::fromUtf8(line));
        if (!parsed || !parsed->isStruct() || !parsed->member(u"method"))
            return Error {QStringLiteral("line %1 is not a call as rpcscope-cli writes it%2")
                              .arg(i + 1)
                              .arg(parsed ? QString() : QStringLiteral(": ") + parsed.error())};
        const RpcValue& v = *parsed;
        const CallStatus status = statusOf(v);
        if (status != CallStatus::Ok && status != CallStatus::Fault && status != CallStatus::Exception)
            continue;
        RecordedCall r;
        r.protocol = v.member(u"protocol") ? v.member(u"protocol")->toString() : QString();
        r.object = v.member(u"object") ? v.member(u"object")->toString() : QString();
        r.method = v.member(u"method")->toString();
        r.params = v.member(u"params") ? *v.member(u"params") : RpcValue::fromArray({});
        r.kwargs = v.member(u"kwargs") ? *v.member(u"kwargs") : RpcValue();
        r.answer.status = status;
        r.answer.result = v.member(u"result") ? *v.member(u"result") : RpcValue();
        if (const RpcValue* fault = v.member(u"fault"); fault && fault->isStruct()) {
            RpcFault f;
            f.code = fault->member(u"code") ? *fault->member(u"code") : RpcValue();
            f.message = fault->member(u"message") ? fault->member(u"message")->toString() : QString();
            r.answer.fault = f;
        }
        if (const RpcValue* latency = v.member(u"latency_ms"); latency && !latency->isNil())
            r.latencyMs = latency->type() == RpcValue::Type::Double ? latency->toDouble() : double(latency->toInt());
        calls.push_back(std::move(r));
    }
    return calls;
}

} // namespace rpcscope
