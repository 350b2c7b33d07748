#pragma once

#include "call.h"

#include <memory>

class QAbstractSocket;

namespace rpcscope {

/// Seconds since the epoch, the clock of `DecodedMessage::firstSeen`.
double servedNow();

/// The Call a test server reports for one exchange on `socket`: the client is the socket's peer, the server its
/// local end; the status comes from the response (Ok, Fault or Exception).
Call makeServedCall(std::shared_ptr<const DecodedMessage> request, std::shared_ptr<const DecodedMessage> response,
                    const QAbstractSocket& socket, quint64 callId, quint64 connectionId);

} // namespace rpcscope
