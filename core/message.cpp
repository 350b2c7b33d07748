#include "message.h"

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
    }
    return QStringLiteral("?");
}

std::optional<CallStatus> statusFromName(QStringView name)
{
    for (CallStatus s : {CallStatus::Ok, CallStatus::Fault, CallStatus::Exception, CallStatus::NoReply,
                         CallStatus::Malformed, CallStatus::Pending}) {
        if (name.compare(statusName(s), Qt::CaseInsensitive) == 0)
            return s;
    }
    if (name.compare(QLatin1String("noreply"), Qt::CaseInsensitive) == 0)
        return CallStatus::NoReply;
    return std::nullopt;
}

void DecodedMessage::addProblem(const QString& text, qint64 offset, DecodeNode* where, qint64 length)
{
    problems.push_back({text, offset});
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
