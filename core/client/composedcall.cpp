#include "composedcall.h"

namespace rpcscope {

QString outcomeName(CallOutcomeKind kind)
{
    switch (kind) {
    case CallOutcomeKind::Ok:
        return QStringLiteral("ok");
    case CallOutcomeKind::Fault:
        return QStringLiteral("fault");
    case CallOutcomeKind::RemoteException:
        return QStringLiteral("exception");
    case CallOutcomeKind::HttpError:
        return QStringLiteral("http-error");
    case CallOutcomeKind::Refused:
        return QStringLiteral("refused");
    case CallOutcomeKind::Timeout:
        return QStringLiteral("timeout");
    case CallOutcomeKind::TransportError:
        return QStringLiteral("transport-error");
    case CallOutcomeKind::BadReply:
        return QStringLiteral("bad-reply");
    case CallOutcomeKind::BadRequest:
        return QStringLiteral("bad-request");
    }
    return QStringLiteral("transport-error");
}

} // namespace rpcscope
