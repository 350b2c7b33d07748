#pragma once

#include "endpoint.h"
#include "message.h"

#include <QStringList>

#include <memory>
#include <optional>

namespace rpcscope {

/// A request paired with its reply. Calls are compact records: they keep the decoded messages (their bytes and
/// extracted values) but trees are built only when somebody looks at one (see `ProtocolDecoder::decode`).
struct Call
{
    /// Position in the order requests were seen, from 1.
    quint64 id = 0;
    quint64 connectionId = 0;
    QString protocol;
    Endpoint client;
    Endpoint server;
    std::shared_ptr<const DecodedMessage> request;
    std::shared_ptr<const DecodedMessage> response;
    CallStatus status = CallStatus::Pending;
    /// Batch members with their own results (multicall, Pyro4 batch).
    std::vector<SubCall> subCalls;
    /// Why the call is malformed or incomplete, when it is; empty otherwise.
    QStringList notes;
    /// The proxy rule or intercept decision that changed the call on its way (`method:add => fault 4 "no"`,
    /// `intercept: forwarded edited`); empty for calls that passed untouched.
    QString rule;

    /// When the request started (its first byte), seconds since the epoch.
    double start() const;
    /// From the request's last byte to the reply's last byte; empty without a reply.
    std::optional<double> latencyMs() const;
    const QString& method() const;
    const QString& object() const;
    const RpcValue& params() const;
    const RpcValue& kwargs() const;
    const RpcValue& result() const;
    const std::optional<RpcFault>& fault() const;
    /// True when a limit cut a value of the request or the reply short (see Problem::Kind::Truncated).
    bool truncated() const;
    qint64 requestSize() const { return request ? request->size() : 0; }
    qint64 responseSize() const { return response ? response->size() : 0; }
};

} // namespace rpcscope
