#include "message.h"

#include <algorithm>

namespace rpcscope {

QString statusName(CallStatus status)
{
    switch (status) {
    case CallStatus::Ok:
        return QStringLiteral("ok");
    case CallStatus::Fault:
        return QStringLiteral("fault");
    case CallStatus::Exception:
        return QStringLiteral("exception");
    case CallStatus::NoReply:
        return QStringLiteral("no-reply");
    case CallStatus::Malformed:
        return QStringLiteral("malformed");
    case CallStatus::Pending:
        return QStringLiteral("pending");
    case CallStatus::Encrypted:
        return QStringLiteral("encrypted");
    }
    return QStringLiteral("?");
}

std::optional<CallStatus> statusFromName(QStringView name)
{
    for (CallStatus s : {CallStatus::Ok, CallStatus::Fault, CallStatus::Exception, CallStatus::NoReply,
                         CallStatus::Malformed, CallStatus::Pending, CallStatus::Encrypted}) {
        if (name.compare(statusName(s), Qt::CaseInsensitive) == 0)
            return s;
    }
    if (name.compare(QLatin1String("noreply"), Qt::CaseInsensitive) == 0)
        return CallStatus::NoReply;
    return std::nullopt;
}

QString problemKindName(Problem::Kind kind)
{
    switch (kind) {
    case Problem::Kind::Malformed:
        return QStringLiteral("malformed");
    case Problem::Kind::Truncated:
        return QStringLiteral("truncated");
    case Problem::Kind::Lenient:
        return QStringLiteral("lenient");
    }
    return QStringLiteral("?");
}

void DecodedMessage::addTruncation(const QString& text, qint64 offset, DecodeNode* where, qint64 length)
{
    problems.push_back({text, offset, Problem::Kind::Truncated});
    if (where)
        where->addError(text, offset, length);
}

void DecodedMessage::addLenient(const QString& text, qint64 offset)
{
    problems.push_back({text, offset, Problem::Kind::Lenient});
}

bool DecodedMessage::truncated() const
{
    return std::any_of(problems.begin(), problems.end(),
                       [](const Problem& p) { return p.kind == Problem::Kind::Truncated; });
}

void DecodedMessage::addProblem(const QString& text, qint64 offset, DecodeNode* where, qint64 length)
{
    problems.push_back({text, offset, Problem::Kind::Malformed});
    status = CallStatus::Malformed;
    if (where)
        where->addError(text, offset, length);
}

const QByteArray& DecodedMessage::bytes() const
{
    static const QByteArray empty;
    return buffers.empty() ? empty : buffers.front();
}

} // namespace rpcscope
