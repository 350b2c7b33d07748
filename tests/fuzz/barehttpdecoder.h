#pragma once
// A protocol decoder for HTTP and nothing on top: every connection is taken to be HTTP and each message is its
// head and body. Lets fuzzing and hostile-input tests reach the HTTP framer and message reader without depending
// on what rides on HTTP.

#include "http/httpframer.h"
#include "http/httpmessage.h"
#include "protocoldecoder.h"

namespace rpcscope::fuzz {

class BareHttpDecoder : public ProtocolDecoder
{
public:
    QString id() const override { return QStringLiteral("http"); }
    QString displayName() const override { return QStringLiteral("HTTP"); }
    ProbeResult probe(const ProbeInput&) const override { return {100, false, false}; }
    std::unique_ptr<StreamFramer> createFramer() const override { return std::make_unique<http::HttpFramer>(); }
    DecodedMessage decode(const QByteArray& bytes, const DecodeContext& context) const override
    {
        DecodedMessage message;
        message.protocol = id();
        message.buffers.push_back(bytes);
        const bool request = context.direction == Direction::ClientToServer;
        message.kind = request ? MessageKind::Request : MessageKind::Response;
        message.method = QStringLiteral("<http>");
        http::readHttpMessage(bytes, request ? http::HttpHead::Kind::Request : http::HttpHead::Kind::Response, message,
                              context.buildTree() ? &message.tree : nullptr, context.limits());
        return message;
    }
};

} // namespace rpcscope::fuzz
