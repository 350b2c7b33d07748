#pragma once
// A tiny line protocol that exists only in the model tests, so that stores, models and filters can be checked over
// hand-built calls whose bytes really decode again (with trees and byte ranges):
//   request:  "CALL <method> <int>...\n"      response: "RET <int>\n" or "ERR <text>\n"
#include "call.h"
#include "decoderregistry.h"

#include <QList>

namespace rpcscope::test {

class ToyDecoder : public ProtocolDecoder
{
public:
    QString id() const override { return QStringLiteral("toy"); }
    QString displayName() const override { return QStringLiteral("Toy RPC"); }
    ProbeResult probe(const ProbeInput&) const override { return {}; }
    std::unique_ptr<StreamFramer> createFramer() const override { return nullptr; }
    DecodedMessage decode(const QByteArray& bytes, const DecodeContext& ctx) const override
    {
        DecodedMessage m;
        m.protocol = id();
        m.buffers.push_back(bytes);
        m.bufferNames.push_back(QStringLiteral("message"));
        const bool tree = ctx.buildTree();
        if (tree) {
            m.tree.name = QStringLiteral("toy");
            m.tree.type = QStringLiteral("message");
            m.tree.offset = 0;
            m.tree.length = bytes.size();
            m.tree.description = QStringLiteral("One toy message.");
        }
        qsizetype at = 0;
        QList<QByteArray> words;
        QList<qsizetype> starts;
        QByteArray line = bytes.endsWith('\n') ? bytes.chopped(1) : bytes;
        for (const QByteArray& w : line.split(' ')) {
            words << w;
            starts << at;
            at += w.size() + 1;
        }
        auto node = [&](int i, const QString& name, const QString& type, const QString& description) {
            if (tree)
                m.tree.add(name, type, QString::fromUtf8(words[i]), starts[i], words[i].size(), description);
        };
        const QByteArray verb = words.value(0);
        if (verb == "CALL") {
            m.kind = MessageKind::Request;
            node(0, QStringLiteral("verb"), QStringLiteral("keyword"), QStringLiteral("What the message does."));
            m.method = QString::fromUtf8(words.value(1));
            if (words.size() > 1)
                node(1, QStringLiteral("method"), QStringLiteral("string"), QStringLiteral("The method called."));
            RpcArray params;
            for (int i = 2; i < words.size(); ++i) {
                params.push_back(RpcValue::fromInt(words[i].toLongLong()));
                node(i, QStringLiteral("param[%1]").arg(i - 2), QStringLiteral("int"), QStringLiteral("An argument."));
            }
            m.params = RpcValue::fromArray(std::move(params));
        } else if (verb == "RET") {
            m.kind = MessageKind::Response;
            node(0, QStringLiteral("verb"), QStringLiteral("keyword"), QStringLiteral("What the message does."));
            m.result = RpcValue::fromInt(words.value(1).toLongLong());
            if (words.size() > 1)
                node(1, QStringLiteral("result"), QStringLiteral("int"), QStringLiteral("The value returned."));
        } else if (verb == "ERR") {
            m.kind = MessageKind::Response;
            m.status = CallStatus::Fault;
            node(0, QStringLiteral("verb"), QStringLiteral("keyword"), QStringLiteral("What the message does."));
            m.fault = RpcFault {RpcValue::fromInt(1), QString::fromUtf8(words.value(1)), {}};
            if (words.size() > 1)
                node(1, QStringLiteral("fault"), QStringLiteral("string"), QStringLiteral("Why the call failed."));
        } else {
            m.kind = ctx.direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response;
            m.addProblem(QStringLiteral("unknown verb"), 0, tree ? &m.tree : nullptr);
        }
        return m;
    }
};

inline const DecoderRegistry& toyRegistry()
{
    static const DecoderRegistry registry = [] {
        DecoderRegistry r;
        r.add(std::make_shared<ToyDecoder>());
        return r;
    }();
    return registry;
}

inline std::shared_ptr<const DecodedMessage> toyMessage(const QByteArray& bytes, Direction dir, double first,
                                                        double last, const DecodedMessage* request = nullptr)
{
    DecodeOptions options;
    options.buildTree = false;
    DecodeContext ctx;
    ctx.direction = dir;
    ctx.request = request;
    ctx.options = &options;
    auto m = std::make_shared<DecodedMessage>(ToyDecoder().decode(bytes, ctx));
    m->firstSeen = first;
    m->lastSeen = last;
    return m;
}

/// A call of the toy protocol: `request` and `response` are the wire lines without the newline (empty: absent).
/// The request is seen at `start`; the reply's last byte `latencyMs` after the request's.
inline Call toyCall(quint64 id, const QByteArray& request, const QByteArray& response, double start, double latencyMs,
                    const QString& client = QStringLiteral("127.0.0.1:40000"),
                    const QString& server = QStringLiteral("127.0.0.1:8000"))
{
    Call call;
    call.id = id;
    call.connectionId = 1;
    call.protocol = QStringLiteral("toy");
    const auto split = [](const QString& text) {
        const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
        return Endpoint {text.left(colon), text.mid(colon + 1).toUShort()};
    };
    call.client = split(client);
    call.server = split(server);
    if (!request.isEmpty())
        call.request = toyMessage(request + '\n', Direction::ClientToServer, start, start);
    if (!response.isEmpty()) {
        const double end = start + latencyMs / 1000.0;
        call.response = toyMessage(response + '\n', Direction::ServerToClient, end, end, call.request.get());
        call.status = call.response->status;
    } else {
        call.status = CallStatus::NoReply;
        call.notes << QStringLiteral("the connection ended before a reply");
    }
    return call;
}

} // namespace rpcscope::test
