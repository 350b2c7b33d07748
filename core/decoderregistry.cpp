#include "decoderregistry.h"

#include <exception>
#include <new>

namespace rpcscope {

void DecoderRegistry::add(std::shared_ptr<const ProtocolDecoder> decoder)
{
    m_decoders.push_back(std::move(decoder));
}

const ProtocolDecoder* DecoderRegistry::find(QStringView id) const
{
    for (const auto& d : m_decoders) {
        if (d->id() == id)
            return d.get();
    }
    return nullptr;
}

DecoderRegistry::Detection DecoderRegistry::detect(const ProbeInput& input) const
{
    Detection best;
    int bestConfidence = 0;
    bool undecided = false;
    for (const auto& d : m_decoders) {
        ProbeResult r;
        try {
            r = d->probe(input);
        } catch (const std::exception&) {
            continue; // a broken probe only loses its own protocol
        }
        if (r.needMoreData)
            undecided = true;
        if (r.confidence > bestConfidence) {
            bestConfidence = r.confidence;
            best.decoder = d.get();
            best.swapRoles = r.swapRoles;
        }
    }
    // Certainty ends the search; otherwise wait while anyone still wants more bytes.
    if (undecided && bestConfidence < 100) {
        best.needMoreData = true;
        best.decoder = bestConfidence > 0 ? best.decoder : nullptr;
    }
    return best;
}

DecodedMessage DecoderRegistry::decodeIsolated(const ProtocolDecoder& decoder, const QByteArray& message,
                                               const DecodeContext& context)
{
    QString failure;
    try {
        DecodedMessage m = decoder.decode(message, context);
        if (m.buffers.empty()) {
            m.buffers.push_back(message);
            m.bufferNames.push_back(QStringLiteral("message"));
        }
        if (m.protocol.isEmpty())
            m.protocol = decoder.id();
        return m;
    } catch (const std::bad_alloc&) {
        failure = QStringLiteral("out of memory");
    } catch (const std::exception& e) {
        failure = QString::fromLocal8Bit(e.what());
    } catch (...) {
        failure = QStringLiteral("unknown error");
    }
    DecodedMessage raw
        = rawMessage(decoder.id(), message, QStringLiteral("%1 decoder failed: %2").arg(decoder.displayName(), failure),
                     context.buildTree());
    raw.kind = context.direction == Direction::ClientToServer ? MessageKind::Request : MessageKind::Response;
    return raw;
}

DecodedMessage rawMessage(const QString& protocol, const QByteArray& bytes, const QString& reason, bool buildTree)
{
    DecodedMessage m;
    m.protocol = protocol;
    m.buffers.push_back(bytes);
    m.bufferNames.push_back(QStringLiteral("message"));
    m.summary = reason;
    if (buildTree) {
        m.tree.name = QStringLiteral("message");
        m.tree.type = QStringLiteral("bytes");
        m.tree.value = QStringLiteral("%1 bytes").arg(bytes.size());
        m.tree.offset = 0;
        m.tree.length = bytes.size();
        m.tree.description = QStringLiteral("Bytes that could not be decoded.");
    }
    m.addProblem(reason, 0, buildTree ? &m.tree : nullptr);
    return m;
}

} // namespace rpcscope
