#include "callrebuild.h"

#include "tls/tlscarrier.h"

#include <algorithm>

namespace rpcscope {

namespace {

StoredMessage storeMessage(const DecodedMessage& message, BytePacker* packer)
{
    StoredMessage stored;
    // A message that came through TLS is kept as the decoder read it; its records travel in its carrier.
    if (packer)
        stored.bytes = packer->pack(tls::decodedBytes(message));
    stored.firstSeen = message.firstSeen;
    stored.lastSeen = message.lastSeen;
    if (message.problems.empty() && !message.tls)
        return stored;
    auto extras = std::make_shared<StoredMessageExtras>();
    extras->problems = message.problems;
    extras->tls = message.tls;
    // The pipeline marks bytes it skipped with rawMessage(): an event whose first problem is its summary (the TLS
    // layer may add its own after it).
    if (message.kind == MessageKind::Event && message.status == CallStatus::Malformed && !message.problems.empty()
        && message.summary == message.problems.front().text && (message.problems.size() == 1 || message.tls))
        extras->rawReason = message.summary;
    stored.extras = std::move(extras);
    return stored;
}

} // namespace

Endpoint parseEndpoint(const QString& text)
{
    Endpoint e;
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0) {
        e.address = text;
        return e;
    }
    QString address = text.left(colon);
    if (address.startsWith(QLatin1Char('[')) && address.endsWith(QLatin1Char(']')))
        address = address.mid(1, address.size() - 2);
    e.address = address;
    e.port = text.mid(colon + 1).toUShort();
    return e;
}

StoredCall storeCall(const Call& call, BytePacker& packer, const PackedBytes& packedRequest)
{
    StoredCall stored;
    if (call.request) {
        // A pending call was packed when it was listed; its request is the same bytes now that it has finished.
        const bool packedAlready
            = !packedRequest.isEmpty() && packedRequest.size() == tls::decodedBytes(*call.request).size();
        stored.request = storeMessage(*call.request, packedAlready ? nullptr : &packer);
        if (packedAlready)
            stored.request->bytes = packedRequest;
    }
    if (call.response)
        stored.response = storeMessage(*call.response, &packer);
    if (!call.subCalls.empty() || !call.notes.isEmpty() || !call.rule.isEmpty())
        stored.extras
            = std::make_shared<const StoredCallExtras>(StoredCallExtras {call.subCalls, call.notes, call.rule});
    return stored;
}

DecodedMessage redecodeMessage(const ProtocolDecoder* decoder, const QString& protocol, const StoredMessage& stored,
                               Direction direction, const DecodedMessage* request, const DecodeOptions& options)
{
    DecodedMessage message;
    // Read back from the spill (a copy of their own, which decoded messages keep).
    Result<QByteArray> read = stored.bytes.read();
    const QByteArray bytes = read ? *read : QByteArray();
    if (!read) {
        message = rawMessage(protocol, bytes, read.error(), options.buildTree);
        message.kind = direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response;
    } else if (!stored.rawReason().isEmpty()) {
        message = rawMessage(protocol, bytes, stored.rawReason(), options.buildTree);
        message.kind = MessageKind::Event;
    } else if (!decoder) {
        message = rawMessage(protocol, bytes, QStringLiteral("no decoder for protocol '%1'").arg(protocol),
                             options.buildTree);
        message.kind = direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response;
    } else {
        DecodeContext context;
        context.direction = direction;
        context.request = request;
        context.options = &options;
        // Names the session learned after the message was first decoded do not apply (ObjectNames).
        context.time = stored.firstSeen;
        message = DecoderRegistry::decodeIsolated(*decoder, bytes, context);
    }
    // As in the pipeline: the TLS layer first, then the problems the stream had added.
    if (stored.tls())
        tls::attachTls(message, stored.tls(), options.buildTree);
    if (read && stored.rawReason().isEmpty() && decoder) {
        for (const Problem& p : stored.problems()) {
            const bool known = std::any_of(message.problems.begin(), message.problems.end(),
                                           [&](const Problem& q) { return q.text == p.text; });
            if (!known) {
                DecodeNode* where = options.buildTree && !message.tree.name.isEmpty() ? &message.tree : nullptr;
                message.addProblem(p.text, p.offset, where);
            }
        }
    }
    message.firstSeen = stored.firstSeen;
    message.lastSeen = stored.lastSeen;
    return message;
}

Call rebuildCall(const CallRecord& record, const StoredCall& stored, const StringPool& strings,
                 const DecoderRegistry& registry, const DecodeOptions& baseOptions, bool withTrees)
{
    Call call;
    call.id = record.id;
    call.connectionId = record.connectionId;
    call.protocol = strings.at(record.protocol);
    call.client = parseEndpoint(strings.at(record.client));
    call.server = parseEndpoint(strings.at(record.server));
    call.status = record.status;
    call.subCalls = stored.subCalls();
    call.notes = stored.notes();
    call.rule = stored.rule();

    DecodeOptions options = baseOptions;
    options.buildTree = withTrees;
    const ProtocolDecoder* decoder = registry.find(call.protocol);
    std::shared_ptr<const DecodedMessage> request;
    if (stored.request) {
        request = std::make_shared<const DecodedMessage>(
            redecodeMessage(decoder, call.protocol, *stored.request, Direction::ClientToServer, nullptr, options));
    }
    if (stored.response) {
        call.response = std::make_shared<const DecodedMessage>(redecodeMessage(
            decoder, call.protocol, *stored.response, Direction::ServerToClient, request.get(), options));
    }
    call.request = std::move(request);
    return call;
}

} // namespace rpcscope
