#pragma once
// Test helper: a capture file through the whole decoding path with the TLS stage, as `rpcscope-cli decode` runs it
// (PcapFileSource → PacketProcessor → TlsDecryptingSink → TrafficDecoder, calls in request order).

#include "decoderregistry.h"
#include "orderedcallemitter.h"
#include "packetprocessor.h"
#include "pcapfilesource.h"
#include "pcapngsecrets.h"
#include "testsupport.h"
#include "tlsdecryptingsink.h"
#include "tlskeysource.h"
#include "trafficdecoder.h"

namespace rpcscope::test {

struct TlsDecode
{
    std::vector<Call> calls;
    TlsStats tls;
    QString error;
};

/// Decodes tests/data/`capture` with the key logs `keyLogs` (paths under tests/data) and the pcapng secrets blocks.
inline TlsDecode decodeWithKeys(const QString& capture, const QStringList& keyLogs, bool trees = false)
{
    TlsDecode d;
    const DecoderRegistry registry = DecoderRegistry::withBuiltins();
    CallCollector calls;
    OrderedCallEmitter ordered(calls);
    DecodeOptions options;
    options.buildTree = trees;
    TrafficDecoder traffic(registry, options, ordered);
    TlsKeySource keys;
    for (const QString& k : keyLogs) {
        if (Status added = keys.addFile(dataPath(k)); !added)
            d.error = added.error();
    }
    const QString path = dataPath(capture);
    for (const QByteArray& text : readPcapngTlsSecrets(path))
        keys.addText(text, QStringLiteral("secrets block"));
    TlsDecryptingSink stage(traffic, keys, {});
    auto source = PcapFileSource::open(path);
    if (!source) {
        d.error = source.error();
        return d;
    }
    PacketProcessor processor(*PacketDecoder::forLinkType((*source)->linkType()), stage);
    (*source)->readAll(processor);
    processor.finish();
    traffic.finishAll(1e10);
    d.calls = std::move(calls.calls);
    d.tls = stage.stats();
    return d;
}

} // namespace rpcscope::test
