#include "servedcall.h"

#include <QAbstractSocket>
#include <QDateTime>
#include <QHostAddress>

namespace rpcscope {

double servedNow()
{
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

Call makeServedCall(std::shared_ptr<const DecodedMessage> request, std::shared_ptr<const DecodedMessage> response,
                    const QAbstractSocket& socket, quint64 callId, quint64 connectionId)
{
    Call call;
    call.id = callId;
    call.connectionId = connectionId;
    call.protocol = request ? request->protocol : QString();
    call.client = Endpoint {socket.peerAddress().toString(), socket.peerPort()};
    call.server = Endpoint {socket.localAddress().toString(), socket.localPort()};
    call.status = response ? response->status : CallStatus::NoReply;
    if (request && response && response->status == CallStatus::Ok && !request->expectsReply)
        call.status = CallStatus::Ok;
    call.request = std::move(request);
    call.response = std::move(response);
    return call;
}

} // namespace rpcscope
