#include "capturecalls.h"

#include "models/callrebuild.h"
#include "orderedcallemitter.h"
#include "packetprocessor.h"
#include "pcapfilesource.h"
#include "trafficdecoder.h"

using namespace rpcscope;

namespace {

class KeepingSink : public CallSink
{
public:
    KeepingSink(const std::function<bool(const Call&)>& keep, std::vector<Call>& calls)
        : m_keep(keep)
        , m_calls(calls)
    { }
    void callFinished(Call&& call) override
    {
        if (!m_keep || m_keep(call))
            m_calls.push_back(std::move(call));
    }

private:
    const std::function<bool(const Call&)>& m_keep;
    std::vector<Call>& m_calls;
};

} // namespace

Result<std::vector<Call>> readCaptureCalls(const QString& path, const DecoderRegistry& registry,
                                           const DecodeOptions& options, const std::function<bool(const Call&)>& keep)
{
    auto opened = PcapFileSource::open(path);
    if (!opened)
        return Error {opened.error()};
    PcapFileSource& source = **opened;
    auto packetDecoder = PacketDecoder::forLinkType(source.linkType());
    if (!packetDecoder)
        return Error {source.displayName() + QStringLiteral(": ") + packetDecoder.error()};
    std::vector<Call> calls;
    KeepingSink sink(keep, calls);
    OrderedCallEmitter ordered(sink);
    DecodeOptions bulk = options;
    bulk.buildTree = false;
    TrafficDecoder traffic(registry, bulk, ordered);
    PacketProcessor processor(*packetDecoder, traffic);
    const PcapFileSource::Status status = source.readAll(processor);
    processor.finish();
    traffic.finishAll(processor.stats().lastTimestamp);
    if (status == PcapFileSource::Status::Error && calls.empty())
        return Error {source.errorString()};
    return calls;
}

Call callWithTrees(const Call& call, const DecoderRegistry& registry, const DecodeOptions& options)
{
    DecodeOptions withTrees = options;
    withTrees.buildTree = true;
    BytePacker packer(ByteSpill::Backing::Memory);
    const StoredCall stored = storeCall(call, packer);
    const ProtocolDecoder* decoder = registry.find(call.protocol);
    Call out = call;
    std::shared_ptr<const DecodedMessage> request;
    if (stored.request) {
        request = std::make_shared<const DecodedMessage>(
            redecodeMessage(decoder, call.protocol, *stored.request, Direction::ClientToServer, nullptr, withTrees));
    }
    out.response.reset();
    if (stored.response) {
        out.response = std::make_shared<const DecodedMessage>(redecodeMessage(
            decoder, call.protocol, *stored.response, Direction::ServerToClient, request.get(), withTrees));
    }
    out.request = std::move(request);
    return out;
}
